package events

import (
	"errors"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"time"
	"unicode/utf8"

	"github.com/noaber/noaber/bot"
	"github.com/noaber/noaber/bot/when"
)

// verb is what a chat command asks for.
type verb string

const (
	vList      verb = "list"
	vMine      verb = "mine"
	vNew       verb = "new"
	vEdit      verb = "edit"
	vCancel    verb = "cancel"
	vAnnounce  verb = "announce"
	vAttendees verb = "attendees"
	vMessage   verb = "message"
	vShow      verb = "show"
	vICS       verb = "ics"
	vRSVP      verb = "rsvp"
	vAnswer    verb = "answer"
	vUsage     verb = "usage"
	vWithdraw  verb = "withdraw" // an rsvp "no", as typed
	// The bulletin: follow (with or without the weekly overview), stop,
	// and the organiser's preview of the overview.
	vFollow       verb = "follow"
	vFollowWeekly verb = "follow-weekly"
	vUnfollow     verb = "unfollow"
	vPreview      verb = "preview"
	// Buttons only: confirm a cancellation, keep the event, undo a
	// cancellation within a minute.
	vCancelYes verb = "cancel-yes"
	vKeep      verb = "keep"
	vUncancel  verb = "uncancel"
)

// command is a parsed chat command.
type command struct {
	verb   verb
	id     uint64 // 0 when the command names no event
	choice Choice // for rsvp
	rest   string // the text after the command words (original case)
	// announcement is the language of the announcement whose button was
	// clicked (zero otherwise), so the reply can bring it up to date.
	announcement bot.Lang
}

// choices are the typed answers of an rsvp, from the catalog; the buttons
// carry the English ones ("events:rsvp:3:yes").
var choices = sync.OnceValue(func() map[string]Choice {
	out := map[string]Choice{}
	for w, c := range bot.WordIndex(Msgs, "answer.", string(Yes), string(No), string(Maybe)) {
		out[w] = Choice(c)
	}
	return out
})

// commands is the events command table, in help's order: managing events
// is for organisers. Only "evenement" is offered in command menus; its
// text argument may be any of the others ("aanmelden").
var commands = sync.OnceValue(func() []bot.Command {
	t := func(id string) map[bot.Lang]string { return bot.CatalogText(Msgs, id) }
	c := func(v verb, role bot.Role) bot.Command {
		id := string(v)
		cmd := bot.Command{ID: Name + "." + id, Role: role, Words: bot.CatalogWords(Msgs, "cmd."+id)}
		if Msgs.Has("help." + id + ".cmd") {
			cmd.Usage, cmd.Help = t("help."+id+".cmd"), t("help."+id+".text")
		}
		return cmd
	}
	list, mine, follow, weekly, unfollow, preview := c(vList, ""), c(vMine, ""), c(vFollow, ""), c(vFollowWeekly, ""), c(vUnfollow, ""), c(vPreview, bot.RoleOrganiser)
	for _, w := range []*bot.Command{&list, &mine, &follow, &weekly, &unfollow, &preview} {
		w.Whole = true
	}
	show := c(vShow, "")
	show.Menu, show.Desc = true, t("cmd.menu")
	show.Args = []bot.Arg{{Name: bot.CatalogText(bot.Msgs, "arg.id"), Desc: t("cmd.menu_id"), Autocomplete: CompleteEvents}, bot.TextArg()}
	ics := c(vICS, "")
	ics.Words = nil // "evenement 3 agenda" is read with show
	return []bot.Command{
		list, show, c(vRSVP, ""), c(vWithdraw, ""), mine, ics, follow, weekly, unfollow, c(vAnswer, ""),
		c(vNew, bot.RoleOrganiser), c(vEdit, bot.RoleOrganiser), c(vCancel, bot.RoleOrganiser), c(vAnnounce, bot.RoleOrganiser),
		c(vAttendees, bot.RoleOrganiser), c(vMessage, bot.RoleOrganiser), preview,
	}
})

// CompleteEvents is the autocomplete source of upcoming events.
const CompleteEvents = "events"

// parseID reads "3" or "#3".
func parseID(s string) (uint64, bool) {
	s = strings.TrimPrefix(s, "#")
	if s == "" || len(s) > 12 {
		return 0, false
	}
	n, err := strconv.ParseUint(s, 10, 64)
	if err != nil || n == 0 {
		return 0, false
	}
	return n, true
}

