package knowledge

import (
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	snowball "github.com/blevesearch/snowballstem"
	"github.com/blevesearch/snowballstem/dutch"
	"github.com/blevesearch/snowballstem/english"
	"golang.org/x/text/unicode/norm"

	"github.com/noaber/noaber/i18n"
)

// maxTokens bounds how many words of one text are analysed. Questions are
// short; a longer text is a paste, and its tail adds noise, not signal.
const maxQueryTokens = 64

// Tokenize splits text into lower-case, diacritics-folded words. Numbers
// keep their digits and lose their separators ("€ 50.000" → "50000"), so a
// figure matches however it was written; a number with a multiplier word
// becomes the whole amount ("300 duizend", "300k", "1,5 miljoen" →
// "300000", "300000", "1500000"). The euro sign becomes the word "euro" and
// the per cent sign and its words ("procent", "percent") become "%", so a
// question in words finds a text in symbols. One-letter words are dropped.
func Tokenize(text string) []string {
	var toks []token
	var b strings.Builder
	digits := false // the current token is a number
	frac := 0       // digits after the number's last separator, if it is a decimal mark
	sep := -1       // digits since the last separator, -1 before any
	flush := func() {
		if b.Len() > 0 {
			t := token{text: b.String(), number: digits}
			if digits && sep >= 0 && sep != 3 {
				t.frac = sep
			} else if digits {
				t.frac = frac
			}
			toks = append(toks, t)
		}
		b.Reset()
		digits, frac, sep = false, 0, -1
	}
	text = fold(text)
	for i := 0; i < len(text); {
		r, size := utf8.DecodeRuneInString(text[i:])
		switch {
		case unicode.IsLetter(r):
			if digits {
				// An article with a letter ("art. 2.82a", "2.6a") is
				// another article than without it; "300k" is a sum.
				next, _ := utf8.DecodeRuneInString(text[i+size:])
				if r != 'k' && r != 'm' && r != 'K' && r != 'M' && (i+size == len(text) || !unicode.IsLetter(next) && !unicode.IsDigit(next)) {
					b.WriteRune(unicode.ToLower(r))
					i += size
					continue
				}
				flush()
			}
			b.WriteRune(unicode.ToLower(r))
		case unicode.IsDigit(r):
			if b.Len() > 0 && !digits {
				flush()
			}
			digits = true
			b.WriteRune(r)
			if sep >= 0 {
				sep++
			}
		case (r == '.' || r == ',') && digits && i+size < len(text) && isASCIIDigit(text[i+size]):
			// thousands separator or decimal mark inside a number: skip it,
			// but count the digits after it to tell which one it was
			sep = 0
		case r == '€' || r == '%':
			flush()
			w := "euro"
			if r == '%' {
				w = "%"
			}
			toks = append(toks, token{text: w, symbol: true})
		default:
			flush()
		}
		i += size
	}
	flush()
	out := make([]string, 0, len(toks))
	for i := 0; i < len(toks); i++ {
		t := toks[i]
		if t.number && i+1 < len(toks) {
			if m, ok := multipliers[toks[i+1].text]; ok {
				if v, ok := scale(t, m); ok {
					out = append(out, v)
					i++
					continue
				}
			}
		}
		switch {
		case t.number, t.symbol:
			out = append(out, t.text)
		case percentWords[t.text]:
			out = append(out, "%")
		case negContractions[t.text] && i+1 < len(toks) && toks[i+1].text == "t":
			// "doesn't", "isn't": a negation, kept as one
			out = append(out, "not")
			i++
		case negChat[t.text]:
			// the same typed without the apostrophe: "doesnt", "cant"
			out = append(out, "not")
		case t.text == "may" && i > 0 && toks[i-1].number && len(toks[i-1].text) <= 2:
			// "5 May" is the month, not the modal verb (a stop word):
			// written as the Dutch month, which no stop list has
			out = append(out, "mei")
		case len(t.text) > 1:
			out = append(out, t.text)
		}
	}
	return out
}

// negContractions are the English words that "n't" makes a negation of.
var negContractions = wordSet(`doesn don didn isn aren wasn weren hasn haven hadn won wouldn shouldn couldn mustn needn can ain`)

