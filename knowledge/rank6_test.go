package knowledge

import (
	"fmt"
	"testing"

	"github.com/noaber/noaber/i18n"
	"github.com/noaber/noaber/knowledge/understand"
)

// A question for the moment something happens that names a threshold
// ("op welk moment bepaal je welke drempel geldt?") is answered by the
// card that states the date, not by the one that states the amounts,
// though the amounts' card shares more of its words.
func TestKindsTimeQuestionNamingAThreshold(t *testing.T) {
	doc := &Document{ID: "nl-x", Lang: i18n.NL}
	amounts := &Card{ID: "bedragen", Kind: "amount", Doc: doc, Lead: "De drempel voor diensten is € 216.000 zonder btw."}
	moment := &Card{ID: "moment", Kind: "time_limit", Doc: doc, Lead: "De drempels gelden sinds 1 januari 2026; welke geldt, hangt af van het moment van de aankondiging."}
	hits := []hit{{i: 0, score: 10, p: &Passage{Doc: doc, card: amounts}}, {i: 1, score: 8, p: &Passage{Doc: doc, card: moment}}}
	q := understand.Parse("op welk moment bepaal je welke drempel geldt", "nl")
	if q.Type != understand.TimeLimit {
		t.Fatalf("fixture: type %s, want %s", q.Type, understand.TimeLimit)
	}
	if hs := kinds(hits, q); hs[0].p.card != moment {
		t.Errorf("%s leads, want the card that states the moment", hs[0].p.card.ID)
	}
	// a question for the amount keeps the amounts first
	hits = []hit{{i: 0, score: 10, p: &Passage{Doc: doc, card: amounts}}, {i: 1, score: 8, p: &Passage{Doc: doc, card: moment}}}
	if hs := kinds(hits, understand.Parse("hoe hoog is de drempel voor diensten", "nl")); hs[0].p.card != amounts {
		t.Errorf("amount question: %s leads, want the amounts", hs[0].p.card.ID)
	}
}

// A rare everyday word the thesaurus knows only for its synonyms
// ("speeltuin", "speelplek") is as incidental as one it does not know: next
// to a term of the domain it weighs as a plain word. A common one ("btw",
// in every amount "zonder btw") keeps its weight, and so does a term of the
// domain.
func TestPlainRareThesaurusWord(t *testing.T) {
	th := understand.DefaultThesaurus
	if !th.IsTerm("speeltuin") || th.InDomain("speeltuin") || !th.IsTerm("btw") || !th.InDomain("vog") {
		t.Fatal("fixture: the thesaurus no longer has speeltuin and btw as everyday terms, vog as a domain term")
	}
	for _, c := range []struct {
		g    group
		want bool
	}{
		{group{word: "speeltuin", how: "stem", idf: 4.4}, true},
		{group{word: "nooit", how: "stem", idf: 4.4}, true},
		{group{word: "btw", how: "stem", idf: 1.7}, false},
		{group{word: "vog", how: "stem", idf: 4.4}, false},
		{group{word: "speeltuin", how: "stem", idf: 4.4, topic: 0.5}, false},
	} {
		if got := plain(c.g); got != c.want {
			t.Errorf("plain(%s, idf %.1f, topic %.1f) = %v, want %v", c.g.word, c.g.idf, c.g.topic, got, c.want)
		}
	}
}

// Next to a term of the domain that most of its texts have in a heading,
// though not quite enough to anchor a question ("vog", 3 of 4), the plain
// words of the question weigh less: the rare everyday "speeltuin" must not
// choose the one text that happens to name it.
func TestPlainWeighsLessNextToANearAnchor(t *testing.T) {
	doc := &Document{ID: "nl-x", Title: "Onderwerp", Lang: i18n.NL}
	var ps []*Passage
	for i := 0; i < 3; i++ {
		ps = append(ps, &Passage{Doc: doc, Heading: fmt.Sprintf("VOG deel %d", i), Text: "Over de vog voor vrijwilligers."})
	}
	ps = append(ps, &Passage{Doc: doc, Heading: "Voorwaarden", Text: "De vog en de speeltuin van de vrijwilligers."})
	for i := 0; i < 40; i++ {
		ps = append(ps, &Passage{Doc: doc, Heading: fmt.Sprintf("Kop %d", i), Text: "Iets anders over de gemeente en haar taken."})
	}
	ix := buildIndex(i18n.NL, ps)
	weight := func(gs []group, w string) float32 {
		for _, g := range gs {
			if g.word == w {
				return g.idf
			}
		}
		t.Fatalf("no group for %q", w)
		return 0
	}
	gs := ix.analyze("moet ik bij de speeltuin een vog hebben")
	vog := gs[0]
	for _, g := range gs {
		if g.word == "vog" {
			vog = g
		}
	}
	if vog.domainAnchor() || vog.topic < plainTopic {
		t.Fatalf("fixture: vog topic %.2f idf %.2f, want a near anchor, not an anchor", vog.topic, vog.idf)
	}
	alone := weight(ix.analyze("moet ik bij de speeltuin hebben"), "speeltuin")
	if got := weight(gs, "speeltuin"); got >= alone {
		t.Errorf("speeltuin weighs %.2f next to vog, want less than %.2f alone", got, alone)
	}
}
