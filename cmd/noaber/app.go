package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"strings"
	"sync"
	"time"

	"github.com/noaber/noaber/bot"
	"github.com/noaber/noaber/bot/calendar"
	"github.com/noaber/noaber/bot/clock"
	"github.com/noaber/noaber/bot/cluster"
	"github.com/noaber/noaber/bot/metrics"
	"github.com/noaber/noaber/bot/outbox"
	"github.com/noaber/noaber/bot/runtime"
	"github.com/noaber/noaber/bot/schedule"
	"github.com/noaber/noaber/bot/store"
	"github.com/noaber/noaber/cmd/noaber/config"
)

// app is one running Noaber: the store, the core and the capabilities,
// wired from configuration. Commands that only read data open the store
// themselves; chat and serve build an app.
type app struct {
	cfg    *config.Config
	log    *slog.Logger
	clock  clock.Clock
	db     *store.DB
	roles  *runtime.Roles
	outbox *outbox.Outbox
	sched  *schedule.Scheduler
	router *runtime.Router
	// mux is the HTTP listener's router; features mount handlers on it.
	mux *http.ServeMux
	// feeds serves the calendar feeds; features that have calendar entries
	// (deadlines, events) add their Source to it in wire.
	feeds *calendar.Feeds
	// caps are the capabilities in routing order.
	caps []bot.Capability
	// loops run alongside the adapters until shutdown (reloaders), on every
	// instance.
	loops []func(ctx context.Context) error
	// leaderLoops run on the leader only, while it leads (retention,
	// scheduled backups): work that writes and must happen once.
	leaderLoops []func(ctx context.Context) error
	// elector elects the leader among instances on one etcd store; nil
	// with bbolt, where this process always leads.
	elector *cluster.Elector
	// passive: never do leader work (a console chat on a shared etcd
	// store: the serve instances' leader does it).
	passive bool
	// closers run at shutdown, after the loops stopped, before the store closes.
	closers []func() error

	mu       sync.Mutex
	adapters []bot.Adapter
	// holders are the adapters that keep data about users (see
	// dataCapabilities).
	holders []bot.Capability
}

// newApp opens the store and wires every configured capability.
func newApp(cfg *config.Config, log *slog.Logger, clk clock.Clock) (*app, error) {
	if clk == nil {
		clk = clock.Real{}
	}
	db, err := store.Open(cfg.DBPath(), cfg.Store.Options(store.Options{}))
	if err != nil {
		return nil, err
	}
	a := &app{cfg: cfg, log: log, clock: clk, db: db, mux: http.NewServeMux()}
	a.roles = runtime.NewRoles(db, cfg.Roles.ByRole())
	a.outbox = outbox.New(db, clk, log, outbox.Config{MaxAttempts: cfg.Outbox.MaxAttempts, MaxBackoff: cfg.Outbox.MaxBackoff.Duration,
		KeepSent: cfg.Privacy.Retention().OutboxSentKeys})
	a.sched = schedule.New(db, clk, log)
	if err := a.wire(); err != nil {
		db.Close()
		return nil, err
	}
	a.router, err = runtime.NewRouter(runtime.RouterConfig{
		DB: db, Roles: a.roles, Clock: clk, Log: log,
		DefaultLang: cfg.Bot.Lang(), MaxMessageLen: cfg.Bot.MaxMessageLen,
		MessageLimit:   bot.NewLimiter(cfg.Limits.MessageLimit()),
		ExpensiveLimit: bot.NewLimiter(cfg.Limits.ExpensiveLimit()),
	}, a.caps...)
	if err != nil {
		db.Close()
		return nil, err
	}
	a.mountOps()
	return a, nil
}

// Close closes what the app opened.
func (a *app) Close() error {
	var errs []error
	for _, c := range a.closers {
		errs = append(errs, c())
	}
	// Erased records leave the file before it is closed (vergeet mij in
	// the console, privacy erase with the bot stopped). On etcd the scrub
	// (compacting and defragmenting the whole cluster) is the leader's
	// work: while a leader runs, its scrub loop is woken by the mark from
	// any instance; only with none running does the closing process scrub.
	if a.db.Backend() == store.BackendBolt || !a.leaderRuns() {
		if _, err := a.db.Scrub(); err != nil {
			errs = append(errs, err)
		}
	}
	errs = append(errs, a.db.Close())
	return errors.Join(errs...)
}

// scrubInterval is the least time between two compactions of the file
// after erasures or retention deletions; PRIVACY.md states this bound.
const scrubInterval = 10 * time.Minute