// parseCommand recognises the events commands through the table. ok is
// false for anything else, so that questions about events reach the
// question answerer.
func parseCommand(text string) (command, bool) {
	cmd, rest, ok := bot.Match(commands(), text)
	if !ok {
		return command{}, false
	}
	v := verb(strings.TrimPrefix(cmd.ID, Name+"."))
	head, pipeRest, hasPipe := strings.Cut(rest, "|")
	words := strings.Fields(strings.ToLower(head))
	pipe := strings.TrimSpace(pipeRest)
	switch v {
	case vList, vMine, vFollow, vFollowWeekly, vUnfollow, vPreview:
		return command{verb: v}, true // whole messages
	case vShow: // "evenement", "evenement 3", "evenement 3 agenda"
		if len(words) == 0 { // "evenement", or "evenement | …" without a verb
			return command{verb: vUsage}, true
		}
		if id, ok := parseID(words[0]); ok && !hasPipe {
			switch {
			case len(words) == 1:
				return command{verb: vShow, id: id}, true
			case len(words) == 2 && bot.IsWord(Msgs, "words.ics", words[1]):
				return command{verb: vICS, id: id}, true
			case len(words) == 2 && bot.IsWord(Msgs, "words.attendees", words[1]):
				return command{verb: vAttendees, id: id}, true
			}
		}
		return command{}, false
	case vNew:
		return command{verb: vNew, rest: rest}, true
	case vEdit, vCancel, vAnnounce, vAttendees, vMessage:
		c := command{verb: v}
		if len(words) >= 1 {
			id, ok := parseID(words[0])
			if !ok || len(words) > 1 {
				return command{verb: vUsage}, true
			}
			c.id = id
		}
		if hasPipe {
			if v != vEdit && v != vMessage {
				return command{verb: vUsage}, true
			}
			c.rest = pipe
		}
		if c.id == 0 || (v == vEdit || v == vMessage) && c.rest == "" {
			return command{verb: vUsage, id: c.id}, true
		}
		return c, true
	case vAnswer:
		if len(words) < 2 || hasPipe {
			return command{}, false
		}
		id, ok := parseID(words[0])
		if !ok {
			return command{}, false
		}
		_, after, _ := strings.Cut(strings.TrimSpace(rest), " ")
		return command{verb: vAnswer, id: id, rest: strings.TrimSpace(after)}, true
	case vRSVP, vWithdraw:
		if hasPipe {
			return command{}, false
		}
		if len(words) == 0 || len(words) > 2 {
			if len(words) == 0 {
				return command{verb: vUsage}, true
			}
			return command{}, false
		}
		id, ok := parseID(words[0])
		if !ok {
			return command{}, false
		}
		c := command{verb: vRSVP, id: id, choice: Yes}
		if v == vWithdraw {
			c.choice = No
		}
		if len(words) == 2 {
			ch, ok := choices()[words[1]]
			if !ok || v == vWithdraw {
				return command{verb: vUsage, id: id}, true
			}
			c.choice = ch
		}
		return c, true
	}
	return command{}, false
}

// parseAction reads a button id: "events:rsvp:3:yes", "events:ics:3".
func parseAction(id string) (command, bool) {
	parts := strings.Split(id, ":")
	if len(parts) < 3 || parts[0] != Name {
		return command{}, false
	}
	n, ok := parseID(parts[2])
	if !ok {
		return command{}, false
	}
	switch {
	case parts[1] == "rsvp" && (len(parts) == 4 || len(parts) == 5 && strings.HasPrefix(parts[4], "a")):
		ch, ok := choices()[parts[3]]
		if !ok {
			return command{}, false
		}
		c := command{verb: vRSVP, id: n, choice: ch}
		if len(parts) == 5 {
			if c.announcement = bot.Lang(parts[4][1:]); !c.announcement.Valid() {
				return command{}, false
			}
		}
		return c, true
	case parts[1] == "cancel" && len(parts) == 3:
		return command{verb: vCancelYes, id: n}, true
	case parts[1] == "keep" && len(parts) == 3:
		return command{verb: vKeep, id: n}, true
	case parts[1] == "uncancel" && len(parts) == 3:
		return command{verb: vUncancel, id: n}, true
	case parts[1] == "ics" && len(parts) == 3:
		return command{verb: vICS, id: n}, true
	case parts[1] == "show" && len(parts) == 3:
		return command{verb: vShow, id: n}, true
	}
	return command{}, false
}

