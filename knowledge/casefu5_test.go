package knowledge

import (
	"strconv"
	"strings"
	"testing"

	"github.com/noaber/noaber/i18n"
)

// A threshold asked for a notice sent in a month of the previous period
// is that period's, also when the question names no kind of contract:
// the date the notice goes out decides, not the start of the contract.
func TestThresholdOfADatedNoticeWithoutKind(t *testing.T) {
	e := askEngine(t)
	for _, c := range []struct {
		text string
		lang i18n.Lang
		want string
	}{
		{"Our notice went out in October 2025 and the work starts in April 2026: which threshold counts?", i18n.EN, "221,000"},
		{"Welke drempel geldt als de aankondiging in november 2025 verstuurd is en de opdracht in 2026 begint?", i18n.NL, "221.000"},
	} {
		res := ask(t, e, c.text, c.lang, nil)
		if res.Kind != KindCheck || !strings.Contains(Lead(res.Answer), c.want) {
			t.Errorf("%q: kind %s, lead %q; want the 2024-2025 threshold %s", c.text, res.Kind, Lead(res.Answer), c.want)
		}
	}
}

// "and for central government?" names the authority in two words: a next
// follow-up for another year keeps it.
func TestCentralGovernmentFollowUpKeepsTheAuthority(t *testing.T) {
	e := askEngine(t)
	r1 := ask(t, e, "What is the EU threshold for services of a municipality in 2026?", i18n.EN, nil)
	r2 := ask(t, e, "and for central government?", i18n.EN, r1.Context)
	r3 := ask(t, e, "and in 2025?", i18n.EN, r2.Context)
	if lead := Lead(r3.Answer); !strings.Contains(lead, "143,000") || strings.Contains(lead, "221,000") {
		t.Errorf("lead %q: want the central-government threshold of 2024-2025 alone", lead)
	}
}

// An elliptic follow-up about an off-topic subject whose compound ends in
// a word of the domain ("WOZ-waarde": value) drifts out of the domain and
// is refused, not read as the threshold question again.
func TestFollowUpOnWOZValueIsRefused(t *testing.T) {
	e := askEngine(t)
	r1 := ask(t, e, "hoe hoog is de drempel voor werken?", i18n.NL, nil)
	for _, text := range []string{"en de WOZ-waarde van ons huis?", "en mijn woz waarde?"} {
		if r := ask(t, e, text, i18n.NL, r1.Context); r.Kind != KindRefuse {
			t.Errorf("%q: kind %s, lead %q; want a refusal", text, r.Kind, Lead(r.Answer))
		}
	}
}

// "en geldt die ook bij …?" after the length of the standstill asks
// whether it applies there, not how long it is: below the threshold it
// does not apply by law. Above the threshold it does.
func TestStandstillFollowUpBelowThreshold(t *testing.T) {
	e := askEngine(t)
	r1 := ask(t, e, "hoeveel dagen duurt de standstill?", i18n.NL, nil)
	r2 := ask(t, e, "en geldt die ook bij een nationale aanbesteding?", i18n.NL, r1.Context)
	if lead := Lead(r2.Answer); !strings.HasPrefix(lead, "Nee") {
		t.Errorf("below the threshold: lead %q, want a no", lead)
	}
	r3 := ask(t, e, "Is there a standstill period below the EU threshold?", i18n.EN, nil)
	r4 := ask(t, e, "and above the threshold?", i18n.EN, r3.Context)
	if lead := Lead(r4.Answer); strings.HasPrefix(lead, "No") || !strings.Contains(lead, "20 calendar days") {
		t.Errorf("above the threshold: lead %q, want the 20 days", lead)
	}
}

// A card under a heading that covers two cases ("with a prior information
// notice or in urgency") is about the case its own lead and variants name:
// a question about a prior information notice is not led away from it as
// if it were about urgency.
func TestCardUnderTwoCaseHeadingIsAboutItsOwnCase(t *testing.T) {
	e := askEngine(t)
	res := ask(t, e, "Vorig voorjaar ging onze vooraankondiging de deur uit en nu volgt de aankondiging van een openbare Europese procedure. Hoe kort mag de termijn voor inschrijvingen nu zijn?", i18n.NL, nil)
	if lead := Lead(res.Answer); !strings.Contains(lead, "29") {
		t.Errorf("lead %q: want the period after a prior information notice (29 days)", lead)
	}
}

