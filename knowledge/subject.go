package knowledge

import (
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/noaber/noaber/knowledge/understand"
)

// outsideSubject reports a question whose subject lies outside the domain
// although it says who asks in the domain's words: "Ons buurtinitiatief
// wil een AED aan de gevel hangen. Moeten we een vergunning aanvragen?"
// names an initiative, a community centre and a permit, but asks about an
// AED on a façade. What a question is about is what is left of it without
// the words that say who asks or where (understand's Incidental, also as
// the head or first part of a compound: "zorgcoöperatie",
// "bewonersvergunning"), the steps of any procedure (Procedural) and
// everyday words (Generic). When none of what is left is a term of the
// domain, and some of it is a subject of its own — an off-topic word, or
// a word no text of the corpus has — the question is about that subject,
// however many of the domain's words stand around it. The question
// sentence decides; only when it names nothing but such words ("hoe werkt
// dat?", "moeten we een vergunning aanvragen?") does the story say what it
// is about.
func outsideSubject(q understand.Query, gs []group) bool {
	th := understand.DefaultThesaurus
	if th.Core(q.Text) {
		return false // a rule of the domain in several words ("algemeen economisch belang")
	}
	if publicTask(q) {
		return false
	}
	focusOwn, askerOnly := false, false
	money := publicMoney(q)
	for _, g := range gs {
		if money(g.word) {
			return false
		}
		if !subjectWord(th, g.word) {
			askerOnly = askerOnly || !g.story && th.Asker(g.word) && th.InDomain(g.word)
			continue
		}
		if domainSubject(th, g) {
			return false
		}
		focusOwn = focusOwn || !g.story
	}
	if askerOnly && !focusOwn {
		// "moeten we een stichting of een vereniging worden?": a
		// question sentence that only names who may ask asks about that
		return false
	}
	for _, g := range gs {
		if g.story && focusOwn || !subjectWord(th, g.word) {
			continue
		}
		// a word no text has is a subject of its own when it is a real
		// word of some length ("declareren", "zonnepanelen") or an
		// abbreviation ("AFM", "AGB"): a thing, body or register the
		// corpus does not know. A typo or a name is not, nor is a short
		// everyday word the corpus happens not to use ("mums", "bike").
		unknown := g.how == "unknown" && (len(g.word) >= minSubjectLen && understand.IsWord(g.word) || acronymIn(q.Text, g.word))
		if unknown || len(th.OffTopic(g.word)) > 0 {
			return true
		}
	}
	return false
}

// minSubjectLen is the shortest real word no text has that outsideSubject
// takes for a subject of its own.
const minSubjectLen = 6

// subjectWord reports a word that can say what a question is about: not
// who asks or where, not a step of a procedure, not an everyday word.
func subjectWord(th *understand.Thesaurus, w string) bool {
	if th.Asker(w) || serviceWords[w] || th.Generic(w) {
		return false
	}
	return !asksWhoCompound(th, w)
}

// serviceWords are the steps of any request to a government (a permit, an
// application, a complaint): unlike the domain's own procedural terms (a
// decision period, an objection, a penalty for late decision), they say
// nothing of what is asked for. A permit and a complaint are the
// thesaurus's generic words, which subjectWord and asksWhoCompound test too.
var serviceWords = wordSet(`aanvraag aanvragen aanvraagt application applications apply
	complain ontheffing toestemming permission approval melding melden nodig need needed regelen arrange`)

// asksWhoCompound reports a Dutch compound that names who asks or where
// ("zorgcoöperatie" is a cooperative, "buurtcomité" a committee), or one
// made of such words and a step of a procedure ("bewonersvergunning"):
// neither names a subject. One whose first part names something else
// ("kapvergunning", "beslistermijn") does.
func asksWhoCompound(th *understand.Thesaurus, w string) bool {
	for i := minWhoPart; i <= len(w)-minWhoPart; i++ {
		head, rest := w[:i], w[i:]
		h := strings.TrimSuffix(head, "s")
		switch {
		case th.Asker(rest) && (!th.InDomain(head) || th.Asker(head) || th.Asker(h)):
			return true
		case (serviceWords[rest] || th.Generic(rest)) && (th.Asker(head) || th.Asker(h)):
			return true
		}
	}
	return false
}

// minWhoPart is the shortest part of a compound asksWhoCompound splits off.
const minWhoPart = 4

// domainSubject reports a word of a question that names a subject of the
// domain: a term the thesaurus knows as one (and no off-topic word), or an
// anchor of the corpus that is.
func domainSubject(th *understand.Thesaurus, g group) bool {
	if len(th.OffTopic(g.word)) > 0 {
		return false
	}
	if g.domainAnchor() || core(g.word) || th.InDomain(g.word) || th.Names(g.word) {
		return true
	}
	return g.how == "typo" && len(g.terms) > 0 && th.InDomain(g.terms[0])
}

