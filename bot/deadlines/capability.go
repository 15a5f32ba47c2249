package deadlines

import (
	"context"
	"embed"
	"errors"
	"fmt"
	"log/slog"
	"time"

	"github.com/noaber/noaber/bot"
	"github.com/noaber/noaber/bot/clock"
	"github.com/noaber/noaber/bot/schedule"
	"github.com/noaber/noaber/bot/store"
	"github.com/noaber/noaber/i18n"
)

// Name is the capability's name, the prefix of its button ids and the
// owner of its dialogues.
const Name = "deadlines"

//go:embed messages/*.toml
var messagesFS embed.FS

// Msgs is the package's message catalog (messages/nl.toml, en.toml).
var Msgs = i18n.MustLoadDir(Name, messagesFS, "messages")

func amsterdam() *time.Location { return clock.Amsterdam }

// RoleHolders finds the users that hold a role (runtime.Roles does), reading
// through the caller's transaction: no transaction inside another.
type RoleHolders interface {
	HolderIDsTx(tx *store.Tx, role bot.Role) ([]string, error)
}

// Deps are the capability's collaborators.
type Deps struct {
	// DB is required.
	DB *store.DB
	// Sched runs the reminder, summary and digest jobs. Nil means no
	// handlers are registered (operator commands that only read).
	Sched *schedule.Scheduler
	// Roles finds officials for role audiences and the digest. Nil means
	// role audiences reach nobody.
	Roles RoleHolders
	// Clock is nil for the real clock.
	Clock clock.Clock
	// Log is nil for slog.Default().
	Log *slog.Logger
	// FeedURL is the public base URL of the HTTP listener
	// ("https://noaber.example.nl"), for calendar links. Empty means the
	// listener is off and "mijn agenda" says so.
	FeedURL string
	// DefaultLang is the language of channel messages and of users the
	// bot has not heard from. Zero means Dutch.
	DefaultLang bot.Lang
}

// Capability is the deadlines capability.
type Capability struct {
	set  settings
	deps Deps
	log  *slog.Logger

	// afterReminder, when set (benchmarks), is called with the due time
	// of each reminder job once its messages are committed to the outbox.
	afterReminder func(due time.Time)
}

var (
	_ bot.Capability   = (*Capability)(nil)
	_ bot.Commander    = (*Capability)(nil)
	_ store.DataHolder = (*Capability)(nil)
)

// New checks cfg, registers the job handlers on deps.Sched and makes sure
// the daily digest is scheduled.
func New(cfg Config, deps Deps) (*Capability, error) {
	set, err := cfg.resolve()
	if err != nil {
		return nil, err
	}
	if deps.DB == nil {
		return nil, errors.New("deadlines: no database")
	}
	if deps.Clock == nil {
		deps.Clock = clock.Real{}
	}
	if deps.Log == nil {
		deps.Log = slog.Default()
	}
	if !deps.DefaultLang.Valid() {
		deps.DefaultLang = bot.NL
	}
	c := &Capability{set: set, deps: deps, log: deps.Log.With("capability", Name)}
	if deps.Sched != nil {
		deps.Sched.Handle(kindReminder, c.fireReminder)
		deps.Sched.Handle(kindSummary, c.fireSummary)
		deps.Sched.Handle(kindDigest, c.fireDigest)
		deps.Sched.Handle(kindDigestUser, c.fireUserDigest)
		if err := deps.DB.Update(func(tx *store.Tx) error { return c.ensureDigest(tx, deps.Clock.Now()) }); err != nil {
			return nil, fmt.Errorf("deadlines: schedule digest: %w", err)
		}
	}
	return c, nil
}

// Name is "deadlines".
func (c *Capability) Name() string { return Name }

// Commands is the deadline command table (bot.Commander); creating and
// changing are for officials.
func (c *Capability) Commands() []bot.Command { return commands() }

// Handle answers deadline commands, the guided creation dialogue and this
// capability's buttons.
func (c *Capability) Handle(ctx context.Context, r *bot.Request) ([]bot.Reply, bool, error) {
	if r.IsAction() {
		return c.handleAction(ctx, r)
	}
	if cmd, ok := parseCommand(r.Text); ok {
		if r.Dialogue != nil && r.Dialogue.Owner == Name && cmd.verb != verbNew {
			r.EndDialogue() // a new command leaves the half-made deadline
		}
		replies, err := c.command(ctx, r, cmd)
		return replies, true, err
	}
	if r.Dialogue != nil && r.Dialogue.Owner == Name {
		if isStopWord(r.Text) {
			r.EndDialogue()
			return reply(bot.Msgs.T(r.Lang, "dialogue.stopped")), true, nil
		}
		replies, err := c.continueDialogue(r)
		return replies, true, err
	}
	return nil, false, nil
}

func (c *Capability) now() time.Time { return c.deps.Clock.Now() }

func reply(text string) []bot.Reply { return []bot.Reply{{Text: text}} }

func isStopWord(s string) bool { return bot.IsStop(s) }
