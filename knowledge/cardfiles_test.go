package knowledge

import (
	"fmt"
	"io/fs"
	"path"
	"regexp"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/BurntSushi/toml"

	"github.com/noaber/noaber/i18n"
)

// The answer-card files beside the corpus documents (format: issue 12) are
// data until the loader lands; this test keeps them consistent with their
// documents now: every section is a "##" heading of the sibling document,
// ids are unique, sources point into the document's [[sources]], and leads
// and variants follow the format's limits.

type cardFileCard struct {
	ID       string   `toml:"id"`
	Kind     string   `toml:"kind"`
	Section  string   `toml:"section"`
	Lead     string   `toml:"lead"`
	Variants []string `toml:"variants"`
	Sources  []int    `toml:"sources"`
}

var cardFileKinds = map[string]bool{"definition": true, "amount": true, "may_must": true, "procedure": true, "time_limit": true, "other": true}

// cardFileProblems checks one card file against its document.
func cardFileProblems(data []byte, doc *Document) []string {
	var f struct {
		Card []cardFileCard `toml:"card"`
	}
	md, err := toml.Decode(string(data), &f)
	if err != nil {
		return []string{err.Error()}
	}
	var out []string
	if un := md.Undecoded(); len(un) > 0 {
		out = append(out, fmt.Sprintf("unknown key %s", un[0]))
	}
	if len(f.Card) == 0 {
		out = append(out, "no cards")
	}
	heads := map[string]bool{}
	for _, p := range doc.Passages {
		heads[p.Heading] = true
	}
	minVariants := 5
	if doc.Lang == "en" {
		minVariants = 3
	}
	ids := map[string]bool{}
	for i, c := range f.Card {
		where := fmt.Sprintf("card %d (%s)", i+1, c.ID)
		switch {
		case c.ID == "":
			out = append(out, where+": no id")
		case ids[c.ID]:
			out = append(out, where+": duplicate id")
		}
		ids[c.ID] = true
		if !cardFileKinds[c.Kind] {
			out = append(out, fmt.Sprintf("%s: kind %q", where, c.Kind))
		}
		if !heads[c.Section] {
			out = append(out, fmt.Sprintf("%s: section %q is no heading of %s", where, c.Section, doc.File))
		}
		if n := utf8.RuneCountInString(c.Lead); n == 0 || n > 320 {
			out = append(out, fmt.Sprintf("%s: lead has %d characters", where, n))
		}
		for _, bare := range []string{"Ja.", "Nee.", "Yes.", "No."} {
			if strings.HasPrefix(c.Lead, bare) {
				out = append(out, where+": lead starts with a bare "+bare)
			}
		}
		if len(c.Variants) < minVariants {
			out = append(out, fmt.Sprintf("%s: %d variants, want ≥ %d", where, len(c.Variants), minVariants))
		}
		if len(c.Sources) > 3 {
			out = append(out, where+": more than 3 sources")
		}
		for _, s := range c.Sources {
			if s < 1 || s > len(doc.Sources) {
				out = append(out, fmt.Sprintf("%s: source %d, document has %d", where, s, len(doc.Sources)))
			}
		}
	}
	return out
}

func TestCardFileProblems(t *testing.T) {
	doc := &Document{File: "nl/x.md", Lang: "nl", Sources: []Source{{Title: "a"}}, Passages: []*Passage{{Heading: "Wat is X"}}}
	good := `[[card]]
id = "x"
kind = "definition"
section = "Wat is X"
lead = "X is een voorbeeld (bron)."
variants = ["a", "b", "c", "d", "e"]
sources = [1]
`
	if ps := cardFileProblems([]byte(good), doc); len(ps) > 0 {
		t.Fatalf("good card: %v", ps)
	}
	for _, c := range []struct{ old, new, want string }{
		{`section = "Wat is X"`, `section = "Wat is Y"`, "is no heading"},
		{`kind = "definition"`, `kind = "faq"`, "kind"},
		{`sources = [1]`, `sources = [2]`, "document has 1"},
		{`variants = ["a", "b", "c", "d", "e"]`, `variants = ["a"]`, "variants"},
		{`lead = "X is een voorbeeld (bron)."`, `lead = "Ja. X is een voorbeeld."`, "bare Ja."},
		{`id = "x"`, `idd = "x"`, "unknown key"},
		{`lead = "X is een voorbeeld (bron)."`, `lead = "` + strings.Repeat("x", 321) + `"`, "321 characters"},
	} {
		ps := cardFileProblems([]byte(strings.Replace(good, c.old, c.new, 1)), doc)
		if len(ps) == 0 || !strings.Contains(strings.Join(ps, "; "), c.want) {
			t.Errorf("%s → %s: problems %v, want %q", c.old, c.new, ps, c.want)
		}
	}
	dup := good + "\n" + good
	if ps := cardFileProblems([]byte(dup), doc); len(ps) != 1 || !strings.Contains(ps[0], "duplicate id") {
		t.Errorf("duplicate: %v", ps)
	}
}

