package schedule

import (
	"context"
	"errors"
	"log/slog"
	"testing"
	"time"

	"github.com/noaber/noaber/bot/clock"
	"github.com/noaber/noaber/bot/store"
	"github.com/noaber/noaber/bot/store/storetest"
)

// A deposed leader's scheduler (its context's election key is gone)
// completes no job and postpones none: the job stays due, untouched, for
// the new leader.
func TestDeposedLeaderCompletesNoJob(t *testing.T) {
	db := storetest.OpenEtcd(t)
	ctx := storetest.Deposed(t, db)
	clk := clock.NewFake(t0)
	s := New(db, clk, slog.New(slog.DiscardHandler))
	rec := &recorder{}
	s.Handle("r", rec.handle)
	put(t, db, Job{ID: "due", Kind: "r", Due: t0.Add(-time.Minute)})
	if _, err := s.RunDue(ctx); !errors.Is(err, store.ErrFenced) {
		t.Fatalf("RunDue as a deposed leader: %v; want store.ErrFenced", err)
	}
	var j Job
	var ok bool
	if err := db.View(func(tx *store.Tx) error {
		var err error
		j, ok, err = Get(tx, "due")
		return err
	}); err != nil {
		t.Fatal(err)
	}
	if !ok || !j.Due.Equal(t0.Add(-time.Minute)) || j.Attempts != 0 {
		t.Fatalf("job after a deposed leader's run: %+v (present %v); want it due and untouched", j, ok)
	}
	// The leader (unfenced here) runs it.
	if _, err := s.RunDue(context.Background()); err != nil {
		t.Fatal(err)
	}
	if got := rec.got(); len(got) != 2 || got[1] != "due" {
		// The handler ran inside the refused transaction too: its writes were
		// not kept, only the run is recorded.
		t.Fatalf("handler runs %v", got)
	}
}
