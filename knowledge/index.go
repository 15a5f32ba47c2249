package knowledge

import (
	"math"
	"regexp"
	"slices"
	"sort"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/noaber/noaber/i18n"
	"github.com/noaber/noaber/knowledge/understand"
)

// Field weights: words in a passage's heading say what the passage is
// about far more than words in its body, and the document title says what
// all its passages are about. Compound parts count half: "groenonderhoud"
// is about onderhoud, but less so than a text that says "onderhoud".
const (
	weightBody    = 1.0
	weightHeading = 3.0
	weightTitle   = 2.0
	weightTags    = 1.5
	weightPart    = 0.5
	weightTypo    = 0.8 // a corrected word is probably, not surely, what was meant

	bm25K1 = 1.2
	bm25B  = 0.75
)

type posting struct {
	p    int32   // passage number
	tf   float32 // weighted term frequency
	head float32 // the part of tf from the title, heading and tags
}

// index is a BM25 index over the passages of one language.
type index struct {
	an       *analyzer
	passages []*Passage
	postings map[string][]posting
	lens     []float32
	avgLen   float32
	maxIDF   float32

	// topic is, per term, the share of its passages that have it in their
	// heading, title or tags (see group.topic); absent means 0.
	topic map[string]float32

	// parts are the stems of the compound parts of corpus words.
	parts map[string][]string

	// variants are, per card, the stems of each of its variants, for
	// ranking cards by their nearest variant without analysing them per
	// question.
	variants map[*Card][][]string
	// exact are the cards by the sorted stems of each of their variants:
	// a question that is one of them names that card (see withExact).
	exact map[string][]*Card
	// unitOf is the passage number of each card's retrieval unit.
	unitOf map[*Card]int32
	// articles are, per article the card leads cite ("2127" for art.
	// 2.127), the retrieval units of those cards (see articleFirst).
	articles map[string][]int32
	// cardsOf is the number of cards of each document, for articleFirst.
	cardsOf map[*Document]int

	// dutchForms maps, in the English index, the Dutch stem of each Dutch
	// term the English texts use ("onderhands", "aanbesteding") to its
	// stem here, so an inflected Dutch word in an English question
	// ("meervoudig onderhandse") finds it. Nil for the Dutch index.
	dutchForms map[string]string

	// Typo fallback: the corpus's words and a trigram index over them.
	words  []string
	wordID map[string]int32
	grams  map[string][]int32

	// closestCache keeps the result of closest per word and limits: the
	// trigram scan is the dearest step of a question, and people ask the
	// same words (and typos) again. Bounded by maxClosestCache.
	closestCache sync.Map // closestKey → closestResult

	// unitCache keeps, per passage, its sentence units with their terms
	// (see unitsOf): the extractive answer reads the same passages again
	// and again, and tokenizing and stemming them was half its cost.
	// Bounded by the passages of this index.
	unitCache sync.Map // *Passage → *passageUnits
	cached    atomic.Int32
}

type closestKey struct {
	w           string
	maxd, minDF int
}

type closestResult struct {
	w  string
	ok bool
}

// maxClosestCache bounds the corrections an index remembers.
const maxClosestCache = 20000

// buildIndex indexes passages, all in lang.
func buildIndex(lang i18n.Lang, passages []*Passage) *index {
	an := newAnalyzer(lang)
	ix := &index{an: an, passages: passages, postings: map[string][]posting{}, wordID: map[string]int32{}, grams: map[string][]int32{}}

	// Pass 1: tokenize every field and learn the vocabulary, which the
	// compound splitter needs before any passage is indexed.
	type fields struct{ title, heading, body, tags []string }
	toks := make([]fields, len(passages))
	titles := map[*Document][]string{}
	stems := map[string]string{}
	stemOf := func(w string) string {
		s, ok := stems[w]
		if !ok {
			s = an.Stem(w)
			stems[w] = s
		}
		return s
	}
	addWords := func(ws []string) {
		for _, w := range ws {
			if an.isStop(w) {
				continue
			}
			if _, ok := ix.wordID[w]; !ok {
				ix.wordID[w] = int32(len(ix.words))
				ix.words = append(ix.words, w)
			}
		}
	}
	for i, p := range passages {
		t, ok := titles[p.Doc]
		if !ok {
			t = withPhrases(Tokenize(p.Doc.Title))
			titles[p.Doc] = t
		}
		toks[i] = fields{title: t, heading: withPhrases(Tokenize(p.Heading)), body: withPhrases(Tokenize(p.Text)), tags: withPhrases(Tokenize(strings.Join(p.Doc.Tags, " ")))}
		addWords(t)
		addWords(toks[i].heading)
		addWords(toks[i].body)
		addWords(toks[i].tags)
	}
	stemSet := map[string]bool{}
	for _, w := range ix.words {
		stemSet[stemOf(w)] = true
	}
	if an.compounds {
		for _, w := range nlLexicon {
			stemSet[stemOf(w)] = true
		}
	}
	// known must be cheap: it is asked for every substring of every long
	// word, so it looks words up instead of stemming each substring.
	lexicon := map[string]bool{}
	if an.compounds {
		for _, w := range nlLexicon {
			lexicon[w] = true
		}
	}
	known := func(part string) bool {
		if an.isStop(part) {
			return false
		}
		if _, ok := ix.wordID[part]; ok {
			return true
		}
		return lexicon[part] || stemSet[part]
	}
	if !an.compounds {
		nl := newAnalyzer(i18n.NL)
		ix.dutchForms = map[string]string{}
		for _, w := range ix.words {
			if isASCIIDigit(w[0]) || understand.IsWordIn(w, "en") {
				continue // an English word, not a Dutch term
			}
			if d := nl.Stem(w); ix.dutchForms[d] == "" {
				ix.dutchForms[d] = stemOf(w)
			}
		}
	}
	parts := map[string][]string{}
	ix.parts = parts
	if an.compounds {
		for _, w := range ix.words {
			if ps := splitCompound(w, known); ps != nil {
				for i, p := range ps {
					ps[i] = stemOf(p)
				}
				parts[w] = ps
			}
		}
	}

	ix.variants = map[*Card][][]string{}
	ix.exact = map[string][]*Card{}
	ix.unitOf = map[*Card]int32{}
	ix.articles = cardArticles(passages)
	ix.cardsOf = map[*Document]int{}
	for _, p := range passages {
		if p.card != nil {
			ix.cardsOf[p.Doc]++
		}
	}
	for i, p := range passages {
		if p.card != nil {
			ix.unitOf[p.card] = int32(i)
		}
	}
	for _, p := range passages {
		c := p.card
		if c == nil || ix.variants[c] != nil {
			continue
		}
		vs := make([][]string, len(c.Variants))
		for i, v := range c.Variants {
			seen := map[string]bool{}
			for _, w := range Tokenize(v) {
				if an.isStop(w) {
					continue
				}
				if st := stemOf(w); !seen[st] {
					seen[st] = true
					vs[i] = append(vs[i], st)
				}
			}
		}
		ix.variants[c] = vs
		for _, v := range vs {
			if key := stemKey(v); key != "" && !slices.Contains(ix.exact[key], c) {
				ix.exact[key] = append(ix.exact[key], c)
			}
		}
	}

	// Pass 2: weighted term frequencies per passage.
	ix.lens = make([]float32, len(passages))
	var total float64
	tf, head := map[string]float32{}, map[string]float32{}
	for i := range passages {
		clear(tf)
		clear(head)
		var n float32
		add := func(ws []string, weight float32, into map[string]float32) {
			for _, w := range ws {
				if an.isStop(w) {
					continue
				}
				into[stemOf(w)] += weight
				for _, p := range parts[w] {
					into[p] += weight * weightPart
				}
				n += weight
			}
		}
		add(toks[i].title, weightTitle, head)
		add(toks[i].heading, weightHeading, head)
		add(toks[i].tags, weightTags, head)
		add(toks[i].body, weightBody, tf)
		for t, f := range head {
			tf[t] += f
		}
		for t, f := range tf {
			ix.postings[t] = append(ix.postings[t], posting{p: int32(i), tf: f, head: head[t]})
		}
		ix.lens[i] = n
		total += float64(n)
	}
	if len(passages) > 0 {
		ix.avgLen = float32(total / float64(len(passages)))
	}
	ix.maxIDF = ix.idf(1)
	ix.topic = map[string]float32{}
	for t, ps := range ix.postings {
		n := 0
		for _, p := range ps {
			if p.head > 0 {
				n++
			}
		}
		if n > 0 {
			ix.topic[t] = float32(n) / float32(len(ps))
		}
	}

	for id, w := range ix.words {
		if len(w) < minTypoLen || isASCIIDigit(w[0]) {
			continue
		}
		for _, g := range trigrams(w) {
			ix.grams[g] = append(ix.grams[g], int32(id))
		}
	}
	return ix
}

