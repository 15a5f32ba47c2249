package knowledge

import (
	"strings"
	"testing"

	"github.com/noaber/noaber/i18n"
)

// Past forms of the modal and auxiliary verbs ("moest", "geworden") and
// the fillers "echt" and "juist" say nothing about a topic, but few texts
// use them, so as words they would weigh like the rarest term: "is het
// een opdracht geworden?" must not go to the one passage that says who
// "het is geworden".
func TestDutchAuxiliaryFormsAreFillers(t *testing.T) {
	nl := newAnalyzer(i18n.NL)
	for _, w := range []string{"geworden", "moest", "moesten", "mocht", "mochten", "kon", "konden", "echt", "juist"} {
		if !nl.isStop(w) {
			t.Errorf("%q is no stop word", w)
		}
	}
}

// "Wat is er anders dan …?" asks for a difference like "wat is het
// verschil met …?": the words "anders dan" are no filler there.
func TestDifferentFromAsksForTheDifference(t *testing.T) {
	e := askEngine(t)
	res := ask(t, e, "Ik zit in de raad. Wat is er nu anders dan bij de inspraakverordening?", i18n.NL, nil)
	if res.Kind != KindAnswer || !strings.Contains(Lead(res.Answer), "uitvoering") {
		t.Errorf("kind %s: %q", res.Kind, Lead(res.Answer))
	}
}
