package events

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"unicode/utf8"

	"github.com/noaber/noaber/bot"
	"github.com/noaber/noaber/bot/store"
	"github.com/noaber/noaber/bot/when"
)

// Handle answers the events commands, the sign-up buttons and the events
// dialogues (guided creation, the attendee question).
func (s *Events) Handle(ctx context.Context, r *bot.Request) ([]bot.Reply, bool, error) {
	if r.IsAction() {
		if what, ok := strings.CutPrefix(r.ActionID(), Name+":bulletin:"); ok {
			return s.bulletinAction(r, what)
		}
		c, ok := parseAction(r.ActionID())
		if !ok {
			return nil, false, nil
		}
		return s.do(r, c)
	}
	if d := r.Dialogue; d != nil && d.Owner == Name {
		if c, ok := parseCommand(r.Text); ok {
			r.EndDialogue()
			return s.do(r, c)
		}
		if isStop(r.Text) {
			r.EndDialogue()
			return done(reply(bot.Msgs.T(r.Lang, "dialogue.stopped")))
		}
		return s.dialogue(r)
	}
	c, ok := parseCommand(r.Text)
	if !ok {
		return nil, false, nil
	}
	return s.do(r, c)
}

func isStop(text string) bool { return bot.IsStop(text) }

func reply(text string) bot.Reply { return bot.Reply{Text: text} }

func private(text string) bot.Reply { return bot.Reply{Text: text, Visibility: bot.Private} }

// t is the catalog in the request's language.
func t(r *bot.Request, id string, args ...any) string { return Msgs.T(r.Lang, id, args...) }

// done returns replies as handled.
func done(rs ...bot.Reply) ([]bot.Reply, bool, error) { return rs, true, nil }

func (s *Events) do(r *bot.Request, c command) ([]bot.Reply, bool, error) {
	switch c.verb {
	case vUsage:
		return done(private(s.usage(r)))
	case vFollow:
		return s.followReply(r, nil)
	case vFollowWeekly:
		on := true
		return s.followReply(r, &on)
	case vUnfollow:
		return s.unfollowReply(r)
	case vPreview:
		return s.preview(r)
	case vList:
		return s.list(r)
	case vMine:
		return s.mine(r)
	case vShow:
		return s.show(r, c.id)
	case vICS:
		return s.icsReply(r, c.id)
	case vRSVP:
		rs, ok, err := s.rsvp(r, c.id, c.choice)
		if c.announcement.Valid() && err == nil {
			rs = s.withAnnouncement(c.announcement, c.id, rs)
		}
		return rs, ok, err
	case vAnswer:
		return s.answer(r, c.id, c.rest)
	case vNew:
		return s.create(r, c.rest)
	case vEdit, vCancel, vAnnounce, vAttendees, vMessage, vCancelYes, vKeep, vUncancel:
		return s.manage(r, c)
	}
	return nil, false, nil
}

// canCreate reports whether the user may create events.
func canCreate(r *bot.Request) bool { return r.Has(bot.RoleOrganiser) }

// canManage reports whether the user may change ev and see its attendees:
// admins, and organisers listed on the event.
func canManage(r *bot.Request, ev *Event) bool {
	return r.Has(bot.RoleAdmin) || r.Has(bot.RoleOrganiser) && ev.IsOrganiser(r.User.ID)
}

// failure translates the errors a user can cause; others go to the router,
// which logs them and apologises.
func (s *Events) failure(r *bot.Request, id uint64, err error) ([]bot.Reply, bool, error) {
	var ue *userError
	switch {
	case errors.As(err, &ue):
		return done(private(t(r, ue.id, ue.args...)))
	case errors.Is(err, ErrNotFound):
		return done(private(t(r, "err.not_found", "id", id)))
	case errors.Is(err, ErrCancelled):
		return done(private(t(r, "err.cancelled", "id", id)))
	case errors.Is(err, ErrStarted):
		return done(private(t(r, "err.started", "id", id)))
	case errors.Is(err, ErrNotSignedUp):
		return done(private(t(r, "rsvp.not_signed_up", "id", id)))
	case errors.Is(err, ErrCapacityBelowConfirmed):
		return done(private(t(r, "err.capacity_below")))
	case errors.Is(err, ErrPurged):
		return done(private(t(r, "err.purged", "id", id)))
	}
	return nil, true, err
}