// idf is BM25's inverse document frequency for a term in df passages.
func (ix *index) idf(df int) float32 {
	n := float64(len(ix.passages))
	return float32(math.Log(1 + (n-float64(df)+0.5)/(float64(df)+0.5)))
}

// group is what one word of a question became: its stem, or the stems of
// its compound parts, or of the corpus word it is a typo of. A group either
// matches a passage or not; coverage counts groups, so a compound split
// into three parts does not weigh three times.
type group struct {
	word    string
	terms   []string
	weights []float32
	idf     float32 // the weight of this word in coverage
	// topic is the share of the passages containing the word that have it
	// in their heading, title or tags: high for the domain's terms
	// ("uitdaagrecht"), low for a common word that one document happens to
	// use in a tag ("laat" of "te laat beslissen"). The best of its terms.
	topic float32
	how   string // "stem", "compound", "typo" or "unknown", for debugging and tests
	// story marks a word of the story around the question: it helps a
	// passage that has it, but a passage without it still answers the
	// question (see search).
	story bool
}

// analyze turns a question into groups against this index's vocabulary,
// every word at full weight.
func (ix *index) analyze(q string) []group {
	return ix.analyzeParts(segment{text: q, weight: 1})
}

// segment is a part of a question with the weight its words carry: the
// question sentence counts fully, the story around it much less.
type segment struct {
	text   string
	weight float32
	// claim marks the sentence a bare question ("Klopt dat?") asks
	// about: its words count as the question's, but a word no text has
	// weighs as little as in a story.
	claim bool
}

// Weights of the words that are not terms of the corpus.
var (
	// unknownStory weighs a story word the corpus does not know: context
	// ("we zijn met vijf buren begonnen …") must not make an answerable
	// question look out of scope.
	unknownStory float32 = 0.05
	// synonymWeight is how much a thesaurus synonym counts against the
	// word itself.
	synonymWeight float32 = 0.9
	// unknownFocus weighs a word of the question sentence that no text of
	// the corpus has: it may be what the question is about (then it is
	// out of scope), or a plain word around the domain's terms.
	unknownFocus float32 = 1.0
	// unknownAnchored weighs such a word when the question also names a
	// term the domain is about ("uitdaagrecht", "de-minimis"): the
	// question is anchored in the domain, and the plain word around it
	// ("honoreren") must not push it out.
	unknownAnchored float32 = 0.4
)

// plainAnchored weighs a plain word of the question sentence (see plain)
// when the question also names a term of the domain: "Is dat nou echt een
// probleem voor een club als de onze?" after a story about state aid asks
// about state aid, and the rare everyday word "probleem" must not choose
// the passage that happens to use it. (At 0.5 the everyday words count too
// little to tell two answers on one subject apart.)
var plainAnchored float32 = 0.7

// anchorTopic and anchorIDF make a word an anchor: a term that most of its
// passages have in their heading, title or tags, and that is rare.
const (
	anchorTopic = 0.8
	anchorIDF   = 1.5
)

// anchor reports a word that anchors a question in the corpus: a term
// that most of its passages have in their heading, title or tags, and that
// is rare. Such a word keeps the plain words around it from pushing an
// answerable question out ("… via het uitdaagrecht. Moet de gemeente ons
// verzoek honoreren?").
func (g group) anchor() bool {
	return g.how != "unknown" && g.topic >= anchorTopic && g.idf >= anchorIDF
}

// domainAnchor reports an anchor that the thesaurus also knows as a term of
// the domain, and that is no off-topic word itself: only such a word makes
// a question whose own sentence names an off-topic subject one of the
// domain. A rare everyday word one heading happens to use ("kwartaal")
// does not make "hoeveel kinderbijslag krijg ik per kwartaal?" one, nor
// does "arbeidscontract" contain a contract of the domain.
func (g group) domainAnchor() bool {
	if !g.anchor() {
		return false
	}
	th := understand.DefaultThesaurus
	if len(th.OffTopic(g.word)) > 0 {
		return false
	}
	return th.InDomain(g.word) || th.IsTerm(g.word) || len(g.terms) > 0 && th.InDomain(g.terms[0])
}

// has reports whether passage i matches group g.
func (ix *index) has(g group, i int32) bool {
	for _, t := range g.terms {
		ps := ix.postings[t]
		j := sort.Search(len(ps), func(j int) bool { return ps[j].p >= i })
		if j < len(ps) && ps[j].p == i {
			return true
		}
	}
	return false
}

