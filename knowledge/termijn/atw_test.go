package termijn

import (
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/noaber/noaber/knowledge/legalcheck"
)

// Scenario tests per article of the Algemene termijnenwet (Atw) and per
// day equated with a holiday by Royal Decree. Each case writes the hand
// calculation out, so a reviewer can check it with a calendar.
func TestAtwScenarios(t *testing.T) {
	tests := []struct {
		name, calc string
		start      Date
		term       Term
		plain, end Date
		excluded   Rule
	}{
		// Art. 1 lid 1: an end on a Saturday, Sunday or general holiday
		// moves to the next working day.
		{"art. 1: end on a Sunday", "5 jan 2026 + 20 dagen = zo 25 jan → ma 26 jan",
			D(2026, 1, 5), Term{20, Days}, D(2026, 1, 25), D(2026, 1, 26), ""},
		// Art. 1 lid 2: not for terms counted backwards.
		{"art. 1 lid 2: backwards to a Saturday stays", "ma 1 jun 2026 − 9 dagen = za 23 mei; terugtellen: niet verlengd",
			D(2026, 6, 1), Term{-9, Days}, D(2026, 5, 23), D(2026, 5, 23), Art1Lid2},
		{"art. 1 lid 2: backwards to Whit Monday stays", "ma 1 jun 2026 − 1 week = ma 25 mei (Tweede Pinksterdag); niet verlengd",
			D(2026, 6, 1), Term{-1, Weeks}, D(2026, 5, 25), D(2026, 5, 25), Art1Lid2},
		// Art. 2: at least two working days in a term of three days or more.
		{"art. 2: three days from a Friday", "vr 9 jan 2026 + 3 dagen = ma 12 jan; za, zo, ma = 1 werkdag → di 13 jan",
			D(2026, 1, 9), Term{3, Days}, D(2026, 1, 12), D(2026, 1, 13), ""},
		// Art. 3 lid 1 and 2: the general holidays, Goede Vrijdag included.
		{"art. 3: Goede Vrijdag", "vr 20 mrt 2026 + 2 weken = vr 3 apr (Goede Vrijdag); za, zo, ma 6 apr (Tweede Paasdag) → di 7 apr",
			D(2026, 3, 20), Term{2, Weeks}, D(2026, 4, 3), D(2026, 4, 7), ""},
		{"art. 3: 5 May every year", "di 24 mrt 2026 + 6 weken = di 5 mei → wo 6 mei",
			D(2026, 3, 24), Term{6, Weeks}, D(2026, 5, 5), D(2026, 5, 6), ""},
		// Art. 3 lid 3: each day of the decree 2026–2028, and one of the
		// previous decree.
		{"decree: 2 January 2026", "vr 21 nov 2025 + 6 weken = vr 2 jan 2026 (KB); za, zo → ma 5 jan",
			D(2025, 11, 21), Term{6, Weeks}, D(2026, 1, 2), D(2026, 1, 5), ""},
		{"decree: objection period ending on Ascension 2026", "do 2 apr 2026 + 6 weken = do 14 mei (Hemelvaart); vr 15 mei (KB), za, zo → ma 18 mei",
			D(2026, 4, 2), Term{6, Weeks}, D(2026, 5, 14), D(2026, 5, 18), ""},
		{"decree: 15 May 2026", "vr 3 apr 2026 + 6 weken = vr 15 mei (KB); za, zo → ma 18 mei",
			D(2026, 4, 3), Term{6, Weeks}, D(2026, 5, 15), D(2026, 5, 18), ""},
		{"decree: 7 May 2027", "vr 26 mrt 2027 + 6 weken = vr 7 mei (KB); za, zo → ma 10 mei",
			D(2027, 3, 26), Term{6, Weeks}, D(2027, 5, 7), D(2027, 5, 10), ""},
		{"decree: 28 April 2028", "vr 17 mrt 2028 + 6 weken = vr 28 apr (KB, na Koningsdag do 27 apr); za, zo → ma 1 mei",
			D(2028, 3, 17), Term{6, Weeks}, D(2028, 4, 28), D(2028, 5, 1), ""},
		{"decree: 26 May 2028", "vr 14 apr 2028 + 6 weken = vr 26 mei (KB, na Hemelvaart do 25 mei); za, zo → ma 29 mei",
			D(2028, 4, 14), Term{6, Weeks}, D(2028, 5, 26), D(2028, 5, 29), ""},
		{"decree: 30 May 2025 (previous decree)", "vr 18 apr 2025 + 6 weken = vr 30 mei (KB); za, zo → ma 2 jun",
			D(2025, 4, 18), Term{6, Weeks}, D(2025, 5, 30), D(2025, 6, 2), ""},
		// Art. 4: no extension of terms longer than 3 months, 12 weeks or
		// 90 days; the limits themselves are still extended.
		{"art. 4: 6 months not extended", "vr 27 mrt 2026 + 6 maanden = zo 27 sep; langer dan 3 maanden: blijft zo 27 sep",
			D(2026, 3, 27), Term{6, Months}, D(2026, 9, 27), D(2026, 9, 27), Art4},
		{"art. 4: 13 weeks not extended", "ma 5 jan 2026 + 13 weken = ma 6 apr (Tweede Paasdag); langer dan 12 weken: blijft 6 apr",
			D(2026, 1, 5), Term{13, Weeks}, D(2026, 4, 6), D(2026, 4, 6), Art4},
		{"art. 4: 91 days not extended", "ma 5 jan 2026 + 91 dagen = ma 6 apr; langer dan 90 dagen: blijft 6 apr",
			D(2026, 1, 5), Term{91, Days}, D(2026, 4, 6), D(2026, 4, 6), Art4},
		{"art. 4: 4 months not extended", "za 6 dec 2025 + 4 maanden = ma 6 apr 2026; blijft 6 apr",
			D(2025, 12, 6), Term{4, Months}, D(2026, 4, 6), D(2026, 4, 6), Art4},
		{"art. 4 limit: 12 weeks still extended", "ma 12 jan 2026 + 12 weken = ma 6 apr (Tweede Paasdag) → di 7 apr",
			D(2026, 1, 12), Term{12, Weeks}, D(2026, 4, 6), D(2026, 4, 7), ""},
		{"art. 4 limit: 3 months still extended", "di 6 jan 2026 + 3 maanden = ma 6 apr → di 7 apr",
			D(2026, 1, 6), Term{3, Months}, D(2026, 4, 6), D(2026, 4, 7), ""},
		{"art. 4 limit: 90 days still extended", "di 6 jan 2026 + 90 dagen = ma 6 apr → di 7 apr",
			D(2026, 1, 6), Term{90, Days}, D(2026, 4, 6), D(2026, 4, 7), ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := Compute(tt.start, tt.term)
			if r.Plain != tt.plain || r.End != tt.end || r.Excluded != tt.excluded {
				t.Errorf("%s: plain %v end %v excluded %q, want %v %v %q (steps %+v)",
					tt.calc, r.Plain, r.End, r.Excluded, tt.plain, tt.end, tt.excluded, r.Steps)
			}
			if tt.excluded != "" && len(r.Steps) != 0 {
				t.Errorf("excluded term has steps %+v", r.Steps)
			}
		})
	}
}

