package runtime

import (
	"context"
	"log/slog"
	"runtime"
	"strconv"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/noaber/noaber/bot"
	"github.com/noaber/noaber/bot/clock"
	"github.com/noaber/noaber/bot/store"
	"github.com/noaber/noaber/bot/store/storetest"
)

// tally appends every number it is sent to a list kept in its dialogue and
// answers with the list's length. A message "hold" waits for release.
type tally struct {
	entered chan string   // each message, as its handling starts
	release chan struct{} // closed to let "hold" finish
	inside  atomic.Int32
	most    atomic.Int32
}

func (*tally) Name() string { return "tally" }
func (c *tally) Handle(ctx context.Context, r *bot.Request) ([]bot.Reply, bool, error) {
	n := c.inside.Add(1)
	defer c.inside.Add(-1)
	for m := c.most.Load(); n > m && !c.most.CompareAndSwap(m, n); m = c.most.Load() {
	}
	if c.entered != nil {
		c.entered <- r.Text
	}
	if r.Text == "hold" {
		<-c.release
	}
	var list []string
	if r.Dialogue != nil {
		if err := r.Dialogue.Decode(&list); err != nil {
			return nil, true, err
		}
	}
	list = append(list, r.Text)
	runtime.Gosched() // widen the window between read and write
	return []bot.Reply{{Text: strconv.Itoa(len(list))}}, true, r.SetDialogue("tally", "count", list)
}

func newTallyRouter(t *testing.T, c *tally, parallel int) (*Router, *store.DB) {
	t.Helper()
	db := storetest.Open(t)
	rt, err := NewRouter(RouterConfig{DB: db, Clock: clock.NewFake(time.Date(2026, 11, 25, 10, 0, 0, 0, time.UTC)),
		Log: slog.New(slog.DiscardHandler), MaxParallel: parallel}, c)
	if err != nil {
		t.Fatal(err)
	}
	return rt, db
}

func storedTally(t *testing.T, db *store.DB, user, conv string) []string {
	t.Helper()
	var list []string
	err := db.View(func(tx *store.Tx) error {
		d, err := loadDialogue(tx, user, conv, time.Date(2026, 11, 25, 10, 0, 0, 0, time.UTC))
		if err != nil || d == nil {
			return err
		}
		return d.Decode(&list)
	})
	if err != nil {
		t.Fatal(err)
	}
	return list
}

// TestConcurrentMessagesOfOneUserAreAllApplied: 50 messages at once from
// one user in one conversation each see the dialogue the one before wrote;
// none is lost.
func TestConcurrentMessagesOfOneUserAreAllApplied(t *testing.T) {
	rt, db := newTallyRouter(t, &tally{}, 0)
	in := bot.Inbound{User: bot.User{ID: "discord:1"}, Conv: bot.Conversation{ID: "discord:c1"}}
	const n = 50
	var wg sync.WaitGroup
	counts := make([]int, n)
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			msg := in
			msg.Text = strconv.Itoa(i)
			reps := rt.Handle(context.Background(), msg)
			counts[i], _ = strconv.Atoi(reps[0].Text)
		}()
	}
	wg.Wait()
	if got := storedTally(t, db, "discord:1", "discord:c1"); len(got) != n {
		t.Fatalf("%d of %d messages applied: %v", len(got), n, got)
	}
	seen := map[int]bool{}
	for _, c := range counts {
		seen[c] = true
	}
	if len(seen) != n {
		t.Errorf("two messages saw the same dialogue: counts %v", counts)
	}
}

// TestMessagesOfOneConversationAreHandledInArrivalOrder: while one message
// is being handled, 49 more arrive one after another; they are handled in
// that order.
func TestMessagesOfOneConversationAreHandledInArrivalOrder(t *testing.T) {
	c := &tally{entered: make(chan string, 100), release: make(chan struct{})}
	rt, db := newTallyRouter(t, c, 0)
	in := bot.Inbound{User: bot.User{ID: "discord:1"}, Conv: bot.Conversation{ID: "discord:c1"}}
	key := "discord:1\x00discord:c1"
	var wg sync.WaitGroup
	send := func(text string) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			msg := in
			msg.Text = text
			rt.Handle(context.Background(), msg)
		}()
	}
	send("hold")
	<-c.entered
	want := []string{"hold"}
	for i := 1; i < 50; i++ {
		send(strconv.Itoa(i))
		want = append(want, strconv.Itoa(i))
		for rt.order.queued(key) < i { // wait until it has arrived
			select {
			case text := <-c.entered:
				t.Fatalf("%q handled while another message of the conversation was", text)
			default:
			}
			runtime.Gosched()
		}
	}
	close(c.release)
	wg.Wait()
	got := storedTally(t, db, "discord:1", "discord:c1")
	if len(got) != len(want) {
		t.Fatalf("applied %v", got)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Fatalf("applied out of order: %v", got)
		}
	}
	if len(rt.order.lanes) != 0 {
		t.Errorf("%d idle conversations still hold a lane", len(rt.order.lanes))
	}
}

