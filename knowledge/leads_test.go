package knowledge

import (
	"bytes"
	"context"
	"log/slog"
	"os"
	"testing"
	"time"
)

// The answer eval's gates (issue 12). The test half is only run, never
// tuned on: look at its misses only after a change is final, and then fix
// the pattern in the tune half's terms, not the question.
const (
	// gateTestLead is the share of test-half questions expecting a key fact
	// whose lead contains it.
	gateTestLead = 0.85
	// gateRefusal is the share of out-of-scope questions refused, over both
	// halves.
	gateRefusal = 0.97
)

// evalNow is the reference date of the eval set: December 2026.
func evalNow() time.Time { return time.Date(2026, 12, 1, 12, 0, 0, 0, time.UTC) }

func readLeads(t *testing.T) []LeadQuestion {
	t.Helper()
	f, err := os.Open("eval/leads.toml")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	qs, err := ReadLeads(f)
	if err != nil {
		t.Fatal(err)
	}
	return qs
}

func TestAnswerEval(t *testing.T) {
	e, err := New(Config{}, Deps{Log: slog.New(slog.NewTextHandler(&bytes.Buffer{}, nil)), Now: evalNow})
	if err != nil {
		t.Fatal(err)
	}
	qs := readLeads(t)
	for _, half := range []string{"tune", "test"} {
		rep, err := e.EvaluateLeads(context.Background(), qs, half)
		if err != nil {
			t.Fatal(err)
		}
		t.Logf("%s half: lead %.3f (%d/%d), refusal %.3f (%d/%d), clarify %.3f, small talk %.3f, all %.3f (%d)",
			half, rep.Lead.Rate(), rep.Lead.Right, rep.Lead.N, rep.Refusal.Rate(), rep.Refusal.Right, rep.Refusal.N,
			rep.ClarifyRate, rep.SmallTalk.Rate(), rep.All.Rate(), rep.All.N)
		for _, tag := range rep.Tags() {
			s := rep.ByTag[tag]
			t.Logf("  %-13s %.3f (%d/%d)", tag, s.Rate(), s.Right, s.N)
		}
		if half == "tune" && os.Getenv("NOABER_EVAL_MISSES") != "" {
			for _, m := range rep.Misses {
				t.Logf("MISS %s [%s] %q want %s; got %s: %.140q", m.Question.ID, m.Question.Lang, m.Question.Text, m.Question.Expect, m.Kind, m.Lead)
			}
		}
		if half == "test" && rep.Lead.Rate() < gateTestLead {
			t.Errorf("test half: lead accuracy %.3f, want ≥ %.2f", rep.Lead.Rate(), gateTestLead)
		}
	}
}
