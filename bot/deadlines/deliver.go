package deadlines

import (
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/noaber/noaber/bot"
	"github.com/noaber/noaber/bot/metrics"
	"github.com/noaber/noaber/bot/outbox"
	"github.com/noaber/noaber/bot/runtime"
	"github.com/noaber/noaber/bot/schedule"
	"github.com/noaber/noaber/bot/store"
	"github.com/noaber/noaber/bot/when"
	"github.com/noaber/noaber/knowledge/termijn"
)

// recipient is one place a reminder goes.
type recipient struct {
	addr bot.Address
	key  string // "u:<user id>" or "c:<conversation id>", for outbox keys
	lang bot.Lang
}

// recipients resolves the audience of d now: its channel, the holders of
// its role and its followers, each user once.
func (c *Capability) recipients(tx *store.Tx, d *Deadline) ([]recipient, error) {
	var out []recipient
	if d.Channel != "" {
		out = append(out, recipient{addr: bot.ToConversation(d.Channel), key: "c:" + d.Channel, lang: c.langOr(d.Lang)})
	}
	seen := map[string]bool{}
	var users []string
	if d.Role != "" && c.deps.Roles != nil {
		holders, err := c.deps.Roles.HolderIDsTx(tx, d.Role)
		if err != nil {
			return nil, err
		}
		users = append(users, holders...)
	}
	users = append(users, d.Followers...)
	for _, u := range users {
		if u == "" || seen[u] {
			continue
		}
		seen[u] = true
		out = append(out, recipient{addr: bot.ToUser(u), key: "u:" + u, lang: c.userLang(tx, u)})
	}
	return out, nil
}

// userLang is the language a user chose or last wrote in.
func (c *Capability) userLang(tx *store.Tx, userID string) bot.Lang {
	p, err := runtime.LoadProfile(tx, userID)
	if err == nil {
		if p.Lang.Valid() {
			return p.Lang
		}
		if p.LastLang.Valid() {
			return p.LastLang
		}
	}
	return c.deps.DefaultLang
}

func (c *Capability) langOr(l bot.Lang) bot.Lang {
	if l.Valid() {
		return l
	}
	return c.deps.DefaultLang
}

func recipientAddr(key string) bot.Address {
	if rest, ok := strings.CutPrefix(key, "c:"); ok {
		return bot.ToConversation(rest)
	}
	return bot.ToUser(strings.TrimPrefix(key, "u:"))
}

// reminderKey is the outbox key of one reminder: stable per deadline
// revision, offset and recipient, so a job that runs twice (a crash before
// its commit) queues the message once.
func reminderKey(d *Deadline, off time.Duration, rcpt string) string {
	return fmt.Sprintf("reminder:%d:%d:%d:%s", d.ID, d.Rev, int64(off/time.Second), rcpt)
}

// missed is a reminder that fell due too long ago to send on its own.
type missed struct {
	ID     uint64    `json:"id"`
	Title  string    `json:"title"`
	Moment time.Time `json:"moment"`
	// DateOnly: the deadline is the end of that day.
	DateOnly bool          `json:"date_only,omitempty"`
	Offset   time.Duration `json:"offset"`
	Due      time.Time     `json:"due"`
}

// fireReminder is the handler of reminder jobs; it runs inside the
// scheduler's write transaction.
func (c *Capability) fireReminder(ctx context.Context, tx *store.Tx, job schedule.Job, now time.Time) error {
	var rj reminderJob
	if err := json.Unmarshal(job.Data, &rj); err != nil {
		c.log.Error("undecodable reminder job; dropped", "id", job.ID, "err", err)
		return nil
	}
	d, err := load(tx, rj.ID)
	if err != nil {
		return err
	}
	if d == nil || d.Cancelled || d.Rev != rj.Rev {
		return nil // changed after the job was written; its replacement runs instead
	}
	late := now.Sub(job.Due)
	rcpts, err := c.recipients(tx, d)
	if err != nil {
		return err
	}
	if late > c.set.maxLateness {
		for _, r := range rcpts {
			if err := c.addMissed(tx, r.key, reminderKey(d, rj.Offset, r.key), missed{ID: d.ID, Title: d.Title, Moment: d.Moment, DateOnly: d.DateOnly, Offset: rj.Offset, Due: job.Due}, now); err != nil {
				return err
			}
		}
		count(tx, "summarised", len(rcpts))
		return nil
	}
	status := "sent"
	if late > c.set.lateAfter {
		status = "late"
	}
	for _, r := range rcpts {
		reply := c.reminderReply(d, rj.Offset, job.Due, now, late > c.set.lateAfter, r)
		if _, err := outbox.Enqueue(tx, outbox.Item{Key: reminderKey(d, rj.Offset, r.key), To: r.addr, Reply: reply, Kind: "reminder", Created: now}); err != nil {
			return err
		}
	}
	count(tx, status, len(rcpts))
	if c.afterReminder != nil {
		due := job.Due
		tx.OnCommit(func() { c.afterReminder(due) })
	}
	return nil
}

