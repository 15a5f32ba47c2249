package deadlines

import (
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/noaber/noaber/bot"
	"github.com/noaber/noaber/bot/calendar"
	"github.com/noaber/noaber/bot/outbox"
	"github.com/noaber/noaber/bot/schedule"
	"github.com/noaber/noaber/bot/store"
	"github.com/noaber/noaber/bot/when"
)

// Limits on what users type, so a record stays small.
const (
	maxTitle = 200
	maxInfo  = 1000
	maxLink  = 500
	maxList  = 25
)

func (c *Capability) command(ctx context.Context, r *bot.Request, cmd command) ([]bot.Reply, error) {
	if cmd.idText != "" || (cmd.id == 0 && (cmd.verb == verbEdit || cmd.verb == verbCancel)) {
		return reply(Msgs.T(r.Lang, "usage."+map[verb]string{verbEdit: "edit", verbCancel: "cancel"}[cmd.verb])), nil
	}
	switch cmd.verb {
	case verbList:
		return c.list(r, false)
	case verbMine:
		return c.list(r, true)
	case verbShow:
		return c.show(r, cmd.id)
	case verbNew:
		return c.newLine(r, cmd.arg)
	case verbEdit:
		return c.edit(r, cmd.id, cmd.arg)
	case verbCancel:
		return c.cancel(r, cmd.id)
	case verbFollow:
		return c.follow(r, cmd.id, true)
	case verbUnfollow:
		return c.follow(r, cmd.id, false)
	case verbCalendar:
		return c.calendarLink(r)
	case verbDigest:
		return c.digest(r, cmd)
	case verbTerm:
		return c.term(r, cmd.arg)
	}
	return nil, nil
}

// --- listing and showing

func (c *Capability) list(r *bot.Request, mine bool) ([]bot.Reply, error) {
	var all []Deadline
	if err := c.deps.DB.View(func(tx *store.Tx) (err error) { all, err = All(tx); return }); err != nil {
		return nil, err
	}
	var lines []string
	more, private := 0, 0
	for i := range all {
		d := &all[i]
		if d.Cancelled || !d.Moment.After(r.Now) {
			continue
		}
		if !d.IsPublic() && d.Owner == r.User.ID {
			private++
		}
		if mine && d.Owner != r.User.ID && !d.follows(r.User.ID) {
			continue
		}
		if !mine && !d.visibleTo(r.User.ID, r.User.Roles) {
			continue
		}
		if len(lines) == maxList {
			more++
			continue
		}
		line := "- " + Msgs.T(r.Lang, "list.line", "id", d.ID, "when", c.momentText(d, r.Lang), "title", d.Title)
		if !d.IsPublic() {
			line += " " + Msgs.T(r.Lang, "list.private_mark")
		}
		lines = append(lines, line)
	}
	privateNote := ""
	if private > 0 {
		privateNote = "\n" + Msgs.N(r.Lang, "list.private", private)
	}
	if len(lines) == 0 {
		if mine {
			return reply(Msgs.T(r.Lang, "list.mine_empty")), nil
		}
		return reply(Msgs.T(r.Lang, "list.empty")), nil
	}
	head := "list.head"
	if mine {
		head = "list.mine_head"
	}
	text := Msgs.T(r.Lang, head) + "\n" + strings.Join(lines, "\n")
	if more > 0 {
		text += "\n" + Msgs.T(r.Lang, "list.more", "n", more)
	}
	return reply(text + privateNote + "\n" + Msgs.T(r.Lang, "list.hint")), nil
}

// get loads deadline id if the user may see it.
func (c *Capability) get(r *bot.Request, id uint64) (*Deadline, []bot.Reply, error) {
	var d *Deadline
	if err := c.deps.DB.View(func(tx *store.Tx) (err error) { d, err = load(tx, id); return }); err != nil {
		return nil, nil, err
	}
	if d == nil || !d.visibleTo(r.User.ID, r.User.Roles) {
		return nil, reply(Msgs.T(r.Lang, "not_found", "id", id)), nil
	}
	return d, nil, nil
}

