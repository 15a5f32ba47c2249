package matrix

import (
	"context"
	"embed"
	"errors"
	"fmt"
	"log/slog"
	"math/rand/v2"
	"net/http"
	"net/url"
	"sync"
	"sync/atomic"
	"time"

	"maunium.net/go/mautrix"
	"maunium.net/go/mautrix/event"
	"maunium.net/go/mautrix/id"

	"github.com/noaber/noaber/adapters/internal/retry"
	"github.com/noaber/noaber/bot"
	"github.com/noaber/noaber/bot/store"
	"github.com/noaber/noaber/i18n"
)

// Name is the adapter's platform prefix.
const Name = "matrix"

//go:embed messages/*.toml
var messagesFS embed.FS

var msgs = i18n.MustLoadDir("matrix", messagesFS, "messages")

// ErrDisconnected is returned by Send while the bot cannot reach the
// homeserver, so the outbox keeps the message and retries later.
var ErrDisconnected = errors.New("matrix: not connected")

// api lists the client-server calls the adapter makes; *mautrix.Client
// implements it, and tests run it against an httptest homeserver.
type api interface {
	Login(ctx context.Context, req *mautrix.ReqLogin) (*mautrix.RespLogin, error)
	Whoami(ctx context.Context) (*mautrix.RespWhoami, error)
	GetOwnDisplayName(ctx context.Context) (*mautrix.RespUserDisplayName, error)
	CreateFilter(ctx context.Context, filter *mautrix.Filter) (*mautrix.RespCreateFilter, error)
	FullSyncRequest(ctx context.Context, req mautrix.ReqSync) (*mautrix.RespSync, error)
	JoinRoomByID(ctx context.Context, roomID id.RoomID) (*mautrix.RespJoinRoom, error)
	CreateRoom(ctx context.Context, req *mautrix.ReqCreateRoom) (*mautrix.RespCreateRoom, error)
	SendMessageEvent(ctx context.Context, roomID id.RoomID, eventType event.Type, contentJSON any, extra ...mautrix.ReqSendEvent) (*mautrix.RespSendEvent, error)
	UploadBytesWithName(ctx context.Context, data []byte, contentType, fileName string) (*mautrix.RespMediaUpload, error)
	StateEvent(ctx context.Context, roomID id.RoomID, eventType event.Type, stateKey string, outContent any) error
}

var _ api = (*mautrix.Client)(nil)

// Deps are the adapter's collaborators.
type Deps struct {
	// DB keeps the sync token, direct rooms and threads. Required.
	DB *store.DB
	// Log is scoped with adapter=matrix. Nil means slog.Default().
	Log *slog.Logger
	// Lang is the language of the bot's own notices; empty means Dutch.
	Lang bot.Lang
	// Transport carries requests to the homeserver. Nil means
	// http.DefaultTransport.
	Transport http.RoundTripper
	// Now is the clock; nil means time.Now.
	Now func() time.Time
}

// Adapter is the Matrix adapter. Create it with New, then Run it.
type Adapter struct {
	cfg        Config
	log        *slog.Logger
	cli        *mautrix.Client
	api        api
	state      state
	roles      *roleResolver
	lang       bot.Lang
	now        func() time.Time
	minBackoff time.Duration
	wait       func(ctx context.Context, d time.Duration) bool // sleep; tests record
	numbered   bot.Numbered

	handler atomic.Pointer[bot.Handler]

	dmMu        sync.Mutex // one direct room per user, even with concurrent sends
	mu          sync.Mutex
	botID       string
	botName     string // display name, for plain-name mentions
	filterID    string
	health      bot.HealthState
	memberCount map[string]int // room id → joined members, from sync summaries
	seen        map[string]struct{}
	seenOrder   []string
	reactTo     map[string]target // bot message with choices → where its reactions answer
	reactOrder  []string
	lastOffer   map[string]string // numbered key → the bot message with those choices
}

var (
	_ bot.Adapter        = (*Adapter)(nil)
	_ bot.HealthReporter = (*Adapter)(nil)
)

// New checks cfg and builds the adapter. It does not connect; Run does.
func New(cfg Config, deps Deps) (*Adapter, error) {
	cfg.Enabled = true
	if err := cfg.Validate(); err != nil {
		return nil, err
	}
	if deps.DB == nil {
		return nil, errors.New("matrix: no store")
	}
	cfg = cfg.withDefaults()
	log := deps.Log
	if log == nil {
		log = slog.Default()
	}
	log = log.With("adapter", Name)
	now := deps.Now
	if now == nil {
		now = time.Now
	}
	cli, err := mautrix.NewClient(cfg.Homeserver, id.UserID(cfg.UserID), cfg.Token)
	if err != nil {
		return nil, fmt.Errorf("matrix.homeserver: %w", err)
	}
	cli.DeviceID = id.DeviceID(cfg.DeviceID)
	cli.UserAgent = "Noaber"
	// The long-poll takes up to sync_timeout; allow for a slow answer.
	cli.Client = &http.Client{
		Timeout:   cfg.SyncTimeout.Duration + 60*time.Second,
		Transport: &retry.Transport{Base: deps.Transport, MaxWait: time.Minute, Tries: 5, Delay: retryDelay},
	}
	lang := deps.Lang
	if !lang.Valid() {
		lang = bot.NL
	}
	a := &Adapter{
		cfg: cfg, log: log, cli: cli, api: cli,
		state:       state{db: deps.DB, now: now},
		lang:        lang,
		now:         now,
		minBackoff:  time.Second,
		wait:        sleep,
		memberCount: map[string]int{},
		seen:        map[string]struct{}{},
		reactTo:     map[string]target{},
		lastOffer:   map[string]string{},
	}
	a.health.Set(false, "not started", time.Time{})
	a.roles = newRoleResolver(cli, cfg.Roles, now, log)
	return a, nil
}

