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

// ReminderAt is when the reminder offset before moment falls due. Whole
// days keep the wall-clock time in Amsterdam (one day before 17:00 is 17:00
// the day before, also across a daylight-saving change); shorter offsets
// are exact durations.
func ReminderAt(moment time.Time, offset time.Duration) time.Time {
	const day = 24 * time.Hour
	if offset%day == 0 {
		return moment.In(clock.Amsterdam).AddDate(0, 0, -int(offset/day))
	}
	return moment.Add(-offset)
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
func create(tx *store.Tx, d *Deadline, now time.Time) ([]time.Duration, error) {
	id, err := tx.Bucket(bucket).NextSequence()
	if err != nil {
		return nil, err
	}
	d.ID, d.Created, d.Updated, d.Rev = id, now, now, 1
	if err := put(tx, d); err != nil {
		return nil, err
	}
	return reschedule(tx, d, now)
}

// reschedule replaces the reminder jobs of d: all removed, then one per
// offset that still lies after now. It runs in the transaction that changed
// d, so the schedule never disagrees with the deadline.
func reschedule(tx *store.Tx, d *Deadline, now time.Time) ([]time.Duration, error) {
	if _, err := schedule.DeletePrefix(tx, jobPrefix(d.ID)); err != nil {
		return nil, err
	}
	if d.Cancelled {
		return nil, nil
	}
	var skipped []time.Duration
	for _, off := range d.Offsets {
		at := ReminderAt(d.Moment, off)
		if !at.After(now) {
			skipped = append(skipped, off)
			continue
		}
		data, _ := json.Marshal(reminderJob{ID: d.ID, Rev: d.Rev, Offset: off})
		if err := schedule.Put(tx, schedule.Job{
			ID: jobPrefix(d.ID) + strconv.FormatInt(int64(off/time.Second), 10), Kind: kindReminder, Due: at, Data: data,
		}); err != nil {
			return nil, err
		}
	}
	return skipped, nil
}

// visibleTo reports whether a user may see d: deadlines in a channel are
// public; others only for the owner, followers and holders of its role.
func (d *Deadline) visibleTo(userID string, roles []bot.Role) bool {
	return d.Channel != "" || d.Owner == userID || slices.Contains(d.Followers, userID) ||
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
	s = bot.StripInvisible(s) // no spoofing with bidi overrides or zero-width characters
	s = strings.Join(strings.Fields(s), " ")
	if r := []rune(s); len(r) > max {
		s = string(r[:max])
	}
	return s
}
