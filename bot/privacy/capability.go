package privacy

import (
	"context"
	"crypto/sha256"
	"embed"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"log/slog"
	"strconv"
	"strings"
	"time"

	"github.com/noaber/noaber/bot"
	"github.com/noaber/noaber/bot/runtime"
	"github.com/noaber/noaber/bot/store"
	"github.com/noaber/noaber/i18n"
)

//go:embed messages/*.toml
var messagesFS embed.FS

// Msgs is the privacy message catalog.
var Msgs = i18n.MustLoadDir("privacy", messagesFS, "messages")

// Name is the capability's name, and the prefix of its button ids.
const Name = "privacy"

// ConfirmTTL is how long the "yes, erase everything" button works.
const ConfirmTTL = 15 * time.Minute

// Capability answers "mijn gegevens" and "vergeet mij" in chat.
type Capability struct {
	db    *store.DB
	roles *runtime.Roles
	caps  func() []bot.Capability
	log   *slog.Logger
}

var (
	_ bot.Capability = (*Capability)(nil)
	_ bot.Helper     = (*Capability)(nil)
)

// Deps are what the capability works with.
type Deps struct {
	DB    *store.DB      // required
	Roles *runtime.Roles // nil: no role grants to export or erase
	// Capabilities returns the router's capabilities, among which the data
	// holders are found at request time (the router is built after this
	// capability). Nil means only the core's own data.
	Capabilities func() []bot.Capability
	Log          *slog.Logger // nil: slog.Default()
}

// New returns the privacy capability.
func New(d Deps) (*Capability, error) {
	if d.DB == nil {
		return nil, fmt.Errorf("privacy: no database")
	}
	if d.Roles == nil {
		d.Roles = runtime.NewRoles(d.DB, nil)
	}
	if d.Capabilities == nil {
		d.Capabilities = func() []bot.Capability { return nil }
	}
	if d.Log == nil {
		d.Log = slog.Default()
	}
	return &Capability{db: d.DB, roles: d.Roles, caps: d.Capabilities, log: d.Log.With("capability", Name)}, nil
}

// Name is "privacy".
func (c *Capability) Name() string { return Name }

// Help lists the two commands.
func (c *Capability) Help(lang bot.Lang, roles []bot.Role) []bot.HelpEntry {
	if lang == bot.EN {
		return []bot.HelpEntry{{Command: "my data", Text: Msgs.T(lang, "help.show")}, {Command: "forget me", Text: Msgs.T(lang, "help.forget")}}
	}
	return []bot.HelpEntry{{Command: "mijn gegevens", Text: Msgs.T(lang, "help.show")}, {Command: "vergeet mij", Text: Msgs.T(lang, "help.forget")}}
}

// Interrupts lets privacy commands through while the user is in another
// capability's dialogue: "vergeet mij" is a request, never an answer.
func (c *Capability) Interrupts(r *bot.Request) bool {
	return !r.IsAction() && Parse(r.Text) != None
}

var _ bot.Interrupter = (*Capability)(nil)

// Handle takes the privacy commands and the confirmation buttons.
func (c *Capability) Handle(ctx context.Context, r *bot.Request) ([]bot.Reply, bool, error) {
	if r.IsAction() {
		return c.action(r)
	}
	switch Parse(r.Text) {
	case Show:
		return c.show(r), true, nil
	case Forget:
		return c.confirm(r), true, nil
	case Info:
		return []bot.Reply{{Text: Msgs.T(r.Lang, "info.text")}}, true, nil
	}
	return nil, false, nil
}

func (c *Capability) holders() []Holder { return Holders(c.caps()) }

func (c *Capability) show(r *bot.Request) []bot.Reply {
	rep, err := Export(c.db, c.holders(), c.roles, r.User.ID, r.Now)
	if err != nil {
		c.log.Error("export for user", "err", err)
		return []bot.Reply{{Text: Msgs.T(r.Lang, "error.failed"), Visibility: bot.Private}}
	}
	dm := bot.Reply{Visibility: bot.DM}
	if rep.Empty() {
		dm.Text = Msgs.T(r.Lang, "show.nothing", "user", r.User.ID)
	} else {
		data, err := json.MarshalIndent(rep, "", "  ")
		if err != nil {
			c.log.Error("encode export", "err", err)
			return []bot.Reply{{Text: Msgs.T(r.Lang, "error.failed"), Visibility: bot.Private}}
		}
		name := "noaber-mijn-gegevens.json"
		if r.Lang == bot.EN {
			name = "noaber-my-data.json"
		}
		dm.Text = Msgs.T(r.Lang, "show.intro", "user", r.User.ID) + "\n" + summary(r.Lang, rep.Counts()) +
			"\n" + Msgs.T(r.Lang, "show.file") + "\n" + Msgs.T(r.Lang, "show.forget_hint")
		dm.Files = []bot.File{{Name: name, ContentType: "application/json", Data: data}}
	}
	c.log.Info("data export by user", "records", Total(rep.Counts()))
	out := []bot.Reply{dm}
	if r.In.Conv.Kind != bot.Direct {
		out = append(out, bot.Reply{Text: Msgs.T(r.Lang, "show.sent"), Visibility: bot.Private, IfDMSent: true})
	}
	return out
}

