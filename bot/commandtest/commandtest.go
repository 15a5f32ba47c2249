// Package commandtest holds a capability for tests only: one new command
// declared in a table without a message catalog (its words and help are
// language-less), so tests can show that a table entry alone reaches help,
// the Discord slash commands, Mattermost's autocomplete hint and
// autocomplete, with no edit anywhere else. Never linked into the binary.
package commandtest

import (
	"context"
	"strings"

	"github.com/noaber/noaber/bot"
)

// The names the capability declares.
const (
	Name   = "ping"           // the capability
	Word   = "ping"           // what the user types
	Arg    = "target"         // its argument
	Source = "ping-targets"   // its autocomplete source
	Help   = "answers pong"   // its help line, in every language
	Reply  = "pong"           // what it answers, followed by the target
	Target = "the-usual-host" // the one suggestion Complete gives
)

// Capability answers "ping <target>" with "pong <target>".
type Capability struct{}

var (
	_ bot.Capability = Capability{}
	_ bot.Commander  = Capability{}
	_ bot.Completer  = Capability{}
)

// Name is "ping".
func (Capability) Name() string { return Name }

// Commands is its table: one language-less command, offered in menus.
func (Capability) Commands() []bot.Command {
	return []bot.Command{{
		ID: Name + ".ping", Words: map[bot.Lang][]string{"": {Word}},
		Help: map[bot.Lang]string{"": Help}, Menu: true,
		Args: []bot.Arg{{Name: map[bot.Lang]string{"": Arg}, Autocomplete: Source}},
	}}
}

// Complete serves Source.
func (Capability) Complete(source, prefix string, _ bot.Lang) []bot.Choice {
	if source != Source {
		return nil
	}
	if !strings.HasPrefix(Target, prefix) {
		return []bot.Choice{}
	}
	return []bot.Choice{{ID: Target, Label: Target}}
}

// Handle answers its command, found through the table.
func (c Capability) Handle(_ context.Context, r *bot.Request) ([]bot.Reply, bool, error) {
	if r.IsAction() {
		return nil, false, nil
	}
	cmd, rest, ok := bot.Match(c.Commands(), r.Text)
	if !ok || cmd.ID != Name+".ping" {
		return nil, false, nil
	}
	return []bot.Reply{{Text: strings.TrimSpace(Reply + " " + rest)}}, true, nil
}
