package etcdtest

import (
	"context"
	"strings"
	"testing"
	"time"

	"go.etcd.io/etcd/client/pkg/v3/transport"
	clientv3 "go.etcd.io/etcd/client/v3"
	"go.uber.org/zap"
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

func TestTLSDemandsAClientCertificate(t *testing.T) {
	e := StartWith(t, 1, Options{TLS: true})
	if !strings.HasPrefix(e.Endpoints()[0], "https://") || e.TLS.CertFile == "" {
		t.Fatalf("endpoints %v, files %+v", e.Endpoints(), e.TLS)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	tc, err := (transport.TLSInfo{CertFile: e.TLS.CertFile, KeyFile: e.TLS.KeyFile, TrustedCAFile: e.TLS.CAFile}).ClientConfig()
	if err != nil {
		t.Fatal(err)
	}
	c, err := clientv3.New(clientv3.Config{Endpoints: e.Endpoints(), DialTimeout: 10 * time.Second, TLS: tc})
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	if _, err := c.Put(ctx, "k", "v"); err != nil {
		t.Fatalf("with the client certificate: %v", err)
	}
	// Only the CA: the member refuses the connection.
	tc, _ = (transport.TLSInfo{TrustedCAFile: e.TLS.CAFile}).ClientConfig()
	anon, err := clientv3.New(clientv3.Config{Endpoints: e.Endpoints(), DialTimeout: time.Second, TLS: tc, Logger: zap.NewNop()})
	if err != nil {
		return
	}
	defer anon.Close()
	short, cancel2 := context.WithTimeout(ctx, 2*time.Second)
	defer cancel2()
	if _, err := anon.Put(short, "k", "v"); err == nil {
		t.Error("a client without a certificate could write")
	}
}