// A decree day passed over while extending is named too.
func TestDecreeDayPassed(t *testing.T) {
	r := Compute(D(2026, 4, 2), Term{6, Weeks})
	st := r.Steps[0]
	if st.Holiday == nil || st.Holiday.ID != "hemelvaartsdag" || len(st.Also) != 1 || st.Also[0].Date != D(2026, 5, 15) || st.Also[0].Decree == nil {
		t.Fatalf("step %+v", st)
	}
}

// A decree day named as the reason for an extension carries its decree.
func TestDecreeDayNamed(t *testing.T) {
	r := Compute(D(2026, 4, 3), Term{6, Weeks})
	st := r.Steps[0]
	if st.Holiday == nil || st.Holiday.Decree == nil || !strings.Contains(st.Holiday.Decree.Title, "15 mei 2026") {
		t.Fatalf("step %+v does not name the decree", st)
	}
	if !strings.Contains(st.Holiday.NL, "Hemelvaartsdag") || !strings.Contains(st.Holiday.EN, "Royal Decree") {
		t.Errorf("names %q / %q", st.Holiday.NL, st.Holiday.EN)
	}
}

func TestDecreeData(t *testing.T) {
	want := []string{"2023-04-28", "2023-05-19", "2024-05-10", "2024-12-27", "2025-05-30",
		"2026-01-02", "2026-05-15", "2027-05-07", "2028-04-28", "2028-05-26"}
	var got []string
	for _, d := range Decrees {
		for _, day := range d.Days {
			got = append(got, day.Date.String())
			if IsWorkingDay(day.Date) {
				t.Errorf("%v is a working day", day.Date)
			}
			if day.Date.Weekday() != time.Friday {
				t.Errorf("%v is not a Friday (all known decree days are bridge Fridays)", day.Date)
			}
		}
	}
	if strings.Join(got, " ") != strings.Join(want, " ") {
		t.Errorf("decree days %v, want %v", got, want)
	}
	from, until := DecreeCoverage()
	if from != D(2023, 1, 1) || until != D(2028, 12, 31) {
		t.Errorf("coverage %v..%v", from, until)
	}
	for d, want := range map[Date]bool{D(2028, 12, 31): true, D(2029, 1, 1): false, D(2022, 12, 31): false, D(2026, 6, 1): true} {
		if DecreeKnown(d) != want {
			t.Errorf("DecreeKnown(%v) = %v", d, !want)
		}
	}
}

