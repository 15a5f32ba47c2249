package knowledge

import (
	"strings"
	"testing"

	"github.com/noaber/noaber/i18n"
)

// A de minimis question with a yearly sum and a term of at most three
// years adds the term up: € 280.000 a year for three years is € 840.000,
// above the SGEI ceiling, not € 280.000 within it.
func TestDeMinimisRateOverTerm(t *testing.T) {
	e := askEngine(t)
	res := ask(t, e, "A foundation provides an SGEI for us and gets €280,000 compensation per year for three years. Does that fit under the SGEI de minimis?", i18n.EN, nil)
	lead := Lead(res.Answer)
	if res.Check == nil || res.Check.Outcome != "no" || !strings.Contains(lead, "840,000") {
		t.Errorf("SGEI rate: %+v %q", res.Check, lead)
	}
	res = ask(t, e, "Wij krijgen 90.000 euro per jaar de-minimissteun, 3 jaar lang. Past dat binnen de de-minimis?", i18n.NL, nil)
	if lead := Lead(res.Answer); res.Check == nil || res.Check.Outcome != "yes" || !strings.Contains(lead, "270.000") {
		t.Errorf("general rate: %+v %q", res.Check, lead)
	}
	// over more than three years the sum in one period depends on how the
	// aid is granted: no verdict on a guessed sum
	res = ask(t, e, "Wij krijgen 90.000 euro per jaar de-minimissteun, 5 jaar lang. Past dat binnen de de-minimis?", i18n.NL, nil)
	if res.Check != nil && res.Check.Check == deMinimisCheck {
		t.Errorf("5 years: %+v %q", res.Check, res.Answer)
	}
}

// "Ik werk bij een ministerie" says who asks: the services it buys are
// compared with the central government's threshold, not with works.
func TestMinistryServicesNotWorks(t *testing.T) {
	e := askEngine(t)
	res := ask(t, e, "Ik werk bij een ministerie. We willen een onderzoeksopdracht van 150.000 euro (diensten) gunnen. Moeten we Europees aanbesteden?", i18n.NL, nil)
	if lead := Lead(res.Answer); res.Check == nil || res.Check.Outcome != "yes" || !strings.Contains(lead, "140.000") {
		t.Errorf("%+v %q", res.Check, lead)
	}
}

// A question that gives its contract's value but asks something else —
// how many parties to invite, the award criterion, the standstill — gets
// no verdict on tendering; one that asks about tendering, or about the
// term of its own contract, still does.
func TestSumButAnotherQuestion(t *testing.T) {
	e := askEngine(t)
	for _, c := range []struct {
		text    string
		lang    i18n.Lang
		verdict bool
	}{
		{"We doen een meervoudig onderhandse procedure voor een opdracht van 120.000 euro. Hoeveel partijen moeten we uitnodigen?", i18n.NL, false},
		{"For a €300,000 services tender, what is the default award criterion?", i18n.EN, false},
		{"We tender a services contract of €250,000 in an EU procedure. How long is the standstill?", i18n.EN, false},
		{"For a €1 million works contract, which guideline applies below the threshold?", i18n.EN, false},
		{"Moeten we Europees aanbesteden voor een dienstenopdracht van 250.000 euro?", i18n.NL, true},
		{"We pay €5,000 a month for cleaning. How long may the term be before we have to tender EU-wide?", i18n.EN, true},
	} {
		res := ask(t, e, c.text, c.lang, nil)
		got := res.Check != nil && res.Check.Check == procurementCheck
		if got != c.verdict {
			t.Errorf("%q: verdict %v, want %v: %.120q", c.text, got, c.verdict, res.Answer)
		}
	}
}

// A short follow-up that points back with "die" or "daar" ("en geldt die
// ook onder de drempel?", "en moet het uitdaagrecht daar ook in?") asks
// about the subject before it, not about the threshold its own words
// name.
func TestFollowUpPointsBackWithDieOrDaar(t *testing.T) {
	e := askEngine(t)
	first := ask(t, e, "Moeten wij als gemeente de Gids Proportionaliteit toepassen?", i18n.NL, nil)
	res := ask(t, e, "en geldt die ook onder de drempel?", i18n.NL, first.Context)
	if res.Card == nil || !strings.Contains(res.Card.Doc.ID, "gids-proportionaliteit") {
		t.Errorf("die: %.160q", res.Answer)
	}
	first = ask(t, e, "Wanneer moet onze gemeente een participatieverordening hebben?", i18n.NL, nil)
	res = ask(t, e, "en moet het uitdaagrecht daar ook in?", i18n.NL, first.Context)
	if lead := Lead(res.Answer); !strings.Contains(lead, "150") {
		t.Errorf("daar: %.160q", lead)
	}
}

