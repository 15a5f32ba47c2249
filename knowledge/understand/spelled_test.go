package understand

import (
	"strings"
	"testing"
)

// A sum spelled out in words is read as the figure it stands for, in
// Dutch and in English; number words that count no money stay words.
func TestSpelledSums(t *testing.T) {
	for in, want := range map[string]float64{
		"de gemeente betaalt ons tweehonderdduizend euro":                 200000,
		"we krijgen honderd vijftig duizend euro per jaar":                150000,
		"een opdracht van tweehonderdvijftigduizend euro":                 250000,
		"ze bieden vijfenzeventigduizend euro subsidie":                   75000,
		"de gemeente betaalt anderhalve ton in totaal voor de schoonmaak": 150000,
		"de gemeente betaalt tweeënhalve ton":                             250000,
		"de gemeente betaalt twee en een halve ton":                       250000,
		"de opdracht is een halve ton waard":                              50000,
		"they pay us two hundred thousand euros a year":                   200000,
		"a contract of a hundred and fifty thousand euros":                150000,
		"the council pays forty-five thousand euros":                      45000,
		"the council pays one hundred twenty thousand euros":              120000,
		"the works cost two and a half million euros":                     2500000,
		"the municipality pays eighty thousand euro for the maintenance":  80000,
		"they pay us fifteen hundred euros a month":                       1500,
		"one million two hundred thousand euros over 4 years":             1200000,
		"a grant of two hundred thousand euros":                           200000,
		"de gemeente betaalt vijftienhonderd euro per maand":              1500,
		"een miljoen tweehonderdduizend euro voor vier jaar":              1200000,
		"fifty thousand three hundred euros in total":                     50300,
	} {
		s := Parse(in, "nl").Slots
		if len(s.Amounts) != 1 || s.Amounts[0].Value != want {
			t.Errorf("%q: amounts %+v, want %v", in, s.Amounts, want)
		}
	}
	for _, in := range []string{
		"a thousand questions about the tender",
		"we hebben duizend vragen over de aanbesteding",
		"and thousand other things",
		"three people asked about the threshold",
		"three hundred people paid ten euros each",
		"hundred euros for the street party",
	} {
		if s := Parse(in, "en").Slots; len(s.Amounts) != 0 {
			t.Errorf("%q: amounts %+v, want none", in, s.Amounts)
		}
	}
}

// The rate and the duration around a spelled sum are read as around
// figures: two hundred thousand a year for three years is 600,000.
func TestSpelledSumWithRate(t *testing.T) {
	s := Parse("Our council pays a cooperative two hundred thousand euros a year for three years to maintain the parks. Is a tender required?", "en").Slots
	v, months, ok := s.Total()
	if !ok || v != 600000 || months != 36 {
		t.Errorf("total %v over %d months (%v), want 600000 over 36", v, months, ok)
	}
}

// spelledSums never panics and leaves a text without number words as it
// is.
func FuzzSpelledSums(f *testing.F) {
	for _, s := range []string{"tweehonderdduizend", "two hundred and fifty thousand", "a hundred thousand", "and thousand",
		"honderdduizend", "een halve ton", "tweeenhalf miljoen", "negenhonderdnegenennegentigduizend", "duizend", "hundred and thousand",
		"€tweehonderdduizend,", "one one thousand", "a a a thousand", "fifteen hundred euros", "one million two hundred thousand euros",
		"vijftienhonderd euro", "a thousand euros", "hundred thousand and"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		out := spelledSums(s)
		if !stringsContainAny(s, "duizend", "thousand", "half", "halve", "hundred", "honderd") && out != s {
			t.Errorf("%q changed to %q without a number word", s, out)
		}
		if en := englishSums(s); !stringsContainAny(strings.ToLower(s), "euro", "eur ") && en != s {
			t.Errorf("englishSums changed %q to %q without euros", s, en)
		}
		_ = Parse(s, "en")
	})
}

func stringsContainAny(s string, subs ...string) bool {
	for _, sub := range subs {
		if strings.Contains(s, sub) {
			return true
		}
	}
	return false
}

// A follow-up that asks its own kind of question about the subject before
// ("en geldt die ook …?" after "hoe lang is …?") takes its own type; one
// that only names something else ("en voor werken?") keeps the type of
// the question before.
func TestFollowUpAsksItsOwnType(t *testing.T) {
	prev := Parse("Hoe lang is de opschortende termijn?", "nl")
	if got := Merge(prev, Parse("en geldt die ook bij een nationale aanbesteding?", "nl")).Type; got != MayMust {
		t.Errorf("yes/no follow-up: type %q, want %q", got, MayMust)
	}
	if got := Merge(prev, Parse("en bij werken?", "nl")).Type; got != TimeLimit {
		t.Errorf("elliptic follow-up: type %q, want %q", got, TimeLimit)
	}
}

// A yes/no follow-up about "die"/"it" keeps the subject of the question
// before without what that question asked ("hoe lang is").
func TestFollowUpOfItDropsTheFrame(t *testing.T) {
	prev := Parse("Hoe lang is de opschortende termijn?", "nl")
	got := Merge(prev, Parse("en geldt die ook bij een nationale aanbesteding?", "nl")).Text
	if strings.Contains(strings.ToLower(got), "hoe lang") || !strings.Contains(got, "opschortende termijn") {
		t.Errorf("merged %q: want the subject without 'hoe lang'", got)
	}
	prev = Parse("How long does the standstill period last?", "en")
	got = Merge(prev, Parse("and does it also apply to a national tender?", "en")).Text
	if strings.Contains(strings.ToLower(got), "how long") || !strings.Contains(got, "standstill period") {
		t.Errorf("merged %q: want the subject without 'how long'", got)
	}
	if got := withoutFrame("hoe lang?"); got != "hoe lang?" {
		t.Errorf("a bare frame: %q, want it kept", got)
	}
}

// "en als het twee ton is?" after a case gives the case a new value in
// words, as "en als het 200.000 is?" does in figures.
func TestFollowUpSumInWords(t *testing.T) {
	prev := Parse("de gemeente betaalt ons 150.000 euro voor het groenonderhoud, moet dat europees?", "nl")
	for in, want := range map[string]float64{"en als het twee ton is?": 200000, "en bij anderhalve ton?": 150000, "en als het 250k is?": 250000} {
		m := Merge(prev, Parse(in, "nl"))
		if len(m.Slots.Amounts) != 1 || m.Slots.Amounts[0].Value != want {
			t.Errorf("%q: amounts %+v, want %v", in, m.Slots.Amounts, want)
		}
	}
	prevEN := Parse("the council pays us 150,000 euros for cleaning, EU tender needed?", "en")
	if m := Merge(prevEN, Parse("and if it's two hundred thousand?", "en")); len(m.Slots.Amounts) != 1 || m.Slots.Amounts[0].Value != 200000 {
		t.Errorf("English: amounts %+v, want 200000", m.Slots.Amounts)
	}
}