// negChat are English negations typed without their apostrophe, as chat
// does ("it doesnt apply", "we cant").
var negChat = wordSet(`dont doesnt didnt isnt arent wasnt werent hasnt havent hadnt wont wouldnt shouldnt couldnt mustnt neednt cant aint`)

// token is a word or number of Tokenize before multipliers are applied.
type token struct {
	text   string
	number bool
	symbol bool
	frac   int // digits of the number that are decimals ("1,5" → 1)
}

// multipliers are the words that scale the number before them.
var multipliers = map[string]int64{"duizend": 1e3, "thousand": 1e3, "k": 1e3, "miljoen": 1e6, "million": 1e6, "mln": 1e6}

// percentWords are written forms of "%".
var percentWords = wordSet("procent percent percentage")

// scale multiplies a number token by m, honouring its decimals; ok is
// false when the result would not be a whole, reasonably sized number.
func scale(t token, m int64) (string, bool) {
	if len(t.text) > 12 {
		return "", false
	}
	n, err := strconv.ParseInt(t.text, 10, 64)
	if err != nil {
		return "", false
	}
	div := int64(1)
	for range t.frac {
		div *= 10
	}
	if (n*m)%div != 0 {
		return "", false
	}
	return strconv.FormatInt(n*m/div, 10), true
}

func isASCIIDigit(c byte) bool { return c >= '0' && c <= '9' }

// fold removes diacritics (é → e, ë → e) so that "financiële" and
// "financiele" are one word; people type without accents in chat.
func fold(s string) string {
	ascii := true
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			ascii = false
			break
		}
	}
	if ascii {
		return s
	}
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

// analyzer holds the language-specific parts of analysis.
type analyzer struct {
	lang i18n.Lang
	stop map[string]bool
	stem func(*snowball.Env) bool
	// compounds: Dutch glues nouns together ("groenonderhoud"), English
	// does not, so only Dutch words are split.
	compounds bool
}

func newAnalyzer(lang i18n.Lang) *analyzer {
	if lang == i18n.EN {
		return &analyzer{lang: lang, stop: enStop, stem: english.Stem}
	}
	return &analyzer{lang: i18n.NL, stop: nlStop, stem: dutch.Stem, compounds: true}
}

// Stem returns the Snowball stem of a folded, lower-case word. Numbers are
// their own stem.
func (a *analyzer) Stem(w string) string {
	if w == "" || isASCIIDigit(w[0]) {
		return w
	}
	if !a.compounds {
		w = british(w) // the corpus spells British: "neighborhood" finds "neighbourhood"
		if base, ok := enIrregular[w]; ok {
			w = base // "bought" is "buy", as "bought" and "buys" should find each other
		}
	}
	if a.compounds {
		if inf, ok := weakParticiple(w); ok {
			w = inf // "vastgelegd" is "vastleggen", "geleverd" "leveren"
		}
	}
	env := snowball.NewEnv(w)
	a.stem(env)
	st := env.Current()
	if st != w && a.stop[st] && !a.stop[w] {
		return a.unstop(w, st)
	}
	if !a.compounds {
		if base, ok := enDerived[st]; ok {
			return base
		}
	}
	return st
}

// enDerived maps the Snowball stem of an English noun to the stem of the
// verb it is made from, where the two stem apart and mean the same thing
// to someone asking: "complain" finds "complaint", "registered" finds
// "registration", "decide" finds "decision". Index and question go
// through the same map.
var enDerived = map[string]string{
	"complaint": "complain",
	"registr":   "regist",
	"decis":     "decid",
	"extens":    "extend",
	"exclus":    "exclud",
	"liabil":    "liabl",
	"submiss":   "submit",
	"competit":  "compet",
	"bidder":    "bid",
}

// unstop gives a content word whose Snowball stem is a function word
// ("overheid" → "over", "mens" → "men", "kans" → "kan", "needs" → "need")
// a stem of its own, so it neither looks like that word nor loses its
// other forms: "overheid" and "overheden" stem to "overheid", "mens" to
// "mens" as "mensen" does, and the rest keep the stem marked ("indien~"
// for "indienen" and "indiening").
func (a *analyzer) unstop(w, st string) string {
	if a.compounds {
		if strings.HasSuffix(w, "heid") || strings.HasSuffix(w, "heden") {
			return st + "heid"
		}
		if len(w) == len(st)+1 && strings.HasSuffix(w, "s") {
			return w // "mens", "kans": the plural "mensen" stems to "mens"
		}
	}
	return st + "~"
}

