package knowledge

import (
	"strings"
	"testing"

	"github.com/noaber/noaber/i18n"
	"github.com/noaber/noaber/knowledge/understand"
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

// A sum said as a bound is no value of the case: a "no" above it or a
// "yes" below it is not computed, a verdict the bound carries is.
func TestSumAsABound(t *testing.T) {
	e := askEngine(t)
	for text, lang := range map[string]i18n.Lang{
		"Onze gemeente vraagt boven de 50.000 euro altijd drie offertes aan bij een aanbesteding. Is dat een wettelijke regel?": i18n.NL,
		"The council says every tender procedure above €60,000 needs three quotes. Does the law say so?":                        i18n.EN,
	} {
		if res := ask(t, e, text, lang, nil); res.Kind == KindCheck {
			t.Errorf("%q: a verdict %q on a policy limit", text, Lead(res.Answer))
		}
	}
	res := ask(t, e, "Our cleaning services contract for the council is worth more than €400,000. Do we need a European tender?", i18n.EN, nil)
	if res.Kind != KindCheck || !strings.Contains(Lead(res.Answer), "216,000") {
		t.Errorf("above the threshold: kind %s, lead %q; want the verdict with €216,000", res.Kind, Lead(res.Answer))
	}
	for in, want := range map[string]int{"a procedure above €50,000 is needed": 1, "ruim 300.000 euro per jaar": 1, "tot 40.000 euro vragen we één offerte": -1,
		"a contract of €50,000 over 2 years": 0, "over €80,000 for two years": 1, "€90,000 in total": 0} {
		if got := boundOf(understand.Parse(in, "en"), i18n.EN); got != want {
			t.Errorf("boundOf(%q) = %d, want %d", in, got, want)
		}
	}
}

// boundOf reads any text without a panic, as one of three answers.
func FuzzBoundOf(f *testing.F) {
	for _, s := range []string{"boven de 50.000 euro", "over €80,000", "tot 40k", "above", "ruim € 1,5 miljoen", "up to 12 months"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if b := boundOf(understand.Parse(s, "nl"), i18n.NL); b < -1 || b > 1 {
			t.Errorf("boundOf(%q) = %d", s, b)
		}
	})
}

// A follow-up that asks something new of the same topic is not answered
// with the card it leans on again when another card answers its own
// words.
func TestFollowUpAsksNewOfTheSameTopic(t *testing.T) {
	e := askEngine(t)
	r1 := ask(t, e, "Hoe weet ik of geld voor een buurtinitiatief een subsidie of een opdracht is?", i18n.NL, nil)
	r2 := ask(t, e, "en hoe leg ik dan toch vast wat ze moeten doen?", i18n.NL, r1.Context)
	if r1.Card == nil || r2.Card == nil || r2.Card.Key() == r1.Card.Key() || !strings.Contains(Lead(r2.Answer), "4:36") {
		t.Errorf("follow-up: kind %s, lead %q; want another card than the one before, on the uitvoeringsovereenkomst", r2.Kind, Lead(r2.Answer))
	}
}

// A deadline moved by a day off leads with the day it moves to: the
// reason after it may be long (a bridge day equated by Royal Decree).
func TestMovedDeadlineLeadsWithTheNewDay(t *testing.T) {
	e := askEngine(t)
	res := ask(t, e, "Our six-week objection period ends on Friday 15 May 2026. Does the deadline move?", i18n.EN, nil)
	if i := strings.Index(res.Answer, "18 May 2026"); res.Kind != KindCheck || i < 0 || i > 80 {
		t.Errorf("kind %s, answer %q: want Monday 18 May 2026 first", res.Kind, Lead(res.Answer))
	}
	res = ask(t, e, "Onze bezwaartermijn eindigt op zaterdag 12 december 2026. Schuift die op?", i18n.NL, nil)
	if i := strings.Index(res.Answer, "14 december 2026"); res.Kind != KindCheck || i < 0 || i > 80 {
		t.Errorf("kind %s, answer %q: want maandag 14 december 2026 first", res.Kind, Lead(res.Answer))
	}
}

// A value given as a product or as the whole of its parts is the value
// compared, also when it equals a threshold of another authority (€
// 140.000 is the central government's).
func TestCaseValueAsProductOrWhole(t *testing.T) {
	e := askEngine(t)
	for _, c := range []struct {
		text string
		lang i18n.Lang
		want string
	}{
		{"De gemeente betaalt ons 2 x 150.000 euro voor het onderhoud van de speeltuinen. Moet dat Europees aanbesteed worden?", i18n.NL, "300.000"},
		{"The council splits the cleaning into two parts of €70,000, together €140,000. Is that above the EU threshold?", i18n.EN, "140,000"},
		{"We get 2 × 70,000 = 140,000 euros from the council for the parks. Must they tender it at EU level?", i18n.EN, "140,000"},
	} {
		res := ask(t, e, c.text, c.lang, nil)
		if res.Kind != KindCheck || !strings.Contains(Lead(res.Answer), c.want) {
			t.Errorf("%q: kind %s, lead %q; want the verdict on %s", c.text, res.Kind, Lead(res.Answer), c.want)
		}
	}
}

// caseValue reads any text without a panic and never drops the sums.
func FuzzCaseValue(f *testing.F) {
	for _, s := range []string{"2 x 70.000 euro", "two parts of €70,000, together €140,000", "2 × 70,000 = 140,000", "3 keer 50k", "x 5 = 10"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		q := understand.Parse(s, "nl")
		out, _, _ := caseValue(q, i18n.NL)
		if len(out.Slots.Amounts) != len(q.Slots.Amounts) {
			t.Errorf("%q: %d sums became %d", s, len(q.Slots.Amounts), len(out.Slots.Amounts))
		}
	})
}

