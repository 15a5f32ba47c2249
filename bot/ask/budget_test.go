package ask

import (
	"strings"
	"testing"

	"github.com/noaber/noaber/bot"
	"github.com/noaber/noaber/bot/runtime"
	"github.com/noaber/noaber/bot/store"
)

// The store budget of a message, counted by the store: a plain question
// costs one read and one (group-committed) write — the answer record and
// the follow-up context together, with the language it taught; a 👍 one
// write, the vote; a repeated read-only command none. No feedback record
// exists until someone clicks.
func TestStoreBudgetPerMessage(t *testing.T) {
	f := newFixture(t)
	f.say(f.alice, "Hoe hoog is de drempel voor diensten?") // first: also learns the language
	cost := func(do func()) store.Stats {
		before := f.db.Stats()
		do()
		after := f.db.Stats()
		return store.Stats{Reads: after.Reads - before.Reads, Writes: after.Writes - before.Writes, Commits: after.Commits - before.Commits}
	}
	var up string
	s := cost(func() {
		rs := f.say(f.alice, "Hoe hoog is de drempel voor werken?")
		for _, c := range rs[0].Choices {
			if strings.HasPrefix(c.ID, Name+":up:") {
				up = c.ID
			}
		}
	})
	if s.Reads != 1 || s.Writes != 1 || s.Commits != 1 {
		t.Errorf("plain question: %+v, want 1 read, 1 write, 1 commit", s)
	}
	if up == "" {
		t.Fatal("no 👍 button")
	}
	s = cost(func() { f.say(f.alice, "What is the threshold for supplies in the Netherlands?") })
	if s.Writes != 1 {
		t.Errorf("question in a new language: %d writes, want 1 (language and answer together)", s.Writes)
	}
	_ = f.db.View(func(tx *store.Tx) error {
		if p, _ := runtime.LoadProfile(tx, f.alice.ID); p.LastLang != bot.EN {
			t.Errorf("language not learned: %+v", p)
		}
		return nil
	})
	countFeedback := func() (n int) {
		_ = f.db.View(func(tx *store.Tx) error {
			fb, err := ListFeedback(tx)
			n = len(fb)
			return err
		})
		return n
	}
	if n := countFeedback(); n != 0 {
		t.Fatalf("%d feedback records before any click", n)
	}
	s = cost(func() { f.click(f.alice, up) })
	if s.Writes != 1 || s.Reads != 1 {
		t.Errorf("👍: %+v, want 1 read, 1 write", s)
	}
	if n := countFeedback(); n != 1 {
		t.Errorf("%d feedback records after one click, want 1", n)
	}
	f.say(f.alice, "hulp")
	s = cost(func() { f.say(f.alice, "hulp") })
	if s.Writes != 0 || s.Reads != 1 {
		t.Errorf("repeated hulp: %+v, want 1 read and no write", s)
	}
}
