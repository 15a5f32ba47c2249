package knowledge

import (
	"bytes"
	"context"
	"log/slog"
	"os"
	"strings"
	"testing"
)

// The quality bar: the embedded corpus must answer the eval set with
// recall@3 ≥ 0.95 and an answer rate ≥ 0.96, and refuse out-of-scope
// questions with accuracy ≥ 0.95. Measured: 0.965, 0.972 and 0.959 (47/49);
// the bars sit just below, so a change that loses one more question than
// that margin fails. Issue #3 set 0.9; the refusal work raised them.
func TestEvalSet(t *testing.T) {
	f, err := os.Open("eval/questions.toml")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	qs, err := ReadEval(f)
	if err != nil {
		t.Fatal(err)
	}
	e, err := New(Config{}, Deps{Log: slog.New(slog.NewTextHandler(&bytes.Buffer{}, nil))})
	if err != nil {
		t.Fatal(err)
	}
	rep, err := e.Evaluate(context.Background(), qs)
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("in-scope %d, out-of-scope %d: recall@1 %.3f, recall@3 %.3f, MRR %.3f, refusal accuracy %.3f, answer rate %.3f",
		rep.InScope, rep.OutOfScope, rep.RecallAt1, rep.RecallAt3, rep.MRR, rep.RefusalAccuracy, rep.AnswerRate)
	if testing.Verbose() {
		for _, m := range rep.Misses {
			t.Logf("miss: %q (%s) expect %v out=%v; found=%v cov=%.2f got %v", m.Question.Text, m.Question.Lang, m.Question.Expect, m.Question.OutOfScope, m.Found, m.Coverage, m.Got[:min(3, len(m.Got))])
		}
	}
	if rep.RecallAt3 < 0.95 {
		t.Errorf("recall@3 = %.3f, want ≥ 0.95", rep.RecallAt3)
	}
	if rep.AnswerRate < 0.96 {
		t.Errorf("answer rate = %.3f, want ≥ 0.96", rep.AnswerRate)
	}
	if rep.RefusalAccuracy < 0.95 {
		t.Errorf("refusal accuracy = %.3f, want ≥ 0.95", rep.RefusalAccuracy)
	}
}

func TestReadEvalErrors(t *testing.T) {
	for in, want := range map[string]string{
		"[[q]]\ntext = \"x\"\nlang = \"de\"\nexpect = [\"a\"]": "lang must be nl or en",
		"[[q]]\ntext = \"x\"\nlang = \"nl\"":                   "give either expect or out_of_scope",
		"[[q]]\ntext = \"x\"\nlang = \"nl\"\nexpct = [\"a\"]":  "unknown key",
		"[[q]]\nlang = \"nl\"\nout_of_scope = true":            "has no text",
		"[[q]\n": "eval set:",
	} {
		if _, err := ReadEval(strings.NewReader(in)); err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("ReadEval(%q) = %v, want %q", in, err, want)
		}
	}
}
