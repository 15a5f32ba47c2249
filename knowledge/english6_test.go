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

// A follow-up in the other language than the question before it leans on
// that answer as it reads in its own language: the same card's question,
// after the question as it was asked (whose case facts stay).
func TestFollowUpSwitchesLanguage(t *testing.T) {
	e := askEngine(t)
	for _, c := range []struct {
		first     string
		firstLang i18n.Lang
		next      string
		nextLang  i18n.Lang
		want      string // in the follow-up's lead, lower case
	}{
		{"Hoe krijgt onze vrijwilligersclub gratis VOG's?", i18n.NL, "do we need a certain share of volunteers for it?", i18n.EN, "2018"},
		{"Wordt een wettelijke termijn verlengd als die op zondag eindigt?", i18n.NL, "and does that hold for a deadline like 'at the latest 5 days before the vote' too?", i18n.EN, "backwards"},
	} {
		first := ask(t, e, c.first, c.firstLang, nil)
		res := ask(t, e, c.next, c.nextLang, first.Context)
		if lead := strings.ToLower(Lead(res.Answer)); !strings.Contains(lead, c.want) {
			t.Errorf("%q after %q: kind %s, lead %q; want %q", c.next, c.first, res.Kind, Lead(res.Answer), c.want)
		}
	}
}

// A name the texts use in a title, heading or tag is no typo of a
// commoner look-alike: "TenderNed" is the platform, not "tendered".
func TestTopicNameIsNoTypo(t *testing.T) {
	e := askEngine(t)
	ix := e.snap.Load().idx[i18n.EN]
	if g, _ := ix.group("tenderned"); g.how == "typo" {
		t.Errorf("tenderned read as a typo of %v", g.terms)
	}
	if got := ix.spelt([]string{"tenderned"}); got[0] != "tenderned" {
		t.Errorf("spelt(tenderned) = %q", got[0])
	}
	res := ask(t, e, "what exactly is tenderned?", i18n.EN, nil)
	if !strings.Contains(Lead(res.Answer), "TenderNed") {
		t.Errorf("lead %q: want the answer on TenderNed", Lead(res.Answer))
	}
}
