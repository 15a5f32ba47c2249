package deadlines

import (
	"cmp"
	"encoding/json"
	"fmt"
	"slices"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/noaber/noaber/bot"
	"github.com/noaber/noaber/bot/calendar"
	"github.com/noaber/noaber/bot/clock"
	"github.com/noaber/noaber/bot/schedule"
	"github.com/noaber/noaber/bot/store"
)

// Deadline is a moment someone must not miss.
type Deadline struct {
	ID          uint64    `json:"id"`
	Title       string    `json:"title"`
	Moment      time.Time `json:"moment"`
	DateOnly    bool      `json:"date_only,omitempty"`
	Description string    `json:"description,omitempty"`
	Link        string    `json:"link,omitempty"`
	// Owner is the user who made it; empty after the owner asked to be
	// forgotten (the deadline stays for its audience).
	Owner string `json:"owner,omitempty"`
	// Channel is the conversation it was made in, unless that was a
	// direct message; reminders are posted there.
	Channel string `json:"channel,omitempty"`
	// Role, when set, sends reminders to every holder of the role by DM.
	Role bot.Role `json:"role,omitempty"`
	// Visibility is "public" (anyone may see and follow it; the default)
	// or "private" (only its owner, followers and role holders). Empty
	// marks a deadline made before the choice existed: public when made
	// in a channel, private when made in a direct message.
	Visibility string `json:"visibility,omitempty"`
	// Seq counts every change (moment, text, reminders, cancellation), for
	// the SEQUENCE of its calendar entry.
	Seq int `json:"seq,omitempty"`
	// Followers get reminders by DM.
	Followers []string        `json:"followers,omitempty"`
	Offsets   []time.Duration `json:"offsets"`
	// Lang is the language it was made in, for channel messages.
	Lang bot.Lang `json:"lang,omitempty"`
	// Rev changes whenever the moment or the offsets change, so the
	// reminders of a moved deadline get new outbox keys.
	Rev       int       `json:"rev"`
	Created   time.Time `json:"created"`
	Updated   time.Time `json:"updated"`
	Cancelled bool      `json:"cancelled,omitempty"`
}

const (
	bucket         = "deadlines"        // U64(id) → Deadline
	digestBucket   = "deadlines_digest" // user id → digestOptIn
	missedBucket   = "deadlines_missed" // recipient key \x00 reminder key → missed
	kindReminder   = "deadlines.reminder"
	kindSummary    = "deadlines.summary"
	kindDigest     = "deadlines.digest"
	kindDigestUser = "deadlines.digest.user"
	digestJobID    = "deadlines-digest"
	summaryJobPref = "deadlines-summary:"
)

// jobPrefix is the prefix of every reminder job of deadline id; the colon
// keeps deadline 1 apart from deadline 12.
func jobPrefix(id uint64) string { return "deadline:" + strconv.FormatUint(id, 10) + ":" }

// reminderJob is the data of a reminder job.
type reminderJob struct {
	ID     uint64        `json:"id"`
	Rev    int           `json:"rev"`
	Offset time.Duration `json:"offset"`
}

// dayTime is a time of day on the Amsterdam wall clock.
type dayTime struct{ h, m int }

// reminderAt is when the reminder offset before d falls due. Whole days
// keep the wall-clock time in Amsterdam (one day before 17:00 is 17:00 the
// day before, also across a daylight-saving change); shorter offsets are
// exact durations. A deadline given as a date only ends at the end of that
// day, but its reminders go out at a sensible hour (remind, 09:00 unless
// configured) on the day the offset points at: "1d" before Friday is
// Thursday 09:00, "2u" is Friday 09:00 itself.
func reminderAt(d *Deadline, offset time.Duration, remind dayTime) time.Time {
	const day = 24 * time.Hour
	if d.DateOnly {
		days := int(offset / day)
		y, m, dd := d.Moment.In(clock.Amsterdam).Date()
		at := time.Date(y, m, dd-days, remind.h, remind.m, 0, 0, clock.Amsterdam)
		if at.Before(d.Moment) {
			return at
		}
		// A reminder hour after the deadline's own time: keep the offset.
	}
	if offset%day == 0 {
		return d.Moment.In(clock.Amsterdam).AddDate(0, 0, -int(offset/day))
	}
	return d.Moment.Add(-offset)
}

// load reads deadline id.
func load(tx *store.Tx, id uint64) (*Deadline, error) {
	var d Deadline
	ok, err := tx.Bucket(bucket).GetJSON(store.U64(id), &d)
	if err != nil || !ok {
		return nil, err
	}
	return &d, nil
}

