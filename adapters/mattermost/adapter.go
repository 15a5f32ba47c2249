package mattermost

import (
	"context"
	crand "crypto/rand"
	"errors"
	"fmt"
	"log/slog"
	"math/rand/v2"
	"net/http"
	"net/netip"
	"net/url"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/noaber/noaber/bot"
)

// Name is the adapter's platform prefix.
const Name = "mattermost"

// Deps are the adapter's collaborators. Zero values are documented per
// field.
type Deps struct {
	// Log is scoped with adapter=mattermost. Nil means slog.Default().
	Log *slog.Logger
	// PublicURL is http.public_url, the base of the default action URL.
	// It may be empty when Config.ActionURL is set.
	PublicURL string
	// Transport carries REST requests. Nil means http.DefaultTransport.
	Transport http.RoundTripper
	// Marks keeps the catch-up mark across restarts, so posts sent while
	// Noaber was stopped are answered at the next start. Nil means no
	// catch-up at start (reconnects still catch up).
	Marks Marks
	// Retry queues a reply that could not be delivered now (the server
	// down, a 5xx) for the outbox, so a sign-up confirmation is not lost
	// while the sign-up stands. Nil means such a reply is only logged.
	Retry func(ctx context.Context, to bot.Address, r bot.Reply) error
	// Commands is the bot's command table (the router): the slash
	// command's autocomplete hint and description are built from it
	// (Autocomplete). Nil means an empty hint.
	Commands bot.CommandTable
}

// Marks stores one time per key; the wiring backs it with the database.
type Marks interface {
	Mark(key string) (time.Time, bool, error)
	SetMark(key string, t time.Time) error
}

// markKey is this adapter's key in Marks.
const markKey = "mattermost.catch_up"

// maxStartCatchUp bounds the catch-up at start: posts older than this are
// left unanswered (a reply a day late helps nobody).
const maxStartCatchUp = 24 * time.Hour

// Adapter is the Mattermost adapter. Create it with New, mount its HTTP
// handlers with Mount, then Run it.
type Adapter struct {
	cfg        Config
	log        *slog.Logger
	table      bot.CommandTable
	api        restAPI
	dial       dialFunc
	sign       *signer
	roles      *roleResolver
	actionURL  string
	actionPath string
	actionFrom []netip.Prefix
	now        func() time.Time
	minBackoff time.Duration // first reconnection wait

	marks  Marks
	markMu sync.Mutex // orders writes of the catch-up mark
	retry  func(ctx context.Context, to bot.Address, r bot.Reply) error
	// ephemeralMode is whether the server accepts ephemeral posts from the
	// bot (ephemeralUnknown/Works/Refused); once refused, private replies
	// go by direct message without asking again.
	ephemeralMode atomic.Int32
	handler       atomic.Pointer[bot.Handler] // set while Run runs
	callbacks     atomic.Pointer[bot.Handler] // set while ServeCallbacks runs
	queue         chan incoming
	refetch       chan struct{} // a post was dropped from a full queue

	mu        sync.Mutex
	botID     string
	botName   string
	health    bot.HealthState
	lastAlive time.Time         // last sign of life of the previous session
	dms       map[string]string // user id → direct channel id
	chanTypes map[string]string // channel id → model.ChannelType*
	threads   *boundedSet       // thread roots the bot posted in
	noThreads *boundedSet       // thread roots looked up and found without the bot
	seen      *boundedSet       // post ids already taken
	overflow  map[string]int64  // channel id → oldest create_at dropped
	pending   map[string]int64  // post id → create_at, queued or being answered
	handled   int64             // newest create_at answered (or ignored)
	saved     int64             // the mark last stored
}

var (
	_ bot.Adapter        = (*Adapter)(nil)
	_ bot.HealthReporter = (*Adapter)(nil)
)

