package knowledge

import (
	"context"
	"strings"
	"testing"

	"github.com/noaber/noaber/i18n"
)

// A yearly rate of services over more than 48 months counts 48 months (Aw
// art. 2.17), not the whole term.
func TestYearlyRateOverFourYearsCounts48Months(t *testing.T) {
	e := askEngine(t)
	res := ask(t, e, "De gemeente wil ons 50.000 euro per jaar betalen voor 5 jaar schoonmaak. Moeten ze Europees aanbesteden?", i18n.NL, nil)
	lead := Lead(res.Answer)
	if res.Check == nil || res.Check.Outcome != "no" || !strings.Contains(lead, "200.000") || strings.Contains(lead, "250.000") {
		t.Errorf("check %+v: %q", res.Check, lead)
	}
	// the answer says what the 48 months rest on: a total price counts instead
	if !strings.Contains(res.Answer, "Noemt het contract wel een totaalprijs, dan telt die") {
		t.Errorf("no word on a total price: %q", res.Answer)
	}
	// up to 48 months the rate times the term is the value the asker gave,
	// and without a kind every kind of contract gets its verdict
	res = ask(t, e, "moeten we aanbesteden als de gemeente ons 80.000 euro per jaar betaalt voor 4 jaar?", i18n.NL, nil)
	if lead := Lead(res.Answer); !strings.Contains(lead, "320.000") || !strings.Contains(lead, "Werken: nee") || !strings.Contains(lead, "Diensten: ja") {
		t.Errorf("4 years per year: %q", lead)
	}
	// up to 48 months the whole term counts
	res = ask(t, e, "De gemeente wil ons 60.000 euro per jaar betalen voor 4 jaar schoonmaak. Moeten ze Europees aanbesteden?", i18n.NL, nil)
	if res.Check == nil || res.Check.Outcome != "yes" || !strings.Contains(Lead(res.Answer), "240.000") {
		t.Errorf("48 months: %+v %q", res.Check, res.Answer)
	}
}

// An amount per month without a term: the value it has at most (times 48)
// against the threshold, and from how many months it reaches it, before
// the question for the term.
func TestMonthlyAmountWithoutTerm(t *testing.T) {
	e := askEngine(t)
	res := ask(t, e, "Wij krijgen 6.000 euro per maand van de gemeente voor het groenonderhoud. Moet dat Europees aanbesteed?", i18n.NL, nil)
	lead := Lead(res.Answer)
	if res.Kind != KindCheck || res.Check == nil || res.Check.Next != "looptijd_maanden" ||
		!strings.Contains(lead, "288.000") || !strings.Contains(lead, "216.000") || !strings.Contains(lead, "36 maanden") {
		t.Errorf("kind %s check %+v: %q", res.Kind, res.Check, lead)
	}
	res = ask(t, e, "The council pays us €2,000 a month for cleaning. Do we need an EU tender?", i18n.EN, nil)
	if lead := Lead(res.Answer); res.Check == nil || !strings.Contains(lead, "96,000") || !strings.Contains(lead, "below") {
		t.Errorf("below: %+v %q", res.Check, lead)
	}
	// Without the kind of contract, a kind whose verdict the value alone
	// cannot give (works with an amount per month) is left out, not "nee".
	res = ask(t, e, "moeten we aanbesteden als de gemeente ons 60.000 euro per jaar betaalt voor 6 jaar?", i18n.NL, nil)
	if strings.Contains(res.Answer, "Werken: nee") || strings.Contains(res.Answer, "()") {
		t.Errorf("per kind: %q", res.Answer)
	}
}

// "How much de minimis aid is left?" adds up the aid the question names
// within the rolling three years before today and gives the room under
// the ceiling; aid from before the period is said not to count.
func TestDeMinimisRoomLeft(t *testing.T) {
	e := askEngine(t)
	res := ask(t, e, "Wij hebben in 2025 100.000 euro en in 2026 50.000 euro de-minimissteun gekregen. Hoeveel kunnen we nog krijgen?", i18n.NL, nil)
	lead := Lead(res.Answer)
	if res.Kind != KindCheck || res.Check == nil || res.Check.Check != "de_minimis" || !strings.Contains(lead, "150.000") ||
		!strings.Contains(lead, "300.000") || len(res.Sources) == 0 || !strings.Contains(res.Sources[0].Title, "2023/2831") {
		t.Errorf("kind %s check %+v sources %v: %q", res.Kind, res.Check, res.Sources, lead)
	}
	res = ask(t, e, "We got €200,000 of de minimis aid in 2021. Does that still count?", i18n.EN, nil)
	if lead := Lead(res.Answer); !strings.Contains(lead, "no longer counts") || !strings.Contains(lead, "ceiling of €300,000 over three years is left") {
		t.Errorf("old aid: %q", lead)
	}
	res = ask(t, e, "Ons zorgbedrijf voert een DAEB uit en kreeg in 2025 400.000 euro DAEB-de-minimissteun. Hoeveel ruimte is er nog?", i18n.NL, nil)
	if lead := Lead(res.Answer); !strings.Contains(lead, "350.000") || !strings.Contains(lead, "750.000") {
		t.Errorf("SGEI: %q", lead)
	}
}

