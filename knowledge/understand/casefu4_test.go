package understand

import (
	"fmt"
	"strings"
	"testing"
)

// "werk" and "werken" said of the asker are a verb, not works: the kind of
// contract comes from the rest of the question.
func TestWorkAsVerbIsNoKind(t *testing.T) {
	for in, want := range map[string]string{
		"ik werk bij een ministerie en we kopen voor 150.000 euro onderzoeksdiensten in": "diensten",
		"wij werken voor de gemeente en krijgen 40.000 euro per jaar":                    "",
		"I work at a ministry and we buy €150,000 of consultancy":                        "diensten",
		"de gemeente laat werken uitvoeren voor 2 miljoen":                               "werken",
		"het werk aan de brug kost 1 miljoen":                                            "werken",
	} {
		if got := Parse(in, "nl").Slots.Kind; got != want {
			t.Errorf("%q: kind %q, want %q", in, got, want)
		}
	}
}

// A rate may follow a sum with a noun between them ("€ 280.000
// compensatie per jaar"); a word like "voor" between them makes it a
// term, not a rate.
func TestRateAfterANoun(t *testing.T) {
	for in, want := range map[string]Per{
		"ze krijgen 280.000 euro compensatie per jaar, drie jaar lang":    Year,
		"the council pays €280,000 compensation per year for three years": Year,
		"we pay €3,000 rent a month":                                      Month,
		"een vergoeding van 6.000 euro huur per kwartaal":                 Quarter,
		"we krijgen 80.000 euro voor een jaar":                            Total,
		"de opdracht van 80.000 euro loopt een jaar":                      Total,
	} {
		s := Parse(in, "nl").Slots
		if len(s.Amounts) != 1 || s.Amounts[0].Per != want {
			t.Errorf("%q: amounts %+v, want one per %q", in, s.Amounts, want)
		}
	}
}

// Each sum is dated by the year right before it ("in 2022 200.000"), else
// by the first year after it before the next sum ("150k in 2023 and 120k
// in 2025"), else by a year a few words before it in the same clause.
func TestEachSumGetsItsOwnYear(t *testing.T) {
	for in, want := range map[string][]int{
		"we kregen in 2022 200.000 en in 2025 50.000 de-minimissteun, kan er nu nog 100.000 bij?": {2022, 2025, 0},
		"we got 150k de minimis in 2023 and 120k in 2025, can we get 50k more now?":               {2023, 2025, 0},
		"In 2022 kregen we 180.000 euro de-minimissteun. Telt dat nu nog mee?":                    {2022},
		"Wij kregen in 2024 € 120.000 steun en nu 200.000 euro.":                                  {2024, 0},
	} {
		s := Parse(in, "nl").Slots
		var got []int
		for _, a := range s.Amounts {
			got = append(got, a.Year)
		}
		if fmt.Sprint(got) != fmt.Sprint(want) {
			t.Errorf("%q: years %v, want %v", in, got, want)
		}
	}
}

// "40 medewerkers, 15 met een beperking" gives the share of the staff as
// "15 van de 40" does.
func TestStaffThenPart(t *testing.T) {
	for in, want := range map[string][2]int{
		"we hebben 40 medewerkers, 15 met een beperking":      {15, 40},
		"We have 50 employees, 12 of them disabled":           {12, 50},
		"30 mensen in dienst; 9 hebben een arbeidsbeperking":  {9, 30},
		"we hebben 40 medewerkers, in 2025 kregen we 15 euro": {0, 0},
	} {
		s := Parse(in, "nl").Slots
		if s.StaffPart != want[0] || s.StaffWhole != want[1] {
			t.Errorf("%q: %d of %d, want %v", in, s.StaffPart, s.StaffWhole, want)
		}
	}
}

// A follow-up that names a day without a year takes the year that puts it
// nearest to the day of the question before.
func TestFollowUpDayTakesNearestYear(t *testing.T) {
	for _, c := range []struct {
		prev, next string
		year       int
	}{
		{"Het besluit is bekendgemaakt op 20 november 2026. Wanneer eindigt de bezwaartermijn?", "en als het op 4 december was?", 2026},
		{"Het besluit is bekendgemaakt op 20 december 2026. Wanneer eindigt de bezwaartermijn?", "en als het op 4 januari was?", 2027},
		{"Het besluit is bekendgemaakt op 20 november 2026. Wanneer eindigt de bezwaartermijn?", "en als het op 4 december 2024 was?", 2024},
	} {
		m := Merge(Parse(c.prev, "nl"), Parse(c.next, "nl"))
		if len(m.Slots.Dates) == 0 || m.Slots.Dates[0].Year != c.year {
			t.Errorf("%q: dates %+v, want year %d", c.next, m.Slots.Dates, c.year)
		}
	}
}

// A follow-up with another legal form drops the old one and what the
// question said of it: "zonder notariële akte" was the vereniging's.
func TestFollowUpOrgDropsItsQualifier(t *testing.T) {
	prev := Parse("Wij zijn een buurtvereniging zonder notariële akte. Zijn wij als bestuur dan persoonlijk aansprakelijk?", "nl")
	m := Merge(prev, Parse("en bij een stichting?", "nl"))
	if strings.Contains(m.Text, "akte") || strings.Contains(m.Text, "vereniging") || !strings.Contains(m.Text, "aansprakelijk") || !strings.Contains(m.Text, "stichting") {
		t.Errorf("merged %q", m.Text)
	}
	m = Merge(Parse("Wat is een stichting precies?", "nl"), Parse("en een vereniging?", "nl"))
	if !strings.Contains(m.Text, "precies") || strings.Contains(m.Text, "stichting") {
		t.Errorf("merged %q", m.Text)
	}
}