// New checks cfg and builds the adapter. It does not connect; Run does.
// Without an action secret it makes a random one, so buttons from before a
// restart stop working.
func New(cfg Config, deps Deps) (*Adapter, error) {
	cfg.Enabled = true
	if err := cfg.Validate(); err != nil {
		return nil, err
	}
	cfg = cfg.withDefaults()
	log := deps.Log
	if log == nil {
		log = slog.Default()
	}
	log = log.With("adapter", Name)

	actionURL := cfg.ActionURL
	if actionURL == "" {
		if deps.PublicURL == "" {
			return nil, fmt.Errorf("mattermost.action_url: set it, or set http.public_url so the default <public_url>%s can be used", DefaultActionPath)
		}
		actionURL = strings.TrimRight(deps.PublicURL, "/") + DefaultActionPath
	}
	u, err := url.Parse(actionURL)
	if err != nil || u.Host == "" {
		return nil, fmt.Errorf("mattermost.action_url: %q is not an absolute URL", actionURL)
	}
	actionPath := u.Path
	if actionPath == "" {
		actionPath = "/"
	}

	key := []byte(cfg.ActionSecret)
	if len(key) == 0 {
		key = make([]byte, 32)
		_, _ = crand.Read(key)
		log.Warn("no mattermost.action_secret set: using a random one; buttons posted before a restart will stop working (set NOABER_MATTERMOST_ACTION_SECRET)")
	}
	actionFrom, _ := parseCIDRs(cfg.ActionFrom) // checked by Validate
	now := time.Now
	api := newClient4(cfg.URL, cfg.Token, deps.Transport, 30*time.Second)
	a := &Adapter{
		cfg: cfg, log: log, api: api, dial: dialSDK,
		sign:       newSigner(key, cfg.ActionTTL.Duration, now),
		actionURL:  actionURL,
		actionPath: actionPath,
		actionFrom: actionFrom,
		now:        now,
		minBackoff: time.Second,
		queue:      make(chan incoming, cfg.QueueSize),
		refetch:    make(chan struct{}, 1),
		dms:        map[string]string{},
		chanTypes:  map[string]string{},
		threads:    newBoundedSet(10000),
		noThreads:  newBoundedSet(10000),
		seen:       newBoundedSet(20000),
		overflow:   map[string]int64{},
		pending:    map[string]int64{},
		marks:      deps.Marks,
		retry:      deps.Retry,
		table:      deps.Commands,
	}
	a.health.Set(false, "not started", time.Time{})
	a.roles = newRoleResolver(api, cfg.Roles, cfg.RolesCacheTTL.Duration, now, log)
	return a, nil
}

// Name is "mattermost".
func (a *Adapter) Name() string { return Name }

// ActionURL is the URL Mattermost POSTs button clicks to.
func (a *Adapter) ActionURL() string { return a.actionURL }

// Health reports whether the websocket is connected, since when, and why
// not.
func (a *Adapter) Health() bot.Health { return a.health.Get() }

func (a *Adapter) setHealth(connected bool, detail string) {
	a.health.Set(connected, detail, a.now())
}

func (a *Adapter) connected() bool { return a.health.Connected() }

func (a *Adapter) self() (id, name string) {
	a.mu.Lock()
	defer a.mu.Unlock()
	return a.botID, a.botName
}

