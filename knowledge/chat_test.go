package knowledge

import (
	"strings"
	"testing"

	"github.com/noaber/noaber/i18n"
)

// A greeting, a pleasantry or "quick question" around a question of the
// domain does not thin out its words: the question is answered as if
// asked alone.
func TestGreetingAroundQuestion(t *testing.T) {
	e := askEngine(t)
	for _, c := range []struct {
		lang       i18n.Lang
		text, want string
	}{
		{i18n.EN, "Good afternoon, hope you are well! A quick question about the EU threshold for works?", "5,404,000"},
		{i18n.NL, "Goedemorgen, korte vraag: wat is de Europese drempel voor werken?", "5.404.000"},
	} {
		res := ask(t, e, c.text, c.lang, nil)
		if res.Kind != KindAnswer || !strings.Contains(Lead(res.Answer), c.want) {
			t.Errorf("%q: %s %.120q, want %s in the lead", c.text, res.Kind, res.Answer, c.want)
		}
	}
}

// A case abroad is refused with a message that says Noaber knows the Dutch
// rules only, without Dutch documents as suggestions.
func TestAbroadSaysDutchOnly(t *testing.T) {
	e := askEngine(t)
	for _, c := range []struct {
		lang       i18n.Lang
		text, want string
	}{
		{i18n.NL, "Onze vzw in Hasselt krijgt 120.000 euro per jaar van de stad. Moet dat aanbesteed worden?", "Nederlandse regels"},
		{i18n.EN, "We are a Verein in Munich. What is the threshold for services there?", "Dutch rules"},
		{i18n.EN, "We run a youth centre in Liège, with volunteers and two paid staff. Must the local authority tender our contract?", "Dutch rules"},
		{i18n.EN, "Our e.V. in Cologne would like to take over the public library. Is there a right to challenge for that?", "Dutch rules"},
	} {
		res := ask(t, e, c.text, c.lang, nil)
		if res.Kind != KindRefuse || !strings.Contains(res.Answer, c.want) || len(res.Suggestions) > 0 {
			t.Errorf("%q: %s %.120q %q, want a refusal that names the %s", c.text, res.Kind, res.Answer, res.Suggestions, c.want)
		}
	}
}
