// Package cluster elects one leader among the Noaber instances that share
// an etcd cluster. The leader alone does the work that must happen once:
// it holds the platform connections that must be single (Discord gateway,
// Mattermost websocket, Matrix sync), runs the scheduler and delivers the
// outbox. Every instance serves HTTP.
//
// The election is etcd's own (concurrency.Election on a session lease);
// this package adds what the wiring needs around it: a context for the
// leader's work that ends as soon as leadership may be lost, and the role
// for /readyz.
//
// When the leader is lost. etcd ends the lease TTL after the server last
// renewed it; another instance can win the election only after that. The
// leader renews the lease itself every TTL/3 and cancels its work at
// (time the last successful renewal was sent) + TTL − margin: the server
// renewed no earlier than that request was sent, so this local deadline
// falls before the server's expiry, whatever the network did. A leader cut
// off from etcd therefore stops its work before a successor can start
// (clock rates assumed equal). A transaction already in flight when the
// work stops is fenced: the context lead gets carries the election key
// (store.WithFence), and a write made with store.UpdateFenced commits only
// while that key exists, so a deposed leader's marks are refused.
package cluster

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"math"
	"sync"
	"sync/atomic"
	"time"

	"go.etcd.io/etcd/api/v3/v3rpc/rpctypes"
	clientv3 "go.etcd.io/etcd/client/v3"
	"go.etcd.io/etcd/client/v3/concurrency"

	"github.com/noaber/noaber/bot/store"
)

// Client is etcd's client, so the wiring can pass the store's client
// along without importing etcd.
type Client = clientv3.Client

// Role is what an instance does in the cluster.
type Role int32

const (
	// Standby serves HTTP and waits to be elected.
	Standby Role = iota
	// Leader also holds the single connections and runs the scheduler and
	// the outbox.
	Leader
)

func (r Role) String() string {
	if r == Leader {
		return "leader"
	}
	return "standby"
}

// DefaultTTL is the session lease when Config.TTL is zero.
const DefaultTTL = 5 * time.Second

// Config sets up an Elector.
type Config struct {
	// Client talks to the etcd cluster. Required.
	Client *clientv3.Client
	// Prefix is the election's key prefix, e.g. "<store prefix>leader".
	// Instances that must elect one leader use the same prefix.
	Prefix string
	// Name identifies this instance in the election (host:port); it is
	// what Leader returns on the other instances. Required.
	Name string
	// TTL is the session lease: how long after the leader's last renewal
	// etcd lets a standby take over. Whole seconds, at least 2. Zero means
	// DefaultTTL.
	TTL time.Duration
	// Margin is how long before the lease could end, counted from the
	// last renewal, the leader stops its work. Zero means a fifth of the
	// TTL, at least 500 ms.
	Margin time.Duration
	// Log may be nil.
	Log *slog.Logger
}

// Elector takes part in the election. Create it with New, run it with Run.
type Elector struct {
	cfg    Config
	ttl    int64 // seconds
	margin time.Duration
	log    *slog.Logger

	role   atomic.Int32
	mu     sync.Mutex
	since  time.Time // when the current role began
	terms  int       // times this instance became leader
	lastRe time.Time // last successful renewal while leader
}

// New checks cfg.
func New(cfg Config) (*Elector, error) {
	if cfg.Client == nil {
		return nil, errors.New("cluster: no etcd client")
	}
	if cfg.Name == "" {
		return nil, errors.New("cluster: the instance needs a name")
	}
	if cfg.Prefix == "" {
		cfg.Prefix = "noaber/leader"
	}
	if cfg.TTL == 0 {
		cfg.TTL = DefaultTTL
	}
	ttl := int64(math.Ceil(cfg.TTL.Seconds()))
	if ttl < 2 {
		return nil, fmt.Errorf("cluster: lease TTL %s is too short; use at least 2s", cfg.TTL)
	}
	margin := cfg.Margin
	if margin == 0 {
		margin = max(time.Duration(ttl)*time.Second/5, 500*time.Millisecond)
	}
	if margin >= time.Duration(ttl)*time.Second/2 {
		return nil, fmt.Errorf("cluster: margin %s must be less than half the TTL", margin)
	}
	log := cfg.Log
	if log == nil {
		log = slog.Default()
	}
	e := &Elector{cfg: cfg, ttl: ttl, margin: margin, log: log.With("component", "cluster"), since: time.Now()}
	return e, nil
}

// Role is the instance's current role.
func (e *Elector) Role() Role { return Role(e.role.Load()) }

// Status is the role for /readyz.
type Status struct {
	Role  string    `json:"role"`
	Name  string    `json:"name"`
	Since time.Time `json:"since"`
	// Leader is the name of the current leader as etcd sees it; empty
	// when there is none or etcd cannot be reached.
	Leader string `json:"leader,omitempty"`
	// Terms counts how often this instance became leader.
	Terms int `json:"terms"`
}

