package events

import (
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"testing"
	"time"

	"github.com/noaber/noaber/bot"
	"github.com/noaber/noaber/bot/clock"
	"github.com/noaber/noaber/bot/store"
	"github.com/noaber/noaber/bot/store/etcdtest"
)

// Erasure is one transaction, never split: a user signed up for many
// events needs several etcd operations per event. Over the cluster's
// --max-txn-ops (and [store] max_txn_ops) the erasure is refused whole,
// with a message naming both, and nothing is erased; with both raised, as
// OPERATIONS.md says, it goes through.
func TestEraseUserOfManyEventsOnEtcd(t *testing.T) {
	if testing.Short() {
		t.Skip("starts etcd")
	}
	const events = 60
	setup := func(eps []string, maxOps int) (*store.DB, *Events) {
		db, err := store.Open("", store.Options{Backend: store.BackendEtcd, Etcd: store.EtcdOptions{Endpoints: eps, MaxTxnOps: maxOps}})
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { db.Close() })
		s, err := New(Config{NoReminders: true}, Deps{DB: db, Clock: clock.NewFake(t0), Log: slog.New(slog.DiscardHandler)})
		if err != nil {
			t.Fatal(err)
		}
		for i := range events {
			ev, err := s.Create(Event{Title: fmt.Sprint("Avond ", i), Start: t0.Add(24 * time.Hour), End: t0.Add(26 * time.Hour)}, "discord:org")
			if err != nil {
				t.Fatal(err)
			}
			if _, err := s.Respond(ev.ID, bot.User{ID: "discord:ann", Name: "Ann"}, Yes); err != nil {
				t.Fatal(err)
			}
		}
		return db, s
	}
	erase := func(db *store.DB, s *Events) (int, error) {
		var n int
		err := db.Update(func(tx *store.Tx) (err error) { n, err = s.EraseUser(tx, "discord:ann"); return err })
		return n, err
	}
	signups := func(db *store.DB) int {
		var n int
		if err := db.View(func(tx *store.Tx) error {
			ss, err := UserSignups(tx, "discord:ann")
			n = len(ss)
			return err
		}); err != nil {
			t.Fatal(err)
		}
		return n
	}

	db, s := setup(etcdtest.Single(t), 0)
	_, err := erase(db, s)
	if !errors.Is(err, store.ErrTooLarge) || !strings.Contains(err.Error(), "max_txn_ops") || !strings.Contains(err.Error(), "--max-txn-ops") {
		t.Fatalf("erasure over 128 operations: %v; want a refusal naming max_txn_ops and --max-txn-ops", err)
	}
	if n := signups(db); n != events {
		t.Fatalf("%d sign-ups left after a refused erasure, want all %d (atomic)", n, events)
	}

	db, s = setup(etcdtest.StartWith(t, 1, etcdtest.Options{MaxTxnOps: 1024}).Endpoints(), 1024)
	if n, err := erase(db, s); err != nil || n != events {
		t.Fatalf("erasure with max_txn_ops = 1024: %d, %v", n, err)
	}
	if n := signups(db); n != 0 {
		t.Fatalf("%d sign-ups left after the erasure", n)
	}
}
