package knowledge

import (
	"bytes"
	"context"
	"log/slog"
	"os"
	"regexp"
	"testing"
	"time"
)

// The answer eval's gates (issue 12). The test half is only run, never
// tuned on: its misses are never printed, only its figures.
//
// The lead bar is issue 12's target, met on 1 December 2026 after the
// sixth round (test half: lead 0.851, 149 of 175 — one question above the
// bar, so a change that loses a single test-half answer fails). The refusal
// bar is the target too, over every out-of-scope question of both halves
// (0.980, 48 of 49): the test half alone holds 25, where one miss is four
// points (0.960). Raise the bars as the engine gets better, never lower them.
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
	return readLeadFile(t, "eval/leads.toml")
}

func TestAnswerEval(t *testing.T) {
	e, err := New(Config{}, Deps{Log: slog.New(slog.NewTextHandler(&bytes.Buffer{}, nil)), Now: evalNow})
	if err != nil {
		t.Fatal(err)
	}
	qs := readLeads(t)
	var refused, outOfScope int
	// While tuning (NOABER_EVAL_MISSES set) the test half is run for its
	// gates but its figures are not shown: they must not steer.
	tuning := os.Getenv("NOABER_EVAL_MISSES") != ""
	for _, half := range []string{"tune", "test"} {
		rep, err := e.EvaluateLeads(context.Background(), qs, half)
		if err != nil {
			t.Fatal(err)
		}
		if !(half == "test" && tuning) {
			logLeadReport(t, half+" half", rep)
		}
		if half == "tune" && tuning { // never the test half
			for _, m := range rep.Misses {
				t.Logf("MISS %s [%s] %q want %s; got %s: %.140q", m.Question.ID, m.Question.Lang, m.Question.Text, m.Question.Expect, m.Kind, m.Lead)
			}
		}
		if half == "test" && rep.Lead.Rate() < gateTestLead {
			if tuning {
				// the figure would steer: say only that the gate failed
				t.Errorf("test half: lead accuracy below the gate %.2f", gateTestLead)
			} else {
				t.Errorf("test half: lead accuracy %.3f, want ≥ %.2f", rep.Lead.Rate(), gateTestLead)
			}
		}
		refused += rep.Refusal.Right
		outOfScope += rep.Refusal.N
	}
	if r := float64(refused) / float64(outOfScope); r < gateRefusal && tuning {
		t.Errorf("refusal accuracy over both halves below the gate %.2f", gateRefusal)
	} else if r < gateRefusal {
		t.Errorf("refusal accuracy %.3f (%d/%d), want ≥ %.2f", r, refused, outOfScope, gateRefusal)
	}
}

// logLeadReport logs an eval's aggregate and its figures per category.
func logLeadReport(t *testing.T, name string, rep LeadReport) {
	t.Helper()
	t.Logf("%s: lead %.3f (%d/%d), refusal %.3f (%d/%d), clarify %.3f (%d/%d), small talk %.3f, clarify rate %.3f, all %.3f (%d)",
		name, rep.Lead.Rate(), rep.Lead.Right, rep.Lead.N, rep.Refusal.Rate(), rep.Refusal.Right, rep.Refusal.N,
		rep.Clarify.Rate(), rep.Clarify.Right, rep.Clarify.N, rep.SmallTalk.Rate(), rep.ClarifyRate, rep.All.Rate(), rep.All.N)
	for _, tag := range rep.Tags() {
		s := rep.ByTag[tag]
		t.Logf("  %-13s %.3f (%d/%d)", tag, s.Rate(), s.Right, s.N)
	}
}

// No answer, on any question of the eval, leads with a bare "Ja."/"Nee."
// fragment, and no card's lead does.
func TestNoBareYesNoLead(t *testing.T) {
	e, err := New(Config{}, Deps{Log: slog.New(slog.NewTextHandler(&bytes.Buffer{}, nil)), Now: evalNow})
	if err != nil {
		t.Fatal(err)
	}
	bare := regexp.MustCompile(`(?i)^\s*(ja|nee|yes|no)\s*[.!]`)
	for _, c := range e.Cards() {
		if bare.MatchString(c.Lead) {
			t.Errorf("card %s leads with a bare yes/no: %q", c.Key(), c.Lead)
		}
	}
	ctxs := map[string]*Context{}
	for _, q := range readLeads(t) {
		res, err := e.Ask(context.Background(), Input{Text: q.Text, Lang: q.Lang, Prev: ctxs[q.After]})
		if err != nil {
			t.Fatal(err)
		}
		ctxs[q.ID] = res.Context
		if bare.MatchString(res.Answer) {
			t.Errorf("%s: answer leads with a bare yes/no: %.80q", q.ID, res.Answer)
		}
	}
}
