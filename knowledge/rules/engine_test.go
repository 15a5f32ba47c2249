package rules

import (
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/noaber/noaber/i18n"
)

var fuzzToday = time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC)

func day(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, time.UTC) }

func aanbesteding(t *testing.T) *Check {
	t.Helper()
	c, ok := Embedded().Get("aanbestedingsplicht")
	if !ok {
		t.Fatal("no aanbestedingsplicht")
	}
	return c
}

// The threshold switch of 1 January 2026 must follow the reference date,
// and the value equal to the threshold means the EU procedure applies.
func TestThresholdByDate(t *testing.T) {
	c := aanbesteding(t)
	cases := []struct {
		soort, opdrachtgever string
		waarde               float64
		date                 time.Time
		want                 Outcome
		threshold            float64
	}{
		{"diensten", "gemeente", 221000, day(2025, 12, 31), Yes, 221000},
		{"diensten", "gemeente", 220999, day(2025, 12, 31), No, 221000},
		{"diensten", "gemeente", 216000, day(2026, 1, 1), Yes, 216000},
		{"diensten", "gemeente", 215999, day(2026, 1, 1), No, 216000},
		{"leveringen", "rijk", 143000, day(2024, 1, 1), Yes, 143000},
		{"leveringen", "rijk", 140000, day(2026, 1, 1), Yes, 140000},
		{"leveringen", "rijk", 139999, day(2027, 12, 31), No, 140000},
		{"werken", "", 5538000, day(2025, 7, 1), Yes, 5538000},
		{"werken", "", 5404000, day(2026, 7, 1), Yes, 5404000},
		{"werken", "", 5403999, day(2026, 7, 1), No, 5404000},
		{"sociale_diensten", "", 750000, day(2025, 7, 1), Yes, 750000},
		{"sociale_diensten", "", 750000, day(2026, 7, 1), Yes, 750000},
	}
	for _, tc := range cases {
		vals := Values{"regeling": "overheidsopdracht", "soort": tc.soort, "waarde": tc.waarde, "datum": tc.date}
		if tc.opdrachtgever != "" {
			vals["opdrachtgever"] = tc.opdrachtgever
		}
		r, err := c.Evaluate(vals, Options{Today: fuzzToday})
		if err != nil {
			t.Fatalf("%v: %v", vals, err)
		}
		if r.Outcome != tc.want {
			t.Errorf("%v: outcome %s, want %s", vals, r.Outcome, tc.want)
		}
		if got := r.Values["drempel"]; got != tc.threshold {
			t.Errorf("%v: threshold %v, want %v", vals, got, tc.threshold)
		}
		if len(r.Params) != 1 || !r.Params[0].Value.Contains(tc.date) {
			t.Errorf("%v: params used %v", vals, r.Params)
		}
	}
}

func TestNoParameterForDate(t *testing.T) {
	c := aanbesteding(t)
	_, err := c.Evaluate(Values{"regeling": "overheidsopdracht", "soort": "werken", "waarde": 1.0, "datum": day(2028, 1, 1)}, Options{Today: fuzzToday})
	var npe *NoParameterError
	if !errors.As(err, &npe) || npe.Param != "drempel_werken" || !strings.Contains(err.Error(), "2026-01-01..2027-12-31") {
		t.Fatalf("err = %v, want a NoParameterError naming the known periods", err)
	}
}

// The 48-month rule of Aw art. 2.17.
func TestFortyEightMonths(t *testing.T) {
	c := aanbesteding(t)
	for months, want := range map[float64]float64{0: 48 * 1000, 1: 1000, 36: 36 * 1000, 48: 48 * 1000, 49: 48 * 1000, 120: 48 * 1000} {
		r, err := c.Evaluate(Values{"soort": "diensten", "opdrachtgever": "gemeente", "maandbedrag": 1000.0, "looptijd_maanden": months},
			Options{Today: fuzzToday, UseDefaults: true})
		if err != nil {
			t.Fatal(err)
		}
		if got := r.Values["waarde_totaal"]; got != want {
			t.Errorf("%v months: value %v, want %v", months, got, want)
		}
	}
}

