package runtime_test

import (
	"context"
	"testing"

	"github.com/noaber/noaber/bot"
	"github.com/noaber/noaber/bot/store/storetest"
)

// tongue answers every message with the language it was handled in. "begin"
// starts a dialogue that expects "yes" or "no" (bot.Resumer); anything else
// in it is asked again.
type tongue struct{}

func (tongue) Name() string { return "tongue" }
func (tongue) Handle(ctx context.Context, r *bot.Request) ([]bot.Reply, bool, error) {
	if r.Dialogue == nil || r.Dialogue.Owner != "tongue" {
		if r.Text == "begin" || r.Text == "let us begin the survey" {
			return []bot.Reply{{Text: "begin:" + string(r.Lang)}}, true, r.SetDialogue("tongue", "ask", nil)
		}
		return []bot.Reply{{Text: "other:" + string(r.Lang)}}, true, nil
	}
	if r.Text == "yes" || r.Text == "no" {
		return []bot.Reply{{Text: "answer:" + string(r.Lang)}}, true, r.SetDialogue("tongue", "ask", nil)
	}
	return []bot.Reply{{Text: "again:" + string(r.Lang)}}, true, nil
}
func (tongue) Waiting(r *bot.Request) (string, bool) { return "It", true }
func (tongue) Expects(r *bot.Request) bool           { return r.Text == "yes" || r.Text == "no" }
func (tongue) Resume(r *bot.Request) ([]bot.Reply, error) {
	return []bot.Reply{{Text: "resume:" + string(r.Lang)}}, nil
}

func TestLanguageSticksAndDialoguesKeepTheirs(t *testing.T) {
	rt := newRouter(t, storetest.Open(t), tongue{})
	for _, s := range []struct{ in, want string }{
		{"wat moeten wij doen met de gemeente", "other:nl"},
		// One word never changes a known language.
		{"yes", "other:nl"},
		{"begin", "begin:nl"},
		{"yes", "answer:nl"},
		// A clear English sentence changes the user's language, but the
		// Dutch dialogue goes on in Dutch.
		{"what should we do about this then", "again:nl"},
		{"verder", "resume:nl"},
		{"no", "answer:nl"},
	} {
		if got := say(rt, s.in); got != s.want {
			t.Fatalf("%q → %q, want %q", s.in, got, s.want)
		}
	}
	// A dialogue started in English runs in English.
	rt = newRouter(t, storetest.Open(t), tongue{})
	for _, s := range []struct{ in, want string }{
		{"let us begin the survey", "begin:en"},
		{"wat moeten wij doen met de gemeente", "again:en"},
		{"yes", "answer:en"},
		// A language chosen with "taal" wins over the dialogue's.
		{"taal nl", "Ik praat voortaan Nederlands met je.\nIt staat nog open — typ **verder** om ermee verder te gaan."},
		{"yes", "answer:nl"},
	} {
		if got := say(rt, s.in); got != s.want {
			t.Fatalf("%q → %q, want %q", s.in, got, s.want)
		}
	}
}
