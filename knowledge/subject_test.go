package knowledge

import (
	"testing"

	"github.com/noaber/noaber/i18n"
)

// TestOutsideSubject: a question whose story says who asks in the
// domain's words (an initiative, a cooperative, a community centre) but
// whose subject is something the corpus does not know is refused; one
// whose only subject is who asks (a legal form), or that names a term of
// the domain, is answered. Written for this test, not taken from an eval
// set.
func TestOutsideSubject(t *testing.T) {
	e := askEngine(t)
	for _, c := range []struct {
		lang    i18n.Lang
		text    string
		refused bool
	}{
		// the subject is a thing the corpus has no word for
		{i18n.NL, "Ons buurtinitiatief wil een defibrillator aan de gevel van het wijkcentrum bevestigen. Moeten we daarvoor iets aanvragen?", true},
		{i18n.EN, "Our village cooperative wants to install a defibrillator on the wall of the community centre. Do we need to apply for something?", true},
		// a body or register the corpus does not know, by its abbreviation
		{i18n.NL, "Onze zorgcoöperatie in het dorp wil een AGB-registratie om behandelingen te kunnen declareren. Hoe regelen we dat?", true},
		{i18n.NL, "Ons buurtinitiatief wil geld ophalen met crowdfunding voor een nieuw speeltoestel. Moeten we ons melden bij de AFM?", true},
		// who asks is the subject: a legal form
		{i18n.NL, "Onze energiecoöperatie wil zonnepanelen op het dak van de sporthal leggen en de opbrengst met de leden delen. Kan dat als coöperatie of moeten we een vereniging worden?", false},
		// a task the municipality and a group pass between them, or money
		// for the group, whatever the task or the money is for
		{i18n.NL, "Onze buurt wil het zwembad zelf gaan runnen nu de gemeente wil bezuinigen. Hoe pakken we dat aan?", false},
		{i18n.NL, "Onze wijkraad wil zelf bepalen waar het geld voor de buurt naartoe gaat. Kan dat?", false},
		// a term of the domain beside the unknown words
		{i18n.NL, "Wordt de beslistermijn opgeschort als de gemeente ons verzocht heeft de aanvraag aan te vullen?", false},
	} {
		res := ask(t, e, c.text, c.lang, nil)
		if got := res.Kind == KindRefuse; got != c.refused {
			t.Errorf("%q: kind %s, want refused %v: %.120q", c.text, res.Kind, c.refused, res.Answer)
		}
	}
}

// TestAskerAnchorsNoOffTopic: a word that says who asks is no term of the
// domain beside an off-topic subject, however well the corpus knows it (an
// energy cooperative has a heading of its own).
func TestAskerAnchorsNoOffTopic(t *testing.T) {
	e := askEngine(t)
	for _, text := range []string{
		"Kan onze energiecoöperatie ook SDE-subsidie krijgen voor de zonnepanelen?",
		"Hoe werkt de SDE subsidie voor een energiecoöperatie?",
	} {
		if res := ask(t, e, text, i18n.NL, nil); res.Kind != KindRefuse {
			t.Errorf("%q: kind %s, want refused: %.120q", text, res.Kind, res.Answer)
		}
	}
}

// TestPrivateBuyer: the purchasing of the asker's own firm is no relation
// between a municipality and a group, and gets no tender verdict; a firm
// that works for the municipality is in the domain.
func TestPrivateBuyer(t *testing.T) {
	e := askEngine(t)
	for _, c := range []struct {
		lang    i18n.Lang
		text    string
		refused bool
	}{
		{i18n.EN, "Our company buys new printers for 250,000 euros. Do we have to tender that?", true},
		{i18n.NL, "Ons bedrijf zoekt een nieuwe leverancier voor de kantine. Moeten wij als BV europees aanbesteden?", true},
		{i18n.NL, "Mijn bedrijf wil meedoen aan een aanbesteding van de gemeente. Wat is de drempel voor diensten?", false},
	} {
		res := ask(t, e, c.text, c.lang, nil)
		if got := res.Kind == KindRefuse; got != c.refused {
			t.Errorf("%q: kind %s, want refused %v: %.120q", c.text, res.Kind, c.refused, res.Answer)
		}
	}
}

// TestAsksThere: a question sentence that asks what applies "there" asks
// about the country its story names; "daar … voor" (for that) and "is
// there" place nothing.
func TestAsksThere(t *testing.T) {
	for focus, want := range map[string]bool{
		"Welke termijnen gelden daar?":                           true,
		"What are the thresholds there?":                         true,
		"Moeten we daar een vergunning voor aanvragen?":          false,
		"Moeten we daar rekening mee houden?":                    false,
		"Is there a cross-border interest in our contract?":      false,
		"Are there exceptions for small contracts?":              false,
		"Hoe zit dat daar met de drempel voor diensten?":         false,
		"Hoe hoog is de drempel daar eigenlijk?":                 true,
		"And do the same rules apply there for social services?": true,
	} {
		if got := asksThere(focus); got != want {
			t.Errorf("asksThere(%q) = %v, want %v", focus, got, want)
		}
	}
	e := askEngine(t)
	res := ask(t, e, "Wij willen meedoen aan een aanbesteding van een school in Duitsland. Welke termijnen gelden daar?", i18n.NL, nil)
	if res.Kind != KindRefuse {
		t.Errorf("a tender in Germany: kind %s: %.120q", res.Kind, res.Answer)
	}
}

