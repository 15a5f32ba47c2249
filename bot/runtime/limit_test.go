package runtime

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	dto "github.com/prometheus/client_model/go"

	"github.com/noaber/noaber/bot"
	"github.com/noaber/noaber/bot/clock"
	"github.com/noaber/noaber/bot/metrics"
	"github.com/noaber/noaber/bot/store/storetest"
)

func TestLimiterBurstThenRate(t *testing.T) {
	l := bot.NewLimiter(bot.LimitConfig{PerMinute: 20, Burst: 10})
	now := time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)
	for i := range 10 {
		if !l.Allow("discord:1", now) {
			t.Fatalf("message %d of the burst refused", i+1)
		}
	}
	if l.Allow("discord:1", now) {
		t.Fatal("11th message at once allowed")
	}
	if !l.Allow("discord:2", now) {
		t.Fatal("another user is limited by the first")
	}
	// 20 a minute: one token every 3 seconds.
	if l.Allow("discord:1", now.Add(2*time.Second)) {
		t.Error("allowed before a token refilled")
	}
	if !l.Allow("discord:1", now.Add(3*time.Second)) {
		t.Error("refused after a token refilled")
	}
}

func TestLimiterNilZeroAndExempt(t *testing.T) {
	var nilL *bot.Limiter
	zero := bot.NewLimiter(bot.LimitConfig{})
	ex := bot.NewLimiter(bot.LimitConfig{PerMinute: 1, Burst: 1, ExemptPlatforms: []string{"console"}})
	now := time.Now()
	for range 100 {
		if !nilL.Allow("discord:1", now) || !zero.Allow("discord:1", now) || !ex.Allow("console:alice", now) {
			t.Fatal("an unlimited limiter refused")
		}
	}
	first, second := ex.Allow("discord:1", now), ex.Allow("discord:1", now)
	if first && second {
		t.Error("non-exempt platform not limited")
	}
}

func TestLimiterMemoryBounded(t *testing.T) {
	l := bot.NewLimiter(bot.LimitConfig{PerMinute: 10, MaxUsers: 100, Idle: time.Minute})
	now := time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)
	for i := range 10000 {
		l.Allow(fmt.Sprintf("discord:%d", i), now)
	}
	if n := l.Tracked(); n > 100 {
		t.Errorf("tracks %d users, bound is 100", n)
	}
	l.Allow("discord:x", now.Add(2*time.Minute))
	if n := l.Tracked(); n != 1 {
		t.Errorf("after everyone went idle, tracks %d users, want 1", n)
	}
}

type echoCap struct{ calls int }

func (c *echoCap) Name() string { return "echo" }
func (c *echoCap) Handle(ctx context.Context, r *bot.Request) ([]bot.Reply, bool, error) {
	c.calls++
	return []bot.Reply{{Text: "echo " + r.Text}}, true, nil
}

func newTestRouter(t *testing.T, cfg RouterConfig, caps ...bot.Capability) *Router {
	t.Helper()
	if cfg.DB == nil {
		cfg.DB = storetest.Open(t)
	}
	rt, err := NewRouter(cfg, caps...)
	if err != nil {
		t.Fatal(err)
	}
	return rt
}

func TestRouterRateLimitTellsOnceThenDrops(t *testing.T) {
	clk := clock.NewFake(time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC))
	echo := &echoCap{}
	rt := newTestRouter(t, RouterConfig{Clock: clk, MessageLimit: bot.NewLimiter(bot.LimitConfig{PerMinute: 20, Burst: 3})}, echo)
	in := bot.Inbound{User: bot.User{ID: "discord:9"}, Conv: bot.Conversation{ID: "discord:c"}, Text: "what is the threshold"}
	before := value(metrics.RateLimited.WithLabelValues("message"))
	for range 3 {
		if r := rt.Handle(context.Background(), in); len(r) != 1 || !strings.HasPrefix(r[0].Text, "echo") {
			t.Fatalf("within the burst: %+v", r)
		}
	}
	r := rt.Handle(context.Background(), in)
	if len(r) != 1 || r[0].Text != bot.Msgs.T(bot.EN, "limit.messages") {
		t.Fatalf("first refusal: %+v", r)
	}
	for range 5 {
		if r := rt.Handle(context.Background(), in); len(r) != 0 {
			t.Fatalf("later refusals answered: %+v", r)
		}
	}
	if echo.calls != 3 {
		t.Errorf("capability ran %d times, want 3", echo.calls)
	}
	if got := value(metrics.RateLimited.WithLabelValues("message")) - before; got != 6 {
		t.Errorf("noaber_rate_limited_total{kind=message} rose by %v, want 6", got)
	}
	clk.Advance(time.Minute)
	if r := rt.Handle(context.Background(), in); len(r) != 1 || !strings.HasPrefix(r[0].Text, "echo") {
		t.Fatalf("after a minute: %+v", r)
	}
}

type expensiveCap struct{ allowed, refused int }

func (c *expensiveCap) Name() string { return "ask" }
func (c *expensiveCap) Handle(ctx context.Context, r *bot.Request) ([]bot.Reply, bool, error) {
	if r.AllowExpensive() {
		c.allowed++
		return []bot.Reply{{Text: "llm"}}, true, nil
	}
	c.refused++
	return []bot.Reply{{Text: bot.Msgs.T(r.Lang, "limit.expensive")}}, true, nil
}