// isStop reports a word that carries no topic: articles, pronouns, auxiliary
// verbs and the question words and filler people put around a question
// ("hoe", "eigenlijk", "please tell me"). Without them a long question
// cannot drown its one content word.
func (a *analyzer) isStop(w string) bool { return a.stop[w] }

// otherStop reports a stop word of the other language that is no word
// of this one's lists: people mix English into Dutch chat ("wat is de
// threshold nowadays?") and Dutch into English ("what is 'de drempel'?").
func (a *analyzer) otherStop(w string) bool {
	if a.compounds {
		return enStop[w]
	}
	return nlStop[w]
}

// Minimum lengths for compound splitting: shorter parts ("aan", "op") are
// mostly prefixes, and splitting on them matches the wrong words.
const (
	minCompound = 7
	minPart     = 4
)

// links are the Dutch linking sounds between compound parts
// ("aanbesteding·s·drempel", "bewoner·s·initiatief", "gemeente·n·raad").
var links = []string{"", "s", "e", "en", "n"}

// splitCompound splits w into the fewest parts that known accepts, allowing
// a linking sound between parts; among equally short splits it prefers the
// one whose shortest part is longest. It returns nil when w is no compound
// of known words.
func splitCompound(w string, known func(string) bool) []string {
	if len(w) < minCompound {
		return nil
	}
	n := len(w)
	memo := make([]best, n+1)
	memo[n] = best{ok: true, minLen: n}
	// memo[i] describes the best split of w[i:] into one or more parts.
	for i := n - minPart; i >= 0; i-- {
		var b best
		for j := i + minPart; j <= n; j++ {
			part := w[i:j]
			if (i == 0 && j == n) || !known(part) {
				continue // the whole word is no split of itself
			}
			if j == n {
				cand := best{parts: 1, minLen: j - i, next: j, ok: true}
				if better(cand.parts, cand.minLen, b) {
					b = cand
				}
				continue
			}
			for _, l := range links {
				k := j + len(l)
				if k > n-minPart || w[j:k] != l || !memo[k].ok {
					continue
				}
				m := min(memo[k].minLen, j-i)
				if better(memo[k].parts+1, m, b) {
					b = best{parts: memo[k].parts + 1, minLen: m, next: j, skip: len(l), ok: true}
				}
			}
		}
		memo[i] = b
	}
	if !memo[0].ok || memo[0].parts < 2 {
		return nil
	}
	var parts []string
	for i := 0; i < n; {
		b := memo[i]
		parts = append(parts, w[i:b.next])
		i = b.next + b.skip
	}
	return parts
}

// best describes the best split found of a word's tail.
type best struct {
	parts  int
	minLen int
	next   int // end of the first part
	skip   int // length of the link after it
	ok     bool
}

func better(parts, minLen int, b best) bool {
	if !b.ok {
		return true
	}
	if parts != b.parts {
		return parts < b.parts
	}
	return minLen > b.minLen
}

// nlLexicon are common Dutch words of the domain that compounds are built
// from, known even when the corpus only uses them inside compounds — so
// "onderhoud" finds a passage about "groenonderhoud" although no text says
// "onderhoud" on its own.
var nlLexicon = strings.Fields(`onderhoud groen buurt wijk dorp huis zorg school speel tuin park sport welzijn jeugd ouderen
	vrijwilliger vrijwilligers bewoner bewoners initiatief initiatieven opdracht opdrachten drempel drempels bedrag bedragen
	waarde recht rechten regel regels plan plannen budget geld kosten subsidie subsidies vereniging stichting cooperatie
	raad college beleid wet wetten aanbesteding aanbestedingen inkoop dienst diensten werk werken levering leveringen
	markt contract overeenkomst verordening procedure termijn aanvraag besluit beheer exploitatie gebouw ruimte centrum
	voorziening voorzieningen energie afval vervoer taak taken gemeente gemeenten staat steun ondernemer ondernemers
	ondernemen partner partners dag week maand jaar prijs prijzen plicht eis eisen kader regeling fonds uitvoering
	organisatie organisaties groep groepen zaal hulp toets plaats plek weg wegen straat water natuur bos veld`)

