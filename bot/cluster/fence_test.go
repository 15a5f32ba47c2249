package cluster

import (
	"context"
	"errors"
	"testing"
	"time"

	clientv3 "go.etcd.io/etcd/client/v3"

	"github.com/noaber/noaber/bot/store"
	"github.com/noaber/noaber/bot/store/etcdtest"
)

// The leader's context fences its writes: while it leads a fenced write
// commits; once its election key is gone (the term is over, a successor
// may lead) the same write, still on its way, fails with ErrFenced and is
// not applied.
func TestDeposedLeadersWriteIsRefused(t *testing.T) {
	eps := etcdtest.Cluster(t, 1)
	db, err := store.Open("", store.Options{Backend: store.BackendEtcd, Etcd: store.EtcdOptions{Endpoints: eps, Prefix: "/fence/"}})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	prefix := PrefixFor(db.EtcdPrefix())
	el, err := New(Config{Client: db.EtcdClient(), Prefix: prefix, Name: "a", TTL: 2 * time.Second, Log: quiet()})
	if err != nil {
		t.Fatal(err)
	}
	mark := func(ctx context.Context, v string) error {
		return db.UpdateFenced(ctx, func(tx *store.Tx) error { return tx.Bucket("outbox").Put([]byte("sent"), []byte(v)) })
	}
	terms := make(chan context.Context, 4)
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() {
		defer close(done)
		_ = el.Run(ctx, func(lctx context.Context) {
			terms <- lctx
			<-lctx.Done()
		})
	}()
	defer func() { cancel(); <-done }()
	var lctx context.Context
	select {
	case lctx = <-terms:
	case <-time.After(wait):
		t.Fatal("not elected")
	}
	if err := mark(lctx, "first term"); err != nil {
		t.Fatalf("fenced write while leading: %v", err)
	}
	// The term ends: its key is deleted (as when the lease runs out).
	if _, err := db.EtcdClient().Delete(context.Background(), prefix+"/", clientv3.WithPrefix()); err != nil {
		t.Fatal(err)
	}
	select {
	case <-lctx.Done():
	case <-time.After(wait):
		t.Fatal("the term did not end")
	}
	// A new term begins (this instance again, with a new key): the old
	// term's write must still be refused.
	var next context.Context
	select {
	case next = <-terms:
	case <-time.After(wait):
		t.Fatal("not elected again")
	}
	if err := mark(lctx, "late"); !errors.Is(err, store.ErrFenced) {
		t.Fatalf("write of an ended term: %v; want store.ErrFenced", err)
	}
	if err := mark(next, "second term"); err != nil {
		t.Fatalf("fenced write in the new term: %v", err)
	}
	var got string
	if err := db.View(func(tx *store.Tx) error { got = string(tx.Bucket("outbox").Get([]byte("sent"))); return nil }); err != nil {
		t.Fatal(err)
	}
	if got != "second term" {
		t.Fatalf("value %q, want \"second term\"", got)
	}
}