// userError is a mistake the user can fix; id is a catalog message.
type userError struct {
	id   string
	args []any
}

func (e *userError) Error() string { return e.id }

func uerr(id string, args ...any) *userError { return &userError{id: id, args: args} }

// field names of the "| keyword value" segments.
const (
	fWhen        = "when"
	fTitle       = "title"
	fMax         = "max"
	fLocation    = "location"
	fUntil       = "until"
	fQuestion    = "question"
	fEnd         = "end"
	fDuration    = "duration"
	fDescription = "description"
)

// keywords maps the words of the event fields ("titel", "title") to the
// field, from the catalog.
var keywords = sync.OnceValue(func() map[string]string {
	return bot.WordIndex(Msgs, "field.", fWhen, fTitle, fMax, fLocation, fUntil, fQuestion, fEnd, fDuration, fDescription)
})

// Limits on what users type, in characters.
const (
	maxTitle       = 200
	maxLocation    = 300
	maxQuestion    = 300
	maxAnswer      = 500
	maxDescription = 2000
	maxMessage     = 2000
)

// parseFields reads "keyword value" segments into a map by field name.
func parseFields(segs []string) (map[string]string, *userError) {
	out := map[string]string{}
	for _, seg := range segs {
		seg = strings.TrimSpace(seg)
		if seg == "" {
			continue
		}
		kw, val, _ := strings.Cut(seg, " ")
		f, ok := keywords()[strings.ToLower(strings.TrimSuffix(kw, ":"))]
		if !ok {
			return nil, uerr("err.keyword", "segment", clip(seg, 40))
		}
		val = strings.TrimSpace(val)
		if val == "" {
			return nil, uerr("err.empty_field", "segment", clip(kw, 40))
		}
		if _, dup := out[f]; dup {
			return nil, uerr("err.duplicate_field", "segment", clip(kw, 40))
		}
		out[f] = val
	}
	return out, nil
}

// parseNewLine reads "<when> | <title> [| max n] [| locatie …] [| tot …]
// [| vraag …] [| eind …] [| duur …] [| beschrijving …]" into fields.
func parseNewLine(line string) (map[string]string, *userError) {
	segs := strings.Split(line, "|")
	if len(segs) < 2 || strings.TrimSpace(segs[0]) == "" || strings.TrimSpace(segs[1]) == "" {
		return nil, uerr("err.new_usage")
	}
	f, e := parseFields(segs[2:])
	if e != nil {
		return nil, e
	}
	for _, k := range []string{fWhen, fTitle} {
		if _, ok := f[k]; ok {
			return nil, uerr("err.duplicate_field", "segment", k)
		}
	}
	f[fWhen] = strings.TrimSpace(segs[0])
	f[fTitle] = strings.TrimSpace(segs[1])
	return f, nil
}

var clockTime = regexp.MustCompile(`^(\d{1,2})[:.](\d{2})(?:\s*uur)?$`)

var noneWords = map[string]bool{"-": true, "0": true}

// isNone reports whether v clears an optional field ("geen", "-"), words
// from the catalog.
func isNone(v string) bool {
	return noneWords[strings.TrimSpace(v)] || bot.IsWord(Msgs, "words.none", v)
}

// isSkip reports whether text skips the attendees' question ("overslaan",
// "-").
func isSkip(text string) bool {
	return strings.TrimSpace(text) == "-" || bot.IsWord(Msgs, "words.skip", text)
}

