package events

import (
	"embed"
	"errors"
	"log/slog"
	"time"

	"github.com/noaber/noaber/bot"
	"github.com/noaber/noaber/bot/calendar"
	"github.com/noaber/noaber/bot/clock"
	"github.com/noaber/noaber/bot/runtime"
	"github.com/noaber/noaber/bot/store"
	"github.com/noaber/noaber/i18n"
)

//go:embed messages/*.toml
var messagesFS embed.FS

// Msgs is the events catalog (messages/nl.toml, messages/en.toml).
var Msgs = i18n.MustLoadDir("events", messagesFS, "messages")

// Name is the capability name, the prefix of its button ids and scheduled
// job ids.
const Name = "events"

// Deps are what the capability works with.
type Deps struct {
	DB    *store.DB    // required
	Clock clock.Clock  // nil: the real clock
	Log   *slog.Logger // nil: slog.Default()
	// FeedURL is the public base URL of the HTTP listener; the bulletin
	// links the public calendar feed under it. Empty: no link.
	FeedURL string
}

// Events is the events capability. It is safe for concurrent use: every
// change is one store transaction.
type Events struct {
	cfg     Config
	db      *store.DB
	clock   clock.Clock
	log     *slog.Logger
	feedURL string
}

var (
	_ bot.Capability   = (*Events)(nil)
	_ bot.Commander    = (*Events)(nil)
	_ store.DataHolder = (*Events)(nil)
	_ calendar.Source  = (*Events)(nil)
)

// New returns the capability.
func New(cfg Config, deps Deps) (*Events, error) {
	if deps.DB == nil {
		return nil, errors.New("events: no database")
	}
	if err := cfg.Validate(); err != nil {
		return nil, err
	}
	if deps.Clock == nil {
		deps.Clock = clock.Real{}
	}
	if deps.Log == nil {
		deps.Log = slog.Default()
	}
	return &Events{cfg: cfg, db: deps.DB, clock: deps.Clock, log: deps.Log.With("capability", Name), feedURL: deps.FeedURL}, nil
}

// Name is "events".
func (s *Events) Name() string { return Name }

// langOf is the language to write to userID in: their choice, else the
// language they last wrote in, else Dutch.
func langOf(tx *store.Tx, userID string) bot.Lang {
	p, _ := runtime.LoadProfile(tx, userID)
	if p.Lang.Valid() {
		return p.Lang
	}
	if p.LastLang.Valid() {
		return p.LastLang
	}
	return bot.NL
}

func (s *Events) ics(ev *Event) bot.File { return s.icsNS(ev, calendar.Namespace(s.db)) }

// icsTx is ics inside a transaction: the namespace read through tx, never
// in a transaction of its own.
func (s *Events) icsTx(tx *store.Tx, ev *Event) bot.File {
	ns := calendar.UIDNamespace(tx)
	if ns == "" && tx.Writable() {
		ns, _ = calendar.EnsureUIDNamespace(tx)
	}
	return s.icsNS(ev, ns)
}

func (s *Events) icsNS(ev *Event, ns string) bot.File {
	return bot.File{
		Name:        "evenement-" + idName(ev.ID) + ".ics",
		ContentType: "text/calendar",
		Data:        calendar.ICS(ev.Title, ev.Entry(s.cfg.offsets(), ns)),
	}
}

func (s *Events) now() time.Time { return s.clock.Now() }