// A statutory term whose end day the question names is moved by the
// Algemene termijnenwet past weekends and holidays (named or dated), but
// not when it counts back or is longer than three months.
func TestTermEndIsMoved(t *testing.T) {
	e := askEngine(t)
	wantVerdictsWithSources(t, e, []verdictCase{
		{"Onze bezwaartermijn eindigt op Hemelvaartsdag 2027. Wat is de laatste dag?", i18n.NL, "maandag 10 mei 2027"}, // 6 May, 7 May by decree, weekend
		{"The objection period ends on Boxing Day 2026. What is the last day?", i18n.EN, "Monday 28 December 2026"},
		{"Mijn beroepstermijn eindigt op zaterdag 6 februari 2027, tot wanneer heb ik echt?", i18n.NL, "maandag 8 februari 2027"},
		{"De termijn eindigt op woensdag 3 februari 2027. Schuift die nog op?", i18n.NL, "gewone werkdag"},
		{"Een termijn van 4 maanden eindigt op zondag 7 februari 2027. Wordt die verlengd?", i18n.NL, "Atw art. 4"},
		{"We must file our view no later than 10 days before the hearing, and that period ends on Sunday 7 February 2027. Does it move?", i18n.EN, "art. 1(2)"},
	})
	// A contract's own deadline is no statutory term.
	if r := ask(t, e, "Our contract says the report is due by the deadline that ends on Sunday 7 February 2027. Does it move to Monday?", i18n.EN, nil); r.Check != nil && r.Check.Outcome != "not_statutory" {
		t.Errorf("contract deadline moved: %q", r.Answer)
	}
}

// A follow-up that gives a start date after a question about a term asks
// for its end; "how long" with a date asks for it too.
func TestFollowUpWithADateComputesTheTerm(t *testing.T) {
	e := askEngine(t)
	first := ask(t, e, "Hoe lang is de bezwaartermijn tegen een besluit?", i18n.NL, nil)
	next := ask(t, e, "en als het besluit op 13 november 2026 is verstuurd?", i18n.NL, first.Context)
	if next.Kind != KindCheck || !strings.Contains(Lead(next.Answer), "28 december 2026") {
		t.Errorf("kind %s: %q", next.Kind, next.Answer)
	}
	res := ask(t, e, "How long do we have to object if the decision was sent on 19 November 2026?", i18n.EN, nil)
	if !strings.Contains(Lead(res.Answer), "31 December 2026") {
		t.Errorf("how long with a date: %q", res.Answer)
	}
}

// A longer follow-up that opens with "en"/"and" and gives new facts for the
// case before it is read against that case.
func TestLongFollowUpChangesTheCase(t *testing.T) {
	e := askEngine(t)
	first := ask(t, e, "De gemeente betaalt ons 30.000 euro per jaar voor 2 jaar groenonderhoud. Moet dat aanbesteed worden?", i18n.NL, nil)
	next := ask(t, e, "en voor werken, bijvoorbeeld als we een nieuw pleintje aanleggen van 600.000 euro?", i18n.NL, first.Context)
	if next.Check == nil || next.Check.Given["soort"] != "werken" || !strings.Contains(Lead(next.Answer), "600.000") {
		t.Errorf("check %+v: %q", next.Check, next.Answer)
	}
	// after a question without a case it is not read against it
	plain := ask(t, e, "Wat is het uitdaagrecht?", i18n.NL, nil)
	if r := ask(t, e, "en voor werken, bijvoorbeeld als we een nieuw pleintje aanleggen van 600.000 euro?", i18n.NL, plain.Context); strings.Contains(r.Context.Question, "uitdaagrecht") {
		t.Errorf("merged without a case: %q", r.Context.Question)
	}
}