func (c *Capability) show(r *bot.Request, id uint64) ([]bot.Reply, error) {
	d, rep, err := c.get(r, id)
	if d == nil {
		return rep, err
	}
	l := r.Lang
	var b strings.Builder
	b.WriteString(Msgs.T(l, "show.head", "title", d.Title, "id", d.ID) + "\n")
	b.WriteString(Msgs.T(l, "show.when", "when", when.Format(d.Moment, l), "rel", relative(d.Moment, r.Now, l)) + "\n")
	if d.Cancelled {
		b.WriteString(Msgs.T(l, "show.cancelled") + "\n")
	}
	if d.Description != "" {
		b.WriteString(d.Description + "\n")
	}
	if d.Link != "" {
		b.WriteString(d.Link + "\n")
	}
	b.WriteString(Msgs.T(l, "show.audience", "who", c.audience(d, l)) + "\n")
	var manager uint64
	if d.manageableBy(r.User.ID, r.User.Roles) && !d.Cancelled {
		manager = d.ID
	}
	b.WriteString(visibilityText(!d.IsPublic(), l, manager) + "\n")
	b.WriteString(Msgs.T(l, "show.reminders", "list", c.offsetList(d.Moment, d.DateOnly, d.Offsets, r.Now, l)))
	if d.manageableBy(r.User.ID, r.User.Roles) && !d.Cancelled {
		b.WriteString("\n" + Msgs.T(l, "show.manage", "id", d.ID))
	}
	out := bot.Reply{Text: b.String(), Choices: c.followChoices(d, r.User.ID, l)}
	out.Files = []bot.File{c.icsFile(d)}
	return []bot.Reply{out}, nil
}

func (c *Capability) followChoices(d *Deadline, userID string, l bot.Lang) []bot.Choice {
	if d.Cancelled {
		return nil
	}
	if d.follows(userID) {
		return []bot.Choice{{ID: fmt.Sprintf("%s:unfollow:%d", Name, d.ID), Label: Msgs.T(l, "button.unfollow")}}
	}
	return []bot.Choice{{ID: fmt.Sprintf("%s:follow:%d", Name, d.ID), Label: Msgs.T(l, "button.follow"), Style: bot.Primary}}
}

func (c *Capability) audience(d *Deadline, l bot.Lang) string {
	var parts []string
	if d.Channel != "" {
		parts = append(parts, Msgs.T(l, "audience.channel"))
	}
	if d.Role == bot.RoleOfficial {
		parts = append(parts, Msgs.T(l, "audience.officials"))
	}
	parts = append(parts, Msgs.N(l, "audience.followers", len(d.Followers)))
	return strings.Join(parts, ", ")
}

// offsetList writes the reminders in words, those already past marked.
func (c *Capability) offsetList(moment time.Time, dateOnly bool, offs []time.Duration, now time.Time, l bot.Lang) string {
	if len(offs) == 0 {
		return Msgs.T(l, "reminders.none")
	}
	var parts []string
	d := &Deadline{Moment: moment, DateOnly: dateOnly}
	for _, o := range sortedOffsets(offs) {
		at := reminderAt(d, o, c.set.remind)
		id := "reminders.item"
		if !at.After(now) {
			id = "reminders.item_past"
		}
		parts = append(parts, Msgs.T(l, id, "offset", when.FormatDuration(o, l), "when", when.Format(at, l)))
	}
	return strings.Join(parts, "; ")
}

func durationList(offs []time.Duration, l bot.Lang) string {
	parts := make([]string, len(offs))
	for i, o := range offs {
		parts[i] = when.FormatDuration(o, l)
	}
	return strings.Join(parts, ", ")
}

// relative says how far away t is: "over 3 dagen", "voorbij".
func relative(t, now time.Time, l bot.Lang) string {
	if !t.After(now) {
		return Msgs.T(l, "rel.past")
	}
	return Msgs.T(l, "rel.future", "d", roughDuration(t.Sub(now), l))
}

// --- creating

