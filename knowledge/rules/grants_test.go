package rules

import (
	"strings"
	"testing"
	"time"

	"github.com/noaber/noaber/i18n"
)

func grantsFact(t *testing.T) *Fact {
	t.Helper()
	c, ok := Embedded().Get("de_minimis")
	if !ok {
		t.Fatal("no de_minimis")
	}
	f, ok := c.Fact("eerdere_steun")
	if !ok || f.Type != Grants {
		t.Fatal("de_minimis has no grants fact eerdere_steun")
	}
	return f
}

func TestParseGrants(t *testing.T) {
	f := grantsFact(t)
	today := day(2026, 3, 1)
	for in, want := range map[string][]Grant{
		"geen":                        {},
		"None.":                       {},
		"50.000 algemeen 1-3-2024":    {{50000, "algemeen", day(2024, 3, 1)}},
		"DAEB 20k op 15 juni 2025":    {{20000, "daeb", day(2025, 6, 15)}},
		"1-3-2024, € 50.000, general": {{50000, "algemeen", day(2024, 3, 1)}},
		"2024-03-01 1,2 miljoen SGEI": {{1200000, "daeb", day(2024, 3, 1)}},
		"50.000 algemeen 1-3-2024; 20.000 daeb 2025-06-15\n5000 algemeen 2-1-2026": {
			{50000, "algemeen", day(2024, 3, 1)}, {20000, "daeb", day(2025, 6, 15)}, {5000, "algemeen", day(2026, 1, 2)}},
	} {
		got, err := f.Parse(in, today)
		if err != nil {
			t.Errorf("%q: %v", in, err)
			continue
		}
		gs := got.([]Grant)
		if len(gs) != len(want) {
			t.Errorf("%q = %v, want %v", in, gs, want)
			continue
		}
		for i := range gs {
			if gs[i] != want[i] {
				t.Errorf("%q: grant %d = %+v, want %+v", in, i, gs[i], want[i])
			}
		}
		// The stored form reads back the same.
		back, err := f.Decode(f.Encode(got))
		if err != nil || f.Encode(back) != f.Encode(got) {
			t.Errorf("%q: round trip %q → %v, %v", in, f.Encode(got), back, err)
		}
	}
	for _, in := range []string{"", "200000", "50.000 algemeen", "algemeen 1-3-2024", "50.000 1-3-2024",
		"50.000 algemeen daeb 1-3-2024", "veel algemeen 1-3-2024", "-5 algemeen 1-3-2024", "50.000 algemeen 31-2-2024",
		strings.Repeat("1 algemeen 1-1-2025;", MaxGrants+1)} {
		if v, err := f.Parse(in, today); err == nil {
			t.Errorf("%q accepted as %v", in, v)
		} else if ie, ok := err.(*InputError); !ok || ie.Kind != "grants" {
			t.Errorf("%q: error %v, want a grants InputError", in, err)
		}
	}
}

func TestGrantsFormatAndValidate(t *testing.T) {
	f := grantsFact(t)
	c, _ := Embedded().Get("de_minimis")
	gs := []Grant{{50000, "algemeen", day(2024, 3, 1)}, {20000, "daeb", day(2025, 6, 15)}}
	if got := c.Format("eerdere_steun", gs, i18n.NL); got != "€ 50.000 (algemeen, 1 maart 2024); € 20.000 (DAEB, 15 juni 2025)" {
		t.Errorf("nl %q", got)
	}
	if got := c.Format("eerdere_steun", []Grant{}, i18n.EN); got != "none" {
		t.Errorf("en empty %q", got)
	}
	for _, bad := range []any{[]Grant{{1, "overig", day(2024, 1, 1)}}, []Grant{{-1, "daeb", day(2024, 1, 1)}}, []Grant{{1, "daeb", time.Time{}}}, 5.0} {
		if err := f.validate(bad); err == nil {
			t.Errorf("%v validated", bad)
		}
	}
	if v, err := f.Decode("none"); err != nil || len(v.([]Grant)) != 0 {
		t.Errorf("Decode(none) = %v, %v", v, err)
	}
}

// The rolling three-year window with the hand calculation: new aid on
// 1 March 2026 counts aid conferred from 1 March 2023 up to and including
// 1 March 2026.
func TestDeMinimisWindow(t *testing.T) {
	c, _ := Embedded().Get("de_minimis")
	f := grantsFact(t)
	earlier, err := f.Parse("100.000 algemeen 28-2-2023; 100.000 algemeen 1-3-2023; 50.000 daeb 1-3-2026; 70.000 algemeen 2-3-2026", day(2026, 3, 1))
	if err != nil {
		t.Fatal(err)
	}
	r, err := c.Evaluate(Values{"economische_activiteit": "ja", "daeb": false, "eerdere_steun": earlier, "nieuw_bedrag": 10000.0, "datum": day(2026, 3, 1)}, Options{Today: day(2026, 3, 1)})
	if err != nil {
		t.Fatal(err)
	}
	// algemeen: 100.000 (1-3-2023) + 10.000 nieuw = 110.000; DAEB 50.000; buiten: 100.000 + 70.000
	for id, want := range map[string]float64{"eerder_algemeen": 100000, "eerder_daeb": 50000, "totaal_algemeen": 110000, "totaal": 160000, "buiten_venster": 170000} {
		if got := r.Values[id]; got != want {
			t.Errorf("%s = %v, want %v", id, got, want)
		}
	}
	if r.Values["venster_start"] != day(2023, 3, 1) || r.Outcome != Yes {
		t.Errorf("window start %v, outcome %s", r.Values["venster_start"], r.Outcome)
	}
}

func FuzzParseGrants(f *testing.F) {
	for _, s := range []string{"geen", "50.000 algemeen 1-3-2024", "DAEB 20k op 15 juni 2025; 1 algemeen 2024-01-01", "1-3-2024, € 50.000, general", ";;", "0 daeb 1-1-1900"} {
		f.Add(s)
	}
	c, _ := Embedded().Get("de_minimis")
	fact, _ := c.Fact("eerdere_steun")
	f.Fuzz(func(t *testing.T, s string) {
		v, err := fact.Parse(s, day(2026, 3, 1))
		if err != nil {
			return
		}
		if err := fact.validate(v); err != nil {
			t.Fatalf("Parse(%q) = %v, which does not validate: %v", s, v, err)
		}
		back, err := fact.Decode(fact.Encode(v))
		if err != nil || fact.Encode(back) != fact.Encode(v) {
			t.Fatalf("Parse(%q): round trip %q: %v", s, fact.Encode(v), err)
		}
	})
}
