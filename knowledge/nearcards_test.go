package knowledge

import (
	"testing"

	"github.com/noaber/noaber/i18n"
)

// The less common facts each have a card of their own (issue 12): asked in
// other words than any variant, the question is led by that card, not by
// a card of the same document that answers something else.
func TestNearCardsLead(t *testing.T) {
	e := askEngine(t)
	for _, c := range []struct {
		q    string
		lang i18n.Lang
		card string
	}{
		{"vanaf wanneer bestaat de aanbestedingswet eigenlijk", i18n.NL, "nl-aanbestedingswet#sinds-wanneer-geldt-de"},
		{"in which year did the Dutch procurement act come into force?", i18n.EN, "en-aanbestedingswet#sinds-wanneer-geldt-de"},
		{"waar publiceert de minister nieuwe drempelbedragen", i18n.NL, "nl-drempelbedragen-2026#hoe-worden-nieuwe-drempels-bekendgemaakt"},
		{"hoeveel jaar mag een gva oud zijn bij een inschrijving", i18n.NL, "nl-gedragsverklaring-aanbesteden#hoe-oud-mag-een-gva"},
		{"how many years back do convictions count for a GVA?", i18n.EN, "en-gedragsverklaring-aanbesteden#hoe-oud-mag-een-gva"},
		{"in welk besluit is de gids proportionaliteit aangewezen", i18n.NL, "nl-gids-proportionaliteit#waar-is-de-gids-wettelijk-verankerd"},
		{"moeten wij voor welzijnswerk het verlicht regime gebruiken of is dat een keuze", i18n.NL, "nl-sas-verlicht-regime#is-het-verlicht-regime-verplicht"},
		{"is het al een subsidie als wij het zo noemen?", i18n.NL, "nl-subsidie-of-opdracht#maakt-de-naam-uit"},
		{"hoe dwingt de gemeente af dat een gesubsidieerde stichting levert wat afgesproken is", i18n.NL, "nl-subsidie-rechtsgevolgen#kan-de-gemeente-een-subsidie-afdwingen"},
		{"hoe kort mag de termijn voor inschrijvingen zijn als er een vooraankondiging is geweest", i18n.NL, "nl-termijnen-europees-aanbesteden#hoeveel-korter-met-een-vooraankondiging"},
	} {
		res := ask(t, e, c.q, c.lang, nil)
		got := ""
		if res.Card != nil {
			got = res.Card.Key()
		}
		if got != c.card {
			t.Errorf("%q: led by card %q (%s), want %q", c.q, got, res.Kind, c.card)
		}
	}
}

// A question whose own sentence only asks why ("Must they not tell us
// why?") after a story about losing a small tender asks for the reasons of
// the award decision: the thesaurus reads "tell us why" as motivering. The
// card on the award decision below the threshold, or the one on its
// contents, which says the same for both, answers it.
func TestTellUsWhyAsksForTheReasons(t *testing.T) {
	e := askEngine(t)
	for _, c := range []struct {
		q    string
		lang i18n.Lang
		card string
	}{
		{"We bid on a small job for the council together with two other firms and lost. The email gave no explanation at all. Should they not tell us why?", i18n.EN, "en-onder-de-drempel#moet-de-gemeente-uitleggen-waarom"},
		{"Wij deden mee aan een kleine offerteronde van de gemeente en vielen af. Er stond geen uitleg bij. Moeten ze niet zeggen waarom?", i18n.NL, "nl-onder-de-drempel#moet-de-gemeente-uitleggen-waarom"},
	} {
		res := ask(t, e, c.q, c.lang, nil)
		got := ""
		if res.Card != nil {
			got = res.Card.Key()
		}
		if got != c.card && got != string(c.lang)+"-alcatel-termijn#wat-moet-er-in" {
			t.Errorf("%q: led by card %q (%s), want %q", c.q, got, res.Kind, c.card)
		}
	}
}
