package ask

import (
	"maps"
	"strings"
	"testing"
	"time"

	"github.com/noaber/noaber/bot"
	"github.com/noaber/noaber/bot/clock"
	"github.com/noaber/noaber/bot/runtime"
	"github.com/noaber/noaber/bot/store"
	"github.com/noaber/noaber/bot/store/storetest"
	"github.com/noaber/noaber/knowledge"
)

// builtinFixture is a router with the ask capability over the built-in
// corpus, whose cards and checks the conversation features need.
func builtinFixture(t *testing.T) *fixture {
	t.Helper()
	db := storetest.Open(t)
	clk := clock.NewFake(time.Date(2026, 12, 1, 10, 0, 0, 0, time.UTC))
	e, err := knowledge.New(knowledge.Config{}, knowledge.Deps{Log: quiet(), Now: clk.Now})
	if err != nil {
		t.Fatal(err)
	}
	c, err := New(Deps{Engine: e, DB: db, Log: quiet()})
	if err != nil {
		t.Fatal(err)
	}
	rt, err := runtime.NewRouter(runtime.RouterConfig{DB: db, Clock: clk, Log: quiet()}, c)
	if err != nil {
		t.Fatal(err)
	}
	return &fixture{db: db, clk: clk, rt: rt, cap: c, alice: bot.User{ID: "console:alice"}}
}

func hasFeedback(r bot.Reply) bool {
	for _, c := range r.Choices {
		if strings.HasPrefix(c.ID, Name+":up:") {
			return true
		}
	}
	return false
}

// A follow-up in the same conversation is read against the question
// before it; another user, or the same one a quarter of an hour later, is
// not.
func TestFollowUpInConversation(t *testing.T) {
	f := builtinFixture(t)
	bob := bot.User{ID: "console:bob"}
	if rs := f.say(f.alice, "wat is de drempel voor diensten?"); !strings.Contains(rs[0].Text, "216.000") {
		t.Fatalf("first answer = %q", rs[0].Text)
	}
	if rs := f.say(f.alice, "en voor werken?"); !strings.Contains(rs[0].Text, "5.404.000") {
		t.Errorf("follow-up = %q", rs[0].Text)
	}
	if rs := f.say(bob, "en voor werken?"); strings.Contains(rs[0].Text, "5.404.000") {
		t.Errorf("bob got alice's context: %q", rs[0].Text)
	}
	f.say(f.alice, "wat is de drempel voor diensten?")
	f.clk.Advance(knowledge.ContextTTL + time.Minute)
	if rs := f.say(f.alice, "en voor werken?"); strings.Contains(rs[0].Text, "5.404.000") {
		t.Errorf("an expired context was used: %q", rs[0].Text)
	}
}

// "Bedoel je …?" offers cards as buttons; a click answers with the card,
// and the clarifying question itself has no 👍/👎.
func TestClarifyButtons(t *testing.T) {
	f := builtinFixture(t)
	rs := f.say(f.alice, "termijn?")
	if len(rs) != 1 || len(rs[0].Choices) < 2 || hasFeedback(rs[0]) {
		t.Fatalf("replies = %+v", rs)
	}
	choice := rs[0].Choices[0]
	if !strings.HasPrefix(choice.ID, Name+":card:") || choice.Label == "" {
		t.Fatalf("choice = %+v", choice)
	}
	ans := f.click(f.alice, choice.ID)
	if len(ans) != 1 || len(ans[0].Sources) == 0 || !hasFeedback(ans[0]) || strings.Contains(ans[0].Text, "Bedoel je") {
		t.Errorf("answer to the choice = %+v", ans)
	}
	if bad := f.click(f.alice, Name+":card:nl-nope#nope"); len(bad) != 1 || bad[0].Visibility != bot.Private {
		t.Errorf("stale choice = %+v", bad)
	}
}

