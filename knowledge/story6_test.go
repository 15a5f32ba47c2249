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

// Thanks after a story question ("Thanks in advance!", "Alvast
// bedankt!") leaves the answer as it is without it: "in advance" (read as
// "vooraf") must not pull in the text that chooses "by rules known in
// advance".
func TestClosingThanksLeavesTheAnswer(t *testing.T) {
	e := askEngine(t)
	for _, c := range []struct {
		text, thanks string
		lang         i18n.Lang
	}{
		{"We are five neighbours and want to keep the community centre open ourselves now that the council wants to close it. Someone told us there is a new law that helps us, is that true?", " Thanks in advance!", i18n.EN},
		{"Our residents group wants to run the village library ourselves because the council plans to close it. A neighbour said a new law helps groups like ours, is that true?", " Thanks in advance!", i18n.EN},
		{"Wij zijn met zes buren en willen het buurthuis zelf draaien nu de gemeente het wil sluiten. Iemand zei dat een nieuwe wet ons daarbij helpt, klopt dat?", " Alvast bedankt!", i18n.NL},
	} {
		plain := ask(t, e, c.text, c.lang, nil)
		thanked := ask(t, e, c.text+c.thanks, c.lang, nil)
		if plain.Kind != thanked.Kind || Lead(plain.Answer) != Lead(thanked.Answer) {
			t.Errorf("%.40q…: with thanks %s %.80q, without %s %.80q", c.text, thanked.Kind, Lead(thanked.Answer), plain.Kind, Lead(plain.Answer))
		}
	}
}