// newLine handles "deadline nieuw <wanneer> | <titel> [| herinner …]". A
// complete line with an unambiguous future moment saves at once; anything
// missing or unclear continues as a guided dialogue.
func (c *Capability) newLine(r *bot.Request, arg string) ([]bot.Reply, error) {
	if !r.Has(bot.RoleOfficial) {
		return reply(Msgs.T(r.Lang, "new.refused")), nil
	}
	sp := parseSpec(arg, false)
	if sp.extra != "" {
		return reply(Msgs.T(r.Lang, "new.extra", "part", cleanText(sp.extra, 80)) + "\n" + Msgs.T(r.Lang, "usage.new")), nil
	}
	d := draft{Title: cleanText(sp.title, maxTitle), Officials: sp.officials, Info: cleanText(sp.info, maxInfo), Private: sp.visibility == Private}
	link, offs, msg := sp.checked(r.Lang)
	if msg != "" {
		return reply(msg), nil
	}
	d.Link, d.Offsets, d.OffsetsSet = link, offs, sp.hasOffsets
	if strings.TrimSpace(sp.when) == "" {
		return c.ask(r, d, "")
	}
	res := c.resolveMoment(sp.when, r.Now)
	if res.problem != momentOK {
		return c.momentQuestion(r, d, res, sp.when)
	}
	d.Moment, d.DateOnly = res.t, res.dateOnly
	if d.Title == "" {
		return c.ask(r, d, "")
	}
	return c.save(r, d, true)
}

// checked validates the link and reminder offsets of a typed line, for a
// new deadline and an edit alike; msg tells the user what is wrong.
func (sp spec) checked(l bot.Lang) (link string, offs []time.Duration, msg string) {
	if sp.link != "" {
		var ok bool
		if link, ok = cleanLink(sp.link); !ok {
			return "", nil, Msgs.T(l, "link.bad")
		}
	}
	if sp.hasOffsets {
		if offs, msg = parseOffsets(sp.offsets, l); msg != "" {
			return "", nil, msg
		}
	}
	return link, offs, ""
}

// parseOffsets reads reminder offsets, or returns a message for the user.
func parseOffsets(s string, l bot.Lang) ([]time.Duration, string) {
	offs, err := when.ParseOffsets(s)
	if err != nil {
		return nil, Msgs.T(l, "offsets.bad", "text", cleanText(s, 80))
	}
	if len(offs) > maxOffsets {
		return nil, Msgs.T(l, "offsets.too_many", "max", maxOffsets)
	}
	for _, o := range offs {
		if o > 366*24*time.Hour {
			return nil, Msgs.T(l, "offsets.too_long")
		}
	}
	return sortedOffsets(offs), ""
}

func cleanLink(s string) (string, bool) {
	s = strings.TrimSpace(s)
	if len(s) > maxLink || strings.ContainsAny(s, " \t\n|<>") || !(strings.HasPrefix(s, "https://") || strings.HasPrefix(s, "http://")) {
		return "", false
	}
	return s, true
}

// save stores a complete draft. oneLine says the user typed it all at once,
// so the reply offers an undo instead of having asked for confirmation.
func (c *Capability) save(r *bot.Request, dr draft, oneLine bool) ([]bot.Reply, error) {
	if !r.Has(bot.RoleOfficial) {
		r.EndDialogue()
		return reply(Msgs.T(r.Lang, "new.refused")), nil
	}
	if !dr.Moment.After(r.Now) {
		// Time passed while the dialogue waited.
		return c.momentQuestion(r, dr, checkFuture(resolved{t: dr.Moment, dateOnly: dr.DateOnly}, r.Now), "")
	}
	d := &Deadline{
		Title: dr.Title, Moment: dr.Moment.In(amsterdam()), DateOnly: dr.DateOnly, Description: dr.Info, Link: dr.Link,
		Owner: r.User.ID, Lang: r.Lang, Offsets: dr.Offsets, Visibility: Public,
	}
	if dr.Private {
		d.Visibility = Private
	}
	if !dr.OffsetsSet {
		d.Offsets = slices.Clone(c.set.offsets)
	}
	if r.In.Conv.Kind != bot.Direct && r.In.Conv.ID != "" {
		d.Channel = r.In.Conv.ID
	} else {
		d.Followers = []string{r.User.ID} // no channel: the maker gets the reminders
	}
	if dr.Officials {
		d.Role = bot.RoleOfficial
	}
	var skipped []time.Duration
	err := c.deps.DB.Update(func(tx *store.Tx) (err error) {
		skipped, err = create(tx, d, r.Now, c.set.remind)
		return err
	})
	if err != nil {
		return nil, err
	}
	r.EndDialogue()
	c.log.Info("deadline created", "id", d.ID, "due", d.Moment)
	l := r.Lang
	var b strings.Builder
	b.WriteString(Msgs.T(l, "saved.done", "id", d.ID, "title", d.Title, "when", when.Format(d.Moment, l)))
	b.WriteString("\n" + Msgs.T(l, "show.reminders", "list", c.offsetList(d.Moment, d.DateOnly, d.Offsets, r.Now, l)))
	if len(skipped) > 0 {
		b.WriteString("\n" + Msgs.T(l, "skipped", "list", durationList(skipped, l)))
	}
	b.WriteString("\n" + visibilityText(dr.Private, l, d.ID))
	choices := []bot.Choice{{ID: fmt.Sprintf("%s:ics:%d", Name, d.ID), Label: Msgs.T(l, "button.ics")}}
	if oneLine {
		b.WriteString("\n" + Msgs.T(l, "saved.undo", "id", d.ID))
		choices = append([]bot.Choice{{ID: fmt.Sprintf("%s:undo:%d", Name, d.ID), Label: Msgs.T(l, "button.undo"), Style: bot.Danger}}, choices...)
	}
	return []bot.Reply{{Text: b.String(), Choices: choices}}, nil
}

