package web

import (
	"context"
	"embed"
	"errors"
	"fmt"
	"log/slog"
	"net/url"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/noaber/noaber/bot"
	"github.com/noaber/noaber/bot/clock"
	"github.com/noaber/noaber/bot/store"
	"github.com/noaber/noaber/i18n"
)

//go:embed messages/*.toml
var messagesFS embed.FS

// msgs is the adapter's message catalog: the page's texts and its errors.
var msgs = i18n.MustLoadDir("web", messagesFS, "messages")

// Name is the platform prefix of web visitors' ids ("web:<id>").
const Name = "web"

// Deps are what the adapter works with.
type Deps struct {
	// Secret signs visitor cookies; at least 32 bytes, required. Keep it
	// stable across restarts, or every visitor starts afresh.
	Secret []byte
	// PublicURL is where visitors reach the listener; an https URL makes
	// the cookie Secure, and its origin is always allowed. Empty means
	// the origin the request names (its Host).
	PublicURL string
	// Wake asks the outbox to deliver now: called when a visitor comes
	// back, so waiting messages do not wait for the outbox's next round.
	// Nil means they wait.
	Wake func()
	Log  *slog.Logger // nil: slog.Default()
	// Clock is for rate limits and history expiry. Nil means the real clock.
	Clock clock.Clock
	// PollWait is how long a long poll waits for news. Zero means 25 s.
	PollWait time.Duration
	// TypingAfter is how long an answer may take before the typing
	// indicator shows. Zero means 300 ms.
	TypingAfter time.Duration
	// Lang is the page's language before the conversation says otherwise.
	// Zero means Dutch.
	Lang bot.Lang
}

// Adapter is the web chat.
type Adapter struct {
	cfg     Config
	log     *slog.Logger
	clock   clock.Clock
	cookies cookies
	origins map[string]bool // allowed besides the request's own origin
	self    string          // the public URL's origin, or ""
	wake    func()
	poll    time.Duration
	typing  time.Duration
	lang    bot.Lang

	visitorLimit, ipLimit *bot.Limiter

	handler atomic.Pointer[bot.Handler]

	// maxVisitors bounds the memory visitors take: beyond it, new
	// visitors are told to come back later. 100,000 by default.
	maxVisitors int

	mu       sync.Mutex
	visitors map[string]*visitor
	connsIP  map[string]int
	closing  chan struct{}
}

var (
	_ bot.Adapter        = (*Adapter)(nil)
	_ bot.Acceptor       = (*Adapter)(nil)
	_ bot.PerInstance    = (*Adapter)(nil)
	_ bot.HTTPMounter    = (*Adapter)(nil)
	_ bot.HealthReporter = (*Adapter)(nil)
	_ store.DataHolder   = (*Adapter)(nil)
	_ bot.WaitLimiter    = (*Adapter)(nil)
)

// New returns the web chat adapter. Mount it on the HTTP listener, then
// Run it.
func New(cfg Config, d Deps) (*Adapter, error) {
	if err := cfg.Validate(); err != nil {
		return nil, err
	}
	if len(d.Secret) < 32 {
		return nil, errors.New("web: the cookie secret must be at least 32 bytes")
	}
	cfg = cfg.withDefaults()
	if d.Log == nil {
		d.Log = slog.Default()
	}
	if d.Clock == nil {
		d.Clock = clock.Real{}
	}
	if d.PollWait == 0 {
		d.PollWait = 25 * time.Second
	}
	if d.TypingAfter == 0 {
		d.TypingAfter = 300 * time.Millisecond
	}
	if !d.Lang.Valid() {
		d.Lang = bot.NL
	}
	a := &Adapter{
		cfg: cfg, log: d.Log.With("adapter", Name), clock: d.Clock, wake: d.Wake,
		poll: d.PollWait, typing: d.TypingAfter, lang: d.Lang,
		cookies:      cookies{key: d.Secret, path: "/chat", maxAge: cfg.CookieMaxAge.Duration},
		origins:      map[string]bool{},
		visitorLimit: bot.NewLimiter(limit(cfg.VisitorPerMinute, 20, cfg.VisitorBurst, 10)),
		ipLimit:      bot.NewLimiter(limit(cfg.IPPerMinute, 120, cfg.IPBurst, 60)),
		visitors:     map[string]*visitor{},
		maxVisitors:  100000,
		connsIP:      map[string]int{},
		closing:      make(chan struct{}),
	}
	for _, o := range cfg.AllowedOrigins {
		p, _ := parseOrigin(o)
		a.origins[p] = true
	}
	if d.PublicURL != "" {
		u, err := url.Parse(d.PublicURL)
		if err != nil || u.Host == "" {
			return nil, fmt.Errorf("web: public URL %q is not a URL", d.PublicURL)
		}
		a.self = strings.ToLower(u.Scheme + "://" + u.Host)
		a.origins[a.self] = true
		a.cookies.secure = u.Scheme == "https"
	}
	return a, nil
}

// Name is "web".
func (a *Adapter) Name() string { return Name }

// PerInstance: every instance serves its own visitors (their conversation
// view lives in its memory; the dialogue state is in the store).
func (a *Adapter) PerInstance() {}

// Run serves visitors until ctx ends; before it runs, the chat answers
// that it is not available yet.
func (a *Adapter) Run(ctx context.Context, h bot.Handler) error {
	a.handler.Store(&h)
	t := time.NewTicker(time.Minute)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			a.handler.Store(nil)
			close(a.closing) // open WebSockets say goodbye
			return nil
		case <-t.C:
			a.sweep(a.clock.Now())
		}
	}
}