// summary renders counts as a list, one kind a line, in lang.
func summary(lang bot.Lang, counts []Count) string {
	var b strings.Builder
	for _, cnt := range counts {
		fmt.Fprintf(&b, "- %s: %d\n", KindLabel(lang, cnt.Kind), cnt.N)
	}
	return strings.TrimRight(b.String(), "\n")
}

// KindLabel names a kind of data in lang; unknown feature kinds show as
// their capability name.
func KindLabel(lang bot.Lang, kind string) string {
	if Msgs.Has("kind." + kind) {
		return Msgs.T(lang, "kind."+kind)
	}
	return kind
}

// Button ids: privacy:forget:<unix seconds>:<user hash>, privacy:keep.
const (
	actForget = Name + ":forget:"
	actKeep   = Name + ":keep"
)

// userTag ties a button to the user it was offered to, so someone else
// who sees it (in a channel) cannot click it for themselves by accident.
func userTag(userID string) string {
	sum := sha256.Sum256([]byte(userID))
	return hex.EncodeToString(sum[:6])
}

func (c *Capability) confirm(r *bot.Request) []bot.Reply {
	id := actForget + strconv.FormatInt(r.Now.Unix(), 10) + ":" + userTag(r.User.ID)
	return []bot.Reply{{
		Text:       Msgs.T(r.Lang, "forget.confirm"),
		Visibility: bot.Private,
		Choices: []bot.Choice{
			{ID: id, Label: Msgs.T(r.Lang, "forget.yes"), Style: bot.Danger},
			{ID: actKeep, Label: Msgs.T(r.Lang, "forget.no")},
		},
	}}
}

// parseForgetAction splits a confirmation button id; ok is false when it is
// not one.
func parseForgetAction(id string) (at time.Time, tag string, ok bool) {
	rest, found := strings.CutPrefix(id, actForget)
	if !found {
		return time.Time{}, "", false
	}
	ts, tag, found := strings.Cut(rest, ":")
	if !found || tag == "" {
		return time.Time{}, "", false
	}
	sec, err := strconv.ParseInt(ts, 10, 64)
	if err != nil || sec < 0 {
		return time.Time{}, "", false
	}
	return time.Unix(sec, 0), tag, true
}

func (c *Capability) action(r *bot.Request) ([]bot.Reply, bool, error) {
	id := r.ActionID()
	if id == actKeep {
		return []bot.Reply{{Text: Msgs.T(r.Lang, "forget.kept"), Visibility: bot.Private, Replace: true}}, true, nil
	}
	at, tag, ok := parseForgetAction(id)
	if !ok {
		return nil, false, nil
	}
	if tag != userTag(r.User.ID) {
		return []bot.Reply{{Text: Msgs.T(r.Lang, "forget.not_yours"), Visibility: bot.Private}}, true, nil
	}
	if age := r.Now.Sub(at); age > ConfirmTTL || age < -time.Minute {
		return []bot.Reply{{Text: Msgs.T(r.Lang, "forget.expired"), Visibility: bot.Private, Replace: true}}, true, nil
	}
	counts, err := Erase(c.db, c.holders(), c.roles, r.User.ID)
	if err != nil {
		c.log.Error("erase for user", "err", err)
		return []bot.Reply{{Text: Msgs.T(r.Lang, "error.failed"), Visibility: bot.Private}}, true, nil
	}
	c.log.Info("data erased at user's request", "records", Total(counts))
	text := Msgs.T(r.Lang, "forget.done_nothing")
	if len(counts) > 0 {
		text = Msgs.T(r.Lang, "forget.done") + "\n" + summary(r.Lang, counts)
	}
	return []bot.Reply{{Text: text, Visibility: bot.Private, Replace: true}}, true, nil
}
