package knowledge

import (
	"context"
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/noaber/noaber/bot/i18n"
)

// Result is an answer with what it rests on.
type Result struct {
	// Answer is the text to show: Markdown, a few sentences, the key
	// figure first. When Found is false it says so and suggests topics.
	Answer string
	// Lang is the language of the question (and of the answer's framing).
	Lang i18n.Lang
	// Found is false when nothing in the corpus answers the question well
	// enough; Answer then says so and Sources is empty.
	Found bool
	// OtherLang is true when only documents in the other language answer
	// the question; Answer then says so before quoting them.
	OtherLang bool
	// LLM is true when the text was rewritten by the Generator and passed
	// the checks.
	LLM bool
	// Sources are 1–3 references of the documents the answer uses.
	Sources []Source
	// Passages are the passages the answer was composed from, best first.
	Passages []*Passage
	// Topics and Tags are those of the documents used, for follow-up hints
	// (a capability may suggest an eligibility check for a tag).
	Topics []string
	Tags   []string
	// Suggestions are document titles near the question, offered when
	// nothing was found.
	Suggestions []string
	// Score and Coverage of the best passage, for logs and tuning.
	Score, Coverage float64
}

// Answer limits: an answer in chat is read on a phone, so a few sentences.
const (
	maxSentences   = 3
	maxAnswerChars = 600
	maxSources     = 3
	maxSuggestions = 3
	searchDepth    = 10
	// A second passage joins the answer only when it scores nearly as well
	// as the first, so a clear single answer is not diluted.
	secondPassageRatio = 0.75
)

// Answer answers question in lang (an invalid lang means Dutch). It returns
// an error only when ctx has ended; everything else — an empty question,
// nothing found, a failing LLM — becomes a Result the user can read.
func (e *Engine) Answer(ctx context.Context, question string, lang i18n.Lang) (Result, error) {
	if err := ctx.Err(); err != nil {
		return Result{}, err
	}
	if !lang.Valid() {
		lang = i18n.NL
	}
	res := Result{Lang: lang}
	question = strings.TrimSpace(question)
	if len(Tokenize(question)) == 0 {
		res.Answer = Msgs.T(lang, "answer.empty")
		return res, nil
	}
	snap := e.snap.Load()
	ix := snap.idx[lang]
	gs := ix.analyze(question)
	hits := ix.search(gs, searchDepth)
	if !e.good(hits) {
		// Only the other language may have it (a deployment's own document
		// written in one language). Analyse the question as that language:
		// the words it shares with those documents (names, Dutch terms in
		// an English question) are what can match.
		oix := snap.idx[lang.Other()]
		ogs := crossLingual(oix.analyze(question), ix.an)
		if ohits := oix.search(ogs, searchDepth); len(ogs) > 0 && e.good(ohits) {
			ix, gs, hits, res.OtherLang = oix, ogs, ohits, true
		}
	}
	if len(hits) > 0 {
		res.Score, res.Coverage = float64(hits[0].score), float64(hits[0].coverage)
	}
	if !e.good(hits) {
		return e.notFound(res, hits), nil
	}
	res.Found = true
	text, used := e.compose(ix, gs, hits, question)
	res.Passages = used
	if e.deps.Generator != nil {
		if t, cited, ok := e.generate(ctx, question, lang, hits); ok {
			text, used, res.LLM = t, cited, true
		}
	}
	if res.OtherLang {
		text = Msgs.T(lang, "answer.other_lang") + "\n" + text
	}
	res.Answer = text
	res.Sources = sourcesOf(used)
	res.Topics, res.Tags = topicsAndTags(used)
	return res, nil
}

// crossLingual keeps the groups of a question analysed as the other
// language that can carry a cross-language match: the words that language
// knows. The rest are words of the question's own language and say nothing
// about the other's documents — but if they are most of the question, the
// few shared words (a name, a loanword) are too thin to answer from, and no
// groups are returned.
func crossLingual(gs []group, own *analyzer) []group {
	var known []group
	content := 0
	for _, g := range gs {
		if own.isStop(g.word) {
			continue
		}
		content++
		if g.how != "unknown" {
			known = append(known, g)
		}
	}
	if len(known) < 2 || 2*len(known) < content {
		return nil
	}
	return known
}

// good decides whether the best passage answers the question: it must
// contain enough of the question's weight. BM25 scores are not comparable
// between questions; coverage is.
func (e *Engine) good(hits []hit) bool {
	return len(hits) > 0 && float64(hits[0].coverage) >= e.cfg.MinCoverage
}

func (e *Engine) notFound(res Result, hits []hit) Result {
	seen := map[string]bool{}
	for _, h := range hits {
		if h.coverage <= 0 || seen[h.p.Doc.ID] || h.p.Doc.Lang != res.Lang {
			continue
		}
		seen[h.p.Doc.ID] = true
		res.Suggestions = append(res.Suggestions, h.p.Doc.Title)
		if len(res.Suggestions) == maxSuggestions {
			break
		}
	}
	topics := Msgs.T(res.Lang, "notfound.topics")
	if len(res.Suggestions) > 0 {
		topics = strings.Join(res.Suggestions, "; ")
	}
	res.Answer = Msgs.T(res.Lang, "notfound.text", "topics", topics)
	return res
}

