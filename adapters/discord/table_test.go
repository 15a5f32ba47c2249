package discord

import (
	"github.com/noaber/noaber/bot"
)

// testTable is a command table shaped like the wired bot's (the real one
// is the capabilities', which an adapter must not import): a question
// without words, a check with autocomplete, deadlines and events with a
// text option, a private command with choices, and help.
type testTable struct {
	cmds     []bot.Command
	complete func(source, prefix string, lang bot.Lang) []bot.Choice
}

func (t testTable) Commands() []bot.Command { return t.cmds }

func (t testTable) Complete(source, prefix string, lang bot.Lang) []bot.Choice {
	if t.complete == nil {
		return nil
	}
	return t.complete(source, prefix, lang)
}

func both(nl, en string) map[bot.Lang]string { return map[bot.Lang]string{bot.NL: nl, bot.EN: en} }

func words(nl, en string) map[bot.Lang][]string {
	return map[bot.Lang][]string{bot.NL: {nl}, bot.EN: {en}}
}

func textArg() bot.Arg {
	return bot.Arg{Name: both("tekst", "text"), Desc: both("Wat je wilt doen", "What you want to do")}
}

func newTestTable() testTable {
	return testTable{cmds: []bot.Command{
		{ID: "check.list", Words: words("check", "check"), Menu: true, Desc: both("Doe een check", "Run a check"),
			Args: []bot.Arg{{Name: both("id", "id"), Desc: both("Welke check", "Which check"), Autocomplete: "checks"}}},
		{ID: "deadlines.list", Words: words("deadline", "deadline"), Menu: true, Desc: both("Deadlines", "Deadlines"), Args: []bot.Arg{textArg()}},
		{ID: "deadlines.new", Words: words("deadline nieuw", "deadline new")},
		{ID: "events.list", Words: words("evenementen", "events"), Whole: true},
		{ID: "events.show", Words: words("evenement", "event"), Menu: true, Desc: both("Evenementen", "Events"),
			Args: []bot.Arg{{Name: both("id", "id"), Desc: both("Welk evenement", "Which event"), Autocomplete: "events"}, textArg()}},
		{ID: "events.rsvp", Words: map[bot.Lang][]string{bot.NL: {"aanmelden", "rsvp"}, bot.EN: {"rsvp", "sign up"}}},
		{ID: "events.withdraw", Words: words("afmelden", "withdraw")},
		{ID: "events.mine", Words: words("mijn evenementen", "my events"), Whole: true},
		{ID: "privacy.show", Words: words("mijn gegevens", "my data"), Whole: true, Menu: true, Private: true,
			Name: both("mijngegevens", "mydata"), Desc: both("Jouw gegevens", "Your data"),
			Args: []bot.Arg{{Name: both("actie", "action"), Desc: both("Wat wil je doen?", "What do you want to do?"), Choices: []bot.ArgChoice{
				{Value: "inzien", Label: both("Inzien", "View"), Command: "privacy.show"},
				{Value: "wissen", Label: both("Wissen", "Erase"), Command: "privacy.forget"},
			}}}},
		{ID: "privacy.forget", Words: words("vergeet mij", "forget me"), Whole: true},
		{ID: "ask.question", Menu: true, Name: both("vraag", "ask"), Desc: both("Stel een vraag", "Ask a question"),
			Args: []bot.Arg{{Name: both("vraag", "question"), Desc: both("Je vraag", "Your question"), Required: true}}},
		{ID: "core.help", Words: words("hulp", "help"), Whole: true, Menu: true, Desc: both("Wat Noaber kan", "What Noaber can do")},
	}}
}
