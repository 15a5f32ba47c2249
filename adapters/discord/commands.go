package discord

import (
	"context"
	"fmt"
	"strings"

	"github.com/bwmarrin/discordgo"

	"github.com/noaber/noaber/bot"
)

// Completer suggests values for a slash-command option while the user
// types (Discord's autocomplete): ids of checks for /check, of events for
// /evenement. command is the command's Dutch name (CommandCheck,
// CommandEvent), prefix what the user typed so far. Each Choice becomes a
// suggestion: Label is shown, ID is the value (both at most 100 bytes;
// longer ones are left out). Discord shows at most 25. It must answer within
// about two seconds; the context says when time is up.
type Completer func(ctx context.Context, command, prefix string, lang bot.Lang) []bot.Choice

// The slash commands, by their Dutch names. Users with an English Discord
// client see the English names (ask, check, deadline, event, help, mydata).
const (
	CommandAsk      = "vraag"
	CommandCheck    = "check"
	CommandDeadline = "deadline"
	CommandEvent    = "evenement"
	CommandHelp     = "hulp"
	CommandMyData   = "mijngegevens"
)

// slashCommand describes one command: its names, and how it becomes the
// chat command the core already understands.
type slashCommand struct {
	name, nameEN string
	// words is the chat command each language's users would type; the
	// option values follow it. Empty means the options alone (a question).
	words   map[bot.Lang]string
	options []slashOption
	// private defers the answer ephemerally (only the user sees "thinking").
	private bool
}

type slashOption struct {
	name, nameEN string
	descID       string
	required     bool
	autocomplete bool
	// choices, when set, replace the command words: the chosen value's
	// chat command for each language.
	choices []slashChoice
}

type slashChoice struct {
	value string
	words map[bot.Lang]string
}

// commands is the command table. The chat words are what the capabilities
// read; keep them in step with their help texts.
var commands = []slashCommand{
	{name: CommandAsk, nameEN: "ask",
		options: []slashOption{{name: "vraag", nameEN: "question", descID: "opt.vraag", required: true}}},
	{name: CommandCheck, nameEN: "check", words: map[bot.Lang]string{bot.NL: "check", bot.EN: "check"},
		options: []slashOption{{name: "id", nameEN: "id", descID: "opt.check_id", autocomplete: true}}},
	{name: CommandDeadline, nameEN: "deadline", words: map[bot.Lang]string{bot.NL: "deadline", bot.EN: "deadline"},
		options: []slashOption{{name: "tekst", nameEN: "text", descID: "opt.tekst"}}},
	{name: CommandEvent, nameEN: "event", words: map[bot.Lang]string{bot.NL: "evenement", bot.EN: "event"},
		options: []slashOption{
			{name: "id", nameEN: "id", descID: "opt.evenement_id", autocomplete: true},
			{name: "tekst", nameEN: "text", descID: "opt.tekst"},
		}},
	{name: CommandHelp, nameEN: "help", words: map[bot.Lang]string{bot.NL: "hulp", bot.EN: "help"}},
	{name: CommandMyData, nameEN: "mydata", words: map[bot.Lang]string{bot.NL: "mijn gegevens", bot.EN: "my data"}, private: true,
		options: []slashOption{{name: "actie", nameEN: "action", descID: "opt.actie", choices: []slashChoice{
			{value: "inzien", words: map[bot.Lang]string{bot.NL: "mijn gegevens", bot.EN: "my data"}},
			{value: "wissen", words: map[bot.Lang]string{bot.NL: "wis mijn gegevens", bot.EN: "delete my data"}},
		}}}},
}

func commandNamed(name string) (slashCommand, bool) {
	for _, c := range commands {
		if c.name == name {
			return c, true
		}
	}
	return slashCommand{}, false
}

// english is how the English names and descriptions are offered: to both
// English locales Discord has.
func english(s string) *map[discordgo.Locale]string {
	return &map[discordgo.Locale]string{discordgo.EnglishUS: s, discordgo.EnglishGB: s}
}