// analyzeParts turns the segments of a question into groups. A word keeps
// the weight of the first segment it appears in; the segments are given
// question sentence first.
func (ix *index) analyzeParts(segs ...segment) []group {
	var gs []group
	seen := map[string]bool{}
	// A term the domain is about anchors the question, also when the story
	// names it ("… via het uitdaagrecht. Moet de gemeente ons verzoek
	// honoreren?"): its weight before the story's discount counts. So does
	// a rule or instrument of the domain (the thesaurus's core: "threshold",
	// "tender"), however common in the corpus ("the EU threshold for
	// services bought by a municipality").
	anchored, domainAnchored := false, false
	defer func() {
		if !anchored {
			return
		}
		for i := range gs {
			if gs[i].how == "unknown" && gs[i].idf == ix.maxIDF*unknownFocus {
				gs[i].idf = ix.maxIDF * unknownAnchored
			}
			if domainAnchored && !gs[i].story && plain(gs[i]) {
				gs[i].idf *= plainAnchored
			}
		}
	}()
	for _, sg := range segs {
		text := sg.text
		if ix.an.compounds {
			text = ix.joinSpacedCompounds(text) // "drempel bedrag" is "drempelbedrag"
		}
		words := Tokenize(text)
		if ix.an.compounds {
			words = understand.JoinSeparable(words) // "toe te kennen" is "toekennen"
		}
		if len(words) > maxQueryTokens {
			words = words[:maxQueryTokens]
		}
		// A multi-word term ("right to challenge", "onderhoud van het
		// groen") is one word of the question: its canonical term, which
		// the index has under the same name. Its words join that group
		// as parts (a text that says only "onderhoud" is about something
		// near) instead of counting again as words of their own.
		// A misspelt word of a term ("right to challange") is read as
		// the word meant, so the term is still found.
		spelt := ix.spelt(words)
		inPhrase := understand.DefaultThesaurus.PhraseWords(spelt)
		matches := understand.DefaultThesaurus.PhraseMatches(spelt)
		partOf := map[string]string{} // a word of a term → its canonical word
		for _, m := range matches {
			if g, ok := ix.group(m.Canon); ok && g.how != "unknown" {
				for _, w := range m.Words {
					if _, dup := partOf[w]; !dup && !ix.an.isStop(w) && w != m.Canon {
						partOf[w] = m.Canon
					}
				}
			}
		}
		for i, w := range words {
			if spelt[i] != w {
				if c := partOf[spelt[i]]; c != "" {
					partOf[w] = c
				}
				if inPhrase[spelt[i]] {
					inPhrase[w] = true
				}
			}
		}
		for _, m := range matches {
			words = append(words, m.Canon)
		}
		for _, w := range words {
			if ix.an.isStop(w) || seen[w] || partOf[w] != "" || ix.dutchForms != nil && enQueryNoise[w] {
				continue
			}
			seen[w] = true
			g, ok := ix.group(w)
			if !ok || g.how == "unknown" && inPhrase[w] {
				continue // a word no text has, part of a term that is searched
			}
			for _, m := range matches {
				if m.Canon != w || g.how == "unknown" {
					continue
				}
				// A term of several words is rarer than each: it weighs
				// what its words and its canonical word weigh together,
				// but counts as one word of the question (a text with
				// only one of its words covers a part of it).
				var sum float32
				for _, pw := range m.Words {
					if partOf[pw] != w {
						continue
					}
					if pg, ok := ix.group(pw); ok && pg.how != "unknown" {
						sum += pg.idf
					}
					if st := ix.an.Stem(pw); ix.postings[st] != nil && !slices.Contains(g.terms, st) {
						g.terms = append(g.terms, st)
						g.weights = append(g.weights, weightPart)
					}
				}
				g.idf += sum
			}
			if g.anchor() || g.how != "unknown" && core(w) || g.how == "typo" && len(g.terms) > 0 && core(g.terms[0]) {
				anchored = true
			}
			if g.domainAnchor() {
				domainAnchored = true
			}
			g.idf *= sg.weight
			g.story = sg.weight < 1
			if sg.claim && plain(g) {
				// "Our municipality wants to use the valuation
				// triangle to judge our initiative. What is that?":
				// the claim's plain words tell the story around the
				// term it asks about, and weigh as a story's words
				g.idf *= storyWeight
				g.story = true
			}
			if g.how == "unknown" {
				if sg.weight < 1 || sg.claim {
					g.idf = ix.maxIDF * unknownStory
				} else {
					g.idf = ix.maxIDF * unknownFocus
				}
			}
			gs = append(gs, g)
		}
	}
	return gs
}

// group analyses one word of a question; ok is false for a word that says
// nothing about the topic (a number of the asker's case, a misspelt
// filler word).
func (ix *index) group(w string) (group, bool) {
	g := group{word: w}
	st := ix.an.Stem(w)
	ps := ix.splitQuery(w)
	meant := w // the word meant: a typo's correction finds its synonyms
	if c, ok := ix.typoInCorpus(w, st, ps); ok {
		g.terms, g.weights, g.how = []string{ix.an.Stem(c)}, []float32{weightTypo}, "typo"
		meant = c
	} else if ix.postings[st] != nil {
		g.terms, g.weights, g.how = []string{st}, []float32{1}, "stem"
		// A known compound also finds texts that use its parts
		// ("aanbestedingsdrempel" → "drempel"), at half weight.
		for _, p := range ps {
			if p != st {
				g.terms = append(g.terms, p)
				g.weights = append(g.weights, weightPart)
			}
		}
	} else if ps != nil {
		g.how = "compound"
		for _, p := range ps {
			g.terms = append(g.terms, p)
			g.weights = append(g.weights, 1)
		}
	} else if c, ok := ix.participle(w); ok {
		g.terms, g.weights, g.how = []string{c}, []float32{1}, "stem"
	} else if c, ok := ix.otherDutchForm(w); ok {
		g.terms, g.weights, g.how = []string{c}, []float32{1}, "stem"
	} else if isASCIIDigit(w[0]) {
		// A number no text contains is a detail of the asker's case
		// ("groenonderhoud van 300 duizend"), not what the question is
		// about; counting it would make an answerable question look
		// out of scope.
		return g, false
	} else if c, ok := ix.closestBeforeStop(w); ok {
		// as near to a common word of the corpus as to a filler word:
		// "werkn" is "werken" (a kind of contract), not "werkt"
		g.terms, g.weights, g.how = []string{ix.an.Stem(c)}, []float32{weightTypo}, "typo"
		meant = c
	} else if nearStop(ix.an, w) {
		return g, false // a misspelt filler word ("eigelijk") is still filler
	} else if d, ok := ix.dutchForm(w); ok {
		// a Dutch term inflected otherwise than the English text has it
		g.terms, g.weights, g.how = []string{d}, []float32{1}, "stem"
	} else if ix.an.otherStop(w) {
		// a function word of the other language, in a question that
		// mixes them ("is de Gids een comply or explain regel?"): filler
		// too, not a word no text has
		return g, false
	} else if c, ok := ix.swapTypo(w); ok {
		if ix.an.isStop(c) {
			return g, false // "wta": a filler word with two letters swapped
		}
		g.terms, g.weights, g.how = []string{ix.an.Stem(c)}, []float32{weightTypo}, "typo"
		meant = c
	} else if c, ok := ix.correctUnknown(w); ok {
		g.terms, g.weights, g.how = []string{ix.an.Stem(c)}, []float32{weightTypo}, "typo"
		meant = c
	} else if ps := ix.knownParts(w); ps != nil {
		// "subsidierelatie": a Dutch compound of a corpus word and a
		// word the texts do not use is about the former, in part
		g.how = "compound"
		for _, p := range ps {
			g.terms = append(g.terms, p)
			g.weights = append(g.weights, weightPart)
		}
	} else {
		g.how = "unknown"
	}
	// Synonyms of the domain's thesaurus find the texts that use another
	// word for the same thing ("wijkcentrum" finds "buurthuis"); they do
	// not make the word weigh more than it does itself. In an English
	// question a Dutch word finds its English words too ("termijn" finds
	// "period").
	own := len(g.terms)
	if g.how != "unknown" {
		sw := synonymWeight
		if g.how == "typo" {
			sw *= weightTypo // no surer than the corrected word itself
		}
		for _, syn := range ix.withGloss(w, ix.synonyms(w, meant)) {
			if st := ix.an.Stem(syn); ix.postings[st] != nil && !slices.Contains(g.terms, st) {
				g.terms = append(g.terms, st)
				g.weights = append(g.weights, sw)
			}
		}
	} else if syns := ix.withGloss(w, ix.synonyms(w, w)); len(syns) > 0 {
		for _, syn := range syns {
			if st := ix.an.Stem(syn); ix.postings[st] != nil && !slices.Contains(g.terms, st) {
				g.terms = append(g.terms, st)
				g.weights = append(g.weights, synonymWeight)
				g.how = "synonym"
			}
		}
	}
	g.idf = ix.maxIDF
	for i, t := range g.terms {
		ps := ix.postings[t]
		w := g.weights[i]
		if g.how == "typo" && i == 0 {
			// a corrected word is what the question asks as much as
			// the word spelt right; only its match is less sure
			w = 1
		}
		if f := ix.idf(len(ps)) * w; i == 0 || (i < own && f > g.idf) || (own == 0 && f < g.idf) {
			g.idf = f
		}
		g.topic = max(g.topic, ix.topic[t])
	}
	if v, ok := ix.verbOfThirdPerson(w, st); ok && g.how == "stem" && g.terms[0] == st {
		// "inkoopt" means "inkopen": it weighs like the verb
		g.terms, g.weights = append(g.terms, v), append(g.weights, 1)
		g.idf = min(g.idf, ix.idf(len(ix.postings[v])))
		g.topic = max(g.topic, ix.topic[v])
	}
	return g, true
}

