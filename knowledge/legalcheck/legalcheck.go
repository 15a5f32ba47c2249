// Package legalcheck keeps corrected legal facts from coming back wrong.
// It holds the claims an expert review found wrong (facts.md, "CORRECTED
// 2026-12-01" and section 13) as patterns that texts are tested against,
// and the rule that a legal source is a deep link: a law on
// wetten.overheid.nl with its BWBR id and article, an EU act on EUR-Lex
// with its CELEX number, case law with its CELEX or ECLI — never a bare
// homepage, Wikipedia or a blog.
//
// Tests use it on every check text, message and source; it is not used
// at run time.
package legalcheck

import (
	"net/url"
	"regexp"
	"strings"
)

// Claim is a correction. A text that matches Topic (every text when Topic
// is nil) must not match Wrong and, when Need is set, must match Need.
type Claim struct {
	ID    string
	Topic *regexp.Regexp
	Wrong *regexp.Regexp
	Need  *regexp.Regexp
	// Why says what is right and where it comes from.
	Why string
	// Sentence scopes Wrong to the sentences about Topic: a text may cite
	// the same article rightly for something else in another sentence.
	Sentence bool
}

var (
	artFour     = `\bart(?:ikel|\.)?\s*4(?:[\s),;]|\.(?:\s|$)|$)` // not "art. 4:21" or "art. 4.1"
	artOneLidTw = `\bart(?:ikel|\.)?\s*1\s*(?:lid\s*2|\(2\))`
)

// Claims are the corrections every text is held to.
var Claims = []Claim{
	{
		ID:    "uitdaagrecht-verplicht",
		Topic: regexp.MustCompile(`(?i)uitdaagrecht|right to challenge|participatieverordening|participation ordinance|art(?:ikel|\.)?\s*150`),
		Wrong: regexp.MustCompile(`(?i)kan-?\s?bepaling|mogelijkheid,? geen plicht|an option,? not a duty|kan het uitdaagrecht regelen|may regulate the right to challenge|niet verplicht (?:om )?(?:het uitdaagrecht|dit|het) te regelen|not obliged to regulate`),
		Why:   "Gemeentewet art. 150 lid 3 (adopted text of bill 36210) is mandatory: the verordening must set conditions for the uitdaagrecht; there is only no duty to grant each challenge (facts.md §4, CORRECTED 2026-12-01)",
	},
	{
		ID:    "terugtellen-atw-1-lid-2",
		Topic: regexp.MustCompile(`(?i)terug\s?tel|telt terug|teruggeteld|terugrekenen|counted back|counts back|counting back|backwards?`),
		Wrong: regexp.MustCompile(`(?i)` + artFour),
		Need:  regexp.MustCompile(`(?i)` + artOneLidTw),
		Why:   "terms counted backwards are excluded by Atw art. 1 lid 2, not art. 4 (facts.md §12, CORRECTED 2026-12-01)",
		// "counted back: art. 1 lid 2. Longer than 3 months: art. 4." is right
		Sentence: true,
	},
	{
		ID:    "atw-4-lange-termijnen",
		Topic: regexp.MustCompile(`(?i)(?:\batw\b|termijnenwet|time limits act)[^.\n]{0,80}` + artFour + `|` + artFour + `[^.\n]{0,3}\)?[^.\n]{0,40}(?:\batw\b|termijnenwet)`),
		Need:  regexp.MustCompile(`(?i)(?:drie|3|three) (?:maanden|months)|twaalf weken|twelve weeks|negentig dagen|ninety days|\buren\b|\bhours\b|in uren|in hours`),
		Why:   "Atw art. 4 excludes terms in hours and terms longer than 3 months, 12 weeks or 90 days (facts.md §12)",
	},
	{
		ID:    "verlicht-regime-geen-45-dagen",
		Topic: regexp.MustCompile(`(?i)sociale en andere specifieke diensten|verlicht(?:e)? regime|light regime|social and other specific services`),
		Wrong: regexp.MustCompile(`(?i)\b45\s*(?:dagen|days)\b`),
		Why:   "the statutory minimum periods do not apply to the social and other specific services regime (Aw art. 2.39 lid 2; facts.md §13)",
	},
	{
		ID:    "kb-dagen-tellen-mee",
		Wrong: regexp.MustCompile(`(?i)(?:gelijkstelt|gelijkgesteld|equates?|equated)[^.\n]*(?:tel ik niet mee|are not counted|niet meegeteld)`),
		Why:   "days equated with a holiday by Royal Decree (Atw art. 3 lid 3) count as holidays (facts.md §12)",
	},
	{
		ID:    "standstill-geen-zondag",
		Wrong: regexp.MustCompile(`(?i)zonder de algemene termijnenwet eindigt|without the general time limits act the term ends`),
		Why:   "under the Atw and Reg. 1182/71 alike a period ending on a Saturday, Sunday or holiday ends on the next working day: never offer the Sunday (facts.md §12)",
	},
	{
		ID:    "waterland-verouderd-geen-typfout",
		Topic: regexp.MustCompile(`5[.,]548[.,]000`),
		Wrong: regexp.MustCompile(`(?i)\btyp(?:o|fout|efout)\b|tikfout`),
		Why:   "€5,548,000 is the outdated 2018–19 works threshold, not a typo (facts.md §1b)",
	},
	{
		ID:    "aw-2-74-onbevestigd",
		Wrong: regexp.MustCompile(`(?i)\b2\.74[ab]\b`),
		Why:   "whether the 5-day cut is Aw 2.74a or 2.74b is not confirmed: state the substance without the article (facts.md §13)",
	},
	{
		ID:    "bw-2-53a-onbevestigd",
		Wrong: regexp.MustCompile(`(?i)\b2:53a\b`),
		Why:   "BW 2:53a could not be confirmed: state the substance without the article (facts.md §13)",
	},
}