// The end of a statutory term named by a holiday, with the Dutch verb
// split around words ("loopt volgend jaar af op"), is computed; a day
// named without a year beside a dated start is in that start's year, and
// "27 december" is not the 7th.
func TestTermEndNamedInTheQuestion(t *testing.T) {
	e := askEngine(t)
	for _, c := range []struct{ text, want string }{
		{"onze beroepstermijn loopt volgend jaar af op nieuwjaarsdag, wat is de echte laatste dag?", "4 januari 2027"},
		{"De gunningsbeslissing ging op maandag 7 december 2026 uit. Iemand zegt dat de standstill op 27 december afloopt, een zondag. Wanneer eindigt die echt?", "28 december 2026"},
	} {
		res := ask(t, e, c.text, i18n.NL, nil)
		if res.Kind != KindCheck || !strings.Contains(Lead(res.Answer), c.want) {
			t.Errorf("%q: kind %s, lead %q; want %s", c.text, res.Kind, Lead(res.Answer), c.want)
		}
	}
}

// A term counted back ("uiterlijk 5 dagen vóór", with the accents) is
// not extended by the Atw.
func TestTermCountedBackWithAccents(t *testing.T) {
	e := askEngine(t)
	res := ask(t, e, "De stukken moeten uiterlijk 5 dagen vóór de vergadering binnen zijn en die dag is een zondag. Schuift dat naar maandag?", i18n.NL, nil)
	if lead := Lead(res.Answer); res.Kind != KindCheck || !strings.HasPrefix(lead, "Nee") || !strings.Contains(lead, "lid 2") {
		t.Errorf("kind %s, lead %q; want no, Atw art. 1 lid 2", res.Kind, lead)
	}
}

// "From which day does it run?" gets the first day of the term first;
// "and when does it end?" after it gets the end.
func TestTermStartThenEnd(t *testing.T) {
	e := askEngine(t)
	r1 := ask(t, e, "The award decision went out on Tuesday 8 December 2026. On which day does the standstill start to run?", i18n.EN, nil)
	if lead := Lead(r1.Answer); !strings.Contains(lead, "starts running on 9 December 2026") {
		t.Errorf("start: lead %q", lead)
	}
	r2 := ask(t, e, "and when does it end?", i18n.EN, r1.Context)
	if lead := Lead(r2.Answer); !strings.HasPrefix(lead, "The standstill period ends on 28 December 2026") {
		t.Errorf("end: lead %q", lead)
	}
}

func TestDayNamedIn(t *testing.T) {
	for _, c := range []struct {
		text string
		day  int
		want bool
	}{{"27 december", 7, false}, {"27 december", 27, true}, {"7 december", 7, true}, {"op 17 of 7 mei", 7, true}, {"2027", 7, false}} {
		if got := dayNamedIn(c.text, c.day); got != c.want {
			t.Errorf("dayNamedIn(%q, %d) = %v", c.text, c.day, got)
		}
	}
}

// A utility awards under the utilities thresholds, which the procurement
// check does not hold: no verdict against a municipality's threshold, the
// card with the utilities threshold answers.
func TestUtilityGetsNoMunicipalVerdict(t *testing.T) {
	e := askEngine(t)
	res := ask(t, e, "Wij zijn een energiebedrijf en willen een dienstenopdracht van 300.000 euro gunnen voor het onderhoud van onze terreinen. Moet dat Europees?", i18n.NL, nil)
	if lead := Lead(res.Answer); res.Kind == KindCheck || !strings.Contains(lead, "432.000") {
		t.Errorf("kind %s, lead %q; want the utilities threshold", res.Kind, lead)
	}
}

// The day the notice is sent decides the threshold of a case, not the
// start of the contract; the verdict names the threshold's period and
// source.
func TestCaseThresholdOfTheNoticeDate(t *testing.T) {
	e := askEngine(t)
	res := ask(t, e, "De opdracht gaat in 2026 in, maar de aankondiging gaat in november 2025 de deur uit. Waarde 218.000 euro voor schoonmaakdiensten: Europees aanbesteden?", i18n.NL, nil)
	lead := Lead(res.Answer)
	if res.Kind != KindCheck || !strings.Contains(lead, "218.000") || !strings.Contains(lead, "221.000") || !strings.Contains(lead, "2023/2495") {
		t.Errorf("kind %s, lead %q; want 218.000 against the 2024-2025 threshold 221.000 with its source", res.Kind, lead)
	}
	res = ask(t, e, "The council pays us €6,000 a month for an indefinite period to clean its buildings. EU tender?", i18n.EN, nil)
	if lead := Lead(res.Answer); !strings.Contains(lead, "288,000") || !strings.Contains(lead, "216,000, valid 2026–2027, Delegated Regulation (EU) 2025/2152") {
		t.Errorf("lead %q; want the sum and the threshold with its period and source", lead)
	}
}

