package discord

import (
	"context"
	"embed"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"sync"
	"time"

	"github.com/bwmarrin/discordgo"
	"github.com/gorilla/websocket"

	"github.com/noaber/noaber/bot"
	"github.com/noaber/noaber/bot/metrics"
	"github.com/noaber/noaber/i18n"
)

//go:embed messages/*.toml
var messagesFS embed.FS

// msgs is the adapter's message catalog.
var msgs = i18n.MustLoadDir("discord", messagesFS, "messages")

// Timing. Variables, not constants, so tests can shorten them.
var (
	// restTimeout bounds one HTTP request to Discord.
	restTimeout = 20 * time.Second
	// handleTimeout bounds the core's work on one inbound event.
	handleTimeout = 5 * time.Minute
	// replyTimeout bounds delivering one reply message, rate-limit waits
	// included.
	replyTimeout = 15 * time.Second
	// drainTimeout is how long shutdown waits for answers in flight.
	drainTimeout = 10 * time.Second
	// memberTTL is how long a user's server roles are remembered for
	// direct messages.
	memberTTL = 5 * time.Minute
)

// session is the part of discordgo.Session the adapter uses, so tests can
// put a fake in its place.
type session interface {
	Open() error
	Close() error
	AddHandler(handler interface{}) func()
	ApplicationCommandBulkOverwrite(appID, guildID string, cmds []*discordgo.ApplicationCommand, options ...discordgo.RequestOption) ([]*discordgo.ApplicationCommand, error)
	InteractionRespond(i *discordgo.Interaction, r *discordgo.InteractionResponse, options ...discordgo.RequestOption) error
	InteractionResponseEdit(i *discordgo.Interaction, e *discordgo.WebhookEdit, options ...discordgo.RequestOption) (*discordgo.Message, error)
	InteractionResponseDelete(i *discordgo.Interaction, options ...discordgo.RequestOption) error
	FollowupMessageCreate(i *discordgo.Interaction, wait bool, p *discordgo.WebhookParams, options ...discordgo.RequestOption) (*discordgo.Message, error)
	UserChannelCreate(recipientID string, options ...discordgo.RequestOption) (*discordgo.Channel, error)
	Channel(channelID string, options ...discordgo.RequestOption) (*discordgo.Channel, error)
	GuildMember(guildID, userID string, options ...discordgo.RequestOption) (*discordgo.Member, error)
	RequestRaw(method, urlStr, contentType string, b []byte, bucketID string, sequence int, options ...discordgo.RequestOption) ([]byte, error)
}

var _ session = (*discordgo.Session)(nil)

// Deps are the adapter's collaborators. Zero values are documented per
// field.
type Deps struct {
	// Log is scoped with adapter=discord. Nil means slog.Default().
	Log *slog.Logger
	// Completer suggests check and event ids while users type. Nil means
	// no suggestions (the options still take free text).
	Completer Completer
	// Transport carries the HTTP requests (REST). Nil means
	// http.DefaultTransport.
	Transport http.RoundTripper
}

// Adapter connects Noaber to Discord as a bot user.
type Adapter struct {
	cfg      Config
	log      *slog.Logger
	s        session
	complete Completer
	roles    map[string]map[string]bot.Role
	// deferAfter is how long an interaction waits for the core before it
	// acknowledges with a deferred response; ackWindow is Discord's limit
	// for the first response.
	deferAfter, ackWindow time.Duration

	mu            sync.Mutex
	connected     bool
	everConnected bool
	since         time.Time
	detail        string
	botID, appID  string
	dmChannels    map[string]string   // Discord user id → DM channel id
	threads       map[string]bool     // channel id → a thread the bot owns
	members       map[string]memberAt // guild/user → roles, fetched for DMs

	inflight sync.WaitGroup
	// gw dials the gateway and watches its close codes; fatal receives a
	// code that retrying cannot fix.
	gw    *gatewayDialer
	fatal chan int
}

type memberAt struct {
	roles []string
	at    time.Time
}

var (
	_ bot.Adapter        = (*Adapter)(nil)
	_ bot.HealthReporter = (*Adapter)(nil)
)

