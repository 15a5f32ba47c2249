package outbox

import (
	"context"
	"testing"

	"github.com/noaber/noaber/bot/clock"
	"github.com/noaber/noaber/bot/store"
	"github.com/noaber/noaber/bot/store/etcdtest"
)

// A deposed leader's delivery mark (its context's election key is gone) is
// refused: the message stays pending for the new leader, which sends it
// once more (the one duplicate per failover) and marks it sent.
func TestDeposedLeadersMarkIsRefused(t *testing.T) {
	db, err := store.Open("", store.Options{Backend: store.BackendEtcd, Etcd: store.EtcdOptions{Endpoints: etcdtest.Single(t)}})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	key := db.EtcdPrefix() + "leader/term1"
	resp, err := db.EtcdClient().Put(context.Background(), key, "old leader")
	if err != nil {
		t.Fatal(err)
	}
	deposed := store.WithFence(context.Background(), key, resp.Header.Revision)
	if _, err := db.EtcdClient().Delete(context.Background(), key); err != nil {
		t.Fatal(err)
	}
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