func TestLoadDecreesRejects(t *testing.T) {
	good := `[[decrees]]
title = "Besluit"
title_en = "Decree"
from = 2026-01-01
until = 2026-12-31
basis = "Atw art. 3 lid 3"
url = "https://wetten.overheid.nl/jci1.3:c:BWBR0002448&artikel=3"
source = "test"
days = [ { date = 2026-05-15, nl = "vrijdag", en = "Friday" } ]
`
	if _, err := LoadDecrees([]byte(good)); err != nil {
		t.Fatalf("good data: %v", err)
	}
	for name, bad := range map[string]string{
		"weekend day":         strings.Replace(good, "2026-05-15", "2026-05-16", 1),
		"already a holiday":   strings.Replace(good, "2026-05-15", "2026-05-14", 1),
		"outside period":      strings.Replace(good, "2026-05-15", "2027-05-07", 1),
		"bare homepage url":   strings.Replace(good, "jci1.3:c:BWBR0002448&artikel=3", "", 1),
		"law without article": strings.Replace(good, "jci1.3:c:BWBR0002448&artikel=3", "BWBR0002448", 1),
		"no source":           strings.Replace(good, `source = "test"`, "", 1),
		"no english title":    strings.Replace(good, `title_en = "Decree"`, "", 1),
		"unknown key":         strings.Replace(good, `source = "test"`, "source = \"test\"\nsoruce = 1", 1),
		"empty period":        strings.Replace(good, "until = 2026-12-31", "until = 2025-12-31", 1),
		"overlap":             good + strings.Replace(good, "[[decrees]]", "[[decrees]]", 1),
		"no days":             strings.Replace(good, `{ date = 2026-05-15, nl = "vrijdag", en = "Friday" }`, "", 1),
		"no english name":     strings.Replace(good, `en = "Friday"`, `en = ""`, 1),
		"not toml":            "[[decrees",
		"nothing":             "",
	} {
		if _, err := LoadDecrees([]byte(bad)); err == nil {
			t.Errorf("%s: accepted", name)
		}
	}
}

func TestParseAtwForms(t *testing.T) {
	for in, want := range map[string]Term{
		"10 dagen vóór": {-10, Days}, "10 dagen voor": {-10, Days}, "2 weeks before": {-2, Weeks},
		"13 weken": {13, Weeks}, "6 maanden": {6, Months},
	} {
		got, _, err := Parse(in)
		if err != nil || got != want {
			t.Errorf("Parse(%q) = %v, %v; want %v", in, got, err, want)
		}
	}
	for _, in := range []string{"48 uur", "24 hours", "2u"} {
		if _, _, err := Parse(in); !errors.Is(err, ErrHours) {
			t.Errorf("Parse(%q) = %v, want ErrHours (Atw art. 4)", in, err)
		}
	}
	for _, in := range []string{"vóór", "bezwaar voor", "6 weken bezwaar voor"} {
		if _, _, err := Parse(in); err == nil {
			t.Errorf("Parse(%q) accepted", in)
		}
	}
	if s := (Term{-10, Days}).String(); s != "10 dagen vóór" {
		t.Errorf("String = %q", s)
	}
}

// Every source the calculator cites is a deep link (BWBR id and article,
// CELEX), the decree data included.
func TestSourcesAreDeepLinks(t *testing.T) {
	srcs := append([]Source{Art4Source}, AtwSources...)
	for _, k := range Kinds {
		srcs = append(srcs, k.Sources...)
	}
	for _, d := range Decrees {
		srcs = append(srcs, Source{Ref: d.Basis, URL: d.URL})
	}
	for _, s := range srcs {
		if p := legalcheck.SourceProblem(s.URL, s.Ref); p != "" {
			t.Errorf("%s %s: %s", s.Ref, s.URL, p)
		}
	}
	if len(srcs) < 10 {
		t.Fatalf("only %d sources", len(srcs))
	}
}
