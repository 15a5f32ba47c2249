package etcdtest

import (
	"context"
	"testing"
	"time"

	clientv3 "go.etcd.io/etcd/client/v3"
)

func TestClusterServesAndReplicates(t *testing.T) {
	eps := Cluster(t, 3)
	if len(eps) != 3 {
		t.Fatalf("endpoints %v, want 3", eps)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	w, err := clientv3.New(clientv3.Config{Endpoints: eps[:1], DialTimeout: 10 * time.Second})
	if err != nil {
		t.Fatal(err)
	}
	defer w.Close()
	if _, err := w.Put(ctx, "k", "v"); err != nil {
		t.Fatal(err)
	}
	// A linearizable read on another member sees the write: the members
	// form one cluster, not three.
	r, err := clientv3.New(clientv3.Config{Endpoints: eps[2:], DialTimeout: 10 * time.Second})
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	resp, err := r.Get(ctx, "k")
	if err != nil {
		t.Fatal(err)
	}
	if len(resp.Kvs) != 1 || string(resp.Kvs[0].Value) != "v" {
		t.Fatalf("member 3 read %v, want k=v", resp.Kvs)
	}
	st, err := r.MemberList(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(st.Members) != 3 {
		t.Fatalf("member list %d, want 3", len(st.Members))
	}
}

func TestSingle(t *testing.T) {
	eps := Single(t)
	c, err := clientv3.New(clientv3.Config{Endpoints: eps, DialTimeout: 10 * time.Second})
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	if _, err := c.Put(ctx, "a", "b"); err != nil {
		t.Fatal(err)
	}
}