// "Sinds 1 januari 2026" dates the rule asked about, not a thing of the
// case: a follow-up for another year asks for the figure of that year.
func TestFollowUpForAnotherYearReplacesSince(t *testing.T) {
	e := askEngine(t)
	first := ask(t, e, "Welke Europese drempel geldt sinds 1 januari 2026 voor werken?", i18n.NL, nil)
	if lead := Lead(first.Answer); !strings.Contains(lead, "5.404.000") {
		t.Fatalf("first: %q", lead)
	}
	res := ask(t, e, "en wat was die in 2025?", i18n.NL, first.Context)
	if lead := Lead(res.Answer); !strings.Contains(lead, "5.538.000") {
		t.Errorf("2025: %q", lead)
	}
}

// "and if it's €4,800 a month?" after a case that asked about the
// threshold is the case with a new sum: the merged question puts the sum
// after the word "threshold", but after "if" it is no claim about the
// threshold.
func TestFollowUpSumAfterThresholdWord(t *testing.T) {
	e := askEngine(t)
	first := ask(t, e, "The council pays a cleaning firm €3,500 a month without an end date. Is that above the EU threshold?", i18n.EN, nil)
	if lead := Lead(first.Answer); !strings.Contains(lead, "168,000") {
		t.Fatalf("first: %q", lead)
	}
	res := ask(t, e, "and if it's €4,800 a month?", i18n.EN, first.Context)
	if lead := Lead(res.Answer); res.Check == nil || res.Check.Outcome != "yes" || !strings.Contains(lead, "230,400") {
		t.Errorf("follow-up: %+v %q", res.Check, lead)
	}
	// a sum stated as the threshold itself is still a claim to check
	if !claimsThreshold("we hoorden dat de drempel voor werken nu 5,5 miljoen is") || claimsThreshold("is that above the eu threshold if it's €4,800 a month?") {
		t.Error("claimsThreshold")
	}
}

// "en voor een DAEB?" is answered on its own, but the conversation keeps
// what it asks: the de minimis ceiling for an SGEI. A next follow-up that
// names nothing ("over welke periode geldt dat?") leans on both.
func TestEllipticFollowUpKeepsItsQuestion(t *testing.T) {
	e := askEngine(t)
	first := ask(t, e, "Hoe hoog is het de-minimisplafond?", i18n.NL, nil)
	second := ask(t, e, "en voor een DAEB?", i18n.NL, first.Context)
	if lead := Lead(second.Answer); !strings.Contains(lead, "750.000") {
		t.Fatalf("DAEB: %q", lead)
	}
	if !strings.Contains(second.Context.Question, "de-minimisplafond") {
		t.Errorf("context %q", second.Context.Question)
	}
	res := ask(t, e, "over welke periode geldt dat?", i18n.NL, second.Context)
	if lead := Lead(res.Answer); res.Kind != KindAnswer || !strings.Contains(lead, "3 jaar") && !strings.Contains(lead, "drie jaar") {
		t.Errorf("period: %s %q", res.Kind, lead)
	}
	for text, want := range map[string]bool{"en voor DAEB?": true, "and for works?": true, "what about SGEI?": true,
		"en voor werken, is dat anders?": false, "en hoe zit het met een stichting?": false} {
		if elliptic(text) != want {
			t.Errorf("elliptic(%q) != %v", text, want)
		}
	}
}

// The earliest closing date of an EU open procedure is counted from the
// day the notice is sent: 45 days, 40 with electronic submission, and a
// last day on a weekend or holiday runs on to the next working day.
func TestEarliestClosingDate(t *testing.T) {
	e := askEngine(t)
	res := ask(t, e, "We publiceren de aankondiging van onze openbare Europese aanbesteding op 11 november 2026. Wat is de vroegste sluitingsdatum?", i18n.NL, nil)
	lead := Lead(res.Answer)
	// day 45 is Saturday 26 December (tweede kerstdag): Monday 28 December
	if res.Kind != KindCheck || !strings.Contains(lead, "maandag 28 december 2026") || !strings.Contains(lead, "zaterdag 26 december 2026") {
		t.Errorf("45 days: %s %q", res.Kind, lead)
	}
	if !strings.Contains(res.Answer, "maandag 21 december 2026") {
		t.Errorf("40 days: %q", res.Answer)
	}
	res = ask(t, e, "Our open EU procedure: the notice goes out on 2 December 2026 and we accept electronic submission. What is the earliest closing date?", i18n.EN, nil)
	if lead := Lead(res.Answer); !strings.Contains(lead, "Monday 11 January 2027") || strings.Contains(lead, "45 days (Aw art. 2.71(1)):") {
		t.Errorf("electronic: %q", lead)
	}
	// the light regime has no statutory minimum: no date is computed
	res = ask(t, e, "We publiceren de aankondiging voor sociale diensten onder het verlicht regime op 11 november 2026. Wat is de vroegste sluitingsdatum?", i18n.NL, nil)
	if res.Check != nil && res.Check.Check == "inschrijvingstermijn" && strings.Contains(res.Answer, "december 2026") {
		t.Errorf("light regime: %q", res.Answer)
	}
}