// applicationCommands is the command table in Discord's form: Dutch names
// and descriptions, English localizations.
func applicationCommands() []*discordgo.ApplicationCommand {
	out := make([]*discordgo.ApplicationCommand, 0, len(commands))
	for _, c := range commands {
		ac := &discordgo.ApplicationCommand{
			Type:                     discordgo.ChatApplicationCommand,
			Name:                     c.name,
			NameLocalizations:        english(c.nameEN),
			Description:              msgs.T(bot.NL, "cmd."+c.name),
			DescriptionLocalizations: english(msgs.T(bot.EN, "cmd."+c.name)),
			Options:                  []*discordgo.ApplicationCommandOption{},
		}
		for _, o := range c.options {
			opt := &discordgo.ApplicationCommandOption{
				Type:                     discordgo.ApplicationCommandOptionString,
				Name:                     o.name,
				NameLocalizations:        *english(o.nameEN),
				Description:              msgs.T(bot.NL, o.descID),
				DescriptionLocalizations: *english(msgs.T(bot.EN, o.descID)),
				Required:                 o.required,
				Autocomplete:             o.autocomplete,
			}
			for _, ch := range o.choices {
				opt.Choices = append(opt.Choices, &discordgo.ApplicationCommandOptionChoice{
					Name:              msgs.T(bot.NL, "choice."+ch.value),
					NameLocalizations: *english(msgs.T(bot.EN, "choice."+ch.value)),
					Value:             ch.value,
				})
			}
			ac.Options = append(ac.Options, opt)
		}
		out = append(out, ac)
	}
	return out
}

// commandText turns a slash command into the chat command the core reads,
// in the words of the user's language: /deadline tekst:X → "deadline X",
// /vraag vraag:X → "X", /hulp → "hulp" (or "help").
func commandText(data discordgo.ApplicationCommandInteractionData, lang bot.Lang) (string, error) {
	c, ok := commandNamed(data.Name)
	if !ok {
		return "", fmt.Errorf("unknown command %q", data.Name)
	}
	words := c.words[lang]
	if tekst := optionValue(data.Options, "tekst"); standalone(c, tekst) {
		// "/evenement id:12 tekst:aanmelden" → "aanmelden 12", as the
		// buttons and the chat command do it.
		verb, rest, _ := strings.Cut(tekst, " ")
		return strings.Join(strings.Fields(verb+" "+optionValue(data.Options, "id")+" "+rest), " "), nil
	}
	var parts []string
	for _, o := range c.options {
		v := optionValue(data.Options, o.name)
		if v == "" {
			continue
		}
		if len(o.choices) > 0 {
			for _, ch := range o.choices {
				if ch.value == v {
					words = ch.words[lang]
				}
			}
			continue
		}
		parts = append(parts, v)
	}
	if words != "" {
		parts = append([]string{words}, parts...)
	}
	return strings.Join(parts, " "), nil
}

// eventWords are the events commands that stand on their own in chat
// ("afmelden 1", not "evenement afmelden 1"): typed after /evenement they
// must work the same as the buttons, not become a question.
var eventWords = map[string]bool{
	"aanmelden": true, "afmelden": true, "rsvp": true, "signup": true, "sign": true, "withdraw": true,
	"mijn": true, "my": true, "evenementen": true, "events": true, "antwoord": true, "answer": true,
}

// standalone reports whether text typed in the tekst option of c is a
// command of its own.
func standalone(c slashCommand, text string) bool {
	if c.name != CommandEvent {
		return false
	}
	first, _, _ := strings.Cut(strings.ToLower(strings.TrimSpace(text)), " ")
	return eventWords[first]
}

// optionValue is the text of the named option, "" when not given.
func optionValue(opts []*discordgo.ApplicationCommandInteractionDataOption, name string) string {
	for _, o := range opts {
		if o.Name == name && o.Value != nil {
			return strings.TrimSpace(fmt.Sprint(o.Value))
		}
	}
	return ""
}

// langOf picks the language from a Discord locale: Dutch for "nl", English
// for any other locale, Dutch when there is none.
func langOf(l discordgo.Locale) bot.Lang {
	switch {
	case l == "":
		return bot.NL
	case strings.HasPrefix(string(l), "nl"):
		return bot.NL
	}
	return bot.EN
}