// Chat shorthand for a rate: "3500 pm" is per month, "60k p.j." per year;
// "3 pm" is a time of day, no sum.
func TestChatRates(t *testing.T) {
	for in, want := range map[string][]Amount{
		"gemeente betaald ons 3500 pm voor 4 jr":       {{Value: 3500, Per: Month}},
		"we krijgen 60k p.j. voor 5 jaar":              {{Value: 60000, Per: Year}},
		"€ 400 pw voor de schoonmaak":                  {{Value: 400, Per: Week}},
		"meeting at 3 pm about a contract worth €100k": {{Value: 100000, Per: Total}},
	} {
		if got := Parse(in, "nl").Slots.Amounts; fmt.Sprint(got) != fmt.Sprint(want) {
			t.Errorf("%q: %+v, want %+v", in, got, want)
		}
	}
}

// The follow-up slots of this file — a day's year from the question
// before, a legal form with its qualifier, chat rates, sums dated by their
// own year — never panic, and a day without a year lands within a year of
// the day before it.
func FuzzFollowUpSlots(f *testing.F) {
	for _, s := range [][2]string{
		{"Het besluit is bekendgemaakt op 20 december 2026. Wanneer eindigt de bezwaartermijn?", "en als het op 4 januari was?"},
		{"Wij zijn een buurtvereniging zonder notariële akte. Aansprakelijk?", "en bij een stichting?"},
		{"3500 pm voor 4 jr, 60k p.j., € 400 pw", "en 3 pm?"},
		{"we got 150k de minimis in 2023 and 120k in 2025, can we get 50k more now?", "en in 2022 200.000"},
		{"40 medewerkers, 15 met een beperking", "en als het er 10 zijn?"},
		{"op 29 februari 2028", "en op 31 februari?"},
		{"zonder met with", "stichting zonder, vereniging met."},
		{"", ""},
	} {
		f.Add(s[0], s[1])
	}
	f.Fuzz(func(t *testing.T, prev, next string) {
		p, n := Parse(prev, "nl"), Parse(next, "en")
		m := Merge(p, n)
		for _, a := range append(p.Slots.Amounts, n.Slots.Amounts...) {
			if a.Value < 0 {
				t.Errorf("negative sum %+v", a)
			}
		}
		if len(p.Slots.Dates) > 0 && p.Slots.Dates[0].Year != 0 && len(n.Slots.Dates) > 0 && n.Slots.Dates[0].Year == 0 {
			if d := m.Slots.Dates[0].Year - p.Slots.Dates[0].Year; d < -1 || d > 1 {
				t.Errorf("year %d after %d", m.Slots.Dates[0].Year, p.Slots.Dates[0].Year)
			}
		}
	})
}

// Days in the English order and with an ordinal are days.
func TestDaysInOtherOrders(t *testing.T) {
	for in, want := range map[string]Day{
		"on December 7, 2026":         {2026, 12, 7},
		"sent on March 24th":          {0, 3, 24},
		"on the 18th of December":     {0, 12, 18},
		"op de 3e november 2026":      {2026, 11, 3},
		"uiterlijk 2de januari 2027":  {2027, 1, 2},
		"in december 2026 we got 50k": {},
	} {
		ds := Parse(in, "en").Slots.Dates
		if want == (Day{}) {
			if len(ds) != 0 {
				t.Errorf("%q: dates %+v, want none", in, ds)
			}
			continue
		}
		if len(ds) != 1 || ds[0] != want {
			t.Errorf("%q: dates %+v, want %+v", in, ds, want)
		}
	}
}

// "elk jaar 55.000 euro", "every month €4,000": a rate named before the
// sum with "elk"/"every" is the sum's period, not a total.
func TestEveryPeriodBeforeTheSum(t *testing.T) {
	for in, want := range map[string]Per{
		"we krijgen voor de komende 4 jaar elk jaar 55.000 euro": Year,
		"every month €4,000 for 3 years":                         Month,
		"ieder kwartaal 9.000 euro":                              Quarter,
		"elke week € 800 voor de schoonmaak":                     Week,
	} {
		s := Parse(in, "nl").Slots
		if len(s.Amounts) != 1 || s.Amounts[0].Per != want {
			t.Errorf("%q: %+v, want per %q", in, s.Amounts, want)
		}
	}
}

// Sums in words: "een half miljoen", "anderhalf miljoen", "twee ton",
// "half a million"; "a ton of paperwork" is no sum.
func TestSumsInWords(t *testing.T) {
	for in, want := range map[string]float64{
		"een opdracht van een half miljoen voor diensten":     500000,
		"anderhalf miljoen voor werken":                       1500000,
		"half a million for cleaning services":                500000,
		"de gemeente betaalt ons twee ton voor het buurthuis": 200000,
		"een kwart miljoen voor groenonderhoud":               250000,
		"we pay a ton of money in paperwork":                  0,
	} {
		s := Parse(in, "nl").Slots
		got := 0.0
		if len(s.Amounts) > 0 {
			got = s.Amounts[0].Value
		}
		if got != want {
			t.Errorf("%q: %v, want %v", in, got, want)
		}
	}
}
