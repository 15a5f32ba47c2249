package events

import (
	"encoding/json"
	"fmt"
	"strconv"
	"time"

	"github.com/noaber/noaber/bot/calendar"
	"github.com/noaber/noaber/bot/store"
)

// Status is where a sign-up stands.
type Status string

// The sign-up statuses. Withdrawn sign-ups are deleted, not kept.
const (
	StatusConfirmed Status = "confirmed" // has a place
	StatusWaitlist  Status = "waitlist"  // waits for a place, in commit order
	StatusMaybe     Status = "maybe"     // interested; takes no place
)

// Event is one network event.
type Event struct {
	ID          uint64    `json:"id"`
	Title       string    `json:"title"`
	Start       time.Time `json:"start"`
	End         time.Time `json:"end"`
	Location    string    `json:"location,omitempty"`
	Description string    `json:"description,omitempty"`
	// Capacity is the number of places; 0 means unlimited.
	Capacity int `json:"capacity,omitempty"`
	// Deadline is the last moment to sign up; zero means until the start.
	Deadline time.Time `json:"deadline,omitzero"`
	// Question is asked of each attendee after signing up; empty for none.
	Question string `json:"question,omitempty"`
	// Organisers are the user ids that may manage the event and see its
	// attendees (besides admins). The creator is the first.
	Organisers []string `json:"organisers"`
	// Channels are the conversations the event was announced in.
	Channels  []string  `json:"channels,omitempty"`
	Created   time.Time `json:"created"`
	Updated   time.Time `json:"updated"`
	Cancelled bool      `json:"cancelled,omitempty"`
	// Seq counts the changes of time, place, text and status, for the
	// SEQUENCE of its calendar entry.
	Seq int `json:"seq,omitempty"`
	// Counts, kept in the same transaction as the sign-ups they count;
	// they survive the retention purge.
	Confirmed int `json:"confirmed"`
	Waitlist  int `json:"waitlist"`
	Maybe     int `json:"maybe"`
	// Purged is set once the sign-ups were removed after the retention period.
	Purged bool `json:"purged,omitempty"`
}

// PlacesLeft returns the free places, or -1 when the capacity is unlimited.
func (e *Event) PlacesLeft() int {
	if e.Capacity == 0 {
		return -1
	}
	return max(e.Capacity-e.Confirmed, 0)
}

// SignupCloses is the moment after which sign-ups are refused.
func (e *Event) SignupCloses() time.Time {
	if !e.Deadline.IsZero() && e.Deadline.Before(e.Start) {
		return e.Deadline
	}
	return e.Start
}

// IsOrganiser reports whether userID is one of the event's organisers.
func (e *Event) IsOrganiser(userID string) bool {
	for _, o := range e.Organisers {
		if o == userID {
			return true
		}
	}
	return false
}

// Entry is the event as a calendar entry; ns is the database's UID
// namespace (calendar.Namespace).
func (e *Event) Entry(alarms []time.Duration, ns string) calendar.Entry {
	return calendar.Entry{
		UID: calendar.UID("event", e.ID, ns), Title: e.Title, Description: e.Description,
		Location: e.Location, Start: e.Start, End: e.End, Updated: e.Updated, Sequence: e.Seq,
		Cancelled: e.Cancelled, Alarms: alarms,
	}
}

// Signup is one person's sign-up for one event.
type Signup struct {
	EventID uint64 `json:"event"`
	User    string `json:"user"`
	Name    string `json:"name,omitempty"`
	Status  Status `json:"status"`
	// Seq orders the waitlist (commit order); set only while waitlisted.
	Seq     uint64    `json:"seq,omitempty"`
	Answer  string    `json:"answer,omitempty"`
	Created time.Time `json:"created"`
	Updated time.Time `json:"updated"`
}

const (
	rootB     = "events"
	itemsB    = "items"
	signupsB  = "signups"
	waitlistB = "waitlist"
	byUserB   = "byuser"
	messagesB = "messages" // sequence for organiser messages
)

func idKey(id uint64) []byte { return store.U64(id) }

func idName(id uint64) string { return strconv.FormatUint(id, 10) }

// Get reads event id.
func Get(tx *store.Tx, id uint64) (Event, error) {
	var ev Event
	ok, err := tx.Bucket(rootB, itemsB).GetJSON(idKey(id), &ev)
	if err != nil {
		return Event{}, err
	}
	if !ok {
		return Event{}, ErrNotFound
	}
	return ev, nil
}

func putEvent(tx *store.Tx, ev *Event) error {
	return tx.Bucket(rootB, itemsB).PutJSON(idKey(ev.ID), ev)
}

// Each calls fn for every event in id order; fn returns false to stop.
func Each(tx *store.Tx, fn func(Event) (bool, error)) error {
	c := tx.Bucket(rootB, itemsB).Cursor()
	for k, v := c.First(); k != nil; k, v = c.Next() {
		var ev Event
		if err := json.Unmarshal(v, &ev); err != nil {
			return fmt.Errorf("decode event %d: %w", store.ParseU64(k), err)
		}
		more, err := fn(ev)
		if err != nil || !more {
			return err
		}
	}
	return nil
}

