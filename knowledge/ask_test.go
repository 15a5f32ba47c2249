package knowledge

import (
	"bytes"
	"context"
	"errors"
	"log/slog"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/noaber/noaber/i18n"
)

func askEngine(t testing.TB) *Engine {
	t.Helper()
	e, err := New(Config{}, Deps{Log: slog.New(slog.NewTextHandler(&bytes.Buffer{}, nil)), Now: evalNow})
	if err != nil {
		t.Fatal(err)
	}
	return e
}

func ask(t *testing.T, e *Engine, text string, lang i18n.Lang, prev *Context) Result {
	t.Helper()
	res, err := e.Ask(context.Background(), Input{Text: text, Lang: lang, Prev: prev, Now: evalNow()})
	if err != nil {
		t.Fatal(err)
	}
	return res
}

func TestSmallTalkGetsAFriendlyReply(t *testing.T) {
	e := askEngine(t)
	for _, c := range []struct {
		text string
		lang i18n.Lang
	}{{"hoi", i18n.NL}, {"dank je wel!", i18n.NL}, {"wie ben jij?", i18n.NL}, {"thanks!", i18n.EN}, {"👍", i18n.NL}, {"kun je me helpen?", i18n.NL}} {
		res := ask(t, e, c.text, c.lang, nil)
		if res.Kind != KindSmallTalk || res.Found || strings.Contains(res.Answer, "geen betrouwbaar antwoord") || res.Context != nil {
			t.Errorf("%q: kind %s found %v: %q", c.text, res.Kind, res.Found, res.Answer)
		}
	}
}

func TestCardLeadsTheAnswer(t *testing.T) {
	e := askEngine(t)
	res := ask(t, e, "wat is de drempel voor diensten?", i18n.NL, nil)
	if res.Kind != KindAnswer || res.Card == nil || !strings.HasPrefix(res.Answer, res.Card.Lead) {
		t.Fatalf("kind %s card %v: %q", res.Kind, res.Card, res.Answer)
	}
	if !strings.Contains(Lead(res.Answer), "216.000") || strings.Contains(Lead(res.Answer), "750.000") {
		t.Errorf("lead %q: want the services threshold, not the social-services one", Lead(res.Answer))
	}
	if len(res.Sources) == 0 || len(res.Sources) > maxSources {
		t.Errorf("sources = %v", res.Sources)
	}
}

func TestFollowUpUsesTheContext(t *testing.T) {
	e := askEngine(t)
	first := ask(t, e, "wat is de drempel voor diensten?", i18n.NL, nil)
	if first.Context == nil {
		t.Fatal("no context kept")
	}
	second := ask(t, e, "en voor werken?", i18n.NL, first.Context)
	if !strings.Contains(Lead(second.Answer), "5.404.000") {
		t.Errorf("follow-up lead = %q, want the works threshold", Lead(second.Answer))
	}
	// Without the context the same words are not enough to answer.
	alone := ask(t, e, "en voor werken?", i18n.NL, nil)
	if alone.Kind == KindAnswer && strings.Contains(Lead(alone.Answer), "5.404.000") {
		t.Errorf("answered without context: %q", alone.Answer)
	}
	third := ask(t, e, "en in 2025?", i18n.NL, second.Context)
	if !strings.Contains(Lead(third.Answer), "5.538.000") {
		t.Errorf("second follow-up lead = %q, want the works threshold of 2024-2025", Lead(third.Answer))
	}
	// A context older than ContextTTL is not used.
	stale := *first.Context
	stale.Time = evalNow().Add(-ContextTTL - 1)
	if r := ask(t, e, "en voor werken?", i18n.NL, &stale); strings.Contains(Lead(r.Answer), "5.404.000") {
		t.Errorf("stale context used: %q", r.Answer)
	}
}

