package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// noaber eval grades the answer eval per half and category; a malformed
// answer eval is reported as such, naming the question.
func TestEvalCommand(t *testing.T) {
	var out, errs bytes.Buffer
	if code := run(context.Background(), []string{"eval", "--half", "test", "../../knowledge/eval/leads.toml"}, strings.NewReader(""), &out, &errs); code != 0 {
		t.Fatalf("eval: %d %s", code, errs.String())
	}
	for _, want := range []string{"test half (220 questions)", "lead accuracy:", "refusal accuracy:", "story", "english"} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("output lacks %q:\n%s", want, out.String())
		}
	}
	if strings.Contains(out.String(), "tune half") || strings.Contains(out.String(), "miss ") {
		t.Errorf("--half test printed the tune half or misses:\n%s", out.String())
	}

	bad := filepath.Join(t.TempDir(), "bad.toml")
	os.WriteFile(bad, []byte("[[q]]\nid = \"a\"\nhalf = \"tune\"\nlang = \"nl\"\ntext = \"x\"\nexpect = \"([\"\n"), 0o600)
	out.Reset()
	errs.Reset()
	if code := run(context.Background(), []string{"eval", bad}, strings.NewReader(""), &out, &errs); code == 0 || !strings.Contains(errs.String(), "answer eval: question 1 (a): expect") {
		t.Errorf("bad answer eval: %d %q", code, errs.String())
	}
}

// With the web chat on, the public listener holds a connection per
// visitor: its cap fits 1,000 of them (the 256 of a bot without a chat
// cut the load test's visitors off).
func TestHTTPConnCapFitsWebVisitors(t *testing.T) {
	if httpConnCap(false) != 256 || httpConnCap(true) < 1000 {
		t.Errorf("caps: %d without the chat, %d with it", httpConnCap(false), httpConnCap(true))
	}
}