func TestAsksOnlyWhatMatters(t *testing.T) {
	c := aanbesteding(t)
	seq := []struct {
		vals Values
		next string
	}{
		{Values{}, "regeling"},
		{Values{"regeling": "onbekend"}, "soort"},
		{Values{"soort": "werken"}, "waarde"},
		{Values{"soort": "werken", "waarde": 1e6}, "datum"},
		{Values{"soort": "diensten"}, "opdrachtgever"},
		{Values{"soort": "diensten", "opdrachtgever": "rijk", "waarde": nil}, "maandbedrag"},
		{Values{"soort": "diensten", "opdrachtgever": "rijk", "waarde": nil, "maandbedrag": 10.0}, "looptijd_maanden"},
	}
	for _, s := range seq {
		if _, ok := s.vals["regeling"]; !ok && len(s.vals) > 0 {
			s.vals["regeling"] = "overheidsopdracht"
		}
		r, err := c.Evaluate(s.vals, Options{Today: fuzzToday})
		if err != nil {
			t.Fatal(err)
		}
		if r.Outcome != Incomplete || r.Next != s.next {
			t.Errorf("%v: %s next %q, want next %q", s.vals, r.Outcome, r.Next, s.next)
		}
	}
}

func TestEvaluateRejectsBadFacts(t *testing.T) {
	c := aanbesteding(t)
	for _, vals := range []Values{{"kleur": "rood"}, {"soort": "fietsen"}, {"waarde": "veel"}, {"waarde": -5.0}, {"looptijd_maanden": 1.5}} {
		_, err := c.Evaluate(vals, Options{Today: fuzzToday})
		var fe *FactError
		if !errors.As(err, &fe) {
			t.Errorf("%v: err %v, want a FactError", vals, err)
		}
	}
}

func TestFactParse(t *testing.T) {
	c := aanbesteding(t)
	f := func(id string) *Fact { x, _ := c.Fact(id); return x }
	today := day(2026, 3, 1)
	ok := []struct {
		fact, in string
		want     any
	}{
		{"soort", "Diensten", "diensten"},
		{"soort", "bouw", "werken"},
		{"soort", "2", "leveringen"},
		{"opdrachtgever", "provincie", "gemeente"},
		{"waarde", "1,2 miljoen", 1200000.0},
		{"waarde", "250k", 250000.0},
		{"looptijd_maanden", "4 jaar", 48.0},
		{"looptijd_maanden", "onbepaald", 0.0},
		{"datum", "volgend jaar", day(2027, 1, 1)},
		{"datum", "15-3-2026", day(2026, 3, 15)},
		// a label as people type it: without its explanation in
		// brackets, with or without its article
		{"regeling", "overheidsopdracht", "overheidsopdracht"},
		{"regeling", "een overheidsopdracht", "overheidsopdracht"},
		{"regeling", "a public contract", "overheidsopdracht"},
		{"regeling", "Public contract.", "overheidsopdracht"},
	}
	for _, tc := range ok {
		got, err := f(tc.fact).Parse(tc.in, today)
		if err != nil || got != tc.want {
			t.Errorf("%s.Parse(%q) = %v, %v; want %v", tc.fact, tc.in, got, err, tc.want)
		}
	}
	bad := []struct{ fact, in, kind string }{
		{"soort", "fietsen", "choice"},
		{"regeling", "een", "choice"},
		{"regeling", "een fiets", "choice"},
		{"waarde", "veel", "amount"},
		{"waarde", "-5", "amount"},
		{"looptijd_maanden", "2,5", "integer"},
		{"datum", "ooit", "date"},
	}
	for _, tc := range bad {
		_, err := f(tc.fact).Parse(tc.in, today)
		var ie *InputError
		if !errors.As(err, &ie) || ie.Kind != tc.kind {
			t.Errorf("%s.Parse(%q) err = %v, want kind %s", tc.fact, tc.in, err, tc.kind)
		}
	}
}