func TestCaseQuestionIsComputed(t *testing.T) {
	e := askEngine(t)
	res := ask(t, e, "moeten we aanbesteden als de gemeente ons 80.000 euro per jaar betaalt voor 4 jaar voor groenonderhoud?", i18n.NL, nil)
	lead := Lead(res.Answer)
	if res.Kind != KindCheck || !res.Found || !strings.Contains(lead, "320.000") || !strings.Contains(lead, "216.000") || !strings.Contains(lead, "Ja:") || !strings.Contains(lead, "overheidsopdracht") {
		t.Errorf("kind %s: lead %q", res.Kind, lead)
	}
	if res.Check == nil || res.Check.Outcome != "yes" || res.Check.Given["soort"] != "diensten" || len(res.Sources) == 0 {
		t.Errorf("check = %+v, sources %v", res.Check, res.Sources)
	}
	// The verdict on value alone states first that it assumes a public
	// contract (issue 13).
	if !strings.HasPrefix(lead, "Ervan uitgaande dat dit een overheidsopdracht is") {
		t.Errorf("the assumption does not open the lead: %q", lead)
	}
	// Without the kind of contract: the value and the verdict per kind,
	// and the question the check still needs.
	res = ask(t, e, "moeten we aanbesteden als de gemeente ons 80.000 euro per jaar betaalt voor 4 jaar?", i18n.NL, nil)
	if res.Kind != KindCheck || res.Check.Next != "soort" || !strings.Contains(Lead(res.Answer), "320.000") {
		t.Errorf("kind %s check %+v: %q", res.Kind, res.Check, res.Answer)
	}
	// A follow-up with a new sum.
	next := ask(t, e, "en als het 150.000 is?", i18n.NL, ask(t, e, "moeten we aanbesteden als de gemeente ons 80.000 euro per jaar betaalt voor 4 jaar voor groenonderhoud?", i18n.NL, nil).Context)
	if next.Check == nil || next.Check.Outcome != "no" || !strings.Contains(Lead(next.Answer), "150.000") {
		t.Errorf("follow-up: %+v %q", next.Check, next.Answer)
	}
	// A follow-up that only gives another duration changes the case.
	first := ask(t, e, "De gemeente betaalt ons 10.000 euro per maand voor schoonmaak, zonder einddatum. Moeten ze aanbesteden?", i18n.NL, nil)
	if r := ask(t, e, "en als de looptijd 2 jaar is?", i18n.NL, first.Context); r.Kind != KindCheck || !strings.Contains(Lead(r.Answer), "240.000") {
		t.Errorf("duration follow-up: kind %s %q", r.Kind, r.Answer)
	}
	// A misspelt tender word still asks whether to tender.
	if r := ask(t, e, "moet er een aanbesteiding komen als de gemeente ons 30.000 per jaar betaalt voor 3 jaar?", i18n.NL, nil); r.Kind != KindCheck || !strings.Contains(Lead(r.Answer), "90.000") {
		t.Errorf("misspelt tender word: kind %s %q", r.Kind, r.Answer)
	}
	// A sum claimed to be the threshold is a claim about the rule, not a
	// case: the answer gives the threshold (a verdict 'ja' on 5,5 miljoen
	// would be a wrong figure in the lead).
	for q, want := range map[string]string{
		"We hoorden dat de Europese drempel voor werken nu 5,5 miljoen is. Klopt dat?": "5.404.000",
		"Is it true that the threshold for services is now 221,000?":                   "216,000",
	} {
		lang := i18n.NL
		if strings.HasPrefix(q, "Is it") {
			lang = i18n.EN
		}
		if r := ask(t, e, q, lang, nil); r.Kind == KindCheck || !strings.Contains(Lead(r.Answer), want) {
			t.Errorf("%q: kind %s %q", q, r.Kind, Lead(r.Answer))
		}
	}
	// A question about the threshold figure itself is no case.
	if r := ask(t, e, "geldt de drempel van 216.000 euro ook voor provincies?", i18n.NL, nil); r.Kind == KindCheck {
		t.Errorf("threshold figure taken as a case: %q", r.Answer)
	}
}

// A monthly amount with a fixed term: for works (no total price) and for
// a lease of supplies with a fixed term the check says "it depends", so
// the verdict per kind names only the kinds it can decide, never a "no"
// for them (9,000 × 48 = 432,000 would be a wrong "no" for supplies
// hired for five years); without a term it names no kind at all.
func TestCasePerKindOnlyDecidedKinds(t *testing.T) {
	e := askEngine(t)
	for _, tt := range []struct {
		q              string
		lang           i18n.Lang
		value, yes     string
		wrong1, wrong2 string
	}{
		{"moeten we aanbesteden? de gemeente betaalt 6.500 per maand voor 3 jaar", i18n.NL, "234.000", "Diensten: ja", "Werken: nee", "Leveringen: nee"},
		{"the municipality pays us 9000 euros per month for 5 years, european tender or not?", i18n.EN, "432,000", "Services: yes", "Works: no", "Supplies: no"},
	} {
		res := ask(t, e, tt.q, tt.lang, nil)
		if lead := Lead(res.Answer); res.Kind != KindCheck || !strings.Contains(lead, tt.value) || !strings.Contains(lead, tt.yes) {
			t.Errorf("%q: kind %s: lead %q", tt.q, res.Kind, lead)
		}
		for _, wrong := range []string{tt.wrong1, tt.wrong2} {
			if strings.Contains(res.Answer, wrong) {
				t.Errorf("%q for a kind the check cannot decide: %q", wrong, res.Answer)
			}
		}
	}
	res := ask(t, e, "moeten we aanbesteden? het gaat om 6.500 per maand", i18n.NL, nil)
	if strings.Contains(res.Answer, "()") || strings.Contains(res.Answer, ": nee") {
		t.Errorf("a verdict per kind without a term: %q", res.Answer)
	}
}

