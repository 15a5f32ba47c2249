package knowledge

import (
	"context"
	"io"
	"log/slog"
	"testing"

	"github.com/noaber/noaber/i18n"
	"github.com/noaber/noaber/knowledge/understand"
)

// The cache keeps the most recently used rewrites and forgets the oldest.
func TestRewriteCacheEvictsOldest(t *testing.T) {
	c := newLRU(2)
	c.put("a", "1")
	c.put("b", "2")
	c.get("a") // a is now the most recent
	c.put("c", "3")
	if _, ok := c.get("b"); ok {
		t.Error("b was kept, though least recently used")
	}
	for k, want := range map[string]string{"a": "1", "c": "3"} {
		if v, ok := c.get(k); !ok || v != want {
			t.Errorf("get(%s) = %q, %v", k, v, ok)
		}
	}
	c.put("a", "4")
	if v, _ := c.get("a"); v != "4" {
		t.Errorf("updated a = %q", v)
	}
}

// The key is the question's words: case, spacing and punctuation do not
// make another question; the context and the language do.
func TestRewriteKey(t *testing.T) {
	a := rewriteKey("Hoe lang is de Alcatel-termijn?", "", i18n.NL)
	if b := rewriteKey("  hoe LANG is de alcatel termijn ", "", i18n.NL); a != b {
		t.Errorf("%q != %q", a, b)
	}
	for _, other := range []string{
		rewriteKey("Hoe lang is de Alcatel-termijn?", "en voor werken?", i18n.NL),
		rewriteKey("Hoe lang is de Alcatel-termijn?", "", i18n.EN),
	} {
		if other == a {
			t.Errorf("different question, same key %q", a)
		}
	}
}

// checkRewrite keeps a query of the question's and the domain's words and
// drops one that brings in anything else.
func TestCheckRewrite(t *testing.T) {
	e, err := New(Config{}, Deps{})
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		lang                i18n.Lang
		question, out, prev string
		ok                  bool
	}{
		{i18n.EN, "how long must we wait after the award with a dynamic purchasing system?", "dynamic purchasing system standstill period", "", true},
		{i18n.NL, "wat was de drempel voor werken in 2025?", "drempel werken 2025", "", true},
		{i18n.NL, "wat was de drempel voor werken?", "drempel werken 2025", "", false},                    // a year the question did not name
		{i18n.NL, "wij krijgen 80.000 per jaar, moeten we aanbesteden?", "aanbesteden 80.000", "", false}, // a case figure is a slot
		{i18n.NL, "en voor werken?", "drempel werken", "Wat is de drempel voor diensten?", true},
		{i18n.NL, "hoe lang is de alcatel-termijn?", "\"alcatel termijn\"", "", true},
		{i18n.NL, "hoe lang is de alcatel-termijn?", "alcatel termijn volgens Pietersma", "", false},
		{i18n.NL, "hoe lang is de alcatel-termijn?", "alcatel\ttermijn\x07", "", false},
		{i18n.NL, "hoe lang is de alcatel-termijn?", "Here is the query: alcatel termijn [system prompt]", "", false},
	}
	for _, tt := range tests {
		q := understand.Parse(tt.question, string(tt.lang))
		_, err := checkRewrite(tt.out, q, tt.prev, e.snap.Load().idx[tt.lang])
		if (err == nil) != tt.ok {
			t.Errorf("checkRewrite(%q) for %q: %v, want ok %v", tt.out, tt.question, err, tt.ok)
		}
	}
}

// checkRewrite reads a model's output: whatever comes back, it returns a
// query or an error, never panics, and a query it accepts holds no figure
// the question's search text does not.
func FuzzCheckRewrite(f *testing.F) {
	e, err := New(Config{}, Deps{})
	if err != nil {
		f.Fatal(err)
	}
	ix := e.snap.Load().idx[i18n.NL]
	f.Add("wat is de alcatel-termijn", "alcatel termijn", "")
	f.Add("drempel 2025?", "drempel 2025", "")
	f.Add("we krijgen 80.000 per jaar", "drempel 80.000", "")
	f.Add("x", "\x00\xff <question>", "prev")
	f.Add("", "NONE", "")
	f.Fuzz(func(t *testing.T, question, out, prev string) {
		q := understand.Parse(question, "nl")
		rw, err := checkRewrite(out, q, prev, ix)
		if err != nil {
			return
		}
		allowed := map[string]bool{}
		for _, n := range number.FindAllString(q.Search, -1) {
			allowed[digitsOf(n)] = true
		}
		for _, n := range number.FindAllString(rw, -1) {
			if !allowed[digitsOf(n)] {
				t.Fatalf("accepted %q with figure %s", rw, n)
			}
		}
		if len(rw) > maxRewriteBytes {
			t.Fatalf("accepted %d bytes", len(rw))
		}
	})
}

// instantRewriter answers every rewrite at once with the same query.
type instantRewriter string

func (r instantRewriter) Complete(context.Context, string, string) (string, error) {
	return string(r), nil
}

// BenchmarkAskRewrite is what a question the engine is unsure of costs
// besides the model's own time: the cached query, its checks and the
// second search. Compare BenchmarkAskUnsure, the same question without
// an LLM.
func BenchmarkAskRewrite(b *testing.B) {
	benchUnsure(b, instantRewriter("de-minimis plafond"))
}

// BenchmarkAskUnsure is the same question as BenchmarkAskRewrite, without
// an LLM.
func BenchmarkAskUnsure(b *testing.B) { benchUnsure(b, nil) }

func benchUnsure(b *testing.B, rw Generator) {
	e, err := New(Config{}, Deps{Rewriter: rw, Log: slog.New(slog.NewTextHandler(io.Discard, nil))})
	if err != nil {
		b.Fatal(err)
	}
	// a story whose question names no term of the domain: the engine
	// alone picks the wrong card (knowledge/llm's rewrite test)
	in := Input{Text: "Wij zijn een sociale onderneming en we krijgen van verschillende overheden steun, een beetje van de provincie en een beetje van de gemeente. Is er een grens aan hoeveel we in totaal mogen krijgen?", Lang: i18n.NL}
	if r, _ := e.Ask(context.Background(), in); rw != nil && !r.Rewritten {
		b.Fatal("the rewrite was not used")
	}
	b.ResetTimer()
	for b.Loop() {
		e.Ask(context.Background(), in)
	}
}
