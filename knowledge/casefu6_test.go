package knowledge

import (
	"strings"
	"testing"

	"github.com/noaber/noaber/i18n"
)

// A follow-up in the other language than the question before leans on the
// twin of the card that answered it: "is there a minimum share of
// volunteers for that?" after a Dutch question about the free VOG is about
// the free VOG.
func TestFollowUpInTheOtherLanguage(t *testing.T) {
	e := askEngine(t)
	r1 := ask(t, e, "Hoe vragen wij als buurtvereniging een gratis VOG aan voor onze vrijwilligers?", i18n.NL, nil)
	if r1.Card == nil {
		t.Fatalf("first question: kind %s, no card", r1.Kind)
	}
	r2 := ask(t, e, "is there a minimum share of volunteers for that?", i18n.EN, r1.Context)
	if r2.Card == nil || !strings.Contains(r2.Card.Key(), "vog") {
		t.Errorf("follow-up in English: kind %s, lead %q; want a card on the free VOG", r2.Kind, Lead(r2.Answer))
	}
	if got := e.prevInLang(r1.Context, i18n.NL); got != r1.Context {
		t.Errorf("same language: context %+v changed", got)
	}
}

// A question that opens with "so"/"dus" draws a conclusion from the answer
// before it: the case of that question is its case.
func TestFollowUpThatConcludes(t *testing.T) {
	e := askEngine(t)
	r1 := ask(t, e, "We clean the town hall windows for the council for €3,500 a month, and the contract has no end date. Someone told us it is then worth €168,000. Where does that figure come from?", i18n.EN, nil)
	r2 := ask(t, e, "so does the council have to tender EU-wide?", i18n.EN, r1.Context)
	if r2.Kind != KindCheck || !strings.Contains(Lead(r2.Answer), "168,000") {
		t.Errorf("so-follow-up: kind %s, lead %q; want the verdict on €168,000", r2.Kind, Lead(r2.Answer))
	}
	r1 = ask(t, e, "De gemeente betaalt ons 5.000 euro per maand voor het groenonderhoud, zonder einddatum. Hoe komt de gemeente dan aan een waarde van 240.000 euro?", i18n.NL, nil)
	r2 = ask(t, e, "dus moet de gemeente Europees aanbesteden?", i18n.NL, r1.Context)
	if r2.Kind != KindCheck || !strings.Contains(Lead(r2.Answer), "240.000") {
		t.Errorf("dus-follow-up: kind %s, lead %q; want the verdict on € 240.000", r2.Kind, Lead(r2.Answer))
	}
	for in, want := range map[string]bool{"dus dan moeten we aanbesteden?": true, "so what now?": true, "so?": false, "sociale diensten drempel": false} {
		if got := concludes(in); got != want {
			t.Errorf("concludes(%q) = %v, want %v", in, got, want)
		}
	}
}