// Status reports the role and asks etcd who leads (bounded by ctx).
func (e *Elector) Status(ctx context.Context) Status {
	e.mu.Lock()
	st := Status{Role: e.Role().String(), Name: e.cfg.Name, Since: e.since, Terms: e.terms}
	e.mu.Unlock()
	st.Leader, _ = e.Leader(ctx)
	return st
}

// Leader returns the current leader's name ("" when none).
func (e *Elector) Leader(ctx context.Context) (string, error) {
	resp, err := e.cfg.Client.Get(ctx, e.cfg.Prefix+"/", clientv3.WithFirstCreate()...)
	if err != nil {
		return "", err
	}
	if len(resp.Kvs) == 0 {
		return "", nil
	}
	return string(resp.Kvs[0].Value), nil
}

func (e *Elector) setRole(r Role) {
	e.mu.Lock()
	defer e.mu.Unlock()
	if Role(e.role.Load()) != r {
		e.since = time.Now()
	}
	if r == Leader {
		e.terms++
	}
	e.role.Store(int32(r))
}

// Run campaigns until ctx ends. Each time this instance is elected it
// calls lead with a context that ends when leadership may be lost (the
// lease could not be renewed in time, the session ended, the election key
// is gone) or ctx ends; Run waits for lead to return, gives up the lease
// and campaigns again. lead should return soon after its context ends.
// Run returns nil when ctx ended.
func (e *Elector) Run(ctx context.Context, lead func(ctx context.Context)) error {
	backoff := 200 * time.Millisecond
	for ctx.Err() == nil {
		err := e.term(ctx, lead)
		if ctx.Err() != nil {
			return nil
		}
		if err != nil {
			e.log.Warn("election: trying again", "err", err, "in", backoff)
			select {
			case <-ctx.Done():
				return nil
			case <-time.After(backoff):
			}
			backoff = min(backoff*2, time.Duration(e.ttl)*time.Second)
			continue
		}
		backoff = 200 * time.Millisecond
	}
	return nil
}

// term is one session: campaign, lead while the lease holds, resign.
func (e *Elector) term(ctx context.Context, lead func(context.Context)) error {
	c := e.cfg.Client
	gctx, gcancel := context.WithTimeout(ctx, time.Duration(e.ttl)*time.Second)
	grant, err := c.Grant(gctx, e.ttl)
	gcancel()
	if err != nil {
		return fmt.Errorf("grant lease: %w", err)
	}
	lease := grant.ID
	sctx, scancel := context.WithCancel(ctx)
	defer scancel()
	sess, err := concurrency.NewSession(c, concurrency.WithLease(lease), concurrency.WithContext(sctx))
	if err != nil {
		e.revoke(lease)
		return fmt.Errorf("session: %w", err)
	}
	defer func() {
		scancel()
		e.revoke(lease)
	}()

	// Campaign until elected; give up when the session ends first (the
	// lease expired while waiting: the key is gone, a win would be void).
	cctx, ccancel := context.WithCancel(ctx)
	go func() {
		select {
		case <-sess.Done():
			ccancel()
		case <-cctx.Done():
		}
	}()
	el := concurrency.NewElection(sess, e.cfg.Prefix)
	err = el.Campaign(cctx, e.cfg.Name)
	ccancel()
	if err != nil {
		if ctx.Err() != nil {
			return nil
		}
		return fmt.Errorf("campaign: %w", err)
	}
	// Elected: make sure the lease still holds and take the deadline from
	// a fresh renewal.
	sent := time.Now()
	if err := e.renew(ctx, lease); err != nil {
		return fmt.Errorf("first renewal as leader: %w", err)
	}
	lctx, lcancel := context.WithCancelCause(ctx)
	defer lcancel(nil)
	e.setRole(Leader)
	defer e.setRole(Standby)
	e.log.Info("elected leader", "name", e.cfg.Name)

	var wg sync.WaitGroup
	wg.Add(2)
	go func() { // lease watchdog
		defer wg.Done()
		lcancel(e.hold(lctx, lease, sent))
	}()
	go func() { // the key itself
		defer wg.Done()
		lcancel(e.watchKey(lctx, el.Key(), el.Rev(), sess))
	}()
	// Leader-only writes made with this context are fenced: they commit
	// only while this term's election key exists (store.UpdateFenced).
	lead(store.WithFence(lctx, el.Key(), el.Rev()))
	lcancel(errors.New("lead returned"))
	wg.Wait()
	if cause := context.Cause(lctx); ctx.Err() == nil {
		e.log.Warn("leadership lost; stopped leader work", "cause", cause)
	}
	// Resign so a standby need not wait out the lease (the deferred
	// revoke does it too; Resign is quicker to be seen by watchers).
	rctx, rcancel := context.WithTimeout(context.WithoutCancel(ctx), time.Second)
	_ = el.Resign(rctx)
	rcancel()
	return nil
}