// De minimis sums are added up through the de_minimis check: earlier aid
// dated by the year the question gives it, the new aid as the undated or
// latest sum, the ceiling with its regulation.
func TestDeMinimisIsComputed(t *testing.T) {
	e := askEngine(t)
	res := ask(t, e, "We gave a social enterprise €120,000 de minimis aid in March 2024 and now want to give them €150,000 more in 2026. Is that still within the ceiling?", i18n.EN, nil)
	lead := Lead(res.Answer)
	if res.Kind != KindCheck || !res.Found || !strings.Contains(lead, "270,000") || !strings.Contains(lead, "300,000") || !strings.HasPrefix(lead, "Assuming") || !strings.Contains(lead, "Yes") {
		t.Errorf("kind %s: lead %q", res.Kind, lead)
	}
	if res.Check == nil || res.Check.Check != "de_minimis" || len(res.Sources) == 0 || !strings.Contains(res.Sources[0].Title, "2023/2831") {
		t.Errorf("check %+v sources %v", res.Check, res.Sources)
	}
	res = ask(t, e, "Onze stichting kreeg in 2024 € 120.000 de-minimissteun van de provincie. Nu wil de gemeente ons 150.000 euro geven. Past dat binnen de-minimis?", i18n.NL, nil)
	if res.Check == nil || res.Check.Outcome != "yes" {
		t.Errorf("within the ceiling: %+v %q", res.Check, res.Answer)
	}
	// a follow-up with another new sum keeps the earlier aid
	res = ask(t, e, "en als het 200.000 is?", i18n.NL, res.Context)
	if lead := Lead(res.Answer); res.Check == nil || res.Check.Outcome != "no" || !strings.Contains(lead, "320.000") {
		t.Errorf("over the ceiling: %+v %q", res.Check, lead)
	}
	// Aid outside the rolling three years does not count.
	res = ask(t, e, "In 2021 kregen we 250.000 euro de-minimissteun. Nu krijgen we 200.000 euro. Past dat nog?", i18n.NL, nil)
	if res.Check == nil || res.Check.Outcome != "yes" || !strings.Contains(res.Answer, "250.000") {
		t.Errorf("old aid counted: %+v %q", res.Check, res.Answer)
	}
	// One sum: the verdict without earlier aid, and the question for it.
	res = ask(t, e, "De gemeente wil ons 250.000 euro de-minimissteun geven. Kan dat?", i18n.NL, nil)
	if res.Check == nil || res.Check.Next != "eerdere_steun" || !strings.Contains(res.Answer, "eerder") {
		t.Errorf("one sum: %+v %q", res.Check, res.Answer)
	}
	// The ceiling itself is asked about, not a case; a subsidy ceiling is
	// another ceiling.
	if r := ask(t, e, "is het de-minimisplafond 300.000 euro?", i18n.NL, nil); r.Kind == KindCheck {
		t.Errorf("ceiling taken as a case: %q", r.Answer)
	}
	if r := ask(t, e, "Het subsidieplafond is 50.000 euro. Hoeveel steun kunnen we nog krijgen?", i18n.NL, nil); r.Check != nil && r.Check.Check == "de_minimis" {
		t.Errorf("subsidy ceiling taken for de minimis: %q", r.Answer)
	}
}

// A share of employees in a question about a reserved contract is compared
// with the 30% of Aw art. 2.82.
func TestReservedShareIsComputed(t *testing.T) {
	e := askEngine(t)
	res := ask(t, e, "Wij zijn een sociale onderneming. Van onze 40 medewerkers hebben er 10 een arbeidsbeperking. Mag de gemeente een opdracht aan ons voorbehouden?", i18n.NL, nil)
	lead := Lead(res.Answer)
	if res.Kind != KindCheck || res.Check == nil || res.Check.Outcome != "no" || !strings.Contains(lead, "25%") || !strings.Contains(lead, "30%") || !strings.Contains(lead, "2.82") {
		t.Errorf("kind %s check %+v: %q", res.Kind, res.Check, lead)
	}
	res = ask(t, e, "12 of our 30 employees are disabled. Can the municipality reserve a contract for us?", i18n.EN, nil)
	if res.Check == nil || res.Check.Outcome != "depends" || res.Check.Next != "integratiedoel" || !strings.Contains(res.Answer, "40%") || len(res.Sources) == 0 {
		t.Errorf("enough staff: %+v %q", res.Check, res.Answer)
	}
	// Art. 2.82a has no share to compute.
	if r := ask(t, e, "Van onze 40 medewerkers hebben er 10 een arbeidsbeperking. Kan een opdracht onder artikel 2.82a aan ons worden voorbehouden?", i18n.NL, nil); r.Kind == KindCheck {
		t.Errorf("2.82a computed: %q", r.Answer)
	}
}