// synonyms returns the thesaurus synonyms of a question word w, or, when w
// is a typo, of the word meant ("drempl" finds what "drempel" finds:
// "drempelwaarde", "drempelbedrag").
func (ix *index) synonyms(w, meant string) []string {
	th := understand.DefaultThesaurus
	syns := th.Synonyms(meant)
	if len(syns) == 0 {
		syns = th.Synonyms(w)
	}
	if len(syns) == 0 {
		syns = ix.synonymsOfForm(meant)
	}
	if ix.an.compounds {
		for _, s := range th.DutchSynonyms(meant) {
			if !slices.Contains(syns, s) {
				syns = append(slices.Clip(syns), s)
			}
		}
	}
	return syns
}

// withGloss adds to syns, in the English index, the English words for a
// Dutch word of the question (see gloss).
func (ix *index) withGloss(w string, syns []string) []string {
	if gl := ix.gloss(w); gl != nil {
		// a new slice: the thesaurus's own must not grow under a
		// question
		return append(slices.Clip(syns), gl...)
	}
	return syns
}

// gloss returns, in the English index, the English words the English texts
// use for a Dutch word of a question that is no English word ("termijn":
// "period", "deadline"); nil otherwise.
func (ix *index) gloss(w string) []string {
	if ix.dutchForms == nil || understand.IsWordIn(w, "en") {
		return nil
	}
	return dutchGloss[w]
}

// enQueryNoise are words of an English question that say nothing about
// what it asks, though the texts have them: every text is about the
// Netherlands, so "where are public tenders published in the Netherlands?"
// must not be answered by the text that happens to name the country most.
// Only the question's words are skipped; the texts keep them.
var enQueryNoise = wordSet(`netherlands holland`)

// dutchGloss are the English words for Dutch words expats keep in English
// questions ("what is the termijn for bezwaar?", "do we need a notariele
// akte?"), where the English texts use only the English word.
var dutchGloss = map[string][]string{
	"termijn": {"period", "deadline"}, "termijnen": {"period", "deadline"}, "akte": {"deed"}, "notariele": {"notarial"},
	"notariële": {"notarial"}, "europese": {"european", "eu"}, "europees": {"european", "eu"}, "aanvraag": {"application"},
	"besluit": {"decision"}, "beschikking": {"decision"}, "inschrijving": {"tender", "bid"}, "inschrijver": {"tenderer", "bidder"},
	"inschrijvers": {"tenderer", "bidder"}, "opdrachtgever": {"client"}, "vrijwilliger": {"volunteer"},
	"vrijwilligers": {"volunteer"}, "verzekering": {"insurance"}, "bestuur": {"board"}, "bestuurder": {"director", "board"},
	"bestuurders": {"director", "board"}, "aansprakelijk": {"liable"}, "aansprakelijkheid": {"liability"}, "winst": {"profit"},
	"leden": {"members"}, "huur": {"rent"}, "pand": {"building"}, "gebouw": {"building"}, "wijk": {"neighbourhood"},
	"buurt": {"neighbourhood"}, "bewoners": {"residents"}, "inwoners": {"residents"}, "ondernemer": {"entrepreneur"},
	"onderneming": {"enterprise", "undertaking"}, "steun": {"aid"}, "waarde": {"value"}, "looptijd": {"term", "duration"},
	"gemeenteraad": {"council"}, "regels": {"rules"}, "wet": {"law", "act"}, "voorwaarden": {"conditions"},
	"kosten": {"costs"}, "geld": {"money"}, "vergunning": {"permit"}, "taak": {"task"}, "taken": {"task"},
	"artikel": {"article"}, "artikelen": {"article"}, "offerte": {"quote"}, "offertes": {"quote"},
	"gunningscriteria": {"award", "criteria"}, "gunningscriterium": {"award", "criteria"}, "geldig": {"valid"},
	"inschrijftermijn": {"period", "deadline"}, "zorgcooperatie": {"care", "cooperative"}, "opdrachtnemer": {"contractor"},
	"aanbestedingsstukken": {"documents"}, "sociale": {"social"}, "sociaal": {"social"},
}

