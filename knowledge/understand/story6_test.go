package understand

import (
	"strings"
	"testing"
)

// What someone in the story claims, right before a bare "Klopt dat?", is
// what the asker checks, also when its words are no terms of the domain;
// a claim that names nothing itself ("dat het nu anders is") points back
// at the sentence before it, which names the domain.
func TestReportedClaimBeforeABareQuestion(t *testing.T) {
	for _, c := range []struct{ text, lang, want string }{
		{"Wij zijn vijf bewoners die samen de speeltuin bijhouden. Volgend jaar willen we een contract met de gemeente tekenen. Mijn buurman zegt dat wij dan zelf met ons huis aansprakelijk zijn. Klopt dat?", "nl", "aansprakelijk"},
		{"Our group repairs bikes for the school. Next month we sign a contract with the council. A friend says our treasurer would then be personally liable. Is that true?", "en", "liable"},
		{"De drempel voor diensten was vorig jaar 221.000 euro. Mijn collega zegt dat het nu anders is. Klopt dat?", "nl", "drempel"},
	} {
		q := Parse(c.text, c.lang)
		if !strings.Contains(strings.ToLower(q.Claim), c.want) {
			t.Errorf("%.50q…: claim %q, want %q in it", c.text, q.Claim, c.want)
		}
	}
}
