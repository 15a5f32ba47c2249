package deadlines

import (
	"context"
	"errors"
	"io"
	"log/slog"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/noaber/noaber/bot"
	"github.com/noaber/noaber/bot/clock"
	"github.com/noaber/noaber/bot/outbox"
	"github.com/noaber/noaber/bot/runtime"
	"github.com/noaber/noaber/bot/schedule"
	"github.com/noaber/noaber/bot/store"
	"github.com/noaber/noaber/bot/store/storetest"
)

// sent is one message the recording adapter delivered.
type sent struct {
	to    bot.Address
	reply bot.Reply
	at    time.Time
}

// recorder is an adapter for platform "test" that records what it sends.
type recorder struct {
	clk *clock.Fake
	mu  sync.Mutex
	out []sent
	// down makes every send fail, as a platform outage would.
	down bool
}

func (r *recorder) Name() string                                 { return "test" }
func (r *recorder) Run(ctx context.Context, h bot.Handler) error { <-ctx.Done(); return nil }
func (r *recorder) Send(ctx context.Context, to bot.Address, rep bot.Reply) error {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.down {
		return errors.New("platform down")
	}
	r.out = append(r.out, sent{to, rep, r.clk.Now()})
	return nil
}

// take returns and forgets what was sent so far.
func (r *recorder) take() []sent {
	r.mu.Lock()
	defer r.mu.Unlock()
	out := r.out
	r.out = nil
	return out
}

// harness is the capability wired as in cmd/noaber, on a fake clock:
// router, scheduler, outbox and a recording adapter.
type harness struct {
	t      *testing.T
	db     *store.DB
	clk    *clock.Fake
	sched  *schedule.Scheduler
	ob     *outbox.Outbox
	rec    *recorder
	cap    *Capability
	router *runtime.Router
}

var (
	ann   = bot.User{ID: "test:ann", Name: "Ann"}     // official (configured)
	carol = bot.User{ID: "test:carol", Name: "Carol"} // official (configured)
	bob   = bot.User{ID: "test:bob", Name: "Bob"}     // resident, no role
	dm    = func(u bot.User) bot.Conversation { return bot.Conversation{ID: "test:dm:" + u.ID, Kind: bot.Direct} }
	chann = bot.Conversation{ID: "test:chan", Kind: bot.Channel}
)

var quiet = slog.New(slog.NewTextHandler(io.Discard, nil))

func newHarness(t *testing.T, start time.Time, cfg Config) *harness {
	t.Helper()
	db := storetest.Open(t)
	return harnessOn(t, db, clock.NewFake(start), cfg)
}

func harnessOn(t *testing.T, db *store.DB, clk *clock.Fake, cfg Config) *harness {
	t.Helper()
	h := &harness{t: t, db: db, clk: clk}
	roles := runtime.NewRoles(db, map[bot.Role][]string{bot.RoleOfficial: {ann.ID, carol.ID}})
	h.sched = schedule.New(db, clk, quiet)
	h.ob = outbox.New(db, clk, quiet, outbox.Config{})
	h.rec = &recorder{clk: clk}
	h.ob.Register(h.rec)
	var err error
	h.cap, err = New(cfg, Deps{DB: db, Sched: h.sched, Roles: roles, Clock: clk, Log: quiet, FeedURL: "https://noaber.example.nl"})
	if err != nil {
		t.Fatal(err)
	}
	h.ob.Render("reminder", h.cap.RenderReminder)
	h.router, err = runtime.NewRouter(runtime.RouterConfig{DB: db, Roles: roles, Clock: clk, Log: quiet}, h.cap)
	if err != nil {
		t.Fatal(err)
	}
	return h
}

func (h *harness) say(u bot.User, conv bot.Conversation, text string) []bot.Reply {
	h.t.Helper()
	return h.router.Handle(context.Background(), bot.Inbound{User: u, Conv: conv, Text: text})
}

func (h *harness) click(u bot.User, conv bot.Conversation, id string) []bot.Reply {
	h.t.Helper()
	return h.router.Handle(context.Background(), bot.Inbound{User: u, Conv: conv, Action: &bot.Action{ID: id}})
}

// tick moves the clock to t, runs due jobs and delivers the outbox, as the
// running bot would, and returns what was delivered.
func (h *harness) tick(t time.Time) []sent {
	h.t.Helper()
	h.clk.Set(t)
	if _, err := h.sched.RunDue(context.Background()); err != nil {
		h.t.Fatal(err)
	}
	h.ob.Flush(context.Background())
	return h.rec.take()
}

func (h *harness) deadline(id uint64) *Deadline {
	h.t.Helper()
	var d *Deadline
	if err := h.db.View(func(tx *store.Tx) (err error) { d, err = load(tx, id); return }); err != nil {
		h.t.Fatal(err)
	}
	return d
}

func (h *harness) jobs(prefix string) []schedule.Job {
	var out []schedule.Job
	_ = h.db.View(func(tx *store.Tx) error {
		return schedule.Each(tx, time.Time{}, func(j schedule.Job) (bool, error) {
			if strings.HasPrefix(j.ID, prefix) {
				out = append(out, j)
			}
			return true, nil
		})
	})
	return out
}

func text(rs []bot.Reply) string {
	var b strings.Builder
	for _, r := range rs {
		b.WriteString(r.Text + "\n")
	}
	return b.String()
}

func mustContain(t *testing.T, got string, wants ...string) {
	t.Helper()
	for _, w := range wants {
		if !strings.Contains(got, w) {
			t.Errorf("missing %q in:\n%s", w, got)
		}
	}
}

func choiceIDs(rs []bot.Reply) []string {
	var ids []string
	for _, r := range rs {
		for _, c := range r.Choices {
			ids = append(ids, c.ID)
		}
	}
	return ids
}

func ams(y int, m time.Month, d, hh, mm int) time.Time {
	return time.Date(y, m, d, hh, mm, 0, 0, clock.Amsterdam)
}

// wed is the tests' usual "now": Wednesday 25 November 2026, 10:00.
var wed = ams(2026, 11, 25, 10, 0)