// dutchForm finds, for a word of an English question that is no English
// word, the Dutch term of the English texts it is a form of:
// "onderhandse" is "onderhands", "aanbestedingen" is "aanbesteding".
func (ix *index) dutchForm(w string) (string, bool) {
	if ix.dutchForms == nil || understand.IsWordIn(w, "en") {
		return "", false
	}
	d, ok := ix.dutchForms[newAnalyzer(i18n.NL).Stem(w)]
	return d, ok
}

// participle finds the stem of a Dutch past participle the corpus has
// only in other forms: "geleverd" is "leveren", "gecontroleerd"
// "controleren". The Snowball stemmer keeps the "ge-" and the "-d"/"-t".
func (ix *index) participle(w string) (string, bool) {
	if !ix.an.compounds || len(w) < 7 || !strings.HasPrefix(w, "ge") {
		return "", false
	}
	if last := w[len(w)-1]; last == 'd' || last == 't' {
		if st := ix.an.Stem(w[2:len(w)-1] + "en"); ix.postings[st] != nil {
			return st, true
		}
	}
	return "", false
}

// closestBeforeStop returns, for a word that is no word of Dutch or
// English and one edit from a filler word, a common corpus word one edit
// from it too, if there is one.
func (ix *index) closestBeforeStop(w string) (string, bool) {
	if understand.IsWord(w) || !nearStop(ix.an, w) {
		return "", false
	}
	return ix.closest(w, 1, commonTypoDF)
}

// correctUnknown corrects a typo, but only of a word that is no word of
// Dutch or English: a correct word the corpus does not use
// ("parkeervergunning") is what the question is about, and rewriting it
// into a look-alike domain term would answer another question.
//
// A long word one letter from a term of the domain's thesaurus is the
// exception: "verenging" is Dutch (a narrowing) but in a question about
// legal forms it is a typo of "vereniging". Short words are not: "contact"
// stays "contact", not "contract".
func (ix *index) correctUnknown(w string) (string, bool) {
	if understand.IsWord(w) {
		if len(w) < ix.minTermTypoLen(w) {
			return "", false
		}
		if c, ok := ix.closest(w, 1, 0); ok && understand.DefaultThesaurus.IsTerm(c) {
			return c, true
		}
		return "", false
	}
	return ix.correct(w)
}

// minTermTypoLen is the least length of a word of Dutch or English that
// may be read as a typo of a thesaurus term.
const minTermTypoLen = 8

// minTermTypoLen is the least length of a word of a question that may be
// read as a typo of a thesaurus term although the word lists have it. In
// a Dutch question a word only the English list has is a typo of a term
// from five letters ("minims" is "minimis"): people do not ask in Dutch
// about an English word the corpus never uses.
func (ix *index) minTermTypoLen(w string) int {
	if ix.an.compounds && !understand.IsWordIn(w, "nl") {
		return minTypoLen
	}
	return minTermTypoLen
}

// splitQuery splits an unknown question word into stems the index has.
func (ix *index) splitQuery(w string) []string {
	if !ix.an.compounds {
		return nil
	}
	if ps, ok := ix.parts[w]; ok {
		return slices.Clone(ps)
	}
	// Look parts up as corpus words or stems rather than stemming every
	// substring: that is what keeps a long unknown word cheap.
	ps := splitCompound(w, func(p string) bool {
		if ix.an.isStop(p) {
			return false
		}
		if _, ok := ix.wordID[p]; ok {
			return true
		}
		return ix.postings[p] != nil
	})
	for i, p := range ps {
		ps[i] = ix.an.Stem(p)
	}
	return ps
}

// hit is a ranked passage.
type hit struct {
	i        int32 // passage number, the tie-breaker that keeps ranking stable
	p        *Passage
	score    float32
	coverage float32 // share of the question's weight (idf) this passage matches
	// lead is the share of the matched weight that the heaviest matched
	// word of the question carries: 1 when the match rests on one word.
	lead float32
	// leadTopic reports that the heaviest matched word is what the
	// passage is about: it is in the passage's heading or its document's
	// title or tags, and it is a term of the domain (see group.topic).
	leadTopic bool
	// leadDomain reports that the heaviest matched word is a term of the
	// domain at all, wherever it stands in this passage: enough to suggest
	// the passage's document when nothing answers, not to answer from it.
	leadDomain bool
}

// partCoverage is how much of a compound word of the question a passage
// covers that has only one of its parts.
var partCoverage float32 = 0.5

// minTopic is the share of its passages that must have a word in their
// heading, title or tags for the word to count as a term of the domain. The
// domain's terms measure 0.58 and more on the eval set, a common word that
// a tag happens to contain 0.14.
const minTopic = 1.0 / 3

var scratchPool = sync.Pool{New: func() any { return &scratch{} }}

// scratch holds per-search arrays, reused so a search allocates little.
type scratch struct {
	scores  []float32
	masks   []uint64 // bit g: group g matches the passage
	whole   []uint64 // bit g: group g matches with the word itself, not only a part of it
	first   []uint64 // bit g: the first part of compound word g matches
	rest    []uint64 // bit g: a later part of compound word g matches
	heads   []uint64 // bit g: group g is in its heading, title or tags
	touched []int32
}

// search ranks passages for groups and returns the best k.
func (ix *index) search(gs []group, k int) []hit {
	if len(gs) == 0 || len(ix.passages) == 0 {
		return nil
	}
	s := scratchPool.Get().(*scratch)
	defer scratchPool.Put(s)
	n := len(ix.passages)
	if cap(s.scores) < n {
		s.scores, s.masks, s.heads = make([]float32, n), make([]uint64, n), make([]uint64, n)
		s.whole, s.first, s.rest = make([]uint64, n), make([]uint64, n), make([]uint64, n)
	}
	s.scores, s.masks, s.heads, s.touched = s.scores[:n], s.masks[:n], s.heads[:n], s.touched[:0]
	s.whole, s.first, s.rest = s.whole[:n], s.first[:n], s.rest[:n]
	var totalIDF float32
	for gi, g := range gs {
		if !g.story {
			totalIDF += g.idf
		}
		bit := uint64(1) << (gi % 64)
		part := 0 // which part of a compound this term is
		for ti, t := range g.terms {
			ps := ix.postings[t]
			idf := ix.idf(len(ps)) * g.weights[ti]
			whole := g.weights[ti] > weightPart
			into := s.whole
			if !whole {
				into = s.rest
				if part == 0 {
					into = s.first
				}
				part++
			}
			for _, p := range ps {
				norm := bm25K1 * (1 - bm25B + bm25B*ix.lens[p.p]/ix.avgLen)
				if s.masks[p.p] == 0 && s.scores[p.p] == 0 {
					s.touched = append(s.touched, p.p)
				}
				s.scores[p.p] += idf * p.tf * (bm25K1 + 1) / (p.tf + norm)
				s.masks[p.p] |= bit
				into[p.p] |= bit
				if p.head > 0 {
					s.heads[p.p] |= bit
				}
			}
		}
	}
	// Keep only the best k, in order: sorting every touched passage costs
	// more than the scoring when a common word touches most of the corpus.
	hits := make([]hit, 0, k+1)
	better := func(a, b hit) bool {
		if a.score != b.score {
			return a.score > b.score
		}
		return a.i < b.i
	}
	for _, i := range s.touched {
		var covered, heaviest float32
		total := totalIDF
		leadTopic, leadDomain := false, false
		for gi, g := range gs {
			bit := uint64(1) << (gi % 64)
			if s.masks[i]&bit == 0 {
				continue
			}
			c := g.idf
			if s.whole[i]&bit == 0 && s.first[i]&s.rest[i]&bit == 0 {
				// only a part of a compound of the question
				// ("termijn" of "bezwaartermijn"): the passage is
				// about something near, not surely the same
				c *= partCoverage
			}
			covered += c
			if g.story {
				total += g.idf
			}
			if c > heaviest {
				heaviest, leadDomain = c, g.topic >= minTopic
				leadTopic = leadDomain && s.heads[i]&bit != 0
			}
		}
		cov, lead := float32(0), float32(0)
		if total > 0 {
			cov = covered / total
		}
		if covered > 0 {
			lead = heaviest / covered
		}
		// Weigh BM25 by coverage (Lucene's classic coordination factor): a
		// passage that repeats one rare word of the question should not
		// beat one that contains most of the question.
		h := hit{i: i, p: ix.passages[i], score: s.scores[i] * cov, coverage: cov, lead: lead, leadTopic: leadTopic, leadDomain: leadDomain}
		s.scores[i], s.masks[i], s.heads[i] = 0, 0, 0
		s.whole[i], s.first[i], s.rest[i] = 0, 0, 0
		if len(hits) == k && !better(h, hits[k-1]) {
			continue
		}
		pos := sort.Search(len(hits), func(j int) bool { return better(h, hits[j]) })
		hits = slices.Insert(hits, pos, h)
		if len(hits) > k {
			hits = hits[:k]
		}
	}
	return hits
}