// scrubLoop compacts the file at start when a deletion of personal data
// is pending (a crash before the last scrub), and then after each one,
// at most once per scrubInterval, so deleted records leave the file.
func (a *app) scrubLoop(ctx context.Context) error {
	wake := a.db.Subscribe(ctx, store.ScrubTopic)
	var last time.Time
	for {
		if ran, err := a.db.Scrub(); err != nil {
			a.log.Error("scrub database after deletions", "err", err)
		} else if ran {
			last = a.clock.Now()
			a.log.Info("database compacted after deletions of personal data")
		}
		select {
		case <-ctx.Done():
			return nil
		case <-wake:
		}
		if wait := scrubInterval - a.clock.Now().Sub(last); !last.IsZero() && wait > 0 {
			select {
			case <-ctx.Done():
				return nil
			case <-a.clock.After(wait):
			}
		}
	}
}

// run connects adapters and runs the background loops until ctx ends or
// the adapter named until returns (the console at the end of its input).
// Shutdown order: stop adapters, stop the loops, deliver what is due,
// close the store (Close, by the caller).
//
// Work is split by role (see bot/cluster). Every instance serves HTTP,
// runs the per-instance adapters (the web chat) with their outbox
// deliveries, the HTTP callbacks of the others (Mattermost's slash
// command and clicks) and a.loops. Only the leader holds the single
// connections (Discord, the Mattermost websocket, Matrix) and runs the
// scheduler, the outbox for those platforms, the scrub loop and
// a.leaderLoops. Without an elector (the bbolt backend) this process is
// the leader from start to end.
func (a *app) run(ctx context.Context, adapters []bot.Adapter, until string) error {
	a.mu.Lock()
	a.adapters = adapters
	a.mu.Unlock()
	for _, ad := range adapters {
		a.outbox.Register(ad)
	}
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()

	var srv *http.Server
	if addr := a.cfg.HTTP.Listen; addr != "" {
		ln, err := net.Listen("tcp", addr)
		if err != nil {
			return fmt.Errorf("http listener on %s: %w (is the port free? set http.listen)", addr, err)
		}
		srv = newHTTPServer(a.mux)
		go func() {
			if err := srv.Serve(limitListener(ln, httpConnCap(a.cfg.Web.Enabled))); err != nil && !errors.Is(err, http.ErrServerClosed) {
				a.log.Error("http listener stopped", "err", err)
			}
		}()
		a.log.Info("http listener", "addr", ln.Addr().String())
	}

	if addr := a.cfg.Admin.Addr(); addr != "" {
		stop, err := a.serveAdmin(addr)
		if err != nil {
			return err
		}
		defer stop()
	}

	// Per-instance adapters run everywhere; a passive console runs its
	// adapter and delivers its outbox itself (no serve instance has one).
	local := map[string]bool{}
	var single []bot.Adapter
	for _, ad := range adapters {
		if _, ok := ad.(bot.PerInstance); ok || a.passive {
			local[ad.Name()] = true
		} else {
			single = append(single, ad)
		}
	}
	isLocal := func(p string) bool { return local[p] }
	isSingle := func(p string) bool { return !local[p] }

	var wg sync.WaitGroup
	loop := func(ctx context.Context, name string, f func(context.Context) error) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if err := f(ctx); err != nil && ctx.Err() == nil {
				a.log.Error("background loop stopped", "loop", name, "err", err)
			}
		}()
	}
	errc := make(chan error, 1)
	runAdapter := func(actx context.Context, ad bot.Adapter, what string, f func(context.Context, bot.Handler) error) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			err := f(actx, a.router)
			if err != nil && actx.Err() == nil {
				a.log.Error("adapter stopped", "adapter", ad.Name(), "part", what, "err", err)
			}
			// The console's input ended, or the only adapter gave up: the
			// run is over. An adapter stopped with its term is not.
			if (ad.Name() == until || len(adapters) == 1) && (actx.Err() == nil || ctx.Err() != nil) {
				select {
				case errc <- err:
				default:
				}
			}
		}()
	}

	// Every instance.
	loop(ctx, "outbox", func(ctx context.Context) error { return a.outbox.RunFor(ctx, isLocal) })
	for _, f := range a.loops {
		loop(ctx, "feature", f)
	}
	for _, ad := range adapters {
		if local[ad.Name()] {
			runAdapter(ctx, ad, "run", ad.Run)
		} else if cs, ok := ad.(bot.CallbackServer); ok && a.elector != nil {
			runAdapter(ctx, ad, "callbacks", cs.ServeCallbacks)
		}
	}

	// The leader.
	lead := func(lctx context.Context) {
		a.log.Info("leader work starts")
		var lwg sync.WaitGroup
		lloop := func(name string, f func(context.Context) error) {
			lwg.Add(1)
			loop(lctx, name, func(ctx context.Context) error { defer lwg.Done(); return f(ctx) })
		}
		lloop("outbox", func(ctx context.Context) error { return a.outbox.RunFor(ctx, isSingle) })
		lloop("scheduler", a.sched.Run)
		lloop("scrub", a.scrubLoop)
		for _, f := range a.leaderLoops {
			lloop("feature", f)
		}
		for _, ad := range single {
			lwg.Add(1)
			runAdapter(lctx, ad, "run", func(ctx context.Context, h bot.Handler) error { defer lwg.Done(); return ad.Run(ctx, h) })
		}
		lwg.Wait()
		a.log.Info("leader work stopped")
	}
	switch {
	case a.passive:
	case a.elector == nil:
		loop(ctx, "leader", func(ctx context.Context) error { lead(ctx); return nil })
	default:
		loop(ctx, "election", func(ctx context.Context) error { return a.elector.Run(ctx, lead) })
	}

	var runErr error
	select {
	case <-ctx.Done():
	case runErr = <-errc:
		// The console's input ended: deliver what fell due meanwhile. (With
		// several instances that is the next leader's work.)
		if a.elector == nil && !a.passive {
			if _, err := a.sched.RunDue(context.WithoutCancel(ctx)); err != nil {
				a.log.Error("run due jobs", "err", err)
			}
			a.outbox.Flush(context.WithoutCancel(ctx))
		}
	}
	cancel()
	wg.Wait()
	if srv != nil {
		sctx, scancel := context.WithTimeout(context.Background(), 5*time.Second)
		_ = srv.Shutdown(sctx)
		scancel()
	}
	return runErr
}

