package bot

import "testing"

func TestStripInvisible(t *testing.T) {
	for in, want := range map[string]string{
		"Subsidie\u202Egnirts":       "Subsidiegnirts",
		"Netwerk\u200Bavond\uFEFF":   "Netwerkavond",
		"a\u2066b\u2069c\u200Fd":     "abcd",
		"escape \x1b[31mred\x1b[0m":  "escape [31mred[0m",
		"👩\u200D💻 gewoon, één ß":     "👩\u200D💻 gewoon, één ß",
		"regel\nnieuw\tkolom":        "regel\nnieuw\tkolom",
		"\u0085next\u009bline\u007f": "nextline",
	} {
		if got := StripInvisible(in); got != want {
			t.Errorf("StripInvisible(%q) = %q, want %q", in, got, want)
		}
	}
}

func FuzzStripInvisible(f *testing.F) {
	f.Add("Subsidie\u202Egnirts\u200B")
	f.Fuzz(func(t *testing.T, s string) {
		out := StripInvisible(s)
		for _, r := range out {
			if Invisible(r) {
				t.Fatalf("%q left in %q", r, out)
			}
		}
		if StripInvisible(out) != out {
			t.Fatal("not idempotent")
		}
	})
}
