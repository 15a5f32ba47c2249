package admin

import (
	"strings"
	"sync"

	"github.com/noaber/noaber/bot"
)

// Op is what a role command does.
type Op int

// The role operations.
const (
	OpNone   Op = iota // not a role command
	OpGrant            // rol geef / role grant
	OpRevoke           // rol intrekken / role revoke
	OpList             // rollen / roles
)

func (o Op) String() string {
	return [...]string{"none", "grant", "revoke", "list"}[o]
}

// Command is a parsed role command.
type Command struct {
	Op   Op
	User string   // platform-scoped id
	Role bot.Role // for grant and revoke
}

// ParseError names what is wrong with a role command; its value is the id
// of the message that explains it.
type ParseError string

func (e ParseError) Error() string { return string(e) }

// The parse errors.
const (
	ErrArgs = ParseError("err.args") // wrong number of words
	ErrUser = ParseError("err.user") // not a platform-scoped user id
	ErrRole = ParseError("err.role") // unknown role
)

// MaxUserIDLen bounds a user id in a command.
const MaxUserIDLen = 128

// commands is the role command table; only admins see it in help.
var commands = sync.OnceValue(func() []bot.Command {
	t := func(id string) map[bot.Lang]string { return bot.CatalogText(Msgs, id) }
	w := func(id string) map[bot.Lang][]string { return bot.CatalogWords(Msgs, "cmd."+id+".words") }
	return []bot.Command{
		{ID: Name + ".grant", Words: w("grant"), Role: bot.RoleAdmin, Usage: t("cmd.grant.usage"), Help: t("help.grant")},
		{ID: Name + ".revoke", Words: w("revoke"), Role: bot.RoleAdmin, Usage: t("cmd.revoke.usage"), Help: t("help.revoke")},
		{ID: Name + ".list", Words: w("list"), Role: bot.RoleAdmin, Usage: t("cmd.list.usage"), Help: t("help.list")},
	}
})

// Parse reads a role command. It returns Op OpNone when text is not one
// (so other capabilities get it), and a command with its Op and a
// ParseError when it is one but malformed (so the admin learns the usage).
func Parse(text string) (Command, error) {
	cmd, rest, ok := bot.Match(commands(), text)
	if !ok {
		return Command{}, nil // "rol" alone may be a question
	}
	f := strings.Fields(rest)
	var op Op
	switch cmd.ID {
	case Name + ".list":
		if len(f) != 1 {
			return Command{Op: OpList}, ErrArgs
		}
		if !validUserID(f[0]) {
			return Command{Op: OpList}, ErrUser
		}
		return Command{Op: OpList, User: f[0]}, nil
	case Name + ".grant":
		op = OpGrant
	case Name + ".revoke":
		op = OpRevoke
		// "rol trek <id> <rol> in": the separable verb.
		if len(f) == 3 && strings.ToLower(f[2]) == "in" {
			f = f[:2]
		}
	}
	if len(f) != 2 {
		return Command{Op: op}, ErrArgs
	}
	if !validUserID(f[0]) {
		return Command{Op: op}, ErrUser
	}
	role, ok := bot.ParseRole(strings.ToLower(f[1]))
	if !ok {
		return Command{Op: op}, ErrRole
	}
	return Command{Op: op, User: f[0], Role: role}, nil
}

// validUserID accepts "platform:id" with a lowercase letter platform and a
// non-empty id without spaces.
func validUserID(s string) bool {
	p, rest, ok := strings.Cut(s, ":")
	if !ok || p == "" || rest == "" || len(s) > MaxUserIDLen {
		return false
	}
	for _, r := range p {
		if r < 'a' || r > 'z' {
			return false
		}
	}
	for _, r := range rest {
		if r <= ' ' || r == 0x7f {
			return false
		}
	}
	return true
}
