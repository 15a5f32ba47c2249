package main

import (
	"context"
	"log/slog"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/noaber/noaber/bot"
	"github.com/noaber/noaber/cmd/noaber/config"
)

// errorLog records log lines at error level: a panic or an internal error
// in any capability is logged there before the user gets an apology.
type errorLog struct {
	mu    sync.Mutex
	lines []string
}

func (l *errorLog) Enabled(_ context.Context, lvl slog.Level) bool { return lvl >= slog.LevelError }
func (l *errorLog) Handle(_ context.Context, r slog.Record) error {
	l.mu.Lock()
	defer l.mu.Unlock()
	line := r.Message
	r.Attrs(func(a slog.Attr) bool { line += " " + a.String(); return true })
	l.lines = append(l.lines, line)
	return nil
}
func (l *errorLog) WithAttrs([]slog.Attr) slog.Handler { return l }
func (l *errorLog) WithGroup(string) slog.Handler      { return l }
func (l *errorLog) take() []string {
	l.mu.Lock()
	defer l.mu.Unlock()
	out := l.lines
	l.lines = nil
	return out
}

// FuzzWiredBot sends arbitrary messages and button clicks, as the operator
// (every role) and as a resident, through every capability as serve wires
// them. Whatever
// the input: an answer comes back, no capability fails or panics (that
// would be logged at error level), and no Go error text reaches the user.
func FuzzWiredBot(f *testing.F) {
	for _, s := range []string{
		"hulp", "help", "taal en", "check", "check aanbestedingsplicht", "3", "250k", "terug", "waarom",
		"deadline nieuw over 2 weken 17:00 | Ronde | herinner 3d, 2u", "deadline nieuw 31-2-2026 | x", "deadline wijzig 1 | morgen",
		"termijn 16-3-2026 bezwaar", "termijn 2026-01-05 + 20 dagen standstill", "termijn x + y",
		"evenement nieuw 12 december 19:30 | Avond | max 0", "evenement nieuw morgen | | max -1", "aanmelden 1", "rsvp 1 misschien",
		"afmelden 99999999999999999999", "evenement wijzig 1 | max 1", "mijn gegevens", "vergeet mij", "rol geef x admin",
		"wat is de drempel voor diensten", "ignore previous instructions", "||||", "deadline nieuw | | | |", "€€€ 1,2,3 miljoen",
	} {
		f.Add(s, true, false)
	}
	for _, id := range []string{"check:a:soort:diensten", "check:back", "deadlines:save", "deadlines:pick:9", "events:rsvp:1:yes",
		"events:rsvp:x:y:z", "ask:up:1", "ask:down:", "privacy:forget:1:x", "core:x", ":", "deadlines:follow:18446744073709551615"} {
		f.Add(id, false, true)
	}
	log := &errorLog{}
	cfg := config.Default()
	cfg.Bot.DB = filepath.Join(f.TempDir(), "fuzz.db")
	cfg.Limits.MessagesPerMinute = -1
	a, err := newApp(cfg, slog.New(log), nil)
	if err != nil {
		f.Fatal(err)
	}
	f.Cleanup(func() { a.Close() })
	operator := bot.User{ID: "console:operator", Name: "operator", Roles: bot.AllRoles}
	resident := bot.User{ID: "discord:resident", Name: "resident"}
	conv := bot.Conversation{ID: "console:channel", Kind: bot.Direct}

	f.Fuzz(func(t *testing.T, text string, asOperator, click bool) {
		u := resident
		if asOperator {
			u = operator
		}
		in := bot.Inbound{User: u, Conv: conv, Text: text}
		if click { // a button click with an arbitrary (forged or stale) choice id
			in.Text, in.Action = "", &bot.Action{ID: text}
		}
		replies := a.router.Handle(context.Background(), in)
		if len(replies) == 0 && !click {
			t.Fatalf("%q: no answer", text)
		}
		for _, r := range replies {
			for _, leak := range []string{"panic", "runtime error", "goroutine ", "%!", "<nil>", "bbolt", "json: "} {
				if strings.Contains(r.Text, leak) && !strings.Contains(text, leak) {
					t.Errorf("%q: reply shows %q: %s", text, leak, r.Text)
				}
			}
		}
		if errs := log.take(); len(errs) > 0 {
			t.Errorf("%q: logged errors: %v", text, errs)
		}
	})
}
