package knowledge

import (
	"regexp"
	"slices"
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/noaber/noaber/i18n"
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
	// Rewritten is true when the answer was found by the LLM's search
	// query for the question rather than by the question as understood;
	// the text is the corpus's either way.
	Rewritten bool
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
	// Kind says what the answer is: an answer, a computed check verdict, a
	// clarifying question, a refusal or small talk.
	Kind Kind
	// Choices are the options of a clarifying question.
	Choices []Choice
	// Card is the answer card the answer leads with, if any.
	Card *Card
	// Check is the computed verdict of a case question (KindCheck).
	Check *CaseResult
	// Context is what the conversation should keep for a follow-up; nil
	// for small talk and empty questions.
	Context *Context
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

// soleLead is the share of the matched weight above which a match rests
// on one word of the question.
const soleLead = 0.75

// good decides whether the best passage answers the question. It must
// contain enough of the question's weight: BM25 scores are not comparable
// between questions; coverage is. And a match that rests on one word must
// rest on a word the passage is about — one in its heading or its
// document's title or tags, and a term of the domain, not a common word
// that a tag happens to contain ("hoe laat is het" against the tag "te
// laat beslissen"). A rare word mentioned in passing ("Zwolle" in an
// example, "paspoorten" in a list of exclusions) has a high weight, so it
// covers a short question on its own, but the passage does not answer a
// question about it.
func (e *Engine) good(hits []hit) bool {
	if len(hits) == 0 {
		return false
	}
	h := hits[0]
	if float64(h.coverage) < e.cfg.MinCoverage {
		return false
	}
	// A card's variants are the questions it answers, written for it: a
	// match resting on one word of them is a match on what the card is
	// about, like a word of a passage's heading.
	return h.lead < soleLead || h.leadTopic || (h.p.card != nil && h.coverage >= cardSoleCoverage)
}

// cardSoleCoverage is how much of the question a card must match for a
// match on one word of its variants to answer.
const cardSoleCoverage = 0.75

// notFound says plainly that there is no answer. It suggests the documents
// that came close, but not one carried by a single word that is off its
// topic (weather in Zwolle must not suggest the SROI document that names
// Zwolle in an example): then it lists the main topics instead.
func (e *Engine) notFound(res Result, hits []hit) Result {
	seen := map[string]bool{}
	for _, h := range hits {
		offTopic := h.lead >= soleLead && !h.leadDomain
		if h.coverage <= 0 || offTopic || seen[h.p.Doc.ID] || h.p.Doc.Lang != res.Lang {
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

// Sentence scores, as shares of the question's weight: a sentence that
// contains every word of the question scores 1 before these are added.
const (
	// figureBonus rewards a sentence that states a figure (an amount, a
	// percentage, a number of days, a date) when the question asks for
	// one: "hoeveel", "drempel", "how long". The figure is the answer.
	figureBonus = 0.4
	// otherFigureBonus rewards a figure of another kind than asked for
	// (a date when an amount is asked): it may still be the answer.
	otherFigureBonus = 0.15
	// leadBonus rewards a passage's first sentence: the corpus states its
	// point there, later sentences qualify it.
	leadBonus = 0.1
	// caseMalus punishes a sentence about a special case the question does
	// not mention (see qualifiers): it must not lead the answer.
	caseMalus = 0.6
	// dependentMalus punishes a sentence that leans on an earlier one
	// ("Dit bedrag …", "Ook …", "Voorbeeld: …"): it can follow, not lead.
	dependentMalus = 0.25
	// passageWeight is how much a passage's rank counts for its sentences
	// against a better sentence in a slightly lower passage.
	passageWeight = 0.5
	// candidatePassages are the passages whose sentences may lead.
	candidatePassages = 3
	// candidateRatio is how close to the best passage's score another must
	// be for its sentences to compete.
	candidateRatio = 0.5
)

// compose builds the extractive answer. The sentences of the best few
// passages compete to lead it: each scores by the question words it
// contains, a figure when one is asked for, its place as a passage's first
// sentence and its passage's rank, less a penalty for a special case the
// question does not ask about. The best sentence comes first, then the
// next best of its passage, then one sentence of a close second passage
// from another document.
func (e *Engine) compose(ix *index, gs []group, hits []hit, question string) (string, []*Passage) {
	want := asksFigure(question)
	asked := qualifierSet(question)
	var cands []hit
	for _, h := range hits {
		if len(cands) == candidatePassages {
			break
		}
		if len(cands) == 0 && float64(h.coverage) < e.cfg.MinCoverage {
			continue
		}
		if len(cands) > 0 && (h.score < candidateRatio*cands[0].score || h.coverage < candidateRatio*cands[0].coverage) {
			continue
		}
		cands = append(cands, h)
	}
	if len(cands) == 0 {
		cands = hits[:1]
	}
	best, bestScore := 0, -1e9
	ranked := make([][]unit, len(cands))
	for i, h := range cands {
		ranked[i] = e.rank(ix, gs, h.p, want, asked)
		if len(ranked[i]) == 0 {
			continue
		}
		rel := 1.0
		if cands[0].score > 0 {
			rel = float64(h.score / cands[0].score)
		}
		if sc := ranked[i][0].score + passageWeight*rel; sc > bestScore {
			best, bestScore = i, sc
		}
	}
	top := cands[best]
	picked := pick(ranked[best])
	used := []*Passage{top.p}
	if len(picked) < maxSentences {
		for i, h := range cands {
			if i == best || h.p.Doc == top.p.Doc || h.score < secondPassageRatio*top.score {
				continue
			}
			if su := ranked[i]; len(su) > 0 && su[0].score > 0 && !su[0].bullet {
				picked = append(picked, su[0])
				used = append(used, h.p)
			}
			break
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

// rank scores the units of a passage: the share of the question's weight
// they contain (question words by rarity, stemmed, compounds by their
// parts; the passage's heading and document title count for every unit,
// since they say what the unit is about), a bonus for a figure of the kind
// asked for and for being the passage's lead, a penalty for a special case
// not asked about. The result is sorted best first.
func (e *Engine) rank(ix *index, gs []group, p *Passage, want figureKind, asked uint64) []unit {
	pu := ix.unitsOf(p)
	units := make([]unit, len(pu.units))
	var total float64
	for _, g := range gs {
		total += float64(g.idf)
	}
	if total == 0 {
		total = 1
	}
	for i := range pu.units {
		ut := &pu.units[i]
		units[i] = ut.unit
		var matched float64
		for _, g := range gs {
			for _, t := range g.terms {
				if ut.terms[t] || pu.context[t] {
					matched += float64(g.idf)
					break
				}
			}
		}
		units[i].score = matched / total
		if matched == 0 {
			continue // a unit sharing nothing with the question only qualifies others
		}
		if want != 0 {
			switch has := ut.figures; {
			case has&want != 0:
				units[i].score += figureBonus
			case has != 0:
				units[i].score += otherFigureBonus
			}
		}
		if units[i].order == 0 && !units[i].bullet {
			units[i].score += leadBonus
		}
		if ut.qualifiers&^asked != 0 {
			units[i].score -= caseMalus
		}
		if ut.dependent {
			units[i].score -= dependentMalus
		}
	}
	sort.SliceStable(units, func(a, b int) bool { return units[a].score > units[b].score })
	return units
}

// passageUnits are a passage's sentence units with what rank reads of
// them, which depends on the passage and the index only.
type passageUnits struct {
	context map[string]bool // the terms of its document title and heading
	units   []unitTerms
}

type unitTerms struct {
	unit
	terms      map[string]bool // stems and compound parts
	figures    figureKind
	qualifiers uint64
	dependent  bool
}

// unitsOf splits p into units and analyses them, once per index.
func (ix *index) unitsOf(p *Passage) *passageUnits {
	if v, ok := ix.unitCache.Load(p); ok {
		return v.(*passageUnits)
	}
	termsOf := func(text string) map[string]bool {
		terms := map[string]bool{}
		for _, w := range Tokenize(text) {
			if ix.an.isStop(w) {
				continue
			}
			terms[ix.an.Stem(w)] = true
			for _, part := range ix.parts[w] {
				terms[part] = true
			}
		}
		return terms
	}
	units := splitUnits(p.Text)
	pu := &passageUnits{context: termsOf(p.Doc.Title + " " + p.Heading), units: make([]unitTerms, len(units))}
	for i, u := range units {
		pu.units[i] = unitTerms{unit: u, terms: termsOf(u.text), figures: figuresIn(u.text), qualifiers: qualifierSet(u.text), dependent: dependent(u.text)}
	}
	v, _ := ix.unitCache.LoadOrStore(p, pu)
	return v.(*passageUnits)
}

// pick takes the best unit, then the next best that fit, and returns them
// best first followed by the rest in text order. A list is never cut and
// never shown without its lead-in: a sentence that ends in a colon brings
// all the list items that follow it, and a list item that ranks best
// brings its lead-in, which then leads. A bare "Ja."/"Nee." never leads.
func pick(ranked []unit) []unit {
	ranked = slices.DeleteFunc(slices.Clone(ranked), func(u unit) bool { return bareYesNo(u.text) })
	if len(ranked) == 0 {
		return nil
	}
	maxOrder := 0
	for _, u := range ranked {
		maxOrder = max(maxOrder, u.order)
	}
	byOrder := make([]unit, maxOrder+1)
	present := make([]bool, maxOrder+1)
	for _, u := range ranked {
		byOrder[u.order], present[u.order] = u, true
	}
	leadIn := func(u unit) (unit, bool) {
		if !u.bullet {
			return unit{}, false
		}
		for j := u.order - 1; j >= 0; j-- {
			if !present[j] {
				return unit{}, false
			}
			if !byOrder[j].bullet {
				if strings.HasSuffix(byOrder[j].text, ":") {
					return byOrder[j], true
				}
				return unit{}, false
			}
		}
		return unit{}, false
	}
	chosen := map[int]bool{}
	size := 0
	var takeList func(u unit)
	take := func(u unit, force bool) bool {
		if chosen[u.order] {
			return true
		}
		if !force && (len(chosen) >= maxSentences+2 || (len(chosen) > 0 && size+len(u.text) > maxAnswerChars)) {
			return false
		}
		chosen[u.order] = true
		size += len(u.text)
		return true
	}
	takeList = func(u unit) {
		for j := u.order + 1; j < len(byOrder) && present[j] && byOrder[j].bullet; j++ {
			take(byOrder[j], true)
		}
	}
	first := ranked[0]
	if li, ok := leadIn(first); ok {
		first = li
	}
	for i, u := range append([]unit{first}, ranked...) {
		if i > 1 && (u.score <= 0 || len(chosen) >= maxSentences) {
			break
		}
		if li, ok := leadIn(u); ok {
			if chosen[li.order] {
				continue
			}
			if !take(li, i == 0) {
				continue
			}
			takeList(li)
			continue
		}
		if !take(u, i == 0) {
			continue
		}
		if strings.HasSuffix(u.text, ":") {
			takeList(u)
		}
	}
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

// figureKind is a bit set of the kinds of figure a question asks for or a
// sentence states.
type figureKind uint8

const (
	figAmount   figureKind = 1 << iota // an amount in euro
	figDuration                        // a number of days, weeks, months or years
	figDate                            // a date
	figCount                           // another number ("× 48", "3 tot 5")
	figPercent                         // a percentage
	figAny      = figAmount | figDuration | figDate | figCount | figPercent
)

// figureWords are question words that ask for a figure, by kind.
var figureWords = func() map[string]figureKind {
	m := map[string]figureKind{}
	for kind, words := range map[figureKind]string{
		figAmount: `bedrag bedragen drempel drempels drempelbedrag drempelbedragen drempelwaarde drempelwaarden
			aanbestedingsdrempel euro plafond hoog hoogte grens amount amounts threshold thresholds ceiling limit`,
		figDuration: `lang hoelang duur duurt duren termijn termijnen dagen weken maanden jaar jaren long term period days
			weeks months years`,
		figDate: `wanneer datum uiterlijk deadline when date moment tijdstip`,
		figAmount | figDuration | figCount | figPercent: `hoeveel many maximaal maximale maximum minimaal minimale minimum`,
		figAmount | figPercent:                          `much`,
		figPercent:                                      `procent percent percentage % share aandeel`,
		figCount:                                        `reken rekenen bereken berekenen uitrekenen raming ramen calculate calculation estimate compute`,
	} {
		for w := range wordSet(words) {
			m[w] |= kind
		}
	}
	return m
}()

// asksFigure returns the kinds of figure a question asks for, 0 for none.
func asksFigure(q string) figureKind {
	var k figureKind
	for _, w := range Tokenize(q) {
		k |= figureWords[w]
		// A Dutch compound asks what its last part asks:
		// "de-minimisplafond", "inschrijftermijn".
		for f, fk := range figureWords {
			if len(f) >= 5 && len(w) > len(f)+2 && strings.HasSuffix(w, f) {
				k |= fk
			}
		}
	}
	return k
}

// dependentStarts are first words of a sentence that leans on the one
// before it ("Dit bedrag …", "Ook …", "So …") or only illustrates
// ("Voorbeeld: …"); such a sentence should not open an answer.
var dependentStarts = wordSet(`dit dat deze die dus ook daarom daarnaast bovendien maar toch zo voorbeeld fictief bijvoorbeeld
	this that these those so also therefore however but thus example fictional`)

// dependentWords are words that make a sentence a conclusion from an
// earlier one, or an example of it, wherever they stand outside brackets.
var dependentWords = wordSet(`dus daarom bijvoorbeeld therefore`)

// dependent reports whether a sentence leans on an earlier one.
func dependent(s string) bool {
	ws := Tokenize(s)
	if len(ws) > 0 && dependentStarts[ws[0]] {
		return true
	}
	if strings.Contains(s, "for example") {
		return true
	}
	for _, w := range Tokenize(parenRe.ReplaceAllString(s, "")) {
		if dependentWords[w] {
			return true
		}
	}
	return false
}

// Figures in a sentence, by kind.
var (
	amountRe   = regexp.MustCompile(`€\s?\d`)
	percentRe  = regexp.MustCompile(`\d\s?%`)
	durationRe = regexp.MustCompile(`(?i)\b\d+\s+(?:kalender|werk|calendar |working )?(?:dag|dagen|weken|week|maanden|maand|jaar|jaren|days|day|weeks|months|month|years|year)\b`)
	dateRe     = regexp.MustCompile(`(?i)\b\d{1,2}\s+(?:januari|februari|maart|april|mei|juni|juli|augustus|september|oktober|november|december|january|february|march|may|june|july|august|october)\b`)
	countRe    = regexp.MustCompile(`(?:×|\bkeer|\btimes)\s?\d|\b\d+\s+(?:tot|to)\s+\d+\b`)
)

// parenRe matches a parenthesised aside — in this corpus mostly a source
// ("(Aw art. 2.71)", "(Verordening (EU) 2023/2831)") — one level deep.
var parenRe = regexp.MustCompile(`\((?:[^()]|\([^()]*\))*\)`)

// figuresIn returns the kinds of figure a sentence states outside its
// source references: an article or regulation number is not the answer to
// "how much".
func figuresIn(s string) figureKind {
	s = parenRe.ReplaceAllString(s, "")
	var k figureKind
	for _, f := range []struct {
		re   *regexp.Regexp
		kind figureKind
	}{{amountRe, figAmount}, {durationRe, figDuration}, {dateRe, figDate}, {countRe, figCount}, {percentRe, figPercent}} {
		if f.re.MatchString(s) {
			k |= f.kind
		}
	}
	return k
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
