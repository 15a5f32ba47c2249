package understand

import (
	"strings"
	"testing"
)

// A sentence that names nothing of the domain between the question and
// the thing it points at ("We hebben er nog een van vorig jaar.", "Mijn
// vraag is:") is no antecedent: the question points past it, at the last
// sentence that names the domain.
func TestAntecedentPointsPastASentenceThatNamesNothing(t *testing.T) {
	for _, c := range []struct{ text, lang, want string }{
		{"Voor een opdracht van de gemeente moeten we een gedragsverklaring aanbesteden inleveren. We hebben er nog een van een paar jaar terug in de la. Is die nog bruikbaar?", "nl", "gedragsverklaring"},
		{"Our foundation pays a low rent to the council and someone mentioned state aid. Our treasurer laughed about it at the last meeting. Does that matter for us?", "en", "state aid"},
	} {
		q := Parse(c.text, c.lang)
		if !strings.Contains(strings.ToLower(q.Antecedent), c.want) {
			t.Errorf("%.50q…: antecedent %q, want %q in it", c.text, q.Antecedent, c.want)
		}
	}
}