// put stores d.
func put(tx *store.Tx, d *Deadline) error { return tx.Bucket(bucket).PutJSON(store.U64(d.ID), d) }

// All returns every stored deadline, cancelled ones included, by moment.
func All(tx *store.Tx) ([]Deadline, error) {
	var out []Deadline
	err := tx.Bucket(bucket).ForEach(func(k, v []byte) error {
		var d Deadline
		if err := json.Unmarshal(v, &d); err != nil {
			return fmt.Errorf("decode deadline %d: %w", store.ParseU64(k), err)
		}
		out = append(out, d)
		return nil
	})
	sort.SliceStable(out, func(i, j int) bool { return out[i].Moment.Before(out[j].Moment) })
	return out, err
}

// create stores a new deadline and schedules its reminders in tx. It
// returns the offsets that were skipped because they lie before now.
func create(tx *store.Tx, d *Deadline, now time.Time, remind dayTime) ([]time.Duration, error) {
	id, err := tx.Bucket(bucket).NextSequence()
	if err != nil {
		return nil, err
	}
	d.ID, d.Created, d.Updated, d.Rev = id, now, now, 1
	if _, err := calendar.EnsureUIDNamespace(tx); err != nil {
		return nil, err
	}
	if err := put(tx, d); err != nil {
		return nil, err
	}
	return reschedule(tx, d, now, remind)
}

// reschedule replaces the reminder jobs of d: all removed, then one per
// offset that still lies after now. It runs in the transaction that changed
// d, so the schedule never disagrees with the deadline.
func reschedule(tx *store.Tx, d *Deadline, now time.Time, remind dayTime) ([]time.Duration, error) {
	if _, err := schedule.DeletePrefix(tx, jobPrefix(d.ID)); err != nil {
		return nil, err
	}
	if d.Cancelled {
		return nil, nil
	}
	var skipped []time.Duration
	planned := map[time.Time]bool{}
	for _, off := range sortedOffsets(d.Offsets) {
		at := reminderAt(d, off, remind)
		if !at.After(now) {
			skipped = append(skipped, off)
			continue
		}
		if planned[at] {
			continue // "2u" and "1u" of a date-only deadline: both at 09:00 that day, sent once
		}
		planned[at] = true
		data, _ := json.Marshal(reminderJob{ID: d.ID, Rev: d.Rev, Offset: off})
		if err := schedule.Put(tx, schedule.Job{
			ID: jobPrefix(d.ID) + strconv.FormatInt(int64(off/time.Second), 10), Kind: kindReminder, Due: at, Data: data,
		}); err != nil {
			return nil, err
		}
	}
	return skipped, nil
}

// Visibility values.
const (
	Public  = "public"
	Private = "private"
)

// IsPublic reports whether anyone may see d.
func (d *Deadline) IsPublic() bool {
	if d.Visibility == "" {
		return d.Channel != ""
	}
	return d.Visibility == Public
}

// visibleTo reports whether a user may see d: public deadlines for anyone;
// private ones only for the owner, followers and holders of its role.
func (d *Deadline) visibleTo(userID string, roles []bot.Role) bool {
	return d.IsPublic() || d.Owner == userID || slices.Contains(d.Followers, userID) ||
		(d.Role != "" && bot.HasRole(roles, d.Role)) || bot.HasRole(roles, bot.RoleAdmin)
}

// manageableBy reports whether a user may edit or cancel d: its owner, or
// an official who can see it.
func (d *Deadline) manageableBy(userID string, roles []bot.Role) bool {
	return (d.Owner != "" && d.Owner == userID) || (bot.HasRole(roles, bot.RoleOfficial) && d.visibleTo(userID, roles))
}

// follows reports whether userID follows d.
func (d *Deadline) follows(userID string) bool { return slices.Contains(d.Followers, userID) }

// sortedOffsets returns the offsets longest first.
func sortedOffsets(offs []time.Duration) []time.Duration {
	out := slices.Clone(offs)
	slices.SortFunc(out, func(a, b time.Duration) int { return cmp.Compare(b, a) })
	return slices.Compact(out)
}

// cleanText folds white space and drops the separator and control
// characters, so stored text is one tidy line.
func cleanText(s string, max int) string {
	s = strings.Map(func(r rune) rune {
		if r < 0x20 || r == 0x7f || r == '|' {
			return ' '
		}
		return r
	}, s)
	s = strings.Join(strings.Fields(s), " ")
	if r := []rune(s); len(r) > max {
		s = string(r[:max])
	}
	return s
}
