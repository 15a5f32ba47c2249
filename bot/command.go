package bot

import (
	"strings"
	"sync"
	"unicode"

	"github.com/noaber/noaber/i18n"
)

// Command is one command a capability declares, once: the words that open
// it in each language (read from the capability's message catalog), its
// arguments, who may use it, its help line and how command menus offer it.
// The one table drives parsing (Match), help, Discord's slash commands,
// Mattermost's autocomplete hint and the router's decision to let the
// command through an open dialogue.
type Command struct {
	// ID names the command, unique in the bot: "<capability>.<verb>"
	// ("deadlines.new").
	ID string
	// Words are the phrases that open the command, per language, lower
	// case with single spaces; the first of a language is the one shown.
	// Key "" holds words for every language (a command without a catalog).
	// No words: the command is only reached through a command menu (the
	// question) or only shown in help (a dialogue's own word).
	Words map[Lang][]string
	// Whole means only the whole message is the command ("vergeet mij"),
	// so a question that merely starts with the words is not.
	Whole bool
	// Args are what follows the words; command menus offer them as options.
	Args []Arg
	// Role is the role needed to see the command in help; "" is everyone.
	Role Role
	// Usage is what help shows to type, per language; empty means the
	// first word and the free arguments as <name>.
	Usage map[Lang]string
	// Help is help's line on what the command does, per language; a
	// command without it is not in help.
	Help map[Lang]string
	// Menu, when set, offers the command as a platform command (a Discord
	// slash command) under Name, described by Desc (at most 100
	// characters; empty means Help).
	Menu bool
	// Name is the command's name in a command menu, per language; empty
	// means the first word without spaces.
	Name map[Lang]string
	Desc map[Lang]string
	// Private means the answer is for the user alone (Discord then defers
	// it ephemerally).
	Private bool
	// Interrupts means the command works inside another capability's
	// open dialogue and is never read as an answer to it ("vergeet mij").
	Interrupts bool
}

// Arg is one argument of a command: an option in a command menu.
type Arg struct {
	// Name per language, lower case without spaces ("tekst", "text").
	Name map[Lang]string
	// Desc says what to fill in, per language (at most 100 characters).
	Desc     map[Lang]string
	Required bool
	// Autocomplete names the source of suggestions while the user types
	// ("checks", "events"); a capability that implements Completer serves it.
	Autocomplete string
	// Choices, when set, are the only values; each stands for a command
	// of its own (the chosen command's words replace this command's).
	Choices []ArgChoice
}

// ArgChoice is one fixed value of an argument.
type ArgChoice struct {
	Value   string          // what the platform sends
	Label   map[Lang]string // what the menu shows
	Command string          // the ID of the command the choice stands for
}

// Commander is implemented by capabilities that have commands. The table
// may be shared: callers read it and never modify it.
type Commander interface {
	Commands() []Command
}

// Completer is implemented by capabilities that serve an autocomplete
// source their commands name: suggestions for what the user typed so far.
type Completer interface {
	Complete(source, prefix string, lang Lang) []Choice
}

// In returns the text of m for lang: lang's own, else Dutch, else the
// language-less one, else any.
func In(m map[Lang]string, lang Lang) string {
	if s, ok := m[lang]; ok {
		return s
	}
	if s, ok := m[NL]; ok {
		return s
	}
	if s, ok := m[""]; ok {
		return s
	}
	for _, l := range i18n.Langs {
		if s, ok := m[l]; ok {
			return s
		}
	}
	return ""
}

// WordsIn returns the words that open c in lang, the shown one first (the
// language-less words after the language's own).
func (c Command) WordsIn(lang Lang) []string {
	out := append([]string(nil), c.Words[lang]...)
	if len(out) == 0 && lang != NL {
		out = append(out, c.Words[NL]...)
	}
	return append(out, c.Words[""]...)
}

// Word is the word shown for c in lang ("deadline"), or "".
func (c Command) Word(lang Lang) string {
	if w := c.WordsIn(lang); len(w) > 0 {
		return w[0]
	}
	return ""
}

// MenuName is c's name in a command menu in lang.
func (c Command) MenuName(lang Lang) string {
	if n := In(c.Name, lang); n != "" {
		return n
	}
	return strings.ReplaceAll(c.Word(lang), " ", "")
}

// MenuDesc is c's description in a command menu in lang.
func (c Command) MenuDesc(lang Lang) string {
	if d := In(c.Desc, lang); d != "" {
		return d
	}
	return In(c.Help, lang)
}

// HelpEntry is c's help line in lang; ok is false when c has no help or
// roles do not include the role it needs.
func (c Command) HelpEntry(lang Lang, roles []Role) (e HelpEntry, ok bool) {
	text := In(c.Help, lang)
	if text == "" || (c.Role != "" && !HasRole(roles, c.Role)) {
		return HelpEntry{}, false
	}
	usage := In(c.Usage, lang)
	if usage == "" {
		parts := []string{c.Word(lang)}
		for _, a := range c.Args {
			if !c.Whole && len(a.Choices) == 0 { // a choice stands for a command of its own
				parts = append(parts, "<"+In(a.Name, lang)+">")
			}
		}
		usage = strings.TrimSpace(strings.Join(parts, " "))
	}
	return HelpEntry{Command: usage, Text: text}, true
}