func TestEncodeDecode(t *testing.T) {
	c := aanbesteding(t)
	for id, v := range map[string]any{"soort": "werken", "waarde": 216000.5, "datum": day(2026, 1, 1), "looptijd_maanden": 0.0} {
		f, _ := c.Fact(id)
		got, err := f.Decode(f.Encode(v))
		if err != nil || got != v {
			t.Errorf("%s: round trip %v → %v, %v", id, v, got, err)
		}
	}
	f, _ := c.Fact("waarde")
	if v, err := f.Decode(""); err != nil || v != nil {
		t.Errorf("empty decodes to %v, %v", v, err)
	}
}

func TestFormat(t *testing.T) {
	for _, tc := range []struct {
		v    float64
		lang i18n.Lang
		want string
	}{
		{216000, i18n.NL, "€ 216.000"}, {216000, i18n.EN, "€216,000"}, {4500.5, i18n.NL, "€ 4.500,50"},
		{5404000, i18n.EN, "€5,404,000"}, {0, i18n.NL, "€ 0"}, {999, i18n.NL, "€ 999"},
	} {
		if got := FormatAmount(tc.v, tc.lang); got != tc.want {
			t.Errorf("FormatAmount(%v, %s) = %q, want %q", tc.v, tc.lang, got, tc.want)
		}
	}
	if got := FormatDate(day(2026, 1, 1), i18n.NL); got != "1 januari 2026" {
		t.Errorf("FormatDate nl = %q", got)
	}
	if got := FormatDate(day(2026, 1, 1), i18n.EN); got != "1 January 2026" {
		t.Errorf("FormatDate en = %q", got)
	}
}

// Every check has text in both languages for every outcome it can give.
func TestEmbeddedChecksComplete(t *testing.T) {
	for _, c := range Embedded().Checks() {
		if len(c.Triggers) == 0 {
			t.Errorf("%s: no triggers", c.ID)
		}
		for _, r := range c.Rules {
			if r.Outcome != "" && c.Outcomes[r.Outcome] == nil {
				t.Errorf("%s: rule %s outcome %s has no text", c.ID, r.ID, r.Outcome)
			}
		}
	}
}

// A choice default fills the fact on the command line (UseDefaults), never
// in a conversation; a lead note opens the headline and is not repeated
// among the reasons.
func TestChoiceDefaultAndLead(t *testing.T) {
	c := aanbesteding(t)
	vals := Values{"soort": "werken", "waarde": 6e6, "datum": day(2026, 3, 1)}
	r, err := c.Evaluate(vals, Options{Today: fuzzToday})
	if err != nil || r.Outcome != Incomplete || r.Next != "regeling" {
		t.Fatalf("conversation: %v %v next %q, want to ask regeling", r, err, r.Next)
	}
	r, err = c.Evaluate(vals, Options{Today: fuzzToday, UseDefaults: true})
	if err != nil || r.Outcome != Yes || r.Values["regeling"] != "onbekend" {
		t.Fatalf("command line: %v %v", r, err)
	}
	h := r.Headline(i18n.NL)
	if !strings.HasPrefix(h, "Ervan uitgaande dat dit een overheidsopdracht is") || !strings.HasSuffix(h, "Ja: deze opdracht moet Europees worden aanbesteed.") {
		t.Errorf("headline %q", h)
	}
	ex := r.Explanation(i18n.EN)
	if first, _, _ := strings.Cut(ex, "\n"); !strings.HasPrefix(first, "Assuming this is a public contract") {
		t.Errorf("first line %q", first)
	}
	if strings.Count(ex, "Assuming") != 1 {
		t.Errorf("lead note repeated:\n%s", ex)
	}
	vals["regeling"] = "overheidsopdracht"
	r, _ = c.Evaluate(vals, Options{Today: fuzzToday, UseDefaults: true})
	if h := r.Headline(i18n.NL); strings.Contains(h, "Ervan uitgaande") {
		t.Errorf("assumption without need: %q", h)
	}
}
