package knowledge

import (
	"bytes"
	"context"
	"fmt"
	"log/slog"
	"strings"
	"testing"
	"time"
	"unicode"

	"github.com/BurntSushi/toml"

	"github.com/noaber/noaber/i18n"
)

// golden is one [[a]] of eval/answers.toml: a question and the figures its
// answer must lead with, and must not contain.
type golden struct {
	Text           string    `toml:"text"`
	Lang           i18n.Lang `toml:"lang"`
	MustContain    []string  `toml:"must_contain"`
	MustNotContain []string  `toml:"must_not_contain"`
	NotFirst       []string  `toml:"not_first"`
}

func readGolden(t *testing.T) []golden {
	t.Helper()
	var f struct {
		A []golden `toml:"a"`
	}
	md, err := toml.DecodeFile("eval/answers.toml", &f)
	if err != nil {
		t.Fatal(err)
	}
	if un := md.Undecoded(); len(un) > 0 {
		t.Fatalf("answers.toml: unknown key %s", un[0])
	}
	for i, g := range f.A {
		if g.Text == "" || !g.Lang.Valid() || len(g.MustContain) == 0 {
			t.Fatalf("answers.toml: question %d needs text, lang and must_contain", i+1)
		}
	}
	return f.A
}

// accuracyNow is the "today" of the accuracy test: the golden answers are
// written for 2026, when the 2026-2027 thresholds are the valid ones.
var accuracyNow = time.Date(2026, 6, 1, 12, 0, 0, 0, time.UTC)

// TestAnswerAccuracy is the golden-answer test: for each question of
// eval/answers.toml the extractive answer must be found, state the right
// figure in its first two sentences and contain none of the plausible
// wrong ones. A wrong threshold in a government-facing answer is the worst
// bug this product can have, so every violation fails.
func TestAnswerAccuracy(t *testing.T) {
	gs := readGolden(t)
	e, err := New(Config{}, Deps{
		Log: slog.New(slog.NewTextHandler(&bytes.Buffer{}, nil)),
		Now: func() time.Time { return accuracyNow },
	})
	if err != nil {
		t.Fatal(err)
	}
	failed := 0
	for _, g := range gs {
		res, err := e.Answer(context.Background(), g.Text, g.Lang)
		if err != nil {
			t.Fatal(err)
		}
		problems := checkGolden(g, res)
		if len(problems) > 0 {
			failed++
			t.Errorf("%q (%s):\n  %s\n  answer: %s", g.Text, g.Lang, strings.Join(problems, "\n  "), res.Answer)
		} else if testing.Verbose() {
			t.Logf("ok %q: %s", g.Text, firstUnits(res.Answer, 1))
		}
	}
	t.Logf("golden answers: %d of %d correct", len(gs)-failed, len(gs))
}

// checkGolden lists what is wrong with res as an answer to g.
func checkGolden(g golden, res Result) []string {
	if !res.Found {
		return []string{"refused"}
	}
	var out []string
	lead := normFigures(firstUnits(res.Answer, 2))
	first := normFigures(firstUnits(res.Answer, 1))
	all := normFigures(res.Answer)
	for _, s := range g.MustContain {
		if !containsFigure(lead, normFigures(s)) {
			out = append(out, fmt.Sprintf("first two sentences lack %q", s))
		}
	}
	for _, s := range g.MustNotContain {
		if containsFigure(all, normFigures(s)) {
			out = append(out, fmt.Sprintf("answer contains wrong %q", s))
		}
	}
	for _, s := range g.NotFirst {
		if containsFigure(first, normFigures(s)) {
			out = append(out, fmt.Sprintf("first sentence leads with %q", s))
		}
	}
	return out
}

// firstUnits returns the first n sentences or list items of an answer.
func firstUnits(answer string, n int) string {
	us := splitUnits(answer)
	var b []string
	for i := 0; i < len(us) && i < n; i++ {
		b = append(b, us[i].text)
	}
	return strings.Join(b, " ")
}

// normFigures lower-cases s, turns non-breaking spaces into spaces and
// drops thousands separators ("€ 216.000", "€216,000" → "€ 216000",
// "€216000"), so figures compare however they are written.
func normFigures(s string) string {
	s = strings.ToLower(strings.ReplaceAll(s, "\u00a0", " "))
	r := []rune(s)
	var b strings.Builder
	for i := 0; i < len(r); i++ {
		if (r[i] == '.' || r[i] == ',') && i > 0 && unicode.IsDigit(r[i-1]) && threeDigits(r, i+1) {
			continue
		}
		b.WriteRune(r[i])
	}
	return b.String()
}

// threeDigits reports whether r has exactly three digits from i on.
func threeDigits(r []rune, i int) bool {
	if i+3 > len(r) {
		return false
	}
	for j := i; j < i+3; j++ {
		if !unicode.IsDigit(r[j]) {
			return false
		}
	}
	return i+3 == len(r) || !unicode.IsDigit(r[i+3])
}

// containsFigure reports whether text contains fig not glued to other
// digits: "20 dagen" is not in "120 dagen", "216000" not in "2160000".
func containsFigure(text, fig string) bool {
	for i := 0; ; {
		j := strings.Index(text[i:], fig)
		if j < 0 {
			return false
		}
		start, end := i+j, i+j+len(fig)
		before := start == 0 || !isASCIIDigit(text[start-1])
		after := end == len(text) || !isASCIIDigit(text[end])
		if before && after {
			return true
		}
		i = start + 1
	}
}

func TestGoldenHelpers(t *testing.T) {
	for _, c := range []struct {
		text, fig string
		want      bool
	}{
		{"de drempel is € 216.000 (verordening)", "216.000", true},
		{"the threshold is €216,000.", "216,000", true},
		{"€ 2.216.000", "216.000", false},
		{"120 dagen", "20 dagen", false},
		{"artikel 2.82a", "2.82a", true},
		{"art. 2.170 Aw", "2.170", true},
		{"5% van de waarde", "5%", true},
		{"25% van de waarde", "5%", false},
	} {
		if got := containsFigure(normFigures(c.text), normFigures(c.fig)); got != c.want {
			t.Errorf("containsFigure(%q, %q) = %v", c.text, c.fig, got)
		}
	}
	if got := firstUnits("Eén. Twee! Drie.", 2); got != "Eén. Twee!" {
		t.Errorf("firstUnits = %q", got)
	}
}
