package understand

import (
	"strings"
	"testing"
)

// A sum directly followed by a word that starts with "euro" ("Europees",
// "Europese") loses only the sum: the word says which procedure is asked.
func TestFigureKeepsTheWordAfterIt(t *testing.T) {
	for _, text := range []string{
		"Moet elke opdracht boven € 216.000 Europees worden aanbesteed?",
		"is 300.000 europese aanbesteding?",
	} {
		q := Parse(text, "nl")
		if !strings.Contains(strings.ToLower(q.SearchFocus), "europe") || strings.Contains(q.SearchFocus, "000") {
			t.Errorf("%q: search focus %q", text, q.SearchFocus)
		}
	}
	if s := Parse("wij krijgen 5000 euro per maand", "nl").Slots; len(s.Amounts) != 1 || s.Amounts[0].Value != 5000 || s.Amounts[0].Per != Month {
		t.Errorf("amounts %+v: the euro word after a sum still belongs to it", s.Amounts)
	}
}
