package discord

import (
	"context"
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/bwmarrin/discordgo"

	"github.com/noaber/noaber/bot"
)

// Completer suggests values for a slash-command option while the user
// types (Discord's autocomplete): source is the option's autocomplete
// source in the command table ("checks", "events"), prefix what the user
// typed so far. Each Choice becomes a suggestion: Label is shown, ID is the
// value (both at most 100 bytes; longer ones are left out). Discord shows
// at most 25. It must answer within about two seconds; the context says
// when time is up.
type Completer func(ctx context.Context, source, prefix string, lang bot.Lang) []bot.Choice

// menuCommands are the commands of the table offered as slash commands.
func menuCommands(table []bot.Command) []bot.Command {
	var out []bot.Command
	seen := map[string]bool{}
	for _, c := range table {
		if c.Menu && !seen[c.MenuName(bot.NL)] && validName(c.MenuName(bot.NL)) {
			seen[c.MenuName(bot.NL)] = true
			out = append(out, c)
		}
	}
	return out
}

// validName reports whether Discord accepts s as a command or option name:
// 1-32 lower-case letters, digits, "-" or "_".
func validName(s string) bool {
	if s == "" || utf8.RuneCountInString(s) > 32 {
		return false
	}
	for _, r := range s {
		if !(unicode.IsLetter(r) && !unicode.IsUpper(r) || unicode.IsDigit(r) || r == '-' || r == '_') {
			return false
		}
	}
	return true
}

// commandNamed finds the slash command with the Dutch name name.
func commandNamed(table []bot.Command, name string) (bot.Command, bool) {
	for _, c := range menuCommands(table) {
		if c.MenuName(bot.NL) == name {
			return c, true
		}
	}
	return bot.Command{}, false
}

// commandByID finds a command of the table by id.
func commandByID(table []bot.Command, id string) (bot.Command, bool) {
	for _, c := range table {
		if c.ID == id {
			return c, true
		}
	}
	return bot.Command{}, false
}

// english is how the English names and descriptions are offered: to both
// English locales Discord has.
func english(s string) *map[discordgo.Locale]string {
	return &map[discordgo.Locale]string{discordgo.EnglishUS: s, discordgo.EnglishGB: s}
}

// applicationCommands is the command table in Discord's form: Dutch names
// and descriptions, English localizations.
func applicationCommands(table []bot.Command) []*discordgo.ApplicationCommand {
	cmds := menuCommands(table)
	out := make([]*discordgo.ApplicationCommand, 0, len(cmds))
	for _, c := range cmds {
		ac := &discordgo.ApplicationCommand{
			Type:                     discordgo.ChatApplicationCommand,
			Name:                     c.MenuName(bot.NL),
			NameLocalizations:        english(c.MenuName(bot.EN)),
			Description:              clip(c.MenuDesc(bot.NL)),
			DescriptionLocalizations: english(clip(c.MenuDesc(bot.EN))),
			Options:                  []*discordgo.ApplicationCommandOption{},
		}
		if ac.Description == "" {
			ac.Description = ac.Name // Discord requires one
		}
		for _, o := range c.Args {
			opt := &discordgo.ApplicationCommandOption{
				Type:                     discordgo.ApplicationCommandOptionString,
				Name:                     bot.In(o.Name, bot.NL),
				NameLocalizations:        *english(bot.In(o.Name, bot.EN)),
				Description:              clip(bot.In(o.Desc, bot.NL)),
				DescriptionLocalizations: *english(clip(bot.In(o.Desc, bot.EN))),
				Required:                 o.Required,
				Autocomplete:             o.Autocomplete != "",
			}
			if opt.Description == "" {
				opt.Description = opt.Name
			}
			for _, ch := range o.Choices {
				opt.Choices = append(opt.Choices, &discordgo.ApplicationCommandOptionChoice{
					Name:              bot.In(ch.Label, bot.NL),
					NameLocalizations: *english(bot.In(ch.Label, bot.EN)),
					Value:             ch.Value,
				})
			}
			ac.Options = append(ac.Options, opt)
		}
		out = append(out, ac)
	}
	return out
}

// clip shortens s to Discord's 100 characters for a description.
func clip(s string) string {
	if utf8.RuneCountInString(s) <= 100 {
		return s
	}
	r := []rune(s)
	return string(r[:99]) + "…"
}

// commandText turns a slash command into the chat command the core reads,
// in the words of the user's language: /deadline tekst:X → "deadline X",
// /vraag vraag:X → "X", /hulp → "hulp" (or "help"). A text option that
// opens another command of the table stands on its own, with the id
// option after its words: /evenement id:12 tekst:aanmelden → "aanmelden
// 12", as the buttons and the chat command do it.
func commandText(table []bot.Command, data discordgo.ApplicationCommandInteractionData, lang bot.Lang) (string, error) {
	c, ok := commandNamed(table, data.Name)
	if !ok {
		return "", fmt.Errorf("unknown command %q", data.Name)
	}
	words := c.Word(lang)
	var parts []string
	for _, o := range c.Args {
		v := optionValue(data.Options, o)
		if v == "" {
			continue
		}
		if len(o.Choices) > 0 {
			for _, ch := range o.Choices {
				if chosen, ok := commandByID(table, ch.Command); ok && ch.Value == v {
					words = chosen.Word(lang)
				}
			}
			continue
		}
		if o.Autocomplete == "" && words != "" && standalone(table, c, v) {
			verb, rest := splitCommand(table, v)
			return strings.Join(strings.Fields(verb+" "+strings.Join(parts, " ")+" "+rest), " "), nil
		}
		parts = append(parts, v)
	}
	if words != "" {
		parts = append([]string{words}, parts...)
	}
	return strings.Join(parts, " "), nil
}

// standalone reports whether text typed in a free-text option of c opens
// another command of the table, of c's own capability.
func standalone(table []bot.Command, c bot.Command, text string) bool {
	m, _, ok := bot.Match(table, text)
	return ok && m.ID != c.ID && owner(m.ID) == owner(c.ID)
}

// splitCommand splits text into the words of the command it opens and the
// rest.
func splitCommand(table []bot.Command, text string) (verb, rest string) {
	_, rest, _ = bot.Match(table, text)
	t := strings.TrimSpace(text)
	return strings.TrimSpace(t[:len(t)-len(rest)]), rest
}

// owner is the capability part of a command id ("events" of
// "events.rsvp").
func owner(id string) string {
	o, _, _ := strings.Cut(id, ".")
	return o
}

// optionValue is the text of the named option, "" when not given.
func optionValue(opts []*discordgo.ApplicationCommandInteractionDataOption, arg bot.Arg) string {
	for _, o := range opts {
		if o.Name == bot.In(arg.Name, bot.NL) && o.Value != nil {
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