// visibilityText says who can see a deadline and, for id > 0 (someone who
// may change it), how to change that.
func visibilityText(private bool, l bot.Lang, id uint64) string {
	s, hint := Msgs.T(l, "visibility.public"), "visibility.make_private"
	if private {
		s, hint = Msgs.T(l, "visibility.private"), "visibility.make_public"
	}
	if id > 0 {
		s += " " + Msgs.T(l, hint, "id", id)
	}
	return s
}

// --- editing and cancelling

func (c *Capability) edit(r *bot.Request, id uint64, arg string) ([]bot.Reply, error) {
	d, rep, err := c.get(r, id)
	if d == nil {
		return rep, err
	}
	if !d.manageableBy(r.User.ID, r.User.Roles) {
		return reply(Msgs.T(r.Lang, "edit.refused", "id", id)), nil
	}
	if d.Cancelled {
		return reply(Msgs.T(r.Lang, "cancelled.already", "id", id)), nil
	}
	sp := parseSpec(arg, true)
	if sp.extra != "" || (sp.when == "" && sp.title == "" && !sp.hasOffsets && sp.link == "" && sp.info == "" && !sp.officials && sp.visibility == "") {
		return reply(Msgs.T(r.Lang, "usage.edit")), nil
	}
	// Check everything before changing anything: an edit is all or nothing.
	ch := change{title: cleanText(sp.title, maxTitle), info: cleanText(sp.info, maxInfo), officials: sp.officials, visibility: sp.visibility}
	var msg string
	if ch.link, ch.offsets, msg = sp.checked(r.Lang); msg != "" {
		return reply(msg), nil
	}
	if sp.when != "" {
		res := c.resolveMoment(sp.when, r.Now)
		if res.problem != momentOK {
			return c.moveQuestion(r, d, res, sp.when), nil
		}
		ch.moment = res.t
		ch.dateOnly = res.dateOnly
	}
	return c.apply(r, id, ch)
}

// change is a validated edit.
type change struct {
	title, info, link string
	offsets           []time.Duration
	moment            time.Time
	dateOnly          bool
	officials         bool
	visibility        string
}

// apply writes an edit, reschedules and tells the audience of a move, all
// in one transaction.
func (c *Capability) apply(r *bot.Request, id uint64, ch change) ([]bot.Reply, error) {
	var d *Deadline
	var skipped []time.Duration
	var told int
	var refused bool
	err := c.deps.DB.Update(func(tx *store.Tx) error {
		var err error
		if d, err = load(tx, id); err != nil || d == nil {
			return err
		}
		if !d.manageableBy(r.User.ID, r.User.Roles) || d.Cancelled {
			refused = true
			return nil
		}
		moved := false
		if ch.title != "" {
			d.Title = ch.title
		}
		if ch.info != "" {
			d.Description = ch.info
		}
		if ch.link != "" {
			d.Link = ch.link
		}
		if ch.officials {
			d.Role = bot.RoleOfficial
		}
		if ch.visibility != "" {
			d.Visibility = ch.visibility
		}
		if ch.offsets != nil {
			d.Offsets = ch.offsets
			d.Rev++
		}
		if !ch.moment.IsZero() && !ch.moment.Equal(d.Moment) {
			d.Moment, d.DateOnly = ch.moment.In(amsterdam()), ch.dateOnly
			d.Rev++
			moved = true
		}
		d.Updated = r.Now
		d.Seq++
		if err := put(tx, d); err != nil {
			return err
		}
		if skipped, err = reschedule(tx, d, r.Now, c.set.remind); err != nil {
			return err
		}
		if moved {
			told, err = c.notify(tx, d, r.User.ID, fmt.Sprintf("moved:%d:%d", d.ID, d.Rev), "notice.moved", r.Now)
		}
		return err
	})
	if err != nil {
		return nil, err
	}
	if d == nil {
		return reply(Msgs.T(r.Lang, "not_found", "id", id)), nil
	}
	if refused {
		return reply(Msgs.T(r.Lang, "edit.refused", "id", id)), nil
	}
	l := r.Lang
	text := Msgs.T(l, "edited", "id", d.ID, "title", d.Title, "when", when.Format(d.Moment, l)) +
		"\n" + Msgs.T(l, "show.reminders", "list", c.offsetList(d.Moment, d.DateOnly, d.Offsets, r.Now, l))
	if len(skipped) > 0 {
		text += "\n" + Msgs.T(l, "skipped", "list", durationList(skipped, l))
	}
	if ch.visibility != "" {
		text += "\n" + visibilityText(!d.IsPublic(), l, 0)
	}
	if told > 0 {
		text += "\n" + Msgs.N(l, "told", told)
	}
	return reply(text), nil
}

