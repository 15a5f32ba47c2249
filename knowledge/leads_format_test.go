package knowledge

import (
	"fmt"
	"regexp"
	"strings"
	"testing"

	"github.com/BurntSushi/toml"
)

// leadQ is one [[q]] of eval/leads.toml: the answer eval of issue 12. Each
// question carries the key fact the lead (the first 320 characters of the
// answer) must contain, as a regexp, or one of the keywords below.
type leadQ struct {
	ID     string   `toml:"id"`
	Half   string   `toml:"half"`
	Lang   string   `toml:"lang"`
	User   string   `toml:"user"`
	Tags   []string `toml:"tags"`
	Text   string   `toml:"text"`
	After  string   `toml:"after"`
	Expect string   `toml:"expect"`
	Note   string   `toml:"note"`
}

// leadKeywords are the expectations that are not a regexp.
var leadKeywords = map[string]bool{"refuse": true, "clarify": true, "smalltalk": true}

// leadTags are the categories the eval reports on; every half holds each.
var leadTags = []string{"plain", "story", "case", "typo", "followup", "english", "out_of_scope", "smalltalk"}

// leadMinShare is the minimum share of the whole set per category (issue 12).
// "out_of_scope" counts out-of-scope questions and small talk together.
var leadMinShare = map[string]float64{
	"story": 0.30, "case": 0.10, "typo": 0.10, "followup": 0.10, "english": 0.30, "out_of_scope": 0.15,
}

const leadMinQuestions = 320

func loadLeads(t *testing.T) []leadQ {
	t.Helper()
	var f struct {
		Q []leadQ `toml:"q"`
	}
	md, err := toml.DecodeFile("eval/leads.toml", &f)
	if err != nil {
		t.Fatal(err)
	}
	if und := md.Undecoded(); len(und) > 0 {
		t.Fatalf("eval/leads.toml: unknown keys %v", und)
	}
	return f.Q
}

// checkLeads returns every problem in a lead eval set; none means the set
// is well formed and meets the category shares of issue 12.
func checkLeads(qs []leadQ) []string {
	var probs []string
	bad := func(q leadQ, format string, args ...any) {
		probs = append(probs, q.ID+": "+fmt.Sprintf(format, args...))
	}
	known := map[string]bool{}
	for _, tag := range leadTags {
		known[tag] = true
	}
	idRe := regexp.MustCompile(`^q[0-9]{3,}$`)
	digit := regexp.MustCompile(`[0-9]`)
	seen := map[string]leadQ{} // earlier questions by id
	count := map[string]int{}  // per tag, whole set
	perHalf := map[string]map[string]int{"tune": {}, "test": {}}
	for _, q := range qs {
		if !idRe.MatchString(q.ID) {
			bad(q, "id %q is not q plus at least three digits", q.ID)
		}
		if _, dup := seen[q.ID]; dup {
			bad(q, "duplicate id")
		}
		if perHalf[q.Half] == nil {
			bad(q, "half %q is not tune or test", q.Half)
		}
		if q.Lang != "nl" && q.Lang != "en" {
			bad(q, "lang %q is not nl or en", q.Lang)
		}
		switch q.User {
		case "initiative", "official", "entrepreneur":
		default:
			bad(q, "user %q is not initiative, official or entrepreneur", q.User)
		}
		if strings.TrimSpace(q.Text) == "" || strings.TrimSpace(q.Note) == "" {
			bad(q, "empty text or note")
		}
		tags := map[string]bool{}
		for _, tag := range q.Tags {
			if !known[tag] {
				bad(q, "unknown tag %q", tag)
			}
			if tags[tag] {
				bad(q, "tag %q twice", tag)
			}
			tags[tag] = true
		}
		if len(q.Tags) == 0 {
			bad(q, "no tags")
		}

		// The expectation: a keyword, or a regexp that adds information.
		if !leadKeywords[q.Expect] {
			re, err := regexp.Compile("(?i)" + q.Expect)
			switch {
			case err != nil:
				bad(q, "expect is not a valid regexp: %v", err)
			case re.MatchString(""):
				bad(q, "expect %q matches the empty answer", q.Expect)
			case re.MatchString(q.Text):
				bad(q, "expect %q matches the question itself, so an echo would pass", q.Expect)
			}
		}

		// Tags agree with the fields they describe.
		if tags["english"] != (q.Lang == "en") {
			bad(q, "tag english and lang %q disagree", q.Lang)
		}
		if tags["followup"] != (q.After != "") {
			bad(q, "tag followup and after %q disagree", q.After)
		}
		if tags["out_of_scope"] != (q.Expect == "refuse") {
			bad(q, "tag out_of_scope and expect %q disagree", q.Expect)
		}
		if tags["smalltalk"] != (q.Expect == "smalltalk") {
			bad(q, "tag smalltalk and expect %q disagree", q.Expect)
		}
		if n := len(strings.Fields(q.Text)); tags["story"] && n <= 20 {
			bad(q, "story of %d words; a story has more than 20", n)
		}
		if tags["case"] && !digit.MatchString(q.Text) {
			bad(q, "case question without a number")
		}
		special := tags["story"] || tags["case"] || tags["typo"] || tags["followup"] || tags["out_of_scope"] || tags["smalltalk"]
		if tags["plain"] == special {
			bad(q, "plain must be set exactly when no story/case/typo/followup/out_of_scope/smalltalk tag is")
		}

		// A follow-up continues an earlier question of the same half.
		if q.After != "" {
			prev, ok := seen[q.After]
			switch {
			case !ok:
				bad(q, "after %q is not an earlier question", q.After)
			case prev.Half != q.Half:
				bad(q, "after %q is in half %q, not %q", q.After, prev.Half, q.Half)
			}
		}
		seen[q.ID] = q

		for tag := range tags {
			count[tag]++
			if perHalf[q.Half] != nil {
				perHalf[q.Half][tag]++
			}
		}
		if perHalf[q.Half] != nil {
			kind := q.Expect
			if !leadKeywords[kind] {
				kind = "regexp"
			}
			perHalf[q.Half]["expect:"+kind]++
			perHalf[q.Half]["all"]++
		}
	}

	n := len(qs)
	if n < leadMinQuestions {
		probs = append(probs, fmt.Sprintf("set: %d questions, want at least %d", n, leadMinQuestions))
	}
	if n == 0 {
		return probs
	}
	count["out_of_scope"] += count["smalltalk"]
	for tag, min := range leadMinShare {
		if share := float64(count[tag]) / float64(n); share < min {
			probs = append(probs, fmt.Sprintf("set: %s share %.3f, want at least %.2f", tag, share, min))
		}
	}
	for half, c := range perHalf {
		if share := float64(c["all"]) / float64(n); share < 0.4 || share > 0.6 {
			probs = append(probs, fmt.Sprintf("set: half %s holds %.2f of the questions, want about half", half, share))
		}
		for _, tag := range leadTags {
			if c[tag] == 0 {
				probs = append(probs, fmt.Sprintf("set: half %s has no %s question", half, tag))
			}
		}
		for _, kind := range []string{"regexp", "refuse", "clarify", "smalltalk"} {
			if c["expect:"+kind] == 0 {
				probs = append(probs, fmt.Sprintf("set: half %s has no question expecting %s", half, kind))
			}
		}
	}
	return probs
}

