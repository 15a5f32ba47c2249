package events

import (
	"fmt"
	"log/slog"
	"path/filepath"
	"sort"
	"sync"
	"testing"
	"time"

	"github.com/noaber/noaber/bot"
	"github.com/noaber/noaber/bot/clock"
	"github.com/noaber/noaber/bot/store"
)

// openNoSync opens a store without fsync: this test is about transactions
// deciding places, not about durability (the crash test covers that).
func openNoSync(t testing.TB) *store.DB {
	t.Helper()
	db, err := store.Open(filepath.Join(t.TempDir(), "noaber.db"), store.Options{NoSync: true})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if err := db.Check(); err != nil {
			t.Errorf("consistency: %v", err)
		}
		db.Close()
	})
	return db
}

func TestConcurrentSignupsNeverExceedCapacity(t *testing.T) {
	const people, capacity = 1000, 100
	db := openNoSync(t)
	s, err := New(Config{}, Deps{DB: db, Clock: clock.NewFake(t0), Log: slog.New(slog.DiscardHandler)})
	if err != nil {
		t.Fatal(err)
	}
	ev, err := s.Create(Event{Title: "Druk", Start: t0.Add(24 * time.Hour), End: t0.Add(26 * time.Hour), Capacity: capacity}, "discord:org")
	if err != nil {
		t.Fatal(err)
	}
	// Users are spread over three platforms: one capacity for all.
	platforms := []string{"discord", "mattermost", "console"}
	uid := func(i int) string { return fmt.Sprintf("%s:u%d", platforms[i%3], i) }

	var mu sync.Mutex
	confirmed := 0
	posOf := map[int]string{} // waitlist position → user
	var wg sync.WaitGroup
	start := make(chan struct{})
	for i := range people {
		wg.Add(1)
		go func() {
			defer wg.Done()
			<-start
			out, err := s.Respond(ev.ID, bot.User{ID: uid(i), Name: fmt.Sprint("U", i)}, Yes)
			if err != nil {
				t.Error(err)
				return
			}
			mu.Lock()
			defer mu.Unlock()
			switch out.Status {
			case StatusConfirmed:
				confirmed++
			case StatusWaitlist:
				if prev, dup := posOf[out.Position]; dup {
					t.Errorf("position %d given to %s and %s", out.Position, prev, uid(i))
				}
				posOf[out.Position] = uid(i)
			default:
				t.Errorf("status %q", out.Status)
			}
		}()
	}
	close(start)
	wg.Wait()
	if confirmed != capacity || len(posOf) != people-capacity {
		t.Fatalf("%d confirmed, %d waitlisted", confirmed, len(posOf))
	}
	for p := 1; p <= people-capacity; p++ {
		if _, ok := posOf[p]; !ok {
			t.Fatalf("waitlist position %d missing", p)
		}
	}
	// The stored waitlist is in the order the positions were handed out,
	// which is the commit order.
	var order []string
	_ = db.View(func(tx *store.Tx) error { order = WaitlistOrder(tx, ev.ID); return nil })
	for i, u := range order {
		if posOf[i+1] != u {
			t.Fatalf("waitlist[%d] = %s, but position %d went to %s", i, u, i+1, posOf[i+1])
		}
	}
	checkInvariants(t, db)

	// Concurrent withdrawals of everyone confirmed promote exactly the
	// first 100 on the waitlist.
	var conf []string
	_ = db.View(func(tx *store.Tx) error {
		ss, _ := Signups(tx, ev.ID)
		for _, su := range ss {
			if su.Status == StatusConfirmed {
				conf = append(conf, su.User)
			}
		}
		return nil
	})
	promoted := map[string]bool{}
	for _, u := range conf {
		wg.Add(1)
		go func() {
			defer wg.Done()
			out, err := s.Respond(ev.ID, bot.User{ID: u}, No)
			if err != nil || len(out.Promoted) != 1 {
				t.Errorf("withdraw %s: %v, promoted %d", u, err, len(out.Promoted))
				return
			}
			mu.Lock()
			promoted[out.Promoted[0].User] = true
			mu.Unlock()
		}()
	}
	wg.Wait()
	for p := 1; p <= capacity; p++ {
		if !promoted[posOf[p]] {
			t.Errorf("position %d (%s) was not promoted", p, posOf[p])
		}
	}
	// Withdrawals one at a time promote strictly in waitlist order.
	var now []string
	for u := range promoted {
		now = append(now, u)
	}
	sort.Strings(now)
	for i, u := range now[:50] {
		out, err := s.Respond(ev.ID, bot.User{ID: u}, No)
		if err != nil || len(out.Promoted) != 1 || out.Promoted[0].User != posOf[capacity+i+1] {
			t.Fatalf("withdrawal %d promoted %+v (%v), want %s", i, out.Promoted, err, posOf[capacity+i+1])
		}
	}
	got := func() Event {
		var e Event
		_ = db.View(func(tx *store.Tx) (err error) { e, err = Get(tx, ev.ID); return err })
		return e
	}()
	if got.Confirmed != capacity || got.Waitlist != people-2*capacity-50 {
		t.Errorf("final counts %d/%d", got.Confirmed, got.Waitlist)
	}
	checkInvariants(t, db)
}
