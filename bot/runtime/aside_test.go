package runtime_test

import (
	"context"
	"strings"
	"testing"

	"github.com/noaber/noaber/bot"
	"github.com/noaber/noaber/bot/store/storetest"
)

// survey is a one-question dialogue that lets the user step away
// (bot.Resumer): it expects "a", "b" or "stop".
type survey struct{}

func (survey) Name() string { return "survey" }
func (survey) Handle(ctx context.Context, r *bot.Request) ([]bot.Reply, bool, error) {
	if r.Dialogue == nil || r.Dialogue.Owner != "survey" {
		if r.Text != "survey" {
			return nil, false, nil
		}
		if err := r.SetDialogue("survey", "pick", nil); err != nil {
			return nil, true, err
		}
		return []bot.Reply{{Text: "pick a or b"}}, true, nil
	}
	switch r.Text {
	case "a", "b":
		r.EndDialogue()
		return []bot.Reply{{Text: "picked " + r.Text}}, true, nil
	case "stop":
		r.EndDialogue()
		return []bot.Reply{{Text: "survey stopped"}}, true, nil
	}
	return []bot.Reply{{Text: "again: pick a or b"}}, true, nil
}
func (survey) Waiting(r *bot.Request) (string, bool) {
	return "The survey", r.Dialogue != nil && r.Dialogue.Step == "pick"
}
func (survey) Expects(r *bot.Request) bool {
	return r.Text == "a" || r.Text == "b" || r.Text == "stop"
}
func (survey) Resume(r *bot.Request) ([]bot.Reply, error) {
	return []bot.Reply{{Text: "pick a or b"}}, nil
}

// agenda is another capability's explicit command; "agenda new" starts its
// own dialogue.
type agenda struct{}

func (agenda) Name() string { return "agenda" }
func (agenda) Handle(ctx context.Context, r *bot.Request) ([]bot.Reply, bool, error) {
	switch r.Text {
	case "agenda":
		return []bot.Reply{{Text: "the agenda"}}, true, nil
	case "agenda new":
		return []bot.Reply{{Text: "agenda title?"}}, true, r.SetDialogue("agenda", "title", nil)
	}
	return nil, false, nil
}

// answerer takes any text, like the question answerer (bot.Fallback).
type answerer struct{}

func (answerer) Name() string  { return "answerer" }
func (answerer) TakesAnyText() {}
func (answerer) Handle(ctx context.Context, r *bot.Request) ([]bot.Reply, bool, error) {
	return []bot.Reply{{Text: "answer to " + r.Text}}, true, nil
}

func TestOpenDialogueDoesNotTrapTheUser(t *testing.T) {
	rt := newRouter(t, storetest.Open(t), survey{}, agenda{}, answerer{})
	const hint = "The survey staat nog open — typ **verder**"
	steps := []struct{ in, want string }{
		{"survey", "pick a or b"},
		// An explicit command of another capability is answered; the survey stays.
		{"agenda", "the agenda\n" + hint},
		// A clear question goes to the question answerer.
		{"wat is een drempel?", "answer to wat is een drempel?\n" + hint},
		{"hoe werkt dit precies", "answer to hoe werkt dit precies\n" + hint},
		// Help is answered too.
		{"hulp", "Dit kan ik voor je doen"},
		// What is neither an answer nor anything else gets the question again.
		{"blabla", "again: pick a or b"},
		// "verder" re-asks the open question.
		{"verder", "pick a or b"},
		// An answer is recognised first.
		{"b", "picked b"},
		// With nothing open, "verder" says so.
		{"verder", "niets open"},
		// Not in a dialogue, any text is for the answerer.
		{"blabla", "answer to blabla"},
	}
	for _, s := range steps {
		got := say(rt, s.in)
		if !strings.Contains(got, s.want) {
			t.Fatalf("%q → %q, want %q", s.in, got, s.want)
		}
	}
	if got := say(rt, "hulp"); strings.Contains(got, "staat nog open") {
		t.Errorf("reminder with nothing open: %q", got)
	}
}

func TestAsideReminderIsPrivateAndInTheUsersLanguage(t *testing.T) {
	rt := newRouter(t, storetest.Open(t), survey{}, agenda{}, answerer{})
	say(rt, "language en")
	say(rt, "survey")
	rs := rt.Handle(context.Background(), bot.Inbound{User: alice, Conv: conv, Text: "agenda"})
	if len(rs) != 2 || rs[1].Visibility != bot.Private || rs[1].Text != "The survey is still open — type **continue** to go back to it." {
		t.Fatalf("replies: %+v", rs)
	}
	if got := say(rt, "continue"); got != "pick a or b" {
		t.Errorf("continue → %q", got)
	}
}

func TestAsideThatStartsADialogueReplacesTheOpenOne(t *testing.T) {
	rt := newRouter(t, storetest.Open(t), survey{}, agenda{}, answerer{})
	say(rt, "survey")
	if got := say(rt, "agenda new"); got != "agenda title?" {
		t.Fatalf("agenda new → %q (no reminder of a replaced dialogue)", got)
	}
	if got := say(rt, "verder"); strings.Contains(got, "pick a or b") {
		t.Errorf("the replaced survey resumed: %q", got)
	}
}

// FuzzMessageInsideAnOpenDialogue: whatever is typed while a dialogue
// waits gets an answer, never a panic or a Go error.
func FuzzMessageInsideAnOpenDialogue(f *testing.F) {
	for _, s := range []string{"a", "verder", "continue", "wat is een drempel?", "agenda", "hulp", "?", "  ", "stop",
		"hoe", "wat is", "taal en", "vergeet mij", "agenda new", "VERDER!", "\x00", "??"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, text string) {
		rt := newRouter(t, storetest.Open(t), survey{}, agenda{}, answerer{})
		say(rt, "survey")
		got := say(rt, text)
		if strings.TrimSpace(got) == "" && strings.TrimSpace(text) != "" {
			t.Fatalf("%q got no answer", text)
		}
		if strings.Contains(got, "error") || strings.Contains(got, "panic") {
			t.Fatalf("%q → %q", text, got)
		}
	})
}