// A question that names a tender with its sum but asks something else
// than whether to tender gets no verdict; one that asks for it in other
// words does.
func TestTenderNamedButNoVerdictAsked(t *testing.T) {
	e := askEngine(t)
	for text, lang := range map[string]i18n.Lang{
		"We won a tender of €300,000 but the council now wants to change the contract. Is that allowed?": i18n.EN,
		"Our €250,000 tender was cancelled by the council last week. Can they do that?":                  i18n.EN,
		"Voor een opdracht van 120.000 euro, mag de gemeente dan één offerte vragen?":                    i18n.NL,
	} {
		if res := ask(t, e, text, lang, nil); res.Kind == KindCheck {
			t.Errorf("%q: a verdict %q", text, Lead(res.Answer))
		}
	}
	for text, lang := range map[string]i18n.Lang{
		"Does the procurement act apply to our €300,000 cleaning contract with the council?":   i18n.EN,
		"De gemeente betaalt ons 300.000 euro voor 3 jaar schoonmaak. Moet dat via TenderNed?": i18n.NL,
		"Is a tender needed for a €90,000 contract for park maintenance?":                      i18n.EN,
	} {
		if res := ask(t, e, text, lang, nil); res.Kind != KindCheck {
			t.Errorf("%q: kind %s, want the verdict", text, res.Kind)
		}
	}
}

// A question whose last clause asks what something is, or who, gets no
// computed verdict for the figures around it; one that asks for a
// computed figure does.
func TestFactAskedBesideFigures(t *testing.T) {
	e := askEngine(t)
	for text, lang := range map[string]i18n.Lang{
		"We kregen in 2025 120.000 euro de-minimissteun. Wat is de-minimissteun eigenlijk?":           i18n.NL,
		"For a €450,000 cleaning tender, what counts as social return?":                               i18n.EN,
		"Bij een opdracht van 300.000 euro vraagt de gemeente 5% social return. Wie controleert dat?": i18n.NL,
	} {
		if res := ask(t, e, text, lang, nil); res.Kind == KindCheck {
			t.Errorf("%q: a verdict %q", text, Lead(res.Answer))
		}
	}
	if res := ask(t, e, "wat is de social return bij een opdracht van 600.000 euro?", i18n.NL, nil); res.Kind != KindCheck {
		t.Errorf("social return of a sum: kind %s, want the computed share", res.Kind)
	}
	for in, want := range map[string]bool{"Wat is de laatste dag?": false, "Who is right?": false, "wie controleert dat?": true, "So what is SROI?": true} {
		if got := asksFactOnly(understand.Query{Focus: in}); got != want {
			t.Errorf("asksFactOnly(%q) = %v, want %v", in, got, want)
		}
	}
}

// "is that …?" asks about what was answered before, however well its
// other words match on their own.
func TestPointingSubjectLeansBack(t *testing.T) {
	e := askEngine(t)
	r1 := ask(t, e, "Tot welk bedrag mag de gemeente een subsidie direct vaststellen zonder verantwoording?", i18n.NL, nil)
	r2 := ask(t, e, "is that a national rule?", i18n.EN, r1.Context)
	if r2.Card == nil || !strings.Contains(r2.Card.Key(), "kleine-subsidies") {
		t.Errorf("kind %s, lead %q: want the small-subsidy card", r2.Kind, Lead(r2.Answer))
	}
	for in, want := range map[string]bool{"is that a national rule?": true, "and does this also count for works?": true, "geldt dat ook voor werken?": true,
		"is the threshold national?": false, "what is that?": false} {
		if got := pointingSubject(in); got != want {
			t.Errorf("pointingSubject(%q) = %v, want %v", in, got, want)
		}
	}
}

// A follow-up in the other language after a verdict (no card to stand in
// for the question before) that finds nothing read with it is read alone.
func TestFollowUpAcrossLanguagesAfterAVerdict(t *testing.T) {
	e := askEngine(t)
	r1 := ask(t, e, "Wordt een wettelijke termijn die op een zondag eindigt verlengd tot maandag?", i18n.NL, nil)
	if r1.Kind != KindCheck {
		t.Fatalf("first question: kind %s, want a verdict", r1.Kind)
	}
	r2 := ask(t, e, "and does that also apply to a deadline like 'at the latest 5 days before the hearing'?", i18n.EN, r1.Context)
	if r2.Kind != KindAnswer && r2.Kind != KindCheck || !strings.Contains(Lead(r2.Answer), "1(2)") {
		t.Errorf("kind %s, lead %q: want the rule on time limits counted back (Atw art. 1(2))", r2.Kind, Lead(r2.Answer))
	}
}

// A short question that names with "the" what the question before named
// leans on it; an everyday word of the domain with "the" does not.
func TestDefiniteReferenceLeansBack(t *testing.T) {
	e := askEngine(t)
	r1 := ask(t, e, "Mogen we een opdracht voor dagbesteding voorbehouden aan een coöperatie die door de deelnemers wordt bestuurd?", i18n.NL, nil)
	r2 := ask(t, e, "which conditions must the cooperative meet?", i18n.EN, r1.Context)
	if r2.Card == nil || !strings.Contains(r2.Card.Key(), "voorbehouden") {
		t.Errorf("kind %s, lead %q: want a card on reserved contracts", r2.Kind, Lead(r2.Answer))
	}
	prev := "Mogen we een opdracht voorbehouden aan een coöperatie?"
	for in, want := range map[string]bool{"what conditions must the cooperative meet?": true, "what must the municipality do?": false,
		"what is a foundation?": false} {
		if got := definiteBack(in, prev); got != want {
			t.Errorf("definiteBack(%q) = %v, want %v", in, got, want)
		}
	}
}