// count adds n to the reminder metric once the transaction commits.
func count(tx *store.Tx, status string, n int) {
	if n > 0 {
		tx.OnCommit(func() { metrics.Reminders.WithLabelValues(status).Add(float64(n)) })
	}
}

func (c *Capability) reminderReply(d *Deadline, off time.Duration, due, now time.Time, late bool, r recipient) bot.Reply {
	l := r.lang
	// The text is written now, when it is sent, from the time actually
	// left: a reminder held up by an outage must not say "over 2 minuten"
	// with one minute to go.
	var b strings.Builder
	switch {
	case !d.Moment.After(now):
		b.WriteString(Msgs.T(l, "remind.passed", "title", d.Title, "id", d.ID, "when", c.momentText(d, l)))
	case d.DateOnly:
		b.WriteString(Msgs.T(l, "remind.day", "title", d.Title, "id", d.ID, "day", dayWord(d.Moment, now, l), "date", when.FormatDate(d.Moment, l)))
	default:
		b.WriteString(Msgs.T(l, "remind.text", "title", d.Title, "id", d.ID, "left", roughDuration(d.Moment.Sub(now), l), "when", when.Format(d.Moment, l)))
	}
	if late {
		b.WriteString("\n" + Msgs.T(l, "remind.late", "planned", when.Format(due, l)))
	}
	if d.Link != "" {
		b.WriteString("\n" + d.Link)
	}
	reply := bot.Reply{Text: b.String()}
	if r.addr.User != "" {
		reply.Choices = []bot.Choice{{ID: fmt.Sprintf("%s:unfollow:%d", Name, d.ID), Label: Msgs.T(l, "button.unfollow")}}
		if !d.follows(r.addr.User) {
			reply.Choices = nil // reached through a role: nothing to unfollow
		}
	}
	return reply
}

// dayWord says which day t falls on, seen from now: "vandaag", "morgen",
// "over 3 dagen".
func dayWord(t, now time.Time, l bot.Lang) string {
	n := termijn.DateOf(now.In(amsterdam())).DaysUntil(termijn.DateOf(t.In(amsterdam())))
	switch n {
	case 0:
		return Msgs.T(l, "day.today")
	case 1:
		return Msgs.T(l, "day.tomorrow")
	}
	return Msgs.N(l, "day.in", n)
}

// momentText writes a deadline's moment; a date-only one as its date and
// "end of the day".
func (c *Capability) momentText(d *Deadline, l bot.Lang) string {
	if d.DateOnly {
		return Msgs.T(l, "day.end_of", "date", when.FormatDate(d.Moment, l))
	}
	return when.Format(d.Moment, l)
}

// roughDuration writes d rounded to its largest sensible unit.
func roughDuration(d time.Duration, l bot.Lang) string { return when.FormatRough(d, l) }

// addMissed records a reminder for the recipient's summary and makes sure
// a summary job runs after the overdue reminders: it is due now, and every
// reminder overdue by more than max_lateness is due before now.
func (c *Capability) addMissed(tx *store.Tx, rcpt, key string, m missed, now time.Time) error {
	if err := tx.Bucket(missedBucket).PutJSON([]byte(rcpt+"\x00"+key), m); err != nil {
		return err
	}
	id := summaryJobPref + rcpt
	if _, ok, err := schedule.Get(tx, id); err != nil || ok {
		return err
	}
	data, _ := json.Marshal(rcpt)
	return schedule.Put(tx, schedule.Job{ID: id, Kind: kindSummary, Due: now, Data: data})
}

// maxSummaryLines bounds the summary message.
const maxSummaryLines = 20

