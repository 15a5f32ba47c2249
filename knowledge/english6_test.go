package knowledge

import (
	"strings"
	"testing"

	"github.com/noaber/noaber/i18n"
)

// A Dutch term of the thesaurus in an English question is the term, in
// whatever Dutch form it comes: "inbesteden" is no typo of the commoner
// "aanbesteden", although the English texts only write "inbesteding".
func TestDutchTermInEnglishIsNoTypo(t *testing.T) {
	e := askEngine(t)
	ix := e.snap.Load().idx[i18n.EN]
	if got := ix.spelt([]string{"inbesteden"}); got[0] != "inbesteden" {
		t.Errorf("spelt(inbesteden) = %q, want the term as it is", got[0])
	}
	res := ask(t, e, "the council says it will inbesteden the park upkeep, what does that mean for us?", i18n.EN, nil)
	if lead := strings.ToLower(Lead(res.Answer)); res.Kind != KindAnswer || !strings.Contains(lead, "in-house") {
		t.Errorf("kind %s, lead %q: want the in-house award", res.Kind, Lead(res.Answer))
	}
}