// A follow-up that drifts out of the domain is refused, not answered as
// the case before it.
func TestFollowUpOutOfScopeIsRefused(t *testing.T) {
	e := askEngine(t)
	first := ask(t, e, "Moeten we een groenonderhoudsopdracht van 300.000 euro Europees aanbesteden?", i18n.NL, nil)
	for _, q := range []string{"en hoe vraag ik een parkeervergunning aan?", "en hoeveel zorgtoeslag krijg ik?"} {
		if r := ask(t, e, q, i18n.NL, first.Context); r.Kind != KindRefuse {
			t.Errorf("%q: kind %s: %q", q, r.Kind, r.Answer)
		}
	}
	// a follow-up about a holiday in a term stays in the domain
	term := ask(t, e, "Hoe lang is de bezwaartermijn?", i18n.NL, nil)
	if r := ask(t, e, "en als de laatste dag op een feestdag valt?", i18n.NL, term.Context); r.Kind == KindRefuse {
		t.Errorf("holiday follow-up refused: %q", r.Answer)
	}
}

// Reserving a contract under art. 2.82a again for the same organisation:
// not within 3 years of the earlier award; with its month or year the
// time since is counted.
func TestReservedAgainIsComputed(t *testing.T) {
	e := askEngine(t)
	for _, tt := range []struct {
		q       string
		lang    i18n.Lang
		outcome string
		want    string
	}{
		{"Wij kregen in maart 2025 een voorbehouden opdracht onder 2.82a. Kan de gemeente er ons opnieuw een geven?", i18n.NL, "no", "1 april 2028"},
		{"We received a contract reserved under 2.82a in May 2023. May the same municipality give us a new one now?", i18n.EN, "depends", "more than 3 years"},
		{"Mag een gemeente een opdracht onder 2.82a nog een keer aan dezelfde stichting gunnen?", i18n.NL, "no", "3 jaar"},
	} {
		res := ask(t, e, tt.q, tt.lang, nil)
		if res.Kind != KindCheck || res.Check == nil || res.Check.Outcome != tt.outcome || !strings.Contains(Lead(res.Answer), tt.want) || len(res.Sources) == 0 {
			t.Errorf("%q: kind %s check %+v: %q", tt.q, res.Kind, res.Check, res.Answer)
		}
	}
	// a longer follow-up that points back ("die … weer") is read against
	// the question before it
	first := ask(t, e, "Hoe lang mag een voorbehouden opdracht onder 2.82a duren?", i18n.NL, nil)
	if r := ask(t, e, "en mogen we die daarna meteen weer aan dezelfde partij gunnen?", i18n.NL, first.Context); r.Kind != KindCheck || !strings.Contains(Lead(r.Answer), "3 jaar") {
		t.Errorf("follow-up: kind %s: %q", r.Kind, r.Answer)
	}
}

// The EU thresholds of a year the question names: the threshold of the
// moment the notice is sent (a month and year after a word for
// publishing), for the kinds it names, else all.
func TestThresholdOfAYear(t *testing.T) {
	e := askEngine(t)
	for _, tt := range []struct {
		q       string
		lang    i18n.Lang
		want    []string
		notWant string
	}{
		{"Welke Europese drempels golden in 2025 voor gemeenten?", i18n.NL, []string{"221.000", "5.538.000", "2023/2495"}, "216.000"},
		{"We publish the notice in November 2025, the services start in April 2026. Which EU threshold?", i18n.EN, []string{"221,000"}, "216,000"},
		{"What was the EU threshold for social and other specific services in 2025?", i18n.EN, []string{"750,000", "2023/2495"}, "216,000"},
		{"Wat is de Europese drempel voor werken en voor diensten in 2026?", i18n.NL, []string{"5.404.000", "216.000"}, "221.000"},
		// without a year, several kinds at once: the thresholds of today
		{"I just started at the purchasing team of our town and my manager says the thresholds changed in January. What is the threshold now for works and for supplies?", i18n.EN, []string{"5,404,000", "216,000", "1 December 2026"}, "5,538,000"},
	} {
		res := ask(t, e, tt.q, tt.lang, nil)
		lead := Lead(res.Answer)
		ok := res.Kind == KindCheck && len(res.Sources) > 0 && !strings.Contains(lead, tt.notWant)
		for _, w := range tt.want {
			ok = ok && strings.Contains(lead, w)
		}
		if !ok {
			t.Errorf("%q: kind %s: %q", tt.q, res.Kind, lead)
		}
	}
	// another threshold than the EU one is not computed
	for _, q := range []string{"Vanaf welk bedrag geldt social return in 2026, welke drempel?", "Wat is de drempel voor meervoudig onderhands in 2026?"} {
		if r := ask(t, e, q, i18n.NL, nil); r.Check != nil && r.Check.Check == procurementCheck {
			t.Errorf("%q computed: %q", q, r.Answer)
		}
	}
}