// A small lot carved out of a larger contract is checked against the
// limits of Aw art. 2.18(3) and 2.19(3).
func TestSmallLotIsComputed(t *testing.T) {
	e := askEngine(t)
	if r := ask(t, e, "We spend a lot of money on cleaning: €50,000 a year on offices and €300,000 on schools. Must we tender?", i18n.EN, nil); r.Check != nil && r.Check.Check == "percelen" {
		t.Errorf("'a lot of' taken for a lot: %q", r.Answer)
	}
	for _, tt := range []struct {
		q         string
		lang      i18n.Lang
		outcome   string
		want, src string
	}{
		{"We hebben een dienstenopdracht van 500.000 euro. We willen een perceel van 70.000 apart gunnen aan een bewonersinitiatief. Kan dat zonder Europese procedure?", i18n.NL, "yes", "14%", "2.18"},
		{"Een opdracht van 500.000 euro, kunnen we een perceel van 90.000 euro onderhands gunnen?", i18n.NL, "depends", "1.000.000", "2.18"},
		{"Een dienstenopdracht van 300.000 euro, kunnen we een perceel van 90.000 euro onderhands gunnen?", i18n.NL, "no", "80.000", "2.18"},
		{"mag een gemeente percelen van 50.000 en 40.000 uit een opdracht van 400.000 euro apart gunnen?", i18n.NL, "no", "22,5%", "2.18"},
		{"Our works contract is worth €6,000,000. Can we award a lot of €900,000 to a local firm without an EU tender?", i18n.EN, "yes", "15%", "2.18"},
	} {
		res := ask(t, e, tt.q, tt.lang, nil)
		if tt.outcome == "yes" && tt.lang == i18n.NL {
			// a follow-up that changes only the lot's sum
			next := ask(t, e, "en als dat perceel 90.000 is?", i18n.NL, res.Context)
			if next.Check == nil || next.Check.Outcome != "no" || !strings.Contains(Lead(next.Answer), "90.000") {
				t.Errorf("follow-up: kind %s check %+v: %q", next.Kind, next.Check, next.Answer)
			}
		}
		if res.Kind != KindCheck || res.Check == nil || res.Check.Outcome != tt.outcome || !strings.Contains(Lead(res.Answer), tt.want) ||
			len(res.Sources) == 0 || !strings.Contains(res.Sources[0].Ref, tt.src) {
			t.Errorf("%q: kind %s check %+v sources %v: %q", tt.q, res.Kind, res.Check, res.Sources, res.Answer)
		}
	}
}

// The social-return obligation of a contract value is worked out with the
// common 5%, which the answer says is policy, not law.
func TestSROIIsComputed(t *testing.T) {
	e := askEngine(t)
	prev := ask(t, e, "Wat is SROI?", i18n.NL, nil)
	res := ask(t, e, "en bij een opdracht van 1,2 miljoen?", i18n.NL, prev.Context)
	if lead := Lead(res.Answer); res.Kind != KindCheck || !strings.Contains(lead, "60.000") || !strings.Contains(lead, "5%") || len(res.Sources) == 0 {
		t.Errorf("kind %s sources %v: %q", res.Kind, res.Sources, lead)
	}
	res = ask(t, e, "How much social return is required for a contract of €800,000?", i18n.EN, nil)
	if !strings.Contains(Lead(res.Answer), "40,000") {
		t.Errorf("%q", res.Answer)
	}
	if r := ask(t, e, "vanaf welk bedrag geldt social return bij de rijksoverheid, is dat 250.000 euro?", i18n.NL, nil); r.Kind == KindCheck {
		t.Errorf("a threshold question computed: %q", r.Answer)
	}
}

// The term of a 2.82a reservation, a small subsidy and the age of a
// gedragsverklaring aanbesteden are worked out from the question's facts.
func TestLimitsAreComputed(t *testing.T) {
	e := askEngine(t)
	if r := ask(t, e, "De gemeente heeft onze subsidie van 50.000 euro vastgesteld. Kunnen we daartegen bezwaar maken? We moeten achteraf veel verantwoorden.", i18n.NL, nil); r.Kind == KindCheck {
		t.Errorf("an objection computed as a small subsidy: %q", r.Answer)
	}
	for _, tt := range []struct {
		q       string
		lang    i18n.Lang
		outcome string
		want    []string
	}{
		{"De wethouder wil een voorbehouden opdracht onder artikel 2.82a gunnen. Het contract zou 4 jaar moeten lopen. Kan dat?", i18n.NL, "no", []string{"3 jaar", "4 jaar"}},
		{"Can a contract reserved under article 2.82a run for 2 years?", i18n.EN, "depends", []string{"3 years", "2 years"}},
		{"Wij kregen een subsidie van 3.500 euro voor ons buurtfeest. Moeten we achteraf een verantwoording sturen?", i18n.NL, "yes", []string{"3.500", "5.000", "art. 13"}},
		{"We received a grant of €12,000. Do we have to account for it afterwards?", i18n.EN, "no", []string{"12,000", "5,000"}},
		{"Onze gedragsverklaring aanbesteden is afgegeven in februari 2024. We willen in april 2026 inschrijven. Is die nog geldig?", i18n.NL, "no", []string{"26 maanden", "2 jaar", "1.20"}},
		{"Our gedragsverklaring aanbesteden dates from June 2025. Is it still valid?", i18n.EN, "yes", []string{"18 months"}},
		{"Onze GVA is van januari 2025. Mogen we die in maart 2026 nog gebruiken?", i18n.NL, "yes", []string{"14 maanden"}},
	} {
		res := ask(t, e, tt.q, tt.lang, nil)
		lead := Lead(res.Answer)
		ok := res.Kind == KindCheck && res.Check != nil && res.Check.Outcome == tt.outcome && len(res.Sources) > 0
		for _, w := range tt.want {
			ok = ok && strings.Contains(lead, w)
		}
		if !ok {
			t.Errorf("%q: kind %s check %+v sources %d: %q", tt.q, res.Kind, res.Check, len(res.Sources), lead)
		}
	}
}