// unit is a sentence or a list item of a passage.
type unit struct {
	text   string
	bullet bool
	score  float64
	order  int
}

// compose builds the extractive answer: the best sentences of the best
// passage, the best first (that is where the figure asked for usually is),
// and one sentence of a close second passage from another document.
func (e *Engine) compose(ix *index, gs []group, hits []hit, question string) (string, []*Passage) {
	wantFigure := asksFigure(question)
	top := hits[0]
	units := e.rank(ix, gs, top.p, wantFigure)
	picked := pick(units)
	used := []*Passage{top.p}
	if len(hits) > 1 && len(picked) < maxSentences {
		second := hits[1]
		if second.p.Doc != top.p.Doc && second.score >= secondPassageRatio*top.score && float64(second.coverage) >= e.cfg.MinCoverage {
			if su := e.rank(ix, gs, second.p, wantFigure); len(su) > 0 && su[0].score > 0 && !su[0].bullet {
				picked = append(picked, su[0])
				used = append(used, second.p)
			}
		}
	}
	var b strings.Builder
	for i, u := range picked {
		switch {
		case i == 0:
		case u.bullet || picked[i-1].bullet:
			b.WriteString("\n")
		default:
			b.WriteString(" ")
		}
		if u.bullet {
			b.WriteString("- ")
		}
		b.WriteString(u.text)
	}
	return b.String(), used
}

// rank scores the units of a passage by the question words they contain
// (weighted by rarity), with a bonus for a figure when one is asked for.
// The result is sorted best first.
func (e *Engine) rank(ix *index, gs []group, p *Passage, wantFigure bool) []unit {
	units := splitUnits(p.Text)
	var total float64
	for _, g := range gs {
		total += float64(g.idf)
	}
	for i := range units {
		terms := map[string]bool{}
		for _, w := range Tokenize(units[i].text) {
			if ix.an.isStop(w) {
				continue
			}
			terms[ix.an.Stem(w)] = true
			for _, part := range ix.parts[w] {
				terms[part] = true
			}
		}
		for _, g := range gs {
			for _, t := range g.terms {
				if terms[t] {
					units[i].score += float64(g.idf)
					break
				}
			}
		}
		if wantFigure && strings.IndexFunc(units[i].text, unicode.IsDigit) >= 0 {
			units[i].score += 0.25 * total
		}
	}
	sort.SliceStable(units, func(a, b int) bool { return units[a].score > units[b].score })
	return units
}

// pick takes the best unit, then the next best that fit, and returns them
// best first followed by the rest in text order. A sentence that ends in
// a colon brings the list items that follow it, or it would dangle.
func pick(ranked []unit) []unit {
	if len(ranked) == 0 {
		return nil
	}
	byOrder := make([]unit, len(ranked))
	for _, u := range ranked {
		byOrder[u.order] = u
	}
	chosen := map[int]bool{}
	size := 0
	take := func(u unit) bool {
		if chosen[u.order] {
			return true
		}
		if len(chosen) >= maxSentences+2 || (len(chosen) > 0 && size+len(u.text) > maxAnswerChars) {
			return false
		}
		chosen[u.order] = true
		size += len(u.text)
		return true
	}
	for i, u := range ranked {
		if i > 0 && (u.score <= 0 || len(chosen) >= maxSentences) {
			break
		}
		if !take(u) {
			continue
		}
		if strings.HasSuffix(u.text, ":") {
			for j := u.order + 1; j < len(byOrder) && byOrder[j].bullet; j++ {
				if !take(byOrder[j]) {
					break
				}
			}
		}
	}
	first := ranked[0]
	out := []unit{first}
	// A lead-in's list follows it directly; the rest keep text order.
	for j := first.order + 1; j < len(byOrder) && chosen[j] && byOrder[j].bullet; j++ {
		out = append(out, byOrder[j])
		delete(chosen, j)
	}
	delete(chosen, first.order)
	rest := make([]int, 0, len(chosen))
	for o := range chosen {
		rest = append(rest, o)
	}
	sort.Ints(rest)
	for _, o := range rest {
		out = append(out, byOrder[o])
	}
	return out
}

// figureWords are question words that ask for a number, amount or date.
var figureWords = wordSet(`hoeveel hoe hoog hoogte bedrag bedragen drempel drempels drempelbedrag drempelwaarde euro procent
	percentage termijn wanneer datum dagen weken maanden maximaal maximum minimaal minimum grens
	much many amount amounts threshold thresholds percent percentage deadline when date days weeks months maximum minimum limit`)

