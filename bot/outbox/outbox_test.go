package outbox

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/noaber/noaber/bot"
	"github.com/noaber/noaber/bot/clock"
	"github.com/noaber/noaber/bot/store"
	"github.com/noaber/noaber/bot/store/storetest"
)

// fakeAdapter records sends and fails while down.
type fakeAdapter struct {
	name string
	mu   sync.Mutex
	down bool
	perm bool
	only string // when set, Accepts only this user
	sent []string
}

func (f *fakeAdapter) Name() string                                 { return f.name }
func (f *fakeAdapter) Run(ctx context.Context, h bot.Handler) error { <-ctx.Done(); return nil }
func (f *fakeAdapter) Send(ctx context.Context, to bot.Address, r bot.Reply) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.perm {
		return fmt.Errorf("no such user: %w", bot.ErrPermanent)
	}
	if f.down {
		return errors.New("connection refused")
	}
	f.sent = append(f.sent, to.User+to.Conversation+"|"+r.Text+"|"+r.Nonce)
	return nil
}
func (f *fakeAdapter) Accepts(to bot.Address) bool { return f.only == "" || to.User == f.only }
func (f *fakeAdapter) Sent() []string {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]string(nil), f.sent...)
}

var t0 = time.Date(2026, 11, 25, 9, 0, 0, 0, time.UTC)

