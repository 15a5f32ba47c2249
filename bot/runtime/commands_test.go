package runtime_test

import (
	"context"
	"strings"
	"testing"

	"github.com/noaber/noaber/bot"
	"github.com/noaber/noaber/bot/commandtest"
	"github.com/noaber/noaber/bot/runtime"
	"github.com/noaber/noaber/bot/store"
	"github.com/noaber/noaber/bot/store/storetest"
)

// pager declares "page" in its table as a command that interrupts an open
// dialogue; it implements no Interrupter of its own.
type pager struct{}

func (pager) Name() string { return "pager" }
func (pager) Commands() []bot.Command {
	return []bot.Command{{ID: "pager.page", Words: map[bot.Lang][]string{"": {"page"}}, Interrupts: true}}
}
func (p pager) Handle(ctx context.Context, r *bot.Request) ([]bot.Reply, bool, error) {
	if _, _, ok := bot.Match(p.Commands(), r.Text); !ok {
		return nil, false, nil
	}
	return []bot.Reply{{Text: "paged"}}, true, nil
}

// The table's Interrupts mark alone lets a command through an open
// dialogue, and the dialogue goes on after it.
func TestTableInterruptsOpenDialogue(t *testing.T) {
	rt := newRouter(t, storetest.Open(t), quiz{}, pager{})
	say(rt, "quiz")
	if got := say(rt, "Page!"); got != "paged" {
		t.Fatalf("interrupt from the table: %q", got)
	}
	if got := say(rt, "Ann"); got != "Q2: town?" {
		t.Errorf("dialogue lost after the interruption: %q", got)
	}
}

// A new capability's table entry, without a catalog (language-less), is in
// help in both languages, in the router's command table that adapters
// read, its autocomplete source is served, and its command is parsed
// through the table — with no edit anywhere else.
func TestNewCapabilityTableEntryReachesEverything(t *testing.T) {
	rt := newRouter(t, storetest.Open(t), quiz{}, commandtest.Capability{})
	line := "- `" + commandtest.Word + " <" + commandtest.Arg + ">`: " + commandtest.Help
	for _, lang := range []bot.Lang{bot.NL, bot.EN} {
		if h := rt.HelpText(lang, nil); !strings.Contains(h, line) {
			t.Errorf("%s help misses the new command:\n%s", lang, h)
		}
	}
	found := false
	for _, c := range rt.Commands() {
		if c.ID == commandtest.Name+".ping" && c.Menu && c.MenuName(bot.EN) == commandtest.Word {
			found = true
		}
	}
	if !found {
		t.Errorf("router's table misses the new command: %+v", rt.Commands())
	}
	if got := rt.Complete(commandtest.Source, "the", bot.NL); len(got) != 1 || got[0].ID != commandtest.Target {
		t.Errorf("Complete = %+v", got)
	}
	if got := rt.Complete("no-such-source", "", bot.NL); got != nil {
		t.Errorf("an unknown source gave %+v", got)
	}
	if got := say(rt, "/PING  example.org"); got != commandtest.Reply+" example.org" {
		t.Errorf("ping: %q", got)
	}
}

// Help lists a command only to those with its role, and the core's own
// commands last.
func TestHelpFollowsRoles(t *testing.T) {
	secret := bot.Command{ID: "x.secret", Words: map[bot.Lang][]string{"": {"secret"}}, Role: bot.RoleAdmin,
		Help: map[bot.Lang]string{bot.NL: "geheim", bot.EN: "secret"}}
	rt := newRouter(t, storetest.Open(t), tableCap{secret})
	if h := rt.HelpText(bot.NL, nil); strings.Contains(h, "geheim") {
		t.Errorf("resident sees an admin command:\n%s", h)
	}
	h := rt.HelpText(bot.NL, []bot.Role{bot.RoleAdmin})
	if !strings.Contains(h, "- `secret`: geheim") {
		t.Errorf("admin misses the command:\n%s", h)
	}
	if i, j := strings.Index(h, "geheim"), strings.Index(h, "`hulp`"); i < 0 || j < i {
		t.Errorf("core commands should come last:\n%s", h)
	}
}

type tableCap []bot.Command

func (tableCap) Name() string              { return "x" }
func (c tableCap) Commands() []bot.Command { return c }
func (tableCap) Handle(context.Context, *bot.Request) ([]bot.Reply, bool, error) {
	return nil, false, nil
}

// wiper declares "wipe" as an interrupting command and erases the user's
// dialogues at once, as an erasure does.
type wiper struct{ db *store.DB }

func (wiper) Name() string { return "wiper" }
func (wiper) Commands() []bot.Command {
	return []bot.Command{{ID: "wiper.wipe", Words: map[bot.Lang][]string{"": {"wipe"}}, Whole: true, Interrupts: true}}
}
func (w wiper) Handle(ctx context.Context, r *bot.Request) ([]bot.Reply, bool, error) {
	if _, _, ok := bot.Match(w.Commands(), r.Text); !ok || r.IsAction() {
		return nil, false, nil
	}
	err := w.db.Update(func(tx *store.Tx) error {
		_, err := runtime.DeleteUserDialogues(tx, r.User.ID)
		return err
	})
	return []bot.Reply{{Text: "wiped"}}, true, err
}

// An interrupting command (declared in the table, not an Interrupter)
// that erases the open dialogue gets no "still open" reminder; one that
// leaves it gets the reminder.
func TestInterruptingCommandThatErasesGetsNoReminder(t *testing.T) {
	db := storetest.Open(t)
	rt := newRouter(t, db, survey{}, wiper{db}, pager{})
	say(rt, "survey")
	if got := say(rt, "page"); !strings.HasPrefix(got, "paged\n") || !strings.Contains(got, "staat nog open") {
		t.Errorf("an aside that leaves the survey: %q", got)
	}
	if got := say(rt, "wipe"); got != "wiped" {
		t.Errorf("after erasing the survey: %q, want no reminder", got)
	}
}
