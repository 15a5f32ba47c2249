package cluster

import (
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	clientv3 "go.etcd.io/etcd/client/v3"
	"go.uber.org/zap"

	"github.com/noaber/noaber/bot/store/etcdtest"
)

// wait is how long a test waits for something that should happen within
// a few lease TTLs; generous, the machines are shared.
const wait = 60 * time.Second

func client(t *testing.T, eps ...string) *clientv3.Client {
	t.Helper()
	c, err := clientv3.New(clientv3.Config{Endpoints: eps, DialTimeout: 5 * time.Second, Logger: zap.NewNop()})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { c.Close() })
	return c
}

func quiet() *slog.Logger { return slog.New(slog.NewTextHandler(io.Discard, nil)) }

// instance is one elector and a record of its terms.
type instance struct {
	name    string
	el      *Elector
	cancel  context.CancelFunc
	done    chan struct{}
	elected chan time.Time // each time lead is called
	stopped chan time.Time // each time lead's context ended
}

// leaders counts how many instances are in lead at once.
type leaders struct {
	now, most atomic.Int32
}

func start(t *testing.T, c *clientv3.Client, name string, count *leaders) *instance {
	t.Helper()
	el, err := New(Config{Client: c, Prefix: "test/leader", Name: name, TTL: 2 * time.Second, Log: quiet()})
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	in := &instance{name: name, el: el, cancel: cancel, done: make(chan struct{}),
		elected: make(chan time.Time, 16), stopped: make(chan time.Time, 16)}
	go func() {
		defer close(in.done)
		_ = el.Run(ctx, func(lctx context.Context) {
			n := count.now.Add(1)
			for {
				m := count.most.Load()
				if n <= m || count.most.CompareAndSwap(m, n) {
					break
				}
			}
			in.elected <- time.Now()
			<-lctx.Done()
			count.now.Add(-1)
			in.stopped <- time.Now()
		})
	}()
	t.Cleanup(func() { cancel(); <-in.done })
	return in
}

// firstElected waits until one of ins is elected and returns it.
func firstElected(t *testing.T, ins ...*instance) (*instance, time.Time) {
	t.Helper()
	timeout := time.After(wait)
	for {
		for _, in := range ins {
			select {
			case at := <-in.elected:
				return in, at
			default:
			}
		}
		select {
		case <-timeout:
			t.Fatal("no instance was elected")
		case <-time.After(10 * time.Millisecond):
		}
	}
}

func TestOneLeaderAndFailoverOnStop(t *testing.T) {
	eps := etcdtest.Cluster(t, 3)
	var count leaders
	var ins []*instance
	for i, name := range []string{"a", "b", "c"} {
		ins = append(ins, start(t, client(t, eps[i]), name, &count))
	}
	first, _ := firstElected(t, ins...)
	if first.el.Role() != Leader {
		t.Fatalf("%s leads but reports %s", first.name, first.el.Role())
	}
	var others []*instance
	for _, in := range ins {
		if in != first {
			others = append(others, in)
			if in.el.Role() != Standby {
				t.Fatalf("%s does not lead but reports %s", in.name, in.el.Role())
			}
		}
	}
	// Everyone agrees who leads.
	ctx, cancel := context.WithTimeout(context.Background(), wait)
	defer cancel()
	for _, in := range ins {
		st := in.el.Status(ctx)
		if st.Leader != first.name {
			t.Fatalf("%s sees leader %q, want %q", in.name, st.Leader, first.name)
		}
	}
	// The leader stops (shutdown): it resigns, a standby takes over.
	first.cancel()
	<-first.done
	select {
	case <-first.stopped:
	default:
		t.Fatal("the leader's work did not end when it stopped")
	}
	second, _ := firstElected(t, others...)
	if second.el.Status(ctx).Leader != second.name {
		t.Fatalf("after failover etcd names %q, want %q", second.el.Status(ctx).Leader, second.name)
	}
	if m := count.most.Load(); m != 1 {
		t.Fatalf("%d instances led at once", m)
	}
}

// A leader cut off from etcd stops its work before another instance is
// elected: the lease deadline it keeps ends its term before etcd lets the
// lease go.
func TestCutOffLeaderStopsBeforeSuccessorStarts(t *testing.T) {
	e := etcdtest.Start(t, 3)
	eps := e.Endpoints()
	var count leaders
	var ins []*instance
	// Each instance talks to one member only, so stopping that member
	// cuts it off.
	for i, name := range []string{"a", "b", "c"} {
		ins = append(ins, start(t, client(t, eps[i]), name, &count))
	}
	first, _ := firstElected(t, ins...)
	idx := map[string]int{"a": 0, "b": 1, "c": 2}[first.name]
	e.Stop(idx)

	var stoppedAt time.Time
	select {
	case stoppedAt = <-first.stopped:
	case <-time.After(wait):
		t.Fatal("the cut-off leader kept leading")
	}
	var others []*instance
	for _, in := range ins {
		if in != first {
			others = append(others, in)
		}
	}
	_, electedAt := firstElected(t, others...)
	if !stoppedAt.Before(electedAt) {
		t.Fatalf("the old leader stopped at %v, after its successor started at %v", stoppedAt, electedAt)
	}
	if first.el.Role() != Standby {
		t.Fatalf("cut-off instance reports %s", first.el.Role())
	}
	if m := count.most.Load(); m != 1 {
		t.Fatalf("%d instances led at once", m)
	}
}

