package knowledge

import (
	"strings"
	"testing"

	"github.com/noaber/noaber/i18n"
)

// The words of formal, official Dutch ("ingevolge", "conform", "thans",
// "dient … te worden") say nothing about the subject: they must not make a
// precise question look out of scope.
func TestFormalWordsAreNotSearched(t *testing.T) {
	e := askEngine(t)
	ix := e.snap.Load().idx[i18n.NL]
	for _, g := range ix.analyze("Welk bedrag dient ingevolge de wet thans conform de regels van toepassing te zijn?") {
		switch g.word {
		case "dient", "ingevolge", "thans", "conform", "toepassing":
			t.Errorf("%q is searched (%s)", g.word, g.how)
		}
	}
	res := ask(t, e, "Welk drempelbedrag dient thans ingevolge de Aanbestedingswet te worden gehanteerd voor een dienstenopdracht van een gemeente?", i18n.NL, nil)
	if res.Kind != KindAnswer || !strings.Contains(Lead(res.Answer), "216.000") {
		t.Errorf("kind %s: %q", res.Kind, Lead(res.Answer))
	}
}
