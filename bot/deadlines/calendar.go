package deadlines

import (
	"context"
	"fmt"

	"github.com/noaber/noaber/bot"
	"github.com/noaber/noaber/bot/calendar"
	"github.com/noaber/noaber/bot/store"
)

var _ calendar.Source = (*Capability)(nil)

// feedWindow: feeds carry deadlines from 30 days ago onwards.
const feedDays = 30

// Entry is d as a calendar item, with its reminders as alarms.
func Entry(d *Deadline) calendar.Entry {
	return calendar.Entry{
		UID: fmt.Sprintf("deadline-%d@noaber", d.ID), Title: d.Title, Description: d.Description, URL: d.Link,
		Start: d.Moment, Updated: d.Updated, Cancelled: d.Cancelled, Alarms: sortedOffsets(d.Offsets),
	}
}

func icsFile(d *Deadline) bot.File {
	return bot.File{Name: fmt.Sprintf("deadline-%d.ics", d.ID), ContentType: "text/calendar", Data: calendar.ICS(d.Title, Entry(d))}
}

// CalendarEntries returns the public deadlines (those made in a channel)
// when userID is empty, else the deadlines the user owns or follows; each
// from 30 days ago on, cancelled ones marked so calendar apps remove them.
func (c *Capability) CalendarEntries(ctx context.Context, userID string) ([]calendar.Entry, error) {
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
		out = append(out, Entry(d))
	}
	return out, nil
}
