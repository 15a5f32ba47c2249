package knowledge

import (
	"bytes"
	"context"
	"log/slog"
	"testing"

	"github.com/noaber/noaber/i18n"
)

// The same question gets the same answer: asked again, and on an engine
// built anew (every table built from data and every score summed in the
// same order). Map order must never decide a ranking or a first match.
func TestAskDeterministic(t *testing.T) {
	newEngine := func() *Engine {
		e, err := New(Config{}, Deps{Log: slog.New(slog.NewTextHandler(&bytes.Buffer{}, nil)), Now: evalNow})
		if err != nil {
			t.Fatal(err)
		}
		return e
	}
	type asked struct {
		text string
		lang i18n.Lang
	}
	var qs []asked
	for _, q := range readLeads(t) {
		if q.Half == "tune" {
			qs = append(qs, asked{q.Text, q.Lang})
		}
	}
	for _, s := range []string{"dag", "Dag!", "goedenavond", "fijne avond", "later", "good day", "wat is de drempel?", "termijn?"} {
		qs = append(qs, asked{s, i18n.NL})
	}
	run := func(e *Engine) []string {
		out := make([]string, len(qs))
		for i, q := range qs {
			res, err := e.Ask(context.Background(), Input{Text: q.text, Lang: q.lang})
			if err != nil {
				t.Fatal(err)
			}
			out[i] = string(res.Kind) + "\x00" + res.Answer
		}
		return out
	}
	first := run(newEngine())
	again := newEngine()
	for round := 0; round < 3; round++ {
		got := run(again)
		for i := range got {
			if got[i] != first[i] {
				t.Fatalf("round %d: %q answered differently:\n%.120q\n%.120q", round, qs[i].text, first[i], got[i])
			}
		}
	}
}