// A follow-up that asks something new about a verdict's topic, without new
// facts, is not answered with the same verdict again.
func TestFollowUpAfterAVerdictAsksSomethingNew(t *testing.T) {
	e := askEngine(t)
	first := ask(t, e, "Onze gedragsverklaring aanbesteden is van maart 2024. We schrijven in januari 2027 in. Is die nog goed?", i18n.NL, nil)
	if first.Check == nil {
		t.Fatalf("no verdict: %q", first.Answer)
	}
	next := ask(t, e, "en hoe ver terug tellen veroordelingen mee?", i18n.NL, first.Context)
	if next.Check != nil && next.Check.Check == first.Check.Check {
		t.Errorf("the same verdict again: %q", next.Answer)
	}
	if !strings.Contains(Lead(next.Answer), "5 jaar") {
		t.Errorf("lead %q, want the 5 years of Aw art. 1.20", Lead(next.Answer))
	}
	// new facts do give a new verdict
	if r := ask(t, e, "en als hij van juni 2025 is?", i18n.NL, first.Context); r.Check == nil || r.Check.Check != first.Check.Check {
		t.Errorf("new facts: %q", r.Answer)
	}
}

// A social service named in the singular or by what it is gets the
// threshold of social and other specific services, also when the
// question speaks of the procedure instead of tendering.
func TestSocialServiceCaseUsesItsThreshold(t *testing.T) {
	e := askEngine(t)
	res := ask(t, e, "We kopen dagbesteding in (sociale dienst) voor 900.000 euro. Welke procedure moeten we volgen?", i18n.NL, nil)
	if lead := Lead(res.Answer); res.Check == nil || res.Check.Given["soort"] != "sociale_diensten" || !strings.Contains(res.Answer, "(€ 750.000") || strings.Contains(res.Answer, "216.000") {
		t.Errorf("check %+v: %q", res.Check, lead)
	}
}

// Without a date: a term counted back, or in hours or over three months,
// does not move off a weekend day; a contract's deadline is no statutory
// term at all.
func TestTermThatDoesNotMove(t *testing.T) {
	e := askEngine(t)
	wantVerdictsWithSources(t, e, []verdictCase{
		{"De stukken moeten uiterlijk 10 dagen voor de raadsvergadering binnen zijn en die dag is een zondag. Schuift dat door naar maandag?", i18n.NL, "art. 1 lid 2"},
		{"Does a 24 hours statutory deadline that ends on a Saturday move to Monday?", i18n.EN, "art. 4"},
		{"Onze overeenkomst met de gemeente zegt dat het verslag op zaterdag binnen moet zijn. Geldt de termijnenwet dan?", i18n.NL, "contract"},
	})
}

// A sum without a currency sign in a question about tendering or aid is
// money; a sum given as "the threshold" is a figure asked about, not a
// case; a follow-up that only gives other facts ("en als het rijk de
// opdrachtgever is?") changes the case.
func TestCaseFactsWithoutEuroAndNewFacts(t *testing.T) {
	e := askEngine(t)
	first := ask(t, e, "Moeten we aanbesteden bij 150.000 voor schoonmaak?", i18n.NL, nil)
	if first.Check == nil || first.Check.Outcome != "no" || !strings.Contains(Lead(first.Answer), "150.000") {
		t.Fatalf("no euro sign: %+v %q", first.Check, first.Answer)
	}
	next := ask(t, e, "en als het rijk de opdrachtgever is?", i18n.NL, first.Context)
	if next.Check == nil || next.Check.Outcome != "yes" || !strings.Contains(next.Answer, "140.000") {
		t.Errorf("authority follow-up: %+v %q", next.Check, next.Answer)
	}
	if r := ask(t, e, "Someone says the EU threshold is 5,400,000 for works. Is that right?", i18n.EN, nil); r.Check != nil && r.Check.Check == procurementCheck {
		t.Errorf("a named threshold taken as a case: %q", r.Answer)
	}
	res := ask(t, e, "We krijgen 400 euro per week voor 3 jaar om het park te repareren en schoon te houden. Moet dat europees?", i18n.NL, nil)
	if res.Check == nil || res.Check.Given["soort"] != "diensten" {
		t.Errorf("repair is a service: %+v %q", res.Check, res.Answer)
	}
}