// A de minimis grant dated by its year alone, in the year the three-year
// window starts, may or may not count: when the verdict turns on it, the
// answer says it depends on the date and gives both outcomes.
func TestDeMinimisGrantOfTheEdgeYear(t *testing.T) {
	e := askEngine(t)
	res := ask(t, e, "In 2023 kregen we 250.000 euro de-minimissteun. Kan de gemeente ons nu 100.000 geven?", i18n.NL, nil)
	if lead := Lead(res.Answer); res.Check == nil || res.Check.Outcome != "depends" || !strings.HasPrefix(lead, "Dat hangt af van de datum van de steun uit 2023") {
		t.Errorf("check %+v, lead %q; want: depends on the date of the 2023 aid", res.Check, lead)
	}
	// a grant of last year counts whatever its day: a plain verdict
	res = ask(t, e, "Vorig jaar kregen we 250.000 euro de-minimissteun. Kan de gemeente ons nu 100.000 geven?", i18n.NL, nil)
	if res.Check == nil || res.Check.Outcome != "no" || strings.Contains(Lead(res.Answer), "hangt af") {
		t.Errorf("check %+v, lead %q; want a plain no", res.Check, Lead(res.Answer))
	}
}

// "waar staat dat?" after a verdict names the threshold's regulation among
// what the verdict rests on.
func TestVerdictSourceNamesTheThreshold(t *testing.T) {
	e := askEngine(t)
	r1 := ask(t, e, "de gemeente betaalt ons 120.000 euro per jaar voor 3 jaar schoonmaak, moet dat europees?", i18n.NL, nil)
	r2 := ask(t, e, "waar staat dat?", i18n.NL, r1.Context)
	if lead := Lead(r2.Answer); !strings.Contains(lead, "2025/2152") {
		t.Errorf("lead %q; want the threshold's regulation", lead)
	}
}

// Several lots of one sum each are added up (Aw art. 2.18) and the
// verdict is on the whole, with the sum shown.
func TestEqualLotsAreAddedUp(t *testing.T) {
	e := askEngine(t)
	for _, c := range []struct {
		text string
		lang i18n.Lang
		want []string
	}{
		{"De schoonmaak gaat in drie percelen van 80.000 euro elk de markt op. Moet dat Europees?", i18n.NL, []string{"3 × € 80.000 = € 240.000", "Ja"}},
		{"We tender the park upkeep as three lots of €60,000 each. Is an EU tender needed?", i18n.EN, []string{"3 × €60,000 = €180,000", "Services: no"}},
	} {
		res := ask(t, e, c.text, c.lang, nil)
		lead := Lead(res.Answer)
		for _, w := range c.want {
			if res.Kind != KindCheck || !strings.Contains(lead, w) {
				t.Errorf("%q: kind %s, lead %q; want %q", c.text, res.Kind, lead, w)
			}
		}
	}
}

// A sum with VAT at or above the threshold gets no verdict: the threshold
// is without VAT, so the answer says to compare the value without VAT,
// with the threshold and its source; it is not led away by a passage that
// happens to hold the same figure.
func TestSumWithVATAboveTheThreshold(t *testing.T) {
	e := askEngine(t)
	res := ask(t, e, "The cleaning contract is €230,000 including VAT over two years. Over the threshold?", i18n.EN, nil)
	if lead := Lead(res.Answer); res.Kind != KindAnswer || res.Check != nil || !strings.Contains(lead, "excluding VAT") || !strings.Contains(lead, "216,000") {
		t.Errorf("kind %s, lead %q; want: compare without VAT with 216,000", res.Kind, lead)
	}
}

// The readers of a case's notice date, equal lots and term days never
// panic on what a user types, and agree with themselves.
func FuzzCaseReaders(f *testing.F) {
	for _, s := range []string{"we publiceren in december 2025", "de aankondiging is in 2025 verstuurd", "3 percelen van 90.000 elk",
		"three lots of €60,000 each", "27 december", "op 17 of 7 mei", "from which date does it start", "notice 2025", "in "} {
		f.Add(s, 7)
	}
	f.Fuzz(func(t *testing.T, s string, day int) {
		low := strings.ToLower(s)
		if d, ok := noticeDate(low, evalNow()); ok && (d.Year() < 1900 || d.Year() > 2100) {
			t.Errorf("%q: notice date %v", s, d)
		}
		equalLots(low, nil)
		if dayNamedIn(low, day) && !strings.Contains(low, strconv.Itoa(day)) {
			t.Errorf("%q: day %d named but not in the text", s, day)
		}
		asksStart(low)
	})
}