// Aid granted in 2022 is outside the three years up to December 2026: the
// year after its sum dates it, also when the sentence runs on; before, the
// sum went undated and counted as the new aid.
func TestDeMinimisGrantDatedByItsOwnYear(t *testing.T) {
	e := askEngine(t)
	res := ask(t, e, "we got 200k de minimis aid in 2022 and 80k in 2025, can we get 100k more now?", i18n.EN, nil)
	if lead := Lead(res.Answer); res.Check == nil || res.Check.Outcome != "yes" || !strings.Contains(lead, "180,000") {
		t.Errorf("%+v %q", res.Check, lead)
	}
}

// The verdict per kind of contract states the value under Aw art. 2.17:
// "where is that written?" after it names that article, not only the
// threshold regulation.
func TestPerKindVerdictRestsOnArticle217(t *testing.T) {
	e := askEngine(t)
	first := ask(t, e, "Our council pays a foundation 6,000 euros a month for 2 years for running the library. Do they need to tender?", i18n.EN, nil)
	res := ask(t, e, "where is that written?", i18n.EN, first.Context)
	if lead := Lead(res.Answer); !strings.Contains(lead, "That is in: Aw art. 2.17") {
		t.Errorf("%q", lead)
	}
}

// Days as people type them: month first ("December 7, 2026"), with an
// ordinal ("the 18th of December", "de 3e november"), with a weekday that
// tells the year ("vrijdag 18 dec"), and a Dutch end day before its verb
// ("als de termijn op Hemelvaartsdag 2027 valt").
func TestDaysAsTyped(t *testing.T) {
	e := askEngine(t)
	for _, c := range []struct {
		text string
		lang i18n.Lang
		want string
	}{
		{"We sent the award decision on December 7, 2026. When does the standstill end?", i18n.EN, "28 December 2026"},
		{"the award decision was sent on Friday the 18th of December, when does the standstill end?", i18n.EN, "18 December 2026"},
		{"gunningsbeslissing is vrijdag 18 dec verstuurd, wanneer mogen we tekenen?", i18n.NL, "7 januari 2027"},
		{"besluit bekendgemaakt op de 3e november 2026, wanneer eindigt de bezwaartermijn?", i18n.NL, "15 december 2026"},
		{"Als de laatste dag van de bezwaartermijn op Hemelvaartsdag 2027 valt, wanneer moet het bezwaar dan binnen zijn?", i18n.NL, "Hemelvaartsdag"},
	} {
		res := ask(t, e, c.text, c.lang, nil)
		if lead := Lead(res.Answer); res.Kind != KindCheck || !strings.Contains(lead, c.want) {
			t.Errorf("%q: %s %q", c.text, res.Kind, lead)
		}
	}
}

// A question that finds nothing on its own is read once more against the
// question before it: "hoeveel offertes moeten we vragen?" after a verdict
// on a case below the threshold is about that case. One that leaves the
// domain stays refused.
func TestRefusedAloneLeansOnTheQuestionBefore(t *testing.T) {
	e := askEngine(t)
	first := ask(t, e, "Moeten we een opdracht van 150.000 voor diensten aanbesteden?", i18n.NL, nil)
	alone := ask(t, e, "hoeveel offertes moeten we vragen?", i18n.NL, nil)
	if alone.Kind != KindRefuse && alone.Kind != KindClarify {
		t.Skipf("answered alone now (%s): nothing to lean on", alone.Kind)
	}
	res := ask(t, e, "hoeveel offertes moeten we vragen?", i18n.NL, first.Context)
	if res.Kind != KindAnswer || !strings.Contains(res.Context.Question, "150.000") {
		t.Errorf("leaned: %s %q (context %q)", res.Kind, Lead(res.Answer), res.Context.Question)
	}
	res = ask(t, e, "hoe vraag ik een parkeervergunning aan?", i18n.NL, first.Context)
	if res.Kind != KindRefuse {
		t.Errorf("off topic: %s %q", res.Kind, Lead(res.Answer))
	}
}

