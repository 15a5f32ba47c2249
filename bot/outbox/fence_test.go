package outbox

import (
	"context"
	"testing"

	"github.com/noaber/noaber/bot/clock"
	"github.com/noaber/noaber/bot/store/storetest"
)

// A deposed leader's delivery mark (its context's election key is gone) is
// refused: the message stays pending for the new leader, which sends it
// once more (the one duplicate per failover) and marks it sent.
func TestDeposedLeadersMarkIsRefused(t *testing.T) {
	db := storetest.OpenEtcd(t)
	deposed := storetest.Deposed(t, db)
	a := &fakeAdapter{name: "discord"}
	o := newOutbox(db, clock.NewFake(t0))
	o.Register(a)
	enqueue(t, db, "k1", "discord:1", "reminder")
	o.Flush(deposed)
	if s, _ := Stats(db); s.Pending != 1 {
		t.Fatalf("pending %d after a deposed leader's delivery; want the message still pending", s.Pending)
	}
	o.Flush(context.Background())
	if got := a.Sent(); len(got) != 2 {
		t.Fatalf("sent %v; want the deposed send and the new leader's", got)
	}
	if s, _ := Stats(db); s.Pending != 0 {
		t.Fatalf("pending %d after the leader's delivery", s.Pending)
	}
}