// "last year" / "vorig jaar" next to the notice dates it in the year
// before now (2025 on the eval's date): the 2024-2025 threshold applies,
// also for a Dutch word order with the notice after the date; a question
// for last year's threshold gets that period's.
func TestNoticeSentLastYear(t *testing.T) {
	e := askEngine(t)
	for _, c := range []struct {
		text string
		lang i18n.Lang
		want string
	}{
		{"We published the notice last year and the work starts in March. Value €219,000 for cleaning services. EU tender?", i18n.EN, "221,000"},
		{"we hebben vorig jaar december de aankondiging verstuurd, de schoonmaakopdracht van 219.000 euro loopt vanaf maart. Europees?", i18n.NL, "221.000"},
		{"Which threshold for works applied last year?", i18n.EN, "5,538,000"},
	} {
		res := ask(t, e, c.text, c.lang, nil)
		if lead := Lead(res.Answer); res.Kind != KindCheck || !strings.Contains(lead, c.want) {
			t.Errorf("%q: kind %s, lead %q; want %s", c.text, res.Kind, lead, c.want)
		}
	}
}

// A case worth between this period's threshold and the one before, with
// no notice date, says that a notice sent before the period began would
// have met the other threshold and turned the verdict.
func TestCaseBetweenTwoPeriodsNamesTheEarlierThreshold(t *testing.T) {
	e := askEngine(t)
	res := ask(t, e, "Het contract voor schoonmaak van 218.000 euro start in 2026. Moet dat Europees?", i18n.NL, nil)
	if res.Kind != KindCheck || !strings.Contains(res.Answer, "vóór 1 januari 2026") || !strings.Contains(res.Answer, "221.000") {
		t.Errorf("kind %s: %q; want the note on a notice sent before 2026", res.Kind, res.Answer)
	}
	res = ask(t, e, "Het contract voor schoonmaak van 300.000 euro start in 2026. Moet dat Europees?", i18n.NL, nil)
	if strings.Contains(res.Answer, "vóór 1 januari 2026") {
		t.Errorf("a verdict the period does not turn: %q", res.Answer)
	}
}

// "How is the value computed?" with a rate gets the computation first,
// then the verdict on it.
func TestHowIsTheValueComputedLeadsWithTheComputation(t *testing.T) {
	e := askEngine(t)
	res := ask(t, e, "We krijgen 4.500 euro per maand voor het beheer van het wijkpark, zonder einddatum. Hoe berekent de gemeente de waarde voor de aanbesteding?", i18n.NL, nil)
	if lead := Lead(res.Answer); res.Kind != KindCheck || !strings.HasPrefix(lead, "Er is geen totaalprijs") || !strings.Contains(lead, "48") {
		t.Errorf("kind %s, lead %q; want the × 48 computation first", res.Kind, lead)
	}
}

// "Does the Atw extend a limit counted back?" names the law instead of a
// weekend day: no, Atw art. 1(2).
func TestAtwNamedForALimitCountedBack(t *testing.T) {
	e := askEngine(t)
	res := ask(t, e, "Does the General Time Limits Act (Atw) extend a deadline of 'no later than 5 days before the hearing'?", i18n.EN, nil)
	if lead := Lead(res.Answer); !strings.HasPrefix(lead, "No") || !strings.Contains(lead, "1(2)") {
		t.Errorf("kind %s, lead %q; want no, Atw art. 1(2)", res.Kind, lead)
	}
}

// A case that asks for guidance beside its value ("is there national
// guidance for works below the threshold?") gets the guideline, not the
// verdict on its value.
func TestCaseAskingForGuidanceGetsTheGuideline(t *testing.T) {
	e := askEngine(t)
	res := ask(t, e, "The council wants to hire one contractor for €90,000 of pavement repairs. Is there national guidance for works contracts below the threshold?", i18n.EN, nil)
	if lead := Lead(res.Answer); res.Kind == KindCheck || !strings.Contains(lead, "ARW") {
		t.Errorf("kind %s, lead %q; want the ARW 2016", res.Kind, lead)
	}
}
