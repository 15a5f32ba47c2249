package main

import (
	"context"
	"io"
	"log/slog"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	clientv3 "go.etcd.io/etcd/client/v3"
	"go.uber.org/zap"

	"github.com/noaber/noaber/bot"
	"github.com/noaber/noaber/bot/cluster"
	"github.com/noaber/noaber/bot/outbox"
	"github.com/noaber/noaber/bot/schedule"
	"github.com/noaber/noaber/bot/store"
	"github.com/noaber/noaber/bot/store/etcdtest"
)

// eventually polls cond until it holds or a generous timeout passes.
func eventually(t *testing.T, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(60 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

func hasPost(mm *fakeMM, text string) bool {
	for _, p := range mm.Posts() {
		if strings.Contains(p.Message, text) {
			return true
		}
	}
	return false
}

// An instance that is not the leader serves HTTP (health, the slash
// command, which writes to the store) but holds no websocket and runs no
// scheduled job; once elected it connects, and the job that fell due
// meanwhile is delivered.
func TestStandbyServesHTTPLeaderHoldsTheRest(t *testing.T) {
	eps := etcdtest.Cluster(t, 1)
	c, err := clientv3.New(clientv3.Config{Endpoints: eps, DialTimeout: 10 * time.Second, Logger: zap.NewNop()})
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()

	// Another instance leads first.
	rival, err := cluster.New(cluster.Config{Client: c, Prefix: "t/leader", Name: "rival", TTL: 2 * time.Second,
		Log: slog.New(slog.DiscardHandler)})
	if err != nil {
		t.Fatal(err)
	}
	rctx, rcancel := context.WithCancel(context.Background())
	defer rcancel()
	elected := make(chan struct{})
	var once sync.Once
	rivalDone := make(chan struct{})
	go func() {
		defer close(rivalDone)
		_ = rival.Run(rctx, func(l context.Context) { once.Do(func() { close(elected) }); <-l.Done() })
	}()
	<-elected

	mm := newFakeMM(t)
	org := mm.addUser("org")
	ch := mm.addChannel()
	cfgPath, _, base := opsConfig(t, t.TempDir(), mm.config()+"\n[roles]\norganiser = [\"mattermost:"+org+"\"]\n")
	e := newEnv(commands["serve"], []string{"--config", cfgPath}, nil, io.Discard, io.Discard)
	if _, err := e.Parse(); err != nil {
		t.Fatal(err)
	}
	cfg, err := e.Config()
	if err != nil {
		t.Fatal(err)
	}
	a, err := newApp(cfg, newLogger(cfg, io.Discard, 0), nil)
	if err != nil {
		t.Fatal(err)
	}
	defer a.Close()
	if err := a.joinElection(c, "t/leader"); err != nil {
		t.Fatal(err)
	}
	// A job that falls due at once and sends a message on Mattermost.
	a.sched.Handle("test.remind", func(ctx context.Context, tx *store.Tx, job schedule.Job, now time.Time) error {
		_, err := outbox.Enqueue(tx, outbox.Item{Key: "test:remind", To: bot.ToUser("mattermost:" + org),
			Reply: bot.Reply{Text: "herinnering uit de planner"}, Created: now})
		return err
	})
	a.sched.Handle("test.remind2", func(ctx context.Context, tx *store.Tx, job schedule.Job, now time.Time) error {
		_, err := outbox.Enqueue(tx, outbox.Item{Key: "test:remind2", To: bot.ToUser("mattermost:" + org),
			Reply: bot.Reply{Text: "tweede termijn"}, Created: now})
		return err
	})
	if err := a.db.Update(func(tx *store.Tx) error {
		return schedule.Put(tx, schedule.Job{ID: "test:1", Kind: "test.remind", Due: time.Now()})
	}); err != nil {
		t.Fatal(err)
	}
	adapters, err := a.platformAdapters()
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- a.run(ctx, adapters, "") }()
	defer func() {
		cancel()
		select {
		case <-done:
		case <-time.After(30 * time.Second):
			t.Error("run did not return")
		}
	}()

	// Standby: ready, and says so.
	eventually(t, "/readyz on the standby", func() bool {
		resp, err := http.Get(base + "/readyz")
		if err != nil {
			return false
		}
		defer resp.Body.Close()
		body, _ := io.ReadAll(resp.Body)
		return resp.StatusCode == 200 && strings.Contains(string(body), `"role":"standby"`) &&
			strings.Contains(string(body), `"leader":"rival"`) && strings.Contains(string(body), `held by the leader`)
	})
	if _, body := get(t, base+"/metrics"); !strings.Contains(body, "\nnoaber_leader 0\n") {
		t.Error("/metrics on the standby does not say noaber_leader 0")
	}
	// The slash command is answered, and writes.
	var code int
	var text string
	eventually(t, "the slash command on the standby", func() bool {
		code, text, err = slash(http.DefaultClient, base, org, ch, "evenement nieuw 30 december 19:30 | Buurtborrel | max 2")
		if err != nil || code != 200 {
			t.Logf("slash: %d %q %v", code, text, err)
		}
		return err == nil && code != http.StatusServiceUnavailable
	})
	if code != 200 || !strings.Contains(text, "#1") {
		t.Fatalf("slash command on the standby: %d %q", code, text)
	}
	var n int
	if err := a.db.View(func(tx *store.Tx) error { n = tx.Bucket("events").Sub("items").Len(); return nil }); err != nil || n != 1 {
		t.Fatalf("events stored by the standby: %d (%v)", n, err)
	}
	if accepted, _ := mm.Sockets(); accepted != 0 {
		t.Fatalf("the standby opened %d websocket sessions", accepted)
	}
	if hasPost(mm, "herinnering uit de planner") {
		t.Fatal("the standby ran a scheduled job")
	}
	// A deletion of personal data marks a scrub due: the standby leaves the
	// cluster-wide compaction to the leader.
	if err := a.db.Update(func(tx *store.Tx) error { tx.Scrub(); return nil }); err != nil {
		t.Fatal(err)
	}
	time.Sleep(200 * time.Millisecond)
	if !a.db.ScrubDue() {
		t.Fatal("the standby scrubbed the cluster")
	}

	// The rival stops: this instance takes over, connects and delivers.
	rcancel()
	<-rivalDone
	eventually(t, "the job's message from the new leader", func() bool { return hasPost(mm, "herinnering uit de planner") })
	if accepted, _ := mm.Sockets(); accepted == 0 {
		t.Fatal("the leader did not open the websocket")
	}
	eventually(t, "the new leader's scrub", func() bool { return !a.db.ScrubDue() })
	eventually(t, "/readyz on the leader", func() bool {
		resp, err := http.Get(base + "/readyz")
		if err != nil {
			return false
		}
		defer resp.Body.Close()
		body, _ := io.ReadAll(resp.Body)
		return resp.StatusCode == 200 && strings.Contains(string(body), `"role":"leader"`)
	})

	if _, body := get(t, base+"/metrics"); !strings.Contains(body, "\nnoaber_leader 1\n") {
		t.Error("/metrics on the leader does not say noaber_leader 1")
	}

	// A lost term (its election key deleted) stops the leader work; the
	// instance is elected again and the adapters run again in the new
	// term: a new websocket, and a new job delivered.
	before, _ := mm.Sockets()
	dctx, dcancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer dcancel()
	if _, err := c.Delete(dctx, "t/leader/", clientv3.WithPrefix()); err != nil {
		t.Fatal(err)
	}
	eventually(t, "a second term", func() bool { return a.elector.Status(dctx).Terms == 2 && a.elector.Role() == cluster.Leader })
	if err := a.db.Update(func(tx *store.Tx) error {
		return schedule.Put(tx, schedule.Job{ID: "test:2", Kind: "test.remind2", Due: time.Now()})
	}); err != nil {
		t.Fatal(err)
	}
	eventually(t, "the second term's websocket", func() bool { n, open := mm.Sockets(); return n > before && open == 1 })
	eventually(t, "the second term's job", func() bool { return hasPost(mm, "tweede termijn") })
	// Two terms, one live subscription: the first term's scrub loop took
	// its subscription with it.
	if n := a.db.Subscribers(store.ScrubTopic); n != 1 {
		t.Errorf("%d subscriptions to the scrub topic after two terms; want 1", n)
	}
}

// A console chat on a shared etcd store answers, but does none of the
// leader's work: a job that is due stays for the serve instances' leader.
func TestChatOnEtcdDoesNoLeaderWork(t *testing.T) {
	if testing.Short() {
		t.Skip("starts etcd")
	}
	cfgPath := etcdConfig(t)
	body, err := os.ReadFile(cfgPath)
	if err != nil {
		t.Fatal(err)
	}
	var eps []string
	for _, line := range strings.Split(string(body), "\n") {
		if rest, ok := strings.CutPrefix(line, "endpoints = [\""); ok {
			eps = []string{strings.TrimSuffix(rest, "\"]")}
		}
	}
	db, err := store.Open("", store.Options{Backend: store.BackendEtcd, Etcd: store.EtcdOptions{Endpoints: eps, Prefix: "/town/"}})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	// The events' daily retention job, due long ago, and a scrub due (a
	// deletion of personal data): both are the leader's work.
	if err := db.Update(func(tx *store.Tx) error {
		tx.Scrub()
		return schedule.Put(tx, schedule.Job{ID: "events:retention", Kind: "events.retention", Due: time.Now().Add(-time.Hour)})
	}); err != nil {
		t.Fatal(err)
	}
	// A serve instance leads meanwhile.
	c, err := clientv3.New(clientv3.Config{Endpoints: eps, DialTimeout: 10 * time.Second, Logger: zap.NewNop()})
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	leader, err := cluster.New(cluster.Config{Client: c, Prefix: cluster.PrefixFor("/town/"), Name: "serve", TTL: 2 * time.Second,
		Log: slog.New(slog.DiscardHandler)})
	if err != nil {
		t.Fatal(err)
	}
	lctx, lcancel := context.WithCancel(context.Background())
	elected, leaderDone := make(chan struct{}), make(chan struct{})
	var once sync.Once
	go func() {
		defer close(leaderDone)
		_ = leader.Run(lctx, func(l context.Context) { once.Do(func() { close(elected) }); <-l.Done() })
	}()
	defer func() { lcancel(); <-leaderDone }()
	<-elected
	out, errOut, code := noaber(t, "hulp\n", "chat", "--config", cfgPath, "--db", filepath.Join(t.TempDir(), "unused.db"))
	if code != 0 || !strings.Contains(out, "Dit kan ik voor je doen") {
		t.Fatalf("chat: exit %d\n%s%s", code, out, errOut)
	}
	var job schedule.Job
	var ok bool
	if err := db.View(func(tx *store.Tx) error {
		job, ok, err = schedule.Get(tx, "events:retention")
		return err
	}); err != nil {
		t.Fatal(err)
	}
	if !ok || job.Due.After(time.Now()) {
		t.Fatalf("the chat ran the due job (now %v, %+v)", ok, job)
	}
	if !db.ScrubDue() {
		t.Fatal("the chat scrubbed the cluster when it closed, while a leader runs")
	}
	// With no leader running, the closing chat scrubs itself (erased
	// records must not wait for the bots to start again).
	lcancel()
	<-leaderDone
	if _, errOut, code := noaber(t, "hulp\n", "chat", "--config", cfgPath, "--db", filepath.Join(t.TempDir(), "unused.db")); code != 0 {
		t.Fatalf("chat: exit %d\n%s", code, errOut)
	}
	if db.ScrubDue() {
		t.Fatal("the chat did not scrub when it closed with no leader running")
	}
}