// A follow-up that gives aid received in a named year adds it to the aid
// asked about, instead of replacing it: 150.000 now and 200.000 in 2024
// is 350.000, over the ceiling.
func TestFollowUpAddsEarlierAid(t *testing.T) {
	e := askEngine(t)
	for _, c := range []struct {
		first, next string
		lang        i18n.Lang
		want        string
	}{
		{"We krijgen nu 150.000 euro de-minimissteun, kan dat?", "en als we in 2024 ook 200.000 kregen?", i18n.NL, "350.000"},
		{"We get €250,000 de minimis aid now. Is that OK?", "and if we got €100,000 in 2025?", i18n.EN, "350,000"},
	} {
		first := ask(t, e, c.first, c.lang, nil)
		res := ask(t, e, c.next, c.lang, first.Context)
		if lead := Lead(res.Answer); res.Check == nil || res.Check.Outcome != "no" || !strings.Contains(lead, c.want) {
			t.Errorf("%q: %+v %q", c.next, res.Check, lead)
		}
	}
	// a new sum for the same case still replaces it
	first := ask(t, e, "Moeten we een opdracht van 150.000 voor diensten aanbesteden?", i18n.NL, nil)
	if res := ask(t, e, "en als het 230.000 is?", i18n.NL, first.Context); !strings.Contains(Lead(res.Answer), "230.000") || strings.Contains(Lead(res.Answer), "380.000") {
		t.Errorf("new sum: %q", Lead(res.Answer))
	}
}

// A value given with VAT: a "no" holds without VAT too and is computed;
// a "yes" might be a "no" without VAT, so it is not (english4's rule,
// TestAmountWithVATIsNotComputed).
func TestValueWithVAT(t *testing.T) {
	e := askEngine(t)
	res := ask(t, e, "opdracht van 150.000 euro inclusief btw voor advies, europees?", i18n.NL, nil)
	if res.Check == nil || res.Check.Outcome != "no" || !strings.Contains(Lead(res.Answer), "150.000") {
		t.Errorf("no: %+v %q", res.Check, Lead(res.Answer))
	}
	res = ask(t, e, "opdracht van 240.000 euro incl. btw voor advies, europees?", i18n.NL, nil)
	if res.Kind == KindCheck {
		t.Errorf("yes: %q", Lead(res.Answer))
	}
}

// A sum per month without a term and without a kind: the months from which
// services reach their threshold, not an empty verdict.
func TestMonthlySumWithoutTermOrKind(t *testing.T) {
	e := askEngine(t)
	res := ask(t, e, "Vanaf hoeveel maanden moet het europees als we 5.000 per maand krijgen?", i18n.NL, nil)
	if lead := Lead(res.Answer); !strings.HasPrefix(lead, "Gaat het om diensten: zonder einddatum") || !strings.Contains(lead, "44 maanden") {
		t.Errorf("%q", lead)
	}
}

// "How much may the council pay per month for a term without an EU
// tender?": the threshold over the months the value counts (at most 48).
func TestMostPerMonthBelowThreshold(t *testing.T) {
	e := askEngine(t)
	for _, c := range []struct {
		text  string
		lang  i18n.Lang
		wants []string
	}{
		{"hoeveel mag de gemeente ons per maand betalen zonder europees aan te besteden als het contract 3 jaar loopt?", i18n.NL, []string{"€ 6.000 per maand", "€ 72.000 per jaar", "216.000"}},
		{"how much per month can the council pay us for 6 years without an EU tender?", i18n.EN, []string{"48 months", "€4,500 a month", "€54,000 a year"}},
		{"hoeveel mag het rijk per jaar betalen zonder europese aanbesteding, looptijd onbepaald?", i18n.NL, []string{"€ 2.916,67 per maand", "€ 35.000 per jaar", "140.000"}},
	} {
		res := ask(t, e, c.text, c.lang, nil)
		for _, w := range c.wants {
			if !strings.Contains(Lead(res.Answer), w) {
				t.Errorf("%q: no %q in %q", c.text, w, Lead(res.Answer))
			}
		}
	}
}

// Which threshold applies to a notice sent in one period for a contract
// that starts in the next: the kind may be named only by what is bought
// ("schoonmaak"), with the notice, and the notice's date decides.
func TestThresholdOfTheNoticeForAKindByItsWork(t *testing.T) {
	e := askEngine(t)
	res := ask(t, e, "De aankondiging voor het groenonderhoud gaat in november 2025 de deur uit, de start is in maart 2026. Welke drempel geldt?", i18n.NL, nil)
	if lead := Lead(res.Answer); !strings.Contains(lead, "221.000") || strings.Contains(lead, "216.000") {
		t.Errorf("%q", lead)
	}
}
