package runtime_test

import (
	"context"
	"errors"
	"log/slog"
	"strings"
	"testing"
	"time"

	"github.com/noaber/noaber/bot"
	"github.com/noaber/noaber/bot/clock"
	"github.com/noaber/noaber/bot/runtime"
	"github.com/noaber/noaber/bot/store"
	"github.com/noaber/noaber/bot/store/storetest"
)

// quiz is a two-question dialogue used to test dialogue state.
type quiz struct{}

func (quiz) Name() string { return "quiz" }
func (quiz) Commands() []bot.Command {
	return []bot.Command{{ID: "quiz.start", Words: map[bot.Lang][]string{"": {"quiz"}},
		Help: map[bot.Lang]string{bot.NL: "een kleine quiz", bot.EN: "a little quiz"}}}
}
func (quiz) Handle(ctx context.Context, r *bot.Request) ([]bot.Reply, bool, error) {
	if r.ActionID() == "quiz:yes" {
		return []bot.Reply{{Text: "clicked yes"}}, true, nil
	}
	if r.Dialogue == nil {
		if r.Text != "quiz" {
			return nil, false, nil
		}
		if err := r.SetDialogue("quiz", "name", map[string]string{}); err != nil {
			return nil, true, err
		}
		return []bot.Reply{{Text: "Q1: name?"}}, true, nil
	}
	if r.Text == "stop" {
		return nil, false, nil // leave it to the router's generic stop
	}
	var data map[string]string
	if err := r.Dialogue.Decode(&data); err != nil {
		return nil, true, err
	}
	switch r.Dialogue.Step {
	case "name":
		data["name"] = r.Text
		r.SetDialogue("quiz", "town", data)
		return []bot.Reply{{Text: "Q2: town?"}}, true, nil
	default:
		r.EndDialogue()
		return []bot.Reply{{Text: "done: " + data["name"] + " from " + r.Text}}, true, nil
	}
}

type failing struct{ panics bool }

func (failing) Name() string { return "failing" }
func (f failing) Handle(ctx context.Context, r *bot.Request) ([]bot.Reply, bool, error) {
	if r.Text != "boom" {
		return nil, false, nil
	}
	if f.panics {
		panic("kaboom")
	}
	return nil, true, errors.New("disk on fire at /secret/path")
}

func newRouter(t *testing.T, db *store.DB, caps ...bot.Capability) *runtime.Router {
	t.Helper()
	rt, err := runtime.NewRouter(runtime.RouterConfig{DB: db, Clock: clock.NewFake(time.Date(2026, 11, 25, 10, 0, 0, 0, time.UTC)), MaxMessageLen: 50, Log: slog.New(slog.DiscardHandler)}, caps...)
	if err != nil {
		t.Fatal(err)
	}
	return rt
}

var alice = bot.User{ID: "console:alice", Name: "alice"}
var conv = bot.Conversation{ID: "console:channel", Kind: bot.Direct}

func say(rt *runtime.Router, text string) string {
	var parts []string
	for _, r := range rt.Handle(context.Background(), bot.Inbound{User: alice, Conv: conv, Text: text}) {
		parts = append(parts, r.Text)
	}
	return strings.Join(parts, "\n")
}

func TestHelpInBothLanguages(t *testing.T) {
	rt := newRouter(t, storetest.Open(t), quiz{})
	nl := say(rt, "hulp")
	if !strings.Contains(nl, "Dit kan ik voor je doen") || !strings.Contains(nl, "een kleine quiz") {
		t.Errorf("hulp:\n%s", nl)
	}
	// A new user (here: a fresh store) who types "help" gets English; for
	// alice, who wrote Dutch, one word does not change the language.
	if got := say(rt, "help"); !strings.Contains(got, "Dit kan ik voor je doen") {
		t.Errorf("one English word switched a Dutch user:\n%s", got)
	}
	en := say(newRouter(t, storetest.Open(t), quiz{}), "help")
	if !strings.Contains(en, "This is what I can do") || !strings.Contains(en, "a little quiz") {
		t.Errorf("help:\n%s", en)
	}
}

