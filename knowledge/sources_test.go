package knowledge

import (
	"errors"
	"fmt"
	"net/url"
	"regexp"
	"strings"
	"testing"
)

// Issue 13: every source is a deep link — a law on wetten.overheid.nl with
// its BWBR id and article, an EU act or judgment on EUR-Lex with its CELEX
// number, Dutch case law with its ECLI — and never a bare homepage; and
// Wikipedia or a blog is never the only source of a document.

var (
	bwbrArticle = regexp.MustCompile(`BWBR\d{7}.*(&artikel=|#.*Artikel)`)
	blogHost    = regexp.MustCompile(`(^|\.)(blogspot\.com|wordpress\.com|medium\.com)$|blog`)
)

// sourceURLProblem says what is wrong with one source URL ("" = nothing).
// An empty URL is allowed: it means no checked deep link is known.
func sourceURLProblem(raw string) string {
	if raw == "" {
		return ""
	}
	u, err := url.Parse(raw)
	if err != nil || u.Host == "" || (u.Scheme != "https" && u.Scheme != "http") {
		return "not an absolute http(s) URL"
	}
	if (u.Path == "" || u.Path == "/") && u.RawQuery == "" && u.Fragment == "" {
		return "bare homepage"
	}
	host := strings.ToLower(u.Host)
	switch {
	case strings.HasSuffix(host, "wetten.overheid.nl"):
		if !bwbrArticle.MatchString(raw) {
			return "law without BWBR id and article"
		}
	case strings.HasSuffix(host, "eur-lex.europa.eu"):
		if !strings.Contains(raw, "CELEX:") {
			return "EUR-Lex link without CELEX number"
		}
	case strings.HasSuffix(host, "rechtspraak.nl"):
		if !strings.Contains(raw, "ECLI:") {
			return "case law without ECLI"
		}
	}
	return ""
}

// weakSource reports whether a URL is Wikipedia or a blog: fine as an
// extra, never as the only source.
func weakSource(raw string) bool {
	u, err := url.Parse(raw)
	if err != nil {
		return false
	}
	host := strings.ToLower(u.Host)
	return strings.HasSuffix(host, "wikipedia.org") || blogHost.MatchString(host)
}

// sourceProblems lists what is wrong with the sources of doc.
func sourceProblems(doc *Document) []string {
	var out []string
	weak, strong := 0, 0
	for i, s := range doc.Sources {
		if p := sourceURLProblem(s.URL); p != "" {
			out = append(out, fmt.Sprintf("source %d %q: %s", i+1, s.URL, p))
		}
		switch {
		case s.URL == "":
		case weakSource(s.URL):
			weak++
		default:
			strong++
		}
	}
	if weak > 0 && strong == 0 {
		out = append(out, "Wikipedia or a blog is the only linked source")
	}
	return out
}

func TestSourceProblems(t *testing.T) {
	for _, c := range []struct {
		urls []string
		want string // "" = no problem; else a substring of the first problem
	}{
		{[]string{"https://wetten.overheid.nl/jci1.3:c:BWBR0032203&artikel=2.71"}, ""},
		{[]string{"https://wetten.overheid.nl/BWBR0002448/2010-10-10/#Artikel3"}, ""},
		{[]string{"https://eur-lex.europa.eu/legal-content/NL/TXT/?uri=CELEX:32014L0024"}, ""},
		{[]string{"https://deeplink.rechtspraak.nl/uitspraak?id=ECLI:NL:RVS:2016:2927"}, ""},
		{[]string{"https://pianoo.nl/nl/visie-subsidie-overheidsopdracht", ""}, ""},
		{[]string{"https://pianoo.nl"}, "bare homepage"},
		{[]string{"https://wvhl.nl/"}, "bare homepage"},
		{[]string{"https://wetten.overheid.nl/BWBR0032203"}, "without BWBR id and article"},
		{[]string{"https://eur-lex.europa.eu/eli/dir/2014/24/oj"}, "without CELEX"},
		{[]string{"https://uitspraken.rechtspraak.nl/zoeken"}, "without ECLI"},
		{[]string{"javascript:alert(1)"}, "not an absolute"},
		{[]string{"https://nl.wikipedia.org/wiki/Algemene_termijnenwet"}, "only linked source"},
		{[]string{"https://keesvandewater.blogspot.com/2024/03/x.html", ""}, "only linked source"},
		{[]string{"https://debloggendedeurwaarder.nl/termijnen"}, "only linked source"},
		{[]string{"https://nl.wikipedia.org/wiki/Algemene_termijnenwet", "https://wetten.overheid.nl/jci1.3:c:BWBR0002448&artikel=1"}, ""},
	} {
		doc := &Document{}
		for _, u := range c.urls {
			doc.Sources = append(doc.Sources, Source{Title: "t", URL: u})
		}
		ps := sourceProblems(doc)
		switch {
		case c.want == "" && len(ps) > 0:
			t.Errorf("%v: unexpected %v", c.urls, ps)
		case c.want != "" && (len(ps) == 0 || !strings.Contains(ps[0], c.want)):
			t.Errorf("%v: problems %v, want %q", c.urls, ps, c.want)
		}
	}
}

