package knowledge

import (
	"slices"
	"strings"
	"testing"

	"github.com/noaber/noaber/i18n"
)

// Past forms of the modal and auxiliary verbs ("moest", "geworden"), the
// fillers "echt" and "juist" and "kijken" ("waar kijk ik naar?") say
// nothing about a topic, but few texts
// use them, so as words they would weigh like the rarest term: "is het
// een opdracht geworden?" must not go to the one passage that says who
// "het is geworden".
func TestDutchAuxiliaryFormsAreFillers(t *testing.T) {
	nl := newAnalyzer(i18n.NL)
	for _, w := range []string{"geworden", "moest", "moesten", "mocht", "mochten", "kon", "konden", "echt", "juist", "kijk", "kijken", "daarmee", "hiermee", "heen"} {
		if !nl.isStop(w) {
			t.Errorf("%q is no stop word", w)
		}
	}
}

// "Wat is er anders dan …?" asks for a difference like "wat is het
// verschil met …?": the words "anders dan" are no filler there.
func TestDifferentFromAsksForTheDifference(t *testing.T) {
	e := askEngine(t)
	res := ask(t, e, "Ik zit in de raad. Wat is er nu anders dan bij de inspraakverordening?", i18n.NL, nil)
	if res.Kind != KindAnswer || !strings.Contains(Lead(res.Answer), "uitvoering") {
		t.Errorf("kind %s: %q", res.Kind, Lead(res.Answer))
	}
}

// The asker's own legal form, named in the story, decides between the
// documents on legal forms: a board of an informal vereniging asks about
// the vereniging's liability, not the stichting's.
func TestOwnLegalFormFromTheStory(t *testing.T) {
	e := askEngine(t)
	res := ask(t, e, "Wij zijn een kleine dorpsvereniging zonder akte, alleen met een huishoudelijk reglement. We gaan een contract met de gemeente tekenen. Zijn wij als bestuur dan persoonlijk aansprakelijk?", i18n.NL, nil)
	if res.Kind != KindAnswer || res.Card == nil || res.Card.Doc.Topic != "vereniging" {
		t.Errorf("kind %s, card %v: %q", res.Kind, res.Card, Lead(res.Answer))
	}
}

// A sum of money asked from the municipality makes a story about a party
// one about a subsidy: "Moet dat bij zo'n klein bedrag ook?" is no
// question about the barbecue.
func TestEurosFromTheMunicipalityAreASubsidy(t *testing.T) {
	e := askEngine(t)
	res := ask(t, e, "Voor onze straatbarbecue vragen we 600 euro aan bij de gemeente. Een andere buurt moest na afloop een verslag inleveren. Moet dat bij zo'n klein bedrag ook?", i18n.NL, nil)
	if res.Kind != KindAnswer || !strings.Contains(Lead(res.Answer), "5.000") {
		t.Errorf("kind %s: %q", res.Kind, Lead(res.Answer))
	}
}

// A Dutch verb form in -t that few texts have ("inkoopt") finds the verb's
// other forms and weighs like the verb, not like the rarest term; a word
// many texts have ("markt") keeps its own stem alone.
func TestThirdPersonVerbWeighsLikeItsVerb(t *testing.T) {
	e := askEngine(t)
	ix := e.snap.Load().idx[i18n.NL]
	for _, c := range []struct{ form, verb string }{{"inkoopt", "inkopen"}, {"overneemt", "overnemen"}} {
		g, ok := ix.group(c.form)
		verb := ix.an.Stem(c.verb)
		if !ok || !slices.Contains(g.terms, verb) || g.idf > ix.idf(len(ix.postings[verb]))+1e-6 {
			t.Errorf("%s: terms %v idf %.2f, want %q at its weight %.2f", c.form, g.terms, g.idf, verb, ix.idf(len(ix.postings[verb])))
		}
	}
	if g, _ := ix.group("markt"); len(g.terms) != 1 {
		t.Errorf("markt: terms %v, want its own stem alone", g.terms)
	}
}

// "Is die nog goed?" asks whether something is still valid: the card on
// how old a GVA may be, not the one on what it is.
func TestStillGoodAsksForValidity(t *testing.T) {
	e := askEngine(t)
	res := ask(t, e, "Wij doen mee aan een aanbesteding voor schoonmaak. In de stukken staat dat we een gedragsverklaring aanbesteden moeten meesturen. We hebben er nog een liggen uit 2022. Is die nog goed of moeten we een nieuwe aanvragen?", i18n.NL, nil)
	if res.Kind != KindAnswer || res.Card == nil || res.Card.ID != "hoe-oud-mag-een-gva" {
		t.Errorf("kind %s, card %v: %q", res.Kind, res.Card, Lead(res.Answer))
	}
}

// "Wat is daar uit gekomen?" asks for the outcome.
func TestWhatCameOutOfIt(t *testing.T) {
	e := askEngine(t)
	res := ask(t, e, "Onze wijkraad deed rond 2015 mee aan 'Ruim op die regels'. Ik wil graag weten wat daar uiteindelijk uit gekomen is.", i18n.NL, nil)
	if res.Kind != KindAnswer || res.Card == nil || res.Card.ID != "wat-kwam-eruit-de" {
		t.Errorf("kind %s, card %v: %q", res.Kind, res.Card, Lead(res.Answer))
	}
}

// A question sentence that names nothing but asks for a date asks it of
// the term its story names: answered, not met with "Bedoel je …?".
func TestDateOfTheStorySubject(t *testing.T) {
	e := askEngine(t)
	res := ask(t, e, "Bij ons in de gemeente geldt nog steeds de oude inspraakverordening. Wat moeten we doen en voor wanneer?", i18n.NL, nil)
	if res.Kind != KindAnswer || !strings.Contains(Lead(res.Answer), "2027") {
		t.Errorf("kind %s: %q", res.Kind, Lead(res.Answer))
	}
}