// emptyKeep is how long a visitor who never said anything is remembered.
const emptyKeep = 10 * time.Minute

// sweep forgets visitors silent for longer than HistoryKeep, and those
// without history after emptyKeep (cookies minted in bulk cost nothing
// for long).
func (a *Adapter) sweep(now time.Time) {
	a.mu.Lock()
	defer a.mu.Unlock()
	for id, v := range a.visitors {
		v.mu.Lock()
		keep := a.cfg.HistoryKeep.Duration
		if len(v.entries) == 0 {
			keep = emptyKeep
		}
		idle := v.conns == 0 && now.Sub(v.seen) > keep
		v.mu.Unlock()
		if idle {
			delete(a.visitors, id)
		}
	}
}

// visitor returns the visitor with id, creating it; nil when there are
// too many visitors to take a new one.
func (a *Adapter) visitor(id string) *visitor {
	a.mu.Lock()
	defer a.mu.Unlock()
	v := a.visitors[id]
	if v == nil {
		if len(a.visitors) >= a.maxVisitors {
			return nil
		}
		v = newVisitor(id, a.clock.Now())
		v.lang = a.lang
		a.visitors[id] = v
	}
	return v
}

// lookup returns the visitor an address names, or nil.
func (a *Adapter) lookup(to bot.Address) *visitor {
	id := to.User
	if to.Conversation != "" {
		id = to.Conversation
	}
	rest, ok := strings.CutPrefix(id, Name+":")
	if !ok {
		return nil
	}
	a.mu.Lock()
	defer a.mu.Unlock()
	return a.visitors[rest]
}

// pollGrace is how long after a long poll a visitor counts as present.
func (a *Adapter) pollGrace() time.Duration { return a.poll + 15*time.Second }

// Accepts reports whether the visitor is on the page now; messages for
// visitors who are away wait in the outbox until they return.
func (a *Adapter) Accepts(to bot.Address) bool {
	v := a.lookup(to)
	return v != nil && v.present(a.clock.Now(), a.pollGrace())
}

// MaxWait is how long a message waits for a visitor to come back.
func (a *Adapter) MaxWait() time.Duration { return a.cfg.OutboxExpiry.Duration }

// Send adds a proactive message to the visitor's conversation.
func (a *Adapter) Send(ctx context.Context, to bot.Address, r bot.Reply) error {
	v := a.lookup(to)
	if v == nil {
		return fmt.Errorf("web: the visitor is not here: %w", bot.ErrPermanent)
	}
	a.deliver(v, []bot.Reply{r}, true, nil)
	return nil
}

// deliver adds the bot's replies to v's history. A reply with Replace
// takes the place of clicked (the message whose button was used).
func (a *Adapter) deliver(v *visitor, replies []bot.Reply, proactive bool, clicked *entry) {
	v.mu.Lock()
	defer v.mu.Unlock()
	now := a.clock.Now()
	for _, r := range replies {
		if r.Nonce != "" && hasNonce(v, r.Nonce) {
			continue // delivered before a crash: the outbox tries again
		}
		if l, ok := bot.DetectLang(r.Text); ok {
			v.lang = l
		}
		e := &entry{from: "bot", text: r.Text, html: renderMarkdown(r.Text), lang: v.lang, proactive: proactive,
			nonce: r.Nonce, choices: r.Choices, sources: r.Sources, files: r.Files, at: now}
		if r.Replace && clicked != nil && v.find(clicked.seq) == clicked {
			e.seq = clicked.seq
			*clicked = *e
			v.touch(clicked)
			clicked = nil // one reply replaces; the rest follow it
			continue
		}
		v.add(e, a.cfg.History)
	}
	v.seen = now
}

func hasNonce(v *visitor, nonce string) bool {
	for _, e := range v.entries {
		if e.nonce == nonce {
			return true
		}
	}
	return false
}

// Health reports how many visitors have the chat open.
func (a *Adapter) Health() bot.Health {
	a.mu.Lock()
	defer a.mu.Unlock()
	open := 0
	for _, n := range a.connsIP {
		open += n
	}
	return bot.Health{Connected: a.handler.Load() != nil, Detail: fmt.Sprintf("%d visitors known, %d WebSockets open", len(a.visitors), open)}
}

// ExportUser returns the conversation shown to a web visitor (it lives in
// memory only).
func (a *Adapter) ExportUser(tx *store.Tx, userID string) (any, error) {
	v := a.lookup(bot.ToUser(userID))
	if v == nil {
		return nil, nil
	}
	type line struct {
		At   time.Time `json:"at"`
		From string    `json:"from"`
		Text string    `json:"text"`
	}
	v.mu.Lock()
	defer v.mu.Unlock()
	var out []line
	for _, e := range v.entries {
		out = append(out, line{e.at, e.from, e.text})
	}
	if len(out) == 0 {
		return nil, nil
	}
	return map[string]any{"chat_history": out}, nil
}

// EraseUser forgets a web visitor's history once the erasure commits.
func (a *Adapter) EraseUser(tx *store.Tx, userID string) (int, error) {
	v := a.lookup(bot.ToUser(userID))
	if v == nil {
		return 0, nil
	}
	v.mu.Lock()
	n := len(v.entries)
	v.mu.Unlock()
	tx.OnCommit(v.forget)
	return n, nil
}
