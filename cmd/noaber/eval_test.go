package main

import (
	"bytes"
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
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

// noaber eval measures the engine alone unless --llm asks for the
// configured LLM, which then answers and rewrites through the real client.
func TestEvalWithLLM(t *testing.T) {
	var calls atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		calls.Add(1)
		w.Header().Set("Content-Type", "application/json")
		json.NewEncoder(w).Encode(map[string]any{"id": "c", "object": "chat.completion", "model": "m",
			"choices": []map[string]any{{"index": 0, "finish_reason": "stop",
				"message": map[string]any{"role": "assistant", "content": "NONE"}}}})
	}))
	defer srv.Close()
	cfgPath := filepath.Join(t.TempDir(), "noaber.toml")
	os.WriteFile(cfgPath, []byte("[llm]\nbase_url = \""+srv.URL+"/v1\"\nmodel = \"m\"\nrewrite = true\n"), 0o600)
	leads := "../../knowledge/eval/leads.toml"

	out, errs, code := noaber(t, "", "eval", "--half", "tune", "--config", cfgPath, leads)
	if code != 0 || calls.Load() != 0 || strings.Contains(out, "rewritten") {
		t.Fatalf("eval without --llm: exit %d, %d LLM calls\n%s%s", code, calls.Load(), out, errs)
	}
	out, errs, code = noaber(t, "", "eval", "--llm", "--half", "tune", "--config", cfgPath, leads)
	if code != 0 || calls.Load() == 0 || !strings.Contains(out, "rewritten queries: 0") || !strings.Contains(out, "lead accuracy:") {
		t.Fatalf("eval --llm: exit %d, %d LLM calls\n%s%s", code, calls.Load(), out, errs)
	}
	if _, errs, code := noaber(t, "", "eval", "--llm", leads); code != 2 || !strings.Contains(errs, "--llm: no LLM configured") {
		t.Errorf("eval --llm without an LLM: exit %d %q", code, errs)
	}
}