// fireSummary sends one message per recipient listing the reminders that
// were missed during downtime.
func (c *Capability) fireSummary(ctx context.Context, tx *store.Tx, job schedule.Job, now time.Time) error {
	var rcpt string
	if err := json.Unmarshal(job.Data, &rcpt); err != nil || rcpt == "" {
		c.log.Error("undecodable summary job; dropped", "id", job.ID)
		return nil
	}
	b := tx.Bucket(missedBucket)
	prefix := []byte(rcpt + "\x00")
	var keys [][]byte
	var items []missed
	cur := b.Cursor()
	for k, v := cur.Seek(prefix); k != nil && strings.HasPrefix(string(k), string(prefix)); k, v = cur.Next() {
		keys = append(keys, append([]byte(nil), k...))
		var m missed
		if json.Unmarshal(v, &m) == nil {
			items = append(items, m)
		}
	}
	for _, k := range keys {
		if err := b.Delete(k); err != nil {
			return err
		}
	}
	if len(items) == 0 {
		return nil
	}
	sort.SliceStable(items, func(i, j int) bool { return items[i].Moment.Before(items[j].Moment) })
	addr := recipientAddr(rcpt)
	l := c.deps.DefaultLang
	if addr.User != "" {
		l = c.userLang(tx, addr.User)
	}
	var sb strings.Builder
	sb.WriteString(Msgs.N(l, "summary.intro", len(items)))
	seen := map[uint64]bool{}
	lines := 0
	for _, m := range items {
		if seen[m.ID] {
			continue // several offsets of one deadline: one line
		}
		seen[m.ID] = true
		if lines == maxSummaryLines {
			sb.WriteString("\n" + Msgs.T(l, "summary.more"))
			break
		}
		lines++
		id := "summary.line"
		if !m.Moment.After(now) {
			id = "summary.line_passed"
		}
		sb.WriteString("\n- " + Msgs.T(l, id, "title", m.Title, "id", m.ID, "when", c.momentText(&Deadline{Moment: m.Moment, DateOnly: m.DateOnly}, l)))
	}
	key := fmt.Sprintf("summary:%s:%d", rcpt, job.Due.UnixNano())
	_, err := outbox.Enqueue(tx, outbox.Item{Key: key, To: addr, Reply: bot.Reply{Text: sb.String()}, Kind: "reminder-summary", Created: now})
	return err
}

// digestOptIn is an official's choice to get the daily digest.
type digestOptIn struct {
	Since time.Time `json:"since"`
	// Time is the user's own digest time ("HH:MM"); empty means the
	// configured digest_time, sent by the shared digest job.
	Time string `json:"time,omitempty"`
}

// userDigestJob is the id of the digest job of a user with their own time.
func userDigestJob(userID string) string { return "deadlines-digest-user:" + userID }

// digestClock is the user's digest time of day.
func (c *Capability) digestClock(opt digestOptIn) string {
	if opt.Time != "" {
		return opt.Time
	}
	return fmt.Sprintf("%02d:%02d", c.set.digestH, c.set.digestM)
}

// nextDigestFor is the user's next digest moment.
func (c *Capability) nextDigestFor(opt digestOptIn, now time.Time) time.Time {
	if h, m, ok := readClock(opt.Time); ok && opt.Time != "" {
		return c.nextDigestAt(now, h, m)
	}
	return c.nextDigest(now)
}

// nextDigest is the first digest moment after now at the configured time.
func (c *Capability) nextDigest(now time.Time) time.Time {
	return c.nextDigestAt(now, c.set.digestH, c.set.digestM)
}

// nextDigestAt is the first moment after now at h:m on a working day (Atw:
// no weekends or general holidays), on the wall clock in Amsterdam.
func (c *Capability) nextDigestAt(now time.Time, h, m int) time.Time {
	day := termijn.DateOf(now.In(amsterdam()))
	for i := 0; i < 30; i++ {
		if termijn.IsWorkingDay(day) {
			at := day.In(amsterdam(), h, m)
			if at.After(now) {
				return at
			}
		}
		day = day.AddDays(1)
	}
	return now.Add(24 * time.Hour) // unreachable: there is always a working day within a month
}

// ensureDigest schedules the digest job when it is missing.
func (c *Capability) ensureDigest(tx *store.Tx, now time.Time) error {
	if _, ok, err := schedule.Get(tx, digestJobID); err != nil || ok {
		return err
	}
	return schedule.Put(tx, schedule.Job{ID: digestJobID, Kind: kindDigest, Due: c.nextDigest(now)})
}

// fireDigest sends each opted-in official the deadlines of the coming
// period, then schedules the next digest. A digest more than max_lateness
// late (the bot was down) is skipped: tomorrow's will do.
func (c *Capability) fireDigest(ctx context.Context, tx *store.Tx, job schedule.Job, now time.Time) error {
	next := c.nextDigest(now)
	if err := schedule.Put(tx, schedule.Job{ID: digestJobID, Kind: kindDigest, Due: next}); err != nil {
		return err
	}
	if now.Sub(job.Due) > c.set.maxLateness {
		c.log.Info("digest skipped: too late after downtime", "due", job.Due)
		return nil
	}
	var users []string
	_ = tx.Bucket(digestBucket).ForEach(func(k, v []byte) error {
		var opt digestOptIn
		if json.Unmarshal(v, &opt) == nil && opt.Time != "" {
			return nil // has a job of their own
		}
		users = append(users, string(k))
		return nil
	})
	day := termijn.DateOf(job.Due.In(amsterdam())).String()
	for _, u := range users {
		if err := c.sendDigest(tx, u, day, now); err != nil {
			return err
		}
	}
	return nil
}