// notify queues a notice about d to its audience, except the user who
// caused it, and returns how many were queued.
func (c *Capability) notify(tx *store.Tx, d *Deadline, except, keyPrefix, msgID string, now time.Time) (int, error) {
	n := 0
	rcpts, err := c.recipients(tx, d)
	if err != nil {
		return 0, err
	}
	for _, rc := range rcpts {
		if rc.addr.User != "" && rc.addr.User == except {
			continue
		}
		text := Msgs.T(rc.lang, msgID, "id", d.ID, "title", d.Title, "when", when.Format(d.Moment, rc.lang))
		ok, err := outbox.Enqueue(tx, outbox.Item{Key: keyPrefix + ":" + rc.key, To: rc.addr, Reply: bot.Reply{Text: text}, Kind: "deadline-notice", Created: now})
		if err != nil {
			return n, err
		}
		if ok {
			n++
		}
	}
	return n, nil
}

func (c *Capability) cancel(r *bot.Request, id uint64) ([]bot.Reply, error) {
	d, rep, err := c.get(r, id)
	if d == nil {
		return rep, err
	}
	if !d.manageableBy(r.User.ID, r.User.Roles) {
		return reply(Msgs.T(r.Lang, "cancel.refused", "id", id)), nil
	}
	if d.Cancelled {
		return reply(Msgs.T(r.Lang, "cancelled.already", "id", id)), nil
	}
	var told int
	err = c.deps.DB.Update(func(tx *store.Tx) error {
		d, err := load(tx, id)
		if err != nil || d == nil || d.Cancelled {
			return err
		}
		d.Cancelled, d.Updated = true, r.Now
		d.Seq++
		if err := put(tx, d); err != nil {
			return err
		}
		if _, err := reschedule(tx, d, r.Now, c.set.remind); err != nil {
			return err
		}
		told, err = c.notify(tx, d, r.User.ID, fmt.Sprintf("cancelled:%d", d.ID), "notice.cancelled", r.Now)
		return err
	})
	if err != nil {
		return nil, err
	}
	c.log.Info("deadline cancelled", "id", id)
	text := Msgs.T(r.Lang, "cancelled.done", "id", id, "title", d.Title)
	if told > 0 {
		text += "\n" + Msgs.N(r.Lang, "told", told)
	}
	return reply(text), nil
}

// undo removes a deadline just made with a one-line command, when nobody
// else follows it yet; otherwise the owner cancels it, which tells them.
func (c *Capability) undo(r *bot.Request, id uint64) ([]bot.Reply, error) {
	var gone, busy bool
	var title string
	err := c.deps.DB.Update(func(tx *store.Tx) error {
		d, err := load(tx, id)
		if err != nil || d == nil || d.Owner != r.User.ID || d.Cancelled {
			return err
		}
		if len(slices.DeleteFunc(slices.Clone(d.Followers), func(u string) bool { return u == r.User.ID })) > 0 {
			busy = true
			return nil
		}
		if _, err := schedule.DeletePrefix(tx, jobPrefix(id)); err != nil {
			return err
		}
		gone, title = true, d.Title
		return tx.Bucket(bucket).Delete(store.U64(id))
	})
	switch {
	case err != nil:
		return nil, err
	case busy:
		return reply(Msgs.T(r.Lang, "undo.followed", "id", id)), nil
	case !gone:
		return []bot.Reply{{Text: Msgs.T(r.Lang, "undo.gone"), Visibility: bot.Private}}, nil
	}
	return []bot.Reply{{Text: Msgs.T(r.Lang, "undone", "id", id, "title", title), Replace: true}}, nil
}