func asksFigure(q string) bool {
	for _, w := range Tokenize(q) {
		if figureWords[w] {
			return true
		}
	}
	return false
}

// splitUnits cuts Markdown into sentences and list items. Lines of one
// paragraph are joined first; table rows, code and headings are left out
// because they do not read as answers on their own.
func splitUnits(md string) []unit {
	var units []unit
	var para []string
	flush := func() {
		if len(para) == 0 {
			return
		}
		for _, s := range sentencesOf(strings.Join(para, " ")) {
			units = append(units, unit{text: s, order: len(units)})
		}
		para = para[:0]
	}
	inCode := false
	for _, line := range strings.Split(md, "\n") {
		t := strings.TrimSpace(line)
		if strings.HasPrefix(t, "```") || strings.HasPrefix(t, "~~~") {
			inCode = !inCode
			flush()
			continue
		}
		switch {
		case inCode, strings.HasPrefix(t, "|"), strings.HasPrefix(t, "#"):
			flush()
		case t == "":
			flush()
		case isBullet(t):
			flush()
			units = append(units, unit{text: bulletText(t), bullet: true, order: len(units)})
		default:
			para = append(para, t)
		}
	}
	flush()
	return units
}

func isBullet(t string) bool {
	if strings.HasPrefix(t, "- ") || strings.HasPrefix(t, "* ") || strings.HasPrefix(t, "+ ") {
		return true
	}
	i := strings.IndexFunc(t, func(r rune) bool { return !unicode.IsDigit(r) })
	return i > 0 && i+1 < len(t) && (t[i] == '.' || t[i] == ')') && t[i+1] == ' '
}

func bulletText(t string) string {
	if strings.HasPrefix(t, "- ") || strings.HasPrefix(t, "* ") || strings.HasPrefix(t, "+ ") {
		return strings.TrimSpace(t[2:])
	}
	_, after, _ := strings.Cut(t, " ")
	return strings.TrimSpace(after)
}

// abbreviations end in a full stop without ending a sentence.
var abbreviations = wordSet(`art bijv bv o.a e.g i.e nr jo lid etc vgl zgn resp ca mr dr st blz p pp no vs incl excl min max
	aanv red jr gem mln mld`)

// sentencesOf splits a paragraph at ., ! and ? followed by a space and a
// capital, a digit or an opening bracket — but not after an abbreviation or
// an initial ("H. Kruiter").
func sentencesOf(p string) []string {
	var out []string
	start := 0
	for i := 0; i < len(p); i++ {
		c := p[i]
		if c != '.' && c != '!' && c != '?' {
			continue
		}
		if i+2 >= len(p) || p[i+1] != ' ' {
			continue
		}
		next, _ := utf8.DecodeRuneInString(p[i+2:])
		if !unicode.IsUpper(next) && !unicode.IsDigit(next) && next != '(' && next != '*' && next != '"' {
			continue
		}
		if c == '.' {
			w := lastWord(p[start:i])
			if utf8.RuneCountInString(w) == 1 || abbreviations[strings.ToLower(w)] {
				continue
			}
		}
		if s := strings.TrimSpace(p[start : i+1]); s != "" {
			out = append(out, s)
		}
		start = i + 2
	}
	if s := strings.TrimSpace(p[start:]); s != "" {
		out = append(out, s)
	}
	return out
}

func lastWord(s string) string {
	i := strings.LastIndexFunc(s, func(r rune) bool { return unicode.IsSpace(r) || r == '(' })
	return s[i+1:]
}

// sourcesOf lists the sources of the documents of the passages, first
// passage first, without duplicates, at most maxSources.
func sourcesOf(ps []*Passage) []Source {
	var out []Source
	seen := map[string]bool{}
	// Take each document's first source before any document's second, so
	// two documents are both represented.
	for round := 0; len(out) < maxSources; round++ {
		added := false
		for _, p := range ps {
			if round >= len(p.Doc.Sources) {
				continue
			}
			s := p.Doc.Sources[round]
			key := s.Title + "\x00" + s.URL + "\x00" + s.Ref
			if seen[key] {
				continue
			}
			seen[key] = true
			added = true
			out = append(out, s)
			if len(out) == maxSources {
				break
			}
		}
		if !added && allExhausted(ps, round) {
			break
		}
	}
	return out
}

func allExhausted(ps []*Passage, round int) bool {
	for _, p := range ps {
		if round+1 < len(p.Doc.Sources) {
			return false
		}
	}
	return true
}

func topicsAndTags(ps []*Passage) (topics, tags []string) {
	seenT, seenG := map[string]bool{}, map[string]bool{}
	for _, p := range ps {
		if !seenT[p.Doc.Topic] {
			seenT[p.Doc.Topic] = true
			topics = append(topics, p.Doc.Topic)
		}
		for _, t := range p.Doc.Tags {
			if !seenG[t] {
				seenG[t] = true
				tags = append(tags, t)
			}
		}
	}
	return topics, tags
}