func embeddedDocs(t *testing.T) []*Document {
	t.Helper()
	docs, errs := ParseFS(Corpus(), false)
	if err := errors.Join(errs...); err != nil {
		t.Fatal(err)
	}
	return docs
}

func TestCorpusSourcesAreDeepLinks(t *testing.T) {
	for _, doc := range embeddedDocs(t) {
		for _, p := range sourceProblems(doc) {
			t.Errorf("%s: %s", doc.File, p)
		}
	}
}

// correctedClaim is a claim an expert review found wrong (facts.md,
// CORRECTED 2026-12-01 and §13): in a passage that matches about, the
// pattern wrong must not occur; when must is set, it must occur.
type correctedClaim struct {
	name        string
	about       *regexp.Regexp
	wrong, must *regexp.Regexp
}

var correctedClaims = []correctedClaim{
	{
		name:  "uitdaagrecht is no kan-bepaling: Gemeentewet 150(3) obliges the council to set conditions",
		about: regexp.MustCompile(`uitdaagrecht|right to challenge`),
		wrong: regexp.MustCompile(`kan-bepaling|kán|enabling provision|may regulate|can regulate|mag (het uitdaagrecht )?regelen|kan het uitdaagrecht regelen|geen plicht|not a duty|an option|een mogelijkheid`),
	},
	{
		name:  "backward-counted terms are excluded by Atw art. 1(2), not art. 4",
		about: regexp.MustCompile(`terugreken|teruggerekend|backward`),
		wrong: regexp.MustCompile(`artikel 4|art\. 4\b|article 4`),
	},
	{
		name:  "Waterland's €5,548,000 is the outdated 2018-19 works threshold, not a typo",
		about: regexp.MustCompile(`5[.,]548[.,]000`),
		wrong: regexp.MustCompile(`tikfout|typefout|typo`),
		must:  regexp.MustCompile(`2018`),
	},
	{
		name:  "no minimum of 45 days under the light regime for social services (Aw 2.39(2))",
		about: regexp.MustCompile(`verlicht regime|light regime|sas-procedure|sas procedure`),
		wrong: regexp.MustCompile(`45 dagen|45 days`),
	},
	{
		name:  "the SGEI de minimis regulation applies until 31-12-2030",
		about: regexp.MustCompile(`2023/2832|daeb-de-minimis|sgei de minimis`),
		wrong: regexp.MustCompile(`2031`),
	},
	{
		name:  "the threshold is decided by when the call for competition is sent, not when the contract starts",
		about: regexp.MustCompile(`drempel|threshold`),
		wrong: regexp.MustCompile(`opdrachten die in (die periode|20\d\d of 20\d\d) zijn gestart|contracts? started in|die rond de jaarwisseling start|starting around the turn of the year`),
	},
	{
		name:  "the utilities social-services threshold for 2026-27 is €1,000,000 and can be stated",
		about: regexp.MustCompile(`1[.,]000[.,]000`),
		wrong: regexp.MustCompile(`(niet zeker|not confirmed|waarschijnlijk|probably)`),
	},
	{
		name:  "the article for the 5-day cut (2.74a or 2.74b) is unconfirmed: state the substance",
		about: regexp.MustCompile(`.`),
		wrong: regexp.MustCompile(`aw (art\. )?2\.74[ab]`),
	},
	{
		name:  "BW 2:53a is unconfirmed: state the substance without the article",
		about: regexp.MustCompile(`.`),
		wrong: regexp.MustCompile(`2:53a`),
	},
	{
		name:  "a standstill period never ends on a Sunday",
		about: regexp.MustCompile(`standstill|alcatel`),
		wrong: regexp.MustCompile(`(eindigt|ends) (dan )?op (de )?zondag|ends on (the )?sunday`),
	},
}