func (s *Events) usage(r *bot.Request) string {
	if canCreate(r) {
		return t(r, "usage.organiser")
	}
	return t(r, "usage.everyone")
}

// Commands is the events command table (bot.Commander); managing events
// is for organisers.
func (s *Events) Commands() []bot.Command { return commands() }

// Complete suggests upcoming events for what the user typed so far
// (bot.Completer, source CompleteEvents).
func (s *Events) Complete(source, prefix string, lang bot.Lang) []bot.Choice {
	if source != CompleteEvents {
		return nil
	}
	if out := s.Suggest(prefix, lang); out != nil {
		return out
	}
	return []bot.Choice{}
}

func (s *Events) view(fn func(tx *store.Tx) error) error { return s.db.View(fn) }

// counts is the public summary: numbers, never names.
func counts(lang bot.Lang, ev *Event) string {
	var b strings.Builder
	if ev.Capacity > 0 && ev.PlacesLeft() == 0 {
		b.WriteString(Msgs.N(lang, "counts.full", ev.Capacity, "confirmed", ev.Confirmed))
	} else if ev.Capacity > 0 {
		b.WriteString(Msgs.N(lang, "counts.capacity", ev.PlacesLeft(), "confirmed", ev.Confirmed, "capacity", ev.Capacity))
	} else {
		b.WriteString(Msgs.T(lang, "counts.open", "confirmed", ev.Confirmed))
	}
	if ev.Waitlist > 0 {
		b.WriteString(" " + Msgs.T(lang, "counts.waitlist", "n", ev.Waitlist))
	}
	if ev.Maybe > 0 {
		b.WriteString(" " + Msgs.T(lang, "counts.maybe", "n", ev.Maybe))
	}
	return b.String()
}

// period writes "vrijdag 12 december 2026 19:30–21:30".
func period(lang bot.Lang, ev *Event) string {
	start := when.Format(ev.Start, lang)
	if sameDay(ev.Start, ev.End) {
		return start + "–" + ev.End.In(ev.Start.Location()).Format("15:04")
	}
	return start + " – " + when.Format(ev.End, lang)
}

func line(lang bot.Lang, ev *Event) string {
	s := fmt.Sprintf("**#%d %s** — %s", ev.ID, ev.Title, period(lang, ev))
	if ev.Location != "" {
		s += ", " + ev.Location
	}
	return s + ". " + counts(lang, ev)
}

func (s *Events) detail(lang bot.Lang, ev *Event) string {
	var b strings.Builder
	b.WriteString(fmt.Sprintf("**#%d %s**\n", ev.ID, ev.Title))
	b.WriteString(Msgs.T(lang, "detail.when", "when", period(lang, ev)) + "\n")
	if ev.Location != "" {
		b.WriteString(Msgs.T(lang, "detail.where", "location", ev.Location) + "\n")
	}
	if ev.Description != "" {
		b.WriteString(ev.Description + "\n")
	}
	if ev.Cancelled {
		b.WriteString(Msgs.T(lang, "detail.cancelled") + "\n")
		return b.String()
	}
	b.WriteString(counts(lang, ev) + "\n")
	if !ev.Deadline.IsZero() {
		b.WriteString(Msgs.T(lang, "detail.deadline", "when", when.Format(ev.Deadline, lang)) + "\n")
	}
	return b.String()
}

func buttons(lang bot.Lang, id uint64) []bot.Choice { return rsvpButtons(lang, id, "") }

