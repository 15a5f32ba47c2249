package knowledge

import (
	"context"
	"regexp"
	"testing"

	"github.com/noaber/noaber/i18n"
)

// A question about two kinds of contract leads with the figures of both
// (2026-2027: works €5,404,000, supplies and services of a municipality
// €216,000; Delegated Regulation (EU) 2025/2152, facts.md §1b), not with
// one of them.
func TestTwoKindsLeadWithBoth(t *testing.T) {
	e := askEngine(t)
	both := regexp.MustCompile(`(?s)5[.,]404[.,]000.*216[.,]000|(?s)216[.,]000.*5[.,]404[.,]000`)
	for _, q := range []struct {
		lang i18n.Lang
		text string
	}{
		{i18n.NL, "Wat is de drempel voor werken en leveringen?"},
		{i18n.NL, "drempel werken en diensten 2026"},
		{i18n.EN, "threshold for supplies and works?"},
	} {
		res, err := e.Ask(context.Background(), Input{Text: q.text, Lang: q.lang})
		if err != nil {
			t.Fatal(err)
		}
		if !both.MatchString(Lead(res.Answer)) {
			t.Errorf("%q: lead %.200q, want both thresholds", q.text, Lead(res.Answer))
		}
	}
}
