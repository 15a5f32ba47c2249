package knowledge

import (
	"context"
	"fmt"
	"os"
	"regexp"
	"strings"
	"testing"
	"time"
)

// holdoutFile is the fresh hold-out set of the answer eval: written on
// 2026-12-01 by an outsider from facts.md and the seed only, never tuned on.
const holdoutFile = "eval/holdout.toml"

// holdoutDate is the set's reference date: the 2026-2027 thresholds apply.
var holdoutDate = time.Date(2026, 12, 1, 12, 0, 0, 0, time.UTC)

func readHoldout(t *testing.T) []LeadQuestion {
	t.Helper()
	f, err := os.Open(holdoutFile)
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

// The hold-out set keeps its own rules: every question is in the holdout
// half with an id h001… in order, a note citing facts.md, known category
// tags, and the mix of the brief (story, case, follow-up, typo, English,
// small talk and out of scope all present).
func TestHoldoutSetFormat(t *testing.T) {
	qs := readHoldout(t)
	if len(qs) < 150 {
		t.Errorf("%d questions, want about 160", len(qs))
	}
	known := map[string]bool{"plain": true, "story": true, "case": true, "followup": true, "typo": true,
		"english": true, "smalltalk": true, "refuse": true}
	tags := map[string]int{}
	refuse := 0
	for i, q := range qs {
		if want := fmt.Sprintf("h%03d", i+1); q.ID != want {
			t.Errorf("question %d: id %q, want %q", i+1, q.ID, want)
		}
		if q.Half != "holdout" {
			t.Errorf("%s: half %q, want holdout", q.ID, q.Half)
		}
		if !strings.HasPrefix(q.Note, "facts ") && q.Expect != ExpectRefuse && q.Expect != ExpectSmallTalk && q.Expect != ExpectClarify {
			t.Errorf("%s: the note must cite the facts.md section: %q", q.ID, q.Note)
		}
		if len(q.Tags) == 0 {
			t.Errorf("%s: no tags", q.ID)
		}
		for _, tag := range q.Tags {
			if !known[tag] {
				t.Errorf("%s: unknown tag %q", q.ID, tag)
			}
			tags[tag]++
		}
		if (q.After != "") != holdoutHas(q.Tags, "followup") {
			t.Errorf("%s: a follow-up has an after and the followup tag, nothing else has", q.ID)
		}
		if (q.Expect == ExpectRefuse) != holdoutHas(q.Tags, "refuse") {
			t.Errorf("%s: expect refuse and the refuse tag go together", q.ID)
		}
		if q.Expect == ExpectRefuse {
			refuse++
		}
	}
	for tag := range known {
		if tags[tag] == 0 {
			t.Errorf("no question tagged %s", tag)
		}
	}
	if share := float64(refuse) / float64(len(qs)); share < 0.12 {
		t.Errorf("out of scope is %.2f of the set, want about 0.15", share)
	}
}

func holdoutHas(ss []string, s string) bool {
	for _, x := range ss {
		if x == s {
			return true
		}
	}
	return false
}

// The answer eval knows a third half, holdout, and nothing else; LeadHalves
// lists the halves a file uses in report order.
func TestLeadHalvesHoldout(t *testing.T) {
	const q = "[[q]]\nid = %q\nhalf = %q\nlang = \"nl\"\ntext = \"x\"\nexpect = \"refuse\"\n"
	qs, err := ReadLeads(strings.NewReader(fmt.Sprintf(q, "a", "holdout") + fmt.Sprintf(q, "b", "tune")))
	if err != nil {
		t.Fatal(err)
	}
	if got := LeadHalves(qs); strings.Join(got, ",") != "tune,holdout" {
		t.Errorf("halves %v, want tune,holdout", got)
	}
	_, err = ReadLeads(strings.NewReader(fmt.Sprintf(q, "a", "train")))
	if err == nil || !regexp.MustCompile(`half must be tune, test or holdout`).MatchString(err.Error()) {
		t.Errorf("half train: %v", err)
	}
	if !ValidHalf("holdout") || ValidHalf("") || ValidHalf("Holdout") {
		t.Error("ValidHalf")
	}
}

// TestHoldoutLeads runs the hold-out set through the engine (without an
// LLM) and logs its aggregate only — lead, refusal, clarify and small talk,
// and per category. It never prints a question it got wrong: the set is
// not tuned on. The floor is low on purpose: it catches a broken answer
// path, it is not the quality gate (that is the test half of leads.toml).
func TestHoldoutLeads(t *testing.T) {
	qs := readHoldout(t)
	eng, err := New(Config{}, Deps{Now: func() time.Time { return holdoutDate }})
	if err != nil {
		t.Fatal(err)
	}
	rep, err := eng.EvaluateLeads(context.Background(), qs, "holdout")
	if err != nil {
		t.Fatal(err)
	}
	if rep.All.N != len(qs) {
		t.Fatalf("ran %d of %d questions", rep.All.N, len(qs))
	}
	if os.Getenv("NOABER_EVAL_MISSES") == "" { // while tuning, its figures must not steer
		logLeadReport(t, "holdout", rep)
	}
	const leadFloor, refusalFloor = 0.5, 0.5
	if rep.Lead.Rate() < leadFloor {
		t.Errorf("hold-out lead accuracy %.3f is below the floor %.2f", rep.Lead.Rate(), leadFloor)
	}
	if rep.Refusal.Rate() < refusalFloor {
		t.Errorf("hold-out refusal accuracy %.3f is below the floor %.2f", rep.Refusal.Rate(), refusalFloor)
	}
}