// Follow-ups to a verdict: a new moment keeps the date something is from,
// a new count or share of the staff changes the share, and "waar staat
// dat?" opens with what the verdict rests on.
func TestFollowUpsToAVerdict(t *testing.T) {
	e := askEngine(t)
	gva := ask(t, e, "Onze gedragsverklaring aanbesteden is van mei 2025. Is die nog geldig?", i18n.NL, nil)
	if r := ask(t, e, "en in augustus 2027?", i18n.NL, gva.Context); r.Check == nil || r.Check.Outcome != "no" || !strings.Contains(Lead(r.Answer), "27 maanden") {
		t.Errorf("GVA at another moment: %q", r.Answer)
	}
	staff := ask(t, e, "Van onze 30 werknemers hebben er 6 een beperking. Kan een opdracht aan ons worden voorbehouden?", i18n.NL, nil)
	if r := ask(t, e, "en als het er 12 zijn?", i18n.NL, staff.Context); r.Check == nil || !strings.Contains(Lead(r.Answer), "40%") {
		t.Errorf("new count: %q", r.Answer)
	}
	if r := ask(t, e, "en als het 28% is?", i18n.NL, staff.Context); r.Check == nil || r.Check.Outcome != "no" || !strings.Contains(Lead(r.Answer), "28%") {
		t.Errorf("new share: %q", r.Answer)
	}
	if r := ask(t, e, "waar staat dat?", i18n.NL, staff.Context); !strings.HasPrefix(r.Answer, "Dat staat in: Aw art. 2.82") {
		t.Errorf("source: %q", r.Answer)
	}
	tender := ask(t, e, "The council pays us €70,000 a year for 4 years to clean the town hall. EU tender?", i18n.EN, nil)
	if r := ask(t, e, "and what if it's a ministry?", i18n.EN, tender.Context); r.Check == nil || !strings.Contains(r.Answer, "140,000") {
		t.Errorf("authority: %q", r.Answer)
	}
}

// A rate per quarter is valued like a monthly one (Aw art. 2.17).
func TestQuarterlyRate(t *testing.T) {
	e := askEngine(t)
	res := ask(t, e, "The council pays €20,000 a quarter for cleaning, with no end date. EU tender?", i18n.EN, nil)
	if res.Check == nil || res.Check.Outcome != "yes" || !strings.Contains(Lead(res.Answer), "320,000") {
		t.Errorf("check %+v: %q", res.Check, res.Answer)
	}
}

// A question and its follow-up, whatever they are, give an answer to read:
// the follow-up paths (merge, new facts, end days, shares, sources) do
// not panic or answer empty.
func FuzzCaseFollowUp(f *testing.F) {
	e := askEngine(f)
	for _, s := range [][2]string{
		{"Van onze 20 medewerkers hebben er 5 een beperking, voorbehouden?", "en als het er 7 zijn?"},
		{"onze GVA is van april 2025, geldig?", "en in juni 2027?"},
		{"De termijn eindigt op tweede Pinksterdag 2027", "waar staat dat?"},
		{"uiterlijk 14 dagen voor de vergadering, valt op zaterdag, schuift dat?", "en als het 4 maanden is?"},
		{"€ 18.000 per kwartaal voor 3 jaar schoonmaak, europees?", "en als het rijk de opdrachtgever is?"},
		{"we kregen in 2022 180.000 de-minimis, hoeveel nog?", "en voor een DAEB?"},
		{"onder 2.82a in oktober 2022, weer?", "en 31 februari 2027 eindigt op"},
		{"drempel werken en diensten 2025", "en als het 300% is?"},
		{"", "en"},
	} {
		f.Add(s[0], s[1], false)
	}
	f.Fuzz(func(t *testing.T, first, second string, en bool) {
		lang := i18n.NL
		if en {
			lang = i18n.EN
		}
		r, err := e.Ask(context.Background(), Input{Text: first, Lang: lang, Now: evalNow()})
		if err != nil {
			t.Fatal(err)
		}
		next, err := e.Ask(context.Background(), Input{Text: second, Lang: lang, Prev: r.Context, Now: evalNow()})
		if err != nil {
			t.Fatal(err)
		}
		if next.Answer == "" || (!next.Found && len(next.Sources) > 0) {
			t.Fatalf("follow-up result = %+v", next)
		}
	})
}

