package knowledge

import (
	"context"
	"regexp"
	"testing"

	"github.com/noaber/noaber/i18n"
)

// Follow-ups, written for this test: what the follow-up adds
// decides the answer, and a short question that points back ("for that")
// is read with the one before when alone it is ambiguous.
func TestFollowUpsPointingBack(t *testing.T) {
	e := askEngine(t)
	for _, conv := range [][]struct {
		text string
		want string // regexp the lead must match
	}{
		{
			{"How long does the town have to decide on our application?", `(?i)decide`},
			{"and if they are late?", `(?i)\blate\b`},
		},
		{
			{"How do we set up an association?", `(?i)association`},
			{"do we need a notary for that?", `(?i)notar`},
		},
		// the same question for something else, pointing back
		{
			{"Hoeveel tijd heb ik om bezwaar te maken?", `6 weken`},
			{"geldt dat ook voor subsidies?", `6 weken`},
		},
	} {
		var prev *Context
		for _, step := range conv {
			lang := i18n.EN
			if regexp.MustCompile(`(?i)\b(ik|een|geldt|heb)\b`).MatchString(step.text) {
				lang = i18n.NL
			}
			res, err := e.Ask(context.Background(), Input{Text: step.text, Lang: lang, Prev: prev})
			if err != nil {
				t.Fatal(err)
			}
			prev = res.Context
			if res.Kind != KindAnswer || !regexp.MustCompile(step.want).MatchString(Lead(res.Answer)) {
				t.Errorf("%q: %s %.160q, want a lead matching %s", step.text, res.Kind, res.Answer, step.want)
			}
		}
	}
}

// "die"/"deze" after a yes/no verb stands for what was asked before — at
// the opening of any question, or anywhere in a short one — while "die"
// opening a relative clause points back at nothing.
func TestSubjectBack(t *testing.T) {
	for text, want := range map[string]bool{
		"en geldt die ook onder de drempel?": true,
		"mag deze ook bij werken?":           true,
		"ook voor werken geldt die?":         true,
		"en die?":                            true,
		"geldt die ook als de gemeente het werk in percelen opknipt en vooraf een raming maakt?": true,
		"welke regels zijn er die gelden voor werken onder de europese drempel?":                 false,
		"wat zijn de regels die gelden?":                                                         false,
	} {
		if got := subjectBack(text); got != want {
			t.Errorf("subjectBack(%q) = %v, want %v", text, got, want)
		}
	}
}
