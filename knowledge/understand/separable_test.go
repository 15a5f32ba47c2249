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