// The period for tenders a question gives for an EU open procedure is
// compared with the 45 days (40 with electronic submission) of Aw art.
// 2.71; a restricted procedure or social services are left to the cards.
func TestTenderPeriodIsComputed(t *testing.T) {
	e := askEngine(t)
	for _, tt := range []struct {
		q       string
		lang    i18n.Lang
		outcome string
		want    string
	}{
		{"De inschrijvingstermijn van de Europese aanbesteding voor het groenonderhoud is vier weken. Kan dat?", i18n.NL, "no", "28 dagen"},
		{"Our EU open procedure has a tender period of 41 days. Is that allowed?", i18n.EN, "depends", "electronically"},
		{"De inschrijftermijn bij onze Europese openbare procedure is 60 dagen, is dat genoeg?", i18n.NL, "yes", "60 dagen"},
	} {
		res := ask(t, e, tt.q, tt.lang, nil)
		if res.Check == nil || res.Check.Outcome != tt.outcome || !strings.Contains(Lead(res.Answer), tt.want) || len(res.Sources) == 0 {
			t.Errorf("%q: %+v %q", tt.q, res.Check, res.Answer)
		}
	}
	if r := ask(t, e, "Bij onze Europese niet-openbare procedure is de inschrijvingstermijn 35 dagen, mag dat?", i18n.NL, nil); r.Check != nil && r.Check.Check == "inschrijvingstermijn" {
		t.Errorf("restricted procedure computed: %q", r.Answer)
	}
	// social services under the light regime have no statutory minimum,
	// also asked after their case
	if r := ask(t, e, "De inschrijvingstermijn voor onze dagbesteding (sociale diensten) van 800.000 euro in de Europese procedure is 20 dagen, mag dat?", i18n.NL, nil); r.Check == nil ||
		!strings.Contains(Lead(r.Answer), "2.39 lid 2") || strings.HasPrefix(r.Answer, "Nee") {
		t.Errorf("social services: %q", r.Answer)
	}
	first := ask(t, e, "We buy youth care worth €1,000,000 over 3 years. Which procedure?", i18n.EN, nil)
	if r := ask(t, e, "and do the minimum time limits apply then?", i18n.EN, first.Context); !strings.Contains(Lead(r.Answer), "do not apply") {
		t.Errorf("follow-up on social services: %q", r.Answer)
	}
}

// A day without a year is the last one for a start that happened, the
// next one for a start to come, else the nearest; "wanneer moet de
// gemeente beslissen" on an application is the decision period.
func TestDayWithoutAYear(t *testing.T) {
	e := askEngine(t) // today is 1 December 2026
	wantVerdicts(t, e, []verdictCase{
		{"We versturen de gunningsbeslissing op 4 december. Wanneer eindigt de standstill?", i18n.NL, "24 december 2026"},
		{"The decision was sent on 3 December. When does the objection period end?", i18n.EN, "14 January 2026"},
		{"Het besluit is op 19 november bekendgemaakt, tot wanneer kan ik bezwaar maken?", i18n.NL, "31 december 2026"},
		{"Als we de aanvraag op 5 november indienen, wanneer moet de gemeente dan beslissen?", i18n.NL, "31 december 2027"},
	})
}

// An organisation whose profits go to shareholders does not meet condition
// b of art. 2.82a; one that reinvests them is not answered with that.
func TestReservedProfitCondition(t *testing.T) {
	e := askEngine(t)
	for _, q := range []struct {
		text string
		lang i18n.Lang
		want string
	}{
		{"Wij zijn een bv en de winst gaat naar de aandeelhouders. Kunnen we een opdracht onder 2.82a krijgen?", i18n.NL, "geïnvesteerd"},
		{"Our company pays its profits out to investors. Can the municipality reserve a 2.82a contract for us?", i18n.EN, "reinvested"},
	} {
		if r := ask(t, e, q.text, q.lang, nil); r.Kind != KindCheck || !strings.Contains(Lead(r.Answer), q.want) ||
			!strings.Contains(Lead(r.Answer), "condition b") && !strings.Contains(Lead(r.Answer), "voorwaarde b") {
			t.Errorf("%q: kind %s: %q", q.text, r.Kind, r.Answer)
		}
	}
	if r := ask(t, e, "Wij herinvesteren alle winst in ons doel. Kunnen we een opdracht onder 2.82a krijgen?", i18n.NL, nil); r.Check != nil && r.Check.Next == "winst_herinvesteren" {
		t.Errorf("reinvesting answered as distributing: %q", r.Answer)
	}
}

