package deadlines

import (
	"strconv"
	"strings"
	"sync"

	"github.com/noaber/noaber/bot"
)

// verb is what a chat command asks for.
type verb int

const (
	verbList verb = iota
	verbShow
	verbNew
	verbEdit
	verbCancel
	verbFollow
	verbUnfollow
	verbMine
	verbCalendar
	verbDigest
	verbTerm
)

// command is a parsed chat command. arg keeps the user's capitals.
type command struct {
	verb verb
	id   uint64
	// idText is what stood where the id belongs, when it was not a number.
	idText string
	arg    string
	// on is the digest switch; onSet is false for a bare "digest".
	on, onSet bool
}

// The command ids of the table, by verb.
var verbIDs = map[string]verb{
	Name + ".new": verbNew, Name + ".edit": verbEdit, Name + ".cancel": verbCancel, Name + ".digest": verbDigest,
	Name + ".list": verbList, Name + ".follow": verbFollow, Name + ".unfollow": verbUnfollow,
	Name + ".mine": verbMine, Name + ".calendar": verbCalendar, Name + ".term": verbTerm,
}

// commands is the deadline command table, in help's order: creating,
// changing and the digest are for officials.
var commands = sync.OnceValue(func() []bot.Command {
	t := func(id string) map[bot.Lang]string { return bot.CatalogText(Msgs, id) }
	w := func(id string) map[bot.Lang][]string { return bot.CatalogWords(Msgs, "cmd."+id) }
	c := func(id string, role bot.Role) bot.Command {
		return bot.Command{ID: Name + "." + id, Words: w(id), Role: role, Usage: t("help." + id + ".cmd"), Help: t("help." + id + ".text")}
	}
	list := c("list", "")
	list.Menu, list.Desc, list.Args = true, t("cmd.menu"), []bot.Arg{bot.TextArg()}
	mine, cal := c("mine", ""), c("calendar", "")
	mine.Whole, cal.Whole = true, true
	show := c("show", "")
	show.Words = nil                                                      // "deadline <nr>" is read with list
	unfollow := bot.Command{ID: Name + ".unfollow", Words: w("unfollow")} // help shows it with follow
	return []bot.Command{
		c("new", bot.RoleOfficial), c("edit", bot.RoleOfficial), c("cancel", bot.RoleOfficial), c("digest", bot.RoleOfficial),
		list, show, c("follow", ""), unfollow, mine, cal, c("term", ""),
	}
})

// parseCommand recognises this capability's commands (Dutch and English)
// through its table. It claims nothing else, so questions about deadlines
// still reach the question answerer.
func parseCommand(text string) (command, bool) {
	cmd, rest, ok := bot.Match(commands(), text)
	if !ok {
		return command{}, false
	}
	v, ok := verbIDs[cmd.ID]
	if !ok {
		return command{}, false
	}
	words := strings.Fields(rest)
	lw := func(i int) string {
		if i < len(words) {
			return strings.ToLower(strings.Trim(words[i], "?!.,"))
		}
		return ""
	}
	restFrom := func(i int) string {
		if i >= len(words) {
			return ""
		}
		return strings.Join(words[i:], " ")
	}
	switch v {
	case verbList:
		if len(words) == 0 || len(words) == 1 && bot.IsWord(Msgs, "words.list", words[0]) {
			return command{verb: verbList}, true
		}
		if len(words) == 1 {
			if id, ok := parseID(strings.Trim(words[0], "?!.,")); ok {
				return command{verb: verbShow, id: id}, true
			}
		}
	case verbNew:
		return command{verb: verbNew, arg: rest}, true
	case verbEdit, verbCancel:
		return withID(command{verb: v}, rest), true
	case verbFollow, verbUnfollow:
		if len(words) == 1 {
			if id, ok := parseID(strings.Trim(words[0], "?!.,")); ok {
				return command{verb: v, id: id}, true
			}
		}
	case verbMine, verbCalendar:
		return command{verb: v}, true
	case verbDigest:
		switch {
		case lw(0) == "":
			return command{verb: verbDigest}, true
		case bot.IsWord(Msgs, "words.on", lw(0)):
			return command{verb: verbDigest, on: true, onSet: true}, len(words) == 1
		case bot.IsWord(Msgs, "words.off", lw(0)):
			return command{verb: verbDigest, onSet: true}, len(words) == 1
		case bot.IsWord(Msgs, "words.at", lw(0)):
			// "digest om 07:45": the user's own digest time (and on).
			return command{verb: verbDigest, on: true, onSet: true, arg: restFrom(1)}, len(words) >= 2
		}
		if strings.ContainsAny(words[0], "0123456789") {
			return command{verb: verbDigest, on: true, onSet: true, arg: rest}, true
		}
	case verbTerm:
		if rest == "" || strings.ContainsAny(rest, "+0123456789") || mentionsKind(rest) {
			return command{verb: verbTerm, arg: rest}, true
		}
	}
	return command{}, false
}