func TestTermQuestionIsComputed(t *testing.T) {
	e := askEngine(t)
	// 24 March 2026 + 6 weeks = Tuesday 5 May 2026, Liberation Day, a
	// general holiday under the Atw: the term ends on Wednesday 6 May.
	res := ask(t, e, "Een besluit is bekendgemaakt op dinsdag 24 maart 2026. Wanneer eindigt de bezwaartermijn?", i18n.NL, nil)
	if res.Kind != KindCheck || !strings.Contains(Lead(res.Answer), "6 mei 2026") || len(res.Sources) == 0 {
		t.Errorf("kind %s: %q", res.Kind, res.Answer)
	}
	// A follow-up with another date.
	first := ask(t, e, "We hebben de gunningsbeslissing op vrijdag 3 juli 2026 verstuurd. Wanneer eindigt de opschortende termijn?", i18n.NL, nil)
	if !strings.Contains(Lead(first.Answer), "23 juli 2026") {
		t.Errorf("standstill: %q", first.Answer)
	}
	next := ask(t, e, "en als we hem op maandag 7 december 2026 versturen?", i18n.NL, first.Context)
	if !strings.Contains(Lead(next.Answer), "28 december 2026") {
		t.Errorf("standstill follow-up: %q", next.Answer)
	}
	// A day named as the end of a term is not a start to count from.
	for q, lang := range map[string]i18n.Lang{
		"Klopt het dat de Algemene termijnenwet ook geldt voor de standstilltermijn? Onze termijn eindigt op 26 december.": i18n.NL,
		"Our objection period ends on 5 May. Does it move to the next day?":                                                i18n.EN,
	} {
		if r := ask(t, e, q, lang, nil); r.Kind == KindCheck {
			t.Errorf("%q: counted from the end day: %q", q, r.Answer)
		}
	}
}

func TestClarifyOffersCards(t *testing.T) {
	e := askEngine(t)
	res := ask(t, e, "termijn?", i18n.NL, nil)
	if res.Kind != KindClarify || res.Found || len(res.Choices) < 2 || len(res.Sources) != 0 {
		t.Fatalf("kind %s choices %v: %q", res.Kind, res.Choices, res.Answer)
	}
	for _, ch := range res.Choices {
		card, ok := e.AnswerCard(ch.ID, i18n.NL)
		if !ok || card.Kind != KindAnswer || !card.Found || card.Answer == "" {
			t.Errorf("choice %v: %+v", ch, card)
		}
	}
	if _, ok := e.AnswerCard("nl-nope#nope", i18n.NL); ok {
		t.Error("a card that does not exist was answered")
	}
}

func TestAnswerCardFollowsTheLanguage(t *testing.T) {
	e := askEngine(t)
	var nl *Card
	for _, c := range e.Cards() {
		if c.Doc.Lang == i18n.NL && c.Doc.Topic == "drempelbedragen-2026" {
			nl = c
			break
		}
	}
	if nl == nil {
		t.Fatal("no Dutch card for the thresholds")
	}
	res, ok := e.AnswerCard(nl.Key(), i18n.EN)
	if !ok || res.Card.Doc.Lang != i18n.EN || res.Card.ID != nl.ID {
		t.Errorf("English answer for %s: %+v", nl.Key(), res.Card)
	}
}

func TestOutOfScopeIsRefused(t *testing.T) {
	e := askEngine(t)
	for _, q := range []string{"hoe vraag ik een parkeervergunning aan?", "wat wordt het weer morgen in Zwolle?", "hoe hoog is mijn WOZ-waarde?",
		"Hoe werkt de Wet open overheid?", "wat is het minimumloon in 2026?", "welke vergunning heb ik nodig om alcohol te schenken in onze kantine?"} {
		if res := ask(t, e, q, i18n.NL, nil); res.Kind != KindRefuse || res.Found || len(res.Sources) != 0 {
			t.Errorf("%q: kind %s: %q", q, res.Kind, res.Answer)
		}
	}
}