// claimViolations lists the corrected claims text (one passage) breaks.
func claimViolations(text string) []string {
	low := strings.ToLower(text)
	var out []string
	for _, c := range correctedClaims {
		if !c.about.MatchString(low) {
			continue
		}
		if m := c.wrong.FindString(low); m != "" {
			out = append(out, fmt.Sprintf("%s (found %q)", c.name, m))
		}
		if c.must != nil && !c.must.MatchString(low) {
			out = append(out, fmt.Sprintf("%s (missing %s)", c.name, c.must))
		}
	}
	return out
}

func TestClaimViolations(t *testing.T) {
	// The wrong sentences the review found, each caught; their corrections pass.
	for _, c := range []struct {
		text  string
		wrong bool
	}{
		{`De gemeenteraad kán het uitdaagrecht regelen in de participatieverordening; het is een "kan-bepaling".`, true},
		{`The municipal council may regulate the Right to Challenge; it is an enabling provision.`, true},
		{`In de participatieverordening worden voorwaarden bepaald voor het uitdaagrecht (Gemeentewet art. 150 lid 3); elke uitdaging toekennen hoeft niet.`, false},
		{`Terugrekenen: volgens artikel 4 van de Algemene termijnenwet gelden artikel 1 en 2 niet.`, true},
		{`Terugrekenen: de verschuiving geldt niet (Algemene termijnenwet art. 1 lid 2).`, false},
		{`Waterland noemt € 5.548.000; dat is een tikfout.`, true},
		{`Waterland noemt € 5.548.000; dat is de verouderde drempel uit 2018-2019.`, false},
		{`Onder het verlicht regime geldt een inschrijftermijn van minstens 45 dagen (Aw 2.71).`, true},
		{`SGEI de minimis Regulation 2023/2832 applies to 1 January 2031.`, true},
		{`Gebruik de drempels van 2024-2025 alleen voor opdrachten die in die periode zijn gestart.`, true},
		{`Utilities social services threshold is probably €1,000,000, not confirmed for 2026.`, true},
		{`De termijn mag 5 dagen korter (Aw art. 2.74b).`, true},
		{`Een coöperatie mag winst uitkeren (BW 2:53a).`, true},
		{`De Alcatel-termijn eindigt dan op zondag 12 april.`, true},
		{`De Alcatel-termijn eindigt op de eerstvolgende werkdag.`, false},
	} {
		if got := claimViolations(c.text); (len(got) > 0) != c.wrong {
			t.Errorf("%q: violations %v, want wrong=%v", c.text, got, c.wrong)
		}
	}
}

// TestCorpusHoldsCorrectedFacts holds every shipped passage, heading and
// title to the corrected facts.
func TestCorpusHoldsCorrectedFacts(t *testing.T) {
	n := 0
	for _, doc := range embeddedDocs(t) {
		for _, p := range doc.Passages {
			n++
			for _, v := range claimViolations(doc.Title + "\n" + p.Heading + "\n" + p.Text) {
				t.Errorf("%s, %q: %s", doc.File, p.Heading, v)
			}
		}
	}
	if n == 0 {
		t.Fatal("no passages checked")
	}
}
