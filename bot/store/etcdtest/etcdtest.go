// Package etcdtest starts real, in-process etcd clusters for tests: the
// etcd store backend and the cluster package test against the server they
// will meet in production, not a fake. Only tests import it.
package etcdtest

import (
	"fmt"
	"net"
	"net/url"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"go.etcd.io/etcd/server/v3/embed"
	"go.uber.org/zap"
)

// startTimeout bounds how long a cluster may take to elect its first
// leader; generous because the CI machine is shared.
const startTimeout = 60 * time.Second

// Etcd is a running test cluster.
type Etcd struct {
	t       testing.TB
	mu      sync.Mutex
	members []*embed.Etcd
	clients []string
	dirs    []string
	// TLS are the CA and client certificate files when started with
	// Options.TLS.
	TLS TLSFiles
}

// Cluster starts an etcd cluster of n members on free loopback ports with
// data in t.TempDir() and returns the client endpoints of all members. The
// cluster is stopped when the test ends.
func Cluster(t testing.TB, members int) (endpoints []string) {
	t.Helper()
	return Start(t, members).Endpoints()
}

// Single starts a one-member cluster and returns its client endpoint.
func Single(t testing.TB) []string {
	t.Helper()
	return Cluster(t, 1)
}

// Options tune a cluster; the zero value is what Cluster uses.
type Options struct {
	// Fsync makes members sync their log to disk on every commit, as in
	// production: for benchmarks. Tests skip it (their data is thrown
	// away), which is most of the cost of a commit.
	Fsync bool
	// TLS makes the members serve clients over TLS only and demand a
	// client certificate; the files are in Etcd.TLS.
	TLS bool
	// MaxTxnOps is the members' --max-txn-ops; zero means etcd's 128.
	MaxTxnOps int
}

// Start is Cluster returning the handle, for tests that stop members.
func Start(t testing.TB, members int) *Etcd {
	t.Helper()
	return StartWith(t, members, Options{})
}

// StartWith is Start with options.
func StartWith(t testing.TB, members int, opt Options) *Etcd {
	t.Helper()
	if members < 1 {
		t.Fatalf("etcdtest: %d members", members)
	}
	var last error
	// Free ports are found by binding port 0 and closing it, so another
	// process can take one before etcd binds it: retry a few times.
	for attempt := 0; attempt < 3; attempt++ {
		e, err := start(t, members, opt)
		if err == nil {
			t.Cleanup(e.close)
			return e
		}
		last = err
	}
	t.Fatalf("etcdtest: start %d members: %v", members, last)
	return nil
}

// Endpoints returns the client URLs of all members.
func (e *Etcd) Endpoints() []string { return append([]string(nil), e.clients...) }

// DBFiles are the paths of the members' database files (bbolt, under
// member/snap/db in each data directory): tests of erasure read them raw.
func (e *Etcd) DBFiles() []string {
	var out []string
	for _, d := range e.dirs {
		out = append(out, filepath.Join(d, "member", "snap", "db"))
	}
	return out
}

// Stop stops member i (its endpoint stops answering); the others keep
// running while they have a quorum.
func (e *Etcd) Stop(i int) {
	e.mu.Lock()
	m := e.members[i]
	e.members[i] = nil
	e.mu.Unlock()
	if m != nil {
		m.Close()
	}
}

// Close stops every member; Start registers it with t.Cleanup.
func (e *Etcd) Close() { e.close() }

func (e *Etcd) close() {
	e.mu.Lock()
	ms := e.members
	e.members = nil
	e.mu.Unlock()
	var wg sync.WaitGroup
	for _, m := range ms {
		if m == nil {
			continue
		}
		wg.Add(1)
		go func() { defer wg.Done(); m.Close() }()
	}
	wg.Wait()
}

func freeURLs(n int) ([]url.URL, error) {
	var ls []net.Listener
	defer func() {
		for _, l := range ls {
			l.Close()
		}
	}()
	var us []url.URL
	for i := 0; i < n; i++ {
		l, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			return nil, err
		}
		ls = append(ls, l)
		us = append(us, url.URL{Scheme: "http", Host: l.Addr().String()})
	}
	return us, nil
}

func start(t testing.TB, n int, opt Options) (*Etcd, error) {
	urls, err := freeURLs(2 * n)
	if err != nil {
		return nil, err
	}
	peers, clients := urls[:n], urls[n:]
	e := &Etcd{t: t}
	var server TLSFiles
	if opt.TLS {
		if server, e.TLS, err = makeTLS(t.TempDir()); err != nil {
			return nil, err
		}
		for i := range clients {
			clients[i].Scheme = "https"
		}
	}
	var initial []string
	for i := range n {
		initial = append(initial, fmt.Sprintf("m%d=%s", i, peers[i].String()))
	}
	for i := range n {
		cfg := embed.NewConfig()
		cfg.Name = fmt.Sprintf("m%d", i)
		cfg.Dir = t.TempDir()
		cfg.ListenPeerUrls = []url.URL{peers[i]}
		cfg.AdvertisePeerUrls = []url.URL{peers[i]}
		cfg.ListenClientUrls = []url.URL{clients[i]}
		cfg.AdvertiseClientUrls = []url.URL{clients[i]}
		cfg.InitialCluster = strings.Join(initial, ",")
		cfg.InitialClusterToken = "etcdtest"
		cfg.ClusterState = embed.ClusterStateFlagNew
		cfg.ZapLoggerBuilder = embed.NewZapLoggerBuilder(zap.NewNop())
		cfg.LogLevel = "error"
		cfg.UnsafeNoFsync = !opt.Fsync
		if opt.MaxTxnOps > 0 {
			cfg.MaxTxnOps = uint(opt.MaxTxnOps)
		}
		if opt.TLS {
			cfg.ClientTLSInfo.CertFile = server.CertFile
			cfg.ClientTLSInfo.KeyFile = server.KeyFile
			cfg.ClientTLSInfo.TrustedCAFile = server.CAFile
			cfg.ClientTLSInfo.ClientCertAuth = true
		}
		m, err := embed.StartEtcd(cfg)
		if err != nil {
			e.close()
			return nil, err
		}
		e.members = append(e.members, m)
		e.clients = append(e.clients, clients[i].String())
		e.dirs = append(e.dirs, cfg.Dir)
	}
	deadline := time.After(startTimeout)
	for _, m := range e.members {
		select {
		case <-m.Server.ReadyNotify():
		case err := <-m.Err():
			e.close()
			return nil, err
		case <-deadline:
			e.close()
			return nil, fmt.Errorf("no leader within %v", startTimeout)
		}
	}
	return e, nil
}