func TestLanguagePreferenceWins(t *testing.T) {
	rt := newRouter(t, storetest.Open(t))
	if got := say(rt, "language en"); !strings.Contains(got, "English") {
		t.Fatalf("language en: %q", got)
	}
	if got := say(rt, "hulp"); !strings.Contains(got, "This is what I can do") {
		t.Errorf("after choosing English, hulp answered: %q", got)
	}
	say(rt, "taal nl")
	if got := say(rt, "help"); !strings.Contains(got, "Dit kan ik") {
		t.Errorf("after choosing Dutch, help answered: %q", got)
	}
	if got := say(rt, "taal klingon"); !strings.Contains(got, "taal en") {
		t.Errorf("bad language: %q", got)
	}
}

func TestUnclearInputAlwaysGetsAnAnswer(t *testing.T) {
	rt := newRouter(t, storetest.Open(t))
	for in, want := range map[string]string{
		"":                      "leeg bericht",
		"   \t ":                "leeg bericht",
		"xyzzy":                 "begrijp ik niet",
		strings.Repeat("a", 51): "te lang",
	} {
		if got := say(rt, in); !strings.Contains(got, want) {
			t.Errorf("%q → %q, want %q", in, got, want)
		}
	}
	// A stale or foreign button gets a private explanation.
	rs := rt.Handle(context.Background(), bot.Inbound{User: alice, Conv: conv, Action: &bot.Action{ID: "gone:1"}})
	if len(rs) != 1 || rs[0].Visibility != bot.Private || !strings.Contains(rs[0].Text, "knop") {
		t.Errorf("stale action: %+v", rs)
	}
}

func TestErrorsAndPanicsBecomeApologies(t *testing.T) {
	for _, panics := range []bool{false, true} {
		rt := newRouter(t, storetest.Open(t), failing{panics: panics})
		got := say(rt, "boom")
		if !strings.Contains(got, "Er ging iets mis") || strings.Contains(got, "/secret") || strings.Contains(got, "kaboom") {
			t.Errorf("panics=%v: %q", panics, got)
		}
	}
}

func TestDialogueResumesAfterRestart(t *testing.T) {
	db := storetest.Open(t)
	rt := newRouter(t, db, quiz{})
	if got := say(rt, "quiz"); got != "Q1: name?" {
		t.Fatalf("start: %q", got)
	}
	if got := say(rt, "Ann"); got != "Q2: town?" {
		t.Fatalf("step 1: %q", got)
	}
	// A new router over the same store (a restarted process) resumes.
	rt2 := newRouter(t, db, quiz{})
	if got := say(rt2, "Zwolle"); got != "done: Ann from Zwolle" {
		t.Fatalf("after restart: %q", got)
	}
	if got := say(rt2, "Zwolle"); !strings.Contains(got, "begrijp") {
		t.Errorf("dialogue not ended: %q", got)
	}
}

func TestStopEndsDialogueAndHelpDoesNot(t *testing.T) {
	rt := newRouter(t, storetest.Open(t), quiz{})
	say(rt, "quiz")
	if got := say(rt, "hulp"); !strings.Contains(got, "Dit kan ik") {
		t.Fatalf("help mid-dialogue: %q", got)
	}
	if got := say(rt, "Ann"); got != "Q2: town?" {
		t.Fatalf("dialogue lost after help: %q", got)
	}
	if got := say(rt, "stop"); !strings.Contains(got, "Gestopt") {
		t.Fatalf("stop: %q", got)
	}
	if got := say(rt, "stop"); !strings.Contains(got, "niets om te stoppen") {
		t.Errorf("second stop: %q", got)
	}
}

func TestActionsRouteByPrefix(t *testing.T) {
	rt := newRouter(t, storetest.Open(t), failing{}, quiz{})
	rs := rt.Handle(context.Background(), bot.Inbound{User: alice, Conv: conv, Action: &bot.Action{ID: "quiz:yes"}})
	if len(rs) != 1 || rs[0].Text != "clicked yes" {
		t.Errorf("action: %+v", rs)
	}
}

