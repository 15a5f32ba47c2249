package deadlines

import (
	"context"
	"fmt"
	"time"

	"github.com/noaber/noaber/bot"
	"github.com/noaber/noaber/bot/calendar"
	"github.com/noaber/noaber/bot/store"
)

var _ calendar.Source = (*Capability)(nil)

// feedWindow: feeds carry deadlines from 30 days ago onwards.
const feedDays = 30

// Entry is d as a calendar item, with its reminders as alarms; ns is the
// database's UID namespace (calendar.Namespace) and cfg the [deadlines]
// section, for the reminder hour of date-only deadlines. A date-only
// deadline is a whole-day item.
func Entry(d *Deadline, ns string, cfg Config) calendar.Entry {
	set, err := cfg.resolve()
	if err != nil {
		set, _ = Config{}.resolve()
	}
	return entry(d, ns, set.remind)
}

func entry(d *Deadline, ns string, remind dayTime) calendar.Entry {
	e := calendar.Entry{
		UID: calendar.UID("deadline", d.ID, ns), Title: d.Title, Description: d.Description, URL: d.Link,
		Start: d.Moment, Updated: d.Updated, Sequence: d.Seq, Cancelled: d.Cancelled, AllDay: d.DateOnly,
	}
	for _, off := range sortedOffsets(d.Offsets) {
		if !d.DateOnly {
			e.Alarms = append(e.Alarms, off)
			continue
		}
		// Alarms of a whole day count from its midnight: "1d" at 09:00 the
		// day before is 15 hours before, "2u" at 09:00 is 9 hours after.
		y, m, dd := d.Moment.In(amsterdam()).Date()
		start := time.Date(y, m, dd, 0, 0, 0, 0, amsterdam())
		e.Alarms = append(e.Alarms, start.Sub(reminderAt(d, off, remind)))
	}
	return e
}

func (c *Capability) icsFile(d *Deadline) bot.File {
	return bot.File{Name: fmt.Sprintf("deadline-%d.ics", d.ID), ContentType: "text/calendar",
		Data: calendar.ICS(d.Title, entry(d, calendar.Namespace(c.deps.DB), c.set.remind))}
}

// CalendarEntries returns the public deadlines when userID is empty, else
// the deadlines the user owns or follows; each from 30 days ago on,
// cancelled ones marked so calendar apps remove them.
func (c *Capability) CalendarEntries(ctx context.Context, userID string) ([]calendar.Entry, error) {
	ns := calendar.Namespace(c.deps.DB)
	var all []Deadline
	if err := c.deps.DB.View(func(tx *store.Tx) (err error) { all, err = All(tx); return }); err != nil {
		return nil, err
	}
	from := c.now().AddDate(0, 0, -feedDays)
	var out []calendar.Entry
	for i := range all {
		d := &all[i]
		if d.Moment.Before(from) {
			continue
		}
		if userID == "" && !d.IsPublic() {
			continue
		}
		if userID != "" && d.Owner != userID && !d.follows(userID) {
			continue
		}
		out = append(out, entry(d, ns, c.set.remind))
	}
	return out, nil
}