func enqueue(t *testing.T, db *store.DB, key, user, text string) bool {
	t.Helper()
	var ok bool
	err := db.Update(func(tx *store.Tx) error {
		var err error
		ok, err = Enqueue(tx, Item{Key: key, To: bot.ToUser(user), Reply: bot.Reply{Text: text}, Created: t0})
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return ok
}

func newOutbox(db *store.DB, clk clock.Clock) *Outbox {
	return New(db, clk, slog.New(slog.DiscardHandler), Config{MaxAttempts: 3})
}

func TestDeliversOnceAndDeduplicatesKeys(t *testing.T) {
	db := storetest.Open(t)
	a := &fakeAdapter{name: "discord"}
	o := newOutbox(db, clock.NewFake(t0))
	o.Register(a)
	if !enqueue(t, db, "k1", "discord:1", "hello") {
		t.Fatal("first enqueue refused")
	}
	if enqueue(t, db, "k1", "discord:1", "hello again") {
		t.Fatal("same key queued twice")
	}
	o.Flush(context.Background())
	o.Flush(context.Background())
	if got := a.Sent(); len(got) != 1 || got[0] != "discord:1|hello|k1" {
		t.Fatalf("sent %v", got)
	}
	// A sent key is remembered: the same reminder is not queued again.
	if enqueue(t, db, "k1", "discord:1", "hello") {
		t.Error("sent key queued again")
	}
	if s, _ := Stats(db); s.Pending != 0 {
		t.Errorf("pending %d", s.Pending)
	}
}

func TestRetriesWithBackoffWhilePlatformIsDown(t *testing.T) {
	db := storetest.Open(t)
	clk := clock.NewFake(t0)
	a := &fakeAdapter{name: "mattermost", down: true}
	o := newOutbox(db, clk)
	o.Register(a)
	enqueue(t, db, "k", "mattermost:u", "reminder")
	next := o.Flush(context.Background())
	if want := t0.Add(2 * time.Second); !next.Equal(want) {
		t.Fatalf("next attempt %v, want %v", next, want)
	}
	o.Flush(context.Background()) // not due yet: no attempt
	if s, _ := Stats(db); s.Pending != 1 {
		t.Fatalf("pending %d", s.Pending)
	}
	a.mu.Lock()
	a.down = false
	a.mu.Unlock()
	clk.Advance(2 * time.Second)
	o.Flush(context.Background())
	if got := a.Sent(); len(got) != 1 {
		t.Fatalf("sent %v after recovery", got)
	}
}

func TestGivesUpVisibly(t *testing.T) {
	db := storetest.Open(t)
	clk := clock.NewFake(t0)
	a := &fakeAdapter{name: "discord", down: true}
	o := newOutbox(db, clk)
	o.Register(a)
	enqueue(t, db, "k", "discord:1", "x")
	for i := 0; i < 5; i++ {
		o.Flush(context.Background())
		clk.Advance(time.Hour)
	}
	s, _ := Stats(db)
	if s.Pending != 0 || s.Dead != 1 {
		t.Errorf("after max attempts: %+v", s)
	}
	// Permanent errors give up at once.
	p := &fakeAdapter{name: "console", perm: true}
	o.Register(p)
	db.Update(func(tx *store.Tx) error {
		_, err := Enqueue(tx, Item{Key: "p", To: bot.ToUser("console:x"), Created: clk.Now()})
		return err
	})
	o.Flush(context.Background())
	if s, _ := Stats(db); s.Dead != 2 {
		t.Errorf("permanent failure not dead: %+v", s)
	}
}

func TestWaitsForAcceptor(t *testing.T) {
	db := storetest.Open(t)
	a := &fakeAdapter{name: "console", only: "console:u1"}
	o := newOutbox(db, clock.NewFake(t0))
	o.Register(a)
	enqueue(t, db, "a", "console:u3", "for u3")
	enqueue(t, db, "b", "console:u1", "for u1")
	o.Flush(context.Background())
	if got := a.Sent(); len(got) != 1 || got[0] != "console:u1|for u1|b" {
		t.Fatalf("sent %v", got)
	}
	a.only = "console:u3" // u3 starts a session later
	o.Flush(context.Background())
	if got := a.Sent(); len(got) != 2 {
		t.Errorf("u3's message not delivered later: %v", got)
	}
}

func TestRunWakesOnEnqueue(t *testing.T) {
	db := storetest.Open(t)
	a := &fakeAdapter{name: "discord"}
	o := newOutbox(db, clock.Real{})
	o.Register(a)
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() { o.Run(ctx); close(done) }()
	enqueue(t, db, "w", "discord:1", "wake")
	deadline := time.Now().Add(5 * time.Second)
	for len(a.Sent()) == 0 && time.Now().Before(deadline) {
		time.Sleep(5 * time.Millisecond)
	}
	cancel()
	<-done
	if len(a.Sent()) != 1 {
		t.Fatal("Run did not deliver after enqueue")
	}
}

func TestPrivacyHelpers(t *testing.T) {
	db := storetest.Open(t)
	enqueue(t, db, "a", "discord:1", "x")
	enqueue(t, db, "b", "discord:2", "y")
	db.Update(func(tx *store.Tx) error {
		items, err := PendingFor(tx, "discord:1")
		if err != nil || len(items) != 1 {
			t.Errorf("PendingFor = %v %v", items, err)
		}
		n, err := DeletePendingFor(tx, "discord:1")
		if err != nil || n != 1 {
			t.Errorf("DeletePendingFor = %d %v", n, err)
		}
		return nil
	})
	if s, _ := Stats(db); s.Pending != 1 {
		t.Errorf("pending %d", s.Pending)
	}
}

// waitingAdapter holds messages back (nobody there) and lets them wait at
// most a day.
type waitingAdapter struct{ fakeAdapter }

func (w *waitingAdapter) MaxWait() time.Duration { return 24 * time.Hour }

func TestExpiresMessagesWaitingTooLong(t *testing.T) {
	db := storetest.Open(t)
	clk := clock.NewFake(t0)
	a := &waitingAdapter{fakeAdapter{name: "web", only: "web:nobody"}}
	o := newOutbox(db, clk)
	o.Register(a)
	enqueue(t, db, "old", "web:v1", "reminder")
	clk.Advance(23 * time.Hour)
	o.Flush(context.Background())
	if s, _ := Stats(db); s.Pending != 1 {
		t.Fatalf("dropped before its time: %+v", s)
	}
	clk.Advance(2 * time.Hour)
	o.Flush(context.Background())
	if s, _ := Stats(db); s.Pending != 0 || s.Dead != 0 {
		t.Fatalf("not dropped after a day: %+v", s)
	}
	a.only = "web:v1" // the visitor comes back: too late
	o.Flush(context.Background())
	if enqueue(t, db, "old", "web:v1", "reminder") || len(a.Sent()) != 0 {
		t.Errorf("expired message queued again or sent: %v", a.Sent())
	}
	// Its key (which names the visitor) goes when sent keys go.
	clk.Advance(31 * 24 * time.Hour)
	o.purgeSent()
	if !enqueue(t, db, "old", "web:v1", "reminder") {
		t.Error("the expired message's key is kept forever")
	}
}

// A renderer rewrites an item of its kind at each attempt, keeping the
// nonce; other kinds go out as stored.
func TestRendererRewritesAtSendingTime(t *testing.T) {
	db := storetest.Open(t)
	clk := clock.NewFake(t0)
	a := &fakeAdapter{name: "discord"}
	o := newOutbox(db, clk)
	o.Register(a)
	o.Render("message", func(it Item, now time.Time) (bot.Reply, bool) {
		if it.Key == "skip" {
			return bot.Reply{}, false
		}
		return bot.Reply{Text: it.Reply.Text + " at " + now.Format("15:04")}, true
	})
	enqueue(t, db, "k", "discord:1", "hello")
	enqueue(t, db, "skip", "discord:1", "as stored")
	a.down = true
	o.Flush(context.Background())
	a.down = false
	clk.Advance(time.Hour)
	o.Flush(context.Background())
	got := a.Sent()
	if len(got) != 2 || got[0] != "discord:1|hello at 10:00|k" || got[1] != "discord:1|as stored|skip" {
		t.Errorf("sent %q", got)
	}
}

// TestLogsHashUserIDs: a failed delivery is logged at WARN/ERROR with the
// recipient's id (in the key and in the platform's error) replaced by a
// keyed hash that is the same for the same user.
func TestLogsHashUserIDs(t *testing.T) {
	db := storetest.Open(t)
	clk := clock.NewFake(t0)
	var logs bytes.Buffer
	o := New(db, clk, slog.New(slog.NewTextHandler(&logs, nil)), Config{MaxAttempts: 2})
	o.Register(&quotingAdapter{})
	enqueue(t, db, "reminder:42:discord:918273645:14d", "discord:918273645", "x")
	o.Flush(context.Background())
	clk.Advance(time.Hour)
	o.Flush(context.Background())
	out := logs.String()
	if !strings.Contains(out, "delivery failed") || !strings.Contains(out, "giving up") {
		t.Fatalf("expected a WARN and an ERROR line:\n%s", out)
	}
	if strings.Contains(out, "918273645") {
		t.Errorf("the user id is in the log:\n%s", out)
	}
	h := o.redact.ID("discord:918273645")
	if strings.Count(out, h) < 4 {
		t.Errorf("the keyed hash %s is not in every line:\n%s", h, out)
	}
	// The key is kept in the file: a new outbox hashes the same way.
	if o2 := New(db, clk, nil, Config{}); o2.redact.ID("discord:918273645") != h {
		t.Error("hash changed across outboxes on one database")
	}
}

type quotingAdapter struct{}

func (quotingAdapter) Name() string                                 { return "discord" }
func (quotingAdapter) Run(ctx context.Context, h bot.Handler) error { <-ctx.Done(); return nil }
func (quotingAdapter) Accepts(bot.Address) bool                     { return true }
func (quotingAdapter) Send(ctx context.Context, to bot.Address, r bot.Reply) error {
	return fmt.Errorf("create DM with %s: 403 Forbidden", strings.TrimPrefix(to.User, "discord:"))
}

// RunFor delivers only for the platforms it is given: with several
// instances a standby delivers its web visitors' messages and leaves the
// Discord ones to the leader.
func TestRunForDeliversOnlyItsPlatforms(t *testing.T) {
	db := storetest.Open(t)
	d := &fakeAdapter{name: "discord"}
	w := &fakeAdapter{name: "web"}
	o := newOutbox(db, clock.Real{})
	o.Register(d)
	o.Register(w)
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() { o.RunFor(ctx, func(p string) bool { return p == "web" }); close(done) }()
	enqueue(t, db, "d", "discord:1", "to discord")
	enqueue(t, db, "w", "web:1", "to web")
	deadline := time.Now().Add(10 * time.Second)
	for len(w.Sent()) == 0 && time.Now().Before(deadline) {
		time.Sleep(5 * time.Millisecond)
	}
	cancel()
	<-done
	if len(w.Sent()) != 1 || len(d.Sent()) != 0 {
		t.Fatalf("web sent %v, discord sent %v; want only the web message", w.Sent(), d.Sent())
	}
	// The leader's loop delivers the rest.
	o.Flush(context.Background())
	if len(d.Sent()) != 1 || len(w.Sent()) != 1 {
		t.Fatalf("after Flush: web %v, discord %v", w.Sent(), d.Sent())
	}
}

// RunFor is started once per leader term: a term that ends takes its
// subscription to the outbox's wake-ups with it.
func TestRunLeavesNoSubscriptionPerTerm(t *testing.T) {
	db := storetest.Open(t)
	o := newOutbox(db, clock.NewFake(t0))
	o.Register(&fakeAdapter{name: "discord"})
	for range 5 {
		ctx, cancel := context.WithCancel(context.Background())
		done := make(chan struct{})
		go func() { o.RunFor(ctx, nil); close(done) }()
		waitUntil(t, func() bool { return db.Subscribers(topic) == 1 })
		cancel()
		<-done
	}
	waitUntil(t, func() bool { return db.Subscribers(topic) == 0 })
}

func waitUntil(t *testing.T, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(5 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatal("condition not met in time")
		}
		time.Sleep(2 * time.Millisecond)
	}
}