// Normalise is the one normalisation of a message read as a command: lower
// case, single spaces, without a leading bot mention ("@noaber"), "/" or
// "!", and without punctuation at the end ("Deadlines?" → "deadlines").
func Normalise(text string) string {
	s := strings.ToLower(strings.Join(strings.Fields(text), " "))
	s = strings.TrimPrefix(s, "@noaber ")
	s = strings.TrimSpace(strings.TrimLeft(s, "/!"))
	return strings.TrimRightFunc(s, func(r rune) bool { return unicode.IsPunct(r) || unicode.IsSpace(r) })
}

// Match finds the command of cmds that text opens with: the one whose
// words match the most of the start of the message, in any language (a
// Dutch user may type the English word). rest is what follows the words in
// the user's own capitals and spacing, trimmed. A Whole command matches
// only the whole message.
func Match(cmds []Command, text string) (cmd Command, rest string, ok bool) {
	norm := Normalise(text)
	if norm == "" {
		return Command{}, "", false
	}
	best := -1
	for _, c := range cmds {
		for _, ws := range c.Words {
			for _, w := range ws {
				if w == "" || len(w) <= best {
					continue
				}
				if norm == w || !c.Whole && strings.HasPrefix(norm, w) && norm[len(w)] == ' ' {
					cmd, best, ok = c, len(w), true
				}
			}
		}
	}
	if !ok {
		return Command{}, "", false
	}
	return cmd, restAfter(text, strings.Count(norm[:best], " ")+1), true
}

// restAfter is text after a leading mention, "/" or "!" and its first n
// words, in the user's own capitals and spacing.
func restAfter(text string, n int) string {
	s := strings.TrimSpace(text)
	if len(s) > 8 && strings.EqualFold(s[:8], "@noaber ") {
		s = s[8:]
	}
	s = strings.TrimLeft(strings.TrimSpace(s), "/!")
	for i := 0; i < n; i++ {
		s = strings.TrimLeftFunc(s, unicode.IsSpace)
		j := strings.IndexFunc(s, unicode.IsSpace)
		if j < 0 {
			return ""
		}
		s = s[j:]
	}
	return strings.TrimSpace(s)
}

// CatalogWords reads the words of a command from a catalog: the text of id
// in each language, phrases separated by "|" ("deadlines|deadline").
func CatalogWords(cat *i18n.Catalog, id string) map[Lang][]string {
	if !cat.Has(id) {
		return nil
	}
	out := map[Lang][]string{}
	for _, l := range i18n.Langs {
		for _, w := range strings.Split(cat.T(l, id), "|") {
			if w = Normalise(w); w != "" {
				out[l] = append(out[l], w)
			}
		}
	}
	return out
}

// CatalogText reads id from a catalog in every language; "" gives nil.
func CatalogText(cat *i18n.Catalog, id string) map[Lang]string {
	if id == "" {
		return nil
	}
	out := map[Lang]string{}
	for _, l := range i18n.Langs {
		out[l] = cat.T(l, id)
	}
	return out
}

// IsStop reports whether text asks to stop what is going on ("stop",
// "annuleer", "cancel"): the one list every dialogue uses.
func IsStop(text string) bool { return IsWord(Msgs, "words.stop", text) }

// IsContinue reports whether text asks to go back to an open dialogue
// ("verder", "continue").
func IsContinue(text string) bool { return IsWord(Msgs, "words.continue", text) }

// IsWord reports whether the whole of text (normalised) is one of the
// words of catalog entry id, in any language: a dialogue's own words
// ("terug", "waarom") kept in its capability's catalog.
func IsWord(cat *i18n.Catalog, id, text string) bool {
	n := Normalise(text)
	if n == "" {
		return false
	}
	key := wordsKey{cat, id}
	words, ok := wordCache.Load(key)
	if !ok {
		words, _ = wordCache.LoadOrStore(key, CatalogWords(cat, id)) // catalogs never change
	}
	for _, ws := range words.(map[Lang][]string) {
		for _, w := range ws {
			if n == w {
				return true
			}
		}
	}
	return false
}

type wordsKey struct {
	cat *i18n.Catalog
	id  string
}

var wordCache sync.Map // wordsKey → map[Lang][]string

// TextArg is the free-text argument of a command menu ("tekst"): what
// follows the command's words, as typed in chat.
func TextArg() Arg {
	return Arg{Name: CatalogText(Msgs, "arg.text"), Desc: CatalogText(Msgs, "arg.text_desc")}
}

// HelpOf is the help lines of cmds in lang for someone with roles.
func HelpOf(cmds []Command, lang Lang, roles []Role) []HelpEntry {
	var out []HelpEntry
	for _, c := range cmds {
		if e, ok := c.HelpEntry(lang, roles); ok {
			out = append(out, e)
		}
	}
	return out
}

// CommandTable is what an adapter with command menus reads (the router
// provides it): every command the bot knows, in order, and the
// autocomplete sources the commands name.
type CommandTable interface {
	Commands() []Command
	Complete(source, prefix string, lang Lang) []Choice
}

// WordIndex maps every word of the catalog entries prefix+v (for each v of
// values, in every language) to v: a feature's sub-words ("titel",
// "title" → "title") kept in its catalog.
func WordIndex(cat *i18n.Catalog, prefix string, values ...string) map[string]string {
	m := map[string]string{}
	for _, v := range values {
		for _, ws := range CatalogWords(cat, prefix+v) {
			for _, w := range ws {
				m[w] = v
			}
		}
	}
	return m
}
