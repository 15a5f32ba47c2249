package knowledge

import (
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