// Run connects, answers what is addressed to the bot and keeps the
// connection up until ctx ends. It returns an error only when the server
// refuses the token.
func (a *Adapter) Run(ctx context.Context, h bot.Handler) error {
	a.handler.Store(&h)
	defer a.handler.Store(nil)
	if a.cfg.CommandToken != "" {
		hint, desc := a.Autocomplete(bot.NL)
		a.log.Info("slash command autocomplete (Integrations → Slash Commands → noaber)", "hint", hint, "description", desc)
	}

	var wg sync.WaitGroup
	for range a.cfg.Workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			a.work(ctx)
		}()
	}
	defer wg.Wait()

	backoff := a.minBackoff
	connectedBefore := false // a reconnect catches up; the first connect does not
	for {
		if id, _ := a.self(); id == "" {
			if err := a.identify(ctx); err != nil {
				if errors.Is(err, bot.ErrPermanent) {
					a.setHealth(false, "token refused")
					return err
				}
				a.setHealth(false, "cannot reach server")
				a.log.Warn("cannot reach mattermost", "err", err)
				if !a.backOff(ctx, jitter(backoff)) {
					return nil
				}
				backoff = min(backoff*2, a.cfg.MaxBackoff.Duration)
				continue
			}
		}
		started := a.now()
		ok, err := a.session(ctx, connectedBefore, !connectedBefore)
		connectedBefore = connectedBefore || ok
		if ctx.Err() != nil {
			a.setHealth(false, "stopped")
			return nil
		}
		detail := "disconnected"
		if err != nil {
			detail = err.Error()
		}
		a.setHealth(false, detail)
		a.log.Warn("mattermost websocket lost; reconnecting", "err", err)
		if a.now().Sub(started) > 2*a.cfg.MaxBackoff.Duration {
			backoff = a.minBackoff // it ran well for a while: start over
		}
		if !a.backOff(ctx, jitter(backoff)) {
			a.setHealth(false, "stopped")
			return nil
		}
		backoff = min(backoff*2, a.cfg.MaxBackoff.Duration)
	}
}

// identify asks who the bot is.
func (a *Adapter) identify(ctx context.Context) error {
	me, resp, err := a.api.GetMe(ctx, "")
	if err != nil {
		if resp != nil && resp.StatusCode == http.StatusUnauthorized {
			return fmt.Errorf("mattermost: the server refused mattermost.token (401); create a new access token for the bot account: %w", bot.ErrPermanent)
		}
		return fmt.Errorf("get bot account: %w", err)
	}
	a.mu.Lock()
	a.botID, a.botName = me.Id, me.Username
	a.mu.Unlock()
	a.log.Info("mattermost bot account", "user_id", me.Id, "username", me.Username)
	return nil
}

// jitter spreads d over [d/2, d) so many bots do not reconnect in step.
func jitter(d time.Duration) time.Duration {
	if d <= 1 {
		return d
	}
	return d/2 + rand.N(d/2)
}

// probeInterval is how often a backing-off adapter asks the server
// whether it is back (GET /api/v4/system/ping, cheap and unauthenticated),
// so a reconnect follows the server within seconds instead of after a
// backoff near its cap.
const probeInterval = time.Second

// backOff waits d, cut short as soon as the server answers a ping; it
// reports whether ctx is still alive.
func (a *Adapter) backOff(ctx context.Context, d time.Duration) bool {
	end := time.Now().Add(d)
	for {
		left := time.Until(end)
		if left <= 0 {
			return ctx.Err() == nil
		}
		if !sleep(ctx, min(left, probeInterval)) {
			return false
		}
		if left <= probeInterval {
			return true
		}
		pctx, cancel := context.WithTimeout(ctx, 2*time.Second)
		_, _, err := a.api.GetPing(pctx)
		cancel()
		if err == nil {
			a.log.Info("mattermost answers again; reconnecting now")
			return true
		}
	}
}

// sleep waits d or until ctx ends; it reports whether ctx is still alive.
func sleep(ctx context.Context, d time.Duration) bool {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return false
	case <-t.C:
		return true
	}
}

// boundedSet remembers up to n strings, forgetting the oldest first.
type boundedSet struct {
	n     int
	order []string
	set   map[string]struct{}
}

func newBoundedSet(n int) *boundedSet { return &boundedSet{n: n, set: map[string]struct{}{}} }

// add reports whether s was new.
func (b *boundedSet) add(s string) bool {
	if _, ok := b.set[s]; ok {
		return false
	}
	if len(b.order) >= b.n {
		delete(b.set, b.order[0])
		b.order = b.order[1:]
	}
	b.order = append(b.order, s)
	b.set[s] = struct{}{}
	return true
}

func (b *boundedSet) has(s string) bool { _, ok := b.set[s]; return ok }

func (b *boundedSet) remove(s string) { delete(b.set, s) } // its order slot ages out