var nlStop = wordSet(`aan al alle alles als altijd ander andere anders ben bent bij daar daarna dan dat de deze die dit doe doen doet door
	dus een eens eigenlijk elk elke en er even ge gehad geweest graag had hadden heb hebben hebt heeft hem het hier hij hoe hoeveel
	hun iemand iets ik in is ja je jij jou jouw jullie kan kun kunnen kunt maar me meer men met mij mijn moet moeten mogen mag na naar
	nee niets nog nu of om omdat ons onze ook op over precies reeds u uit uw van veel voor waar waarom wanneer want was waren wat
	we weer wel welk welke werd werden wie wij wil willen wilt word worden wordt zal ze zei zelf zich zij zijn zo zonder zou zouden
	zullen zit zitten gaat gaan ga weet weten vraag vragen vertel vertellen uitleg uitleggen eens iemand soms vaak hé hallo hoi
	beste bedankt dank alsjeblieft alstublieft svp toch heel erg best krijg krijgt krijgen geef geeft geven kun kunt binnen tegen
	hierover daarover waarvoor waarmee hoelang hoezo welk sinds hoog hoge hoogte tot zoals dezelfde hetzelfde ieder iedere
	werkt betekent betekenen houdt inhoudt bedoeld bedoelt heet heten noem noemt gebeurt gebeuren zeggen zegt
	zodat terwijl hoewel indien mits tenzij waardoor daardoor nou gewoon klopt eruit erin erop ermee
	morgen vandaag gisteren straks later laatst net meestal gewoonlijk doorgaans normaal gevraagd gesteld
	tegenwoordig momenteel thans
	tijdens via per vanaf volgens behalve ondanks rond rondom langs achter naast vanuit wegens tussen echter
	zowel ofwel alleen niemand iedereen hierbij daarbij erbij ervan ervoor erover daarvan daarvoor waarin waarop
	waarbij waarvan te
	ingevolge krachtens conform overeenkomstig thans dient dienen diende betreft betreffende inzake aangaande alsmede
	derhalve hetgeen teneinde jegens middels desbetreffende onderhavige voornoemde tevens ten zin kader toepassing
	aangemerkt aanmerken aspect aspecten
	haar ie mn zn ff effe da wa plaats gelden golden
	hoor hoorde hoorden gehoord beweert beweerde
	aub pls plz vraagje vraagjes snap snappen begrijp begrijpen sorry info misschien eventueel domme stomme
	stellen stel stelt gesteld vast
	uiteindelijk eindelijk ergens nergens sowieso überhaupt uberhaupt trouwens
	geworden moest moesten mocht mochten kon konden echt juist kijk kijken
	daarmee daarop daaraan daarin hiermee hiervoor hieraan hierin heen`)

var enStop = wordSet(`a about after again against all am an and any are as at be because been before being between both
	but by can cannot could did do does doing down during each few for from further had has have having he her here hers him his
	how i if in into is it its itself just me more most my myself now of off on once only or other our ours out over own
	same she should so some such than that the their theirs them then there these they this those through to too under until up
	very was we were what when where which while who whom why will with would you your yours please tell know need want get got
	give like may might must shall also hi hello thanks thank explain anyone someone something much many does kind sort let lets
	actually really just right today tomorrow yesterday usually normally typically generally asked
	without within across among upon via per around along behind besides despite toward towards onto near since
	unless although though whether either neither every anything everything nothing anybody somebody us whose
	yet still even ever already else instead high long lasts re ve ll
	told tells claim claims claimed think thinks thought reckon reckons fine well
	nowadays currently presently true correct
	het een
	whats wats hows wheres whos thats theres im ive youre theyre weve quick wants wanted wanting exactly precisely
	favourite favorite normal usual
	heard hear hears
	somewhere anywhere somehow anyway anyhow eventually finally ultimately basically
	dutch words word briefly nutshell summarise summarize summary describe
	english englisch translate translated translation
	hey hiya yeah yep nope ya stuff dunno wanna gonna gotta kinda sorta pls plz u r ur idk tbh imo btw lol guys folks
	anyway anyways whatever needs needed needing define defines defined definition definitions put puts putting`)

