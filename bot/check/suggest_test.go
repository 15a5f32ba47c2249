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
	// An empty prefix gives every built-in check, whatever their number.
	want := c.set.Checks()
	all := c.Suggest("", bot.EN)
	if len(all) != len(want) {
		t.Fatalf("Suggest('') gave %d checks, want all %d built-in ones", len(all), len(want))
	}
	for i, ch := range want {
		if all[i].ID != ch.ID {
			t.Errorf("Suggest('')[%d] = %s, want %s", i, all[i].ID, ch.ID)
		}
	}
	if got := c.Suggest("driehoek", bot.NL); len(got) != 1 || got[0].ID != "waardendriehoek" {
		t.Errorf("Suggest(driehoek) = %+v", got)
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
