package knowledge

import (
	"sync"
	"testing"

	"github.com/noaber/noaber/i18n"
)

// A passage's units are analysed once per index and shared by concurrent
// questions: the second reader gets the same analysis, and it holds the
// stems rank matches against.
func TestUnitsOfOncePerPassage(t *testing.T) {
	ix := askEngine(t).snap.Load().idx[i18n.NL]
	var p *Passage
	for _, c := range ix.passages {
		if c.card == nil && len(splitUnits(c.Text)) > 1 {
			p = c
			break
		}
	}
	if p == nil {
		t.Fatal("no passage with more than one unit")
	}
	got := make([]*passageUnits, 8)
	var wg sync.WaitGroup
	for i := range got {
		wg.Add(1)
		go func() { defer wg.Done(); got[i] = ix.unitsOf(p) }()
	}
	wg.Wait()
	for _, pu := range got[1:] {
		if pu != got[0] {
			t.Fatal("a passage was analysed twice")
		}
	}
	first := got[0].units[0]
	w := ""
	for _, tok := range Tokenize(first.text) {
		if !ix.an.isStop(tok) {
			w = tok
			break
		}
	}
	if w == "" || !first.terms[ix.an.Stem(w)] {
		t.Errorf("unit %q: terms %v lack the stem of %q", first.text, first.terms, w)
	}
}
