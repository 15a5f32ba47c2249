// Package understand reads a chat question before anything is searched: it
// separates the question sentence from the story around it, tells what kind
// of answer is asked for, takes the facts of the asker's own case out as
// slots (amounts, durations, years, kind of contract, kind of organisation,
// authority) so they are not searched for, recognises small talk and
// elliptic follow-ups, and knows the domain's synonyms and multi-word terms.
//
// It knows nothing of chat, storage or the corpus: it works on text alone,
// so retrieval, the eval and the bot share one reading of a question.
package understand

import (
	"math"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// Type is the kind of answer a question asks for.
type Type string

// Question types.
const (
	Other      Type = "other"
	Definition Type = "definition" // "wat is …", "what is …"
	HowMuch    Type = "amount"     // "hoeveel", "drempel", "how much"
	MayMust    Type = "may_must"   // "mag", "moet", "can we", "do we have to"
	Procedure  Type = "procedure"  // "hoe", "how do"
	TimeLimit  Type = "time_limit" // "hoe lang", "termijn", "when", "deadline"
)

// Per says what period an amount is for.
type Per string

// Periods of an amount.
const (
	Total Per = "total"
	Month Per = "month"
	Year  Per = "year"
	Week  Per = "week"
	// Quarter is an amount per three months ("18.000 per kwartaal").
	Quarter Per = "quarter"
)

// Amount is a sum of money the asker mentions.
type Amount struct {
	Value float64
	Per   Per
	// Year and Month date the amount when the question does ("€ 120.000
	// in maart 2024", "in 2024 kregen we 50.000"): 0 when it does not.
	Year, Month int
}

// Slots are the facts of the asker's own case.
type Slots struct {
	Amounts []Amount
	// Months is the duration of the arrangement the asker names ("voor 4
	// jaar" = 48), 0 when none.
	Months int
	// Years are calendar years named ("in 2025").
	Years []int
	// Kind is the kind of contract: werken, leveringen, diensten or
	// sociale_diensten ("" when not named).
	Kind string
	// Org is the asker's legal form: stichting, vereniging, bv, cooperatie.
	Org string
	// Authority is who awards: gemeente or rijk.
	Authority string
	// Indefinite is true when the asker says the arrangement has no end
	// ("voor onbepaalde tijd", "no end date").
	Indefinite bool
	// StaffPart of StaffWhole employees belong to a group the question
	// names ("10 van onze 40 medewerkers hebben een arbeidsbeperking");
	// StaffPercent is that share in per cent, also when only a percentage
	// is given ("35% van onze werknemers"). 0 when not named.
	StaffPart, StaffWhole int
	StaffPercent          float64
	// Dates are the calendar days named ("dinsdag 24 maart 2026", "3-7-2026");
	// Year is 0 when the question gave none.
	Dates []Day
}

// Day is a calendar day named in a question.
type Day struct {
	Year, Month, Day int
}

// Total returns the value of the whole arrangement when it can be computed
// from the amounts and the duration: a total as given, or a periodic amount
// times the duration. ok is false when the slots do not say.
func (s Slots) Total() (v float64, months int, ok bool) {
	if s.Months == 0 && s.Indefinite {
		// An arrangement without an end counts 48 months (Aw art. 2.17).
		s.Months = 48
	}
	for _, a := range s.Amounts {
		switch a.Per {
		case Total:
			return a.Value, s.Months, true
		case Month:
			if s.Months > 0 {
				return a.Value * float64(s.Months), s.Months, true
			}
		case Year:
			if s.Months > 0 {
				return a.Value * float64(s.Months) / 12, s.Months, true
			}
		case Week:
			if s.Months > 0 {
				return a.Value * 52 * float64(s.Months) / 12, s.Months, true
			}
		case Quarter:
			if s.Months > 0 {
				return a.Value * float64(s.Months) / 3, s.Months, true
			}
		}
	}
	return 0, 0, false
}

// SmallTalk kinds.
const (
	Greeting = "greeting"
	Thanks   = "thanks"
	Bye      = "bye"
	Who      = "who"
	// Feedback is a remark on the answer before ("je antwoord klopt
	// niet", "that's not what I asked"): see feedbackOn.
	Feedback = "feedback"
)

// Query is a question as understood.
type Query struct {
	Text  string // as typed
	Lang  string // "nl" or "en", as given
	Focus string // the question sentence
	Story string // the context around it ("" for a plain question)
	Type  Type
	Slots Slots
	// SmallTalk is a greeting, thanks, goodbye, "who are you" or a remark
	// on the answer before (Feedback) without a question in it; ""
	// otherwise.
	SmallTalk string
	// FollowUp is true for an elliptic question that only makes sense
	// after the previous one: "en voor werken?", "en in 2025?", "and for
	// works?".
	FollowUp bool
	// Search is the text to search for: the focus and the story without
	// the case's figures. SearchFocus is the focus alone, same treatment.
	Search, SearchFocus string
	// Task is true when the asker asks Noaber to write a document for
	// them ("kun jij onze inschrijving schrijven?", "please write our
	// quality plan"): Noaber answers questions, it does not write bids,
	// plans or letters.
	Task bool
	// Claim is, when the question sentence names nothing ("Klopt dat?",
	// "Mag dat zomaar?", "Is that right?"), the sentence before it that
	// it asks about, without the case's figures; "" otherwise.
	Claim string
	// Antecedent is, when the question sentence names something but
	// points back at the story ("Maakt dat uit?", "Hoe zit dat bij een
	// stichting?", "Can they give us another one?"), the sentence of the
	// story it points at, without the case's figures: what "dat" is, is
	// part of the question. "" otherwise, and when Claim is set.
	Antecedent string
	// Referents are the nouns of the question sentence that a
	// demonstrative points back at the story with ("die waardendriehoek
	// uit dat boek", "that property"): they say which thing of the story
	// is meant, not what is asked of it. They are taken out of
	// SearchFocus. "" when there are none, and for a question without a
	// story.
	Referents string
}

// Parse reads text, written in lang ("nl" or "en").
func Parse(text, lang string) Query {
	text = strings.TrimSpace(norm.NFC.String(text))
	q := Query{Text: text, Lang: lang}
	if lang != "en" {
		// read chat abbreviations as the words they stand for
		text = expandChat(text)
	} else {
		// "how log does it take?": a slip that makes another word;
		// "two hundred thousand euros": a sum in words
		text = englishSums(fixEnglishSlips(text))
	}
	text = expandArticleAbbrev(text, lang)
	q.SmallTalk = smallTalk(fold(strings.ToLower(text)))
	if q.SmallTalk == "" {
		// "Goedemorgen, snelle vraag: wat is de drempel voor werken?":
		// the greeting around a question is no part of it
		text = dropChat(text)
	}
	focus, story := split(text, lang)
	q.Focus, q.Story = focus, story
	low := fold(strings.ToLower(text))
	lowFocus := fold(strings.ToLower(focus))
	q.Slots = slots(low)
	q.Type = typeOf(lowFocus)
	q.FollowUp = followUp(low)
	q.Task = writeTask(words(low))
	q.SearchFocus = searchText(focus)
	if m := meantByRe.FindStringSubmatch(strings.ToLower(focus)); m != nil && wordCount(m[2]) <= 3 {
		// "Wat bedoelt BZK precies met maatschappelijk aanbesteden?"
		// asks what the term is: who uses it says nothing about that
		q.SearchFocus = searchText(m[1] + " " + m[3])
		q.Type = Definition
	}
	if m := tagQuestionRe.FindStringSubmatch(focus); m != nil && wordCount(m[1]) >= 4 && !bare(m[1]) {
		// "someone said there is a new law that helps us, is that
		// true?": the question is the claim before the tag, without
		// who made it
		claim := m[1]
		if loc := reportedRe.FindStringIndex(strings.ToLower(claim)); loc != nil && wordCount(claim[loc[1]:]) >= 2 {
			claim = claim[loc[1]:]
		}
		q.Claim = stripFigures(claim)
		q.SearchFocus = ""
	} else if story != "" && bare(focus) {
		if sents := sentences(story); len(sents) > 0 {
			// The claim is the question; the bare sentence's words
			// ("true", "zomaar") are not what it is about — but an
			// everyday word of the domain is ("wat is de termijn?").
			// the last sentence that names the domain ("Iemand zei dat
			// dat staatssteun is. Ik weet het niet. Klopt dat?")
			claim := sents[len(sents)-1]
			for i := len(sents) - 1; i >= 0 && !reportsClaim(claim); i-- {
				if namesSubject(sents[i]) {
					claim = sents[i]
					break
				}
			}
			// A term the asker puts in quotes is what "what is it?"
			// asks about ("Colleagues keep saying 'light regime'. I'm
			// a contract manager and lost. What is it?").
			// The quoted term alone is the claim; the rest of its
			// sentence stays story.
			quoted := false
			for i := len(sents) - 1; i >= 0; i-- {
				if ms := quotedRe.FindAllString(sents[i], -1); len(ms) > 0 {
					claim, quoted = strings.Join(ms, " "), true
					break
				}
			}
			if !quoted {
				// "A member who works at a bank says it is illegal
				// state aid": what is claimed, not who claims it.
				// But "mijn collega zegt dat het nu anders is" claims
				// something of what the sentence names before: a claim
				// that names nothing of the domain keeps its sentence.
				if loc := reportedRe.FindStringIndex(strings.ToLower(claim)); loc != nil && wordCount(claim[loc[1]:]) >= 2 && DefaultThesaurus.InDomain(claim[loc[1]:]) {
					claim = claim[loc[1]:]
				}
				claim = claimClause(claim)
			}
			q.Claim = searchText(claim)
			if !namesGeneric(focus) && !compares(focus) {
				q.SearchFocus = ""
			}
		}
	}
	if story != "" && q.Claim == "" && pointsBack(focus) {
		q.Antecedent = antecedent(text, focus)
	}
	if story != "" && q.Claim == "" && q.SearchFocus != "" {
		q.SearchFocus, q.Referents = referents(q.SearchFocus)
	}
	if story != "" {
		q.Search = searchText(story) + " " + q.SearchFocus
	} else {
		q.Search = q.SearchFocus
	}
	return q
}

// pointsBack reports a question sentence with a word that stands for
// something of the story: a demonstrative used as a pronoun ("Maakt dat
// uit?", "Kan ik die al kiezen?", "Does that apply to us?") or a
// pronominal adverb ("Wat zijn daar de regels over?"). A demonstrative
// before a noun ("dat bedrijf", "die gids") names its subject itself, and
// "dat" or "that" that opens a clause ("klopt het dat we …") points
// forward.
func pointsBack(focus string) bool {
	if whyNotRe.MatchString(strings.ToLower(focus)) {
		// "Ik snap echt niet waarom, we maken toch geen winst?": why
		// what the story said holds
		return true
	}
	ws := words(focus)
	for i, w := range ws {
		switch {
		case backAdverbs[w]:
			return true
		case demonstratives[w] && (i+1 == len(ws) || afterPronoun[ws[i+1]]):
			return true
		case demonstratives[w] && i == 1 && verbOpeners[ws[0]] && i+1 < len(ws) && articles[ws[i+1]]:
			// "Is that a law or their own choice?", "Is dat een
			// subsidie?": right after the verb that opens the question,
			// the demonstrative is the subject, the article opens what
			// is said of it
			return true
		}
	}
	return false
}

var (
	demonstratives = set(`dat dit die deze zoiets that this those`)
	backAdverbs    = set(`daar daarvoor daarbij daarmee daarvan daaraan daarover daarop daarna`)
	// afterPronoun are words that follow a demonstrative used as a
	// pronoun: adverbs, particles, prepositions and verbs, no nouns.
	afterPronoun = set(`al wel niet nog uit bij ook dan zo echt toch voor mee op in aan af eigenlijk zomaar gewoon
		precies nou is zijn was mag moet kan kunnen mogen moeten geldt gelden telt tellen werkt betekent inhoudt
		zit doen hoeft hoeven als wanneer
		er erin ervoor erbij ermee eraan erop via naar met door over onder zonder tegen volgens binnen buiten na per tot van
		eerst direct meteen altijd ooit samen zelf alleen nu daarna later straks
		apply applies matter matters mean means count counts work works also still too really is are was were
		does do cover covers affect affects change changes need needs require requires allowed ok okay right true
		legal possible mandatory compulsory
		for to from with under about at by of into without within via first directly now always ever later alone`)
)

// whyNotRe finds a question sentence that opens by not understanding why:
// it asks why the story's last word on the matter holds.
var whyNotRe = regexp.MustCompile(`^(?:maar\s+|but\s+)?(?:ik\s+|we\s+|wij\s+|i\s+)?(?:snap|snappen|begrijp|begrijpen|don'?t|do\s+not|can'?t|cannot)\s+(?:het\s+|er\s+)?(?:echt\s+|really\s+|dus\s+)?(?:niet\s+|understand\s+|see\s+)?(?:waarom|why)\b`)

// verbOpeners open a question with its verb; articles open a noun phrase.
var (
	verbOpeners = set(`is zijn was waren wordt werd blijft moet moeten mag mogen kan kunnen valt vallen telt tellen geldt gelden
		are were does do did can could must should would will may might`)
	articles = set(`een de het a an the`)
)

// referents takes the nouns after a demonstrative ("dat boek", "die
// gids", "that property") out of a question sentence to search; it
// returns the sentence without them and the nouns.
func referents(focus string) (rest, nouns string) {
	fs := strings.Fields(focus)
	var keep, took []string
	for i := 0; i < len(fs); i++ {
		keep = append(keep, fs[i])
		w := strings.Trim(fold(strings.ToLower(fs[i])), ".,;:!?()\"'")
		if !demonstratives[w] || w == "zoiets" || i+1 == len(fs) {
			continue
		}
		next := strings.Trim(fold(strings.ToLower(fs[i+1])), ".,;:!?()\"'")
		if len(next) < 3 || clauseOpeners[next] || afterPronoun[next] || questionWords[next] || !isWord(next) {
			continue
		}
		if i+2 == len(fs) && strings.HasSuffix(next, "en") {
			// "moeten we dit aanbesteden?": the verb at the end of a
			// Dutch question, not a noun
			continue
		}
		if DefaultThesaurus.IsTerm(next) {
			// "… of dat staatssteun kan zijn", "Staat die grens in
			// de wet?": a term of the domain after the demonstrative
			// is what is asked about, not a pointer into the story
			continue
		}
		if i > 0 && asksWhat[strings.Trim(fold(strings.ToLower(fs[i-1])), ".,;:!?()\"'")] {
			// "wat is die waardendriehoek uit dat boek?": the noun
			// that is asked about is the question's subject, even
			// with a demonstrative; only "dat boek" points back
			continue
		}
		took = append(took, strings.Trim(fs[i+1], ".,;:!?()\"'"))
		i++
	}
	if len(took) == 0 {
		return focus, ""
	}
	return strings.Join(keep, " "), strings.Join(took, " ")
}

// asksWhat are the verbs of a question for what something is or means:
// the noun after them is asked about.
var asksWhat = set(`is zijn was waren betekent betekenen houdt inhoudt are means mean`)

// clauseOpeners start the clause that a conjunction "dat" or "that"
// opens ("klopt het dat we …", "is it true that the …"): what follows the
// demonstrative then is no noun it points with.
var clauseOpeners = set(`we wij ze zij je jij u ik hij het de een er die dat deze dit onze ons mijn jullie hun men iemand
	iedereen the a an we they you i he she it our my their there this that some any`)

// isWord reports a word of letters only.
func isWord(w string) bool {
	for _, r := range w {
		if !unicode.IsLetter(r) {
			return false
		}
	}
	return w != ""
}

// antecedent returns what a question sentence that points back points
// at: the last sentence of text before it, narrowed to its clause that
// names the domain, without the case's figures. When that sentence names
// nothing of the domain itself ("… een gedragsverklaring aanbesteden
// meesturen. We hebben er nog een uit 2023. Is die nog goed?", "Mijn
// vraag is eigenlijk:") it points back in turn: the last sentence before
// it that names the domain is meant.
func antecedent(text, focus string) string {
	i := strings.Index(text, focus)
	if i <= 0 {
		return ""
	}
	sents := sentences(strings.TrimSpace(text[:i]))
	if len(sents) == 0 {
		return ""
	}
	return searchText(claimClause(namingSentence(sents)))
}

// namingSentence returns the last of sents that names a term of the
// domain, or the last one when none does.
func namingSentence(sents []string) string {
	for i := len(sents) - 1; i >= 0; i-- {
		if namesSubject(sents[i]) {
			return sents[i]
		}
	}
	return sents[len(sents)-1]
}

// split separates the question sentence from the story before it. A short
// text is all question. In a longer one the question is the last sentence
// that asks (ends in "?" or starts with a question word), and within a long
// sentence the clause from the last question opener on ("wij zijn een
// stichting en krijgen geld van de gemeente, moeten we dan aanbesteden?").
func split(text, lang string) (focus, story string) {
	if wordCount(text) <= 14 {
		// "Everybody talks about 'de Gids'. What is it?": a short text
		// whose last sentence names nothing asks about the one before
		if sents := sentences(text); len(sents) >= 2 && bare(sents[len(sents)-1]) && !bare(sents[len(sents)-2]) {
			last := strings.TrimSpace(sents[len(sents)-1])
			return last, strings.TrimSpace(strings.Join(sents[:len(sents)-1], " "))
		}
		return text, ""
	}
	sents := sentences(breakRunOn(text))
	qi := -1
	for i := len(sents) - 1; i >= 0; i-- {
		s := strings.TrimSpace(sents[i])
		if strings.HasSuffix(s, "?") || startsQuestion(s) {
			qi = i
			break
		}
	}
	indirect := false
	if qi < 0 {
		// No sentence asks outright: the last one that asks indirectly
		// ("Someone on our board asked whether …"), not a closing plea
		// ("I have no idea, please help.").
		for i := len(sents) - 1; i >= 0; i-- {
			if indirectRe.MatchString(strings.ToLower(sents[i])) {
				qi, indirect = i, true
				break
			}
		}
	}
	if qi < 0 {
		qi = len(sents) - 1
	}
	focus = strings.TrimSpace(sents[qi])
	if qi+1 < len(sents) && strings.HasSuffix(focus, "?") && continuesQuestion(sents[qi+1]) {
		// "mag dat via het uitdaagrecht? of zijn er taken die niet
		// kunnen": a second question that goes on from the first,
		// without its question mark, asks with it
		focus += " " + strings.TrimSpace(sents[qi+1])
		sents = append(append([]string(nil), sents[:qi+1]...), sents[qi+2:]...)
	}
	if !indirect {
		// "Wij willen weten welke drempel geldt voor een
		// dienstencontract. Vallen wij onder de decentrale overheden?":
		// the question the story asks indirectly is asked too, and it
		// is often the main one.
		for i := qi - 1; i >= 0; i-- {
			low := strings.ToLower(sents[i])
			if loc := askedRe.FindStringSubmatchIndex(low); loc != nil {
				asked, reason := withoutReason(strings.TrimSpace(sents[i][loc[2]:]), lang)
				sents = append(append(append([]string(nil), sents[:i]...), strings.TrimSpace(sents[i][:loc[2]]+" "+reason)), sents[i+1:]...)
				focus = asked + " " + focus
				break
			}
		}
		if i := othersAsk(sents[:qi]); i >= 0 && (pointsBack(focus) || !DefaultThesaurus.InDomain(focus)) {
			// "Collega's twijfelen of dit een subsidie of een
			// opdracht is. Waar kijk ik naar?": a question sentence
			// that points back or names nothing asks what someone in
			// the story doubts or wonders
			loc := othersAskRe.FindStringSubmatchIndex(strings.ToLower(sents[i]))
			asked, reason := withoutReason(strings.TrimSpace(sents[i][loc[2]:]), lang)
			if j := strings.IndexAny(asked, ";:"); j > 0 {
				asked = asked[:j]
			}
			sents = append(append(append([]string(nil), sents[:i]...), strings.TrimSpace(sents[i][:loc[2]]+" "+reason)), sents[i+1:]...)
			focus = asked + " " + focus
		}
	}
	before := strings.TrimSpace(strings.Join(sents[:qi], " "))
	after := strings.TrimSpace(strings.Join(sents[qi+1:], " "))
	if loc := indirectRe.FindStringSubmatchIndex(strings.ToLower(focus)); indirect && loc != nil {
		// who asked is story; what they asked is the question
		before = strings.TrimSpace(before + " " + focus[:loc[2]])
		focus = strings.TrimSpace(focus[loc[2]:])
	}
	if wordCount(focus) > 14 {
		// Cut at the last clause that opens a question.
		clauses := splitClauses(focus)
		cut := false
		for i := len(clauses) - 1; i > 0; i-- {
			if startsQuestion(clauses[i]) {
				// "What share of our staff …, and how long may
				// such a contract run?": two questions, both asked
				// and so is the indirect question the focus
				// was cut to ("of we … moeten opnemen en wat
				// de deadline is")
				for i > 0 && (asks(clauses[i-1]) || indirect && i == 1) {
					i--
				}
				if i == 0 {
					break
				}
				head := strings.Join(clauses[:i], " ")
				if leadIn(head) || conditional(head) && wordCount(head) <= maxCondition {
					// "Bij een niet-openbare procedure, hoeveel
					// dagen …?": a short phrase that sets the
					// scene of the question is part of it; so is
					// the condition it asks under ("Als wij het
					// via het uitdaagrecht overnemen, moet de
					// gemeente het dan aanbesteden?")
					break
				}
				focus = strings.TrimSpace(strings.Join(clauses[i:], " "))
				if loc := indirectRe.FindStringSubmatchIndex(strings.ToLower(head)); loc != nil {
					// "Ik vraag me af of we … moeten opnemen en wat
					// de deadline is": the indirect question before
					// the last one is asked too
					focus = strings.TrimSpace(head[loc[2]:] + " " + focus)
					head = head[:loc[2]]
				}
				before = strings.TrimSpace(before + " " + head)
				cut = true
				break
			}
		}
		if !cut {
			// An indirect question: "we willen graag weten of …", "I
			// wonder how long …" — the question starts after the verb.
			if loc := indirectRe.FindStringSubmatchIndex(strings.ToLower(focus)); loc != nil {
				before = strings.TrimSpace(before + " " + focus[:loc[2]])
				focus = strings.TrimSpace(focus[loc[2]:])
			}
		}
		// "…, want we wachten al twaalf weken": the reason is story.
		re := reasonRe
		if lang == "en" {
			re = reasonEnRe // "they want to …" gives no reason
		}
		if loc := re.FindStringIndex(strings.ToLower(focus)); loc != nil && wordCount(focus[:loc[0]]) >= 4 {
			after = strings.TrimSpace(focus[loc[0]:] + " " + after)
			focus = strings.TrimSpace(focus[:loc[0]])
		}
	}
	if i := strings.Index(focus, ":"); i > 0 && wordCount(focus[:i]) <= 6 && !startsQuestion(focus[:i]) && !strings.Contains(focus[:i], "?") && wordCount(focus[i+1:]) >= 3 {
		// "Ik maak me zorgen: gaan we daarmee over een grens?": what
		// the asker feels or announces before the colon is story
		before = strings.TrimSpace(before + " " + focus[:i+1])
		focus = strings.TrimSpace(focus[i+1:])
	}
	story = strings.TrimSpace(before + " " + after)
	return focus, story
}

func wordCount(s string) int { return len(strings.Fields(s)) }

// breakLowerRunOn ends a sentence before the last question in a message
// written without capitals or full stops ("… dat we het niet zijn
// geworden moeten ze niet uitleggen waarom"): a question word, or a verb
// that opens a question followed by its subject ("moeten ze", "mag de
// gemeente", "do we"), after at least six words and with at least three
// words from it on.
func breakLowerRunOn(text string) string {
	fields := strings.Fields(text)
	if len(fields) <= 14 || len(sentences(strings.TrimSpace(text))) > 1 {
		return text
	}
	// only in the last clause, and not when that clause opens a
	// question itself: split's clause rule cuts there ("…, so can we
	// still apply?")
	from := 6
	for i := len(fields) - 2; i >= 0; i-- {
		if strings.HasSuffix(fields[i], ",") || strings.HasSuffix(fields[i], ";") {
			if startsQuestion(strings.Join(fields[i+1:], " ")) {
				return text
			}
			from = max(from, i+2)
			break
		}
	}
	for i := len(fields) - 3; i >= from; i-- {
		w, next := firstWord(fields[i]), firstWord(fields[i+1])
		if questionWords[w] && !indirectBefore[strings.ToLower(fields[i-1])] || questionOpeners[w] && !questionWords[w] && subjectWords[next] {
			return strings.Join(fields[:i], " ") + ". " + strings.Join(fields[i:], " ")
		}
	}
	return text
}

// firstWord is a token of a message as a word: lower case, without
// punctuation, "what's" as "what" and "don't" as "dont".
func firstWord(token string) string {
	ws := words(token)
	switch {
	case len(ws) == 0:
		return ""
	case len(ws) > 1 && ws[1] == "t":
		return ws[0] + "t"
	}
	return ws[0]
}

// subjectWords follow a verb that opens a question: "moeten ze", "mag de
// gemeente", "do we", "is it".
var subjectWords = set(`we wij ze zij jullie ik je jij u hij het de een die dat dit er onze mijn
	we they you i he she it the a an our my there that this`)

// indirectBefore introduce an indirect question inside a sentence ("weet
// niet hoe", "vraag me af of"): the question word there does not start a
// new sentence of a run-on message, and the indirect rules read it.
var indirectBefore = set(`niet af weten weet know wonder wondering asked asks vraagt vroeg snap begrijp understand sure zeker`)

// runOnRe finds a capitalised word right after a small letter: where a
// chat message that leaves out its full stops starts a new sentence ("…
// en kregen alleen een mailtje Moeten ze niet uitleggen waarom").
var runOnRe = regexp.MustCompile(`[\p{Ll}\p{N}'’")]\s+(\p{Lu}\p{Ll}*)\b`)

// breakRunOn ends a sentence before a capitalised question opener that
// follows a small letter without a full stop: "We lost and only got an
// email Don't they have to tell us why" asks its last sentence. "May"
// and "Will" may be a month or a name, and stay.
func breakRunOn(text string) string {
	if len(sentences(text)) > 2 {
		return text // a text with its full stops has its sentences
	}
	locs := runOnRe.FindAllStringSubmatchIndex(text, -1)
	if len(locs) == 0 {
		return breakLowerRunOn(text)
	}
	var b strings.Builder
	last := 0
	for _, loc := range locs {
		w := strings.ToLower(text[loc[2]:loc[3]])
		if !startsQuestion(text[loc[2]:]) || w == "may" || w == "will" {
			continue
		}
		b.WriteString(text[last:loc[2]])
		b.WriteString(". ")
		last = loc[2]
		// the space before the word stays before the full stop
	}
	b.WriteString(text[last:])
	return strings.Replace(b.String(), " . ", ". ", -1)
}

// leadIn reports a short phrase before a question that narrows it rather
// than telling a story: no more than five words, and no one doing
// anything in it ("Bij een niet-openbare procedure,", "For services,").
func leadIn(head string) bool {
	ws := words(head)
	if len(ws) == 0 || len(ws) > 5 {
		return false
	}
	for _, w := range ws {
		if storyWords[w] {
			return false
		}
	}
	return true
}

// conditional reports a clause that opens with the condition a question
// asks under: "als …", "if …", "wanneer …".
func conditional(head string) bool {
	ws := words(head)
	return len(ws) > 0 && conditionWords[ws[0]]
}

// maxCondition is the longest condition that stays part of the question
// it opens: "Als wij het via het uitdaagrecht overnemen, moet de gemeente
// het dan aanbesteden?" asks under its condition, but a condition of
// twenty words ("Suppose we send in a great plan … and we have lots of
// support in the street, does the municipality have to accept it?") tells
// a story, and is read as one, as it would be after a full stop.
const maxCondition = 12

var conditionWords = set(`als indien wanneer stel mocht if when whenever suppose assuming`)

// storyWords make a phrase a story about the asker: a person or a verb of
// being or having.
var storyWords = set(`ik wij we jij je u zij ze hij mijn onze ons uw hun zijn is ben bent was waren heb hebben heeft had
	i we you they he she my our us your their am is are was were have has had`)

// indirectRe finds an indirect question inside a sentence; group 1 is
// where the question itself starts.
var indirectRe = regexp.MustCompile(`\b(?:(?:snap|snappen|snapt|begrijp|begrijpen)\s+(?:het\s+|er\s+)?(?:echt\s+)?niet|(?:don'?t|do\s+not|can'?t)\s+(?:really\s+)?(?:understand|get|see)|weten|(?:vraag|vragen|vroeg|vroegen)\s+(?:me|ons|mij|mezelf|zich)\s+af|(?:vraagt|vroeg|vroegen|asks|asked)(?:\s+[^\s,.?!]+){1,3}?|benieuwd|hoor(?:\s+ik)?|horen|vroeg(?:en)?|(?:mijn |onze )?vraag is|know|wonder(?:ing|ed)?|find out|tell me|asking|asked|(?:my |our )?question is)\s+((?:of|hoe|wat|wanneer|waarom|welke|welk|wie|hoeveel|hoelang|whether|if|how|what|when|why|which|who)\b)`)

// askedRe finds a question the asker asks indirectly in a sentence of the
// story ("wij willen weten welke drempel …", "I'd like to know whether …"):
// only the asker's own wish to know, not what someone else asked.
var askedRe = regexp.MustCompile(`\b(?:(?:wil|willen|wilde|wilden)\s+(?:graag\s+)?weten|vraag\s+(?:me|mij|ik\s+me)\s+af|vragen\s+ons\s+af|(?:like|want|wanted)\s+to\s+know|wonder(?:ing)?)\s+((?:of|hoe|wat|wanneer|waarom|welke|welk|wie|hoeveel|whether|if|how|what|when|why|which|who)\b)`)

// withoutReason splits the reason off a question the story asks ("of dat
// staatssteun kan zijn, want een restaurant verderop klaagt"): the
// reason is story.
func withoutReason(asked, lang string) (question, reason string) {
	re := reasonRe
	if lang == "en" {
		re = reasonEnRe
	}
	if loc := re.FindStringIndex(strings.ToLower(asked)); loc != nil && wordCount(asked[:loc[0]]) >= 3 {
		return strings.TrimSpace(asked[:loc[0]]), strings.TrimSpace(asked[loc[0]:])
	}
	return asked, ""
}

// othersAskRe finds a question someone in the story doubts or wonders
// about ("collega's twijfelen of …", "de wethouder vraagt zich af of …",
// "the board wonders whether …"); group 1 is where the question starts.
var othersAskRe = regexp.MustCompile(`\b(?:twijfel|twijfelt|twijfelen|twijfelde|twijfelden|(?:vraagt|vragen|vroeg|vroegen)\s+(?:zich|me|mij|ons)\s+af|wonders|wondered|doubts|doubt|unsure|not sure|asks|asked)\s+(of|whether)\b`)

// othersAsk returns the last of sents with a question someone doubts or
// wonders about in it, or -1.
func othersAsk(sents []string) int {
	for i := len(sents) - 1; i >= 0; i-- {
		if othersAskRe.MatchString(strings.ToLower(sents[i])) {
			return i
		}
	}
	return -1
}

// meantByRe finds a question for what someone means by a term: "wat
// bedoelt BZK (precies) met …", "wat verstaat de wet onder …", "what does
// the council mean by …". Group 1 asks, group 2 is who means it, group 3
// the term.
var meantByRe = regexp.MustCompile(`^(wat|what)\s+(?:bedoelt|bedoelen|verstaat|verstaan|does|do)\s+(.+?)\s+(?:precies\s+|eigenlijk\s+|exactly\s+|actually\s+)?(?:met|onder|mean\s+by|understand\s+by)\s+(.+)$`)

// reasonRe finds the reason a question gives after it ("…, want we
// wachten al twaalf weken", "…, because …"), which is story.
var (
	reasonRe   = regexp.MustCompile(`,?\s+\b(?:want|omdat|aangezien|because|since)\b`)
	reasonEnRe = regexp.MustCompile(`,?\s+\b(?:because|since)\b`)
)

// asks reports a clause that is a question of its own: it opens with a
// question word ("what", "hoeveel") or a verb that asks ("is there",
// "mogen we") and ends the sentence's asking part, not with a clause of
// the story.
func asks(clause string) bool {
	ws := words(clause)
	return len(ws) > 0 && (questionWords[ws[0]] || startsQuestion(clause) && strings.HasSuffix(strings.TrimSpace(clause), "?"))
}

// questionWords open a question in any position of a sentence.
var questionWords = set(`wat wie waar wanneer waarom hoe hoeveel hoelang welk welke what who where when why how which`)

// bare reports a question that names nothing: only chat words and words
// that ask whether something holds ("klopt dat?", "mag dat zomaar?",
// "is that really true?", "wie heeft gelijk?").
func bare(sent string) bool {
	for _, w := range words(sent) {
		// "mag de gemeente zomaar nee zeggen?": the municipality is
		// everywhere in this domain, it names nothing either
		if !chatWords[w] && !fillers[w] && !checkWords[w] && !frameWords[w] && !DefaultThesaurus.Generic(w) {
			return false
		}
	}
	return true
}

// compares reports a question for a difference ("wat is het verschil?"):
// that is what the answer must say, so the word is searched for too.
func compares(sent string) bool {
	for _, w := range words(sent) {
		if compareWords[w] {
			return true
		}
	}
	return false
}

var compareWords = set(`verschil verschillen difference differences`)

// frameWords ask for an explanation or a comparison without naming what
// of: "wat is eigenlijk het verschil?", "kun je in gewone woorden
// uitleggen wat dat is?", "what does that mean?". The story names it.
var frameWords = set(`verschil verschillen uitleggen uitleg leg legt betekent betekenen betekenis bedoeld bedoelen
	gewone simpele eenvoudige makkelijke woorden eigenlijk precies inhouden houdt
	difference differences explain explained means mean meaning plain simple easy words actually exactly you`)

// claimClause narrows a claim to the clause of it that names the domain,
// when the sentence has several: "Wij zijn een sociale onderneming en
// willen meedoen, maar de inschrijvingstermijn is maar drie weken." claims
// something about the time limit, not about who asks. A clause of fewer
// than four words ("…, alleen subsidie.") is too short to be the claim.
func claimClause(sent string) string {
	clauses := splitClauses(sent)
	if len(clauses) < 2 {
		return sent
	}
	for i := len(clauses) - 1; i >= 0; i-- {
		if wordCount(clauses[i]) >= 4 && namesSubject(clauses[i]) {
			return strings.TrimSpace(clauses[i])
		}
	}
	return sent
}

// NamesGeneric reports a sentence that names an everyday word of the
// domain ("wat zijn de regels over de kosten?"): it asks about that, not
// only what something of the story is.
func NamesGeneric(sent string) bool { return namesGeneric(sent) }

// namesGeneric reports a sentence with an everyday word of the domain
// ("termijn", "regels", "geld").
func namesGeneric(sent string) bool {
	for _, w := range words(sent) {
		if DefaultThesaurus.Generic(w) && !chatWords[w] && !fillers[w] && !checkWords[w] {
			return true
		}
	}
	return false
}

var checkWords = set(`klopt kloppen mag mogen kan kunnen zomaar gewoon echt waar gelijk toegestaan mogelijk zeker dus nou
	true right correct allowed possible legal okay ok really sure then fine so whats
	daartegen ertegen daaraan eraan daarmee ermee daarvoor ervoor zit zitten pakken aanpakken regelen
	about happens handle go nee zeggen weigeren say refuse moet moeten opties mogelijkheden nu wij
	should must shall options option next now us they their them
	any problem problems issue issues advice advise thoughts ideas suggestions tips risk risks wrong trouble with
	probleem problemen advies tips ideeen risico risicos`)

// tagQuestionRe splits a claim from the tag that asks about it: "…, is
// that true?", "…, klopt dat?".
var tagQuestionRe = regexp.MustCompile(`(?i)^(.+?)[,;.]\s*(?:is that (?:true|right|correct|so)|is it|right|true|klopt dat|klopt het|toch|of niet|or not)\s*[?!.]*\s*$`)

// reportedRe finds the verb that reports a claim ("says", "zegt dat"): the
// claim is what follows it.
var reportedRe = regexp.MustCompile(`\b(?:says|said|claims|claimed|thinks|told us|tells us|told me|tells me|heard|hoorde|hoorden|gehoord|zegt|zei|zeggen|beweert|denkt|stelt)\b(?:\s+(?:that|dat))?\s+`)

// namesSubject reports a sentence of the story that names something of
// the domain besides who plays a role in it: "Onze wethouder is er ook
// erg enthousiast over." names the alderman, a word of the domain, but
// nothing a question could be about, so a bare "Klopt dat?" or "Waar moet
// ik dat doen?" does not point at it.
func namesSubject(sent string) bool {
	if !DefaultThesaurus.InDomain(sent) || MetaSentence(sent) {
		return false
	}
	ws := words(sent)
	rest := ws[:0:0]
	for _, w := range ws {
		if !actors[w] {
			rest = append(rest, w)
		}
	}
	return len(rest) == len(ws) || DefaultThesaurus.InDomain(strings.Join(rest, " "))
}

// MetaSentence reports a sentence of a story that says only how the asker
// feels about the matter, how much it matters, what they did to find out
// or who likes it: "Dit is voor ons echt heel belangrijk.", "I already
// asked the council but got no clear answer.", "Onze wethouder is er ook
// erg enthousiast over." It names nothing a question could be about, yet
// its words ("belangrijk", "antwoord", "a lot") are rare in the texts and
// would pull in the one that happens to use them.
func MetaSentence(sent string) bool {
	ws := words(sent)
	if len(ws) == 0 {
		return false
	}
	for _, w := range ws {
		if !metaWords[w] && !fillers[w] && !actors[w] && !DefaultThesaurus.Generic(w) {
			return false
		}
	}
	return true
}

// metaWords say how the asker feels, how much something matters or what
// they did to find out, with the function words around them.
var metaWords = set(`belangrijk enthousiast blij boos bezorgd zorgen ongerust gefrustreerd frustrerend verwarrend lastig
	moeilijk ingewikkeld duidelijk duidelijkheid onduidelijk gevraagd vroeg vroegen gelezen las lazen snap snappen
	snapt begrijp begrijpen begrepen weet weten idee kreeg kregen gekregen gehad al ook steeds niet geen maar over echt
	ons onze wij we ik mij is zijn was er het dit dat voor met aan de een van in op bij om zo toch wel hebben heeft
	graag super enorm fijn leuk
	important importance matters matter enthusiastic happy glad angry upset worried concerned frustrated frustrating
	confusing confused unclear clear asked ask read understand understood know idea got get hard difficult
	complicated already also not but about lots much really us our we i me are was it this to a of in on at
	by has had been be do does did don t too as well likes like loves love great nice`)

// Actor reports a word that names a person by the role they play in a
// story: who decides, advises or says something ("de wethouder wil het
// snel regelen", "my manager says …"). In a story it says who speaks, not
// what the question is about.
func Actor(w string) bool { return actors[w] }

var actors = set(`wethouder wethouders ambtenaar ambtenaren collega collegas leidinggevende manager managers
	directeur raadslid raadsleden burgemeester beleidsmedewerker beleidsadviseur adviseur inkoper jurist juristen
	penningmeester voorzitter secretaris coordinator teamleider
	alderman aldermen official officials colleague colleagues director councillor councillors councilor mayor
	advisor adviser officer officers lawyer lawyers treasurer chair chairman chairwoman secretary boss`)

// reportsClaim reports a sentence in which someone claims something of
// the asker's case ("Iemand zegt dat wij als bestuur dan persoonlijk
// aansprakelijk zijn."): right before a bare "Klopt dat?" it is the claim
// asked about, also when its words are no terms of the domain, and an
// earlier sentence that names the domain ("Nu willen we een contract met
// de gemeente.") is its story. A claim that names nothing itself ("mijn
// collega zegt dat het nu anders is") points back, and is no claim of its
// own.
func reportsClaim(sent string) bool {
	loc := reportedRe.FindStringIndex(strings.ToLower(sent))
	if loc == nil {
		return false
	}
	claimed := sent[loc[1]:]
	ws := words(claimed)
	return len(ws) >= 4 && !claimPronouns[ws[0]] && !bare(claimed) && !pointsBack(claimed)
}

// claimPronouns open a claim about something named before it ("dat het
// nu anders is", "that it is illegal").
var claimPronouns = set(`het dat dit die deze hij zij ze it that this these those he she they`)

// quotedRe finds a term in quotes ('light regime', "subsidietender",
// ‘verlicht regime’), not an apostrophe inside a word ("I'm", "we'd").
var quotedRe = regexp.MustCompile(`(?:^|[\s(])['"‘“][^'"’”\s][^'"’”]{1,58}['"’”](?:[\s.,;:!?)]|$)`)

// abbreviationEnd reports a full stop at text[start:end] that ends an
// abbreviation with dots inside it ("our e.V. would get …", "o.a. de
// gemeente"), not a sentence: a small letter follows it.
func abbreviationEnd(text string, start, end int) bool {
	if end >= len(text) || text[start] != '.' || end-start > 2 {
		return false
	}
	if r, _ := utf8.DecodeRuneInString(text[end:]); !unicode.IsLower(r) {
		return false
	}
	word := text[:start]
	if i := strings.LastIndexAny(word, " \t\n("); i >= 0 {
		word = word[i+1:]
	}
	return len(word) >= 3 && strings.Contains(word, ".") && !strings.ContainsAny(word, "0123456789")
}

var sentenceEnd = regexp.MustCompile(`[.!?\n]+\s+|\n+`)

// sentences splits at sentence ends, keeping the punctuation with the
// sentence. Numbers with a dot ("80.000") are not cut: a sentence end needs
// a space after it.
func sentences(text string) []string {
	var out []string
	last := 0
	for _, m := range sentenceEnd.FindAllStringIndex(text, -1) {
		if abbreviationEnd(text, m[0], m[1]) {
			continue
		}
		out = append(out, text[last:m[1]])
		last = m[1]
	}
	if last < len(text) {
		out = append(out, text[last:])
	}
	return out
}

// splitClauses cuts a sentence at commas, semicolons and a few conjunctions
// that start a new clause.
func splitClauses(s string) []string {
	var out []string
	last := 0
	for i, r := range s {
		if r == ',' || r == ';' || r == ':' || r == '–' {
			// not a decimal comma
			if r == ',' && i+1 < len(s) && s[i+1] >= '0' && s[i+1] <= '9' {
				continue
			}
			out = append(out, s[last:i+1])
			last = i + 1
		}
	}
	out = append(out, s[last:])
	// "… en moeten we dan …": a conjunction before a question opener
	var res []string
	for _, c := range out {
		ws := strings.Fields(c)
		cut := -1
		for j := 1; j+1 < len(ws); j++ {
			w := strings.ToLower(ws[j])
			if (w == "en" || w == "maar" || w == "dus" || w == "and" || w == "but" || w == "so") && startsQuestion(strings.Join(ws[j+1:], " ")) {
				cut = j
			}
		}
		if cut > 0 {
			res = append(res, strings.Join(ws[:cut+1], " "), strings.Join(ws[cut+1:], " "))
		} else {
			res = append(res, c)
		}
	}
	return res
}

// questionPrepositions may stand before a question word that opens a
// question ("voor wanneer", "tot welk bedrag", "up to what", "by when").
var questionPrepositions = set(`voor tot vanaf binnen na sinds met onder boven bij op in aan uit over tegen door van
	up to from for by within under over at on after since until with of about in`)

// questionOpeners start a question in Dutch or English.
var questionOpeners = set(`wat wie waar wanneer waarom hoe hoeveel hoelang welk welke moet moeten moeten mag mogen kan kunnen kun
	kunt is zijn hebben heeft hoeft hoeven geldt gelden valt vallen klopt wordt worden zou zouden wil
	what who where when why how which must do does did can could should may might is are has have would will shall
	was were whats hows wheres whos isnt doesnt dont cant shouldnt arent wasnt didnt wont wouldnt couldnt hasnt havent
	mustnt neednt`)

// continuesQuestion reports a sentence that opens with "of", "or", "en"
// or "and" and then asks: the second half of a question.
func continuesQuestion(s string) bool {
	ws := words(s)
	return len(ws) > 1 && (ws[0] == "of" || ws[0] == "or" || ws[0] == "en" || ws[0] == "and") && questionOpeners[ws[1]]
}

func startsQuestion(s string) bool {
	ws := words(s)
	if len(ws) == 0 {
		return false
	}
	if questionOpeners[ws[0]] || len(ws) > 1 && ws[1] == "t" && questionOpeners[ws[0]+"t"] {
		// "Don't they have to …?" is read as "don", "t"
		return true
	}
	if len(ws) > 2 && questionPrepositions[ws[0]] && (questionWords[ws[1]] || questionPrepositions[ws[1]] && questionWords[ws[2]]) {
		// "tot welk bedrag …", "binnen welke termijn …", "up to what
		// amount …", "by when …": a preposition before the question word
		return true
	}
	// "maar mag dat", "dus moeten we", "en hoe"
	return len(ws) > 1 && (ws[0] == "maar" || ws[0] == "dus" || ws[0] == "en" || ws[0] == "but" || ws[0] == "so" || ws[0] == "and") && questionOpeners[ws[1]]
}

// words returns the lower-case, folded words of s (letters and digits).
func words(s string) []string {
	return strings.FieldsFunc(fold(strings.ToLower(s)), func(r rune) bool {
		return !unicode.IsLetter(r) && !unicode.IsDigit(r)
	})
}

// deadlineWords are what must be done by a date: a "wanneer moet …" with
// one of them asks for the date.
const deadlineWords = `ingediend indienen inleveren ingeleverd aangevraagd aanvragen binnen klaar vastgesteld vaststellen
	betaald betalen getekend tekenen verstuurd versturen gepubliceerd publiceren ingevoerd invoeren af
	submitted submit filed file adopted adopt ready place done paid pay signed sign sent send published publish introduced`

// asksOther reports a Dutch question that asks "welke X" for an X that is
// no figure: "welke regels gelden onder de drempel?" asks for rules, not
// for the amount its threshold names.
func asksOther(ws []string) bool {
	return len(ws) > 1 && (ws[0] == "welke" || ws[0] == "welk") && !figureNouns[ws[1]]
}

// figureNouns are what a "welke …" question asks when it asks a figure.
var figureNouns = set(`drempel drempels drempelbedrag drempelbedragen drempelwaarde drempelwaarden bedrag bedragen plafond
	maximum grens grenzen termijn termijnen percentage deel datum dag europese`)

// yesNoOpeners open a question that asks yes or no.
// (Dutch only: English questions are read as before.)
var yesNoOpeners = set(`mag mogen moet moeten kan kunnen hoeft hoeven geldt gelden is zijn valt vallen telt tellen wordt worden`)

func typeOf(low string) Type {
	ws := expandContractions(words(low))
	has := func(list string) bool {
		for _, w := range strings.Fields(list) {
			for _, x := range ws {
				if x == w {
					return true
				}
			}
		}
		return false
	}
	phrase := func(list ...string) bool {
		for _, p := range list {
			if strings.Contains(" "+strings.Join(ws, " ")+" ", " "+p+" ") {
				return true
			}
		}
		return false
	}
	// "wanneer moet …", "wanneer is … verplicht", "when must …" ask in
	// which case, not by which date.
	// But "wanneer moet de aanvraag binnen zijn?", "when must the bylaw
	// be adopted?" ask for a date: something must be done by then.
	// The same holds inside a sentence ("could you explain when a
	// municipality has to tender this?"), but not for "by when", "tot
	// wanneer", "until when".
	when := -1
	for i, w := range ws {
		if w == "wanneer" || w == "when" {
			when = i
			break
		}
	}
	if when > 0 {
		switch ws[when-1] {
		case "by", "until", "till", "tot", "uiterlijk", "vanaf", "since", "from", "voor", "before":
			when = -1
		}
	}
	modal := "moet moeten mag mogen is zijn geldt gelden must should does do is are has have needs need"
	condition := when >= 0 && len(ws) > when+1 &&
		(has(modal) && !has("eindigt afloopt verloopt end ends expire expires uiterlijk") &&
			!has(deadlineWords))
	if condition && when > 0 && (phrase("hoe lang", "hoelang", "how long", "hoeveel dagen", "hoeveel weken", "how many days", "how many weeks") ||
		has("termijn termijnen deadline bezwaartermijn beslistermijn")) {
		// "hoe lang heb ik wanneer de gemeente te laat is?": the
		// clause says in which case, the question asks how long
		condition = false
	}
	// "mag de gemeente een opdracht opknippen om onder de drempel te
	// blijven?", "geldt de alcatel termijn ook bij sociale diensten?": a
	// question that opens with a verb asks yes or no, also when it names
	// a threshold or a time limit; only words that ask for the figure
	// ("hoeveel", "hoe lang", "welk bedrag") make it ask for one.
	yesNo := len(ws) > 0 && yesNoOpeners[ws[0]] && !has("hoeveel hoelang hoogte") &&
		!phrase("hoe lang", "hoe hoog", "welk bedrag", "welke termijn", "welk drempelbedrag", "welke drempel", "tot wanneer", "vanaf wanneer")
	switch {
	case condition:
		return MayMust
	case yesNo:
		return MayMust
	case phrase("hoe lang", "hoelang", "how long", "binnen hoeveel", "within how many", "how many days", "how many weeks", "hoeveel dagen", "hoeveel weken",
		"hoeveel tijd", "how much time", "hoeveel maanden", "how many months") ||
		has("termijn termijnen deadline uiterlijk wanneer when bezwaartermijn beslistermijn") ||
		phrase("welk moment", "welk tijdstip", "what point", "which point", "what moment", "which moment"):
		return TimeLimit
	case has("hoeveel hoog hoogte drempel drempels drempelbedrag drempelwaarde bedrag plafond maximum threshold thresholds amount ceiling much share percentage percent procent aandeel") && !asksOther(ws):
		return HowMuch
	case phrase("wat is", "wat zijn", "wat betekent", "wat houdt", "what is", "what are", "what does", "wat bedoelen", "wat verstaat", "definitie", "betekenis", "meaning of"):
		return Definition
	case has("hoe how procedure stappen steps aanvragen apply"):
		return Procedure
	case has("mag mogen moet moeten hoeft hoeven verplicht kan kunnen may must allowed required obliged can should need"):
		return MayMust
	}
	return Other
}

// smallTalk recognises a message that is only a greeting, thanks, goodbye
// or "who are you": it has no content word beyond those.
func smallTalk(low string) string {
	ws := words(low)
	if len(ws) == 0 {
		return emojiTalk(low)
	}
	if feedbackOn(ws, low) {
		return Feedback
	}
	joined := " " + strings.Join(ws, " ") + " "
	if len(ws) <= 30 {
		for _, p := range whoPhrases {
			i := strings.Index(joined, " "+p+" ")
			if i < 0 {
				continue
			}
			// only if nothing of substance follows: "wat kun je allemaal
			// doen?", not "wat kun je vertellen over het uitdaagrecht?"
			tail := strings.Fields(joined[i+len(p)+1:])
			ok := len(tail) <= 4
			for _, w := range tail {
				if !fillers[w] && !whoTail[w] {
					ok = false
				}
			}
			if ok {
				return Who
			}
		}
	}
	if introduction(ws, low) {
		return Greeting
	}
	if len(ws) > 14 {
		return ""
	}
	if len(ws) <= 10 {
		for _, p := range byePhrases {
			if strings.Contains(joined, " "+p+" ") {
				return Bye
			}
		}
		for _, p := range greetingPhrases {
			if strings.Contains(joined, " "+p+" ") {
				return Greeting
			}
		}
		for _, p := range thanksPhrases {
			if strings.Contains(joined, " "+p+" ") {
				return Thanks
			}
		}
	}
	kind := ""
	for _, w := range ws {
		k, ok := smallTalkWords[w]
		if !ok {
			if fillers[w] {
				continue
			}
			return chat(ws, low)
		}
		if kind == "" || k == Who {
			kind = k
		}
	}
	if kind == "" {
		for _, w := range ws {
			if acks[w] {
				return Thanks
			}
		}
	}
	if kind == "" {
		return chat(ws, low)
	}
	return kind
}

// chat recognises the small talk the word lists above miss: a short
// message of chat and function words only ("kun je me helpen?", "what
// topics do you cover?", "thanks for your help, talk later") with a
// greeting, thanks or goodbye in it, or asking what Noaber is or knows;
// and a greeting that only introduces the asker ("Goedemorgen, ik ben Jan
// van de gemeente Zwolle."), with no question and no term of the domain;
// also a thanks or goodbye with a few words of its own, and a question
// about what Noaber is or does with a few (see the cases below). Only a
// thanks that asks nothing may name the domain.
func chat(ws []string, low string) string {
	if len(ws) > 14 {
		return ""
	}
	if DefaultThesaurus.InDomain(low) {
		if thanksFirst(ws, low) {
			return Thanks // "dank voor de uitleg over de drempel!"
		}
		return ""
	}
	marker, you, about, ack := "", false, false, false
	content := 0
	for _, w := range ws {
		switch k, ok := smallTalkWords[w]; {
		case ok && k != Who:
			if marker == "" {
				marker = k
			}
		case you2[w]:
			you = true
		case aboutYou[w]:
			about = true
		case acks[w]:
			ack = true
		case fillers[w] || chatWords[w]:
		default:
			content++
		}
	}
	question := strings.Contains(low, "?") || asksInPart(low)
	// "bedankt, en nu de kosten nog": a part that goes on with "en"
	// asks on, however it thanks
	goesOn := question || continuesInPart(low)
	switch {
	case content == 0 && marker != "":
		return marker
	case content == 0 && you && about:
		return Who
	case content == 0 && announces(ws):
		return Greeting // "ik heb een vraag": asks to be asked
	case marker == Greeting && smallTalkWords[ws[0]] == Greeting && !question:
		return Greeting // an introduction
	case !goesOn && (content <= looseWords && outright(ws) != "" || opensWithThanks(low)) && len(DefaultThesaurus.OffTopic(low)) == 0:
		// "dank je, dit hielp echt", "great answer, thank you for
		// explaining it so clearly", "fijn, dan weet ik genoeg. doei!",
		// "hartelijk bedankt, ik stuur het door naar de penningmeester":
		// no list knows every word people add to their thanks, but a
		// word that can only thank or say goodbye, or a message that
		// opens with thanks, with no question, no term of the domain and
		// no other subject, is small talk
		if k := outright(ws); k != "" {
			return k
		}
		return Thanks
	case content == 0 && !you && helpOnly(ws):
		return Who // "help", "help me please": what can Noaber do
	case content == 0 && !question && ack:
		return Thanks // "nee hoor, dat was alles", "goed om te weten", "ah I see"
	case content <= 2 && !goesOn && marker == Thanks && len(DefaultThesaurus.OffTopic(low)) == 0:
		return Thanks // "brilliant, that clears it up"
	case content <= looseWords && question && identity(ws) && !refersBack(ws) && len(DefaultThesaurus.OffTopic(low)) == 0:
		return Who // "is dit de chatbot van de gemeente?"
	case content <= looseWords && question && you && asksScope(ws) && len(DefaultThesaurus.OffTopic(low)) == 0:
		// "what kind of things can you help me with?", "kun je me ergens
		// mee helpen?": a question to Noaber about what it does, with a
		// few words of the asker's own and no subject
		return Who
	}
	return ""
}

// asksScope reports a question about what Noaber helps with or may be
// asked — not one that points back at an answer ("kun je dat nog eens
// uitleggen?", "can you help me with that?"), which is a follow-up.
func asksScope(ws []string) bool {
	scope := false
	for _, w := range ws {
		if pointerWords[w] {
			return false
		}
		scope = scope || scopeWords[w]
	}
	return scope
}

// announces reports a message that says a question is coming ("ik heb een
// vraagje", "I have a few questions").
func announces(ws []string) bool {
	for _, w := range ws {
		if w == "vraag" || w == "vraagje" || w == "vragen" || w == "vraagjes" || w == "question" || w == "questions" {
			return true
		}
	}
	return false
}

// refersBack reports a word that points at something said before.
func refersBack(ws []string) bool {
	for _, w := range ws {
		if pointerWords[w] && w != "dit" && w != "this" {
			return true
		}
	}
	return false
}

// identity reports a word that names what Noaber is ("chatbot", "bot").
func identity(ws []string) bool {
	for _, w := range ws {
		if identityWords[w] {
			return true
		}
	}
	return false
}

var (
	scopeWords = set(`helpen help ask stellen vragen weet ken kent know cover covers onderwerpen onderwerp topics topic subjects
		able capable capabilities purpose doel mogelijkheden functions features`)
	pointerWords  = set(`dat dit die deze daar daarmee daarover daarbij hiermee hierover that this it these those there`)
	identityWords = set(`bot chatbot robot noaber assistent assistant computer programma program chatgpt`)
)

// dropChat removes what a question opens with that is only chat: a
// greeting, thanks, a pleasantry ("hope you're well") or the announcement
// of a question ("quick question:", "vraagje:"), when a question of at
// least two words follows. Its words would otherwise be searched for
// ("question", "good", "morning") and thin out the words that matter.
func dropChat(text string) string {
	rest := text
	for {
		i := chatEnd(rest)
		if i < 0 || wordCount(rest[i+1:]) < 2 || !chatSegment(rest[:i]) {
			break
		}
		rest = strings.TrimSpace(rest[i+1:])
	}
	if loc := announceRe.FindStringIndex(strings.ToLower(rest)); loc != nil && wordCount(rest[loc[1]:]) >= 2 {
		rest = strings.TrimSpace(rest[loc[1]:])
	}
	return dropClosingChat(rest)
}

// closingThanksRe finds thanks at the very end of a message.
var closingThanksRe = regexp.MustCompile(`(?i)\s(?:alvast\s+(?:heel\s+|hartelijk\s+)?bedankt|bedankt\s+alvast|alvast\s+dank|thanks\s+in\s+advance|thank\s+you\s+in\s+advance|many\s+thanks)\W*$`)

// dropClosingChat removes the thanks or greeting after a question ("…, is
// dat zo? Alvast bedankt!", "… is that true?? Thanks in advance!"): it
// is no part of the story, and its words ("in advance" is "vooraf") must
// not steer the search.
func dropClosingChat(text string) string {
	if low := strings.ToLower(text); strings.Contains(low, "dank") || strings.Contains(low, "thank") {
		if loc := closingThanksRe.FindStringIndex(text); loc != nil && wordCount(text[:loc[0]]) >= 3 {
			// "… of aangemeld alvast bedankt!": no full stop before it
			text = strings.TrimSpace(text[:loc[0]])
		}
	}
	for {
		sents := sentences(text)
		if len(sents) < 2 {
			return text
		}
		last := strings.TrimSpace(sents[len(sents)-1])
		if !chatSegment(strings.TrimRight(last, ".!?,;: ")) {
			return text
		}
		text = strings.TrimSpace(strings.Join(sents[:len(sents)-1], " "))
	}
}

// chatEnd returns where the first piece of a message ends: at a
// punctuation mark that is no part of a number ("€200,000", "3.5"); -1
// when there is none.
func chatEnd(s string) int {
	for i := 0; i < len(s); i++ {
		if strings.IndexByte(",.!?:;", s[i]) < 0 {
			continue
		}
		if i+1 < len(s) && s[i+1] >= '0' && s[i+1] <= '9' && i > 0 && s[i-1] >= '0' && s[i-1] <= '9' {
			continue
		}
		return i
	}
	return -1
}

// chatSegment reports a piece of a message that is only chat: emoji,
// small talk, a pleasantry or the announcement of a question.
func chatSegment(seg string) bool {
	ws := words(seg)
	if len(ws) == 0 {
		return strings.TrimSpace(seg) != "" // emoji, not an empty piece
	}
	if len(ws) > 6 || strings.ContainsAny(seg, "0123456789") {
		return false // a greeting or a pleasantry is short, and has no figures
	}
	joined := strings.Join(ws, " ")
	return smallTalk(joined) != "" || pleasantries[joined] || announceRe.MatchString(joined) && announceRe.FindString(joined) == joined
}

// pleasantries are the polite phrases that open a message.
var pleasantries = phraseSet(`hope you re well|hope you are well|hope you re doing well|hope you are doing well|hope all is well|
	i hope you are well|i hope you re well|sorry to bother you|excuse me|hoop dat het goed gaat|hoop dat alles goed is|
	hoop dat het goed met je gaat|sorry dat ik stoor|sorry voor de storing`)

// phraseSet makes a set of the phrases of s, separated by "|".
func phraseSet(s string) map[string]bool {
	m := map[string]bool{}
	for _, p := range strings.Split(s, "|") {
		if ws := words(p); len(ws) > 0 {
			m[strings.Join(ws, " ")] = true
		}
	}
	return m
}

// announceRe finds the announcement of a question at the start of a
// message ("quick question about", "een vraagje over", "nog een vraag:").
var announceRe = regexp.MustCompile(`^(?:(?:i\s+have\s+|ik\s+heb\s+)?(?:a\s+|one\s+|another\s+|een\s+|nog\s+een\s+)?(?:quick|short|small|simple|snelle|korte|kleine|simpele)?\s*(?:question|vraag|vraagje)(?:\s+(?:about|on|regarding|over))?\b\s*[:,]?\s*)`)

// looseWords is how many words of their own a thanks or a question about
// Noaber may have beside the words the lists know.
const looseWords = 3

// outright returns the kind of the first word that can only thank
// ("bedankt", "thanks") or say goodbye ("doei", "bye"), unlike "top" or
// "great", which also praise or describe; "" when there is none.
func outright(ws []string) string {
	for _, w := range ws {
		switch {
		case thankWords[w]:
			return Thanks
		case byeWords[w]:
			return Bye
		}
	}
	return ""
}

// opensWithThanks reports a message whose first part (up to a comma or a
// full stop) is a thanks ("Hartelijk bedankt voor de moeite, ik …").
func opensWithThanks(low string) bool {
	first, _, _ := strings.Cut(low, ",")
	first, _, _ = strings.Cut(first, ".")
	first, _, _ = strings.Cut(first, "!")
	ws := words(first)
	if len(ws) == 0 || outright(ws) != Thanks || strings.ContainsAny(low, "0123456789") || continuesInPart(low) {
		return false // a figure after the thanks is a case, an "en …" asks on
	}
	for _, w := range ws {
		if _, ok := smallTalkWords[w]; !ok && !fillers[w] && !chatWords[w] {
			return false
		}
	}
	return true
}

// thanksFirst reports a message that opens with thanks and goes on
// without asking anything, also when it names the domain ("thanks for the
// explanation about the threshold", "bedankt! ik ga het morgen aan de
// wethouder voorleggen"): no question mark, no part that opens a question,
// no word of wanting or asking, no figures and no off-topic subject.
func thanksFirst(ws []string, low string) bool {
	i := 0
	for i < len(ws) && intensifiers[ws[i]] {
		i++
	}
	if i >= len(ws) || !thankWords[ws[i]] || strings.ContainsAny(low, "?0123456789") {
		return false
	}
	for _, w := range ws[i+1:] {
		if needWords[w] {
			return false
		}
	}
	if asksInPart(low) || continuesInPart(low) {
		return false // "bedankt, en voor werken" asks on without a question mark
	}
	return len(DefaultThesaurus.OffTopic(low)) == 0
}

// parts splits a message at its punctuation.
func parts(low string) []string {
	return strings.FieldsFunc(low, func(r rune) bool { return strings.ContainsRune(",.!;:", r) })
}

// asksInPart reports a part of a message that opens a question ("bedankt,
// hoe zit het dan met werken"), not an exclamation ("wat fijn!").
func asksInPart(low string) bool {
	for _, part := range parts(low) {
		if startsQuestion(part) && !exclaims(words(part)) {
			return true
		}
	}
	return false
}

// continuesInPart reports a part that goes on with "en", "maar", "and".
func continuesInPart(low string) bool {
	for _, part := range parts(low) {
		if pw := words(part); len(pw) > 0 && continues[pw[0]] {
			return true
		}
	}
	return false
}

// exclaims reports an exclamation that opens like a question: "wat een
// goed antwoord!", "wat handig!", "how nice", "what a great answer".
func exclaims(ws []string) bool {
	if len(ws) < 2 {
		return false
	}
	praise := func(w string) bool {
		return smallTalkWords[w] == Thanks || acks[w] || praiseWords[w]
	}
	switch ws[0] {
	case "wat":
		return ws[1] == "een" || praise(ws[1])
	case "how":
		return praise(ws[1])
	case "what":
		return ws[1] == "a" || ws[1] == "an"
	}
	return false
}

var (
	continues    = set(`en maar of and but or`)
	intensifiers = set(`heel erg hartelijk hartstikke reuze super enorm oh o many very so much big`)
	praiseWords  = set(`leuk handig mooi fijn goed lovely nice interesting interessant kind vriendelijk`)
)

// helpOnly reports a message that only asks for help ("help", "help me
// please") without saying with what.
func helpOnly(ws []string) bool {
	for _, w := range ws {
		if w == "help" || w == "helpen" || w == "hulp" {
			return true
		}
	}
	return false
}

var (
	thankWords = set(`dank bedankt dankjewel dankuwel dankje danku thanks thank thx tnx thnx ty merci appreciated appreciate cheers obliged`)
	byeWords   = set(`doei doeg doeidoei bye goodbye byebye ciao welterusten groetjes cya`)
)

// introduction recognises a greeting in which the asker introduces
// themselves without asking or wanting anything yet ("Hoi! Ik ben Fatima
// en ik zit in het bestuur van een buurtvereniging."), however much of the
// domain it names.
func introduction(ws []string, low string) bool {
	if len(ws) < 3 || len(ws) > 20 || smallTalkWords[ws[0]] != Greeting || strings.Contains(low, "?") {
		return false
	}
	joined := " " + strings.Join(ws, " ") + " "
	intro := false
	for _, p := range []string{" ik ben ", " mijn naam is ", " i m ", " i am ", " my name is ", " this is "} {
		if strings.Contains(joined, p) {
			intro = true
		}
	}
	for _, w := range ws {
		if needWords[w] {
			return false
		}
	}
	return intro
}

// needWords say the asker wants something: then it is a question.
var needWords = set(`wil willen wilt moet moeten mag mogen kan kunnen zoek zoeken vraag vragen hoe wat wanneer waarom welke
	want wants need needs must may can could looking question ask how what when why which`)

// you2 are the words that address Noaber; aboutYou what a question about
// Noaber itself asks ("wat weet jij", "can you help me", "are you a real
// person").
var (
	you2     = set(`je jij jou u you your noaber bot chatbot`)
	aboutYou = set(`weet ken kent kun kan kunt helpen help know ask chatgpt gpt llm cover covers onderwerpen onderwerp topics topic subjects
		gebruiken use persoon person mens human echt echte real robot ai gemaakt made built bouwde gebouwd bedacht
		ontwikkeld developed created oud old computer programma program spreek spreekt spreken speak engels english
		nederlands dutch taal talen language languages`)
	chatWords = set(`aan al alle als ben bent bij daar dan dat de deze die dit doe doen doet een en er even graag had heb hebben
		hebt heeft het hier hoe ik in is je jij jou jouw kan kun kunnen kunt maar me mee mij mijn met na naar nog nu of om ons
		onze ook op over u uw van veel verder voor waar waarover waarvoor wat we wel welk welke wie wij wil willen zijn zo
		nieuw keer volgende hartstikke antwoord vraag vragen iets
		a about am an and are as at be can could do does for from have i im if in is it its me my of on or our so that the
		this to was we what which who will with would new here next time later talk much answers answered
		question questions something anything have`)
)

// smallTalkWords gives each small-talk word its kind. A word listed under
// two kinds ("dag" greets and says goodbye) takes the first in this order;
// the order is a slice, not a map, so the table is the same on every build.
var smallTalkWords = buildSmallTalkWords()

func buildSmallTalkWords() map[string]string {
	m := map[string]string{}
	for _, kw := range []struct{ kind, words string }{
		{Greeting, `hoi hallo hey hi hello hee hé goedemorgen goedemiddag goedenavond goeiemorgen goeiemiddag goeienavond goeiedag morgen middag avond dag heey hoihoi yo goededag goedendag goeiendag goede goeie morning evening afternoon good day hiya howdy greetings`},
		{Thanks, `dank bedankt dankjewel dankuwel dankje thanks thank thx tnx thnx ty merci top super fijn mooi great perfect helpful nuttig handig
			duidelijk helder begrepen snap snapte clear understood got cool nice many appreciated appreciate
			awesome excellent geweldig fantastisch prachtig gaaf brilliant briljant
			cheers`}, // British thanks as much as goodbye: "cheers, that helped me out"
		{Bye, `doei doeg dag tot ziens later bye goodbye groetjes groet gr fijne avond weekend soon take care goodnight welterusten`},
		{Who, `wie who noaber`},
	} {
		for _, w := range strings.Fields(kw.words) {
			if _, dup := m[w]; !dup {
				m[w] = kw.kind
			}
		}
	}
	return m
}

var fillers = set(`wel je u heel erg veel voor de hulp help your for the very much a lot so nou oke ok okay prima goed there
	that this really helps helped helpful it is was all everyone allemaal iedereen jullie zeer echt hartelijk vriendelijk
	thnx thx ty tnx dankje dankjewel bedankt info informatie antwoord antwoorden uitleg snelle quick answer answers
	reply response ik i heb have een an vraag question questions iemand someone anybody anyone daar er nog still test testing
	hier here ben am just alleen even effe ff dat is helpt helpen me verder mate now dit het s alvast advance reactie hebt geholpen
	nee no please pls plz alsjeblieft alstublieft aub moeite trouble effort time tijd vraagje vraagjes few couple paar
	see te weten`)

// acks are words that, alone, acknowledge an answer ("ok", "prima"): a
// message of only these and fillers is thanked for.
var acks = set(`ok oke okay prima goed allright alright interessant interesting aha ah oh hoor genoeg alles lol haha hahaha`)

// emojiTalk reads a message of emoji only: a thumbs-up or a smile thanks,
// a waving hand greets.
func emojiTalk(s string) string {
	kind := ""
	for _, r := range s {
		switch {
		case r == '👋':
			kind = Greeting
		case strings.ContainsRune("👍👌🙏😊🙂😀😃😄👏💪❤♥🥰😍🤗", r):
			if kind == "" {
				kind = Thanks
			}
		case unicode.IsSpace(r) || r == '\ufe0f' || r == '!' || r == '.':
		default:
			return ""
		}
	}
	return kind
}

// byePhrases wish a good day or evening when leaving.
var byePhrases = []string{"see ya", "see u", "have a nice", "have a good", "have a great", "fijne dag", "prettige dag", "fijne avond", "fijn weekend", "prettig weekend", "see you"}

// greetingPhrases are greetings of more than one word.
var greetingPhrases = []string{"hoe gaat het", "hoe is het", "alles goed", "how are you", "how is it going", "how s it going", "what s up",
	"is daar iemand", "is er iemand", "anybody there", "anyone there", "ben je er", "are you there",
	// season's greetings, as English chat sends them
	"merry christmas", "happy christmas", "happy new year", "happy holidays", "season s greetings", "happy easter"}

// thanksPhrases thank without a word of thanks: "you're a star".
var thanksPhrases = []string{"you re a star", "you are a star", "you re the best", "you are the best", "you rock", "ta very much", "ta muchly"}

var whoTail = set(`doen do stellen ask allemaal eigenlijk me mij voor for help with met zoal precies exactly jou je u jij you
	gemaakt gebouwd bedacht ontwikkeld geschreven made built created developed`)

// whoPhrases ask what Noaber is or can do, however long the greeting
// around them.
var whoPhrases = []string{"wat kun je", "wat kan je", "wat kun jij", "wat kan jij", "wie ben je", "wie ben jij", "wat ben je",
	"wat ben jij", "wat voor vragen kan ik", "welke vragen kan ik", "wat kan ik je vragen", "wat kan ik jou vragen",
	"what can you do", "what can you", "who are you", "what are you", "what kind of questions", "what questions can i",
	"what can i ask", "how can you help", "are you a bot", "are you a robot", "are you human", "are you a human", "ben je een robot",
	"ben jij een robot", "ben je een mens", "ben jij een mens", "ben je een bot", "ben jij een bot", "wat doe je", "wat doe jij", "what do you do",
	"hoe heet je", "hoe heet jij", "who am i talking to", "who am i speaking to", "met wie spreek ik", "met wie praat ik",
	"wat is dit", "what is this", "wie heeft jou gemaakt", "ben je een chatbot", "ben jij een chatbot", "are you a chatbot",
	"are you an ai", "ben je een ai", "ben jij een ai", "hoe werkt dit", "hoe werkt het", "hoe werk je", "how does this work",
	"how does it work", "how do you work", "wat is noaber", "what is noaber", "wie is noaber", "who is noaber", "wat is je naam", "what is your name", "what s your name", "wie heeft je gemaakt", "who made you", "who built you",
	"waar kan ik je voor gebruiken", "what can i use you for", "waar ben je voor", "what are you for", "hoe kun je me helpen", "hoe kan je me helpen", "waar kun je mee helpen", "waarmee kun je helpen",
	// as English speakers ask it
	"what kind of things can you", "what sort of things can you", "what things can you", "what can you help",
	"what do you know", "which topics do you", "what topics do you", "what subjects do you", "what are you able to",
	// who made or runs Noaber
	"door wie ben je", "door wie ben jij", "wie heeft jou gebouwd", "wie heeft je gebouwd", "wie zit er achter jou", "wie zit er achter je",
	"van wie ben je", "van wie ben jij", "ben je van de overheid", "ben jij van de overheid", "ben je van de gemeente", "ben jij van de gemeente",
	"who programmed you", "who created you", "who developed you", "who wrote you", "who runs you", "who owns you", "who is behind you",
	"are you from the government", "are you run by the government", "are you from the council", "are you run by the council"}

// followUp recognises an elliptic question: it opens with "en"/"and"/"what
// about" and is short ("en voor werken?", "en als het 300.000 is?", "and
// in 2025?").
func followUp(low string) bool {
	var ws []string
	for _, w := range words(low) {
		if w[0] < '0' || w[0] > '9' {
			ws = append(ws, w)
		}
	}
	if len(ws) == 0 || len(ws) > 9 {
		return false
	}
	s := strings.Join(ws, " ")
	for _, p := range []string{"en ", "maar ", "and ", "what about", "how about", "but ", "of ", "or ", "ook ", "also "} {
		if strings.HasPrefix(s, p) {
			return true
		}
	}
	if len(ws) <= 3 && (ws[0] == "voor" || ws[0] == "for" || ws[0] == "in" || ws[0] == "bij" || ws[0] == "als" || ws[0] == "if") {
		return true
	}
	return false
}

func set(s string) map[string]bool {
	m := map[string]bool{}
	for _, w := range strings.Fields(s) {
		m[w] = true
	}
	return m
}

// fold removes diacritics.
func fold(s string) string {
	d := norm.NFD.String(s)
	var b strings.Builder
	b.Grow(len(d))
	for _, r := range d {
		if unicode.Is(unicode.Mn, r) {
			continue
		}
		b.WriteRune(r)
	}
	return b.String()
}

// Figures of the asker's case.
var (
	// an amount: "€ 80.000", "80.000 euro", "80k", "1,2 miljoen", "6500 per maand", "6,000 euros a month", "2 ton"
	amountRe = regexp.MustCompile(`(?i)(€|eur\b|euro\b)?\s*(\d{1,3}(?:[.,\s]\d{3})+|\d+(?:[.,]\d+)?)\s*(k\b|duizend|thousand|mln\b|miljoen|million|m\b|ton\b)?\s*(€|euros?\b|eur\b)?(?:\s*(?:per|p\.?|a|/|in de|in het|each|every|elke|ieder|iedere)\s*(maand|mnd|month|jaar|jr|year|yr|annum|week|kwartaal|quarter)|\s*(annually|yearly|jaarlijks|monthly|maandelijks|weekly|wekelijks|quarterly|pm\b|p\.m\.|p/m\b|pj\b|p\.j\.|p/j\b|pw\b|p\.w\.))?`)
	// a duration: "voor 4 jaar", "4 jaar lang", "looptijd van 3 jaar", "for 2 years", "18 maanden",
	// and as an adjective: "a 3-year contract", "een vierjarig contract"
	durationRe = regexp.MustCompile(`(?i)\b(\d{1,3}|twee|drie|vier|vijf|zes|two|three|four|five|six)\s*-?\s*(jaar|jaren|year|years|yrs|yr|jr|maanden|maand|mnd|months|month|mths|jarige|jarig)\b`)
	yearRe     = regexp.MustCompile(`\b(19[5-9]\d|20\d\d)\b`)
)

// Days named in a question: "24 maart 2026", "3 juli", "7 december 2026",
// "March 24, 2026" is rare in chat; "24-3-2026" and "24/03/2026".
var (
	dateRe = regexp.MustCompile(`\b(\d{1,2})(?:st|nd|rd|th|e|ste|de)?\s+(?:of\s+)?(januari|februari|maart|april|mei|juni|juli|augustus|september|oktober|november|december|january|february|march|may|june|july|august|october|jan|feb|mrt|apr|jun|jul|aug|sep|sept|okt|oct|nov|dec)\b(?:\s+(\d{4}))?`)
	// the English order, month first: "December 7, 2026", "March 24th"
	monthFirstRe = regexp.MustCompile(`\b(january|february|march|april|may|june|july|august|september|october|november|december|jan|feb|mar|apr|jun|jul|aug|sep|sept|oct|nov|dec)\.?\s+(\d{1,2})(?:st|nd|rd|th)?\b(?:,?\s+(\d{4})\b)?`)
	numDateRe    = regexp.MustCompile(`\b(\d{1,2})[-/](\d{1,2})[-/](\d{2}|\d{4})\b`)
)

// moneyWords make a question about money even without a currency sign:
// "moeten we aanbesteden bij 180.000 voor schoonmaak?", "hoeveel
// de-minimis hebben we nog als we 150.000 kregen?". Only sums written
// with thousands groups count then (see slots).
var moneyWords = []string{"aanbested", "aanbesteed", "drempel", "minimis", "steun", "subsidie", "betaal", "betaalt", "opdracht", "tender",
	"threshold", "de minimis", " aid", "grant", "pays", "paid", "contract", "waarde", "value", "begroting", "budget", "worth", "waard"}

func moneyTalk(low string) bool {
	for _, w := range moneyWords {
		if strings.Contains(low, w) {
			return true
		}
	}
	return false
}

// wordSumRe finds a sum said in words: a fraction or a small number
// word before "miljoen"/"million"/"ton".
var wordSumRe = regexp.MustCompile(`\b(?:(?:een|één|a|one)\s+)?(anderhalf|half|kwart|one and a half|half a|a quarter of a|quarter of a|quarter|een|één|twee|drie|vier|vijf|zes|zeven|acht|negen|tien|a|one|two|three|four|five|six|seven|eight|nine|ten)\s+(miljoen|million|ton)\b`)

var sumWords = map[string]string{"anderhalf": "1,5", "one and a half": "1.5", "half": "0,5", "half a": "0.5", "kwart": "0,25", "quarter": "0.25",
	"a quarter of a": "0.25", "quarter of a": "0.25", "een": "1", "één": "1", "a": "1", "one": "1", "twee": "2", "two": "2", "drie": "3", "three": "3",
	"vier": "4", "four": "4", "vijf": "5", "five": "5", "zes": "6", "six": "6", "zeven": "7", "seven": "7", "acht": "8", "eight": "8",
	"negen": "9", "nine": "9", "tien": "10", "ten": "10"}

var dutchSumWord = set(`anderhalf half kwart een één twee drie vier vijf zes zeven acht negen tien`)

// wordSum writes a sum in words as figures: "anderhalf miljoen" → "1,5
// miljoen".
func wordSum(m string) string {
	sub := wordSumRe.FindStringSubmatch(m)
	n, ok := sumWords[sub[1]]
	if !ok || sub[2] == "ton" && !dutchSumWord[sub[1]] {
		return m // "a ton of paperwork" weighs, in English
	}
	return n + " " + sub[2]
}

// chatRates are the shorthands of chat for a rate: "pm" (per maand),
// "pj" (per jaar), "pw" (per week).
var chatRates = map[string]string{"pm": "maand", "p.m.": "maand", "p/m": "maand", "pj": "jaar", "p.j.": "jaar", "p/j": "jaar", "pw": "week", "p.w.": "week"}

// rateBeforeRe finds a rate word a few words before a sum ("a yearly
// grant of"), rateAfterRe one right after it ("15.000 euro jaarlijks").
var (
	rateBeforeRe = regexp.MustCompile(`\b(yearly|annual|jaarlijkse?|monthly|maandelijkse?|weekly|wekelijkse?|(?:elk|elke|ieder|iedere|every|each)\s+(?:jaar|maand|week|kwartaal|year|month|quarter))(?:\s+[a-z]+){0,2}\s*$`)
	rateAfterRe  = regexp.MustCompile(`^\s*(annually|yearly|jaarlijks|monthly|maandelijks|weekly|wekelijks)\b`)
)

// nounRateRe finds a rate one or two words after a sum ("compensatie per
// jaar", "in rent a month"); rateGap are the words that may not stand in
// between: "€ 80.000 voor een jaar" lasts a year, it is no rate.
var (
	nounRateRe = regexp.MustCompile(`^\s*(\pL+)\s+(?:(\pL+)\s+)?(?:per|a|each|every|elke|ieder|iedere)\s+(maand|mnd|month|jaar|jr|year|yr|annum|week|kwartaal|quarter)\b`)
	rateGap    = set(`voor over in gedurende van tot en of per for during of to and from until within binnen na after the de het een an a is zijn was are be`)
)

// rateAround returns the period a rate word next to a sum gives it, Total
// when there is none.
func rateAround(before, after string) Per {
	w := ""
	if m := rateBeforeRe.FindStringSubmatch(before); m != nil {
		w = m[1]
	} else if m := rateAfterRe.FindStringSubmatch(after); m != nil {
		w = m[1]
	} else if m := nounRateRe.FindStringSubmatch(after); m != nil && !rateGap[m[1]] && !rateGap[m[2]] {
		// "€ 280.000 compensatie per jaar", "€5,000 rent a month": the
		// rate is the sum's, a noun between them says what it pays for
		w = m[3]
	}
	if i := strings.LastIndexByte(w, ' '); i >= 0 {
		// "elk jaar", "every month": the unit
		w = map[string]string{"jaar": "yearly", "year": "yearly", "maand": "monthly", "month": "monthly", "week": "weekly", "kwartaal": "kwartaal", "quarter": "quarter"}[w[i+1:]]
	}
	switch {
	case w == "":
		return Total
	case strings.HasPrefix(w, "m"):
		return Month
	case strings.HasPrefix(w, "we"):
		return Week
	case w == "kwartaal" || w == "quarter":
		return Quarter
	}
	return Year
}

// countFollows reports a number that counts people or things, not money:
// "40.000 inwoners".
func countFollows(rest string) bool {
	ws := strings.Fields(rest)
	return len(ws) > 0 && countWords[strings.Trim(ws[0], ".,;:!?")]
}

var countWords = set(`inwoners bewoners mensen leden deelnemers huishoudens woningen uur uren km kilometer m2 vierkante
	residents inhabitants people members participants households homes hours square`)

// yearCurrencyRe finds a year directly followed by a currency sign.
var yearCurrencyRe = regexp.MustCompile(`\b((?:19[5-9]|20\d)\d)\s*(€|eur\b|euro\b)`)

// monthYearRe finds a year, with the month before it when named.
var monthYearRe = regexp.MustCompile(`(?:\b(januari|februari|maart|april|mei|juni|juli|augustus|september|oktober|november|december|january|february|march|may|june|july|august|october)\s+)?\b((?:19[5-9]|20\d)\d)\b`)

// dateNear returns the year (and month) that dates the amount at
// low[start:end]: one right before it ("in 2024 € 120.000", "in 2024:
// 100.000"), else the first one after it in the same sentence, before the
// next sum ("€ 120.000 de-minimissteun in maart 2024", "150k in 2023 and
// 120k in 2025"). A year before the sum with other words between them
// ("in 2023 and 120k") dates the sum before it, not this one; a year a
// few words before it in the same clause dates it when nothing after does
// ("in 2022 kregen we 180.000 euro").
func dateNear(low string, start, end int) (year, month int) {
	if m := yearBeforeRe.FindStringSubmatch(low[max(0, start-30):start]); m != nil {
		y, _ := strconv.Atoi(m[2])
		return y, monthNumber[m[1]]
	}
	after := low[end:]
	if i := strings.IndexAny(after, ".?!;\n"); i >= 0 && !(after[i] == '.' && i+1 < len(after) && after[i+1] >= '0' && after[i+1] <= '9') {
		after = after[:i]
	}
	if loc := nextSumRe.FindStringIndex(after); loc != nil {
		after = after[:loc[0]]
	}
	if m := monthYearRe.FindStringSubmatchIndex(after); m != nil && m[0] < 60 {
		y, _ := strconv.Atoi(after[m[4]:m[5]])
		mon := 0
		if m[2] >= 0 {
			mon = monthNumber[after[m[2]:m[3]]]
		}
		return y, mon
	}
	// "in 2022 kregen we 180.000 euro": a year a few words before, in the
	// same clause ("in 2023 and 120k" is not)
	before := low[max(0, start-20):start]
	if ms := monthYearRe.FindAllStringSubmatchIndex(before, -1); len(ms) > 0 {
		m := ms[len(ms)-1]
		if between := before[m[1]:]; !clauseBreakRe.MatchString(between) {
			y, _ := strconv.Atoi(before[m[4]:m[5]])
			mon := 0
			if m[2] >= 0 {
				mon = monthNumber[before[m[2]:m[3]]]
			}
			return y, mon
		}
	}
	return 0, 0
}

// clauseBreakRe finds what ends a clause between a year and a sum.
var clauseBreakRe = regexp.MustCompile(`[,;:.]|\b(?:en|and|maar|but|of|or)\b`)

// yearBeforeRe finds a year that stands right before a sum, as its date:
// "in 2024 ", "in maart 2024: ", "2024 ; €" (see yearCurrencyRe).
// nextSumRe finds the next sum after one: a currency sign or a number in
// thousands.
var (
	yearBeforeRe = regexp.MustCompile(`(?:\b(januari|februari|maart|april|mei|juni|juli|augustus|september|oktober|november|december|january|february|march|may|june|july|august|october)\s+)?\b((?:19[5-9]|20\d)\d)\s*[:;,]?\s*(?:€|eur\b|euro\b)?\s*$`)
	nextSumRe    = regexp.MustCompile(`€|\b\d{1,3}(?:[.,]\d{3})+\b|\b\d+(?:[.,]\d+)?\s*(?:k|duizend|thousand|mln|miljoen|million|ton)\b`)
)

var monthNumber = map[string]int{
	"januari": 1, "january": 1, "jan": 1, "februari": 2, "february": 2, "feb": 2, "maart": 3, "march": 3, "mrt": 3, "mar": 3,
	"april": 4, "apr": 4, "mei": 5, "may": 5, "juni": 6, "june": 6, "jun": 6, "juli": 7, "july": 7, "jul": 7,
	"augustus": 8, "august": 8, "aug": 8, "september": 9, "sep": 9, "sept": 9, "oktober": 10, "october": 10, "okt": 10, "oct": 10,
	"november": 11, "nov": 11, "december": 12, "dec": 12,
}

var numberWords = map[string]int{"twee": 2, "drie": 3, "vier": 4, "vijf": 5, "zes": 6, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6}

// articleBeforeRe finds the word that makes the number after it an
// article of a law: "artikel 2.170", "art. 2.82a", "article 1.4".
var articleBeforeRe = regexp.MustCompile(`\b(?:artikel|artikelen|art\.?|article|articles)\s*$`)

func slots(low string) Slots {
	var s Slots
	for _, m := range yearRe.FindAllStringSubmatch(low, -1) {
		y, _ := strconv.Atoi(m[1])
		s.Years = append(s.Years, y)
	}
	for _, m := range durationRe.FindAllStringSubmatchIndex(low, -1) {
		numTxt := low[m[2]:m[3]]
		n, err := strconv.Atoi(numTxt)
		if err != nil {
			n = numberWords[numTxt]
		}
		// "per jaar"/"per maand" is a rate, not a duration
		pre := strings.TrimSpace(low[max(0, m[0]-6):m[0]])
		if strings.HasSuffix(pre, "per") || strings.HasSuffix(pre, "/") || strings.HasSuffix(pre, "elk") {
			continue
		}
		unit := low[m[4]:m[5]]
		if strings.HasPrefix(unit, "maand") || strings.HasPrefix(unit, "month") || unit == "mnd" || unit == "mths" {
			s.Months = n
		} else {
			s.Months = 12 * n
		}
	}
	// "in 2024 € 120.000": the currency sign belongs to the sum after
	// the year, not to the year.
	low = yearCurrencyRe.ReplaceAllString(low, "$1 ; $2")
	// "een half miljoen", "anderhalf miljoen", "twee ton", "half a
	// million": sums in words, as figures
	low = wordSumRe.ReplaceAllStringFunc(spelledSums(low), wordSum)
	money := strings.Contains(low, "€") || strings.Contains(low, "euro") || strings.Contains(low, "eur ") || moneyTalk(low)
	for _, ix := range amountRe.FindAllStringSubmatchIndex(low, -1) {
		m := make([]string, len(ix)/2)
		for i := range m {
			if ix[2*i] >= 0 {
				m[i] = low[ix[2*i]:ix[2*i+1]]
			}
		}
		cur := m[1] != "" || m[4] != "" || m[5] != "" || m[6] != ""
		mult := m[3]
		around := rateAround(low[max(0, ix[0]-30):ix[0]], low[ix[1]:min(len(low), ix[1]+40)])
		rate := (m[5] != "" || around != Total) && !countFollows(low[ix[1]:]) // "3000 a month" is a sum
		if mult == "ton" && !cur && !money && !fundingRe.MatchString(low) {
			continue // "2 ton zand" weighs, it costs nothing
		}
		if !cur && mult == "" && articleBeforeRe.MatchString(low[max(0, ix[0]-12):ix[0]]) {
			continue // "artikel 2.170", "art. 1.4": an article, not a sum
		}
		if !cur && mult == "" && !rate && !(money && thousandsRe.MatchString(m[2]) && !countFollows(low[ix[1]:])) {
			// a bare number: a count, a year or an article, not money —
			// unless the question speaks of euros and it is written as
			// one ("een opdracht van 500.000 euro, een perceel van 70.000")
			continue
		}
		v, ok := parseNumber(m[2])
		if !ok {
			continue
		}
		switch mult {
		case "k", "duizend", "thousand":
			v *= 1e3
		case "mln", "miljoen", "million", "m":
			v *= 1e6
		case "ton": // "2 ton": Dutch for € 200.000
			v *= 1e5
		}
		if !cur && v < 1000 {
			continue
		}
		if _, chat := chatRates[m[6]]; chat && m[1] == "" && m[4] == "" && mult == "" && v < 1000 {
			continue // "3 pm" is a time of day
		}
		a := Amount{Value: v, Per: Total}
		per := m[5] + m[6]
		if p, ok := chatRates[per]; ok {
			// chat shorthand: "3500 pm", "60k p.j."
			per = p
		}
		switch {
		case strings.HasPrefix(per, "m"):
			a.Per = Month
		case per == "week" || strings.HasPrefix(per, "we"):
			a.Per = Week
		case strings.HasPrefix(per, "kwartaal") || strings.HasPrefix(per, "quarter"):
			a.Per = Quarter
		case per != "":
			a.Per = Year
		default:
			// "a yearly grant of 15,000 euros", "15.000 euro jaarlijks"
			a.Per = around
		}
		a.Year, a.Month = dateNear(low, ix[0], ix[1])
		s.Amounts = append(s.Amounts, a)
	}
	s.StaffPart, s.StaffWhole, s.StaffPercent = staffShare(low)
	for _, m := range dateRe.FindAllStringSubmatch(low, -1) {
		d, _ := strconv.Atoi(m[1])
		mon := monthNumber[m[2]]
		y := 0
		if m[3] != "" {
			y, _ = strconv.Atoi(m[3])
		}
		if d >= 1 && d <= 31 && mon > 0 {
			s.Dates = append(s.Dates, Day{Year: y, Month: mon, Day: d})
		}
	}
	for _, m := range monthFirstRe.FindAllStringSubmatch(low, -1) {
		// "December 7, 2026", "on March 24th"
		d, _ := strconv.Atoi(m[2])
		y := 0
		if m[3] != "" {
			y, _ = strconv.Atoi(m[3])
		}
		if mon := monthNumber[m[1]]; d >= 1 && d <= 31 && mon > 0 {
			s.Dates = append(s.Dates, Day{Year: y, Month: mon, Day: d})
		}
	}
	for _, m := range numDateRe.FindAllStringSubmatch(low, -1) {
		d, _ := strconv.Atoi(m[1])
		mon, _ := strconv.Atoi(m[2])
		y, _ := strconv.Atoi(m[3])
		if y < 100 {
			y += 2000
		}
		if d >= 1 && d <= 31 && mon >= 1 && mon <= 12 {
			s.Dates = append(s.Dates, Day{Year: y, Month: mon, Day: d})
		}
	}
	for _, p := range []string{"onbepaalde tijd", "onbepaalde looptijd", "looptijd onbepaald", "duur onbepaald", "geen einddatum", "zonder einddatum", "geen eind", "no end date", "without an end date", "indefinite", "open-ended", "open ended", "no fixed term"} {
		if strings.Contains(low, p) {
			s.Indefinite = true
		}
	}
	ws := words(low)
	for _, w := range ws {
		if o, ok := orgOf(w); ok && s.Org == "" {
			s.Org = o
		}
		if a, ok := authorityWords[w]; ok && s.Authority == "" {
			s.Authority = a
		}
	}
	joined := " " + strings.Join(ws, " ") + " "
	if s.Authority == "" && centralAuthority(joined) {
		s.Authority = "rijk"
	}
	s.Kind = kindIn(ws)
	if s.Kind != "" {
		s.Kind = kindAskedFor(low, s.Kind)
	}
	return s
}

// kindIn is the kind of contract words name: the first word of a kind
// that is no verb of the asker's own work nor a place of care, or a
// social service named in several words, which wins.
func kindIn(ws []string) string {
	kind := ""
	for i, w := range ws {
		if k, ok := kindOf(w); ok && !workVerb(ws, i) && !carePlace(ws, i) {
			kind = k
			break
		}
	}
	joined := " " + strings.Join(ws, " ") + " "
	for _, p := range socialServicePhrases {
		if namesService(joined, p) {
			return "sociale_diensten"
		}
	}
	return kind
}

// socialServicePhrases name social services (Annex XIV of Dir.
// 2014/24), as kindIn reads them between spaces.
var socialServicePhrases = []string{" sociale diensten ", " sociaal domein ", " social services ", " zorg en welzijn ", " welzijnswerk ",
	// one social service, or one named by what it is (Annex XIV of
	// Dir. 2014/24: health and social services)
	" sociale dienst ", " social service ", " bijlage xiv ", " annex xiv ", " dagbesteding ", " jeugdhulp ", " thuisbegeleiding ",
	" thuisondersteuning ", " huishoudelijke hulp ", " huishoudelijke ondersteuning ", " home support ", " day care ", " youth care ",
	// the abbreviation, also as chat writes it ("sas-diensten"), and
	// the social domain in a word with a hyphen
	" sas ", " sasdiensten ", " sas services ", " sociaal maatschappelijke diensten ", " maatschappelijke dienstverlening "}

// carePlace reports "care" at ws[i] naming a place or a customer ("we do
// the laundry for care homes"), or in "take care of" ("we take care of
// the parks"), not care as the service contracted.
func carePlace(ws []string, i int) bool {
	return ws[i] == "care" && i+1 < len(ws) && (carePlaces[ws[i+1]] || ws[i+1] == "of")
}

// namesService reports phrase p (" day care ", with spaces) in joined as
// the service contracted: not as the name of a place or of the asker's
// own organisation ("we run a day care centre and the council wants us
// to clean its offices").
func namesService(joined, p string) bool {
	for from := 0; ; {
		i := strings.Index(joined[from:], p)
		if i < 0 {
			return false
		}
		end := from + i + len(p)
		next, _, _ := strings.Cut(joined[end:], " ")
		if !carePlaces[next] {
			return true
		}
		from = end - 1
	}
}

var carePlaces = set(`home homes facility facilities institution institutions centre centres center centers organisation organization provider providers`)

// workVerb reports "werk"/"werken" at ws[i] used as a verb, about the
// asker and not a kind of contract: "ik werk bij een ministerie", "wij
// werken voor de gemeente", "we work with volunteers".
func workVerb(ws []string, i int) bool {
	switch ws[i] {
	case "werk", "werken", "werkt", "work", "works", "working":
	default:
		return false
	}
	if i > 0 && workSubjects[ws[i-1]] {
		return true
	}
	return i+1 < len(ws) && workPreps[ws[i+1]] && ws[i] != "werken" && ws[i] != "works"
}

var (
	workSubjects = set(`ik wij we jij je u zij ze hij men i you they he she who wie die`)
	workPreps    = set(`bij voor als samen at for as with`)
)

var kindWords = map[string]string{
	"werken": "werken", "werk": "werken", "bouw": "werken", "bouwen": "werken", "bouwproject": "werken", "verbouwing": "werken", "renovatie": "werken", "works": "werken", "construction": "werken", "building": "werken",
	"leveringen": "leveringen", "levering": "leveringen", "spullen": "leveringen", "supplies": "leveringen", "goods": "leveringen",
	"dienstenopdracht": "diensten", "leveringsopdracht": "leveringen", "bouwopdracht": "werken",
	"diensten": "diensten", "dienst": "diensten", "dienstverlening": "diensten", "services": "diensten", "service": "diensten", "groenonderhoud": "diensten", "schoonmaak": "diensten", "maintenance": "diensten", "maintain": "diensten", "onderhouden": "diensten", "schoonhouden": "diensten", "cleaning": "diensten", "onderhoud": "diensten", "beheer": "diensten", "catering": "diensten", "advies": "diensten", "consultancy": "diensten",
	"welzijnswerk": "sociale_diensten", "jongerenwerk": "sociale_diensten", "jeugdwerk": "sociale_diensten", "buurtwerk": "sociale_diensten", "opbouwwerk": "sociale_diensten", "ouderenwerk": "sociale_diensten",
	"repareren": "diensten", "schoon": "diensten", "reparatie": "diensten", "repair": "diensten", "repairs": "diensten", "schoonmaken": "diensten", "clean": "diensten",
	"meubilair": "leveringen", "meubels": "leveringen", "furniture": "leveringen", "apparatuur": "leveringen", "equipment": "leveringen",
	"laptops": "leveringen", "computers": "leveringen", "voertuigen": "leveringen", "vehicles": "leveringen",
	"mow": "diensten", "mowing": "diensten", "maaien": "diensten",
	"welzijn": "sociale_diensten", "zorg": "sociale_diensten", "jeugdzorg": "sociale_diensten", "wmo": "sociale_diensten", "welfare": "sociale_diensten", "care": "sociale_diensten",
}

// replaceAmounts gives the sums of a follow-up's case. One new sum after a
// question with several replaces the one it names: "en als dat perceel
// 90.000 is?" the lot (a smaller sum), "en als de opdracht 1 miljoen is?"
// the whole (the largest), and a sum that names nothing the last one;
// otherwise the new sums are the case's.
func replaceAmounts(prev []Amount, next Query) []Amount {
	if len(prev) > 0 && len(next.Slots.Amounts) == 1 && next.Slots.Amounts[0].Year != 0 && earlierAid(next.Text) {
		// "and if we got €100,000 in 2025?" after aid asked about now:
		// earlier aid beside it, not instead of it
		return append(append([]Amount(nil), prev...), next.Slots.Amounts...)
	}
	if len(prev) < 2 || len(next.Slots.Amounts) != 1 {
		return next.Slots.Amounts
	}
	low := " " + strings.Join(words(next.Text), " ") + " "
	largest := 0
	for i, a := range prev {
		if a.Value > prev[largest].Value {
			largest = i
		}
	}
	part := strings.Contains(low, " perceel ") || strings.Contains(low, " lot ") || strings.Contains(low, " kavel ")
	whole := strings.Contains(low, " opdracht ") || strings.Contains(low, " contract ") || strings.Contains(low, " totaal ") || strings.Contains(low, " total ")
	if part && whole {
		return next.Slots.Amounts
	}
	if !part && !whole {
		// "en als het 200.000 is?": the sum asked about, which a
		// question names last (the new aid after the earlier grants,
		// the lot after the whole contract)
		out := append([]Amount(nil), prev...)
		out[len(out)-1] = next.Slots.Amounts[0]
		return out
	}
	out := append([]Amount(nil), prev...)
	for i := range out {
		if (i == largest) == whole {
			out[i] = next.Slots.Amounts[0]
			if part {
				break // the first smaller sum is the lot
			}
		}
	}
	return out
}

// earlierAid reports a follow-up that gives aid received before: "en als
// we in 2024 ook 100.000 kregen?", "what if we got €100,000 in 2025?".
func earlierAid(text string) bool {
	for _, w := range words(fold(strings.ToLower(text))) {
		if receivedWords[w] {
			return true
		}
	}
	return false
}

var receivedWords = set(`kregen kreeg gekregen ontvingen ontving ontvangen toegekend hadden had got received had granted awarded`)

// kindOf returns the kind of contract a word names, also as the end of a
// Dutch compound: "schoonmaakdiensten", "bouwwerkzaamheden", "onderhoudswerken".
func kindOf(w string) (string, bool) {
	if k, ok := kindWords[w]; ok {
		return k, true
	}
	for _, suf := range kindSuffixes {
		if strings.HasSuffix(w, suf.end) {
			return suf.kind, true
		}
	}
	return "", false
}

var kindSuffixes = []struct{ end, kind string }{
	{"diensten", "diensten"}, {"dienstverlening", "diensten"}, {"bouwwerkzaamheden", "werken"}, {"bouwwerk", "werken"},
	{"bouwwerken", "werken"}, {"onderhoudswerken", "werken"}, {"grondwerk", "werken"}, {"leveringen", "leveringen"},
	{"beheer", "diensten"}, {"onderhoud", "diensten"}, {"schoonmaak", "diensten"},
}

var orgWords = map[string]string{
	"stichting": "stichting", "foundation": "stichting",
	"vereniging": "vereniging", "association": "vereniging",
	"bv": "bv", "besloten": "bv", "company": "bv",
	"cooperatie": "cooperatie", "cooperative": "cooperatie", "coop": "cooperatie",
}

// SlotWord reports a word that only gives a fact of the asker's case: a
// kind of contract, a legal form, who awards, a unit of time, a month or
// a word for the term or the awarding party. A follow-up made of such
// words (and figures) changes the case and asks nothing new.
func SlotWord(w string) bool {
	w = fold(strings.ToLower(w))
	if _, ok := kindOf(w); ok {
		return true
	}
	if _, ok := orgOf(w); ok {
		return true
	}
	if _, ok := authorityWords[w]; ok {
		return true
	}
	if _, ok := monthNumber[w]; ok {
		return true
	}
	if _, ok := numberWords[w]; ok {
		return true
	}
	return caseWords[w]
}

var caseWords = set(`jaar jaren maand maanden week weken dag dagen year years month months weeks days opdrachtgever aanbesteder
	looptijd loopt lopen duurt duren runs run lasts last term einddatum end date onbepaalde tijd indefinite
	provincie provincies waterschap waterschappen province water board central government state`)

// orgOf returns the legal form a word names, also as the end of a Dutch
// compound: "buurtvereniging", "zorgcooperatie", "bewonersstichting".
func orgOf(w string) (string, bool) {
	if o, ok := orgWords[w]; ok {
		return o, true
	}
	for _, end := range []string{"vereniging", "stichting", "cooperatie"} {
		if len(w) > len(end)+2 && strings.HasSuffix(w, end) {
			return orgWords[end], true
		}
	}
	return "", false
}

// LegalForms returns the legal forms text names (stichting, vereniging,
// bv, cooperatie), each once, in the order named.
func LegalForms(text string) []string {
	var out []string
	for _, w := range words(text) {
		if o, ok := orgOf(w); ok && !slices.Contains(out, o) {
			out = append(out, o)
		}
	}
	return out
}

var authorityWords = map[string]string{
	"gemeente": "gemeente", "gemeenten": "gemeente", "municipality": "gemeente", "council": "gemeente", "provincie": "gemeente", "waterschap": "gemeente",
	"rijk": "rijk", "rijksoverheid": "rijk", "ministerie": "rijk", "ministry": "rijk",
	"province": "gemeente", "provinces": "gemeente", "city": "gemeente", "town": "gemeente", "stad": "gemeente", "provincies": "gemeente", "waterschappen": "gemeente", "ministries": "rijk",
}

// centralAuthority reports central government named in more than one
// word ("and for central government?", "de centrale overheid"); joined
// is the question's words between spaces.
func centralAuthority(joined string) bool {
	for _, p := range []string{" central government ", " central authorities ", " national government ", " centrale overheid ", " centrale overheden ", " de staat "} {
		if strings.Contains(joined, p) {
			return true
		}
	}
	return false
}

// fundingRe finds words that say money changes hands, for "ton" (Dutch
// for € 100.000) without a currency: "de gemeente betaalt ons 2 ton".
var fundingRe = regexp.MustCompile(`\b(betaal|betaalt|betalen|krijg|krijgen|krijgt|subsidie|geeft|geven|budget|opdracht|contract|waarde|pays?|paid|worth|grant)\b`)

var thousandsRe = regexp.MustCompile(`^\d{1,3}([.,]\d{3})+$`)

// parseNumber reads "80.000", "80,000", "1,2", "6500", "1.5".
func parseNumber(s string) (float64, bool) {
	s = strings.ReplaceAll(s, " ", "")
	// thousands groups: "80.000", "1.200.000", "80,000"
	if thousandsRe.MatchString(s) {
		s = strings.NewReplacer(".", "", ",", "").Replace(s)
	} else {
		s = strings.ReplaceAll(s, ",", ".")
	}
	v, err := strconv.ParseFloat(s, 64)
	return v, err == nil
}

// searchText is the part of a text that is searched: without the case's
// figures and without the connecting phrases of formal Dutch ("op grond
// van", "met betrekking tot"), whose nouns ("grond", "betrekking") are no
// subject of the question.
func searchText(s string) string {
	return strings.Join(strings.Fields(formalPhraseRe.ReplaceAllString(stripFigures(stripTranslateFrame(s)), " ")), " ")
}

// translateFrameRe finds the frame of a question about what a term is
// called in the other language: "what is a 'vooraankondiging' called in
// English?", "what does DAEB stand for?", "hoe heet het uitdaagrecht in het
// Engels?". Its words name no subject — the term does — yet "English" or
// "stand" would weigh like a rare term of the question.
var translateFrameRe = regexp.MustCompile(`(?i)\b(?:called|named|known\s+as|translated)\s+in\s+(?:english|dutch)\b|\bstands?\s+for\b|\bstaat\s+voor\b|` +
	`\bin\s+(?:english|dutch|het\s+engels|het\s+nederlands)\s*[?.!]*\s*$|` +
	`\b(?:english|dutch|engelse|nederlandse)\s+(?:term|word|name|translation|woord|naam|vertaling)\s+(?:for|of|voor|van)\b|\bthe\s+(?:english|dutch)\s+for\b|` +
	`\bhoe\s+(?:heet|noem\s+je|noemt\s+men|zeg\s+je)\b`)

// translateHints are substrings of every match of translateFrameRe, to
// skip it cheaply.
var translateHints = []string{"english", "dutch", "engels", "nederlands", "stand", "staat voor", "hoe"}

// languageWordRe finds the language named beside the term in such a
// question ("the Dutch uitdaagrecht").
var languageWordRe = regexp.MustCompile(`(?i)\b(?:dutch|english|nederlandse|engelse)\b`)

// stripTranslateFrame removes the frame of a question about a term's name
// in the other language, and the language it names, so that the term is
// what is searched for; any other text is returned as it is.
func stripTranslateFrame(s string) string {
	if !containsAnyOf(strings.ToLower(s), translateHints) || !translateFrameRe.MatchString(s) {
		return s
	}
	return languageWordRe.ReplaceAllString(translateFrameRe.ReplaceAllString(s, " "), " ")
}

// formalPhraseRe finds the connecting phrases of formal Dutch.
var formalPhraseRe = regexp.MustCompile(`(?i)\b(?:op grond van|in het kader van|ten aanzien van|met betrekking tot|naar aanleiding van|ter zake van|in de zin van|aan te merken|op basis van|ten behoeve van|in verband met|met inachtneming van|met het oog op)\b`)

// stripFigures removes the case's figures from a text to search: amounts,
// durations and bare large numbers. Years stay (they choose a period), and
// so do article numbers ("2.82", "4:17").
func stripFigures(s string) string {
	var b strings.Builder
	last := 0
	for _, ix := range amountRe.FindAllStringSubmatchIndex(s, -1) {
		b.WriteString(s[last:ix[0]])
		last = ix[1]
		if ix[2] < 0 && ix[6] < 0 && ix[8] < 0 {
			num := s[ix[4]:ix[5]]
			v, ok := parseNumber(num)
			if !ok || v < 1000 || yearRe.MatchString(num) || lawArticleAt(s, ix[4], ix[5]) {
				b.WriteString(s[ix[0]:ix[1]])
				continue
			}
		}
		b.WriteString(" ")
	}
	b.WriteString(s[last:])
	out := durationRe.ReplaceAllString(b.String(), " ")
	return strings.Join(strings.Fields(out), " ")
}

// lawArticleAt reports that the number at s[start:end] is an article of a
// law, not a sum: "art. 2.127", "artikel 2.163", "article 1.20", "2.127
// Aw", "Awb 4.13". Written with a point it reads as thousands ("2.127" as
// 2127) and would be taken out of the text to search as a figure of the
// case, though it is what the question asks about.
func lawArticleAt(s string, start, end int) bool {
	return lawBeforeRe.MatchString(s[max(0, start-16):start]) || lawAfterRe.MatchString(s[end:min(len(s), end+20)])
}

var (
	lawBeforeRe = regexp.MustCompile(`(?i)\b(?:artikel|artikelen|art\.?|article|articles|aw|awb|atw)\s*$`)
	lawAfterRe  = regexp.MustCompile(`(?i)^[a-z]?\s*(?:aw|awb|atw|aanbestedingswet|gemeentewet|procurement act)\b`)
)

// Merge reads an elliptic follow-up against the question before it: "en
// voor werken?" after "wat is de drempel voor diensten?" is the drempel
// question for works. What the follow-up names (a kind of contract, a
// year, an amount, a duration) replaces the same slot of the previous
// question; the rest of the previous question stays.
func Merge(prev, next Query) Query {
	if len(next.Slots.Amounts) == 0 && (len(prev.Slots.Amounts) > 0 || moneyTalk(fold(strings.ToLower(prev.Text)))) {
		// "en als het 300.000 is?" after a case: a bare sum is the case's
		// new value.
		// "en als het twee ton is?", "and if it's two hundred
		// thousand?": a sum in words too
		low := wordSumRe.ReplaceAllStringFunc(spelledSums(fold(strings.ToLower(next.Text))), wordSum)
		for _, ix := range amountRe.FindAllStringSubmatchIndex(low, -1) {
			num := low[ix[4]:ix[5]]
			v, ok := parseNumber(num)
			if ok && ix[6] >= 0 {
				v *= map[string]float64{"k": 1e3, "duizend": 1e3, "thousand": 1e3, "mln": 1e6, "miljoen": 1e6, "million": 1e6, "m": 1e6, "ton": 1e5}[low[ix[6]:ix[7]]]
			}
			if ok && v >= 1000 && !yearRe.MatchString(num) {
				// dated like any sum: "en als we in 2024 ook
				// 200.000 kregen?"
				a := Amount{Value: v, Per: Total}
				a.Year, a.Month = dateNear(low, ix[0], ix[1])
				next.Slots.Amounts = []Amount{a}
				break
			}
		}
	}
	text := prev.Text
	if next.Slots.Kind != "" {
		text = replaceWords(text, func(w string) bool { _, ok := kindWords[w]; return ok || w == "sociale" || w == "social" })
	}
	if next.Slots.Org != "" {
		// "Wat is een stichting?" — "en een vereniging?"; what the
		// sentence said of the old legal form goes with it: "een
		// vereniging zonder notariële akte" — "en bij een stichting?"
		text = dropQualified(text, func(w string) bool { _, ok := orgOf(w); return ok })
	}
	if next.Slots.Authority != "" {
		// "de drempel voor diensten van gemeenten" — "en voor het rijk?"
		text = replaceWords(text, func(w string) bool { _, ok := authorityWords[w]; return ok })
	}
	if len(next.Slots.Years) > 0 {
		// a date something is from ("onze GVA is van april 2025") stays:
		// "en in juni 2027?" asks about another moment, not another
		// origin
		text = replaceOutside(text, originRe, func(part string) string { return yearRe.ReplaceAllString(part, " ") })
	}
	if len(next.Slots.Amounts) > 0 {
		text = amountRe.ReplaceAllStringFunc(text, func(m string) string {
			sub := amountRe.FindStringSubmatch(m)
			if sub[1] == "" && sub[3] == "" && sub[4] == "" {
				return m
			}
			return " "
		})
	}
	if len(next.Slots.Dates) > 0 {
		text = dateRe.ReplaceAllString(text, " ")
		text = monthFirstRe.ReplaceAllString(text, " ")
		text = numDateRe.ReplaceAllString(text, " ")
	}
	if next.Slots.Months > 0 || next.Slots.Indefinite {
		text = durationRe.ReplaceAllString(text, " ")
	}
	// "and above the thresholds?" after "… below the thresholds?": the
	// follow-up's side replaces the other
	nextWords := set(strings.Join(words(fold(strings.ToLower(next.Text))), " "))
	for _, ab := range opposites {
		for _, p := range [][2]string{ab, {ab[1], ab[0]}} {
			if nextWords[p[0]] && !nextWords[p[1]] {
				text = replaceWords(text, func(w string) bool { return w == p[1] })
			}
		}
	}
	rest := strings.TrimSpace(next.Text)
	for _, p := range []string{"en ", "maar ", "and ", "what about ", "how about ", "but ", "ook ", "also ", "En ", "Maar ", "And ", "What about ", "How about ", "But ", "Ook ", "Also "} {
		if r, ok := strings.CutPrefix(rest, p); ok {
			rest = r
			break
		}
	}
	if asksOfIt(next.Text) {
		// "en geldt die ook bij een nationale aanbesteding?" after "hoe
		// lang is de Alcatel-termijn?": what it asks of "die" is its
		// own question about the subject before, not how long it is
		text = withoutFrame(text)
	}
	merged := strings.Join(strings.Fields(strings.TrimRight(strings.TrimSpace(text), "?")+" "+rest), " ")
	q := Parse(merged, prev.Lang)
	s := prev.Slots
	if next.Slots.Kind != "" {
		s.Kind = next.Slots.Kind
	}
	if len(next.Slots.Years) > 0 {
		s.Years = next.Slots.Years
	}
	if len(next.Slots.Amounts) > 0 {
		s.Amounts = replaceAmounts(prev.Slots.Amounts, next)
	} else if len(next.Slots.Years) > 0 {
		// "en als we wachten tot na maart 2027?": the latest sum then
		if moved, ok := movedLatest(prev.Slots.Amounts, fold(strings.ToLower(next.Text))); ok {
			s.Amounts = moved
		}
	}
	if next.Slots.Months > 0 {
		s.Months, s.Indefinite = next.Slots.Months, false
	}
	if next.Slots.Indefinite {
		s.Months, s.Indefinite = 0, true
	}
	if next.Slots.Org != "" {
		s.Org = next.Slots.Org
	}
	if len(next.Slots.Dates) > 0 {
		s.Dates = nearDates(next.Slots.Dates, prev.Slots.Dates)
	}
	if next.Slots.Authority != "" {
		s.Authority = next.Slots.Authority
	}
	if next.Slots.StaffPercent > 0 {
		s.StaffPart, s.StaffWhole, s.StaffPercent = next.Slots.StaffPart, next.Slots.StaffWhole, next.Slots.StaffPercent
	} else if s.StaffPercent > 0 || staffTalkRe.MatchString(fold(strings.ToLower(prev.Text))) {
		// "en als het er 7 zijn?", "en als het 35% is?": a new share of
		// the staff of the case before
		s.StaffPart, s.StaffWhole, s.StaffPercent = newShare(fold(strings.ToLower(next.Text)), s)
	}
	q.Slots = s
	if q.Type == Other {
		q.Type = prev.Type
	}
	if t := ownQuestionType(next.Text); t != Other {
		// "en geldt die ook bij een meervoudig onderhandse
		// aanbesteding?" after "hoe lang is de Alcatel-termijn?" asks
		// yes or no about the subject before, not how long it is
		q.Type = t
	}
	q.FollowUp = false
	return q
}

// asksOfIt reports a follow-up that asks yes or no of the subject before,
// named by a pronoun right after its verb: "en geldt die ook …?", "maar
// mag dat dan …?", "and does it also apply …?".
func asksOfIt(text string) bool {
	ws := words(fold(strings.ToLower(text)))
	for len(ws) > 0 && (ws[0] == "en" || ws[0] == "maar" || ws[0] == "and" || ws[0] == "but") {
		ws = ws[1:]
	}
	if len(ws) < 3 || !yesNoOpeners[ws[0]] && !enYesNoOpeners[ws[0]] {
		return false
	}
	return itWords[ws[1]]
}

var (
	enYesNoOpeners = set(`does do is are can may must should would will`)
	itWords        = set(`die deze dat dit het hij ze it that this they those these`)
	// askFrameWords open a question with what it asks: "hoe lang is",
	// "hoeveel dagen duurt", "what is", "how long does".
	askFrameWords = set(`hoe lang hoelang hoeveel hoog veel wat welke welk wanneer waarom is zijn duurt duren bedraagt bedragen
		dagen weken maanden jaar how long much many what which when why is are does do lasts last days weeks months`)
)

// withoutFrame returns a question without the words that open it with
// what it asks ("Hoe lang is de Alcatel-termijn?" → "de Alcatel-termijn?"),
// its subject and the rest. A question that is nothing but its frame is
// returned as it is.
func withoutFrame(text string) string {
	fs := strings.Fields(text)
	i := 0
	for i < len(fs) && askFrameWords[strings.Trim(fold(strings.ToLower(fs[i])), ".,;:!?")] {
		i++
	}
	if i == 0 || i == len(fs) {
		return text
	}
	return strings.Join(fs[i:], " ")
}

// ownQuestionType is the type of question a follow-up asks with its own
// frame: after "en", "maar", "and" or "but" it opens with a verb of a
// yes/no question or a question word ("en geldt die ook …?", "en hoe
// lang is dat dan?"). Other when it asks nothing of its own ("en voor
// werken?", "en als het 300.000 is?").
func ownQuestionType(text string) Type {
	ws := words(fold(strings.ToLower(text)))
	for len(ws) > 0 && (ws[0] == "en" || ws[0] == "maar" || ws[0] == "and" || ws[0] == "but") {
		ws = ws[1:]
	}
	if len(ws) < 2 || !yesNoOpeners[ws[0]] && !whWords[ws[0]] {
		return Other
	}
	return typeOf(strings.Join(ws, " "))
}

// nearDates gives the days of a follow-up without a year ("en als het op
// 4 december was?") the year that puts them nearest to the day of the
// question before (20 november 2026: 4 december 2026; 20 december 2026
// and "4 januari": 4 januari 2027).
func nearDates(next, prev []Day) []Day {
	if len(prev) == 0 || prev[0].Year == 0 {
		return next
	}
	p := prev[0]
	at := time.Date(p.Year, time.Month(p.Month), p.Day, 0, 0, 0, 0, time.UTC)
	out := append([]Day(nil), next...)
	for i, d := range out {
		if d.Year != 0 {
			continue
		}
		best, gap := p.Year, time.Duration(math.MaxInt64)
		for _, y := range []int{p.Year - 1, p.Year, p.Year + 1} {
			g := time.Date(y, time.Month(d.Month), d.Day, 0, 0, 0, 0, time.UTC).Sub(at)
			if g < 0 {
				g = -g
			}
			if g < gap {
				best, gap = y, g
			}
		}
		out[i].Year = best
	}
	return out
}

// originRe finds the date something is from: "van april 2025", "dated
// March 2025", "issued in June 2025". "Sinds 1 januari 2026" is not one:
// it says from when a rule holds, and "en wat was dat in 2025?" asks
// about another moment.
var originRe = regexp.MustCompile(`(?i)\b(?:van|uit|afgegeven in|from|dated|dates from|issued in)\s+(?:\d{1,2}\s+)?(?:(?:januari|februari|maart|april|mei|juni|juli|augustus|september|oktober|november|december|january|february|march|may|june|july|august|october)\s+)?(?:19|20)\d\d\b`)

// replaceOutside applies f to the parts of text that re does not match.
func replaceOutside(text string, re *regexp.Regexp, f func(string) string) string {
	var b strings.Builder
	last := 0
	for _, m := range re.FindAllStringIndex(text, -1) {
		b.WriteString(f(text[last:m[0]]))
		b.WriteString(text[m[0]:m[1]])
		last = m[1]
	}
	b.WriteString(f(text[last:]))
	return b.String()
}

// bareCountRe and barePercentRe find a count or a percentage alone in a
// follow-up.
var (
	bareCountRe   = regexp.MustCompile(`(?:^|\s)(\d{1,4})(?:\s|[?!]|$)`)
	barePercentRe = regexp.MustCompile(`\b(\d{1,3}(?:[.,]\d+)?)\s*(?:%|procent|percent)`)
)

// staffTalkRe finds a question about a share of the staff.
var staffTalkRe = regexp.MustCompile(`\b` + staffWords + `\b`)

// partOfRe finds "9 van de 25", "9 of the 25", "9 out of 25".
var partOfRe = regexp.MustCompile(`\b(\d{1,4})\s+(?:van|of|out of|uit)\s+(?:de|the|onze|our)?\s*(\d{1,4})\b`)

// newShare reads a follow-up's new share of the staff of prev: a
// percentage, or a count of the same whole.
func newShare(low string, prev Slots) (part, whole int, pct float64) {
	if m := partOfRe.FindStringSubmatch(low); m != nil {
		a, _ := strconv.Atoi(m[1])
		b, _ := strconv.Atoi(m[2])
		if b > 0 && a <= b {
			return a, b, 100 * float64(a) / float64(b)
		}
	}
	if m := barePercentRe.FindStringSubmatch(low); m != nil {
		if v, err := strconv.ParseFloat(strings.Replace(m[1], ",", ".", 1), 64); err == nil && v <= 100 {
			return 0, 0, v
		}
	}
	if m := bareCountRe.FindStringSubmatch(low); m != nil && prev.StaffWhole > 0 {
		if n, _ := strconv.Atoi(m[1]); n <= prev.StaffWhole {
			return n, prev.StaffWhole, 100 * float64(n) / float64(prev.StaffWhole)
		}
	}
	return prev.StaffPart, prev.StaffWhole, prev.StaffPercent
}

// opposites are the sides a follow-up may switch to, each way.
var opposites = [][2]string{{"boven", "onder"}, {"above", "below"}, {"over", "under"}, {"hoger", "lager"}, {"higher", "lower"}}

// replaceWords blanks the words of text for which drop is true.
// dropQualified drops the words of text that drop reports, and a
// qualifier right after one ("zonder notariële akte", "with full legal
// capacity") up to the end of its clause.
func dropQualified(text string, drop func(string) bool) string {
	var b strings.Builder
	const (
		normal = iota
		dropped
		inQualifier
	)
	state := normal
	for _, f := range strings.Fields(text) {
		core := strings.Trim(fold(strings.ToLower(f)), ".,;:!?()\"'")
		end := strings.TrimRight(f, ".,;:!?")
		skip := false
		switch {
		case drop(core):
			skip, state = true, dropped
		case state == dropped && qualifierWords[core], state == inQualifier:
			skip, state = true, inQualifier
		default:
			state = normal
		}
		if !skip {
			b.WriteString(f)
			b.WriteByte(' ')
			continue
		}
		if end != f {
			// the clause ends here: keep its punctuation
			state = normal
			b.WriteString(f[len(end):])
			b.WriteByte(' ')
		}
	}
	return b.String()
}

// qualifierWords open what is said of a noun right after it.
var qualifierWords = set(`zonder met without with`)

func replaceWords(text string, drop func(string) bool) string {
	var b strings.Builder
	for _, f := range strings.Fields(text) {
		core := strings.Trim(fold(strings.ToLower(f)), ".,;:!?()\"'")
		if drop(core) {
			continue
		}
		b.WriteString(f)
		b.WriteByte(' ')
	}
	return b.String()
}

// Kinds returns every kind of contract text names (werken, leveringen,
// diensten, sociale_diensten), for telling a passage about works from one
// about services.
func Kinds(text string) map[string]bool {
	low := fold(strings.ToLower(text))
	out := map[string]bool{}
	ws := words(low)
	for i, w := range ws {
		if k, ok := kindOf(w); ok {
			if k == "diensten" && socialBefore(ws[max(0, i-3):i]) {
				// "sociale diensten", also in a list: "gezondheids-,
				// sociale en culturele diensten"
				k = "sociale_diensten"
			}
			out[k] = true
		}
	}
	return out
}

// socialBefore reports a word before "diensten" that makes them social
// services.
func socialBefore(ws []string) bool {
	for _, w := range ws {
		if w == "sociale" || w == "specifieke" || w == "social" || w == "gezondheids" || w == "zorg" || w == "welzijns" ||
			w == "sas" {
			return true
		}
	}
	return false
}

// Staff shares: "10 van onze 40 medewerkers", "van onze 40 werknemers
// hebben er 10 …", "40 medewerkers, waarvan 10 …", "10 of our 40
// employees", "35% van onze werknemers".
// staffHints are substrings of every staff word the patterns below know
// (staffWords and staffPercentRe's), to skip them cheaply.
var staffHints = []string{"medewerker", "werknemer", "personeel", "mensen", "krachten", "employee", "staff", "worker", "workforce", "people"}

const staffWords = `(?:medewerkers|werknemers|personeelsleden|mensen in dienst|mensen|krachten|employees|staff|workers|people)`

var (
	// "40 medewerkers, 15 met een beperking", "50 employees, 12 of them
	// disabled", "we have 30 staff; 9 have a disability"
	staffThenPartRe = regexp.MustCompile(`\b(\d{1,4})\s+` + staffWords + `(?:\s+in\s+dienst)?\s*[,;]\s*(?:en\s+|and\s+)?(?:er\s+)?(\d{1,4})\s+(?:met|with|hebben|heeft|have|has|zijn|are|of\s+(?:them|whom))\b`)
	staffPartOfRe   = regexp.MustCompile(`\b(\d{1,4})\s+(?:van|of|out of)\s+(?:de|onze|hun|zijn|haar|alle|our|the|their|its|all)?\s*(\d{1,4})\s+` + staffWords)
	staffOfPartRe   = regexp.MustCompile(`\b(?:van|of)\s+(?:de|onze|hun|zijn|haar|our|the|their|its)?\s*(\d{1,4})\s+` + staffWords + `\s*,?\s*(?:hebben|zijn|heeft|is|have|are|has)?\s*(?:er\s+)?(\d{1,4})\b`)
	staffWhereOfRe  = regexp.MustCompile(`\b(\d{1,4})\s+` + staffWords + `\s*,?\s*(?:waarvan|van wie|of whom|of which|of them)\s+(?:er\s+)?(\d{1,4})\b`)
	staffPercentRe  = regexp.MustCompile(`\b(\d{1,3}(?:[.,]\d+)?)\s*(?:%|procent|percent)\s+(?:van\s+(?:de|onze|hun|het)\s+|of\s+(?:our|the|their|its)\s+)?(?:[a-z-]+\s+){0,2}` + `(?:medewerkers|werknemers|personeel|personeelsleden|employees|staff|workers|workforce)\b`)
)

func staffShare(low string) (part, whole int, pct float64) {
	if !strings.ContainsAny(low, "0123456789") || !containsAnyOf(low, staffHints) {
		return 0, 0, 0 // every pattern below needs a number and a word for staff: skip the regexps
	}
	pick := func(re *regexp.Regexp, partFirst bool) bool {
		m := re.FindStringSubmatch(low)
		if m == nil {
			return false
		}
		a, _ := strconv.Atoi(m[1])
		b, _ := strconv.Atoi(m[2])
		if !partFirst {
			a, b = b, a
		}
		if b == 0 || a > b {
			return false
		}
		part, whole, pct = a, b, 100*float64(a)/float64(b)
		return true
	}
	if pick(staffPartOfRe, true) || pick(staffOfPartRe, false) || pick(staffWhereOfRe, false) || pick(staffThenPartRe, false) {
		return
	}
	if m := staffPercentRe.FindStringSubmatch(low); m != nil {
		if v, err := strconv.ParseFloat(strings.Replace(m[1], ",", ".", 1), 64); err == nil && v <= 100 {
			return 0, 0, v
		}
	}
	return 0, 0, 0
}

// writeTask reports a request to Noaber to write a document: a verb of
// writing, a document it would write, and words that address Noaber ("kun
// jij", "can you", "please") or a sentence that starts with the verb ("schrijf
// een brief …"). "Moeten we een plan schrijven?" asks what is needed, not
// for the plan.
func writeTask(ws []string) bool {
	verb, doc, addressed := false, false, false
	for i, w := range ws {
		switch {
		case writeVerbs[w]:
			verb = true
			if i == 0 || i == 1 && politeWords[ws[0]] {
				addressed = true
			}
		case writeDocs[w] || docCompound(w):
			doc = true
		case politeWords[w]:
			addressed = true
		case i+1 < len(ws) && askVerbs[w] && botWords[ws[i+1]]:
			addressed = true
		case howWords[w]:
			// "can you explain how to fill in the application?" asks
			// how, not for the application
			return false
		}
	}
	return verb && doc && addressed
}

// docCompound reports a compound that ends in a document's name:
// "subsidieaanvraag", "motivatiebrief", "kwaliteitsplan".
func docCompound(w string) bool {
	for d := range writeDocs {
		if len(d) >= 4 && len(w) >= len(d)+4 && strings.HasSuffix(w, d) {
			return true
		}
	}
	return false
}

var (
	writeVerbs = set(`schrijf schrijven schrijft opschrijven opstellen opstelt formuleren formuleer invullen vul
		write draft compose fill prepare`)
	writeDocs = set(`inschrijving inschrijvingen offerte offertes plan plannen aanpak brief brieven bezwaarschrift
		aanvraag aanvragen voorstel tekst motivatie kwaliteitsplan bid bids tender proposal letter application
		text quality submission statement`)
	politeWords = set(`alsjeblieft alstublieft aub pls plz please`)
	howWords    = set(`hoe wat welke waar wanneer waarom how what which where when why uitleggen uitleg explain`)
	askVerbs    = set(`kun kan kunt wil wilt zou zoudt can could would will`)
	botWords    = set(`jij je u you`)
)

// NewSubject reports a message that, after an answer, asks a question of
// its own about a subject Noaber does not cover: it names an off-topic
// subject and no term of the domain, and asks with a question word ("en hoe
// lang is een rijbewijs geldig?"), not with a bare phrase that only makes
// sense with the question before it ("en voor een straatfeest?").
func NewSubject(text string) bool {
	th := DefaultThesaurus
	off := th.OffTopic(text)
	if len(off) == 0 {
		return false
	}
	// the off-topic term's own parts name no domain: "huurtoeslag" is no
	// rent, "parkeervergunning" no permit of the domain
	inTerm := map[string]bool{}
	for _, o := range off {
		for _, w := range strings.Fields(o) {
			inTerm[w] = true
		}
	}
	// nor do words that only say who asks ("our foundation") or everyday
	// words a title happens to use
	wh, domain := false, false
	for _, w := range words(text) {
		wh = wh || whWords[w]
		if !inTerm[w] && len(th.OffTopic(w)) == 0 && !th.Incidental(w) && !th.Generic(w) && th.InDomain(w) {
			domain = true
		}
	}
	if th.Core(text) {
		domain = true
	}
	return wh && !domain
}

var whWords = set(`wat wie waar wanneer waarom hoe hoeveel hoelang welk welke what who where when why how which`)

// chatAbbrev are the Dutch chat abbreviations people type in a question,
// with the words they stand for. Ambiguous ones ("bv": besloten
// vennootschap or bijvoorbeeld; "btw": by the way or VAT) are not listed.
var chatAbbrev = map[string]string{
	"hvl": "hoeveel", "wnr": "wanneer", "wrm": "waarom", "mss": "misschien", "gwn": "gewoon", "nie": "niet",
	"nt": "niet", "evt": "eventueel", "ivm": "in verband met", "mbt": "met betrekking tot", "tov": "ten opzichte van",
	"idd": "inderdaad", "zsm": "zo snel mogelijk", "wss": "waarschijnlijk", "ws": "waarschijnlijk", "vlgs": "volgens",
	"bijv": "bijvoorbeeld", "iig": "in ieder geval", "ipv": "in plaats van", "oa": "onder andere", "nvt": "niet van toepassing",
	"ng": "nog", "gem": "gemeente",
}

// chatWordRe finds a word of letters only.
var chatWordRe = regexp.MustCompile(`\pL+`)

// expandChat replaces the chat abbreviations of text by their words.
func expandChat(text string) string {
	return chatWordRe.ReplaceAllStringFunc(text, func(w string) string {
		if full, ok := chatAbbrev[strings.ToLower(w)]; ok {
			return full
		}
		return w
	})
}

// articleAbbrevRe finds "art." or "art" written before an article number
// ("art. 1.16 Aw", "art 2.82").
var articleAbbrevRe = regexp.MustCompile(`(?i)\bart\.?\s*(\d)`)

// expandArticleAbbrev writes "art. 1.16" as "artikel 1.16" ("article" in
// English), the word the corpus uses: the abbreviation alone is no word of
// the domain, and "wat zegt art. 1.16 Aw?" was refused where "wat zegt
// artikel 1.16 Aw?" is answered.
func expandArticleAbbrev(text, lang string) string {
	if !strings.Contains(strings.ToLower(text), "art") {
		return text
	}
	word := "artikel "
	if lang == "en" {
		word = "article "
	}
	return articleAbbrevRe.ReplaceAllString(text, word+"$1")
}

// containsAnyOf reports whether s contains one of subs.
func containsAnyOf(s string, subs []string) bool {
	for _, sub := range subs {
		if strings.Contains(s, sub) {
			return true
		}
	}
	return false
}