func TestCardFileErrors(t *testing.T) {
	doc := "+++\nid = \"nl-x\"\ntopic = \"x\"\ntitle = \"X\"\nlang = \"nl\"\n[[sources]]\ntitle = \"Wet\"\nurl = \"https://wetten.overheid.nl/BWBR0032203\"\n+++\n## Kop een\nTekst over de drempel voor diensten in een paar woorden.\n"
	for _, c := range []struct{ cards, want string }{
		{"[[card]]\nid = \"a\"\nsection = \"Kop een\"\nvariants = [\"v\"]\n", "lead is missing"},
		{"[[card]]\nid = \"a\"\nsection = \"Andere kop\"\nlead = \"L\"\nvariants = [\"v\"]\n", "is not a ## heading"},
		{"[[card]]\nid = \"a\"\nsection = \"Kop een\"\nlead = \"L\"\nvariants = [\"v\"]\nsources = [2]\n", "source 2 does not exist"},
		{"[[card]]\nid = \"a\"\nsection = \"Kop een\"\nlead = \"L\"\n", "no variants"},
		{"[[card]]\nid = \"a\"\nsection = \"Kop een\"\nlead = \"L\"\nvariants = [\"v\"]\nkleur = 1\n", "unknown key"},
		{"[[card]\n", "card"},
	} {
		_, errs := ParseFS(fstest.MapFS{"nl/x.md": {Data: []byte(doc)}, "nl/x.cards.toml": {Data: []byte(c.cards)}}, true)
		var de *DocError
		if len(errs) != 1 || !errors.As(errs[0], &de) || !strings.Contains(errs[0].Error(), c.want) || !strings.Contains(errs[0].Error(), "x.cards.toml") {
			t.Errorf("cards %q: errors %v, want one naming x.cards.toml and %q", c.cards, errs, c.want)
		}
	}
	docs, errs := ParseFS(fstest.MapFS{"nl/x.md": {Data: []byte(doc)}, "nl/x.cards.toml": {Data: []byte("[[card]]\nid = \"a\"\nsection = \"Kop een\"\nlead = \"De drempel is € 216.000.\"\nvariants = [\"hoe hoog is de drempel\"]\n")}}, true)
	if len(errs) != 0 || len(docs) != 1 || len(docs[0].Cards) != 1 || docs[0].Cards[0].Sources[0].Title != "Wet" {
		t.Errorf("docs %v errs %v", docs, errs)
	}
}

// A list is never cut and a list item never leads without its lead-in; a
// bare "Ja." never leads.
func TestExtractiveNeverCutsAList(t *testing.T) {
	units := splitUnits("Ja. Er zijn vier voorwaarden:\n- een\n- twee\n- drie\n- vier\n\nDaarna volgt nog een zin over iets anders.")
	// rank the third list item best
	for i := range units {
		units[i].score = 0.1
		if units[i].text == "drie" {
			units[i].score = 1
		}
	}
	ranked := append([]unit(nil), units...)
	sortUnits(ranked)
	got := pick(ranked)
	var texts []string
	for _, u := range got {
		texts = append(texts, u.text)
	}
	want := "Er zijn vier voorwaarden:|een|twee|drie|vier"
	if !strings.HasPrefix(strings.Join(texts, "|"), want) {
		t.Errorf("picked %q, want it to start with %q", texts, want)
	}
}

func sortUnits(us []unit) {
	for i := 1; i < len(us); i++ {
		for j := i; j > 0 && us[j].score > us[j-1].score; j-- {
			us[j], us[j-1] = us[j-1], us[j]
		}
	}
}

// Negations are no stop words: "niet" and "not" stay in the search, so
// "wanneer hoeft de gemeente niet aan te besteden" is not the question
// without its "niet" (issue 12).
func TestNegationsAreSearched(t *testing.T) {
	e := askEngine(t)
	for lang, q := range map[i18n.Lang]string{i18n.NL: "wanneer hoeft de gemeente niet aan te besteden", i18n.EN: "when does the council not have to tender"} {
		found := false
		for _, g := range e.snap.Load().idx[lang].analyze(q) {
			if g.word == "niet" || g.word == "not" {
				found = true
			}
		}
		if !found {
			t.Errorf("%s: the negation was dropped from %q", lang, q)
		}
	}
}

// A computed verdict names its source; a deployment whose corpus lacks it
// gets no verdict without one.
func TestComputedAnswerNeedsItsSource(t *testing.T) {
	e := fixtureEngine(t, Config{}, Deps{})
	if r, _ := e.Answer(context.Background(), "hoeveel sroi moet ik doen bij een opdracht van 800.000 euro?", i18n.NL); r.Kind == KindCheck {
		t.Errorf("computed without a source: %q", r.Answer)
	}
}

// Someone who lost a tender and asks how long they have to object is told
// about the standstill after the award decision, not the general 6-week
// objection term of the Awb (an award decision is no Awb besluit) and not
// the contract's duration ("tijd" in "looptijd").
func TestObjectingToAnAwardFindsTheStandstill(t *testing.T) {
	e := askEngine(t)
	for _, q := range []string{
		"Onze coöperatie had ingeschreven op een opdracht voor schoonmaak maar een ander heeft gewonnen, we vinden de beoordeling oneerlijk. Hoeveel tijd hebben we om daar iets tegen te doen?",
		"Wij hebben ingeschreven en een ander bedrijf heeft de opdracht gekregen. Binnen welke termijn kunnen we de gunning aanvechten?",
	} {
		res := ask(t, e, q, i18n.NL, nil)
		if lead := Lead(res.Answer); res.Kind != KindAnswer || !strings.Contains(lead, "20 kalenderdagen") {
			t.Errorf("%q: kind %s, lead %.120q", q, res.Kind, lead)
		}
	}
}

