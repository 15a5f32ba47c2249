// Package admin lets admins grant and revoke roles in chat:
// "rol geef <user-id> <rol>" / "role grant <user-id> <role>",
// "rol intrekken <user-id> <rol>" / "role revoke <user-id> <role>" and
// "rollen <user-id>" / "roles <user-id>". The role is checked here, on the
// server side, for every command: no button or text from anyone else can
// change a role, and neither can anything the LLM writes, because the LLM's
// output is never fed back into the router.
package admin

import (
	"context"
	"embed"
	"fmt"
	"log/slog"
	"strings"

	"github.com/noaber/noaber/bot"
	"github.com/noaber/noaber/bot/runtime"
	"github.com/noaber/noaber/bot/store"
	"github.com/noaber/noaber/i18n"
)

//go:embed messages/*.toml
var messagesFS embed.FS

// Msgs is the admin message catalog.
var Msgs = i18n.MustLoadDir("admin", messagesFS, "messages")

// Name is the capability's name.
const Name = "admin"

// Capability handles the role commands.
type Capability struct {
	db    *store.DB
	roles *runtime.Roles
	log   *slog.Logger
}

var (
	_ bot.Capability = (*Capability)(nil)
	_ bot.Commander  = (*Capability)(nil)
)

// New returns the role-management capability. log may be nil.
func New(db *store.DB, roles *runtime.Roles, log *slog.Logger) (*Capability, error) {
	if db == nil || roles == nil {
		return nil, fmt.Errorf("admin: needs a database and the role table")
	}
	if log == nil {
		log = slog.Default()
	}
	return &Capability{db: db, roles: roles, log: log.With("capability", Name)}, nil
}

// Name is "admin".
func (c *Capability) Name() string { return Name }

// Commands is the role command table (bot.Commander); help shows it to
// admins only.
func (c *Capability) Commands() []bot.Command { return commands() }

// Handle takes the role commands; anyone without the admin role is
// refused before anything is read or written.
func (c *Capability) Handle(ctx context.Context, r *bot.Request) ([]bot.Reply, bool, error) {
	if r.IsAction() {
		return nil, false, nil
	}
	cmd, err := Parse(r.Text)
	if cmd.Op == OpNone {
		return nil, false, nil
	}
	if !r.Has(bot.RoleAdmin) {
		c.log.Warn("role command refused: not an admin", "op", cmd.Op.String())
		return []bot.Reply{{Text: Msgs.T(r.Lang, "refused"), Visibility: bot.Private}}, true, nil
	}
	if err != nil {
		return []bot.Reply{{Text: Msgs.T(r.Lang, "usage", "error", Msgs.T(r.Lang, string(err.(ParseError))))}}, true, nil
	}
	switch cmd.Op {
	case OpList:
		var granted, all []bot.Role
		_ = c.db.View(func(tx *store.Tx) error {
			granted, _ = c.roles.Granted(tx, cmd.User)
			all = c.roles.OfTx(tx, bot.User{ID: cmd.User})
			return nil
		})
		return []bot.Reply{{Text: Msgs.T(r.Lang, "list", "user", cmd.User, "roles", roleList(r.Lang, all), "granted", roleList(r.Lang, granted))}}, true, nil
	case OpGrant:
		if err := c.db.Update(func(tx *store.Tx) error { return c.roles.Grant(tx, cmd.User, cmd.Role) }); err != nil {
			return nil, true, fmt.Errorf("grant role: %w", err)
		}
		c.log.Info("role granted", "role", cmd.Role)
		c.log.Debug("role granted", "role", cmd.Role, "to", cmd.User, "by", r.User.ID)
		return []bot.Reply{{Text: Msgs.T(r.Lang, "granted", "user", cmd.User, "role", string(cmd.Role))}}, true, nil
	case OpRevoke:
		var had bool
		err := c.db.Update(func(tx *store.Tx) error {
			granted, err := c.roles.Granted(tx, cmd.User)
			if err != nil {
				return err
			}
			for _, g := range granted {
				had = had || g == cmd.Role
			}
			return c.roles.Revoke(tx, cmd.User, cmd.Role)
		})
		if err != nil {
			return nil, true, fmt.Errorf("revoke role: %w", err)
		}
		if !had {
			return []bot.Reply{{Text: Msgs.T(r.Lang, "not_granted", "user", cmd.User, "role", string(cmd.Role))}}, true, nil
		}
		c.log.Info("role revoked", "role", cmd.Role)
		c.log.Debug("role revoked", "role", cmd.Role, "from", cmd.User, "by", r.User.ID)
		return []bot.Reply{{Text: Msgs.T(r.Lang, "revoked", "user", cmd.User, "role", string(cmd.Role))}}, true, nil
	}
	return nil, false, nil
}

func roleList(lang bot.Lang, roles []bot.Role) string {
	if len(roles) == 0 {
		return Msgs.T(lang, "none")
	}
	s := make([]string, len(roles))
	for i, r := range roles {
		s[i] = string(r)
	}
	return strings.Join(s, ", ")
}