// New builds the adapter; it connects in Run. cfg must have passed
// Validate.
func New(cfg Config, deps Deps) (*Adapter, error) {
	if err := cfg.Validate(); err != nil {
		return nil, err
	}
	if cfg.Token == "" {
		return nil, errors.New("discord.token: required")
	}
	log := deps.Log
	if log == nil {
		log = slog.Default()
	}
	log = log.With("adapter", "discord")
	client, err := httpClient(cfg.APIURL, deps.Transport)
	if err != nil {
		return nil, fmt.Errorf("discord.api_url: %w", err)
	}
	s, err := discordgo.New("Bot " + cfg.Token)
	if err != nil {
		return nil, fmt.Errorf("discord session: %w", err)
	}
	s.Client = client
	s.Identify.Intents = cfg.intents()
	// Rate limits are handled per call (see call), so an interactive
	// reply is never held up beyond its deadline by discordgo's unbounded
	// sleep-and-retry.
	s.ShouldRetryOnRateLimit = false
	s.MaxRestRetries = 1
	// Events are handled synchronously, so connect and disconnect reach
	// Health in order; message and interaction handlers start their own
	// goroutines.
	s.SyncEvents = true
	s.StateEnabled = false
	routeLogs(log)
	a := newAdapter(cfg, s, log, deps.Completer)
	s.Dialer = &websocket.Dialer{Proxy: http.ProxyFromEnvironment, HandshakeTimeout: 45 * time.Second,
		NetDialContext: a.gw.dial, NetDialTLSContext: a.gw.dialTLS}
	return a, nil
}

func newAdapter(cfg Config, s session, log *slog.Logger, c Completer) *Adapter {
	a := &Adapter{
		cfg: cfg, log: log, s: s, complete: c, roles: cfg.roleTable(),
		deferAfter: defaultDeferAfter, ackWindow: discordgo.InteractionDeadline,
		detail: "not connected yet", since: time.Now(), appID: cfg.ApplicationID,
		dmChannels: map[string]string{}, threads: map[string]bool{}, members: map[string]memberAt{},
		fatal: make(chan int, 1),
	}
	a.gw = &gatewayDialer{onClose: func(code int) {
		if !fatalClose(code) {
			return
		}
		a.gw.stop() // discordgo's own reconnect loop then dials nothing
		select {
		case a.fatal <- code:
		default:
		}
	}}
	return a
}

// defaultDeferAfter is how long an interaction waits for the core before
// it is deferred: at most a second, leaving two of Discord's three for a
// slow network and one retry of a failed callback.
const defaultDeferAfter = time.Second

var routeOnce sync.Once

// routeLogs sends discordgo's own log lines (a package-level hook) to slog.
func routeLogs(log *slog.Logger) {
	routeOnce.Do(func() {
		discordgo.Logger = func(level, _ int, format string, a ...interface{}) {
			l := slog.LevelDebug
			switch level {
			case discordgo.LogError:
				l = slog.LevelError
			case discordgo.LogWarning:
				l = slog.LevelWarn
			}
			log.Log(context.Background(), l, "discordgo", "msg", fmt.Sprintf(format, a...))
		}
	})
}

// Name is "discord".
func (a *Adapter) Name() string { return "discord" }

// Health reports whether the gateway connection is up, and since when it
// is in its current state.
func (a *Adapter) Health() bot.Health {
	a.mu.Lock()
	defer a.mu.Unlock()
	return bot.Health{Connected: a.connected, Since: a.since, Detail: a.detail}
}

func (a *Adapter) setConnected(up bool, detail string) {
	a.mu.Lock()
	defer a.mu.Unlock()
	if up == a.connected && detail == a.detail {
		return
	}
	if up && a.everConnected && !a.connected {
		metrics.Reconnects.WithLabelValues("discord").Inc()
		a.log.Info("reconnected to the gateway")
	}
	if !up && a.connected {
		a.log.Warn("gateway connection lost", "detail", detail)
	}
	a.connected, a.detail, a.since = up, detail, time.Now()
	if up {
		a.everConnected = true
	}
}

func (a *Adapter) ids() (botID, appID string) {
	a.mu.Lock()
	defer a.mu.Unlock()
	return a.botID, a.appID
}