// "Wat houdt dat in?" after a story asks what the term the story names
// is: the card that defines it answers, not one that shares the story's
// other words.
func TestStorysTermIsDefined(t *testing.T) {
	e := askEngine(t)
	r := ask(t, e, "De gemeente nodigt onze stichting uit voor een meervoudig onderhandse aanbesteding voor het groenonderhoud. Wat houdt dat in?", i18n.NL, nil)
	if lead := Lead(r.Answer); !strings.Contains(lead, "twee of meer") {
		t.Errorf("kind %s: lead %q", r.Kind, lead)
	}
	r = ask(t, e, "Ik zit in de gemeenteraad en hoor steeds over maatschappelijk aanbesteden. Kun je uitleggen wat dat is?", i18n.NL, nil)
	if lead := Lead(r.Answer); !strings.Contains(lead, "uitvoering van een taak") {
		t.Errorf("kind %s: lead %q", r.Kind, lead)
	}
	r = ask(t, e, "Our residents' group wants to take over the park maintenance. The alderman said we could use the right to challenge for that, but none of us is a lawyer. What exactly is that?", i18n.EN, nil)
	if lead := Lead(r.Answer); !strings.HasPrefix(lead, "The Right to Challenge") {
		t.Errorf("kind %s: lead %q", r.Kind, lead)
	}
}

// The plain words of a claim ("judge": never in a heading, no term of the
// domain) weigh as a story's words: they tell what goes on around the term
// the claim is about, which weighs fully.
func TestClaimsPlainWordsWeighAsStory(t *testing.T) {
	e := askEngine(t)
	ix := e.snap.Load().idx[i18n.EN]
	const text = "Our municipality wants to use the value triangle to judge our initiative."
	idf := func(gs []group, w string) float32 {
		for _, g := range gs {
			if g.word == w {
				return g.idf
			}
		}
		t.Fatalf("%q not analysed", w)
		return 0
	}
	claim := ix.analyzeParts(segment{text: text, weight: 1, claim: true})
	plainQ := ix.analyzeParts(segment{text: text, weight: 1})
	if got, full := idf(claim, "judge"), idf(plainQ, "judge"); got >= full {
		t.Errorf("judge weighs %v in a claim, %v in a question", got, full)
	}
	for _, g := range claim {
		if g.word == "judge" && !g.story {
			t.Error("judge counts in the claim's coverage although no answer need have it")
		}
	}
	if got, full := idf(claim, "initiative"), idf(plainQ, "initiative"); got != full {
		t.Errorf("initiative weighs %v in a claim, %v in a question", got, full)
	}
}

// A plain word of the question sentence weighs less when the question
// names a term of the domain: the term says what it is about.
func TestPlainWordsWeighLessBesideADomainTerm(t *testing.T) {
	e := askEngine(t)
	ix := e.snap.Load().idx[i18n.NL]
	focus := segment{text: "Is dat nou echt een probleem voor ons?", weight: 1}
	alone := ix.analyzeParts(focus)
	anchored := ix.analyzeParts(focus, segment{text: "Een ambtenaar begon over staatssteun.", weight: storyWeight})
	idf := func(gs []group, w string) float32 {
		for _, g := range gs {
			if g.word == w {
				return g.idf
			}
		}
		t.Fatalf("%q not analysed", w)
		return 0
	}
	if a, b := idf(anchored, "probleem"), idf(alone, "probleem"); a >= b {
		t.Errorf("probleem weighs %v beside staatssteun, %v alone", a, b)
	}
}

// A question sentence that names nothing, after a story that asks nothing
// ("… de gemeente heeft ons gemaild over ons plan. hoelang hebben we?"),
// is not answered from whatever passage shares a word of the story: the
// bot asks which question is meant. One that points back at the sentence
// before it is read with it.
func TestStoryOnlyQuestionIsClarified(t *testing.T) {
	e := askEngine(t)
	r := ask(t, e, "wij zijn een stichting in het dorp en de gemeente stuurde ons een brief over de termijn van ons plan, maar we snappen er weinig van. hoelang hebben we nog?", i18n.NL, nil)
	if r.Kind == KindAnswer {
		t.Errorf("answered from the story alone: %q", Lead(r.Answer))
	}
	r = ask(t, e, "Een buurman zei dat de Europese drempel voor diensten omlaag is gegaan. Is dat zo en hoe hoog is hij nu?", i18n.NL, nil)
	if lead := Lead(r.Answer); !strings.Contains(lead, "216.000") {
		t.Errorf("kind %s: %q", r.Kind, lead)
	}
}

