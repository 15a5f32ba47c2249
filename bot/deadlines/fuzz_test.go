package deadlines

import (
	"testing"
)

// FuzzCommandLine feeds arbitrary text through everything that reads a
// typed deadline command: the command, the one-line spec (visibility and
// reminder keywords included), the moment and a digest time. None may
// panic; a moment read as fine lies ahead, and a clock time is a real one.
func FuzzCommandLine(f *testing.F) {
	for _, s := range []string{
		"deadline nieuw vrijdag 17:00 | Subsidieronde | herinner 3d, 2u | privé",
		"deadline nieuw eind januari | Jaarplan | openbaar",
		"deadline nieuw 31 februari | X", "deadline wijzig 3 | privé", "deadline nieuw | Openbaar | private",
		"digest om 07:45", "digest 9 uur", "digest om 25:61", "digest 7.5", "deadline nieuw over 3 werkdagen | Y",
		"deadline nieuw 3/4 | Z", "deadline nieuw 12 | Z", "termijn 15-3-2026 bezwaar",
	} {
		f.Add(s)
	}
	set, err := Config{}.resolve()
	if err != nil {
		f.Fatal(err)
	}
	c := &Capability{set: set}
	f.Fuzz(func(t *testing.T, s string) {
		cmd, ok := parseCommand(s)
		if !ok {
			return
		}
		switch cmd.verb {
		case verbNew, verbEdit:
			sp := parseSpec(cmd.arg, cmd.verb == verbEdit)
			if sp.visibility != "" && sp.visibility != Public && sp.visibility != Private {
				t.Fatalf("visibility %q", sp.visibility)
			}
			if sp.when != "" {
				res := c.resolveMoment(sp.when, wed)
				if res.problem == momentOK && !res.t.After(wed) {
					t.Errorf("%q: moment %v accepted though not ahead", sp.when, res.t)
				}
			}
		case verbDigest:
			if h, m, ok := readClock(cmd.arg); ok && (h < 0 || h > 23 || m < 0 || m > 59) {
				t.Errorf("%q read as %d:%d", cmd.arg, h, m)
			}
		}
	})
}
