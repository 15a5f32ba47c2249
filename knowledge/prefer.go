package knowledge

import (
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"
)

// Preference factors applied to BM25 scores after retrieval. They reorder
// passages that match the question about equally well; they cannot make an
// unrelated passage win.
const (
	// otherPeriod weighs a passage of a document that is not valid in the
	// period asked about (today, unless the question names a year): the
	// thresholds of 2024-2025 when 2026 is asked.
	otherPeriod = 0.5
	// otherCase weighs a passage whose title or heading is about a special
	// case the question does not mention (utilities, SGEI, central
	// government): the general rule answers a general question.
	otherCase = 0.7
)

// qualifiers are the special cases a statement can be narrowed to. A
// sentence or heading that names one answers a different question than one
// that does not ask about it: "what is the threshold for services" is not
// answered by the utilities threshold, "what is the de minimis ceiling" not
// by the SGEI ceiling, "how long is the standstill period" not by the one
// of the old rules. Each entry is matched at the start of a word of the
// folded, lower-case text; an entry ending in a space must be a whole word.
var qualifiers = [][]string{
	{"nutsbedrij", "nutssector", "speciale sector", "utilit"},
	{"rijksoverheid", "rijk ", "het rijk", "central government", "centrale overheid"},
	{"concessie", "concession"},
	{"daeb", "sgei", "algemeen economisch belang", "general economic interest"},
	{"spoed", "urgen"},
	{"oude ", "old ", "vroeger", "former", "previous", "wira", "bao "},
	{"nationa", "onder de drempel", "below the threshold", "below-threshold"},
	{"sociale en andere specifieke", "sociale diensten", "specifieke diensten", "social and other specific", "social services", "bijlage xiv", "annex xiv", "verlicht regime", "light regime",
		// care and welfare a municipality buys are social services
		"wmo", "jeugdwet", "jeugdzorg", "huishoudelijke hulp", "dagbesteding", "home care",
		// its abbreviation and the ways people name the regime: "de
		// SAS-procedure", "de verlichte procedure", "light-touch regime"
		"sas ", "verlicht", "licht regime", "lichte regime", "lichte procedure", "light touch"},
}

// qualifierSet returns which qualifiers text names, as a bit set.
func qualifierSet(text string) uint64 {
	norm := " " + strings.Join(Tokenize(text), " ") + " "
	var set uint64
	for i, q := range qualifiers {
		for _, w := range q {
			if strings.Contains(norm, " "+w) {
				set |= 1 << i
				break
			}
		}
	}
	return set
}

// impliesBelow are words that ask about a contract given without a
// tender or with one quote: only below the threshold is that possible, so
// a passage about the rules below the threshold answers the question as
// much as a general one ("can the council give us the job directly,
// without a tender?").
var impliesBelow = []string{"without a tender", "without any tender", "without tender", "without tendering", "directly", "direct",
	"one quote", "single quote", "enkelvoudig", "onderhands", "zonder aanbesteding", "zonder aanbesteden", "rechtstreeks", "direct gunnen"}

// belowBit is the qualifier of the rules below the threshold.
var belowBit = qualifierSet("below the threshold")

// implied returns the qualifiers a question asks about without naming
// them.
func implied(question string) uint64 {
	norm := " " + strings.Join(Tokenize(question), " ") + " "
	for _, w := range impliesBelow {
		if strings.Contains(norm, " "+w+" ") {
			return belowBit
		}
	}
	return 0
}

// whichCaseRe finds a question that asks which kind of contract or service
// a rule is for ("which services are not subject to the 45-day minimum?",
// "voor welke diensten geldt …?"): the special case is what it asks for,
// not a case it did not ask about.
var whichCaseRe = regexp.MustCompile(`\b(which|what kinds? of|for which|welke|voor welke|wat voor) (services|contracts|contract|kinds? of (services|contracts)|diensten|opdrachten|soort(en)? (diensten|opdrachten))\b`)

// asksWhichCase reports a question that asks which special case a rule is
// for.
func asksWhichCase(question string) bool {
	return whichCaseRe.MatchString(strings.Join(Tokenize(question), " "))
}

// yearRe finds a year in a question: 2000–2099, on its own.
var yearRe = regexp.MustCompile(`(?:^|[^0-9/])(20[0-9]{2})(?:$|[^0-9/])`)

// yearsIn returns the years a question names ("in 2025", "2024-2025").
// sinceRe finds the year something of the asker's case dates from ("een
// inspraakverordening uit 2010", "sinds 2019 doen we …"): its history, not
// the period the question asks about.
var sinceRe = regexp.MustCompile(`(?i)\b(?:uit|sinds|since)\s+(?:19|20)\d\d\b`)

