package knowledge

import (
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