// An off-topic word that the corpus's own subject uses is answered when
// the question also names a term of the domain: a programme's website, the
// holidays of the Time Limits Act. Without such a term it stays refused.
func TestOffTopicWordOfTheDomainsOwnSubject(t *testing.T) {
	e := askEngine(t)
	for _, q := range []string{"Which website does BZK use for the do-democracy?", "Does Easter Monday count as a holiday under the Algemene termijnenwet?"} {
		if res := ask(t, e, q, i18n.EN, nil); res.Kind != KindAnswer {
			t.Errorf("%q: %s %q", q, res.Kind, Lead(res.Answer))
		}
	}
	for _, q := range []string{"How many holiday days do I get per year?", "Can the council build my website?"} {
		if res := ask(t, e, q, i18n.EN, nil); res.Kind != KindRefuse {
			t.Errorf("%q: %s %q, want a refusal", q, res.Kind, Lead(res.Answer))
		}
	}
}

// A follow-up that says "then" ("in that case", "dan") asks about the
// case before it, however well it would match on its own.
func TestFollowUpInThatCase(t *testing.T) {
	e := askEngine(t)
	first := ask(t, e, "What is the light regime for social services?", i18n.EN, nil)
	res := ask(t, e, "and do the minimum time limits apply then?", i18n.EN, first.Context)
	if res.Card == nil || res.Card.Doc.Topic != "sas-verlicht-regime" {
		t.Errorf("card %v: %q", res.Card, Lead(res.Answer))
	}
}

// A follow-up that brings a sum ("and for a contract of 600,000 euros?")
// asks the question before it for that case, even when its other words
// would match something on their own ("contract").
func TestFollowUpWithASumIsTheCase(t *testing.T) {
	e := askEngine(t)
	first := ask(t, e, "What percentage of a contract is social return normally?", i18n.EN, nil)
	res := ask(t, e, "and for a contract of 600,000 euros?", i18n.EN, first.Context)
	if !strings.Contains(Lead(res.Answer), "30,000") {
		t.Errorf("kind %s: %q", res.Kind, Lead(res.Answer))
	}
}

// A follow-up that names nothing ("what do we need to do for that?") asks
// for more than the answer before it: another card of the same document,
// not the same lead again.
func TestFollowUpThatNamesNothingMovesOn(t *testing.T) {
	e := askEngine(t)
	first := ask(t, e, "Can the volunteers of our playground club get a free VOG?", i18n.EN, nil)
	if first.Card == nil {
		t.Fatalf("no card: %q", Lead(first.Answer))
	}
	res := ask(t, e, "and what do we need to do for that?", i18n.EN, first.Context)
	if res.Card == nil || res.Card.Key() == first.Card.Key() || res.Card.Doc != first.Card.Doc {
		t.Errorf("first %s, then %v: %q", first.Card.Key(), res.Card, Lead(res.Answer))
	}
	// One that asks for a figure may be answered by the same lead.
	first = ask(t, e, "How much time do we get to object to a decision of the council?", i18n.EN, nil)
	if res := ask(t, e, "from when?", i18n.EN, first.Context); first.Card == nil || res.Card != first.Card {
		t.Errorf("first %v, then %v: %q", first.Card, res.Card, Lead(res.Answer))
	}
}

// "How much" without money or time asks for a share when a card states
// one: how much social return is usual is a percentage, not the contract
// value from which it applies.
func TestHowMuchWithoutMoneyIsAShare(t *testing.T) {
	e := askEngine(t)
	for _, q := range []string{"How much social return is normal on a contract?", "What share of a contract goes to social return as a rule?"} {
		if res := ask(t, e, q, i18n.EN, nil); !strings.Contains(Lead(res.Answer), "5%") {
			t.Errorf("%q: %s %q", q, res.Kind, Lead(res.Answer))
		}
	}
}

// A question that names one multi-word term of the domain ("wat is
// maatschappelijk aanbesteden?") is not vague: the term is specific, however
// many of its own documents answer it.
func TestMultiWordTermIsNotVague(t *testing.T) {
	e := askEngine(t)
	r := ask(t, e, "wat is maatschappelijk aanbesteden?", i18n.NL, nil)
	if r.Kind != KindAnswer || !strings.Contains(Lead(r.Answer), "samenleving") {
		t.Errorf("kind %s: %q", r.Kind, Lead(r.Answer))
	}
}

// A question that is word for word one of a card's variants is answered by
// that card, even when its one content word is a term half the corpus
// uses: "wat is aanbesteden?" is no vague question.
func TestExactVariantAnswers(t *testing.T) {
	e := askEngine(t)
	for _, tt := range []struct {
		q    string
		lang i18n.Lang
	}{
		{"wat is aanbesteden?", i18n.NL},
		{"Wat is een aanbesteding", i18n.NL},
		{"what is a tender?", i18n.EN},
	} {
		r := ask(t, e, tt.q, tt.lang, nil)
		if r.Kind != KindAnswer || r.Card == nil || r.Card.ID != "wat-is-aanbesteden" {
			t.Errorf("%q: kind %s: %.100q", tt.q, r.Kind, r.Answer)
		}
	}
	// one everyday word no card's variant is stays vague
	if r := ask(t, e, "welk artikel?", i18n.NL, nil); r.Kind == KindAnswer {
		t.Errorf("welk artikel?: answered %.100q", r.Answer)
	}
}
