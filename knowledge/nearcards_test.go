package knowledge

import (
	"regexp"
	"testing"

	"github.com/noaber/noaber/i18n"
)

// The less common facts each have a card of their own (issue 12): asked in
// other words than any variant, the question is led by the fact, not by a
// card of the same document that answers something else.
func TestNearCardsLead(t *testing.T) {
	e := askEngine(t)
	for _, c := range []struct {
		q    string
		lang i18n.Lang
		want string // in the lead
	}{
		{"vanaf wanneer bestaat de aanbestedingswet eigenlijk", i18n.NL, `1 april 2013`},
		{"in which year did the Dutch procurement act come into force?", i18n.EN, `1 April 2013`},
		{"waar publiceert de minister nieuwe drempelbedragen", i18n.NL, `Staatscourant`},
		{"hoeveel jaar mag een gva oud zijn bij een inschrijving", i18n.NL, `niet ouder .*2 jaar`},
		{"how many years back do convictions count for a GVA?", i18n.EN, `last 5 years`},
		{"in welk besluit is de gids proportionaliteit aangewezen", i18n.NL, `art\. 10 van het Aanbestedingsbesluit`},
		{"moeten wij voor welzijnswerk het verlicht regime gebruiken of is dat een keuze", i18n.NL, `standaard`},
		{"is het al een subsidie als wij het zo noemen?", i18n.NL, `De naam maakt niet uit`},
		{"hoe dwingt de gemeente af dat een gesubsidieerde stichting levert wat afgesproken is", i18n.NL, `uitvoeringsovereenkomst \(Awb art\. 4:36\)`},
		{"hoe kort mag de termijn voor inschrijvingen zijn als er een vooraankondiging is geweest", i18n.NL, `29 dagen`},
		{"welke procedure adviseerde het ministerie van bzk in zijn magazine uit 2014", i18n.NL, `concurrentiegerichte dialoog`},
		{"did the ministry's 2014 magazine recommend the competitive dialogue?", i18n.EN, `competitive dialogue`},
		{"wie mogen er uitdagen volgens een participatieverordening", i18n.NL, `Ingezetenen en maatschappelijke partijen`},
		{"op welke datum nam de eerste kamer de wet versterking participatie aan", i18n.NL, `Eerste Kamer op 4 juni 2024`},
		{"when did parliament vote on the participation act at local level?", i18n.EN, `4 June 2024`},
		{"moet ons bewonerscollectief eerst een rechtspersoon worden om te mogen uitdagen", i18n.NL, `juridisch georganiseerd`},
		{"ons voorstel kost de gemeente meer dan nu, kan een uitdaging dan nog", i18n.NL, `niet hoger zijn dan nu`},
		{"is the right to challenge also open to tasks the municipality carries out in medebewind?", i18n.EN, `as far as the law governing the task`},
		{"welk reglement geldt er voor aanbestedingen van werken beneden de europese drempel", i18n.NL, `ARW 2016`},
		{"hoe hoog lag de europese drempel voor bouwwerken in 2023", i18n.NL, `5\.382\.000`},
		{"waar staat het woord noaberschap voor", i18n.NL, `zorgt deels voor de buren`},
		{"door wie is de handreiking subsidiëren of inkopen gemaakt", i18n.NL, `Partners\+Pröpper en Pels Rijcken`},
		{"which procurement rules are left for a light-regime contract?", i18n.EN, `only the rules on communication`},
		{"welke methode voor social return gebruikt het rijk sinds 2018", i18n.NL, `Maatwerk voor Mensen`},
		{"in which year did the government publish its paper on the doe-democratie?", i18n.EN, `9 July 2013`},
		{"hoe lang blijft een vog van een vrijwilliger goed", i18n.NL, `elke 3 jaar te vernieuwen`},
		{"is a volunteer's VOG valid forever?", i18n.EN, `renew it every 3 years`},
		{"what counts as a public service contract in the Netherlands?", i18n.EN, `written contract for pecuniary interest`},
		{"tellen voor de minimis de kalenderjaren of de laatste drie jaar vanaf nu", i18n.NL, `geen kalenderjaren`},
		{"from which date is a de minimis grant counted?", i18n.EN, `from the date on which the right to it was conferred`},
		{"wanneer lag het voorontwerp van de bvm in consultatie", i18n.NL, `9 maart tot 30 april 2021`},
	} {
		res := ask(t, e, c.q, c.lang, nil)
		if lead := Lead(res.Answer); !regexp.MustCompile(c.want).MatchString(lead) {
			t.Errorf("%q: lead %q (%s), want %s", c.q, lead, res.Kind, c.want)
		}
	}
}

