package events

import (
	"context"
	"slices"
	"time"

	"github.com/noaber/noaber/bot/calendar"
	"github.com/noaber/noaber/bot/store"
)

// ExportedSignup is one sign-up in a privacy export.
type ExportedSignup struct {
	Event   uint64    `json:"event"`
	Title   string    `json:"title"`
	Start   time.Time `json:"start"`
	Status  Status    `json:"status"`
	Answer  string    `json:"answer,omitempty"`
	Created time.Time `json:"signed_up"`
}

// Export is what the events capability holds about one user.
type Export struct {
	Signups []ExportedSignup `json:"signups,omitempty"`
	// Organises lists the events the user is an organiser of.
	Organises []uint64 `json:"organises,omitempty"`
}

// ExportUser returns the user's sign-ups with their answers, and the events
// they organise; nil when there is nothing.
func (s *Events) ExportUser(tx *store.Tx, userID string) (any, error) {
	ss, err := UserSignups(tx, userID)
	if err != nil {
		return nil, err
	}
	var x Export
	for _, su := range ss {
		ev, err := Get(tx, su.EventID)
		if err != nil {
			return nil, err
		}
		x.Signups = append(x.Signups, ExportedSignup{Event: ev.ID, Title: ev.Title, Start: ev.Start,
			Status: su.Status, Answer: su.Answer, Created: su.Created})
	}
	if err := Each(tx, func(ev Event) (bool, error) {
		if ev.IsOrganiser(userID) {
			x.Organises = append(x.Organises, ev.ID)
		}
		return true, nil
	}); err != nil {
		return nil, err
	}
	if len(x.Signups) == 0 && len(x.Organises) == 0 {
		return nil, nil
	}
	return x, nil
}

// EraseUser withdraws every sign-up of the user (promoting waitlists, as a
// withdrawal would, also for events that already started, so the answers go
// too) and takes them off the organiser lists. It returns how many records
// it removed.
func (s *Events) EraseUser(tx *store.Tx, userID string) (int, error) {
	now := s.now()
	ss, err := UserSignups(tx, userID)
	if err != nil {
		return 0, err
	}
	n := 0
	for _, su := range ss {
		ev, err := Get(tx, su.EventID)
		if err != nil {
			return 0, err
		}
		if _, err := s.remove(tx, &ev, &su, now); err != nil {
			return 0, err
		}
		if err := putEvent(tx, &ev); err != nil {
			return 0, err
		}
		n++
	}
	var organised []Event
	if err := Each(tx, func(ev Event) (bool, error) {
		if ev.IsOrganiser(userID) {
			organised = append(organised, ev)
		}
		return true, nil
	}); err != nil {
		return 0, err
	}
	for _, ev := range organised {
		ev.Organisers = slices.DeleteFunc(ev.Organisers, func(o string) bool { return o == userID })
		if err := putEvent(tx, &ev); err != nil {
			return 0, err
		}
		n++
	}
	return n, nil
}

// feedWindow is how far back the feeds reach.
const feedWindow = 30 * 24 * time.Hour

// CalendarEntries returns the announced events (public feed, userID "") or
// the events userID signed up for (personal feed), from 30 days ago on.
func (s *Events) CalendarEntries(ctx context.Context, userID string) ([]calendar.Entry, error) {
	from := s.now().Add(-feedWindow)
	var out []calendar.Entry
	ns := calendar.Namespace(s.db)
	err := s.db.View(func(tx *store.Tx) error {
		if userID == "" {
			return Each(tx, func(ev Event) (bool, error) {
				if len(ev.Channels) > 0 && ev.End.After(from) {
					out = append(out, ev.Entry(nil, ns))
				}
				return true, ctx.Err()
			})
		}
		ss, err := UserSignups(tx, userID)
		if err != nil {
			return err
		}
		for _, su := range ss {
			ev, err := Get(tx, su.EventID)
			if err != nil {
				return err
			}
			if !ev.End.After(from) {
				continue
			}
			e := ev.Entry(nil, ns)
			if su.Status != StatusConfirmed {
				e.Title += " (" + string(su.Status) + ")"
			}
			out = append(out, e)
		}
		return nil
	})
	return out, err
}