// rsvpButtons are the sign-up buttons; suffix ":a<lang>" marks those of
// an announcement in that language, so a click also refreshes it.
func rsvpButtons(lang bot.Lang, id uint64, suffix string) []bot.Choice {
	p := fmt.Sprintf("%s:rsvp:%d:", Name, id)
	return []bot.Choice{
		{ID: p + "yes" + suffix, Label: Msgs.T(lang, "button.yes"), Style: bot.Primary},
		{ID: p + "maybe" + suffix, Label: Msgs.T(lang, "button.maybe")},
		{ID: p + "no" + suffix, Label: Msgs.T(lang, "button.no"), Style: bot.Danger},
		{ID: fmt.Sprintf("%s:ics:%d", Name, id), Label: Msgs.T(lang, "button.ics")},
	}
}

// announcement is the text and buttons of an event's announcement, with
// the counts as they are now.
func (s *Events) announcement(lang bot.Lang, ev *Event) bot.Reply {
	text := Msgs.T(lang, "announce.intro") + "\n" + s.detail(lang, ev)
	if ev.Cancelled || !s.now().Before(ev.SignupCloses()) {
		return bot.Reply{Text: text}
	}
	return bot.Reply{Text: text + Msgs.T(lang, "announce.how", "id", ev.ID), Choices: rsvpButtons(lang, ev.ID, ":a"+string(lang))}
}

// withAnnouncement puts the refreshed announcement first among the replies
// to a click on its buttons, as a Replace: the platforms that can edit a
// message (Discord, Mattermost) update the announcement in place, so it
// never says "nog 1 vrij" once the event is full.
func (s *Events) withAnnouncement(lang bot.Lang, id uint64, rs []bot.Reply) []bot.Reply {
	var ev Event
	if err := s.view(func(tx *store.Tx) (err error) { ev, err = Get(tx, id); return err }); err != nil {
		return rs
	}
	a := s.announcement(lang, &ev)
	a.Replace = true
	return append([]bot.Reply{a}, rs...)
}

func (s *Events) list(r *bot.Request) ([]bot.Reply, bool, error) {
	var evs []Event
	if err := s.view(func(tx *store.Tx) error {
		var err error
		evs, err = Upcoming(tx, r.Now)
		return err
	}); err != nil {
		return nil, true, err
	}
	if len(evs) == 0 {
		return done(reply(t(r, "list.none")))
	}
	var b strings.Builder
	b.WriteString(t(r, "list.intro") + "\n")
	for i, ev := range evs {
		if i == 25 {
			b.WriteString(t(r, "list.more", "n", len(evs)-i) + "\n")
			break
		}
		b.WriteString("- " + line(r.Lang, &ev) + "\n")
	}
	b.WriteString(t(r, "list.outro"))
	return done(reply(b.String()))
}

func (s *Events) mine(r *bot.Request) ([]bot.Reply, bool, error) {
	type item struct {
		ev  Event
		su  Signup
		pos int
	}
	var items []item
	if err := s.view(func(tx *store.Tx) error {
		ss, err := UserSignups(tx, r.User.ID)
		if err != nil {
			return err
		}
		for _, su := range ss {
			ev, err := Get(tx, su.EventID)
			if err != nil {
				return err
			}
			if !ev.End.After(r.Now) {
				continue
			}
			it := item{ev: ev, su: su}
			if su.Status == StatusWaitlist {
				it.pos = position(tx, ev.ID, su.Seq)
			}
			items = append(items, it)
		}
		return nil
	}); err != nil {
		return nil, true, err
	}
	if len(items) == 0 {
		return done(private(t(r, "mine.none")))
	}
	var b strings.Builder
	b.WriteString(t(r, "mine.intro") + "\n")
	for _, it := range items {
		status := t(r, "status."+string(it.su.Status), "pos", it.pos)
		if it.ev.Cancelled {
			status = t(r, "status.cancelled")
		}
		fmt.Fprintf(&b, "- **#%d %s** — %s: %s\n", it.ev.ID, it.ev.Title, when.Format(it.ev.Start, r.Lang), status)
	}
	b.WriteString(t(r, "mine.outro"))
	return done(private(b.String()))
}

