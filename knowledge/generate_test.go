package knowledge

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/noaber/noaber/i18n"
)

func TestVerify(t *testing.T) {
	d1 := &Document{ID: "a", Title: "Drempels", Sources: []Source{{ID: "a", Title: "Aw", Ref: "art. 2.17"}}}
	d2 := &Document{ID: "b", Title: "Subsidie"}
	ps := []*Passage{
		{Doc: d1, Heading: "Diensten", Text: "De drempel is € 216.000 vanaf 2026."},
		{Doc: d2, Text: "Een subsidie tot € 5.000 is klein."},
	}
	tests := []struct {
		out, err string
		cited    int
	}{
		{"De drempel is 216,000 euro [1].", "", 1},
		{"Drempel € 216.000 [1]; kleine subsidie tot 5000 [2].", "", 2},
		{"Zie [1, 2]: 216.000 en 5.000.", "", 2},
		{"Volgens art. 2.17 geldt 216.000 [1].", "", 1},
		{"De drempel is € 5.000 [1].", "number 5.000", 0}, // the number is only in a passage not cited
		{"Het is 216.000 [3].", "cites passage [3]", 0},
		{"Het is 216.000 [0].", "cites passage [0]", 0},
		{"Het is 216.000.", "cites no passage", 0},
		{strings.Repeat("drempel [1] ", 200), "answer too long", 0},
	}
	for _, tt := range tests {
		_, cited, err := verify(tt.out, ps)
		if tt.err == "" {
			if err != nil || len(cited) != tt.cited {
				t.Errorf("verify(%q) = %d cited, %v", tt.out, len(cited), err)
			}
			continue
		}
		if err == nil || !strings.Contains(err.Error(), tt.err) {
			t.Errorf("verify(%q) error = %v, want %q", tt.out, err, tt.err)
		}
	}
}

type fakeGen struct {
	out   string
	err   error
	delay time.Duration
	calls int
}

func (g *fakeGen) Complete(ctx context.Context, system, user string) (string, error) {
	g.calls++
	select {
	case <-time.After(g.delay):
	case <-ctx.Done():
		return "", ctx.Err()
	}
	return g.out, g.err
}

// The engine's own time budget holds whatever the Generator does.
func TestGeneratorBudgetAndErrors(t *testing.T) {
	plain := fixtureEngine(t, Config{}, Deps{})
	want, _ := plain.Answer(context.Background(), "drempel diensten", i18n.NL)
	for name, g := range map[string]*fakeGen{
		"slow":  {out: "€ 216.000 [1]", delay: 5 * time.Second},
		"error": {err: errors.New("boom")},
	} {
		e := fixtureEngine(t, Config{}, Deps{Generator: g, GeneratorTimeout: 50 * time.Millisecond})
		start := time.Now()
		r, err := e.Answer(context.Background(), "drempel diensten", i18n.NL)
		if err != nil || r.LLM || r.Answer != want.Answer || g.calls != 1 {
			t.Errorf("%s: %+v %v", name, r, err)
		}
		if time.Since(start) > time.Second {
			t.Errorf("%s: budget not kept", name)
		}
	}
	// Not-found questions never reach the model.
	g := &fakeGen{out: "x [1]"}
	e := fixtureEngine(t, Config{}, Deps{Generator: g})
	if r, _ := e.Answer(context.Background(), "hoofdstad van Frankrijk", i18n.NL); r.Found || g.calls != 0 {
		t.Errorf("model asked for an out-of-scope question: %+v", r)
	}
}