// "Subsidie of opdracht?" with an enforceable performance in the
// municipality's own interest gets the check's verdict; without both, or
// with the general interest, the cards answer.
func TestGrantOrContractFromTheStory(t *testing.T) {
	e := askEngine(t)
	r := ask(t, e, "De gemeente kan ons beboeten als we het groen niet goed onderhouden en het werk is voor haar eigen belang. Is dat een subsidie of een opdracht?", i18n.NL, nil)
	if r.Check == nil || r.Check.Check != "subsidie_of_opdracht" || r.Check.Outcome != "yes" || !strings.Contains(Lead(r.Answer), "overheidsopdracht") {
		t.Errorf("verdict: %+v %q", r.Check, r.Answer)
	}
	for _, q := range []string{
		"Is het een subsidie of een opdracht als de gemeente boetes kan opleggen?",
		"We krijgen geld voor de buurt, de gemeente kan niets afdwingen. Subsidie of opdracht?",
	} {
		if r := ask(t, e, q, i18n.NL, nil); r.Check != nil && r.Check.Check == "subsidie_of_opdracht" {
			t.Errorf("%q: verdict on too little: %q", q, r.Answer)
		}
	}
}

// Chat shapes of the computed questions: "hoelang" with a numeric date,
// a share with a word before "staff", month abbreviations, settling a
// small sum without the word subsidy.
func TestChatShapesOfCaseQuestions(t *testing.T) {
	e := askEngine(t)
	wantVerdicts(t, e, []verdictCase{
		{"hoelang heb ik om bezwaar te maken, brief is van 25-11-2026", i18n.NL, "6 januari 2027"},
		{"We have 35% disabled staff. Can a contract be reserved for us?", i18n.EN, "35%"},
		{"our GVA is from Feb 2025, tender closes March 2027 - still ok?", i18n.EN, "25 months"},
		{"De gemeente geeft ons 4.500 euro voor de buurtbarbecue. Krijgen we die meteen vastgesteld?", i18n.NL, "5.000"},
	})
}

// Follow-ups after a card: a share of the staff after the 30% question is
// computed, "another one" after the 2.82a term is the 3-year rule, and
// "where is that in the law?" after a computed term opens with its
// articles.
func TestFollowUpsAfterACard(t *testing.T) {
	e := askEngine(t)
	first := ask(t, e, "Hoeveel procent van de werknemers moet een beperking hebben voor een voorbehouden opdracht?", i18n.NL, nil)
	if r := ask(t, e, "en wij hebben er 6 van de 24?", i18n.NL, first.Context); r.Check == nil || !strings.Contains(Lead(r.Answer), "25%") {
		t.Errorf("share: %q", r.Answer)
	}
	first = ask(t, e, "What is the maximum term of a 2.82a contract?", i18n.EN, nil)
	if r := ask(t, e, "and can the same city give us another one right after?", i18n.EN, first.Context); r.Check == nil || !strings.Contains(Lead(r.Answer), "3 years") {
		t.Errorf("another: %q", r.Answer)
	}
	first = ask(t, e, "The decision was sent on 19 November 2026. When does the objection period end?", i18n.EN, nil)
	if r := ask(t, e, "where is that in the law?", i18n.EN, first.Context); !strings.HasPrefix(r.Answer, "That is in: Awb art. 6:7") {
		t.Errorf("source: %q", r.Answer)
	}
}

// Does a statutory term that ends on a weekend day move, said without a
// date: yes for an ordinary statutory term; a day's holiday name says
// that it counts as one; a question about a contract's deadline is told
// the Atw covers only statutory terms.
func TestTermMovesWithoutADate(t *testing.T) {
	e := askEngine(t)
	if r := ask(t, e, "Our objection period ends on a Saturday. Does it move to the Monday?", i18n.EN, nil); !strings.HasPrefix(r.Answer, "Yes") {
		t.Errorf("moves: %q", r.Answer)
	}
	if r := ask(t, e, "Onze bezwaartermijn loopt af op tweede paasdag 2027. Telt dat als feestdag?", i18n.NL, nil); !strings.Contains(Lead(r.Answer), "als feestdag geldt") {
		t.Errorf("holiday: %q", r.Answer)
	}
	if r := ask(t, e, "Geldt de termijnenwet ook voor een termijn in onze overeenkomst?", i18n.NL, nil); !strings.HasPrefix(r.Answer, "Nee") || !strings.Contains(r.Answer, "wettelijke termijnen") {
		t.Errorf("contract: %q", r.Answer)
	}
	// a question about small lots with only the whole contract's value
	// is about the lots, not the verdict on the whole
	if r := ask(t, e, "Our cleaning contract is worth €900,000 and we will split it into lots. How big may a small lot be without the EU procedure?", i18n.EN, nil); r.Check != nil && r.Check.Check == procurementCheck {
		t.Errorf("lots: %q", r.Answer)
	}
}