// TextProblems returns the claims a text contradicts, as "id: why". Call
// it per passage or message: a topic holds for the whole text.
func TextProblems(text string) []string {
	var out []string
	sentences := sentenceEnd.Split(text, -1)
	for _, c := range Claims {
		if c.Topic != nil && !c.Topic.MatchString(text) {
			continue
		}
		wrong := c.Wrong != nil && c.Wrong.MatchString(text)
		if wrong && c.Topic != nil && c.Sentence {
			// A wrong citation counts where it is said of the topic: in a
			// sentence about it. "Counted back: art. 1 lid 2. Longer than 3
			// months: art. 4." cites both rightly.
			wrong = false
			for _, s := range sentences {
				if c.Topic.MatchString(s) && c.Wrong.MatchString(s) {
					wrong = true
				}
			}
		}
		if wrong || (c.Need != nil && !c.Need.MatchString(text)) {
			out = append(out, c.ID+": "+c.Why)
		}
	}
	return out
}

// sentenceEnd splits a text into sentences: a full stop, question or
// exclamation mark, or a line break, followed by white space and a capital
// or an opening bracket. Abbreviations such as "art. 4" are followed by a
// digit and stay in their sentence.
var sentenceEnd = regexp.MustCompile(`[.!?]\s+[A-Z(‘'"]|\n+`)

var (
	bwbrArticle = regexp.MustCompile(`BWBR\d{7}.*(?:[&?]artikel=|Artikel)[0-9]`)
	celex       = regexp.MustCompile(`CELEX(?::|%3A)\d{5}[A-Z]{1,2}\d{3,4}`)
	ecli        = regexp.MustCompile(`ECLI(?::|%3A)[A-Z]{2}(?::|%3A)[A-Z0-9]+(?::|%3A)\d{4}(?::|%3A)[0-9A-Z.]+`)
	caseRef     = regexp.MustCompile(`(?i)^(?:HvJ[^,]*,\s*)?C-\d+/\d{2}\b|\bECLI:`)
)

// SourceProblem says what is wrong with link as the source of a legal
// claim, or "" when it is a deep link. ref is the citation shown with it
// ("Awb art. 4:21", "C-305/08"): case law must link its CELEX or ECLI.
func SourceProblem(link, ref string) string {
	u, err := url.Parse(link)
	if err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" {
		return "not an absolute web link"
	}
	host := strings.ToLower(strings.TrimPrefix(u.Host, "www."))
	path := strings.Trim(u.Path, "/")
	switch {
	case strings.HasSuffix(host, "wikipedia.org"):
		return "Wikipedia is not a legal source"
	case strings.Contains(host, "blogspot.") || strings.HasPrefix(host, "blog.") || strings.Contains(host, "blog") || strings.HasPrefix(path, "blog/"):
		return "a blog is not a legal source"
	case path == "" && u.RawQuery == "" && u.Fragment == "":
		return "a bare homepage, not a deep link"
	case host == "wetten.overheid.nl" && !bwbrArticle.MatchString(link):
		return "a law on wetten.overheid.nl needs its BWBR id and article (jci1.3:c:BWBR…&artikel=…)"
	case host == "eur-lex.europa.eu" && !celex.MatchString(link) && !strings.Contains(link, "/eli/"):
		return "an EU act on EUR-Lex needs its CELEX number"
	case caseRef.MatchString(ref) && !celex.MatchString(link) && !ecli.MatchString(link):
		return "case law needs its CELEX number or ECLI in the link"
	}
	return ""
}