func (s *Events) show(r *bot.Request, id uint64) ([]bot.Reply, bool, error) {
	var ev Event
	var su Signup
	var had bool
	var pos int
	err := s.view(func(tx *store.Tx) error {
		var err error
		if ev, err = Get(tx, id); err != nil {
			return err
		}
		if su, had, err = GetSignup(tx, id, r.User.ID); err != nil {
			return err
		}
		if had && su.Status == StatusWaitlist {
			pos = position(tx, id, su.Seq)
		}
		return nil
	})
	if err != nil {
		return s.failure(r, id, err)
	}
	out := bot.Reply{Text: s.detail(r.Lang, &ev)}
	if !ev.Cancelled && r.Now.Before(ev.Start) {
		out.Choices = buttons(r.Lang, id)
	}
	rs := []bot.Reply{out}
	if had {
		rs = append(rs, private(t(r, "show.yours", "status", t(r, "status."+string(su.Status), "pos", pos))))
	}
	if canManage(r, &ev) {
		rs = append(rs, private(t(r, "show.organiser", "id", id)))
	}
	return done(rs...)
}

func (s *Events) icsReply(r *bot.Request, id uint64) ([]bot.Reply, bool, error) {
	var ev Event
	if err := s.view(func(tx *store.Tx) (err error) { ev, err = Get(tx, id); return err }); err != nil {
		return s.failure(r, id, err)
	}
	return done(bot.Reply{Text: t(r, "ics.here", "id", id, "title", ev.Title), Files: []bot.File{s.ics(&ev)}, Visibility: bot.Private})
}

func (s *Events) rsvp(r *bot.Request, id uint64, choice Choice) ([]bot.Reply, bool, error) {
	out, err := s.Respond(id, r.User, choice)
	if errors.Is(err, ErrClosed) {
		return done(private(t(r, "rsvp.closed", "id", id, "when", when.Format(out.Event.SignupCloses(), r.Lang))))
	}
	if err != nil {
		return s.failure(r, id, err)
	}
	ev := &out.Event
	args := []any{"id", id, "title", ev.Title, "when", when.Format(ev.Start, r.Lang), "pos", out.Position}
	var msg bot.Reply
	switch {
	case out.Already:
		msg = private(t(r, "rsvp.already."+string(out.Status), args...))
	case choice == No:
		msg = private(t(r, "rsvp.withdrawn", args...))
	case out.Status == StatusConfirmed:
		msg = private(t(r, "rsvp.confirmed", args...))
		msg.Files = []bot.File{s.ics(ev)}
	case out.Status == StatusWaitlist:
		msg = private(t(r, "rsvp.waitlist", args...))
	default:
		msg = private(t(r, "rsvp.maybe", args...))
	}
	rs := []bot.Reply{msg}
	if !out.Already && ev.Question != "" && (out.Status == StatusConfirmed || out.Status == StatusWaitlist) {
		if err := r.SetDialogue(Name, "answer", answerData{Event: id}); err != nil {
			return nil, true, err
		}
		rs = append(rs, private(t(r, "question.ask", "question", ev.Question, "id", id)))
	}
	return done(rs...)
}

type answerData struct {
	Event uint64 `json:"event"`
}

func (s *Events) answer(r *bot.Request, id uint64, text string) ([]bot.Reply, bool, error) {
	text = strings.TrimSpace(text)
	if utf8.RuneCountInString(text) > maxAnswer {
		return done(private(t(r, "err.too_long", "field", "answer", "max", maxAnswer)))
	}
	if err := s.SetAnswer(id, r.User.ID, text); err != nil {
		return s.failure(r, id, err)
	}
	r.EndDialogue()
	return done(private(t(r, "question.thanks", "id", id)))
}

func (s *Events) dialogue(r *bot.Request) ([]bot.Reply, bool, error) {
	d := r.Dialogue
	if d.Step == "answer" {
		var a answerData
		if err := d.Decode(&a); err != nil || a.Event == 0 {
			r.EndDialogue()
			return nil, false, nil
		}
		if isSkip(r.Text) {
			r.EndDialogue()
			return done(private(t(r, "question.skipped")))
		}
		return s.answer(r, a.Event, r.Text)
	}
	if strings.HasPrefix(d.Step, "new.") {
		return s.guided(r)
	}
	r.EndDialogue()
	return nil, false, nil
}

