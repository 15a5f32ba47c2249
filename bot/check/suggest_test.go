package check

import (
	"testing"

	"github.com/noaber/noaber/bot"
)

func TestSuggestChecks(t *testing.T) {
	c, err := New(Config{}, nil)
	if err != nil {
		t.Fatal(err)
	}
	got := c.Suggest("minimis", bot.NL)
	if len(got) != 1 || got[0].ID != "de_minimis" {
		t.Errorf("Suggest(minimis) = %+v", got)
	}
	if all := c.Suggest("", bot.EN); len(all) != 5 {
		t.Errorf("Suggest('') gave %d checks, want the 5 built-in ones", len(all))
	}
}
