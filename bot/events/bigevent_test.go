package events

import (
	"context"
	"fmt"
	"log/slog"
	"strings"
	"testing"
	"time"

	"github.com/noaber/noaber/bot"
	"github.com/noaber/noaber/bot/clock"
	"github.com/noaber/noaber/bot/outbox"
	"github.com/noaber/noaber/bot/schedule"
	"github.com/noaber/noaber/bot/store"
	"github.com/noaber/noaber/bot/store/storetest"
)

// An event with 80 attendees on etcd: its reminder and its cancellation
// notice each queue 80 messages, three writes apiece, far over the 128
// operations etcd takes in one transaction. The jobs tell everyone, a
// batch per transaction, and nobody twice.
func TestBigEventRemindersAndCancellationOnEtcd(t *testing.T) {
	if testing.Short() {
		t.Skip("starts etcd")
	}
	db := storetest.OpenEtcd(t)
	clk := clock.NewFake(t0)
	s, err := New(Config{Reminders: []string{"1h"}}, Deps{DB: db, Clock: clk, Log: slog.New(slog.DiscardHandler)})
	if err != nil {
		t.Fatal(err)
	}
	sched := schedule.New(db, clk, slog.New(slog.DiscardHandler))
	if err := s.Register(sched); err != nil {
		t.Fatal(err)
	}
	ev, err := s.Create(Event{Title: "Buurtfeest", Start: t0.Add(3 * time.Hour), End: t0.Add(5 * time.Hour)}, "discord:org")
	if err != nil {
		t.Fatal(err)
	}
	const n = 80
	for i := range n {
		if _, err := s.Respond(ev.ID, bot.User{ID: fmt.Sprintf("discord:%d", i), Name: "N"}, Yes); err != nil {
			t.Fatal(err)
		}
	}
	count := func(part string) int {
		c := 0
		if err := db.View(func(tx *store.Tx) error {
			return tx.Bucket("outbox").Sub("keys").ForEach(func(k, _ []byte) error {
				if strings.HasPrefix(string(k), part) {
					c++
				}
				return nil
			})
		}); err != nil {
			t.Fatal(err)
		}
		return c
	}
	clk.Advance(2 * time.Hour) // the 1h reminder is due
	if _, err := sched.RunDue(context.Background()); err != nil {
		t.Fatal(err)
	}
	if got := count(fmt.Sprintf("events:reminder:%d:", ev.ID)); got != n {
		t.Fatalf("%d reminders queued, want %d", got, n)
	}
	if _, _, err := s.Cancel(ev.ID); err != nil {
		t.Fatal(err)
	}
	clk.Advance(2 * undoWindow)
	if _, err := sched.RunDue(context.Background()); err != nil {
		t.Fatal(err)
	}
	if got := count(fmt.Sprintf("events:cancelled:%d:", ev.ID)); got != n {
		t.Fatalf("%d cancellation notices queued, want %d", got, n)
	}
	if st, _ := outbox.Stats(db); st.Pending != 2*n {
		t.Fatalf("%d messages pending, want %d (nobody told twice)", st.Pending, 2*n)
	}
}