// Small talk gets a friendly reply without 👍/👎 and stores nothing.
func TestSmallTalkInConversation(t *testing.T) {
	f := builtinFixture(t)
	before, _ := store.Dump(f.db, "users")
	rs := f.say(f.alice, "dank je wel!")
	if len(rs) != 1 || hasFeedback(rs[0]) || strings.Contains(rs[0].Text, "geen betrouwbaar antwoord") {
		t.Errorf("replies = %+v", rs)
	}
	if after, _ := store.Dump(f.db, "users"); !maps.Equal(after, before) {
		t.Errorf("small talk changed the store:\n%v\n→\n%v", before, after)
	}
}

// A case question is answered with the computed verdict.
func TestCaseQuestionInConversation(t *testing.T) {
	f := builtinFixture(t)
	rs := f.say(f.alice, "is 300k voor groenonderhoud door de gemeente boven de europese drempel?")
	if len(rs) != 1 || !strings.Contains(rs[0].Text, "300.000") || !strings.Contains(rs[0].Text, "216.000") || len(rs[0].Sources) == 0 {
		t.Errorf("replies = %+v", rs)
	}
}

// "vergeet mij" removes the follow-up context with the rest.
func TestEraseRemovesContext(t *testing.T) {
	f := builtinFixture(t)
	f.say(f.alice, "wat is de drempel voor diensten?")
	var n int
	if err := f.db.Update(func(tx *store.Tx) error {
		var err error
		n, err = f.cap.EraseUser(tx, f.alice.ID)
		return err
	}); err != nil || n == 0 {
		t.Fatalf("erase = %d, %v", n, err)
	}
	dump, _ := store.Dump(f.db, "users")
	for k, v := range dump {
		if strings.Contains(v, "drempel voor diensten") || strings.Contains(k+v, f.alice.ID) {
			t.Errorf("after erase the store still holds %s = %s", k, v)
		}
	}
	if rs := f.say(f.alice, "en voor werken?"); strings.Contains(rs[0].Text, "5.404.000") {
		t.Errorf("context survived erasure: %q", rs[0].Text)
	}
}

// Expired contexts are removed through the time index: after the TTL,
// the next answer removes exactly the expired ones, and their index
// entries, and keeps the fresh ones.
func TestExpiredContextsAreRemovedByTime(t *testing.T) {
	f := builtinFixture(t)
	bob := bot.User{ID: "console:bob"}
	f.say(f.alice, "wat is de drempel voor diensten?")
	f.say(bob, "wat is de drempel voor werken?")
	f.clk.Advance(knowledge.ContextTTL + time.Minute)
	carol := bot.User{ID: "console:carol"}
	f.say(carol, "wat is het uitdaagrecht?")
	dump, err := store.Dump(f.db, "users")
	if err != nil {
		t.Fatal(err)
	}
	var contexts, due int
	for k := range dump {
		switch {
		case strings.HasPrefix(k, contextDueBucket+"/"):
			due++
		case strings.HasPrefix(k, contextBucket+"/"):
			contexts++
			if !strings.Contains(k, "carol") {
				t.Errorf("expired context kept: %s", k)
			}
		}
	}
	if contexts != 1 || due != 1 {
		t.Errorf("contexts %d, index entries %d; want 1 and 1:\n%v", contexts, due, dump)
	}
}

// A case question another capability answered (the check capability
// starts a check from it) is kept as the follow-up context by KeepCase:
// "en als het 40.000 per jaar is?" is then read against that case.
func TestKeptCaseIsTheFollowUpContext(t *testing.T) {
	f := builtinFixture(t)
	q := "moeten we europees aanbesteden als de gemeente ons 80.000 euro per jaar betaalt voor 4 jaar voor groenonderhoud?"
	follow := "en als het 40.000 per jaar is?"
	if rs := f.say(f.alice, follow); strings.Contains(rs[0].Text, "160.000") {
		t.Fatalf("a follow-up without a case already has one: %q", rs[0].Text)
	}
	r := &bot.Request{User: f.alice, In: bot.Inbound{User: f.alice, Conv: bot.Conversation{ID: "console:main"}, Text: q},
		Lang: bot.Lang("nl"), Text: q, Now: f.clk.Now()}
	f.cap.KeepCase(t.Context(), r)
	if rs := f.say(f.alice, follow); !strings.Contains(rs[0].Text, "160.000") {
		t.Errorf("follow-up to the kept case = %q", rs[0].Text)
	}
}