// hold renews the lease every TTL/3 and returns when the work must stop:
// at the last renewal's send time + TTL − margin without a newer renewal,
// or when ctx ends.
func (e *Elector) hold(ctx context.Context, lease clientv3.LeaseID, sent time.Time) error {
	ttl := time.Duration(e.ttl) * time.Second
	deadline := sent.Add(ttl - e.margin)
	every := ttl / 3
	// After a failed renewal (etcd electing a new raft leader, a slow
	// member) try again soon rather than a whole interval later, so a
	// short disturbance never costs the term.
	retry := max(every/6, 200*time.Millisecond)
	next := every
	for {
		wait := min(next, time.Until(deadline))
		if wait <= 0 {
			return fmt.Errorf("lease not renewed within %s", ttl-e.margin)
		}
		t := time.NewTimer(wait)
		select {
		case <-ctx.Done():
			t.Stop()
			return ctx.Err()
		case <-t.C:
		}
		if time.Now().After(deadline) {
			return fmt.Errorf("lease not renewed within %s", ttl-e.margin)
		}
		// One renewal, bounded by the deadline: a renewal that answers
		// after it is too late to count.
		at := time.Now()
		rctx, cancel := context.WithDeadline(ctx, deadline)
		err := e.renew(rctx, lease)
		cancel()
		switch {
		case err == nil:
			next = every
			deadline = at.Add(ttl - e.margin)
			e.mu.Lock()
			e.lastRe = at
			e.mu.Unlock()
		case errors.Is(err, errLeaseGone):
			return err
		case ctx.Err() != nil:
			return ctx.Err()
		default:
			next = retry
			e.log.Warn("lease renewal failed", "err", err)
		}
	}
}

var errLeaseGone = errors.New("lease expired")

// renew renews the lease once; the request must reach the raft leader.
func (e *Elector) renew(ctx context.Context, lease clientv3.LeaseID) error {
	resp, err := e.cfg.Client.KeepAliveOnce(clientv3.WithRequireLeader(ctx), lease)
	if err != nil {
		if errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded) {
			return err
		}
		if isLeaseNotFound(err) {
			return errLeaseGone
		}
		return err
	}
	if resp.TTL <= 0 {
		return errLeaseGone
	}
	return nil
}

func isLeaseNotFound(err error) bool { return errors.Is(err, rpctypes.ErrLeaseNotFound) }

// watchKey returns when the election key is deleted or replaced (an
// operator removed it, the lease was revoked) or the session ends. A watch
// that etcd cancels — its member lost the raft leader while etcd elected a
// new one, or the revision was compacted — does not end the term: the key
// is read again and watched from there, while hold's renewal deadline
// decides whether the leader may go on (TestRaftLeaderChangeKeepsTerm).
func (e *Elector) watchKey(ctx context.Context, key string, rev int64, sess *concurrency.Session) error {
	wch := e.cfg.Client.Watch(ctx, key, clientv3.WithRev(rev))
	for {
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-sess.Done():
			return errors.New("etcd session ended")
		case wr, ok := <-wch:
			if err := wr.Err(); !ok || err != nil {
				if ctx.Err() != nil {
					return ctx.Err()
				}
				e.log.Warn("watch on the election key ended; watching again", "err", err)
				from, err := e.stillHeld(ctx, key, rev)
				if err != nil {
					return err
				}
				wch = e.cfg.Client.Watch(ctx, key, clientv3.WithRev(from))
				continue
			}
			for _, ev := range wr.Events {
				if ev.Type == clientv3.EventTypeDelete || ev.Kv.CreateRevision != rev {
					return errors.New("election key deleted")
				}
			}
		}
	}
}

// stillHeld reads the election key until etcd answers (or ctx ends) and
// returns the revision to watch from, or an error when the key is gone or
// was created anew.
func (e *Elector) stillHeld(ctx context.Context, key string, rev int64) (int64, error) {
	for {
		resp, err := e.cfg.Client.Get(ctx, key)
		if err == nil {
			if len(resp.Kvs) == 0 || resp.Kvs[0].CreateRevision != rev {
				return 0, errors.New("election key deleted")
			}
			return resp.Header.Revision + 1, nil
		}
		select {
		case <-ctx.Done():
			return 0, ctx.Err()
		case <-time.After(200 * time.Millisecond):
		}
	}
}

func (e *Elector) revoke(lease clientv3.LeaseID) {
	ctx, cancel := context.WithTimeout(context.Background(), time.Second)
	defer cancel()
	_, _ = e.cfg.Client.Revoke(ctx, lease)
}

// HasLeader reports whether an instance holds the election at prefix
// now, for work a process does only when no leader will (a command run
// with the bots stopped).
func HasLeader(ctx context.Context, c *clientv3.Client, prefix string) (bool, error) {
	resp, err := c.Get(ctx, prefix+"/", append(clientv3.WithFirstCreate(), clientv3.WithCountOnly())...)
	if err != nil {
		return false, err
	}
	return resp.Count > 0, nil
}