// publicURL is the base URL users reach the HTTP listener at, for links in
// messages; empty when the listener is off.
func (a *app) publicURL() string {
	if u := a.cfg.HTTP.PublicURL; u != "" {
		return strings.TrimRight(u, "/")
	}
	if l := a.cfg.HTTP.Listen; l != "" {
		if strings.HasPrefix(l, ":") {
			l = "localhost" + l
		}
		return "http://" + l
	}
	return ""
}

// mountOps mounts the health and metrics endpoints.
func (a *app) mountOps() {
	a.mux.HandleFunc("GET /healthz", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		io.WriteString(w, "ok\n")
	})
	a.mux.HandleFunc("GET /readyz", a.readyz)
	// Each app has its own registry (two apps in a test process do not
	// collide); the counters in it are the process's.
	reg := metrics.NewRegistry()
	a.mux.Handle("GET /metrics", metrics.Handler(reg))
	// The outbox gauges read this app's store, on this app's registry.
	_ = metrics.GaugeFunc(reg, "noaber_outbox_depth", "Messages waiting in the outbox.", func() float64 {
		s, _ := outbox.Stats(a.db)
		return float64(s.Pending)
	})
	_ = metrics.GaugeFunc(reg, "noaber_outbox_oldest_seconds", "Age of the oldest message waiting in the outbox.", func() float64 {
		s, _ := outbox.Stats(a.db)
		if s.Oldest.IsZero() {
			return 0
		}
		return a.clock.Now().Sub(s.Oldest).Seconds()
	})
	_ = metrics.GaugeFunc(reg, "noaber_leader", "1 while this instance does the leader's work (always, with one bbolt file), else 0.", func() float64 {
		if a.passive || (a.elector != nil && a.elector.Role() != cluster.Leader) {
			return 0
		}
		return 1
	})
}

// readyz reports the store, the instance's role and each adapter's
// connection. A standby is ready too (a load balancer may send HTTP to any
// instance): the connections the leader holds are listed but do not count.
func (a *app) readyz(w http.ResponseWriter, r *http.Request) {
	type status struct {
		Ready    bool                  `json:"ready"`
		Role     string                `json:"role"`
		Cluster  *cluster.Status       `json:"cluster,omitempty"`
		Store    string                `json:"store"`
		Outbox   outbox.QueueStats     `json:"outbox"`
		Adapters map[string]bot.Health `json:"adapters"`
	}
	st := status{Ready: true, Role: cluster.Leader.String(), Store: "ok", Adapters: map[string]bot.Health{}}
	if a.elector != nil {
		ctx, cancel := context.WithTimeout(r.Context(), 2*time.Second)
		cs := a.elector.Status(ctx)
		cancel()
		st.Role, st.Cluster = cs.Role, &cs
	}
	if s, err := outbox.Stats(a.db); err != nil {
		st.Ready, st.Store = false, "unreadable"
	} else {
		st.Outbox = s
	}
	standby := st.Role != cluster.Leader.String()
	a.mu.Lock()
	for _, ad := range a.adapters {
		h := bot.Health{Connected: true}
		if hr, ok := ad.(bot.HealthReporter); ok {
			h = hr.Health()
		}
		_, perInstance := ad.(bot.PerInstance)
		if standby && !perInstance {
			h = bot.Health{Detail: "held by the leader"}
		} else if !h.Connected {
			st.Ready = false
		}
		st.Adapters[ad.Name()] = h
	}
	a.mu.Unlock()
	w.Header().Set("Content-Type", "application/json")
	if !st.Ready {
		w.WriteHeader(http.StatusServiceUnavailable)
	}
	_ = json.NewEncoder(w).Encode(st)
}
