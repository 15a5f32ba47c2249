package knowledge

import (
	"strings"

	"github.com/noaber/noaber/i18n"
	"github.com/noaber/noaber/knowledge/understand"
)

// A follow-up may come in the other language than the question it leans
// on ("Hoe komen wij aan gratis VOG's?" then "do we need a certain share
// of volunteers for that?"): read against the Dutch question, the English
// words find little in the English corpus. The question before is then
// read with the same card's question in the follow-up's language added,
// the first variant of its twin (the terms the corpus of that language
// also uses stay); its slots hold as they are.

// prevInLang returns prev as a follow-up in lang reads it: when prev was
// answered in the other language by a card that has a twin in lang, with
// that twin's question added and its key; else prev itself.
func (e *Engine) prevInLang(prev *Context, lang i18n.Lang) *Context {
	if prev == nil || prev.Lang == lang || !prev.Lang.Valid() || prev.Card == "" {
		return prev
	}
	twin := e.twinCard(prev.Card, lang)
	if twin == nil {
		return prev
	}
	p := *prev
	p.Question, p.Card, p.Lang = prev.Question+" "+twin.Title(), twin.Key(), lang
	return &p
}

// twinCard returns the card in lang of the same topic and id as the card
// key names, nil when there is none.
func (e *Engine) twinCard(key string, lang i18n.Lang) *Card {
	docID, cardID, ok := strings.Cut(key, "#")
	if !ok {
		return nil
	}
	snap := e.snap.Load()
	topic := ""
	for _, d := range snap.docs {
		if d.ID == docID {
			topic = d.Topic
			break
		}
	}
	if topic == "" {
		return nil
	}
	for _, d := range snap.docs {
		if d.Topic != topic || d.Lang != lang {
			continue
		}
		for _, c := range d.Cards {
			if c.ID == cardID {
				return c
			}
		}
	}
	return nil
}

// concludes reports a question that opens by drawing a conclusion from
// the answer before it: "dus bij een opdracht van 640.000 euro …?", "so
// do they have to tender it at EU level?". "Dus"/"so" says it builds on
// what was just said, however much it names of its own.
func concludes(text string) bool {
	ws := Tokenize(text)
	return len(ws) >= 3 && (ws[0] == "dus" || ws[0] == "so")
}

// A follow-up that asks something new of the same topic ("en hoe leg ik
// dan toch vast wat ze moeten doen?" after "subsidie of opdracht?") is
// read with the question before it, whose words then often rank the same
// card first again: the answer the asker just read. When another card
// that ranks nearly as well matches a word of the follow-up's own that the
// same card lacks, that card answers it.

// sameCardRank is how well another card must rank, against the first, to
// answer a follow-up instead of the card it leans on.
const sameCardRank = 0.35

// notTheSameCardAgain moves another card to the front of hits when the
// first hit is the card a follow-up (text) leans on (prev's) and the
// follow-up asks for more than it:
//   - one that names nothing ("what do we need for that?", "and what
//     else?") gets the next card of the same document, when one ranks
//     nearly as well; one that asks for a figure ("from when?", "how
//     long?") may well be answered by the same lead, which states its
//     figures;
//   - one that asks something new ("en hoe leg ik dan vast …?") gets a
//     card that ranks well enough and has a word of the follow-up the
//     first has not.
func (e *Engine) notTheSameCardAgain(ix *index, text string, lang i18n.Lang, prev *Context, hits []hit) []hit {
	if len(hits) < 2 || hits[0].p.card == nil || hits[0].p.card.Key() != prev.Card {
		return hits
	}
	q := understand.Parse(text, string(lang))
	if len(ix.analyze(q.SearchFocus)) == 0 && asksFigure(text) == 0 {
		for i := 1; i < len(hits); i++ {
			if c := hits[i].p.card; c != nil && c.Key() != prev.Card && c.Doc == hits[0].p.card.Doc && hits[i].score >= 0.5*hits[0].score {
				return toFront(hits, i)
			}
		}
	}
	if asksSameFor(text) || !e.asksNew(q, prev.Question, lang) {
		// "geldt dat ook voor subsidies?" asks the same again, for
		// something else: the same card may well answer it
		return hits
	}
	own := ix.analyzeParts(segment{text: q.SearchFocus, weight: 1})
	for i := 1; i < len(hits); i++ {
		c := hits[i].p.card
		if c == nil || c.Key() == prev.Card || hits[i].score < sameCardRank*hits[0].score {
			continue
		}
		for _, g := range own {
			if g.how != "unknown" && ix.has(g, hits[i].i) && !ix.has(g, hits[0].i) {
				return toFront(hits, i)
			}
		}
	}
	return hits
}

// toFront moves hits[i] to the front, the hits before it one place down.
func toFront(hits []hit, i int) []hit {
	next := hits[i]
	copy(hits[1:i+1], hits[:i])
	hits[0] = next
	return hits
}

// pointingSubject reports a yes/no question whose subject is "that"/"dat"
// right after its verb: "is that a national rule?", "geldt dat ook voor
// een vereniging?". "That" is what was answered before, however well
// the rest of the question would match on its own.
func pointingSubject(text string) bool {
	ws := Tokenize(text)
	for len(ws) > 0 && (followWords[ws[0]] || ws[0] == "dus" || ws[0] == "so") {
		ws = ws[1:]
	}
	return len(ws) >= 3 && pointingVerbs[ws[0]] && (ws[1] == "that" || ws[1] == "this" || ws[1] == "dat" || ws[1] == "dit")
}

var pointingVerbs = wordSet(`is are was does do did can could may must should would will geldt gelden zijn mag mogen moet moeten kan kunnen
	klopt telt tellen valt hoort staat`)

// leanedAcrossLanguages reports an answer (res) to in that was read with
// a question before it in the other language, without a card whose twin
// could stand in for it (a verdict, say): the mixed words may find
// nothing where the follow-up alone finds its answer ("and does that also
// apply to a deadline like 'no later than 10 days before'?" after a Dutch
// verdict on the Atw).
func (e *Engine) leanedAcrossLanguages(in Input, res Result) bool {
	return in.Prev != nil && in.Prev.Lang.Valid() && in.Prev.Lang != in.Lang && res.Context != nil &&
		res.Context.Question != strings.TrimSpace(in.Text)
}

// definiteBack reports a short question that names, with "the"/"de"/
// "het", a thing the question before it named ("what conditions must the
// cooperative meet?" after "mogen we de opdracht voorbehouden aan een
// sociale coöperatie?"): the definite article points back at it. An
// everyday word of the domain ("the municipality", "the threshold") does
// not: it names a subject of its own as often.
func definiteBack(text, prev string) bool {
	ws := Tokenize(text)
	if len(ws) > 10 {
		return false
	}
	had := map[string]bool{}
	for _, w := range Tokenize(prev) {
		had[w] = true
	}
	th := understand.DefaultThesaurus
	for i := 0; i+1 < len(ws); i++ {
		if ws[i] != "the" && ws[i] != "de" && ws[i] != "het" {
			continue
		}
		n := ws[i+1]
		if th.Generic(n) || !th.Incidental(n) && !th.IsTerm(n) {
			continue
		}
		if had[n] {
			return true
		}
		for _, s := range th.Synonyms(n) {
			if had[s] {
				return true
			}
		}
	}
	return false
}