// A question whose own sentence only asks why ("Must they not tell us
// why?") after a story about losing a small tender asks for the reasons of
// the award decision: the thesaurus reads "tell us why" as asking for
// them, and a story about "a small job for the council" is not about one's
// own job.
func TestTellUsWhyAsksForTheReasons(t *testing.T) {
	e := askEngine(t)
	for _, c := range []struct {
		q    string
		lang i18n.Lang
	}{
		{"We bid on a small job for the council together with two other firms and lost. The email gave no explanation at all. Should they not tell us why?", i18n.EN},
		{"Wij deden mee aan een kleine offerteronde van de gemeente en vielen af. Er stond geen uitleg bij. Moeten ze niet zeggen waarom?", i18n.NL},
	} {
		res := ask(t, e, c.q, c.lang, nil)
		if lead := Lead(res.Answer); !regexp.MustCompile(`reasons|redenen`).MatchString(lead) {
			t.Errorf("%q: %s %q, want the reasons of the award decision", c.q, res.Kind, lead)
		}
	}
}

// "die" or "deze" as the subject right after the opening verb points back
// at what was asked before; as a relative pronoun it does not.
func TestSubjectPronounPointsBack(t *testing.T) {
	for text, want := range map[string]bool{
		"en geldt die ook onder de drempel?":         true,
		"mag deze ook bij werken?":                   true,
		"En is die verplicht?":                       true,
		"welke regels gelden er voor werken":         false,
		"zijn er regels die gelden onder de drempel": false,
		"geldt de drempel ook voor werken?":          false,
	} {
		if got := subjectBack(text); got != want {
			t.Errorf("subjectBack(%q) = %v, want %v", text, got, want)
		}
	}
	// in a conversation: the follow-up is about the guide, not the threshold
	e := askEngine(t)
	first := ask(t, e, "wat is de gids proportionaliteit?", i18n.NL, nil)
	next := ask(t, e, "en geldt die ook onder de drempel?", i18n.NL, first.Context)
	if lead := Lead(next.Answer); !regexp.MustCompile(`Gids Proportionaliteit`).MatchString(lead) {
		t.Errorf("follow-up lead %q, want the Gids Proportionaliteit", lead)
	}
}

// Being insured as a volunteer is the corpus's subject even when the story
// names something off-topic (litter); an insurance of one's own stays
// refused.
func TestVolunteersInsuredIsInDomain(t *testing.T) {
	e := askEngine(t)
	res := ask(t, e, "A few of us pick up litter along the canal every Saturday. A kid cut his hand last week. Are we insured through the council?", i18n.EN, nil)
	if res.Card == nil || res.Card.Doc.Topic != "vrijwilligersverzekering" {
		t.Errorf("volunteers' insurance: %s %q", res.Kind, Lead(res.Answer))
	}
	for _, q := range []string{"Is my bike insured against theft?", "Am I insured for the dentist?"} {
		if res := ask(t, e, q, i18n.EN, nil); res.Kind != KindRefuse {
			t.Errorf("%q: %s %q, want a refusal", q, res.Kind, Lead(res.Answer))
		}
	}
}

// "Wanneer moet de gemeente Europees aanbesteden?" is the plainest question
// of the domain. The word "gemeente" drew it to the TenderNed card
// ("Aanbestedingen van de gemeente vind je op TenderNed"); it is led by the
// rule and the thresholds, in the ways people put it, while a question
// where to find the municipality's tenders still gets TenderNed.
func TestWhenMustTheMunicipalityTender(t *testing.T) {
	e := askEngine(t)
	for _, q := range []string{
		"wanneer moet de gemeente europees aanbesteden",
		"Wanneer moet een gemeente Europees aanbesteden?",
		"Wanneer moet onze gemeente iets europees aanbesteden?",
		"wanneer moet de gemeente eigenlijk europees aanbesteden",
	} {
		if lead := Lead(ask(t, e, q, i18n.NL, nil).Answer); !regexp.MustCompile(`moet Europees aanbesteden als.*216\.000`).MatchString(lead) {
			t.Errorf("%q: lead %q", q, lead)
		}
	}
	if lead := Lead(ask(t, e, "waar vind ik de aanbestedingen van de gemeente?", i18n.NL, nil).Answer); !regexp.MustCompile(`TenderNed`).MatchString(lead) {
		t.Errorf("where to find tenders: lead %q", lead)
	}
}