// The guided creation asks one field at a time, in this order.
var guidedSteps = []struct {
	field    string
	optional bool
}{
	{fWhen, false}, {fTitle, false}, {fMax, true}, {fLocation, true}, {fQuestion, true},
}

type guidedData struct {
	Fields map[string]string `json:"fields"`
}

func (s *Events) create(r *bot.Request, rest string) ([]bot.Reply, bool, error) {
	if !canCreate(r) {
		return done(private(t(r, "err.not_organiser")))
	}
	if strings.TrimSpace(rest) == "" {
		if err := r.SetDialogue(Name, "new."+fWhen, guidedData{Fields: map[string]string{}}); err != nil {
			return nil, true, err
		}
		return done(private(t(r, "guided.start") + "\n" + t(r, "guided."+fWhen)))
	}
	f, e := parseNewLine(rest)
	if e != nil {
		return done(private(t(r, e.id, e.args...)))
	}
	return s.createFrom(r, f)
}

func (s *Events) createFrom(r *bot.Request, f map[string]string) ([]bot.Reply, bool, error) {
	var ev Event
	if e := apply(&ev, f, r.Now, s.cfg, true); e != nil {
		return done(private(t(r, e.id, e.args...)))
	}
	ev, err := s.Create(ev, r.User.ID)
	if err != nil {
		return nil, true, err
	}
	s.log.Info("event created", "event", ev.ID)
	return done(reply(t(r, "created.done", "id", ev.ID) + "\n" + s.detail(r.Lang, &ev) + t(r, "created.next", "id", ev.ID)))
}

func (s *Events) guided(r *bot.Request) ([]bot.Reply, bool, error) {
	var g guidedData
	_ = r.Dialogue.Decode(&g)
	if g.Fields == nil {
		g.Fields = map[string]string{}
	}
	step := strings.TrimPrefix(r.Dialogue.Step, "new.")
	idx := -1
	for i, st := range guidedSteps {
		if st.field == step {
			idx = i
		}
	}
	if idx < 0 || !canCreate(r) {
		r.EndDialogue()
		return nil, false, nil
	}
	if !(guidedSteps[idx].optional && isNone(r.Text)) {
		g.Fields[step] = r.Text
	}
	var scratch Event
	if e := apply(&scratch, g.Fields, r.Now, s.cfg, false); e != nil {
		delete(g.Fields, step)
		return done(private(t(r, e.id, e.args...) + "\n" + t(r, "guided."+step)))
	}
	var confirm string
	if step == fWhen {
		confirm = t(r, "guided.understood", "when", when.Format(scratch.Start, r.Lang)) + "\n"
	}
	if idx+1 < len(guidedSteps) {
		next := guidedSteps[idx+1].field
		if err := r.SetDialogue(Name, "new."+next, g); err != nil {
			return nil, true, err
		}
		return done(private(confirm + t(r, "guided."+next)))
	}
	r.EndDialogue()
	return s.createFrom(r, g.Fields)
}