// TestUnknownLaw: a law no text of the corpus has is another law than the
// domain's, also beside a word the domain shares with it (renting out).
func TestUnknownLaw(t *testing.T) {
	e := askEngine(t)
	res := ask(t, e, "Wat zegt de Huisvestingswet over het verhuren van het dorpshuis als woonruimte?", i18n.NL, nil)
	if res.Kind != KindRefuse {
		t.Errorf("another law: kind %s: %.120q", res.Kind, res.Answer)
	}
	// the domain's own laws are in the corpus
	res = ask(t, e, "Wat regelt de Algemene termijnenwet als een termijn op zaterdag eindigt?", i18n.NL, nil)
	if res.Kind == KindRefuse {
		t.Errorf("the Time Limits Act: refused: %.120q", res.Answer)
	}
}

// TestGoodOnSubject: a question about a rule of the domain is answered
// from the passage on that rule although a word of it no text has lowers
// the coverage of the whole; a federal tier of government is another
// country's, and a single domain word in a request to write is no
// question about it.
func TestGoodOnSubject(t *testing.T) {
	e := askEngine(t)
	for _, c := range []struct {
		lang    i18n.Lang
		text    string
		refused bool
	}{
		{i18n.NL, "mag ons dorpshuis een snackbar erbij beginnen zonder dat het staatssteun is", false},
		{i18n.EN, "What is the procurement threshold for a Swiss canton?", true},
		{i18n.EN, "What's the acquisition threshold for federal contracts?", true},
		{i18n.EN, "can u rite my tender pls", true},
	} {
		res := ask(t, e, c.text, c.lang, nil)
		if got := res.Kind == KindRefuse; got != c.refused {
			t.Errorf("%q: kind %s, want refused %v: %.120q", c.text, res.Kind, c.refused, res.Answer)
		}
	}
}

// TestAnnouncedTopic: a message that only announces a question about a
// topic of the domain asks which question ("Bedoel je …?"); one that goes
// on to ask it is answered.
func TestAnnouncedTopic(t *testing.T) {
	for text, want := range map[string]bool{
		"vraagje over de vereniging":          true,
		"quick question about the threshold":  true,
		"Een korte vraag over de stichting":   true,
		"vraagje over de vereniging?":         false,
		"vraag over de drempel voor diensten": false,
		"wat is een vereniging":               false,
	} {
		if got := announcesTopic(text); got != want {
			t.Errorf("announcesTopic(%q) = %v, want %v", text, got, want)
		}
	}
	e := askEngine(t)
	res := ask(t, e, "vraagje over de stichting", i18n.NL, nil)
	if res.Kind != KindClarify || len(res.Choices) < 2 {
		t.Errorf("an announced topic: kind %s, %d choices: %.100q", res.Kind, len(res.Choices), res.Answer)
	}
}

// TestAsksOnlyKind: a question sentence that only asks what kind of
// answer it wants, after a story that only says who asks, is asked back;
// one that names its subject is answered.
func TestAsksOnlyKind(t *testing.T) {
	e := askEngine(t)
	res := ask(t, e, "Hello, we are a small cooperative of neighbours and we might start working with the council. Is that mandatory for us?", i18n.EN, nil)
	if res.Kind != KindClarify || len(res.Choices) < 2 {
		t.Errorf("only who asks: kind %s, %d choices: %.100q", res.Kind, len(res.Choices), res.Answer)
	}
	res = ask(t, e, "We are a small cooperative of neighbours. Is a certificate of conduct mandatory for our volunteers?", i18n.EN, nil)
	if res.Kind == KindClarify || res.Kind == KindRefuse {
		t.Errorf("a subject named: kind %s: %.100q", res.Kind, res.Answer)
	}
}

// An abbreviation stands alone between characters that are no letters;
// glued to an accented letter it is part of a word.
func TestAcronymInStandsAlone(t *testing.T) {
	for text, want := range map[string]bool{
		"Moeten we dat bij de AFM melden?": true,
		"AFM":                              true,
		"wat is ÉAFM?":                     false,
		"de AFMé-regel":                    false,
	} {
		if got := acronymIn(text, "afm"); got != want {
			t.Errorf("acronymIn(%q, afm) = %v, want %v", text, got, want)
		}
	}
}