// Upcoming returns the events that are not cancelled and have not ended at
// now, by start time.
func Upcoming(tx *store.Tx, now time.Time) ([]Event, error) {
	var out []Event
	err := Each(tx, func(ev Event) (bool, error) {
		if !ev.Cancelled && ev.End.After(now) {
			out = append(out, ev)
		}
		return true, nil
	})
	sortByStart(out)
	return out, err
}

func sortByStart(evs []Event) {
	for i := 1; i < len(evs); i++ {
		for j := i; j > 0 && (evs[j].Start.Before(evs[j-1].Start) ||
			evs[j].Start.Equal(evs[j-1].Start) && evs[j].ID < evs[j-1].ID); j-- {
			evs[j], evs[j-1] = evs[j-1], evs[j]
		}
	}
}

func signups(tx *store.Tx, id uint64) *store.Bucket {
	return tx.Bucket(rootB, signupsB).Sub(idName(id))
}

func waitlist(tx *store.Tx, id uint64) *store.Bucket {
	return tx.Bucket(rootB, waitlistB).Sub(idName(id))
}

func userKey(userID string, id uint64) []byte {
	return append([]byte(userID+"\x00"), idKey(id)...)
}

// GetSignup reads userID's sign-up for event id.
func GetSignup(tx *store.Tx, id uint64, userID string) (Signup, bool, error) {
	var s Signup
	ok, err := signups(tx, id).GetJSON([]byte(userID), &s)
	return s, ok, err
}

func putSignup(tx *store.Tx, s *Signup) error {
	if err := signups(tx, s.EventID).PutJSON([]byte(s.User), s); err != nil {
		return err
	}
	return tx.Bucket(rootB, byUserB).Put(userKey(s.User, s.EventID), []byte(s.Status))
}

func deleteSignup(tx *store.Tx, s *Signup) error {
	if err := signups(tx, s.EventID).Delete([]byte(s.User)); err != nil {
		return err
	}
	if s.Status == StatusWaitlist {
		if err := waitlist(tx, s.EventID).Delete(store.U64(s.Seq)); err != nil {
			return err
		}
	}
	return tx.Bucket(rootB, byUserB).Delete(userKey(s.User, s.EventID))
}

// Signups returns the sign-ups of event id: confirmed in sign-up order,
// then the waitlist in its order, then maybe.
func Signups(tx *store.Tx, id uint64) ([]Signup, error) {
	var conf, maybe, wl []Signup
	err := signups(tx, id).ForEach(func(k, v []byte) error {
		var s Signup
		if err := json.Unmarshal(v, &s); err != nil {
			return fmt.Errorf("decode sign-up %s: %w", k, err)
		}
		switch s.Status {
		case StatusConfirmed:
			conf = append(conf, s)
		case StatusWaitlist:
			wl = append(wl, s)
		default:
			maybe = append(maybe, s)
		}
		return nil
	})
	byTime := func(ss []Signup, less func(a, b Signup) bool) {
		for i := 1; i < len(ss); i++ {
			for j := i; j > 0 && less(ss[j], ss[j-1]); j-- {
				ss[j], ss[j-1] = ss[j-1], ss[j]
			}
		}
	}
	created := func(a, b Signup) bool { return a.Updated.Before(b.Updated) }
	byTime(conf, created)
	byTime(maybe, created)
	byTime(wl, func(a, b Signup) bool { return a.Seq < b.Seq })
	return append(append(conf, wl...), maybe...), err
}

// WaitlistOrder returns the waitlisted user ids of event id in order.
func WaitlistOrder(tx *store.Tx, id uint64) []string {
	var out []string
	_ = waitlist(tx, id).ForEach(func(_, v []byte) error {
		out = append(out, string(v))
		return nil
	})
	return out
}

// position is the 1-based place of seq on the waitlist.
func position(tx *store.Tx, id, seq uint64) int {
	n := 0
	c := waitlist(tx, id).Cursor()
	for k, _ := c.First(); k != nil && store.ParseU64(k) <= seq; k, _ = c.Next() {
		n++
	}
	return n
}

// UserSignups returns the sign-ups of userID across events.
func UserSignups(tx *store.Tx, userID string) ([]Signup, error) {
	prefix := userID + "\x00"
	var out []Signup
	c := tx.Bucket(rootB, byUserB).Cursor()
	for k, _ := c.Seek([]byte(prefix)); k != nil && len(k) == len(prefix)+8 && string(k[:len(prefix)]) == prefix; k, _ = c.Next() {
		s, ok, err := GetSignup(tx, store.ParseU64(k[len(prefix):]), userID)
		if err != nil {
			return nil, err
		}
		if ok {
			out = append(out, s)
		}
	}
	return out, nil
}
