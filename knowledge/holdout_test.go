package knowledge

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"
)

// holdoutSet is a fresh hold-out set of the answer eval: written by an
// outsider from facts.md and the seed only, never tuned on, every question
// in the holdout half with an id prefix001… in order. Each set is checked
// and reported apart, under its own name.
type holdoutSet struct {
	name, file, prefix string
	// min is the least number of questions; the shares are the least
	// share of the set per category tag (the mix its brief asked for).
	min    int
	shares map[string]float64
	// smallTalkTagged: a question expects smalltalk exactly when it has
	// the smalltalk tag. fresh: no question repeats one of leads.toml, a
	// tuning set or an earlier hold-out set. Both asked of the second set;
	// the first predates them.
	smallTalkTagged, fresh bool
}

var holdoutSets = []holdoutSet{
	// Written on 2026-12-01 (first outsider set, 181 questions).
	{name: "holdout", file: "eval/holdout.toml", prefix: "h", min: 150,
		shares: map[string]float64{"refuse": 0.12}},
	// holdout3 (the third outsider set, ids m…) was retired into the
	// tuning sets in the fifth round: train/outsider3(.valid).toml.
	// holdout4 (the fourth outsider set, ids j…) was retired into the
	// tuning sets in the sixth round: train/outsider4(.valid).toml.
	// Written on 2026-12-01 (fifth outsider set, 260 questions, ids t…):
	// the mix of its brief (r6-holdout5).
	{name: "holdout5", file: "eval/holdout5.toml", prefix: "t", min: 200,
		shares: map[string]float64{"story": 0.30, "case": 0.10, "typo": 0.10, "followup": 0.10,
			"english": 0.30, "refuse": 0.12, "smalltalk": 0.04},
		smallTalkTagged: true, fresh: true},
}

// holdoutDate is the sets' reference date: the 2026-2027 thresholds apply.
var holdoutDate = time.Date(2026, 12, 1, 12, 0, 0, 0, time.UTC)

// Each hold-out set keeps its own rules: every question is in the holdout
// half with the set's id prefix in order, a note citing facts.md, known
// category tags, and the mix of its brief (story, case, follow-up, typo,
// English, small talk and out of scope all present, each at its share).
// A fresh set repeats no question of its own, of an earlier set or of the
// sets that are tuned on: a repeated question is not fresh.
func TestHoldoutSetFormat(t *testing.T) {
	seen := map[string]string{} // normalised text → the set that has it
	for _, file := range append([]string{"eval/leads.toml"}, holdoutTrainFiles(t)...) {
		for _, q := range readLeadFile(t, file) {
			seen[holdoutNorm(q.Text)] = file
		}
	}
	for _, set := range holdoutSets {
		t.Run(set.name, func(t *testing.T) {
			qs := readLeadFile(t, set.file)
			checkHoldoutSet(t, set, qs, seen)
		})
	}
}

// holdoutTrainFiles lists the tuning sets (knowledge/eval/train), if any.
func holdoutTrainFiles(t *testing.T) []string {
	t.Helper()
	files, err := filepath.Glob("eval/train/*.toml")
	if err != nil {
		t.Fatal(err)
	}
	return files
}

func holdoutNorm(s string) string {
	return strings.Join(strings.Fields(strings.ToLower(s)), " ")
}

func checkHoldoutSet(t *testing.T, set holdoutSet, qs []LeadQuestion, seen map[string]string) {
	t.Helper()
	if len(qs) < set.min {
		t.Errorf("%s: %d questions, want at least %d", set.file, len(qs), set.min)
	}
	known := map[string]bool{"plain": true, "story": true, "case": true, "followup": true, "typo": true,
		"english": true, "smalltalk": true, "refuse": true}
	tags := map[string]int{}
	for i, q := range qs {
		if want := fmt.Sprintf("%s%03d", set.prefix, i+1); q.ID != want {
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
		if (q.Expect == ExpectSmallTalk) != holdoutHas(q.Tags, "smalltalk") && set.smallTalkTagged {
			t.Errorf("%s: expect smalltalk and the smalltalk tag go together", q.ID)
		}
		// A follow-up ("en voor werken?") or a greeting of a few words may
		// well be typed the same by anyone.
		short := q.After != "" || len(strings.Fields(q.Text)) < 4
		if from, ok := seen[holdoutNorm(q.Text)]; ok && set.fresh && !short {
			// Only the id: the other set's questions stay unread.
			t.Errorf("%s: the same question is in %s, so it is not fresh", q.ID, from)
		}
		seen[holdoutNorm(q.Text)] = set.file
	}
	for tag := range known {
		if tags[tag] == 0 {
			t.Errorf("no question tagged %s", tag)
		}
	}
	refuse := 0
	for _, q := range qs {
		if q.Expect == ExpectRefuse {
			refuse++
		}
	}
	for tag, want := range set.shares {
		n := tags[tag]
		if tag == "refuse" {
			n = refuse
		}
		if share := float64(n) / float64(len(qs)); share < want {
			t.Errorf("%s is %.2f of the set, want at least %.2f", tag, share, want)
		}
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

// TestHoldoutLeads runs every hold-out set through the engine (without an
// LLM) and logs each set's aggregate apart, under its own name — lead,
// refusal, clarify and small talk, and per category. It never prints a
// question it got wrong: the sets are not tuned on, and while tuning
// (NOABER_EVAL_MISSES set) not even their figures are logged. The floor is
// low on purpose: it catches a broken answer path, it is not the quality
// gate (that is the test half of leads.toml).
func TestHoldoutLeads(t *testing.T) {
	eng, err := New(Config{}, Deps{Now: func() time.Time { return holdoutDate }})
	if err != nil {
		t.Fatal(err)
	}
	for _, set := range holdoutSets {
		t.Run(set.name, func(t *testing.T) {
			qs := readLeadFile(t, set.file)
			rep, err := eng.EvaluateLeads(context.Background(), qs, "holdout")
			if err != nil {
				t.Fatal(err)
			}
			if rep.All.N != len(qs) {
				t.Fatalf("ran %d of %d questions", rep.All.N, len(qs))
			}
			if os.Getenv("NOABER_EVAL_MISSES") == "" { // while tuning, its figures must not steer
				logLeadReport(t, set.name, rep)
			}
			const leadFloor, refusalFloor = 0.5, 0.5
			if rep.Lead.Rate() < leadFloor {
				t.Errorf("%s lead accuracy %.3f is below the floor %.2f", set.name, rep.Lead.Rate(), leadFloor)
			}
			if rep.Refusal.Rate() < refusalFloor {
				t.Errorf("%s refusal accuracy %.3f is below the floor %.2f", set.name, rep.Refusal.Rate(), refusalFloor)
			}
		})
	}
}