// TestLeadsFormat keeps eval/leads.toml usable as the answer gate: valid,
// consistent, and with the category shares issue 12 asks for.
func TestLeadsFormat(t *testing.T) {
	qs := loadLeads(t)
	for _, p := range checkLeads(qs) {
		t.Error(p)
	}
	count := map[string][2]int{}
	for _, q := range qs {
		i := 0
		if q.Half == "test" {
			i = 1
		}
		for _, tag := range q.Tags {
			c := count[tag]
			c[i]++
			count[tag] = c
		}
	}
	for _, tag := range leadTags {
		t.Logf("%-12s tune %3d  test %3d", tag, count[tag][0], count[tag][1])
	}
}

// TestCheckLeadsFindsProblems shows each check of checkLeads fires.
func TestCheckLeadsFindsProblems(t *testing.T) {
	good := leadQ{ID: "q001", Half: "tune", Lang: "nl", User: "official", Tags: []string{"plain"},
		Text: "Wat is de drempel voor diensten?", Expect: `216[.,]000`, Note: "facts.md §1b"}
	mod := func(f func(q *leadQ)) leadQ {
		q := good
		q.Tags = append([]string(nil), good.Tags...)
		f(&q)
		return q
	}
	cases := []struct {
		name string
		qs   []leadQ
		want string
	}{
		{"duplicate id", []leadQ{good, good}, "duplicate id"},
		{"bad id", []leadQ{mod(func(q *leadQ) { q.ID = "x1" })}, "is not q plus"},
		{"bad half", []leadQ{mod(func(q *leadQ) { q.Half = "train" })}, "is not tune or test"},
		{"bad lang", []leadQ{mod(func(q *leadQ) { q.Lang = "de" })}, "is not nl or en"},
		{"bad user", []leadQ{mod(func(q *leadQ) { q.User = "citizen" })}, "is not initiative"},
		{"unknown tag", []leadQ{mod(func(q *leadQ) { q.Tags = append(q.Tags, "funny") })}, "unknown tag"},
		{"bad regexp", []leadQ{mod(func(q *leadQ) { q.Expect = `216(` })}, "not a valid regexp"},
		{"empty match", []leadQ{mod(func(q *leadQ) { q.Expect = `216|` })}, "matches the empty answer"},
		{"echo", []leadQ{mod(func(q *leadQ) { q.Expect = `drempel` })}, "matches the question itself"},
		{"english without en", []leadQ{mod(func(q *leadQ) { q.Tags = append(q.Tags, "english") })}, "tag english"},
		{"refuse without tag", []leadQ{mod(func(q *leadQ) { q.Expect = "refuse" })}, "tag out_of_scope"},
		{"short story", []leadQ{mod(func(q *leadQ) { q.Tags = []string{"story"} })}, "a story has more than 20"},
		{"case without number", []leadQ{mod(func(q *leadQ) { q.Tags = []string{"case"} })}, "without a number"},
		{"plain with typo", []leadQ{mod(func(q *leadQ) { q.Tags = []string{"plain", "typo"} })}, "plain must be set"},
		{"after unknown", []leadQ{mod(func(q *leadQ) { q.After = "q000"; q.Tags = []string{"followup"} })}, "is not an earlier question"},
		{"after other half", []leadQ{good, mod(func(q *leadQ) {
			q.ID, q.Half, q.After, q.Text, q.Tags = "q002", "test", "q001", "en voor werken?", []string{"followup"}
		})}, "is in half"},
		{"too few", []leadQ{good}, "want at least 320"},
		{"shares", []leadQ{good}, "story share"},
		{"half missing a tag", []leadQ{good}, "half test has no story"},
		{"half missing a kind", []leadQ{good}, "half tune has no question expecting clarify"},
	}
	for _, c := range cases {
		found := false
		for _, p := range checkLeads(c.qs) {
			if strings.Contains(p, c.want) {
				found = true
			}
		}
		if !found {
			t.Errorf("%s: no problem containing %q in %q", c.name, c.want, checkLeads(c.qs))
		}
	}
}
