package knowledge

import (
	"reflect"
	"testing"
	"time"
)

func TestYearsAndFigures(t *testing.T) {
	for q, want := range map[string][]int{
		"drempel werken 2024":                  {2024},
		"drempels 2024-2025":                   {2024, 2025},
		"verordening 2025/2152":                nil,
		"wat is de drempel":                    nil,
		"klopt het dat het 5.548.000 euro was": nil,
	} {
		if got := yearsIn(q); !reflect.DeepEqual(got, want) {
			t.Errorf("yearsIn(%q) = %v, want %v", q, got, want)
		}
	}
	if got := figuresOf("klopt 5.548.000 in 2024 en 12", []int{2024}); !reflect.DeepEqual(got, []string{"5548000"}) {
		t.Errorf("figuresOf = %v", got)
	}
}

func TestPreferPeriodAndCase(t *testing.T) {
	day := func(y int) time.Time { return time.Date(y, 1, 1, 0, 0, 0, 0, time.UTC) }
	old := &Document{Title: "Drempels 2024-2025", ValidFrom: day(2024), ValidTo: time.Date(2025, 12, 31, 0, 0, 0, 0, time.UTC)}
	cur := &Document{Title: "Drempels 2026-2027", ValidFrom: day(2026), ValidTo: time.Date(2027, 12, 31, 0, 0, 0, 0, time.UTC)}
	util := &Document{Title: "Drempels voor nutsbedrijven"}
	hits := func() []hit {
		return []hit{
			{i: 0, p: &Passage{Doc: old, Text: "werken € 5.538.000"}, score: 10, coverage: 1},
			{i: 1, p: &Passage{Doc: util, Text: "€ 432.000"}, score: 9, coverage: 1},
			{i: 2, p: &Passage{Doc: cur, Text: "werken € 5.404.000"}, score: 8, coverage: 1},
		}
	}
	order := func(hs []hit) []int32 {
		var out []int32
		for _, h := range hs {
			out = append(out, h.i)
		}
		return out
	}
	now := time.Date(2026, 6, 1, 0, 0, 0, 0, time.UTC)
	for _, c := range []struct {
		q    string
		now  time.Time
		want []int32
	}{
		{"drempel werken", now, []int32{2, 1, 0}},                                         // today's period, the general case first
		{"drempel werken in 2025", now, []int32{0, 1, 2}},                                 // the year asked wins
		{"drempel werken nutsbedrijven", now, []int32{1, 2, 0}},                           // the special case asked for
		{"klopt het dat het 5.538.000 was", now, []int32{0, 2, 1}},                        // the figure asked about
		{"drempel werken", time.Date(2025, 3, 1, 0, 0, 0, 0, time.UTC), []int32{0, 1, 2}}, // in 2025, 2024-2025 was valid
	} {
		if got := order(prefer(hits(), c.q, c.now)); !reflect.DeepEqual(got, c.want) {
			t.Errorf("prefer(%q, %s) = %v, want %v", c.q, c.now.Format(time.DateOnly), got, c.want)
		}
	}
}

func TestFigureKinds(t *testing.T) {
	for q, want := range map[string]figureKind{
		"wat is de drempel":                  figAmount,
		"hoe lang duurt de termijn":          figDuration,
		"wanneer moet het klaar zijn":        figDate,
		"wat is het de-minimisplafond":       figAmount,
		"wat is maatschappelijk aanbesteden": 0,
	} {
		if got := asksFigure(q); got&want != want || (want == 0 && got != 0) {
			t.Errorf("asksFigure(%q) = %b, want %b", q, got, want)
		}
	}
	for s, want := range map[string]figureKind{
		"De drempel is € 216.000 (Gedelegeerde Verordening (EU) 2025/2152).": figAmount,
		"Minstens 30% van de werknemers.":                                    figPercent,
		"De termijn is 6 weken (Awb art. 6:7).":                              figDuration,
		"Uiterlijk op 1 januari 2027 (griffiers.nl).":                        figDate,
		"Neem het maandbedrag keer 48 (Aw art. 2.17).":                       figCount,
		"De wet noemt geen bedragen (Aw art. 2.1 t/m 2.6a).":                 0,
	} {
		if got := figuresIn(s); got != want {
			t.Errorf("figuresIn(%q) = %b, want %b", s, got, want)
		}
	}
}

func TestSentenceCues(t *testing.T) {
	for s, want := range map[string]bool{
		"Dit bedrag geldt sinds 1 januari 2026.":                     true,
		"So the €750,000 ceiling is not a blank cheque.":             true,
		"Almere noemt bijvoorbeeld 8 weken.":                         true,
		"Voor diensten (bijvoorbeeld zorg) is de drempel € 750.000.": false,
		"De drempel is € 216.000.":                                   false,
	} {
		if got := dependent(s); got != want {
			t.Errorf("dependent(%q) = %v", s, got)
		}
	}
	if qualifierSet("Voor speciale sectoren (nutsbedrijven) is het € 1.000.000") == 0 || qualifierSet("the SGEI ceiling") == 0 ||
		qualifierSet("Onder de oude regels was het 15 dagen") == 0 || qualifierSet("De drempel voor diensten van gemeenten") != 0 {
		t.Error("qualifierSet misses a special case or sees one that is not there")
	}
}

// Care and welfare a municipality buys under the Wmo are social services:
// a question about them is about the light regime's special case.
func TestWmoIsSocialServices(t *testing.T) {
	if qualifierSet("We kopen huishoudelijke hulp voor de Wmo in") != qualifierSet("Het verlicht regime voor sociale diensten") {
		t.Error("a Wmo purchase does not ask about the social services' special case")
	}
}

// A question that names the light regime by its abbreviation or in other
// words asks about that special case: a passage headed "light regime" is
// not another case than the one asked ("Do the award criteria apply in the
// SAS procedure?").
func TestQualifierNamesOfTheLightRegime(t *testing.T) {
	regime := qualifierSet("Does BPKV apply under the light regime")
	if regime == 0 {
		t.Fatal("the light regime is no qualifier")
	}
	for _, q := range []string{
		"Do the award criteria rules apply in the SAS procedure?",
		"geldt de alcatel-termijn bij de sas-procedure",
		"Is de verlichte procedure verplicht voor zorg?",
		"is the light-touch regime optional",
	} {
		if qualifierSet(q)&regime == 0 {
			t.Errorf("%q does not name the light regime", q)
		}
	}
	for _, q := range []string{"wat is de drempel voor diensten", "what is the standstill period", "hoe lang is de termijn"} {
		if qualifierSet(q)&regime != 0 {
			t.Errorf("%q names the light regime", q)
		}
	}
}