// british spells an American English word the British way, as the corpus
// does: Snowball stems "organization" and "organisation", "neighborhood"
// and "neighbourhood", "center" and "centre" apart. Index and question go
// through the same mapping, so a word it maps oddly ("size" → "sise")
// still finds itself.
func british(w string) string {
	if b, ok := enBritish[w]; ok {
		return b
	}
	if len(w) >= 6 {
		for _, r := range britishSuffixes {
			if strings.HasSuffix(w, r[0]) {
				return w[:len(w)-len(r[0])] + r[1]
			}
		}
	}
	for _, r := range britishPrefixes {
		if strings.HasPrefix(w, r[0]) {
			return r[1] + w[len(r[0]):]
		}
	}
	return w
}

var britishSuffixes = [][2]string{
	{"izations", "isations"}, {"ization", "isation"}, {"izing", "ising"}, {"ized", "ised"}, {"izes", "ises"}, {"izer", "iser"},
	{"izers", "isers"}, {"ize", "ise"}, {"yzing", "ysing"}, {"yzed", "ysed"}, {"yzes", "yses"}, {"yze", "yse"},
}

var britishPrefixes = [][2]string{
	{"neighbor", "neighbour"}, {"behavior", "behaviour"}, {"favor", "favour"}, {"honor", "honour"}, {"endeavor", "endeavour"},
}

var enBritish = map[string]string{
	"center": "centre", "centers": "centres", "program": "programme", "programs": "programmes",
	"labor": "labour", "labors": "labours", "license": "licence", "licenses": "licences", "defense": "defence",
	"offense": "offence", "fulfill": "fulfil", "fulfills": "fulfils", "enroll": "enrol", "enrollment": "enrolment",
	"catalog": "catalogue", "labeled": "labelled", "labeling": "labelling", "canceled": "cancelled",
	"canceling": "cancelling", "counseling": "counselling", "traveled": "travelled", "modeled": "modelled",
	"judgment": "judgement", "color": "colour", "colors": "colours", "harbor": "harbour", "rumor": "rumour",
}

// enIrregular maps the irregular past forms of English verbs to their base
// form. Snowball leaves them alone, so "bought", "paid" or "chose" would be
// words no text has, and a word of the question sentence no text has
// weighs as much as the rarest term: "services bought by a municipality"
// must find the passage on what a municipality buys. Forms of verbs that
// are stop words ("told", "got") stay stop words; "found" stays "found"
// (to found a foundation).
var enIrregular = func() map[string]string {
	m := map[string]string{}
	for _, line := range strings.Split(strings.TrimSpace(`
buy bought
pay paid
take took taken
say said
make made
send sent
spend spent
lend lent
win won
lose lost
hold held
keep kept
leave left
mean meant
meet met
sell sold
grow grew grown
go went gone
come came
become became
begin began begun
bring brought
build built
choose chose chosen
write wrote written
run ran
hear heard
feel felt
lead led
understand understood
withdraw withdrew withdrawn
forbid forbade forbidden
see saw seen
fall fell fallen
break broke broken
speak spoke spoken
draw drew drawn
arise arose arisen
undertake undertook undertaken
overtake overtook overtaken
outgrow outgrew outgrown
rise rose risen
fight fought
seek sought
teach taught
catch caught
sleep slept
stand stood
forget forgot forgotten
drive drove driven
ride rode ridden
eat ate eaten
drink drank drunk
sing sang sung
swim swam swum
wear wore worn
tear tore torn
bear bore borne
steal stole stolen
freeze froze frozen
hide hid hidden
shake shook shaken
forgive forgave forgiven
`), "\n") {
		ws := strings.Fields(line)
		for _, f := range ws[1:] {
			m[f] = ws[0]
		}
	}
	return m
}()

func wordSet(words string) map[string]bool {
	m := map[string]bool{}
	for _, w := range strings.Fields(words) {
		m[fold(w)] = true
	}
	return m
}