// Typo fallback limits: words shorter than minTypoLen are too ambiguous to
// correct ("wet" is one letter from "weg", "net", "pet").
const minTypoLen = 5

// correct finds the corpus word closest to an unknown word: at most one
// edit for words up to 8 letters, two for longer ones; ties go to the word
// in more passages. It uses the trigram index so it never scans the whole
// vocabulary.
func (ix *index) correct(w string) (string, bool) {
	maxd := 1
	if len(w) > 8 {
		maxd = 2
	}
	return ix.closest(w, maxd, 0)
}

// rareTypo is how many passages a word that is no Dutch or English word
// may have and still be taken for a typo: a card's variants are written
// with typical typos ("drempl"), and such a word must not steer a question
// to that one card.
const rareTypo = 2

// commonTypoDF is how many passages the word a typo is corrected to must
// have when the typo itself is in the corpus or splits into a compound.
const commonTypoDF = 3

// correctCommon corrects a word that is no word of Dutch or English but
// that the corpus has in a few places, or that splits into parts
// ("standstil" → "stand" + "stil"), into a common corpus word one edit
// away ("standstill").
func (ix *index) correctCommon(w string) (string, bool) {
	c, ok := ix.closest(w, 1, commonTypoDF)
	if !ok && len(w) >= minTwoEdits && !understand.IsWord(w) {
		// a long typo may be two letters off ("stigting")
		c, ok = ix.closest(w, 2, commonTypoDF)
	}
	if !ok || understand.IsWord(w) && !understand.DefaultThesaurus.IsTerm(c) {
		// a word of Dutch or English is what was meant, unless it is one
		// letter from a term of the domain's thesaurus
		return "", false
	}
	return c, true
}

// minTwoEdits is the least length of a typo the corpus has in a few places
// that may be two edits from the word meant.
const minTwoEdits = 8

// typoInCorpus corrects a word that is no Dutch or English word but that
// the corpus knows from a few places only (a card variant written with a
// typo: "drempl"), or that splits into parts ("standstil" → "stand" +
// "stil"): the common word one edit away ("drempel", "standstill") is what
// was meant, and the typo must not steer the question to that one card.
func (ix *index) typoInCorpus(w, st string, parts []string) (string, bool) {
	ps := ix.postings[st]
	if ps == nil && parts == nil || ix.namesTopic(w) {
		return "", false
	}
	if len(ps) > rareTypo {
		return ix.commonerWord(w, len(ps))
	}
	if len(w) < minTypoLen {
		// a short typo a card variant contains ("rigt to challenge"):
		// two letters swapped or one left out of a common word
		if c, ok := ix.swapTypo(w); ok && !ix.an.isStop(c) {
			return c, true
		}
		return "", false
	}
	return ix.correctCommon(w)
}

// closest returns the corpus word nearest to w within maxd edits, other
// than w, with at least minDF passages (the most passages on a tie).
func (ix *index) closest(w string, maxd, minDF int) (string, bool) {
	if len(w) < minTypoLen || isASCIIDigit(w[0]) {
		return "", false
	}
	key := closestKey{w, maxd, minDF}
	if r, ok := ix.closestCache.Load(key); ok {
		return r.(closestResult).w, r.(closestResult).ok
	}
	c, ok := ix.scanClosest(w, maxd, minDF)
	if ix.cached.Load() < maxClosestCache {
		ix.cached.Add(1)
		ix.closestCache.Store(key, closestResult{c, ok})
	}
	return c, ok
}

// scanClosest is closest without the cache: a scan of the words that
// share trigrams with w.
func (ix *index) scanClosest(w string, maxd, minDF int) (string, bool) {
	gs := trigrams(w)
	counts := map[int32]int{}
	for _, g := range gs {
		for _, id := range ix.grams[g] {
			counts[id]++
		}
	}
	// An edit destroys at most three trigrams, a swap of neighbours four.
	need := max(1, len(gs)-4*maxd)
	bestD, bestDF, best := maxd+1, -1, ""
	for id, c := range counts {
		if c < need {
			continue
		}
		cand := ix.words[id]
		if cand == w || abs(len(cand)-len(w)) > maxd {
			continue
		}
		d := editDistance(w, cand, maxd)
		if d > maxd {
			continue
		}
		df := len(ix.postings[ix.an.Stem(cand)])
		if df < minDF {
			continue
		}
		if d < bestD || (d == bestD && (df > bestDF || (df == bestDF && cand < best))) {
			bestD, bestDF, best = d, df, cand
		}
	}
	return best, best != ""
}

func abs(x int) int {
	if x < 0 {
		return -x
	}
	return x
}

// nearStop reports whether w is one edit away from a stop word. Only
// words of stop-word length are compared; the list is short enough to scan.
func nearStop(an *analyzer, w string) bool {
	if len(w) < minTypoLen {
		return false
	}
	for s := range an.stop {
		if abs(len(s)-len(w)) <= 1 && len(s) >= minTypoLen && editDistance(w, s, 1) <= 1 {
			return true
		}
	}
	return false
}

