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

func TestFindByUniquePrefix(t *testing.T) {
	c, err := New(Config{}, nil)
	if err != nil {
		t.Fatal(err)
	}
	for arg, want := range map[string]string{"voorbehouden": "voorbehouden_opdracht", "subsidie": "subsidie_of_opdracht", "de_minimis": "de_minimis", "2": ""} {
		ch, ok := c.find(arg)
		if want == "" {
			continue
		}
		if !ok || ch.ID != want {
			t.Errorf("find(%q) = %v %v, want %s", arg, ch, ok, want)
		}
	}
	if _, ok := c.find("x"); ok {
		t.Error("find(x) found something")
	}
}