// Name is "matrix".
func (a *Adapter) Name() string { return Name }

// Health reports whether the last /sync succeeded, since when, and why
// not.
func (a *Adapter) Health() bot.Health { return a.health.Get() }

func (a *Adapter) setHealth(connected bool, detail string) {
	a.health.Set(connected, detail, a.now())
}

func (a *Adapter) connected() bool { return a.health.Connected() }

func (a *Adapter) self() (userID, name string) {
	a.mu.Lock()
	defer a.mu.Unlock()
	return a.botID, a.botName
}

// Run connects, answers what is addressed to the bot and keeps syncing
// until ctx ends, reconnecting with jittered backoff capped at
// matrix.max_backoff (30s). It returns an error only when the homeserver
// refuses the bot's credentials.
func (a *Adapter) Run(ctx context.Context, h bot.Handler) error {
	a.handler.Store(&h)
	defer a.handler.Store(nil)
	backoff := a.minBackoff
	connectedBefore := false
	for {
		err := a.connect(ctx)
		synced := false
		if err == nil {
			synced, err = a.syncLoop(ctx, connectedBefore)
			connectedBefore = connectedBefore || synced
		}
		if ctx.Err() != nil {
			a.setHealth(false, "stopped")
			return nil
		}
		if errors.Is(err, bot.ErrPermanent) {
			a.setHealth(false, "credentials refused")
			return err
		}
		a.setHealth(false, "cannot reach the homeserver")
		a.log.Warn("matrix sync failed; reconnecting", "err", err, "in", backoff)
		if synced {
			backoff = a.minBackoff // it worked for a while: start over
		}
		if !a.wait(ctx, jitter(backoff)) {
			a.setHealth(false, "stopped")
			return nil
		}
		backoff = min(backoff*2, a.cfg.MaxBackoff.Duration)
	}
}

// connect logs in when there is no token, checks who the bot is and
// creates the sync filter.
func (a *Adapter) connect(ctx context.Context) error {
	if a.cli.AccessToken == "" {
		resp, err := a.api.Login(ctx, &mautrix.ReqLogin{
			Type:                     mautrix.AuthTypePassword,
			Identifier:               mautrix.UserIdentifier{Type: mautrix.IdentifierTypeUser, User: a.cfg.UserID},
			Password:                 a.cfg.Password,
			DeviceID:                 id.DeviceID(a.cfg.DeviceID),
			InitialDeviceDisplayName: "Noaber",
			StoreCredentials:         true,
		})
		if err != nil {
			if errors.Is(err, mautrix.MForbidden) || errors.Is(err, mautrix.MInvalidParam) || errors.Is(err, mautrix.MUserDeactivated) {
				return fmt.Errorf("matrix: the homeserver refused the password login of matrix.user_id: %w", bot.ErrPermanent)
			}
			return fmt.Errorf("login: %w", shortErr(err))
		}
		a.log.Info("matrix password login", "device_id", resp.DeviceID)
	}
	who, err := a.api.Whoami(ctx)
	if err != nil {
		if errors.Is(err, mautrix.MUnknownToken) || errors.Is(err, mautrix.MMissingToken) {
			if a.cfg.Password != "" {
				a.cli.AccessToken = "" // log in again
				return fmt.Errorf("whoami: the access token expired")
			}
			return fmt.Errorf("matrix: the homeserver refused matrix.token (M_UNKNOWN_TOKEN); create a new access token for the bot account: %w", bot.ErrPermanent)
		}
		return fmt.Errorf("whoami: %w", shortErr(err))
	}
	if string(who.UserID) != a.cfg.UserID {
		return fmt.Errorf("matrix.token belongs to another account than matrix.user_id %s: %w", a.cfg.UserID, bot.ErrPermanent)
	}
	name := ""
	if dn, err := a.api.GetOwnDisplayName(ctx); err == nil {
		name = dn.DisplayName
	}
	f, err := a.api.CreateFilter(ctx, syncFilter())
	if err != nil {
		return fmt.Errorf("create filter: %w", shortErr(err))
	}
	a.mu.Lock()
	a.botID, a.botName, a.filterID = string(who.UserID), name, f.FilterID
	a.mu.Unlock()
	return nil
}

// syncFilter leaves out what the bot never reads (presence, typing,
// receipts, account data) and bounds how much of each room's timeline one
// /sync returns.
func syncFilter() *mautrix.Filter {
	none := &mautrix.FilterPart{NotTypes: []event.Type{{Type: "*"}}}
	return &mautrix.Filter{
		EventFormat: mautrix.EventFormatClient,
		Presence:    none,
		AccountData: none,
		Room: &mautrix.RoomFilter{
			AccountData: none,
			Ephemeral:   none,
			Timeline:    &mautrix.FilterPart{Limit: 100},
		},
	}
}

// shortErr drops request details (which may hold message text) from an
// SDK error, keeping the Matrix error code or the transport error.
func shortErr(err error) error {
	var he mautrix.HTTPError
	if errors.As(err, &he) {
		code := 0
		if he.Response != nil {
			code = he.Response.StatusCode
		}
		switch {
		case he.RespError != nil:
			return fmt.Errorf("HTTP %d %s", code, he.RespError.ErrCode)
		case he.WrappedError != nil:
			var ue *url.Error
			if errors.As(he.WrappedError, &ue) {
				return ue.Err // without the URL, which names rooms
			}
			return he.WrappedError
		}
		return fmt.Errorf("HTTP %d", code)
	}
	return err
}

// jitter spreads d over [d/2, d) so many bots do not reconnect in step.
func jitter(d time.Duration) time.Duration {
	if d <= 1 {
		return d
	}
	return d/2 + rand.N(d/2)
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
