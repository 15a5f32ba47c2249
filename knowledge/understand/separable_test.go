package understand

import (
	"slices"
	"testing"
)

func TestJoinSeparable(t *testing.T) {
	for _, c := range []struct{ in, want []string }{
		{[]string{"verplicht", "om", "de", "uitdaging", "toe", "te", "kennen"}, []string{"verplicht", "om", "de", "uitdaging", "toekennen"}},
		{[]string{"hoe", "vraag", "ik", "dat", "aan"}, []string{"hoe", "vraag", "ik", "dat", "aan"}},
		{[]string{"niet", "te", "doen"}, []string{"niet", "te", "doen"}},
		{[]string{"om", "te", "kijken"}, []string{"om", "te", "kijken"}},
		{[]string{"het", "recht", "om", "uit", "te", "dagen"}, []string{"het", "recht", "om", "uit", "te", "dagen"}},
		{[]string{"in", "te", "schrijven", "voor"}, []string{"inschrijven", "voor"}},
	} {
		if got := JoinSeparable(c.in); !slices.Equal(got, c.want) {
			t.Errorf("%v: got %v, want %v", c.in, got, c.want)
		}
	}
}

func TestDutchOnlyGroups(t *testing.T) {
	th, err := ParseThesaurus(`groups = [["opdracht", "contract"]]
nlgroups = [["opdracht", "project"]]`)
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(th.DutchSynonyms("project"), []string{"opdracht"}) {
		t.Errorf("DutchSynonyms(project) = %v", th.DutchSynonyms("project"))
	}
	if slices.Contains(th.Synonyms("opdracht"), "project") || slices.Contains(th.Synonyms("contract"), "project") {
		t.Errorf("a Dutch-only synonym is a synonym in every language: %v", th.Synonyms("opdracht"))
	}
}