// fireUserDigest sends the digest of one user who chose their own time,
// then schedules their next one.
func (c *Capability) fireUserDigest(ctx context.Context, tx *store.Tx, job schedule.Job, now time.Time) error {
	var u string
	if err := json.Unmarshal(job.Data, &u); err != nil || u == "" {
		c.log.Error("undecodable digest job; dropped", "id", job.ID)
		return nil
	}
	var opt digestOptIn
	if ok, err := tx.Bucket(digestBucket).GetJSON([]byte(u), &opt); err != nil || !ok || opt.Time == "" {
		return err // turned off, or back on the shared time: nothing to do
	}
	if err := schedule.Put(tx, schedule.Job{ID: job.ID, Kind: kindDigestUser, Due: c.nextDigestFor(opt, now), Data: job.Data}); err != nil {
		return err
	}
	if now.Sub(job.Due) > c.set.maxLateness {
		return nil
	}
	return c.sendDigest(tx, u, termijn.DateOf(job.Due.In(amsterdam())).String(), now)
}

// sendDigest queues user u's digest for day, unless it would be empty.
func (c *Capability) sendDigest(tx *store.Tx, u, day string, now time.Time) error {
	l := c.userLang(tx, u)
	roles, err := c.rolesOf(tx, u)
	if err != nil {
		return err
	}
	lines, err := c.digestLines(tx, u, roles, now, l)
	if err != nil || len(lines) == 0 {
		return err
	}
	text := Msgs.N(l, "digest.intro", c.set.digestDays) + "\n" + strings.Join(lines, "\n")
	_, err = outbox.Enqueue(tx, outbox.Item{Key: "digest:" + day + ":" + u, To: bot.ToUser(u), Reply: bot.Reply{Text: text}, Kind: "digest", Created: now})
	return err
}

// digestLines are the digest's lines for a user: the deadlines they may
// see in the coming digest_days.
func (c *Capability) digestLines(tx *store.Tx, u string, roles []bot.Role, now time.Time, l bot.Lang) ([]string, error) {
	all, err := All(tx)
	if err != nil {
		return nil, err
	}
	until := now.AddDate(0, 0, c.set.digestDays)
	var lines []string
	for i := range all {
		d := &all[i]
		if d.Cancelled || !d.Moment.After(now) || d.Moment.After(until) || !d.visibleTo(u, roles) {
			continue
		}
		lines = append(lines, "- "+Msgs.T(l, "digest.line", "title", d.Title, "id", d.ID, "when", c.momentText(d, l)))
	}
	return lines, nil
}

// rolesOf returns the configured and granted roles of a user who is not
// speaking now: official when they hold it, for the digest.
func (c *Capability) rolesOf(tx *store.Tx, userID string) ([]bot.Role, error) {
	if c.deps.Roles == nil {
		return nil, nil
	}
	var out []bot.Role
	for _, r := range []bot.Role{bot.RoleOfficial, bot.RoleAdmin} {
		holders, err := c.deps.Roles.HolderIDsTx(tx, r)
		if err != nil {
			return nil, err
		}
		if slices.Contains(holders, userID) {
			out = append(out, r)
		}
	}
	return out, nil
}

// RenderReminder is the outbox.Renderer for reminders: a reminder held up
// in the outbox (the platform was down) is written again when it finally
// goes out, from the time then left, and says it is late. Anything that is
// not a current deadline reminder is sent as stored.
func (c *Capability) RenderReminder(it outbox.Item, now time.Time) (bot.Reply, bool) {
	parts := strings.SplitN(it.Key, ":", 5)
	if len(parts) != 5 || parts[0] != "reminder" {
		return bot.Reply{}, false
	}
	if now.Sub(it.Created) <= c.set.lateAfter {
		return bot.Reply{}, false // written moments ago by fireReminder: still true
	}
	id, err1 := strconv.ParseUint(parts[1], 10, 64)
	rev, err2 := strconv.Atoi(parts[2])
	secs, err3 := strconv.ParseInt(parts[3], 10, 64)
	if err1 != nil || err2 != nil || err3 != nil {
		return bot.Reply{}, false
	}
	var out bot.Reply
	var ok bool
	_ = c.deps.DB.View(func(tx *store.Tx) error {
		d, err := load(tx, id)
		if err != nil || d == nil || d.Cancelled || d.Rev != rev {
			return err
		}
		off := time.Duration(secs) * time.Second
		due := reminderAt(d, off, c.set.remind)
		r := recipient{addr: it.To, key: parts[4], lang: c.langOr(d.Lang)}
		if it.To.User != "" {
			r.lang = c.userLang(tx, it.To.User)
		}
		out, ok = c.reminderReply(d, off, due, now, now.Sub(due) > c.set.lateAfter, r), true
		return nil
	})
	return out, ok
}
