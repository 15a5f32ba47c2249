package knowledge

import (
	"fmt"
	"os"
	"testing"

	"github.com/noaber/noaber/bot/i18n"
	"github.com/noaber/noaber/knowledge/understand"
)

func TestZZDebug(t *testing.T) {
	qtext := os.Getenv("Q")
	if qtext == "" {
		t.Skip()
	}
	lang := i18n.Lang(os.Getenv("QL"))
	if lang == "" {
		lang = i18n.NL
	}
	e, _ := New(Config{}, Deps{})
	q := understand.Parse(qtext, string(lang))
	fmt.Printf("focus=%q story=%q type=%s slots=%+v search=%q\n", q.Focus, q.Story, q.Type, q.Slots, q.SearchFocus)
	ix := e.snap.Load().idx[lang]
	gs := ix.analyzeParts(segment{text: q.SearchFocus, weight: 1}, segment{text: q.Story, weight: storyWeight})
	for _, g := range gs {
		fmt.Printf("  group %s %v idf=%.2f topic=%.2f how=%s\n", g.word, g.terms, g.idf, g.topic, g.how)
	}
	for _, h := range kinds(nearest(ix, gs, facets(ix.search(gs, 30), q)), q)[:8] {
		c := ""
		if h.p.card != nil {
			c = " CARD " + h.p.card.ID
		}
		fmt.Printf("  %.2f cov=%.2f lead=%.2f lt=%v %s | %s%s\n", h.score, h.coverage, h.lead, h.leadTopic, h.p.Doc.ID, h.p.Heading, c)
	}
	var prev *Context
	if p := os.Getenv("P"); p != "" {
		pr, _ := e.Answer(t.Context(), p, lang)
		prev = pr.Context
		fmt.Printf("PREV %s: %.200s\n", pr.Kind, pr.Answer)
		if prev != nil {
			pq := understand.Parse(prev.Question, string(lang))
			m := understand.Merge(pq, q)
			fmt.Printf("MERGED %q slots=%+v\n", m.Text, m.Slots)
		}
	}
	r, _ := e.Ask(t.Context(), Input{Text: qtext, Lang: lang, Prev: prev})
	fmt.Printf("KIND %s: %s\n", r.Kind, r.Answer)
}
