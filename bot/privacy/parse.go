package privacy

import (
	"sync"

	"github.com/noaber/noaber/bot"
)

// Command is a privacy request typed in chat.
type Command int

// The privacy commands.
const (
	None   Command = iota
	Show           // "mijn gegevens" / "my data": export
	Forget         // "vergeet mij" / "forget me": erase, after confirmation
	Info           // "privacy": what is stored and how to ask for it
)

// The ids of the privacy commands in the command table.
const (
	cmdShow   = Name + ".show"
	cmdForget = Name + ".forget"
	cmdInfo   = Name + ".info"
)

// commands is the privacy command table. Only whole messages count, so a
// question that merely mentions "my data" still reaches the answerer; and
// each works inside another capability's dialogue: a request, never an
// answer.
var commands = sync.OnceValue(func() []bot.Command {
	w := func(id string) map[bot.Lang][]string { return bot.CatalogWords(Msgs, "cmd."+id+".words") }
	t := func(id string) map[bot.Lang]string { return bot.CatalogText(Msgs, id) }
	return []bot.Command{
		{ID: cmdShow, Words: w("show"), Whole: true, Interrupts: true, Help: t("help.show"),
			Menu: true, Name: t("cmd.show.menu"), Desc: t("cmd.show.desc"), Private: true,
			Args: []bot.Arg{{Name: t("cmd.show.arg"), Desc: t("cmd.show.arg_desc"), Choices: []bot.ArgChoice{
				{Value: "inzien", Label: t("cmd.show.choice"), Command: cmdShow},
				{Value: "wissen", Label: t("cmd.forget.choice"), Command: cmdForget},
			}}}},
		{ID: cmdForget, Words: w("forget"), Whole: true, Interrupts: true, Help: t("help.forget")},
		{ID: cmdInfo, Words: w("info"), Whole: true, Interrupts: true},
	}
})

// Parse recognises a privacy command in a message. Case, surrounding
// punctuation, a leading slash or bot mention and repeated spaces are
// ignored (bot.Normalise).
func Parse(text string) Command {
	cmd, _, ok := bot.Match(commands(), text)
	if !ok {
		return None
	}
	switch cmd.ID {
	case cmdShow:
		return Show
	case cmdForget:
		return Forget
	case cmdInfo:
		return Info
	}
	return None
}

// normalise is the bot's one normalisation of commands.
func normalise(text string) string { return bot.Normalise(text) }