// apply sets the fields on ev. For a new event when and title are
// required. Times are read relative to now in Europe/Amsterdam.
func apply(ev *Event, f map[string]string, now time.Time, cfg Config, isNew bool) *userError {
	length := ev.End.Sub(ev.Start)
	if isNew || length <= 0 {
		length = cfg.length()
	}
	if v, ok := f[fWhen]; ok {
		m, err := when.Parse(v, now)
		switch {
		case errors.Is(err, when.ErrImpossible):
			return uerr("err.when_impossible", "text", clip(v, 60))
		case errors.Is(err, when.ErrWeekday):
			return uerr("err.when_weekday", "text", clip(v, 60))
		case err != nil:
			return uerr("err.when", "text", clip(v, 60))
		}
		if m.DateOnly {
			return uerr("err.when_no_time", "text", clip(v, 60))
		}
		if !m.Time.After(now) {
			return uerr("err.when_past", "text", clip(v, 60))
		}
		ev.Start = m.Time
		ev.End = ev.Start.Add(length)
	}
	if v, ok := f[fTitle]; ok {
		v = strings.TrimSpace(bot.StripInvisible(v)) // no spoofing with bidi overrides
		if v == "" {
			return uerr("err.new_usage")
		}
		if utf8.RuneCountInString(v) > maxTitle {
			return uerr("err.too_long", "field", fTitle, "max", maxTitle)
		}
		ev.Title = v
	}
	if v, ok := f[fDuration]; ok {
		d, err := when.ParseDuration(v)
		if err != nil || d > 14*24*time.Hour {
			return uerr("err.duration", "text", clip(v, 40))
		}
		ev.End = ev.Start.Add(d)
	}
	if v, ok := f[fEnd]; ok {
		if _, dur := f[fDuration]; dur {
			return uerr("err.end_and_duration")
		}
		var end time.Time
		if m := clockTime.FindStringSubmatch(strings.ToLower(v)); m != nil {
			h, _ := strconv.Atoi(m[1])
			mi, _ := strconv.Atoi(m[2])
			if h > 23 || mi > 59 {
				return uerr("err.end", "text", clip(v, 40))
			}
			y, mo, d := ev.Start.Date()
			end = time.Date(y, mo, d, h, mi, 0, 0, ev.Start.Location())
		} else {
			m, err := when.Parse(v, now)
			if err != nil || m.DateOnly {
				return uerr("err.end", "text", clip(v, 40))
			}
			end = m.Time
		}
		if !end.After(ev.Start) || end.Sub(ev.Start) > 14*24*time.Hour {
			return uerr("err.end_before_start")
		}
		ev.End = end
	}
	if v, ok := f[fMax]; ok {
		if isNone(v) {
			ev.Capacity = 0
		} else {
			n, err := strconv.Atoi(strings.TrimSpace(v))
			if err != nil || n < 1 || n > cfg.maxCapacity() {
				return uerr("err.max", "text", clip(v, 20), "limit", cfg.maxCapacity())
			}
			ev.Capacity = n
		}
	}
	for _, tf := range []struct {
		key        string
		max        int
		dst        *string
		noneClears bool // "geen" / "none" empties the field
	}{
		{fLocation, maxLocation, &ev.Location, true},
		{fQuestion, maxQuestion, &ev.Question, true},
		{fDescription, maxDescription, &ev.Description, false},
	} {
		v, ok := f[tf.key]
		if !ok {
			continue
		}
		if utf8.RuneCountInString(v) > tf.max {
			return uerr("err.too_long", "field", tf.key, "max", tf.max)
		}
		*tf.dst = v
		if tf.noneClears && isNone(v) {
			*tf.dst = ""
		}
	}
	if v, ok := f[fUntil]; ok {
		if isNone(v) {
			ev.Deadline = time.Time{}
		} else {
			m, err := when.Parse(v, now)
			if err != nil {
				return uerr("err.until", "text", clip(v, 60))
			}
			ev.Deadline = m.At(23, 59)
			if m.DateOnly && ev.Deadline.After(ev.Start) && sameDay(ev.Deadline, ev.Start) {
				ev.Deadline = ev.Start // "until Friday" for a Friday-evening event
			}
		}
	}
	if !ev.Deadline.IsZero() {
		if ev.Deadline.After(ev.Start) {
			return uerr("err.until_after_start")
		}
		if _, changed := f[fUntil]; changed && !ev.Deadline.After(now) {
			return uerr("err.until_past")
		}
	}
	if isNew && (ev.Start.IsZero() || ev.Title == "") {
		return uerr("err.new_usage")
	}
	return nil
}

func clip(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	r := []rune(s)
	return string(r[:n]) + "…"
}

func sameDay(a, b time.Time) bool {
	ay, am, ad := a.Date()
	by, bm, bd := b.In(a.Location()).Date()
	return ay == by && am == bm && ad == bd
}