// TestConversationsRunInParallelButBounded: a held conversation does not
// hold up another, and no more than MaxParallel run at once.
func TestConversationsRunInParallelButBounded(t *testing.T) {
	c := &tally{entered: make(chan string, 100), release: make(chan struct{})}
	rt, _ := newTallyRouter(t, c, 2)
	var wg sync.WaitGroup
	for i := range 6 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			rt.Handle(context.Background(), bot.Inbound{User: bot.User{ID: "discord:" + strconv.Itoa(i)}, Conv: bot.Conversation{ID: "discord:c"}, Text: "hold"})
		}()
	}
	<-c.entered
	<-c.entered // two conversations are inside at once
	close(c.release)
	wg.Wait()
	if m := c.most.Load(); m != 2 {
		t.Errorf("at most %d handled at once, want 2", m)
	}
}

// TestErasureDuringAMessageIsNotUndone: when the dialogue is erased while a
// message is handled (a "vergeet mij" confirmed in another conversation),
// the message's write does not bring it back.
func TestErasureDuringAMessageIsNotUndone(t *testing.T) {
	c := &tally{}
	rt, db := newTallyRouter(t, c, 0)
	in := bot.Inbound{User: bot.User{ID: "discord:1"}, Conv: bot.Conversation{ID: "discord:c1"}, Text: "1"}
	rt.Handle(context.Background(), in)
	eraser := &eraseDuring{tally: c, db: db}
	rt2, err := NewRouter(RouterConfig{DB: db, Clock: clock.NewFake(time.Date(2026, 11, 25, 10, 0, 0, 0, time.UTC)), Log: slog.New(slog.DiscardHandler)}, eraser)
	if err != nil {
		t.Fatal(err)
	}
	in.Text = "2"
	rt2.Handle(context.Background(), in)
	if got := storedTally(t, db, "discord:1", "discord:c1"); got != nil {
		t.Errorf("erased dialogue came back: %v", got)
	}
}

// eraseDuring erases the user's dialogues while handling a message.
type eraseDuring struct {
	*tally
	db *store.DB
}

func (e *eraseDuring) Handle(ctx context.Context, r *bot.Request) ([]bot.Reply, bool, error) {
	if err := e.db.Update(func(tx *store.Tx) error {
		_, err := DeleteUserDialogues(tx, r.User.ID)
		return err
	}); err != nil {
		return nil, true, err
	}
	return e.tally.Handle(ctx, r)
}

// TestWaitingMessageGivesUpWhenItsContextEnds: a message waiting for its
// turn returns, unhandled, when its context is cancelled; the ones behind
// it still get their turn, in order.
func TestWaitingMessageGivesUpWhenItsContextEnds(t *testing.T) {
	c := &tally{entered: make(chan string, 100), release: make(chan struct{})}
	rt, db := newTallyRouter(t, c, 0)
	in := bot.Inbound{User: bot.User{ID: "discord:1"}, Conv: bot.Conversation{ID: "discord:c1"}}
	key := "discord:1\x00discord:c1"
	var wg sync.WaitGroup
	send := func(ctx context.Context, text string) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			msg := in
			msg.Text = text
			rt.Handle(ctx, msg)
		}()
	}
	send(context.Background(), "hold")
	<-c.entered
	ctx, cancel := context.WithCancel(context.Background())
	gaveUp := make(chan []bot.Reply)
	go func() {
		msg := in
		msg.Text = "cancelled"
		gaveUp <- rt.Handle(ctx, msg)
	}()
	for rt.order.queued(key) < 1 {
		runtime.Gosched()
	}
	send(context.Background(), "after")
	for rt.order.queued(key) < 2 {
		runtime.Gosched()
	}
	cancel()
	if rs := <-gaveUp; rs != nil {
		t.Errorf("a cancelled message was answered: %v", rs)
	}
	if q := rt.order.queued(key); q != 1 {
		t.Errorf("%d waiting after the cancel, want 1", q)
	}
	close(c.release)
	wg.Wait()
	if got := storedTally(t, db, "discord:1", "discord:c1"); len(got) != 2 || got[0] != "hold" || got[1] != "after" {
		t.Errorf("applied %v, want [hold after]", got)
	}
	if len(rt.order.lanes) != 0 {
		t.Errorf("%d idle conversations still hold a lane", len(rt.order.lanes))
	}
}

// TestGateCancelledWaitLeavesNoTrace: a wait given up leaves nothing in
// the lane; the next message gets the turn.
func TestGateCancelledWaitLeavesNoTrace(t *testing.T) {
	g := newGate()
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if err := g.enter(ctx, "k"); err != nil { // a free lane is entered even so
		t.Fatal(err)
	}
	done := make(chan error)
	go func() { done <- g.enter(ctx, "k") }() // already cancelled: gives up
	if err := <-done; err == nil {
		t.Fatal("a cancelled wait took the turn")
	}
	g.leave("k")
	if err := g.enter(context.Background(), "k"); err != nil {
		t.Fatal(err)
	}
	g.leave("k")
	if len(g.lanes) != 0 {
		t.Errorf("lanes left: %d", len(g.lanes))
	}
}