// askedYears are the years a question asks about: those it names, less
// those its case dates from (see sinceRe).
func askedYears(question string) []int { return yearsIn(sinceRe.ReplaceAllString(question, " ")) }

func yearsIn(q string) []int {
	var out []int
	for _, m := range yearRe.FindAllStringSubmatchIndex(q, -1) {
		y, _ := strconv.Atoi(q[m[2]:m[3]])
		out = append(out, y)
	}
	// "2024-2025" shares its hyphen between two matches; find the second.
	for _, m := range regexp.MustCompile(`20[0-9]{2}-(20[0-9]{2})`).FindAllStringSubmatch(q, -1) {
		y, _ := strconv.Atoi(m[1])
		if !slices.Contains(out, y) {
			out = append(out, y)
		}
	}
	return out
}

// inPeriod reports whether d applies in the period the question is about:
// one of the years it names, or else today.
func inPeriod(d *Document, years []int, now time.Time) bool {
	if !d.Dated() {
		return true
	}
	if len(years) == 0 {
		return d.ValidOn(now)
	}
	for _, y := range years {
		if d.ValidInYear(y) {
			return true
		}
	}
	return false
}

// prefer reweighs hits for what the question is about — the period and
// the special case — and sorts them again, best first. Coverage is left
// alone: whether anything answers the question is not a matter of taste.
func prefer(hits []hit, question string, now time.Time) []hit {
	years := askedYears(question)
	asked := qualifierSet(question) | implied(question)
	whichCase := asksWhichCase(question)
	figures := figuresOf(question, years)
	for i := range hits {
		p := hits[i].p
		if !inPeriod(p.Doc, years, now) && !mentionsAny(p, figures) {
			hits[i].score *= otherPeriod
		} else if c := p.card; c != nil && len(years) > 0 && otherYears(c.Lead, years) {
			// an undated document's card whose lead gives the figure
			// for other years: "drempel concessies 2025" is not the
			// 2026-2027 concession threshold
			hits[i].score *= otherPeriod
		}
		if passageCase(p)&^asked != 0 && !whichCase {
			hits[i].score *= otherCase
		}
	}
	slices.SortStableFunc(hits, func(a, b hit) int {
		switch {
		case a.score > b.score:
			return -1
		case a.score < b.score:
			return 1
		}
		return int(a.i - b.i)
	})
	return hits
}

// passageCase returns the special cases a passage is about: those its
// document's title and its heading name. A card answers one question of
// a section that may cover two cases ("Kortere termijnen met een
// vooraankondiging of bij spoed"): only the cases its own lead or
// variants also name are its own — the card about a prior information
// notice is not about urgency. (A card's passage holds its variants and
// lead; only a card under such a heading is read again.)
func passageCase(p *Passage) uint64 {
	set := qualifierSet(p.Doc.Title + " " + p.Heading)
	if p.card != nil && set != 0 {
		set &= qualifierSet(p.Doc.Title + " " + p.Text)
	}
	return set
}

// figuresOf returns the amounts a question names (numbers of three digits
// or more that are not years): "klopt het dat de drempel 5.548.000 was?"
// asks about the period whose text has that figure, whatever year it is.
func figuresOf(q string, years []int) []string {
	var out []string
	for _, w := range Tokenize(q) {
		if len(w) < 3 || !isASCIIDigit(w[0]) {
			continue
		}
		if y, err := strconv.Atoi(w); err == nil && slices.Contains(years, y) {
			continue
		}
		out = append(out, w)
	}
	return out
}

// mentionsAny reports whether the passage's text contains one of figures.
func mentionsAny(p *Passage, figures []string) bool {
	if len(figures) == 0 {
		return false
	}
	for _, w := range Tokenize(p.Text) {
		if slices.Contains(figures, w) {
			return true
		}
	}
	return false
}

// citationRe finds a source in brackets: "(Stcrt. 2024, 806; vng.nl)".
var citationRe = regexp.MustCompile(`\([^()]*\)`)

// withoutCitations is text without the sources it cites in brackets: the
// year of a publication ("Stcrt. 2024, 806") is not the period a figure
// is for.
func withoutCitations(text string) string {
	return citationRe.ReplaceAllString(text, "")
}

// otherYears reports a lead that names years, none of which the question
// asks about: it states a figure for another period.
func otherYears(lead string, asked []int) bool {
	named := yearsIn(withoutCitations(lead))
	if len(named) == 0 {
		return false
	}
	for _, y := range named {
		if slices.Contains(asked, y) {
			return false
		}
	}
	return true
}