func TestRolesMerge(t *testing.T) {
	db := storetest.Open(t)
	roles := runtime.NewRoles(db, map[bot.Role][]string{bot.RoleOfficial: {"discord:1"}})
	db.Update(func(tx *store.Tx) error { return roles.Grant(tx, "discord:1", bot.RoleOrganiser) })
	got := roles.Of(bot.User{ID: "discord:1", Roles: []bot.Role{bot.RoleOfficial}})
	if len(got) != 2 || got[0] != bot.RoleOfficial || got[1] != bot.RoleOrganiser {
		t.Errorf("roles = %v", got)
	}
	_ = db.View(func(tx *store.Tx) error {
		if ids, err := roles.HolderIDsTx(tx, bot.RoleOrganiser); len(ids) != 1 || ids[0] != "discord:1" {
			t.Errorf("holders = %v (%v)", ids, err)
		}
		return nil
	})
	db.Update(func(tx *store.Tx) error { return roles.Revoke(tx, "discord:1", bot.RoleOrganiser) })
	if got := roles.Of(bot.User{ID: "discord:1"}); len(got) != 1 {
		t.Errorf("after revoke = %v", got)
	}
	if bot.HasRole([]bot.Role{bot.RoleAdmin}, bot.RoleOfficial) != true {
		t.Error("admin does not imply official")
	}
}

func TestDetectLang(t *testing.T) {
	for text, want := range map[string]bot.Lang{
		"moeten wij dit europees aanbesteden?":        bot.NL,
		"do we have to tender this at european level": bot.EN,
		"wat is het drempelbedrag voor diensten":      bot.NL,
		"what is the threshold for services":          bot.EN,
		// a Dutch question with an English term of the domain stays Dutch
		"hoe werkt de right to challenge in nederland?": bot.NL,
		"wat is state aid?":                             bot.NL,
		"hoeveel procent is social return meestal?":     bot.NL,
		"is state aid a problem for us?":                bot.EN,
	} {
		if got, ok := bot.DetectLang(text); !ok || got != want {
			t.Errorf("%q → %v %v", text, got, ok)
		}
	}
	if _, ok := bot.DetectLang("12345"); ok {
		t.Error("a number gave a language")
	}
}

func TestCatalog(t *testing.T) {
	if err := bot.Msgs.Check(); err != nil {
		t.Error(err)
	}
}

// urgent takes "urgent" even in the middle of someone else's dialogue.
type urgent struct{}

func (urgent) Name() string                   { return "urgent" }
func (urgent) Interrupts(r *bot.Request) bool { return r.Text == "urgent" }
func (urgent) Handle(ctx context.Context, r *bot.Request) ([]bot.Reply, bool, error) {
	if r.Text != "urgent" {
		return nil, false, nil
	}
	return []bot.Reply{{Text: "urgent handled"}}, true, nil
}

func TestInterrupterGoesBeforeOpenDialogue(t *testing.T) {
	rt := newRouter(t, storetest.Open(t), quiz{}, urgent{})
	say(rt, "quiz")
	if got := say(rt, "urgent"); got != "urgent handled" {
		t.Fatalf("interrupt: %q", got)
	}
	if got := say(rt, "Ann"); got != "Q2: town?" {
		t.Errorf("dialogue lost after the interruption: %q", got)
	}
}

// langProbe answers a click with the request's language.
type langProbe struct{}

func (langProbe) Name() string { return "probe" }
func (langProbe) Handle(ctx context.Context, r *bot.Request) ([]bot.Reply, bool, error) {
	if r.ActionID() == "probe:x" {
		return []bot.Reply{{Text: "lang=" + string(r.Lang)}}, true, nil
	}
	return nil, false, nil
}

// TestClickAnsweredInClientLanguage: a click has no text to detect a
// language from; without a chosen language the client's (Discord's
// locale) is used, and a chosen one still wins.
func TestClickAnsweredInClientLanguage(t *testing.T) {
	rt := newRouter(t, storetest.Open(t), langProbe{})
	click := func(client bot.Lang) string {
		rs := rt.Handle(context.Background(), bot.Inbound{User: alice, Conv: conv, Action: &bot.Action{ID: "probe:x"}, Lang: client})
		return rs[0].Text
	}
	if got := click(bot.EN); got != "lang=en" {
		t.Errorf("click from an English client: %s", got)
	}
	if got := click(""); got != "lang=nl" {
		t.Errorf("click without a client language: %s", got)
	}
	say(rt, "taal nl")
	if got := click(bot.EN); got != "lang=nl" {
		t.Errorf("a chosen language must win over the client's: %s", got)
	}
}
