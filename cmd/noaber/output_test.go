package main

import (
	"path/filepath"
	"strings"
	"testing"
)

func TestShownEscapesControlAndInvisible(t *testing.T) {
	for in, want := range map[string]string{
		"gewoon één":          "gewoon één",
		"\x1b[2Jwissen":       `\u001b[2Jwissen`,
		"Sub\u202Eeidisbus":   `Sub\u202eeidisbus`,
		"regel\nnog een":      `regel\u000anog een`,
		"\u200Bstil\u009b31m": `\u200bstil\u009b31m`,
	} {
		if got := shown(in); got != want {
			t.Errorf("shown(%q) = %q, want %q", in, got, want)
		}
	}
}

func FuzzShown(f *testing.F) {
	f.Add("\x1b]0;title\x07\u202E")
	f.Fuzz(func(t *testing.T, s string) {
		for _, r := range shown(s) {
			if unsafeRune(r) && r != 0xFFFD {
				t.Fatalf("%q passed", r)
			}
		}
	})
}

// TestOperatorOutputAndTitlesHoldNoTerminalCodes: an answer with an
// escape sequence is printed escaped by `events attendees`, and a title
// with a right-to-left override or zero-width space is stored without.
func TestOperatorOutputAndTitlesHoldNoTerminalCodes(t *testing.T) {
	db := filepath.Join(t.TempDir(), "x.db")
	in := "evenement nieuw 12 december 19:30 | Netwerk\u202Eavond\u200B | max 5 | vraag Wat wil je bespreken?\n" +
		"deadline nieuw 20 december 17:00 | Sub\u2066sidie\u200Bronde\n"
	if out, errOut, code := noaber(t, in, "chat", "--db", db); code != 0 {
		t.Fatalf("%d %s %s", code, out, errOut)
	}
	if out, errOut, code := noaber(t, "aanmelden 1\nvan alles \x1b[2J\x1b]0;pwned\x07\n", "chat", "--as", "ann", "--db", db); code != 0 {
		t.Fatalf("%d %s %s", code, out, errOut)
	}
	for _, args := range [][]string{{"events", "attendees", "1"}, {"events", "attendees", "1", "--csv"}, {"events", "list"}, {"deadlines", "list"}} {
		out, errOut, code := noaber(t, "", append(args, "--db", db)...)
		if code != 0 {
			t.Fatalf("%v: %d %s", args, code, errOut)
		}
		if strings.ContainsAny(out, "\x1b\x07\u202E\u200B\u2066") {
			t.Errorf("%v prints raw control or invisible characters: %q", args, out)
		}
	}
	out, _, _ := noaber(t, "", "events", "attendees", "1", "--db", db)
	if !strings.Contains(out, `\u001b[2J`) {
		t.Errorf("the escape is not shown as such: %q", out)
	}
	if out, _, _ := noaber(t, "", "events", "list", "--json", "--db", db); !strings.Contains(out, `"Netwerkavond"`) {
		t.Errorf("event title not normalised: %s", out)
	}
	if out, _, _ := noaber(t, "", "deadlines", "list", "--json", "--db", db); !strings.Contains(out, `"Subsidieronde"`) {
		t.Errorf("deadline title not normalised: %s", out)
	}
}
