package knowledge

import (
	"testing"

	"github.com/noaber/noaber/i18n"
)

// A question about an article by its number is answered by the card the
// article rests on, also when the number has three digits after its dot
// (which looks like a sum of thousands) or is written after "art.".
func TestArticleQuestionsFindTheirCard(t *testing.T) {
	e := askEngine(t)
	for _, c := range []struct {
		text string
		lang i18n.Lang
		card string
	}{
		{"wat zegt art. 2.127 Aw over de wachttijd?", i18n.NL, "nl-alcatel-termijn#hoe-lang-is-de"},
		{"what is in art 2.114 of the procurement act", i18n.EN, "en-bpkv-gunningscriteria#wat-is-bpkv"},
		{"wat regelt art. 1.16 Aw eigenlijk", i18n.NL, "nl-onder-de-drempel#moet-de-gemeente-uitleggen-waarom"},
	} {
		if res := ask(t, e, c.text, c.lang, nil); cardKey(res) != c.card {
			t.Errorf("%q: card %s %q, want %s", c.text, cardKey(res), Lead(res.Answer), c.card)
		}
	}
}

// The cards added for questions the corpus had a section for but no card:
// where the law's text is, open versus restricted, a legal form for a
// challenge, the value of leased supplies.
func TestCards5NewCardsAnswer(t *testing.T) {
	e := askEngine(t)
	for _, c := range []struct {
		text string
		lang i18n.Lang
		card string
	}{
		{"waar kan ik de aanbestedingswet zelf nalezen?", i18n.NL, "nl-aanbestedingswet#waar-vind-je-de"},
		{"where do I read the official Procurement Act text", i18n.EN, "en-aanbestedingswet#waar-vind-je-de"},
		{"hoe verschilt een niet-openbare procedure van een openbare?", i18n.NL, "nl-termijnen-europees-aanbesteden#verschil-tussen-de-openbare"},
		{"we zijn een groepje buren zonder rechtsvorm, moeten we een stichting zijn voor het right to challenge?", i18n.NL, "nl-right-to-challenge#moet-je-een-stichting"},
		{"hoe raam je lease van spullen zonder vaste looptijd?", i18n.NL, "nl-waarde-raming#hoe-reken-je-de"},
	} {
		if res := ask(t, e, c.text, c.lang, nil); cardKey(res) != c.card {
			t.Errorf("%q: card %s %q, want %s", c.text, cardKey(res), Lead(res.Answer), c.card)
		}
	}
}