// --- following

func (c *Capability) follow(r *bot.Request, id uint64, on bool) ([]bot.Reply, error) {
	var d *Deadline
	var hidden, cancelled bool
	err := c.deps.DB.Update(func(tx *store.Tx) error {
		var err error
		if d, err = load(tx, id); err != nil || d == nil {
			return err
		}
		if !d.visibleTo(r.User.ID, r.User.Roles) {
			hidden = true
			return nil
		}
		if on && d.Cancelled {
			cancelled = true
			return nil
		}
		was := d.follows(r.User.ID)
		if on == was {
			return nil
		}
		if on {
			d.Followers = append(d.Followers, r.User.ID)
		} else {
			d.Followers = slices.DeleteFunc(d.Followers, func(u string) bool { return u == r.User.ID })
		}
		return put(tx, d)
	})
	if err != nil {
		return nil, err
	}
	l := r.Lang
	switch {
	case d == nil || hidden:
		return reply(Msgs.T(l, "not_found", "id", id)), nil
	case cancelled:
		return reply(Msgs.T(l, "cancelled.already", "id", id)), nil
	case !on:
		return []bot.Reply{{Text: Msgs.T(l, "unfollowed", "id", id, "title", d.Title), Choices: c.followChoices(d, r.User.ID, l)}}, nil
	}
	return []bot.Reply{{Text: Msgs.T(l, "followed", "id", id, "title", d.Title, "when", when.Format(d.Moment, l), "list", c.offsetList(d.Moment, d.DateOnly, d.Offsets, r.Now, l)),
		Choices: c.followChoices(d, r.User.ID, l)}}, nil
}

// --- calendar and digest

func (c *Capability) calendarLink(r *bot.Request) ([]bot.Reply, error) {
	if c.deps.FeedURL == "" {
		return reply(Msgs.T(r.Lang, "calendar.off")), nil
	}
	tok, err := calendar.Token(c.deps.DB, r.User.ID)
	if err != nil {
		return nil, err
	}
	base := strings.TrimRight(c.deps.FeedURL, "/")
	return []bot.Reply{{Text: Msgs.T(r.Lang, "calendar.links", "personal", base+calendar.PersonalPath+tok+".ics", "public", base+calendar.PublicPath),
		Visibility: bot.Private}}, nil
}

func (c *Capability) digest(r *bot.Request, cmd command) ([]bot.Reply, error) {
	if !r.Has(bot.RoleOfficial) {
		return reply(Msgs.T(r.Lang, "digest.refused")), nil
	}
	l := r.Lang
	var opt digestOptIn
	var on bool
	if err := c.deps.DB.View(func(tx *store.Tx) (err error) {
		on, err = tx.Bucket(digestBucket).GetJSON([]byte(r.User.ID), &opt)
		return err
	}); err != nil {
		return nil, err
	}
	if !cmd.onSet {
		// The status, and what the next digest would say if it went out now.
		var text string
		if on {
			text = Msgs.N(l, "digest.status_on", c.set.digestDays, "time", c.digestClock(opt), "next", when.Format(c.nextDigestFor(opt, r.Now), l))
		} else {
			text = Msgs.T(l, "digest.status_off")
		}
		var lines []string
		_ = c.deps.DB.View(func(tx *store.Tx) (err error) {
			lines, err = c.digestLines(tx, r.User.ID, r.User.Roles, r.Now, l)
			return err
		})
		if len(lines) == 0 {
			return reply(text + "\n" + Msgs.N(l, "digest.preview_empty", c.set.digestDays)), nil
		}
		return reply(text + "\n" + Msgs.N(l, "digest.preview", c.set.digestDays) + "\n" + strings.Join(lines, "\n")), nil
	}
	if cmd.arg != "" {
		h, m, ok := readClock(cmd.arg)
		if !ok {
			return reply(Msgs.T(l, "digest.bad_time", "text", cleanText(cmd.arg, 20))), nil
		}
		opt.Time = fmt.Sprintf("%02d:%02d", h, m)
	}
	if !on || cmd.arg == "" {
		opt.Since = r.Now
	}
	err := c.deps.DB.Update(func(tx *store.Tx) error {
		b := tx.Bucket(digestBucket)
		if err := schedule.Delete(tx, userDigestJob(r.User.ID)); err != nil {
			return err
		}
		if !cmd.on {
			return b.Delete([]byte(r.User.ID))
		}
		if err := b.PutJSON([]byte(r.User.ID), opt); err != nil {
			return err
		}
		if c.deps.Sched == nil {
			return nil
		}
		if opt.Time != "" {
			data, _ := json.Marshal(r.User.ID)
			return schedule.Put(tx, schedule.Job{ID: userDigestJob(r.User.ID), Kind: kindDigestUser, Due: c.nextDigestFor(opt, r.Now), Data: data})
		}
		return c.ensureDigest(tx, r.Now)
	})
	if err != nil {
		return nil, err
	}
	if cmd.on {
		return reply(Msgs.N(l, "digest.on", c.set.digestDays, "time", c.digestClock(opt), "next", when.Format(c.nextDigestFor(opt, r.Now), l))), nil
	}
	return reply(Msgs.T(l, "digest.off")), nil
}

