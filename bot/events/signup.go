package events

import (
	"fmt"
	"time"

	"github.com/noaber/noaber/bot"
	"github.com/noaber/noaber/bot/metrics"
	"github.com/noaber/noaber/bot/outbox"
	"github.com/noaber/noaber/bot/store"
	"github.com/noaber/noaber/bot/when"
)

// Choice is an answer to an invitation.
type Choice string

// The choices.
const (
	Yes   Choice = "yes"
	No    Choice = "no"
	Maybe Choice = "maybe"
)

// Outcome is what a sign-up or withdrawal did.
type Outcome struct {
	Event Event
	// Status is the user's status afterwards; empty when they have none.
	Status Status
	// Previous is the status before; empty when there was none.
	Previous Status
	// Position is the 1-based waitlist position when Status is waitlist.
	Position int
	// Already is true when nothing changed (clicked twice).
	Already bool
	// Promoted lists who moved from the waitlist to confirmed as a result.
	Promoted []Signup
}

// Respond records user's choice for event id in one write transaction and
// returns what happened. It is the only way places are handed out. On
// ErrClosed the outcome still carries the event, for its deadline. The
// write is group-committed (store.DB.Batch) with other sign-ups arriving
// at the same moment; respondTx only writes in tx and sets out, so it may
// run again.
func (s *Events) Respond(id uint64, user bot.User, choice Choice) (Outcome, error) {
	var out Outcome
	err := s.db.Batch(func(tx *store.Tx) error {
		var err error
		out, err = s.respondTx(tx, id, user, choice, s.now())
		return err
	})
	return out, err
}

func (s *Events) respondTx(tx *store.Tx, id uint64, user bot.User, choice Choice, now time.Time) (Outcome, error) {
	ev, err := Get(tx, id)
	if err != nil {
		return Outcome{}, err
	}
	if ev.Cancelled {
		return Outcome{Event: ev}, ErrCancelled
	}
	cur, had, err := GetSignup(tx, id, user.ID)
	if err != nil {
		return Outcome{}, err
	}
	out := Outcome{Event: ev}
	if had {
		out.Previous = cur.Status
	}
	switch choice {
	case No:
		if !had {
			return out, ErrNotSignedUp
		}
		if !now.Before(ev.Start) {
			return out, ErrStarted
		}
		promoted, err := s.remove(tx, &ev, &cur, now)
		if err != nil {
			return Outcome{}, err
		}
		out.Promoted = promoted
		tx.OnCommit(func() { metrics.Signups.WithLabelValues("withdrawn").Inc() })
	case Yes, Maybe:
		want := StatusConfirmed
		if choice == Maybe {
			want = StatusMaybe
		}
		if had && (cur.Status == want || want == StatusConfirmed && cur.Status == StatusWaitlist) {
			out.Status, out.Already, out.Event = cur.Status, true, ev
			if cur.Status == StatusWaitlist {
				out.Position = position(tx, id, cur.Seq)
			}
			return out, nil
		}
		if !now.Before(ev.SignupCloses()) {
			return out, ErrClosed
		}
		next := Signup{EventID: id, User: user.ID, Name: user.Name, Created: now, Updated: now}
		if had {
			// maybe → yes or yes → maybe: give up what they had first (a
			// place goes to the waitlist), keep the answer and first date.
			if out.Promoted, err = s.remove(tx, &ev, &cur, now); err != nil {
				return Outcome{}, err
			}
			next.Answer, next.Created = cur.Answer, cur.Created
		}
		switch {
		case want == StatusMaybe:
			next.Status = StatusMaybe
			ev.Maybe++
		case ev.Capacity == 0 || ev.Confirmed < ev.Capacity:
			next.Status = StatusConfirmed
			ev.Confirmed++
		default:
			wl := waitlist(tx, id)
			seq, err := wl.NextSequence()
			if err != nil {
				return Outcome{}, err
			}
			if err := wl.Put(store.U64(seq), []byte(user.ID)); err != nil {
				return Outcome{}, err
			}
			next.Status, next.Seq = StatusWaitlist, seq
			ev.Waitlist++
			out.Position = ev.Waitlist
		}
		if err := putSignup(tx, &next); err != nil {
			return Outcome{}, err
		}
		out.Status = next.Status
		status := string(next.Status)
		tx.OnCommit(func() { metrics.Signups.WithLabelValues(status).Inc() })
	default:
		return Outcome{}, fmt.Errorf("events: unknown choice %q", choice)
	}
	ev.Updated = now
	if err := putEvent(tx, &ev); err != nil {
		return Outcome{}, err
	}
	out.Event = ev
	return out, nil
}

// remove deletes a sign-up, fixes the counts and fills a freed place from
// the waitlist. The caller stores ev.
func (s *Events) remove(tx *store.Tx, ev *Event, su *Signup, now time.Time) ([]Signup, error) {
	if err := deleteSignup(tx, su); err != nil {
		return nil, err
	}
	switch su.Status {
	case StatusConfirmed:
		ev.Confirmed--
	case StatusWaitlist:
		ev.Waitlist--
	case StatusMaybe:
		ev.Maybe--
	}
	return s.fill(tx, ev, now)
}

// fill promotes the first on the waitlist while there are free places, and
// queues a direct message to each promoted person. The caller stores ev.
func (s *Events) fill(tx *store.Tx, ev *Event, now time.Time) ([]Signup, error) {
	var promoted []Signup
	wl := waitlist(tx, ev.ID)
	for ev.Capacity == 0 || ev.Confirmed < ev.Capacity {
		k, v := wl.Cursor().First()
		if k == nil {
			break
		}
		seq, userID := store.ParseU64(k), string(v)
		if err := wl.Delete(store.U64(seq)); err != nil {
			return nil, err
		}
		su, ok, err := GetSignup(tx, ev.ID, userID)
		if err != nil {
			return nil, err
		}
		if !ok || su.Status != StatusWaitlist || su.Seq != seq {
			// Cannot happen while every change goes through this package;
			// skip rather than promote the wrong person.
			s.log.Error("waitlist entry without sign-up; skipped", "event", ev.ID, "seq", seq)
			continue
		}
		ev.Waitlist--
		su.Status, su.Seq, su.Updated = StatusConfirmed, 0, now
		if err := putSignup(tx, &su); err != nil {
			return nil, err
		}
		ev.Confirmed++
		promoted = append(promoted, su)
		lang := langOf(tx, userID)
		reply := bot.Reply{
			Text:  Msgs.T(lang, "promoted", "id", ev.ID, "title", ev.Title, "when", when.Format(ev.Start, lang)),
			Files: []bot.File{s.icsTx(tx, ev)},
		}
		if _, err := outbox.Enqueue(tx, outbox.Item{
			Key: fmt.Sprintf("events:promoted:%d:%s:%d", ev.ID, userID, seq), To: bot.ToUser(userID),
			Reply: reply, Kind: "promotion", Created: now,
		}); err != nil {
			return nil, err
		}
		tx.OnCommit(func() { metrics.Signups.WithLabelValues("promoted").Inc() })
	}
	return promoted, nil
}

// SetAnswer stores userID's answer to the event's question.
func (s *Events) SetAnswer(id uint64, userID, answer string) error {
	return s.db.Update(func(tx *store.Tx) error {
		su, ok, err := GetSignup(tx, id, userID)
		if err != nil {
			return err
		}
		if !ok {
			return ErrNotSignedUp
		}
		su.Answer = answer
		return signups(tx, id).PutJSON([]byte(userID), su)
	})
}