// Run connects to the gateway, registers the slash commands and answers
// until ctx ends. discordgo reconnects by itself after a lost connection;
// Run only returns early when Discord refuses the bot for good (a wrong
// token, an intent not granted).
func (a *Adapter) Run(ctx context.Context, h bot.Handler) error {
	removers := []func(){
		a.s.AddHandler(func(_ *discordgo.Session, r *discordgo.Ready) {
			a.mu.Lock()
			if r.User != nil {
				a.botID = r.User.ID
			}
			if a.appID == "" && r.Application != nil {
				a.appID = r.Application.ID
			}
			if a.appID == "" {
				a.appID = a.botID // the bot user's id is the application's
			}
			a.mu.Unlock()
		}),
		a.s.AddHandler(func(_ *discordgo.Session, _ *discordgo.Connect) { a.setConnected(true, "") }),
		a.s.AddHandler(func(_ *discordgo.Session, _ *discordgo.Disconnect) {
			if !a.gw.isStopped() { // a fatal close keeps its own detail
				a.setConnected(false, "gateway connection lost; reconnecting")
			}
		}),
		a.s.AddHandler(func(_ *discordgo.Session, m *discordgo.MessageCreate) {
			a.spawn(func() { a.onMessage(ctx, h, m.Message) })
		}),
		a.s.AddHandler(func(_ *discordgo.Session, i *discordgo.InteractionCreate) {
			a.spawn(func() { a.onInteraction(ctx, h, i.Interaction) })
		}),
	}
	defer func() {
		for _, r := range removers {
			r()
		}
	}()
	if err := a.open(ctx); err != nil || ctx.Err() != nil {
		return err
	}
	a.registerCommands(ctx)
	var runErr error
	detail := "stopped"
	select {
	case <-ctx.Done():
	case code := <-a.fatal:
		msg := closeMessage(code)
		runErr = fmt.Errorf("discord: %s (gateway close code %d); the adapter stopped", msg, code)
		detail = "stopped: " + msg
		a.log.Error("discord gateway refused the bot; adapter stopped", "code", code, "detail", msg)
	}
	if err := a.s.Close(); err != nil {
		a.log.Warn("close gateway connection", "err", err)
	}
	a.setConnected(false, detail)
	done := make(chan struct{})
	go func() { a.inflight.Wait(); close(done) }()
	select {
	case <-done:
	case <-time.After(drainTimeout):
		a.log.Warn("answers still in flight at shutdown")
	}
	return runErr
}

// spawn runs f in its own goroutine, counted for shutdown.
func (a *Adapter) spawn(f func()) {
	a.inflight.Add(1)
	go func() {
		defer a.inflight.Done()
		f()
	}()
}

// open connects, retrying with backoff while Discord is unreachable. It
// returns an error only for refusals that retrying cannot fix.
func (a *Adapter) open(ctx context.Context) error {
	wait := time.Second
	for {
		err := a.s.Open()
		if err == nil {
			return nil
		}
		if msg, fatal := refusal(err); fatal {
			a.setConnected(false, msg)
			return fmt.Errorf("discord: %s: %w", msg, err)
		}
		a.setConnected(false, "cannot connect: "+err.Error())
		a.log.Warn("cannot connect to the gateway, will retry", "err", err, "retry_in", wait)
		select {
		case <-ctx.Done():
			return nil
		case <-time.After(wait):
		}
		wait = min(wait*2, 2*time.Minute)
	}
}

// refusal recognises the gateway's close codes and REST answers that mean
// the configuration is wrong, with a hint for the operator.
func refusal(err error) (string, bool) {
	var ce *websocket.CloseError
	if errors.As(err, &ce) && fatalClose(ce.Code) {
		return closeMessage(ce.Code), true
	}
	var re *discordgo.RESTError
	if errors.Is(err, discordgo.ErrUnauthorized) || (errors.As(err, &re) && re.Response != nil && re.Response.StatusCode == http.StatusUnauthorized) {
		return "the token was refused; set NOABER_DISCORD_TOKEN to the bot token from the developer portal", true
	}
	return "", false
}

// closeMessage says what a fatal gateway close code means and what to do.
func closeMessage(code int) string {
	switch code {
	case 4004:
		return "the token was refused; set NOABER_DISCORD_TOKEN to the bot token from the developer portal"
	case 4013:
		return "invalid intents requested"
	case 4014:
		return "an intent is not enabled for this bot; turn on Message Content Intent in the developer portal (Bot → Privileged Gateway Intents) or set discord.message_content = false"
	}
	return fmt.Sprintf("gateway refused the connection (code %d)", code)
}

// registerCommands overwrites the application's commands with Noaber's,
// globally or in each configured server. A failure is logged: the bot still
// answers mentions and direct messages.
func (a *Adapter) registerCommands(ctx context.Context) {
	_, appID := a.ids()
	if appID == "" {
		a.log.Error("cannot register slash commands: application id unknown; set discord.application_id")
		return
	}
	guilds := a.cfg.Guilds
	if len(guilds) == 0 {
		guilds = []string{""}
	}
	cmds := applicationCommands()
	for _, g := range guilds {
		rctx, cancel := context.WithTimeout(ctx, replyTimeout)
		_, err := call(rctx, func(opts ...discordgo.RequestOption) ([]*discordgo.ApplicationCommand, error) {
			return a.s.ApplicationCommandBulkOverwrite(appID, g, cmds, opts...)
		})
		cancel()
		scope := "global"
		if g != "" {
			scope = "guild " + g
		}
		if err != nil {
			a.log.Error("register slash commands", "scope", scope, "err", err)
			continue
		}
		a.log.Info("slash commands registered", "scope", scope, "count", len(cmds))
	}
}