func (s *Events) manage(r *bot.Request, c command) ([]bot.Reply, bool, error) {
	if !canCreate(r) {
		return done(private(t(r, "err.not_organiser")))
	}
	var ev Event
	if err := s.view(func(tx *store.Tx) (err error) { ev, err = Get(tx, c.id); return err }); err != nil {
		return s.failure(r, c.id, err)
	}
	if !canManage(r, &ev) {
		return done(private(t(r, "err.not_your_event", "id", c.id)))
	}
	switch c.verb {
	case vEdit:
		f, e := parseFields(strings.Split(c.rest, "|"))
		if e != nil {
			return done(private(t(r, e.id, e.args...)))
		}
		ev, promoted, err := s.Edit(c.id, f)
		if err != nil {
			return s.failure(r, c.id, err)
		}
		text := t(r, "edited.done", "id", c.id) + "\n" + s.detail(r.Lang, &ev)
		if len(promoted) > 0 {
			text += Msgs.N(r.Lang, "edited.promoted", len(promoted))
		}
		return done(private(text))
	case vCancel:
		// Ask first: cancelling tells everyone signed up.
		var n int
		_ = s.view(func(tx *store.Tx) error {
			ss, err := Signups(tx, c.id)
			n = len(ss)
			return err
		})
		if ev.Cancelled {
			return done(private(t(r, "err.cancelled", "id", c.id)))
		}
		return done(bot.Reply{Text: Msgs.N(r.Lang, "cancel.confirm", n, "id", c.id, "title", ev.Title, "when", when.Format(ev.Start, r.Lang)),
			Visibility: bot.Private, Choices: []bot.Choice{
				{ID: fmt.Sprintf("%s:cancel:%d", Name, c.id), Label: t(r, "button.cancel_yes"), Style: bot.Danger},
				{ID: fmt.Sprintf("%s:keep:%d", Name, c.id), Label: t(r, "button.cancel_no")},
			}})
	case vKeep:
		return done(bot.Reply{Text: t(r, "cancel.kept", "id", c.id, "title", ev.Title), Visibility: bot.Private, Replace: true})
	case vCancelYes:
		ev, told, err := s.Cancel(c.id)
		if err != nil {
			return s.failure(r, c.id, err)
		}
		return done(bot.Reply{Text: Msgs.N(r.Lang, "cancelled.done", told, "id", c.id, "title", ev.Title) + "\n" + t(r, "cancelled.undo"),
			Replace: true, Choices: []bot.Choice{{ID: fmt.Sprintf("%s:uncancel:%d", Name, c.id), Label: t(r, "button.undo")}}})
	case vUncancel:
		ev, err := s.Uncancel(c.id)
		if errors.Is(err, ErrUndoExpired) {
			return done(private(t(r, "cancelled.undo_expired", "id", c.id)))
		}
		if err != nil {
			return s.failure(r, c.id, err)
		}
		return done(bot.Reply{Text: t(r, "cancelled.undone", "id", c.id, "title", ev.Title), Replace: true})
	case vAnnounce:
		ev, err := s.Announce(c.id, r.In.Conv.ID)
		if err != nil {
			return s.failure(r, c.id, err)
		}
		ann := s.announcement(r.Lang, &ev)
		ann.Announce = true
		return done(ann)
	case vAttendees:
		return s.attendees(r, &ev)
	case vMessage:
		if utf8.RuneCountInString(c.rest) > maxMessage {
			return done(private(t(r, "err.too_long", "field", "message", "max", maxMessage)))
		}
		n, err := s.Message(c.id, r.User.Name, c.rest)
		if err != nil {
			return s.failure(r, c.id, err)
		}
		return done(private(Msgs.N(r.Lang, "message.sent", n, "id", c.id)))
	}
	return nil, false, nil
}

// attendees sends the list with names by direct message only.
func (s *Events) attendees(r *bot.Request, ev *Event) ([]bot.Reply, bool, error) {
	var ss []Signup
	if err := s.view(func(tx *store.Tx) (err error) { ss, err = Signups(tx, ev.ID); return err }); err != nil {
		return nil, true, err
	}
	var b strings.Builder
	b.WriteString(t(r, "attendees.intro", "id", ev.ID, "title", ev.Title) + "\n" + counts(r.Lang, ev) + "\n")
	if ev.Purged {
		b.WriteString(t(r, "err.purged", "id", ev.ID))
	}
	wl := 0
	for _, su := range ss {
		status := t(r, "status."+string(su.Status), "pos", 0)
		if su.Status == StatusWaitlist {
			wl++
			status = t(r, "status.waitlist", "pos", wl)
		}
		name := su.Name
		if name == "" {
			name = su.User
		}
		fmt.Fprintf(&b, "- %s (%s) — %s", name, bot.PlatformOf(su.User), status)
		if su.Answer != "" {
			fmt.Fprintf(&b, " — %q", su.Answer)
		}
		b.WriteString("\n")
	}
	rs := []bot.Reply{{Text: b.String(), Visibility: bot.DM}}
	if r.In.Conv.Kind != bot.Direct {
		ack := private(t(r, "attendees.sent_dm"))
		ack.IfDMSent = true
		rs = append(rs, ack)
	}
	return done(rs...)
}