// withID reads "12 | …" into c.id and c.arg.
func withID(c command, rest string) command {
	head, tail, _ := strings.Cut(rest, "|")
	head = strings.TrimSpace(head)
	if id, ok := parseID(head); ok {
		c.id = id
	} else {
		c.idText = head
	}
	c.arg = strings.TrimSpace(tail)
	return c
}

// parseID reads "12" or "#12".
func parseID(s string) (uint64, bool) {
	n, err := strconv.ParseUint(strings.TrimPrefix(strings.TrimSpace(s), "#"), 10, 64)
	return n, err == nil && n > 0
}

// spec is a deadline as typed on one line: the parts of
// "<wanneer> | <titel> | herinner <offsets> | link <url> | info <tekst> | voor ambtenaren".
type spec struct {
	when, title, offsets, link, info string
	hasOffsets, officials            bool
	// visibility is Public or Private when the line says so.
	visibility string
	// extra is a part the parser did not place; the user is told.
	extra string
}

// parseSpec splits the line after "deadline nieuw". positional parts fill
// when, then title; for an edit (editing=true) a positional part is the
// new moment.
func parseSpec(s string, editing bool) spec {
	var sp spec
	pos := 0
	for _, part := range strings.Split(s, "|") {
		part = strings.TrimSpace(part)
		if part == "" {
			continue
		}
		key, val := keyword(part)
		if (key == "private" || key == "public") && !editing && pos < 2 {
			key = "" // "| Openbaar" before the title is given is the title
		}
		switch key {
		case "offsets":
			sp.offsets, sp.hasOffsets = val, true
		case "link":
			sp.link = val
		case "info":
			sp.info = val
		case "officials":
			sp.officials = true
		case "private":
			sp.visibility = Private
		case "public":
			sp.visibility = Public
		case "title":
			sp.title = val
		case "when":
			sp.when = val
		default:
			switch {
			case pos == 0:
				sp.when = part
			case pos == 1 && !editing:
				sp.title = part
			default:
				if sp.extra == "" {
					sp.extra = part
				}
			}
			pos++
		}
	}
	return sp
}

// keywordKeys are the parts of a deadline line that start with a keyword,
// in the order they are tried; their words are in the catalog (key.*).
var keywordKeys = []string{"offsets", "link", "info", "title", "when", "private", "public", "officials"}

var keywords = sync.OnceValue(func() []struct {
	words []string
	key   string
} {
	var out []struct {
		words []string
		key   string
	}
	for _, k := range keywordKeys {
		var words []string
		for _, l := range []bot.Lang{bot.NL, bot.EN} {
			words = append(words, bot.CatalogWords(Msgs, "key."+k)[l]...)
		}
		out = append(out, struct {
			words []string
			key   string
		}{words, k})
	}
	return out
})

// keyword finds a leading keyword in a part ("herinner 3d, 1d").
func keyword(part string) (key, val string) {
	lower := strings.ToLower(part)
	for _, k := range keywords() {
		for _, w := range k.words {
			if lower == w {
				if k.key == "officials" || k.key == "private" || k.key == "public" {
					return k.key, ""
				}
				return "", part // a bare "titel" is a title, not a keyword
			}
			if strings.HasPrefix(lower, w+" ") || strings.HasPrefix(lower, w+":") {
				return k.key, strings.TrimSpace(strings.TrimPrefix(part[len(w):], ":"))
			}
		}
	}
	return "", part
}

// mentionsKind reports whether s names a kind of term the calculator
// knows ("bezwaar", "standstill").
func mentionsKind(s string) bool {
	for _, w := range strings.Fields(s) {
		if bot.IsWord(Msgs, "words.kind", w) {
			return true
		}
	}
	return false
}
