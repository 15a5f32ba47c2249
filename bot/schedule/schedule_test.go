package schedule

import (
	"context"
	"errors"
	"log/slog"
	"sync"
	"testing"
	"time"

	"github.com/noaber/noaber/bot/clock"
	"github.com/noaber/noaber/bot/store"
	"github.com/noaber/noaber/bot/store/storetest"
)

var t0 = time.Date(2026, 3, 29, 0, 0, 0, 0, time.UTC)

func put(t *testing.T, db *store.DB, jobs ...Job) {
	t.Helper()
	if err := db.Update(func(tx *store.Tx) error {
		for _, j := range jobs {
			if err := Put(tx, j); err != nil {
				return err
			}
		}
		return nil
	}); err != nil {
		t.Fatal(err)
	}
}

type recorder struct {
	mu  sync.Mutex
	ran []string
}

func (r *recorder) handle(ctx context.Context, tx *store.Tx, j Job, now time.Time) error {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.ran = append(r.ran, j.ID)
	return nil
}

func (r *recorder) got() []string {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]string(nil), r.ran...)
}

func TestRunsDueJobsInOrderOnce(t *testing.T) {
	db := storetest.Open(t)
	clk := clock.NewFake(t0)
	s := New(db, clk, slog.New(slog.DiscardHandler))
	rec := &recorder{}
	s.Handle("r", rec.handle)
	put(t, db,
		Job{ID: "b", Kind: "r", Due: t0.Add(2 * time.Minute)},
		Job{ID: "a", Kind: "r", Due: t0.Add(time.Minute)},
		Job{ID: "c", Kind: "r", Due: t0.Add(time.Hour)},
	)
	next, err := s.RunDue(context.Background())
	if err != nil || len(rec.got()) != 0 || !next.Equal(t0.Add(time.Minute)) {
		t.Fatalf("nothing due yet: ran %v next %v err %v", rec.got(), next, err)
	}
	clk.Advance(5 * time.Minute)
	next, _ = s.RunDue(context.Background())
	if got := rec.got(); len(got) != 2 || got[0] != "a" || got[1] != "b" {
		t.Fatalf("ran %v", got)
	}
	if !next.Equal(t0.Add(time.Hour)) {
		t.Errorf("next %v", next)
	}
	s.RunDue(context.Background())
	if len(rec.got()) != 2 {
		t.Error("a job ran twice")
	}
}

func TestReplaceAndDeletePrefix(t *testing.T) {
	db := storetest.Open(t)
	put(t, db, Job{ID: "dl:1:14d", Kind: "r", Due: t0}, Job{ID: "dl:1:1d", Kind: "r", Due: t0}, Job{ID: "dl:2:1d", Kind: "r", Due: t0})
	put(t, db, Job{ID: "dl:2:1d", Kind: "r", Due: t0.Add(time.Hour)}) // moved
	db.Update(func(tx *store.Tx) error {
		if Count(tx) != 3 {
			t.Errorf("count %d after replace", Count(tx))
		}
		n, err := DeletePrefix(tx, "dl:1:")
		if n != 2 || err != nil {
			t.Errorf("DeletePrefix = %d %v", n, err)
		}
		j, ok, _ := Get(tx, "dl:2:1d")
		if !ok || !j.Due.Equal(t0.Add(time.Hour)) {
			t.Errorf("moved job = %+v %v", j, ok)
		}
		return nil
	})
}

func TestFailingJobDoesNotBlockOthers(t *testing.T) {
	db := storetest.Open(t)
	clk := clock.NewFake(t0)
	s := New(db, clk, slog.New(slog.DiscardHandler))
	// Effects are written in the job's transaction, as real handlers do: a
	// batch rolled back by the failing job leaves nothing behind.
	s.Handle("ok", func(ctx context.Context, tx *store.Tx, j Job, now time.Time) error {
		b := tx.Bucket("effects")
		n := len(b.Get([]byte(j.ID)))
		return b.Put([]byte(j.ID), make([]byte, n+1))
	})
	s.Handle("bad", func(ctx context.Context, tx *store.Tx, j Job, now time.Time) error { return errors.New("broken") })
	put(t, db, Job{ID: "1", Kind: "ok", Due: t0}, Job{ID: "2", Kind: "bad", Due: t0}, Job{ID: "3", Kind: "ok", Due: t0})
	s.RunDue(context.Background())
	db.View(func(tx *store.Tx) error {
		for _, id := range []string{"1", "3"} {
			if n := len(tx.Bucket("effects").Get([]byte(id))); n != 1 {
				t.Errorf("job %s took effect %d times", id, n)
			}
		}
		j, ok, _ := Get(tx, "2")
		if !ok || j.Attempts != 1 || !j.Due.After(t0) {
			t.Errorf("failed job not rescheduled: %+v %v", j, ok)
		}
		return nil
	})
}

