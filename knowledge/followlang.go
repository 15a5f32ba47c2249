package knowledge

import (
	"strings"

	"github.com/noaber/noaber/i18n"
	"github.com/noaber/noaber/knowledge/understand"
)

// inLanguage returns the context of the previous answer as it reads in
// lang: a conversation may switch language between a question and its
// follow-up ("Kunnen we die opdracht voorbehouden?" then "what conditions
// must the cooperative meet?"), and the Dutch question, searched with the
// English words of the follow-up in the English texts, finds nothing of
// what it asked. When the answer came from a card, the same card in lang
// stands for it: its first variant is the question in lang's words. A
// context in lang, or one without a card in lang, is returned as it is.
func (e *Engine) inLanguage(prev *Context, lang i18n.Lang) *Context {
	if prev == nil || prev.Lang == lang || !prev.Lang.Valid() {
		return prev
	}
	snap := e.snap.Load()
	key := prev.Card
	if key == "" {
		// a verdict rests on no card: the card its question finds in
		// its own language stands for it
		pix := snap.idx[prev.Lang]
		q := understand.Parse(prev.Question, string(prev.Lang))
		gs := pix.analyzeParts(segments(q)...)
		if c := bestCard(pix.search(gs, nearDepth), e.cfg.MinCoverage); c != nil {
			key = c.Key()
		}
	}
	if key == "" {
		return prev
	}
	docID, cardID, _ := strings.Cut(key, "#")
	topic := ""
	for _, d := range snap.docs {
		if d.ID == docID {
			topic = d.Topic
			break
		}
	}
	if topic == "" {
		return prev
	}
	for _, d := range snap.docs {
		if d.Topic != topic || d.Lang != lang {
			continue
		}
		for _, c := range d.Cards {
			if c.ID == cardID && len(c.Variants) > 0 {
				out := *prev
				out.Question, out.Card, out.Lang = strings.TrimSpace(prev.Question)+" "+c.Variants[0], c.Key(), lang
				return &out
			}
		}
	}
	return prev
}