// publicMoney reports a word that says money goes to the asker or
// between a public authority and the asker ("de gemeente heeft onze
// aanvraag van 2.500 euro ontvangen", "financiële vergoeding voor
// bewoners"): that is the domain's subject, a subsidy or a payment,
// whatever it is spent on. A private party's money ("my landlord") is
// not; a word that only says money is paid needs the authority beside it
// ("mijn zorgverzekeraar betaalt").
// It reads the question once and returns the test for its words.
func publicMoney(q understand.Query) func(w string) bool {
	if privateParty(understand.DefaultThesaurus.OffTopic(q.Text)) {
		return func(string) bool { return false }
	}
	authority := q.Slots.Authority != "" || namesAsker(q.Text)
	return func(w string) bool { return compensationWords[w] || fundingWords[w] && authority }
}

// namesAsker reports a text that says who asks in the domain's words
// ("onze wijkraad", "the neighbourhood"): money for them is the domain's.
func namesAsker(text string) bool {
	th := understand.DefaultThesaurus
	for _, w := range Tokenize(text) {
		if th.Asker(w) && th.InDomain(w) {
			return true
		}
	}
	return false
}

// publicTask reports a question about a task the municipality and a group
// pass between them: the municipality named, and a word of running or
// keeping something ("onze buurt wil het zwembad zelf gaan runnen nu de
// gemeente wil bezuinigen"), whatever the task is.
func publicTask(q understand.Query) bool {
	if q.Slots.Authority != "gemeente" {
		return false
	}
	for _, w := range Tokenize(q.Text) {
		if taskWords[w] {
			return true
		}
	}
	return false
}

// taskWords say that someone runs, keeps or carries out a task.
var taskWords = wordSet(`runnen runt beheren beheert beheer onderhouden onderhoudt onderhoud exploiteren exploiteert uitvoeren voert
	run runs running manage manages managing maintain maintains maintaining maintenance operate operates operating`)

// compensationWords name money paid for what someone does: an allowance,
// a fee, a compensation.
var compensationWords = wordSet(`vergoeding vergoedingen onkostenvergoeding financiele financieel financiering
	compensation allowance reimbursement financial financing`)

// acronymIn reports w written in capitals in text ("de AFM", "een
// AGB-code"): an abbreviation, the name of a body or a register.
func acronymIn(text, w string) bool {
	if len(w) < 2 || len(w) > 6 {
		return false
	}
	up := strings.ToUpper(w)
	for i := strings.Index(text, up); i >= 0; {
		end := i + len(up)
		r, _ := utf8.DecodeLastRuneInString(text[:i])
		before := i == 0 || !unicode.IsLetter(r)
		r, _ = utf8.DecodeRuneInString(text[end:])
		after := end == len(text) || !unicode.IsLetter(r)
		if before && after {
			return true
		}
		j := strings.Index(text[end:], up)
		if j < 0 {
			break
		}
		i = end + j
	}
	return false
}

// asksWho reports a word that says who asks or where ("energiecoöperatie",
// "stichting", "buurthuis"): beside an off-topic subject ("hoe werkt de
// SDE-subsidie voor een energiecoöperatie?") it does not make the question
// one of the domain, however well the corpus knows it.
func asksWho(w string) bool {
	th := understand.DefaultThesaurus
	return th.Asker(w) || asksWhoCompound(th, w)
}

// privateBuyer reports a question about the purchasing of the asker's own
// company ("our company buys laptops for 300,000 euros, do we have to
// tender that?"): the tender rules are for public authorities, and a
// private firm's buying is no relation between a municipality and a
// group. It needs the company as the buyer (a word of its own buying or
// tendering) and no public authority or party of the domain beside it: "our
// social enterprise wants to work for the municipality" stays in.
func privateBuyer(q understand.Query) bool {
	if q.Slots.Authority != "" {
		return false
	}
	ws := Tokenize(q.Text)
	own, buys := false, false
	for i, w := range ws {
		// "our company", "our own private company"
		if companyWords[w] && (i > 0 && ownWords[ws[i-1]] || i > 1 && ownWords[ws[i-2]]) {
			own = true
		}
		buys = buys || buyWords[w]
	}
	return own && buys && !namesAsker(q.Text)
}

var (
	// ownWords and companyWords name the asker's own firm: "ons bedrijf",
	// "our company"
	ownWords     = wordSet(`ons onze mijn our my`)
	companyWords = wordSet(`bedrijf firma bv onderneming company firm business corporation`)
	// buyWords say that someone buys or tenders
	buyWords = wordSet(`koopt kopen inkopen inkoop aanschaffen aanbesteden aanbesteding leverancier leveranciers
		buy buys buying purchase purchases purchasing procure procures procurement tender tendering supplier suppliers`)
)

// asksThere reports a question sentence that asks about a place named
// before it: "there", or "daar" as a place ("welke regels gelden daar?"),
// not as the first half of a pronominal adverb ("moeten we daar een
// vergunning voor aanvragen?", "daar heb ik wat aan").
func asksThere(focus string) bool {
	ws := Tokenize(focus)
	for i, w := range ws {
		switch w {
		case "there":
			// "is there a …" introduces, "what applies there" places
			if i > 0 && (ws[i-1] == "is" || ws[i-1] == "are" || ws[i-1] == "was" || ws[i-1] == "were") || i+1 < len(ws) && (ws[i+1] == "is" || ws[i+1] == "are") {
				continue
			}
			return true
		case "daar", "ginds":
			if !slices.ContainsFunc(ws[i+1:], func(x string) bool { return adverbParticles[x] }) {
				return true
			}
		}
	}
	return false
}

