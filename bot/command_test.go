package bot

import (
	"strings"
	"testing"
	"unicode/utf8"
)

var matchTable = []Command{
	{ID: "d.list", Words: map[Lang][]string{NL: {"deadline", "deadlines"}, EN: {"deadline", "deadlines"}}},
	{ID: "d.new", Words: map[Lang][]string{NL: {"deadline nieuw"}, EN: {"deadline new"}}},
	{ID: "p.forget", Words: map[Lang][]string{NL: {"vergeet mij"}, EN: {"forget me"}}, Whole: true},
	{ID: "x.any", Words: map[Lang][]string{"": {"ping"}}},
}

func TestMatch(t *testing.T) {
	for _, tc := range []struct {
		text, id, rest string
	}{
		{"deadline", "d.list", ""},
		{"Deadlines?", "d.list", ""},
		{"deadline 12", "d.list", "12"},
		{"/deadline  Nieuw 1 juni | Subsidie", "d.new", "1 juni | Subsidie"}, // the longest words win; the rest keeps capitals
		{"@noaber deadline new Friday | X", "d.new", "Friday | X"},
		{"deadline new", "d.new", ""},
		{"Vergeet mij!", "p.forget", ""},
		{"vergeet mij niet te bellen", "", ""}, // whole messages only
		{"forget me", "p.forget", ""},
		{"ping host", "x.any", "host"}, // language-less words
		{"deadlinesx", "", ""},
		{"wat is een deadline?", "", ""},
		{"", "", ""},
		{"!!!", "", ""},
	} {
		c, rest, ok := Match(matchTable, tc.text)
		if ok != (tc.id != "") || c.ID != tc.id || rest != tc.rest {
			t.Errorf("Match(%q) = %q, %q, %v; want %q, %q", tc.text, c.ID, rest, ok, tc.id, tc.rest)
		}
	}
}

func TestCommandTexts(t *testing.T) {
	c := Command{ID: "x", Words: map[Lang][]string{NL: {"mijn gegevens"}, EN: {"my data"}},
		Args: []Arg{{Name: map[Lang]string{NL: "actie", EN: "action"}}}, Help: map[Lang]string{NL: "bekijk", EN: "view"}, Role: RoleAdmin}
	if c.MenuName(NL) != "mijngegevens" || c.MenuName(EN) != "mydata" || c.MenuDesc(EN) != "view" {
		t.Errorf("menu: %q %q %q", c.MenuName(NL), c.MenuName(EN), c.MenuDesc(EN))
	}
	if _, ok := c.HelpEntry(NL, nil); ok {
		t.Error("help shown without the role")
	}
	if e, ok := c.HelpEntry(EN, []Role{RoleAdmin}); !ok || e.Command != "my data <action>" || e.Text != "view" {
		t.Errorf("help entry = %+v", e)
	}
	// A language-less command reads the same in every language.
	any := Command{Words: map[Lang][]string{"": {"ping"}}, Help: map[Lang]string{"": "pong"}}
	if any.Word(EN) != "ping" || In(any.Help, EN) != "pong" || any.MenuName(NL) != "ping" {
		t.Errorf("language-less: %q %q", any.Word(EN), In(any.Help, EN))
	}
}

// One list of stop and continue words, from the core's catalog, in any
// language and however typed.
func TestStopAndContinueWords(t *testing.T) {
	for _, s := range []string{"stop", "Stop!", "annuleer", "/cancel", "quit."} {
		if !IsStop(s) {
			t.Errorf("IsStop(%q) = false", s)
		}
	}
	for _, s := range []string{"verder", "Ga verder!", "/continue", "resume"} {
		if !IsContinue(s) {
			t.Errorf("IsContinue(%q) = false", s)
		}
	}
	for _, s := range []string{"stop de subsidie", "verderop", "", "-"} {
		if IsStop(s) || IsContinue(s) {
			t.Errorf("%q taken as stop/continue", s)
		}
	}
}

func FuzzMatch(f *testing.F) {
	for _, s := range []string{"deadline nieuw 1 juni | x", "@noaber /ping", "vergeet mij", " / deadline ", "deadline\u00a0new x"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		c, rest, ok := Match(matchTable, s)
		if !ok {
			if c.ID != "" || rest != "" {
				t.Fatalf("no match but %q, %q", c.ID, rest)
			}
			return
		}
		if utf8.ValidString(s) && !utf8.ValidString(rest) {
			t.Fatalf("rest %q of %q is not valid UTF-8", rest, s)
		}
		if len(rest) > len(s) || !strings.Contains(s, rest) {
			t.Fatalf("rest %q is not part of %q", rest, s)
		}
		if c.Whole && rest != "" {
			t.Fatalf("whole command %s with rest %q", c.ID, rest)
		}
	})
}
