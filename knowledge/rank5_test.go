package knowledge

import (
	"fmt"
	"strings"
	"testing"

	"github.com/noaber/noaber/i18n"
	"github.com/noaber/noaber/knowledge/understand"
)

// rankFixture builds an index of n passages that share the words of a
// question many times over, and one card whose variant is nearly the
// question but whose unit is long (many variants, a long lead), so BM25
// ranks it below all the passages.
func rankFixture(n int, variant string) (*index, *Card) {
	doc := &Document{ID: "nl-x", Topic: "x", Title: "Onderwerp", Lang: i18n.NL}
	var ps []*Passage
	for i := 0; i < n; i++ {
		ps = append(ps, &Passage{Doc: doc, Heading: fmt.Sprintf("Kop %d", i), Text: "De gemeente moet de subsidie regelen. Subsidie regelen van de gemeente. Gemeente en subsidie."})
	}
	sec := &Passage{Doc: doc, Heading: "Stopzetten", Text: "Over het stopzetten van geld."}
	ps = append(ps, sec)
	vs := []string{variant}
	for i := 0; i < 8; i++ {
		vs = append(vs, fmt.Sprintf("andere vraag nummer %d over iets heel anders dan dit", i))
	}
	c := &Card{ID: "stop", Doc: doc, Section: sec, Lead: strings.Repeat("Een lange uitleg die niets herhaalt. ", 8), Variants: vs}
	c.unit = &Passage{Doc: doc, Heading: sec.Heading, Text: strings.Join(vs, "\n") + "\n" + c.Lead, card: c}
	ps = append(ps, c.unit)
	return buildIndex(i18n.NL, ps), c
}

// A card one of whose variants is nearly the question is re-ranked by that
// variant even when BM25 puts more than searchDepth hits above it: nearest
// looks at the first nearDepth hits, then keeps searchDepth of them.
func TestNearestLooksDeeperThanTheSteps(t *testing.T) {
	ix, c := rankFixture(15, "gemeente subsidie regelen mag dat")
	gs := ix.analyze("mag de gemeente de subsidie regelen")
	rank := func(hs []hit) int {
		for i, h := range hs {
			if h.p.card == c {
				return i
			}
		}
		return -1
	}
	if r := rank(ix.search(gs, searchDepth)); r >= 0 {
		t.Fatalf("fixture: BM25 ranks the card %d, want below the first %d", r, searchDepth)
	}
	hits := nearestOf(ix, gs, ix.search(gs, nearDepth))
	if len(hits) > searchDepth {
		t.Errorf("nearestOf kept %d hits, want at most %d", len(hits), searchDepth)
	}
	if r := rank(hits); r < 0 {
		t.Errorf("the card whose variant is nearly the question is not among the %d hits after nearest", searchDepth)
	}
}

// A question that asks what something is is answered by the card written
// to define it, when a card of another kind shares its words nearly as
// well; a question of another type keeps the order; a follow-up is left
// to the other steps (see askOnce).
func TestDefinitionFirst(t *testing.T) {
	doc := &Document{ID: "nl-x", Lang: i18n.NL}
	def := &Card{ID: "def", Kind: "definition", Doc: doc}
	must := &Card{ID: "must", Kind: "may_must", Doc: doc}
	mk := func() []hit {
		return []hit{{i: 0, score: 10, p: &Passage{Doc: doc, card: must}}, {i: 1, score: 9, p: &Passage{Doc: doc, card: def}}}
	}
	q := understand.Parse("wat is een gedragsverklaring aanbesteden", "nl")
	if q.Type != understand.Definition {
		t.Fatalf("fixture: type %s, want definition", q.Type)
	}
	if hs := definitionFirst(mk(), q); hs[0].p.card != def {
		t.Errorf("definition question: %s leads, want the definition card", hs[0].p.card.ID)
	}
	q = understand.Parse("moet de gemeente een gedragsverklaring vragen", "nl")
	if hs := definitionFirst(mk(), q); hs[0].p.card != must {
		t.Errorf("%s question: %s leads, want the order kept", q.Type, hs[0].p.card.ID)
	}
}

// confusedPairs counts a pair of cards in either direction and leaves out
// answers that are no card.
func TestConfusedPairs(t *testing.T) {
	got := confusedPairs([]string{
		"nl d#a wat is a → d#b",
		"nl d#b wat is b → d#a",
		"nl d#c wat is c → d#a",
		"nl d#c hoe c → refuse",
	}, 5)
	want := []string{"2 d#a <-> d#b", "1 d#a <-> d#c"}
	if strings.Join(got, "|") != strings.Join(want, "|") {
		t.Errorf("confusedPairs = %q, want %q", got, want)
	}
}
