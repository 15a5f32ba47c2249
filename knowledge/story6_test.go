package knowledge

import (
	"testing"

	"github.com/noaber/noaber/i18n"
)

// A group without statutes or a notary's deed is an informal vereniging
// in law: asked about its board's liability, it gets the vereniging's
// answer, not the stichting's, however many words of the story
// ("notaris", "bestuur") the stichting's card shares.
func TestInformalGroupIsAVereniging(t *testing.T) {
	e := askEngine(t)
	for _, c := range []struct {
		text string
		lang i18n.Lang
	}{
		{"Met zes bewoners onderhouden we sinds vorig jaar een pluktuin, zonder notaris en zonder statuten. Binnenkort tekenen we een contract met de gemeente. Zijn wij als bestuur dan persoonlijk aansprakelijk?", i18n.NL},
	} {
		res := ask(t, e, c.text, c.lang, nil)
		if res.Kind != KindAnswer || res.Card == nil || res.Card.Doc.Topic != "vereniging" {
			t.Errorf("%.40q…: kind %s, card %v: %q", c.text, res.Kind, res.Card, Lead(res.Answer))
		}
	}
}
