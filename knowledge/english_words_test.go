package knowledge

import (
	"strings"
	"testing"

	"github.com/noaber/noaber/i18n"
)

// Expats say "the Dutch right to challenge" and ask for it "in a few
// words": the corpus is about the Netherlands throughout, so "Dutch" and
// the words that ask for a short answer say nothing about which answer
// fits, and must not pull in the card that happens to use them (the one
// on where the right comes from, "… in Dutch law").
func TestEnglishFillerDoesNotSteer(t *testing.T) {
	e := askEngine(t)
	en := e.snap.Load().idx[i18n.EN]
	for _, w := range []string{"dutch", "words", "briefly", "nutshell", "summarize"} {
		if !en.an.isStop(w) {
			t.Errorf("%q is no stop word", w)
		}
	}
	res := ask(t, e, "can you describe the dutch right to challenge briefly, in a few words?", i18n.EN, nil)
	if res.Kind != KindAnswer || !strings.Contains(Lead(res.Answer), "take over") {
		t.Errorf("kind %s: %q", res.Kind, Lead(res.Answer))
	}
}