// adverbParticles complete "daar" into a pronominal adverb ("daar … voor"
// is "for that").
var adverbParticles = wordSet(`voor mee aan over op bij in van om toe uit door tegen naar onder achter na`)

// unknownLaws returns the words of a question sentence that name a law no
// text of the corpus has ("Huisvestingswet", "Alcoholwet"): another law
// than the domain's, whose version of a shared word ("verhuren") the
// question asks about. The domain's own laws are in the corpus.
func unknownLaws(gs []group) []string {
	var out []string
	for _, g := range gs {
		if !g.story && g.how == "unknown" && len(g.word) >= minLawName && strings.HasSuffix(g.word, "wet") {
			out = append(out, g.word)
		}
	}
	return out
}

// minLawName is the shortest word unknownLaws reads as a law's name: "wet"
// itself and short words ending in it ("nat" + "wet") are not.
const minLawName = 8

// goodOnSubject reports a best match that answers the question's own
// subject although it covers too little of the whole question, because
// words no text has weigh in the whole: "mag t buurthuis een kroeg erbij
// beginnen zonder dat het staatssteun is?" is about state aid, and the
// passage on it is the answer whatever "kroeg" is. The match must rest on
// a rule or instrument of the domain the question sentence names (and
// the passage has in its heading, title or tags), and cover enough of the
// question's words that the corpus knows, with no off-topic subject
// anywhere in it.
func (e *Engine) goodOnSubject(q understand.Query, ix *index, gs []group, hits []hit) bool {
	if len(hits) == 0 || !hits[0].leadTopic || len(understand.DefaultThesaurus.OffTopic(q.Text)) > 0 {
		return false
	}
	h := hits[0]
	var total, covered float32
	anchored, unknown, matched := false, false, 0
	for _, g := range gs {
		if g.story {
			continue
		}
		if g.how == "unknown" {
			unknown = true
			continue
		}
		total += g.idf
		if !ix.has(g, h.i) {
			continue
		}
		covered += g.idf
		matched++
		anchored = anchored || core(g.word) || g.domainAnchor()
	}
	// the match rests on more than the one term: "can u rite my tender
	// pls" is no question about tenders
	return unknown && anchored && matched >= 2 && total > 0 && float64(covered/total) >= e.cfg.MinCoverage
}

// announcesTopic reports a message that announces a question about a
// topic and stops there ("vraagje over de vereniging", "a question about
// the threshold"): nothing is asked yet, so which question about it is
// asked back ("Bedoel je …?"), not answered with the first card.
func announcesTopic(text string) bool {
	if strings.Contains(text, "?") {
		return false
	}
	ws := Tokenize(text)
	for i, w := range ws {
		if !announceWords[w] {
			if !announceFillers[w] {
				return false
			}
			continue
		}
		// "vraagje over de vereniging": what follows the "over" is the
		// topic, in a few words
		if i+1 < len(ws) && topicWords[ws[i+1]] {
			rest := len(ws) - i - 2
			return rest >= 1 && rest <= maxAnnouncedTopic
		}
		return false
	}
	return false
}

// maxAnnouncedTopic is the most words a topic announced alone has.
const maxAnnouncedTopic = 3

var (
	announceWords   = wordSet(`vraag vraagje question`)
	announceFillers = wordSet(`een nog ik heb hoi hallo hi hey hello snelle korte kleine simpele a one another quick short small simple i have got`)
	topicWords      = wordSet(`over about on regarding`)
)

// asksOnlyKind reports a question whose sentence asks only what kind of
// answer it wants ("is that mandatory for us or not?") after a story that
// names only who asks ("I run a small social enterprise and we're looking
// into working with the municipality"): there is no subject to answer
// about, so which question is meant is asked back ("Bedoel je …?").
func asksOnlyKind(q understand.Query, gs []group) bool {
	th := understand.DefaultThesaurus
	if q.Story == "" || th.Core(q.Text) {
		return false
	}
	ws := Tokenize(q.Text)
	socialAsker := false
	for i := 0; i+1 < len(ws); i++ {
		if (ws[i] == "social" || ws[i] == "sociale") && th.Asker(ws[i+1]) {
			socialAsker = true
		}
	}
	kind, asker := false, false
	money := publicMoney(q)
	for _, g := range gs {
		switch {
		case money(g.word):
			return false
		case g.how == "unknown":
		case !g.story:
			if !modalWords[g.word] {
				return false
			}
			kind = true
		case socialAsker && (g.word == "social" || g.word == "sociale"):
		case !subjectWord(th, g.word):
			asker = asker || th.Asker(g.word) || asksWhoCompound(th, g.word)
		case domainSubject(th, g) || th.IsTerm(g.word):
			return false
		}
	}
	return kind && asker
}

// modalWords ask what kind of answer is wanted, not about what.
var modalWords = wordSet(`verplicht verplichting mandatory compulsory obligatory required not niet`)