// A term "in uren" without a number is a term in hours (Atw art. 4).
func TestTermInHoursWithoutANumber(t *testing.T) {
	e := askEngine(t)
	if r := ask(t, e, "Wordt een termijn in uren verlengd als die op zaterdag afloopt?", i18n.NL, nil); !strings.HasPrefix(r.Answer, "Nee") || !strings.Contains(Lead(r.Answer), "art. 4") {
		t.Errorf("%q", r.Answer)
	}
}

// "Can the municipality reserve that contract for us?" without the share
// of the staff gets the 30% and the question for the share.
func TestReservedForUsAsksTheShare(t *testing.T) {
	e := askEngine(t)
	r := ask(t, e, "We run a bike repair shop with people who are far from the labour market. Can the council reserve its repair contract for us?", i18n.EN, nil)
	if r.Check == nil || r.Check.Next != "dertig_procent" || !strings.Contains(Lead(r.Answer), "30%") || len(r.Sources) == 0 {
		t.Errorf("%+v %q", r.Check, r.Answer)
	}
	if r := ask(t, e, "Wat is een voorbehouden opdracht?", i18n.NL, nil); r.Check != nil {
		t.Errorf("a definition computed: %q", r.Answer)
	}
}

// "How much may they pay us without an EU tender?" asks for today's
// threshold of the kind and authority named.
func TestHowMuchWithoutATender(t *testing.T) {
	e := askEngine(t)
	if r := ask(t, e, "How much can the ministry pay us for IT services without an EU tender?", i18n.EN, nil); r.Kind != KindCheck || !strings.Contains(Lead(r.Answer), "140,000") {
		t.Errorf("%q", r.Answer)
	}
}

// A case of social services above their threshold leads with the light
// regime and its threshold, not with "must go through an EU procedure".
func TestSocialServicesVerdictLeadsWithTheLightRegime(t *testing.T) {
	e := askEngine(t)
	r := ask(t, e, "Moeten we jeugdhulp van 1,2 miljoen euro Europees aanbesteden?", i18n.NL, nil)
	if lead := Lead(r.Answer); r.Check == nil || r.Check.Outcome != "yes" || !strings.Contains(lead, "verlichte regime") || !strings.Contains(lead, "750.000") {
		t.Errorf("%+v %q", r.Check, lead)
	}
}

// A story that says the municipality cannot enforce what it pays for gets
// the points towards a subsidy it gives and the next question of the
// check, not a card on another topic.
func TestGrantSignalsFromTheStory(t *testing.T) {
	e := askEngine(t)
	r := ask(t, e, "Wij vragen op eigen initiatief 30.000 euro voor onze moestuin en de gemeente stelt geen afdwingbare eisen. Subsidie of opdracht?", i18n.NL, nil)
	if r.Check == nil || r.Check.Check != "subsidie_of_opdracht" || r.Check.Next != "belang" || !strings.Contains(Lead(r.Answer), "wijst eerder op een subsidie") {
		t.Errorf("%+v %q", r.Check, r.Answer)
	}
}

// verdictCase is a question whose computed answer (KindCheck) must lead
// with want.
type verdictCase struct {
	q    string
	lang i18n.Lang
	want string
}

// wantVerdicts asks each question alone and checks that it is computed and
// that its lead holds the wanted text.
func wantVerdicts(t *testing.T, e *Engine, cases []verdictCase) {
	t.Helper()
	for _, c := range cases {
		if r := ask(t, e, c.q, c.lang, nil); r.Kind != KindCheck || !strings.Contains(Lead(r.Answer), c.want) {
			t.Errorf("%q: kind %s: %q", c.q, r.Kind, r.Answer)
		}
	}
}

// wantVerdictsWithSources is wantVerdicts for answers that must also cite
// what they rest on.
func wantVerdictsWithSources(t *testing.T, e *Engine, cases []verdictCase) {
	t.Helper()
	for _, c := range cases {
		if r := ask(t, e, c.q, c.lang, nil); r.Kind != KindCheck || !strings.Contains(Lead(r.Answer), c.want) || len(r.Sources) == 0 {
			t.Errorf("%q: kind %s: %q", c.q, r.Kind, r.Answer)
		}
	}
}