// trigrams returns the character trigrams of w padded with ^ and $, so
// the first and last letters count as much as the middle.
func trigrams(w string) []string {
	r := []rune("^" + w + "$")
	out := make([]string, 0, len(r)-2)
	for i := 0; i+3 <= len(r); i++ {
		g := string(r[i : i+3])
		if !slices.Contains(out, g) {
			out = append(out, g)
		}
	}
	return out
}

// editDistance is the optimal-string-alignment distance (Levenshtein plus
// swapping two neighbours, the commonest typo), giving up above limit.
func editDistance(a, b string, limit int) int {
	ra, rb := []rune(a), []rune(b)
	if abs(len(ra)-len(rb)) > limit {
		return limit + 1
	}
	prev2 := make([]int, len(rb)+1)
	prev := make([]int, len(rb)+1)
	cur := make([]int, len(rb)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(ra); i++ {
		cur[0] = i
		rowMin := cur[0]
		for j := 1; j <= len(rb); j++ {
			cost := 1
			if ra[i-1] == rb[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
			if i > 1 && j > 1 && ra[i-1] == rb[j-2] && ra[i-2] == rb[j-1] {
				cur[j] = min(cur[j], prev2[j-2]+1)
			}
			rowMin = min(rowMin, cur[j])
		}
		if rowMin > limit {
			return limit + 1
		}
		prev2, prev, cur = prev, cur, prev2
	}
	return prev[len(rb)]
}

// withPhrases adds the canonical terms of the thesaurus's multi-word terms
// in ws, so a text that says "right to challenge" is found under
// "uitdaagrecht" as a question that says either is.
func withPhrases(ws []string) []string {
	return append(ws, understand.DefaultThesaurus.Phrases(ws)...)
}

// plain reports a word of the corpus that is no term of the domain: never
// in a heading, title or tag, and unknown to the domain's thesaurus
// ("judge", "wants", "nooit") or known to it only as an everyday thing
// that few texts name ("speeltuin", a synonym of "speelplek"): such a rare
// word of the question is incidental, and must not choose the one card that
// happens to use it.
func plain(g group) bool {
	if g.how != "stem" && g.how != "compound" || g.topic > 0 {
		return false
	}
	th := understand.DefaultThesaurus
	return !th.InDomain(g.word) && (!th.IsTerm(g.word) || g.idf >= rareThing)
}

// rareThing is the least idf of a thesaurus word that plain counts as
// plain: a common one ("btw", in every "zonder btw") weighs little anyway
// and may be what an out-of-scope question is about. (2.5 to 4 measured
// the same.)
var rareThing float32 = 3

// stemKey is the sorted, distinct stems of a text, as one string.
func stemKey(stems []string) string {
	ss := slices.Clone(stems)
	slices.Sort(ss)
	return strings.Join(slices.Compact(ss), " ")
}

// exactDepth is how deep withExact looks for the card of a variant the
// question is.
const exactDepth = 100

// withExact makes sure the card whose variant the question is word for
// word (by stems) is among hits, however the longer card ranks by BM25
// ("wanneer moet je europees aanbesteden" has two words that half the
// corpus shares): nearest then ranks it by that variant.
func (ix *index) withExact(gs []group, hits []hit) []hit {
	qs := questionStems(gs)
	cards := ix.exact[stemKey(qs)]
	if len(qs) < 2 || len(cards) == 0 {
		return hits
	}
	var missing []int32
	for _, c := range cards {
		i, ok := ix.unitOf[c]
		if !ok {
			continue
		}
		found := false
		for _, h := range hits {
			if h.i == i {
				found = true
			}
		}
		if !found {
			missing = append(missing, i)
		}
	}
	if len(missing) == 0 {
		return hits
	}
	for _, h := range ix.search(gs, exactDepth) {
		if slices.Contains(missing, h.i) {
			hits = append(hits, h)
		}
	}
	return hits
}

// swapTypo corrects a short word that is no word of Dutch or English and
// is a common corpus word or a filler word with two neighbouring letters
// swapped ("lnag" = "lang") or one letter left out ("dagn" = "dagen"), the
// commonest phone typos: words under minTypoLen are otherwise too
// ambiguous to correct.
func (ix *index) swapTypo(w string) (string, bool) {
	r := []rune(w)
	if len(r) < 3 || len(r) >= minTypoLen || isASCIIDigit(w[0]) || understand.IsWord(w) {
		return "", false
	}
	var cands []string
	for i := 0; i+1 < len(r); i++ {
		s := slices.Clone(r)
		s[i], s[i+1] = s[i+1], s[i]
		cands = append(cands, string(s))
	}
	// a letter left out ("dagn" = "dagen"), not in front: the first
	// letter is seldom the one missed
	for i := 1; i <= len(r); i++ {
		for l := 'a'; l <= 'z'; l++ {
			s := slices.Insert(slices.Clone(r), i, l)
			cands = append(cands, string(s))
		}
	}
	best, bestDF := "", 0
	for _, c := range cands {
		if c == w {
			continue
		}
		if ix.an.isStop(c) {
			return c, true
		}
		if _, ok := ix.wordID[c]; !ok {
			continue
		}
		if df := len(ix.postings[ix.an.Stem(c)]); df >= commonTypoDF && (df > bestDF || df == bestDF && c < best) {
			best, bestDF = c, df
		}
	}
	return best, best != ""
}

// spelt returns words with each misspelt one (no corpus word, no word of
// Dutch or English) replaced by the corpus word it is a typo of, for
// finding the multi-word terms of the thesaurus; words is not changed.
func (ix *index) spelt(words []string) []string {
	out := words
	for i, w := range words {
		if i > 0 {
			if c, ok := ix.quantityTypo(words[i-1], w); ok {
				// "how log", "hoe lag": a word of its own, but not
				// after "how"
				if &out[0] == &words[0] {
					out = slices.Clone(words)
				}
				out[i] = c
				continue
			}
		}
		if ix.an.isStop(w) || isASCIIDigit(w[0]) || understand.IsWord(w) || termOfThesaurus(w) || ix.namesTopic(w) {
			// a word of a title, heading or tag ("TenderNed") is a name
			// the texts use, no typo of a commoner look-alike ("tendered")
			continue
		}
		if u, ok := ix.undoubled(w); ok {
			// "sociaale": a vowel typed double
			if &out[0] == &words[0] {
				out = slices.Clone(words)
			}
			out[i] = u
			continue
		}
		if len(w) < minTypoLen {
			// "rigt to challenge": a short word with a letter left out
			// or two swapped; one the texts use ("vog", "wmo") is
			// written as meant, unlike a typo a card variant has
			if len(ix.postings[ix.an.Stem(w)]) > rareTypo {
				continue
			}
			if c, ok := ix.swapTypo(w); ok {
				if &out[0] == &words[0] {
					out = slices.Clone(words)
				}
				out[i] = c
			}
			continue
		}
		correct := ix.correct
		if ps := ix.postings[ix.an.Stem(w)]; len(ps) > rareTypo {
			if c, ok := ix.commonerWord(w, len(ps)); ok {
				if &out[0] == &words[0] {
					out = slices.Clone(words)
				}
				out[i] = c
			}
			continue
		} else if ps != nil {
			// a typo a card variant happens to contain ("challange")
			correct = ix.correctCommon
		}
		c, ok := correct(w)
		if !ok {
			// a function word of a term ("rigth to challenge"): the
			// corpus's words leave those out
			c, ok = swappedStop(ix.an, w)
		}
		if ok {
			if &out[0] == &words[0] {
				out = slices.Clone(words)
			}
			out[i] = c
		}
	}
	return out
}

// termOfThesaurus reports a word the thesaurus lists as a term: a word
// the domain uses, never a typo, also when no text of the index has this
// form of it. A Dutch term in an English question ("they want to
// inbesteden the cleaning") has its Dutch inflection, which the English
// stemmer leaves as it is: without this, it is "corrected" to the
// look-alike term the corpus uses more ("aanbesteden").
func termOfThesaurus(w string) bool { return understand.DefaultThesaurus.IsTerm(w) }

// namesTopic reports a word the texts themselves use (not only a card
// variant written with a typo) whose stem stands in a title, heading or
// tag: a name such as "TenderNed".
func (ix *index) namesTopic(w string) bool {
	if _, ok := ix.wordID[w]; !ok {
		return false
	}
	return ix.topic[ix.an.Stem(w)] > 0
}

// respell returns text with each misspelt word (see spelt) written as the
// word meant: "wat is de drempel voor sociale diesnten" becomes "… sociale
// diensten", so the steps that read the question's text (the kind of
// service it asks about, the qualifiers it names) see what was meant. A
// text without such a word is returned as it is.
func (ix *index) respell(text string) string {
	var b strings.Builder
	last, changed := 0, false
	// the words are spelt together: a word may be a typo only after the
	// one before it ("how log")
	var locs [][]int
	var ws []string
	for _, loc := range letterRun.FindAllStringIndex(text, -1) {
		if t := Tokenize(text[loc[0]:loc[1]]); len(t) == 1 {
			locs, ws = append(locs, loc), append(ws, t[0])
		}
	}
	if len(ws) == 0 {
		return text
	}
	spelt := ix.spelt(ws)
	for i, loc := range locs {
		c := spelt[i]
		if c == ws[i] || ix.an.isStop(c) && !(i > 0 && slices.Contains(quantityWords[ws[i-1]], c)) {
			continue // a stop word searches nothing, but "how long" asks a time limit
		}
		b.WriteString(text[last:loc[0]])
		b.WriteString(c)
		last, changed = loc[1], true
	}
	if !changed {
		return text
	}
	b.WriteString(text[last:])
	return b.String()
}

// quantityTypo corrects the word after "how" or "hoe" that is a word of
// its own but one letter short of, or with two letters swapped in, the
// word that asks for a figure there: "how log" is "how long", "how man"
// "how many", "hoe lag" "hoe lang", "hoe vel" "hoe veel". A word the list
// has ("how low", "hoe laag") stays; so does any other ("how bad"). Of
// two such words the one more texts use wins.
func (ix *index) quantityTypo(prev, w string) (string, bool) {
	list := quantityWords[prev]
	if list == nil || slices.Contains(list, w) || isASCIIDigit(w[0]) {
		return "", false
	}
	best, bestDF := "", -1
	for _, c := range list {
		if !oneLeftOut(w, c) && !twoSwapped(w, c) {
			continue
		}
		if df := len(ix.postings[ix.an.Stem(c)]); df > bestDF {
			best, bestDF = c, df
		}
	}
	return best, best != ""
}

// quantityWords follow "how" or "hoe" in a question that asks for a
// figure: how long, how many, hoe lang, hoe vaak.
var quantityWords = map[string][]string{
	"how": {"long", "many", "much", "often", "soon", "far", "old", "big", "high", "low", "late", "large", "small"},
	"hoe": {"lang", "laat", "vaak", "veel", "snel", "hoog", "laag", "groot", "ver", "duur", "oud", "klein"},
}

// oneLeftOut reports whether w is c with one letter left out.
func oneLeftOut(w, c string) bool {
	if len(c) != len(w)+1 {
		return false
	}
	i := 0
	for i < len(w) && w[i] == c[i] {
		i++
	}
	return w[i:] == c[i+1:]
}

// twoSwapped reports whether w is c with two neighbouring letters swapped.
func twoSwapped(w, c string) bool {
	if len(w) != len(c) || w == c {
		return false
	}
	i := 0
	for i < len(w) && w[i] == c[i] {
		i++
	}
	return i+1 < len(w) && w[i] == c[i+1] && w[i+1] == c[i] && w[i+2:] == c[i+2:]
}

// letterRun is a word of a text: a run of letters.
var letterRun = regexp.MustCompile(`\pL+`)

// swappedStop returns the stop word w is with two neighbouring letters
// swapped, if any.
func swappedStop(an *analyzer, w string) (string, bool) {
	r := []rune(w)
	for i := 0; i+1 < len(r); i++ {
		s := slices.Clone(r)
		s[i], s[i+1] = s[i+1], s[i]
		if c := string(s); c != w && an.isStop(c) {
			return c, true
		}
	}
	return "", false
}

// questionStems are the stems the question sentence is searched with: one
// per known word, without the story.
func questionStems(gs []group) []string {
	var qs []string
	for _, g := range gs {
		if g.how == "unknown" || g.story || len(g.terms) == 0 {
			continue
		}
		qs = append(qs, g.terms[0])
	}
	return qs
}

// exactFirst puts first the card one of whose variants the question
// sentence is, word for word by stems, even when that is one everyday term
// of the domain ("wat is aanbesteden?" is exactly the question that card
// was written for, though half the corpus says "aanbesteden"). It returns
// the hits and whether such a card leads them.
func (ix *index) exactFirst(gs []group, hits []hit) ([]hit, bool) {
	qs := questionStems(gs)
	if len(qs) == 0 || len(hits) == 0 {
		return hits, false
	}
	cards := ix.exact[stemKey(qs)]
	if len(cards) == 0 {
		return hits, false
	}
	if slices.Contains(cards, hits[0].p.card) {
		return hits, true
	}
	for j, h := range hits {
		if h.p.card != nil && slices.Contains(cards, h.p.card) {
			h.score = hits[0].score
			out := append([]hit{h}, hits[:j]...)
			return append(out, hits[j+1:]...), true
		}
	}
	for _, h := range ix.search(gs, exactDepth) {
		if h.p.card != nil && slices.Contains(cards, h.p.card) {
			h.score = hits[0].score
			return append([]hit{h}, hits...), true
		}
	}
	return hits, false
}
