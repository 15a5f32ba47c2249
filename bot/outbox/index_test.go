package outbox

import (
	"context"
	"fmt"
	"log/slog"
	"testing"
	"time"

	"github.com/noaber/noaber/bot"
	"github.com/noaber/noaber/bot/clock"
	"github.com/noaber/noaber/bot/store"
	"github.com/noaber/noaber/bot/store/storetest"
)

// dueEntries lists the due index of platform as "seq@time".
func dueEntries(t *testing.T, db *store.DB, platform string) []string {
	t.Helper()
	var out []string
	db.View(func(tx *store.Tx) error {
		return tx.Bucket(root, dueB, platform).ForEach(func(k, _ []byte) error {
			at, seq := parseDueKey(k)
			out = append(out, fmt.Sprintf("%d@%s", seq, at.Format(time.TimeOnly)))
			return nil
		})
	})
	return out
}

// TestDueIndexFollowsEveryChange: the index by due time holds exactly one
// entry per pending message, at its next attempt, through enqueue, retry,
// delivery, giving up and erasure.
func TestDueIndexFollowsEveryChange(t *testing.T) {
	db := storetest.Open(t)
	clk := clock.NewFake(t0)
	a := &fakeAdapter{name: "discord", down: true}
	o := New(db, clk, slog.New(slog.DiscardHandler), Config{MaxAttempts: 2})
	o.Register(a)
	enqueue(t, db, "a", "discord:1", "x")
	enqueue(t, db, "b", "discord:2", "y")
	if got := fmt.Sprint(dueEntries(t, db, "discord")); got != "[1@09:00:00 2@09:00:00]" {
		t.Fatalf("after enqueue: %s", got)
	}
	o.Flush(context.Background()) // both fail: retry in 2 s
	if got := fmt.Sprint(dueEntries(t, db, "discord")); got != "[1@09:00:02 2@09:00:02]" {
		t.Fatalf("after a failed attempt: %s", got)
	}
	db.Update(func(tx *store.Tx) error { _, err := DeletePendingFor(tx, "discord:2"); return err })
	if got := fmt.Sprint(dueEntries(t, db, "discord")); got != "[1@09:00:02]" {
		t.Fatalf("after erasure: %s", got)
	}
	clk.Advance(2 * time.Second)
	o.Flush(context.Background()) // second failure: given up
	if got := dueEntries(t, db, "discord"); len(got) != 0 {
		t.Fatalf("after giving up: %v", got)
	}
	a.mu.Lock()
	a.down = false
	a.mu.Unlock()
	enqueue(t, db, "c", "discord:1", "z")
	o.Flush(context.Background())
	if got := dueEntries(t, db, "discord"); len(got) != 0 || len(a.Sent()) != 1 {
		t.Fatalf("after delivery: index %v, sent %v", got, a.Sent())
	}
}

// TestIndexIsBuiltForAnOlderFile: messages queued before the index existed
// are indexed on the first flush and delivered.
func TestIndexIsBuiltForAnOlderFile(t *testing.T) {
	db := storetest.Open(t)
	db.Update(func(tx *store.Tx) error { // the layout without the index
		pb := tx.Bucket(root, pendingB, "discord")
		pb.PutJSON(store.U64(7), Item{Key: "old", To: bot.ToUser("discord:1"), Reply: bot.Reply{Text: "old"}, Created: t0, NextAttempt: t0})
		return pb.PutJSON(store.U64(8), Item{Key: "later", To: bot.ToUser("discord:1"), Reply: bot.Reply{Text: "later"}, Created: t0, NextAttempt: t0.Add(time.Hour)})
	})
	a := &fakeAdapter{name: "discord"}
	o := newOutbox(db, clock.NewFake(t0))
	o.Register(a)
	next := o.Flush(context.Background())
	if got := a.Sent(); len(got) != 1 || got[0] != "discord:1|old|" {
		t.Fatalf("sent %v", got)
	}
	if !next.Equal(t0.Add(time.Hour)) {
		t.Errorf("next %v, want the later message's time", next)
	}
}

// BenchmarkOutboxWake10k: one wake of the delivery loop with 10,000
// messages pending, none due yet (a platform down for a while).
func BenchmarkOutboxWake10k(b *testing.B) {
	db := storetest.Open(b)
	clk := clock.NewFake(t0)
	o := newOutbox(db, clk)
	o.Register(&fakeAdapter{name: "discord"})
	for i := 0; i < 10_000; i += 1000 {
		if err := db.Update(func(tx *store.Tx) error {
			for j := i; j < i+1000; j++ {
				at := t0.Add(time.Minute + time.Duration(j)*time.Second)
				if _, err := Enqueue(tx, Item{To: bot.ToUser(fmt.Sprintf("discord:%d", j)), Reply: bot.Reply{Text: "herinnering"}, Created: t0, NextAttempt: at}); err != nil {
					return err
				}
			}
			return nil
		}); err != nil {
			b.Fatal(err)
		}
	}
	o.Flush(context.Background())
	b.ResetTimer()
	for b.Loop() {
		if next := o.Flush(context.Background()); !next.Equal(t0.Add(time.Minute)) {
			b.Fatalf("next %v", next)
		}
	}
}

// Stats counts the pending messages and finds the oldest without
// decoding them all: the first key of each platform is its oldest.
func TestStatsCountsAndFindsTheOldest(t *testing.T) {
	db := storetest.Open(t)
	if err := db.Update(func(tx *store.Tx) error {
		for i, to := range []string{"discord:1", "mattermost:2", "discord:3"} {
			created := t0.Add(time.Duration(i) * time.Hour)
			if _, err := Enqueue(tx, Item{To: bot.ToUser(to), Reply: bot.Reply{Text: "x"}, Created: created, NextAttempt: created}); err != nil {
				return err
			}
		}
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	s, err := Stats(db)
	if err != nil || s.Pending != 3 || !s.Oldest.Equal(t0) {
		t.Errorf("stats = %+v, %v; want 3 pending, oldest %v", s, err, t0)
	}
}

// BenchmarkOutboxStats10k: one /metrics scrape's outbox figures with
// 10,000 pending messages.
func BenchmarkOutboxStats10k(b *testing.B) {
	db := storetest.Open(b)
	for i := 0; i < 10_000; i += 1000 {
		if err := db.Update(func(tx *store.Tx) error {
			for j := i; j < i+1000; j++ {
				if _, err := Enqueue(tx, Item{To: bot.ToUser(fmt.Sprintf("discord:%d", j)), Reply: bot.Reply{Text: "herinnering"}, Created: t0, NextAttempt: t0}); err != nil {
					return err
				}
			}
			return nil
		}); err != nil {
			b.Fatal(err)
		}
	}
	for b.Loop() {
		if s, err := Stats(db); err != nil || s.Pending != 10_000 {
			b.Fatalf("stats %+v %v", s, err)
		}
	}
}
