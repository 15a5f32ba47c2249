package main

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// noaber eval reports every half a file holds, the holdout half too, and
// --half holdout runs only it; even with -v it lists no miss of the
// holdout half (it is never tuned on), only of the tune half.
func TestEvalHoldoutHalf(t *testing.T) {
	const q = "[[q]]\nid = %q\nhalf = %q\nlang = \"nl\"\ntags = [\"refuse\"]\ntext = \"Hoe lang moet een ei koken?\"\nexpect = \"smalltalk\"\n\n"
	file := filepath.Join(t.TempDir(), "h.toml")
	data := fmt.Sprintf(q, "t1", "tune") + fmt.Sprintf(q, "h1", "holdout")
	if err := os.WriteFile(file, []byte(data), 0o600); err != nil {
		t.Fatal(err)
	}
	eval := func(args ...string) string {
		t.Helper()
		var out, errs bytes.Buffer
		if code := run(context.Background(), append([]string{"eval"}, args...), strings.NewReader(""), &out, &errs); code != 0 {
			t.Fatalf("eval %v: %d %s", args, code, errs.String())
		}
		return out.String()
	}
	out := eval("-v", file)
	for _, want := range []string{"tune half (1 questions)", "holdout half (1 questions)", "miss t1"} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
	if strings.Contains(out, "miss h1") || strings.Contains(out, "test half") {
		t.Errorf("printed a holdout miss or an empty test half:\n%s", out)
	}
	out = eval("-v", "--half", "holdout", file)
	if !strings.Contains(out, "holdout half (1 questions)") || strings.Contains(out, "tune half") || strings.Contains(out, "miss ") {
		t.Errorf("--half holdout:\n%s", out)
	}
	var errs bytes.Buffer
	if code := run(context.Background(), []string{"eval", "--half", "train", file}, strings.NewReader(""), &bytes.Buffer{}, &errs); code != 2 || !strings.Contains(errs.String(), "use tune, test or holdout") {
		t.Errorf("--half train: %d %q", code, errs.String())
	}
}