func TestRequestAllowExpensive(t *testing.T) {
	clk := clock.NewFake(time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC))
	c := &expensiveCap{}
	rt := newTestRouter(t, RouterConfig{Clock: clk, ExpensiveLimit: bot.NewLimiter(bot.LimitConfig{PerMinute: 2, Burst: 2})}, c)
	in := bot.Inbound{User: bot.User{ID: "mattermost:u"}, Conv: bot.Conversation{ID: "mattermost:c"}, Text: "vraag over de drempel"}
	for range 4 {
		rt.Handle(context.Background(), in)
	}
	if c.allowed != 2 || c.refused != 2 {
		t.Errorf("allowed %d refused %d, want 2 and 2", c.allowed, c.refused)
	}
	// Without a limiter every call is allowed.
	c2 := &expensiveCap{}
	rt2 := newTestRouter(t, RouterConfig{Clock: clk}, c2)
	for range 50 {
		rt2.Handle(context.Background(), in)
	}
	if c2.refused != 0 {
		t.Errorf("no limiter, yet %d refused", c2.refused)
	}
}

func TestRouterMaxMessageLen(t *testing.T) {
	echo := &echoCap{}
	rt := newTestRouter(t, RouterConfig{MaxMessageLen: 10}, echo)
	in := bot.Inbound{User: bot.User{ID: "discord:1"}, Conv: bot.Conversation{ID: "discord:c"}, Text: strings.Repeat("é", 11)}
	r := rt.Handle(context.Background(), in)
	if len(r) != 1 || !strings.Contains(r[0].Text, "11") || !strings.Contains(r[0].Text, "10") || echo.calls != 0 {
		t.Fatalf("too long: %+v, capability ran %d times", r, echo.calls)
	}
	in.Text = strings.Repeat("é", 10)
	if r := rt.Handle(context.Background(), in); !strings.HasPrefix(r[0].Text, "echo") {
		t.Fatalf("at the limit: %+v", r)
	}
	// The default is 4000.
	rt = newTestRouter(t, RouterConfig{}, echo)
	in.Text = strings.Repeat("a ", 2001)
	if r := rt.Handle(context.Background(), in); strings.HasPrefix(r[0].Text, "echo") {
		t.Fatal("4001 characters read")
	}
}

func TestRouterCountsMessagesInAndOut(t *testing.T) {
	rt := newTestRouter(t, RouterConfig{}, &echoCap{})
	inBefore := value(metrics.MessagesIn.WithLabelValues("testplat", "echo"))
	outBefore := value(metrics.MessagesOut.WithLabelValues("testplat", "reply"))
	rt.Handle(context.Background(), bot.Inbound{User: bot.User{ID: "testplat:1"}, Conv: bot.Conversation{ID: "testplat:c"}, Text: "hallo daar"})
	if d := value(metrics.MessagesIn.WithLabelValues("testplat", "echo")) - inBefore; d != 1 {
		t.Errorf("noaber_messages_in_total rose by %v", d)
	}
	if d := value(metrics.MessagesOut.WithLabelValues("testplat", "reply")) - outBefore; d != 1 {
		t.Errorf("noaber_messages_out_total rose by %v", d)
	}
	var m dto.Metric
	if err := metrics.HandleSeconds.WithLabelValues("echo").(prometheus.Metric).Write(&m); err != nil || m.GetHistogram().GetSampleCount() == 0 {
		t.Error("no handle latency observed")
	}
}

func TestCoreCatalogComplete(t *testing.T) {
	if err := bot.Msgs.Check(); err != nil {
		t.Fatal(err)
	}
}

func value(c prometheus.Counter) float64 {
	var m dto.Metric
	if err := c.Write(&m); err != nil {
		panic(err)
	}
	return m.GetCounter().GetValue()
}

// deepCap calls the context-level check, as an LLM client inside the
// knowledge engine does.
type deepCap struct{ allowed, refused int }

func (c *deepCap) Name() string { return "ask" }
func (c *deepCap) Handle(ctx context.Context, r *bot.Request) ([]bot.Reply, bool, error) {
	if bot.AllowExpensive(ctx) {
		c.allowed++
	} else {
		c.refused++
	}
	return []bot.Reply{{Text: "ok"}}, true, nil
}

func TestAllowExpensiveThroughContext(t *testing.T) {
	c := &deepCap{}
	rt := newTestRouter(t, RouterConfig{ExpensiveLimit: bot.NewLimiter(bot.LimitConfig{PerMinute: 1, Burst: 2})}, c)
	in := bot.Inbound{User: bot.User{ID: "discord:z"}, Conv: bot.Conversation{ID: "discord:c"}, Text: "vraag over de drempel"}
	for range 3 {
		rt.Handle(context.Background(), in)
	}
	if c.allowed != 2 || c.refused != 1 {
		t.Errorf("allowed %d refused %d", c.allowed, c.refused)
	}
	if !bot.AllowExpensive(context.Background()) {
		t.Error("outside a request the check refuses")
	}
}