// readClock reads a time of day: "07:45", "7.45", "8 uur", "8u".
func readClock(s string) (h, m int, ok bool) {
	s = strings.ToLower(strings.TrimSpace(s))
	s = strings.TrimSpace(strings.TrimSuffix(strings.TrimSuffix(s, "uur"), "u"))
	s = strings.ReplaceAll(s, ".", ":")
	if !strings.Contains(s, ":") {
		s += ":00"
	}
	t, err := time.Parse("15:04", s)
	if err != nil {
		return 0, 0, false
	}
	return t.Hour(), t.Minute(), true
}

// --- buttons

func (c *Capability) handleAction(ctx context.Context, r *bot.Request) ([]bot.Reply, bool, error) {
	parts := strings.Split(r.ActionID(), ":")
	if len(parts) < 2 || parts[0] != Name {
		return nil, false, nil
	}
	idArg := func(i int) uint64 {
		if i < len(parts) {
			n, _ := strconv.ParseUint(parts[i], 10, 64)
			return n
		}
		return 0
	}
	var replies []bot.Reply
	var err error
	switch parts[1] {
	case "follow":
		replies, err = c.follow(r, idArg(2), true)
	case "unfollow":
		replies, err = c.follow(r, idArg(2), false)
	case "undo":
		replies, err = c.undo(r, idArg(2))
	case "ics":
		replies, err = c.icsReply(r, idArg(2))
	case "move":
		replies, err = c.moveTo(r, idArg(2), idArg(3))
	case "term":
		replies, err = c.termToDeadline(r, parts[2:])
	case "save", "discard", "pick", "other":
		replies, err = c.dialogueAction(r, parts[1], idArg(2))
	default:
		return nil, false, nil
	}
	return replies, true, err
}

func (c *Capability) icsReply(r *bot.Request, id uint64) ([]bot.Reply, error) {
	d, rep, err := c.get(r, id)
	if d == nil {
		return rep, err
	}
	return []bot.Reply{{Text: Msgs.T(r.Lang, "ics.text", "id", d.ID, "title", d.Title), Files: []bot.File{c.icsFile(d)}}}, nil
}

// moveQuestion answers an edit whose new moment is unclear: it asks, with
// a button per moment the user may have meant.
func (c *Capability) moveQuestion(r *bot.Request, d *Deadline, res resolved, typed string) []bot.Reply {
	text := c.problemText(r.Lang, res, typed)
	var choices []bot.Choice
	for _, o := range res.options {
		choices = append(choices, bot.Choice{ID: fmt.Sprintf("%s:move:%d:%d", Name, d.ID, o.Unix()), Label: when.Format(o, r.Lang)})
	}
	return []bot.Reply{{Text: text, Choices: choices}}
}

func (c *Capability) moveTo(r *bot.Request, id uint64, unix uint64) ([]bot.Reply, error) {
	t := time.Unix(int64(unix), 0).In(amsterdam())
	if unix == 0 || !t.After(r.Now) {
		return []bot.Reply{{Text: Msgs.T(r.Lang, "button.expired"), Visibility: bot.Private}}, nil
	}
	return c.apply(r, id, change{moment: t})
}