// Deleting the election key (an operator, or a revoked lease) ends the
// term at once, and the instance campaigns again.
func TestKeyDeletedEndsTerm(t *testing.T) {
	eps := etcdtest.Cluster(t, 1)
	c := client(t, eps...)
	var count leaders
	in := start(t, c, "solo", &count)
	firstElected(t, in)
	ctx, cancel := context.WithTimeout(context.Background(), wait)
	defer cancel()
	if _, err := c.Delete(ctx, "test/leader/", clientv3.WithPrefix()); err != nil {
		t.Fatal(err)
	}
	select {
	case <-in.stopped:
	case <-time.After(wait):
		t.Fatal("the term did not end when its key was deleted")
	}
	// It is elected again (a new term).
	firstElected(t, in)
	if st := in.el.Status(ctx); st.Terms != 2 || st.Role != "leader" {
		t.Fatalf("status %+v, want a second term as leader", st)
	}
}

func TestStatusJSON(t *testing.T) {
	eps := etcdtest.Cluster(t, 1)
	c := client(t, eps...)
	el, err := New(Config{Client: c, Name: "x:8080", Prefix: "p", TTL: 2 * time.Second, Log: quiet()})
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), wait)
	defer cancel()
	b, _ := json.Marshal(el.Status(ctx))
	if !strings.Contains(string(b), `"role":"standby"`) || !strings.Contains(string(b), `"name":"x:8080"`) {
		t.Fatalf("status %s", b)
	}
}

func TestNewRefuses(t *testing.T) {
	c := &clientv3.Client{}
	for _, tc := range []struct {
		cfg  Config
		want string
	}{
		{Config{Name: "a"}, "no etcd client"},
		{Config{Client: c}, "needs a name"},
		{Config{Client: c, Name: "a", TTL: time.Second}, "too short"},
		{Config{Client: c, Name: "a", TTL: 2 * time.Second, Margin: time.Second}, "margin"},
	} {
		_, err := New(tc.cfg)
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("New(%+v) = %v, want an error about %q", tc.cfg, err, tc.want)
		}
	}
	el, err := New(Config{Client: c, Name: "a"})
	if err != nil {
		t.Fatal(err)
	}
	if el.ttl != 5 || el.margin != time.Second {
		t.Fatalf("defaults: ttl %d s, margin %s; want 5 s and 1 s", el.ttl, el.margin)
	}
}

func TestPrefixFor(t *testing.T) {
	for in, want := range map[string]string{"": "/noaber/leader", "/x/": "/x/leader", "/y": "/y/leader"} {
		if got := PrefixFor(in); got != want {
			t.Errorf("PrefixFor(%q) = %q, want %q", in, got, want)
		}
	}
}

// etcd electing a new raft leader (its leader member stopped) does not
// end the term of a Noaber leader that talks to a surviving member: the
// lease survives, and the broken watch on the election key is set up
// again.
func TestRaftLeaderChangeKeepsTerm(t *testing.T) {
	e := etcdtest.Start(t, 3)
	eps := e.Endpoints()
	ctx, cancel := context.WithTimeout(context.Background(), wait)
	defer cancel()
	probe := client(t, eps...)
	raftLeader := -1
	for i, ep := range eps {
		st, err := probe.Status(ctx, ep)
		if err != nil {
			t.Fatal(err)
		}
		if st.Leader == st.Header.MemberId {
			raftLeader = i
		}
	}
	if raftLeader < 0 {
		t.Fatal("no raft leader")
	}
	mine := eps[(raftLeader+1)%3]
	c := client(t, mine)
	el, err := New(Config{Client: c, Prefix: "test/leader", Name: "solo", TTL: 10 * time.Second, Log: quiet()})
	if err != nil {
		t.Fatal(err)
	}
	rctx, rcancel := context.WithCancel(context.Background())
	defer rcancel()
	elected, stopped := make(chan struct{}, 4), make(chan struct{}, 4)
	done := make(chan struct{})
	go func() {
		defer close(done)
		_ = el.Run(rctx, func(l context.Context) { elected <- struct{}{}; <-l.Done(); stopped <- struct{}{} })
	}()
	defer func() { rcancel(); <-done }()
	select {
	case <-elected:
	case <-time.After(wait):
		t.Fatal("not elected")
	}
	e.Stop(raftLeader)
	// Wait for etcd's new raft leader, then for a few renewals.
	deadline := time.Now().Add(wait)
	for {
		st, err := c.Status(ctx, mine)
		if err == nil && st.Leader != 0 && st.Leader != st.Header.MemberId || err == nil && st.Leader == st.Header.MemberId {
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("etcd elected no new raft leader")
		}
		time.Sleep(50 * time.Millisecond)
	}
	for range 3 {
		if _, err := c.Put(ctx, "probe", "x"); err != nil {
			t.Fatal(err)
		}
		time.Sleep(el.margin)
	}
	select {
	case <-stopped:
		t.Fatal("the term ended when etcd changed its raft leader")
	default:
	}
	if st := el.Status(ctx); st.Terms != 1 || st.Role != "leader" {
		t.Fatalf("status %+v, want the first term still", st)
	}
}