func TestHandlerWritesCommitWithJobRemoval(t *testing.T) {
	db := storetest.Open(t)
	s := New(db, clock.NewFake(t0), slog.New(slog.DiscardHandler))
	s.Handle("w", func(ctx context.Context, tx *store.Tx, j Job, now time.Time) error {
		return tx.Bucket("effects").Put([]byte(j.ID), []byte("done"))
	})
	put(t, db, Job{ID: "x", Kind: "w", Due: t0})
	s.RunDue(context.Background())
	db.View(func(tx *store.Tx) error {
		if tx.Bucket("effects").Get([]byte("x")) == nil || Count(tx) != 0 {
			t.Error("effect and removal did not commit together")
		}
		return nil
	})
}

func TestRunSleepsUntilDueAndWakesOnPut(t *testing.T) {
	db := storetest.Open(t)
	clk := clock.NewFake(t0)
	s := New(db, clk, slog.New(slog.DiscardHandler))
	rec := &recorder{}
	s.Handle("r", rec.handle)
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() { s.Run(ctx); close(done) }()
	defer func() { cancel(); <-done }()
	waitFor(t, func() bool { return clk.Waiters() > 0 }) // asleep, nothing scheduled
	put(t, db, Job{ID: "soon", Kind: "r", Due: t0.Add(10 * time.Minute)})
	waitFor(t, func() bool { return clk.Waiters() > 0 })
	if len(rec.got()) != 0 {
		t.Fatal("ran early")
	}
	clk.Advance(10 * time.Minute)
	waitFor(t, func() bool { return len(rec.got()) == 1 })
}

func waitFor(t *testing.T, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(5 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatal("condition not met in time")
		}
		time.Sleep(2 * time.Millisecond)
	}
}

// Replace writes only what differs: the same jobs again change nothing
// (and keep their attempts); a changed due time is put, a job no longer
// wanted is deleted, and jobs outside the prefix are left alone.
func TestReplaceWritesOnlyWhatDiffers(t *testing.T) {
	db := storetest.Open(t)
	a := Job{ID: "ev:1:remind:24h", Kind: "remind", Due: t0, Data: []byte(`{"o":1}`)}
	b := Job{ID: "ev:1:remind:1h", Kind: "remind", Due: t0.Add(time.Hour)}
	other := Job{ID: "ev:12:remind:1h", Kind: "remind", Due: t0}
	put(t, db, other)
	replace := func(jobs ...Job) int {
		t.Helper()
		var n int
		if err := db.Update(func(tx *store.Tx) error {
			var err error
			n, err = Replace(tx, "ev:1:", jobs)
			return err
		}); err != nil {
			t.Fatal(err)
		}
		return n
	}
	if n := replace(a, b); n != 2 {
		t.Errorf("first replace changed %d, want 2", n)
	}
	a2 := a
	a2.Attempts = 3
	put(t, db, a2) // a failed attempt was counted meanwhile
	if n := replace(a, b); n != 0 {
		t.Errorf("same jobs again changed %d, want 0", n)
	}
	b2 := b
	b2.Due = b.Due.Add(time.Minute)
	if n := replace(b2); n != 2 { // a deleted, b moved
		t.Errorf("changed %d, want 2", n)
	}
	db.View(func(tx *store.Tx) error {
		if _, ok, _ := Get(tx, a.ID); ok {
			t.Error("the job no longer wanted is still there")
		}
		if j, _, _ := Get(tx, b.ID); !j.Due.Equal(b2.Due) {
			t.Errorf("due = %v, want %v", j.Due, b2.Due)
		}
		if _, ok, _ := Get(tx, other.ID); !ok {
			t.Error("a job of event 12 was touched by event 1's prefix")
		}
		return nil
	})
	if err := db.Update(func(tx *store.Tx) error {
		_, err := Replace(tx, "ev:1:", []Job{other})
		return err
	}); err == nil {
		t.Error("a job outside the prefix was accepted")
	}
}

// Run is started once per leader term: a term that ends takes its
// subscription to the scheduler's wake-ups with it.
func TestRunLeavesNoSubscriptionPerTerm(t *testing.T) {
	db := storetest.Open(t)
	s := New(db, clock.NewFake(t0), slog.New(slog.DiscardHandler))
	for range 5 {
		ctx, cancel := context.WithCancel(context.Background())
		done := make(chan struct{})
		go func() { s.Run(ctx); close(done) }()
		waitFor(t, func() bool { return db.Subscribers(topic) == 1 })
		cancel()
		<-done
	}
	waitFor(t, func() bool { return db.Subscribers(topic) == 0 })
}