func TestCorpusCardFiles(t *testing.T) {
	docs := map[string]*Document{}
	for _, d := range embeddedDocs(t) {
		docs[d.File] = d
	}
	files, err := fs.Glob(Corpus(), "*/*.cards.toml")
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range files {
		md := strings.TrimSuffix(f, ".cards.toml") + ".md"
		doc := docs[md]
		if doc == nil {
			t.Errorf("%s: no document %s", f, md)
			continue
		}
		data, err := fs.ReadFile(Corpus(), f)
		if err != nil {
			t.Fatal(err)
		}
		for _, p := range cardFileProblems(data, doc) {
			t.Errorf("%s: %s", f, p)
		}
	}
	// An English card file pairs with the Dutch one: same ids.
	for _, f := range files {
		if !strings.HasPrefix(f, "en/") {
			continue
		}
		nl := "nl/" + path.Base(f)
		if _, ok := docs[strings.TrimSuffix(nl, ".cards.toml")+".md"]; !ok {
			continue
		}
		en, nlIDs := cardIDs(t, f), cardIDs(t, nl)
		for id := range en {
			if !nlIDs[id] {
				t.Errorf("%s: card %q has no Dutch card with the same id in %s", f, id, nl)
			}
		}
	}
	// And every Dutch card has an English card: English is complete.
	for _, f := range files {
		if !strings.HasPrefix(f, "nl/") {
			continue
		}
		en := "en/" + path.Base(f)
		enIDs := cardIDs(t, en)
		for id := range cardIDs(t, f) {
			if !enIDs[id] {
				t.Errorf("%s: card %q has no English card with the same id in %s", f, id, en)
			}
		}
	}
}

func cardIDs(t *testing.T, name string) map[string]bool {
	t.Helper()
	data, err := fs.ReadFile(Corpus(), name)
	if err != nil {
		return nil
	}
	var f struct {
		Card []cardFileCard `toml:"card"`
	}
	if _, err := toml.Decode(string(data), &f); err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	ids := map[string]bool{}
	for _, c := range f.Card {
		ids[c.ID] = true
	}
	return ids
}

// The English lead carries every figure of the Dutch lead of the same card
// (amounts, percentages, periods and years): a reader gets the same fact in either
// language, and a figure changed in one language is changed in the other.
func TestEnglishLeadCarriesDutchFigures(t *testing.T) {
	e := askEngine(t)
	en := map[string]*Card{}
	for _, c := range e.Cards() {
		if c.Doc.Lang == i18n.EN {
			en[c.Doc.Topic+"#"+c.ID] = c
		}
	}
	for _, c := range e.Cards() {
		if c.Doc.Lang != i18n.NL {
			continue
		}
		twin := en[c.Doc.Topic+"#"+c.ID]
		if twin == nil {
			continue // TestCorpusCardFiles reports it
		}
		has := leadFigures(twin.Lead)
		for f := range leadFigures(c.Lead) {
			if !has[f] {
				t.Errorf("%s: the Dutch lead has %s, the English lead does not: %q", c.Key(), f, twin.Lead)
			}
		}
	}
}

// leadFigureRe finds an amount written with thousands separators
// ("€ 216.000", "€216,000") or a percentage ("30%", "5 procent").
var leadFigureRe = regexp.MustCompile(`(?i)(\d{1,3}(?:[.,]\d{3})+)|(\d+(?:[.,]\d+)?)\s*(?:%|procent|per ?cent)`)

// leadDurationRe finds a period ("3 jaar", "six weeks", "20 calendar days").
var leadDurationRe = regexp.MustCompile(`(?i)\b(\d+|twee|drie|vier|vijf|zes|acht|two|three|four|five|six|eight)[\s-]+(jaar|years?|maanden|maand|months?|weken|weeks?|dagen|days?|dag|kalenderdagen|calendar[\s-]days?)\b`)

var durationNumbers = map[string]string{"twee": "2", "drie": "3", "vier": "4", "vijf": "5", "zes": "6", "acht": "8",
	"two": "2", "three": "3", "four": "4", "five": "5", "six": "6", "eight": "8"}

// leadYearRe finds a year.
var leadYearRe = regexp.MustCompile(`\b(?:19|20)\d\d\b`)

func leadFigures(s string) map[string]bool {
	out := map[string]bool{}
	for _, y := range leadYearRe.FindAllString(s, -1) {
		out[y] = true
	}
	for _, m := range leadDurationRe.FindAllStringSubmatch(s, -1) {
		n := strings.ToLower(m[1])
		if w, ok := durationNumbers[n]; ok {
			n = w
		}
		unit := strings.ToLower(m[2])
		switch {
		case strings.HasPrefix(unit, "ja") || strings.HasPrefix(unit, "y"):
			unit = "years"
		case strings.HasPrefix(unit, "maand") || strings.HasPrefix(unit, "month"):
			unit = "months"
		case strings.HasPrefix(unit, "we"):
			unit = "weeks"
		default:
			unit = "days"
		}
		out[n+" "+unit] = true
	}
	for _, m := range leadFigureRe.FindAllStringSubmatch(s, -1) {
		if m[1] != "" {
			out[strings.NewReplacer(".", "", ",", "").Replace(m[1])] = true
		} else {
			out[strings.Replace(m[2], ",", ".", 1)+"%"] = true
		}
	}
	return out
}
