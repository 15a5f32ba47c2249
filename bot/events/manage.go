package events

import (
	"context"
	"encoding/json"
	"errors"
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

// Job kinds this package registers on the scheduler.
const (
	JobReminder  = "events.reminder"
	JobRetention = "events.retention"
	JobCancelled = "events.cancelled"
)

const retentionJobID = "events:retention"

// jobPrefix is the prefix of every scheduled job of one event; the colon
// keeps event 1 from matching event 12.
func jobPrefix(id uint64) string { return fmt.Sprintf("%s:%d:", Name, id) }

type reminderData struct {
	Event  uint64        `json:"event"`
	Offset time.Duration `json:"offset"`
}

// getOpen reads event id for a change: it must not be cancelled, and must
// not have started (or, with untilEnd, not have ended: a running event can
// still be called off).
func getOpen(tx *store.Tx, id uint64, now time.Time, untilEnd bool) (Event, error) {
	ev, err := Get(tx, id)
	if err != nil {
		return ev, err
	}
	if ev.Cancelled {
		return ev, ErrCancelled
	}
	limit := ev.Start
	if untilEnd {
		limit = ev.End
	}
	if !now.Before(limit) {
		return ev, ErrStarted
	}
	return ev, nil
}

// Create stores a new event organised by organiser (a user id) and
// schedules its reminders in the same transaction.
func (s *Events) Create(ev Event, organiser string) (Event, error) {
	now := s.now()
	err := s.db.Update(func(tx *store.Tx) error {
		id, err := tx.Bucket(rootB, itemsB).NextSequence()
		if err != nil {
			return err
		}
		ev.ID, ev.Created, ev.Updated = id, now, now
		if _, err := calendar.EnsureUIDNamespace(tx); err != nil {
			return err
		}
		ev.Organisers = []string{organiser}
		ev.Confirmed, ev.Waitlist, ev.Maybe = 0, 0, 0
		if err := putEvent(tx, &ev); err != nil {
			return err
		}
		return s.scheduleReminders(tx, &ev, now)
	})
	return ev, err
}

// scheduleReminders replaces the event's reminder jobs with one per offset
// that is still ahead.
func (s *Events) scheduleReminders(tx *store.Tx, ev *Event, now time.Time) error {
	var jobs []schedule.Job
	if !ev.Cancelled {
		for _, off := range s.cfg.offsets() {
			due := ev.Start.Add(-off)
			if !due.After(now) {
				continue
			}
			data, _ := json.Marshal(reminderData{Event: ev.ID, Offset: off})
			jobs = append(jobs, schedule.Job{
				ID: jobPrefix(ev.ID) + "remind:" + off.String(), Kind: JobReminder, Due: due, Data: data,
			})
		}
	}
	_, err := schedule.Replace(tx, jobPrefix(ev.ID)+"remind:", jobs)
	return err
}

// Edit applies the fields (as parsed from "| keyword value" segments) to
// event id. Raising the capacity promotes from the waitlist; lowering it
// below the confirmed count is refused. Attendees hear of a change of time
// or place.
func (s *Events) Edit(id uint64, fields map[string]string) (Event, []Signup, error) {
	now := s.now()
	var ev Event
	var promoted []Signup
	err := s.db.Update(func(tx *store.Tx) error {
		var err error
		if ev, err = getOpen(tx, id, now, false); err != nil {
			return err
		}
		before := ev
		if e := apply(&ev, fields, now, s.cfg, false); e != nil {
			return e
		}
		if ev.Capacity != 0 && ev.Capacity < ev.Confirmed {
			return ErrCapacityBelowConfirmed
		}
		ev.Updated = now
		ev.Seq++
		if promoted, err = s.fill(tx, &ev, now); err != nil {
			return err
		}
		if err := putEvent(tx, &ev); err != nil {
			return err
		}
		if !ev.Start.Equal(before.Start) {
			if err := s.scheduleReminders(tx, &ev, now); err != nil {
				return err
			}
		}
		if ev.Start.Equal(before.Start) && ev.End.Equal(before.End) && ev.Location == before.Location {
			return nil
		}
		_, err = s.tellAll(tx, &ev, now, fmt.Sprintf("changed:%d", now.UnixNano()), "changed", true, 0, func(lang bot.Lang) string {
			return Msgs.T(lang, "changed.notice", "id", ev.ID, "title", ev.Title,
				"when", when.Format(ev.Start, lang), "location", orDash(ev.Location))
		})
		return err
	})
	return ev, promoted, err
}

// undoWindow is how long a cancellation can be undone; attendees are told
// once it has passed.
const undoWindow = time.Minute

func cancelJobID(id uint64) string { return jobPrefix(id) + "cancelled" }

// Cancel calls event id off: its reminders are deleted, and everyone
// signed up (confirmed, waitlist, maybe) is told by direct message once the
// minute for undoing it has passed. It returns how many will be told.
func (s *Events) Cancel(id uint64) (Event, int, error) {
	now := s.now()
	var ev Event
	var told int
	err := s.db.Update(func(tx *store.Tx) error {
		var err error
		if ev, err = getOpen(tx, id, now, true); err != nil {
			return err
		}
		ev.Cancelled, ev.Updated = true, now
		ev.Seq++
		if err := putEvent(tx, &ev); err != nil {
			return err
		}
		if _, err := schedule.DeletePrefix(tx, jobPrefix(id)); err != nil {
			return err
		}
		ss, err := Signups(tx, id)
		if err != nil {
			return err
		}
		told = len(ss)
		data, _ := json.Marshal(id)
		return schedule.Put(tx, schedule.Job{ID: cancelJobID(id), Kind: JobCancelled, Due: now.Add(undoWindow), Data: data})
	})
	return ev, told, err
}

// Uncancel undoes a cancellation within undoWindow, before anyone was
// told: the event is on again, with its reminders.
func (s *Events) Uncancel(id uint64) (Event, error) {
	now := s.now()
	var ev Event
	err := s.db.Update(func(tx *store.Tx) error {
		var err error
		if ev, err = Get(tx, id); err != nil {
			return err
		}
		_, pending, err := schedule.Get(tx, cancelJobID(id))
		if err != nil {
			return err
		}
		if !ev.Cancelled || !pending || now.Sub(ev.Updated) > undoWindow {
			return ErrUndoExpired
		}
		if err := schedule.Delete(tx, cancelJobID(id)); err != nil {
			return err
		}
		ev.Cancelled, ev.Updated = false, now
		ev.Seq++
		if err := putEvent(tx, &ev); err != nil {
			return err
		}
		return s.scheduleReminders(tx, &ev, now)
	})
	return ev, err
}

// runCancelled tells everyone signed up that event id is off, once the
// undo window has passed.
func (s *Events) runCancelled(tx *store.Tx, job schedule.Job, now time.Time) error {
	var id uint64
	if err := json.Unmarshal(job.Data, &id); err != nil {
		return nil
	}
	ev, err := Get(tx, id)
	if err != nil || !ev.Cancelled {
		return nil // gone, or undone
	}
	more, err := s.tellAll(tx, &ev, now, "cancelled", "cancellation", false, perJobRun, func(lang bot.Lang) string {
		return Msgs.T(lang, "cancel.notice", "id", ev.ID, "title", ev.Title, "when", when.Format(ev.Start, lang))
	})
	if err != nil || !more {
		return err
	}
	return again(tx, job, now)
}

// perJobRun is how many messages one run of a job that tells everyone
// signed up queues; a job with more to tell runs again at once (again).
// Each message is three writes, and an etcd transaction takes at most 128
// by default ([store] max_txn_ops): 25 messages stay well below, with the
// job's own keys. The outbox keys make the next run skip who was told.
const perJobRun = 25

// again schedules job to run once more at now, in a transaction of its
// own (the scheduler runs what is due until nothing is).
func again(tx *store.Tx, job schedule.Job, now time.Time) error {
	job.Due = now
	return schedule.Put(tx, job)
}

// tellAll queues a direct message to everyone signed up for ev (only the
// confirmed when confirmedOnly), with the event's .ics attached. keyPart
// makes the outbox key unique per logical message. With limit > 0 it
// queues at most limit new messages and reports whether it stopped there
// (someone may be left to tell).
func (s *Events) tellAll(tx *store.Tx, ev *Event, now time.Time, keyPart, kind string, confirmedOnly bool, limit int, text func(bot.Lang) string) (bool, error) {
	ss, err := Signups(tx, ev.ID)
	if err != nil {
		return false, err
	}
	queued := 0
	file := s.icsTx(tx, ev)
	for _, su := range ss {
		if confirmedOnly && su.Status != StatusConfirmed {
			continue
		}
		if limit > 0 && queued == limit {
			return true, nil
		}
		lang := langOf(tx, su.User)
		ok, err := outbox.Enqueue(tx, outbox.Item{
			Key: fmt.Sprintf("events:%s:%d:%s", keyPart, ev.ID, su.User), To: bot.ToUser(su.User),
			Reply: bot.Reply{Text: text(lang), Files: []bot.File{file}}, Kind: kind, Created: now,
		})
		if err != nil {
			return false, err
		}
		if ok {
			queued++
		}
	}
	return false, nil
}

// Message queues text from an organiser to every confirmed attendee and
// returns how many will get it.
func (s *Events) Message(id uint64, from, text string) (int, error) {
	now := s.now()
	var n int
	err := s.db.Update(func(tx *store.Tx) error {
		ev, err := Get(tx, id)
		if err != nil {
			return err
		}
		if ev.Cancelled {
			return ErrCancelled
		}
		if ev.Purged {
			return ErrPurged
		}
		seq, err := tx.Bucket(rootB, messagesB).NextSequence()
		if err != nil {
			return err
		}
		n = ev.Confirmed
		_, err = s.tellAll(tx, &ev, now, fmt.Sprintf("message:%d", seq), "event_message", true, 0, func(lang bot.Lang) string {
			return Msgs.T(lang, "message.notice", "id", ev.ID, "title", ev.Title, "from", from, "text", text)
		})
		return err
	})
	return n, err
}

// Announce records that event id was announced in conversation convID.
func (s *Events) Announce(id uint64, convID string) (Event, error) {
	now := s.now()
	var ev Event
	err := s.db.Update(func(tx *store.Tx) error {
		var err error
		if ev, err = getOpen(tx, id, now, false); err != nil {
			return err
		}
		if !slices.Contains(ev.Channels, convID) {
			ev.Channels = append(ev.Channels, convID)
			ev.Updated = now
		}
		if err := s.tellFollowers(tx, &ev, now); err != nil {
			return err
		}
		return putEvent(tx, &ev)
	})
	return ev, err
}

// runReminder queues the reminder of one offset to each confirmed attendee.
// The outbox key names the event, its start, the offset and the recipient,
// so a re-run after a crash sends nothing twice and a moved event is
// reminded again.
func (s *Events) runReminder(tx *store.Tx, job schedule.Job, now time.Time) error {
	var d reminderData
	if err := json.Unmarshal(job.Data, &d); err != nil {
		s.log.Error("undecodable reminder job; dropped", "id", job.ID, "err", err)
		return nil
	}
	ev, err := Get(tx, d.Event)
	if err == ErrNotFound || err == nil && ev.Cancelled {
		return nil
	}
	if err != nil {
		return err
	}
	if !now.Before(ev.Start) {
		s.log.Warn("reminder fell due after the start; skipped", "event", ev.ID, "offset", d.Offset)
		return nil
	}
	ss, err := Signups(tx, ev.ID)
	if err != nil {
		return err
	}
	file := s.icsTx(tx, &ev)
	queued := 0
	for _, su := range ss {
		if su.Status != StatusConfirmed {
			continue
		}
		if queued == perJobRun {
			return again(tx, job, now) // the rest in a transaction of its own
		}
		lang := langOf(tx, su.User)
		text := reminderText(lang, &ev, now)
		ok, err := outbox.Enqueue(tx, outbox.Item{
			Key: fmt.Sprintf("events:reminder:%d:%d:%s:%s", ev.ID, ev.Start.Unix(), d.Offset, su.User),
			To:  bot.ToUser(su.User), Reply: bot.Reply{Text: text, Files: []bot.File{file}},
			Kind: "reminder", Created: now,
		})
		if err != nil {
			return err
		}
		if ok {
			queued++
		}
	}
	return nil
}

// reminderText is an attendee's reminder, from the time left at now: a
// reminder sent late says what is true when it goes out.
func reminderText(lang bot.Lang, ev *Event, now time.Time) string {
	return Msgs.T(lang, "reminder", "id", ev.ID, "title", ev.Title, "in", when.FormatRough(ev.Start.Sub(now), lang),
		"when", when.Format(ev.Start, lang), "location", orDash(ev.Location))
}

// RenderReminder is the outbox.Renderer for event reminders: one held up
// in the outbox is written again when it goes out. Anything else, or an
// event that moved, was cancelled or has begun, is sent as stored.
func (s *Events) RenderReminder(it outbox.Item, now time.Time) (bot.Reply, bool) {
	parts := strings.SplitN(it.Key, ":", 6) // events:reminder:<id>:<start>:<offset>:<user>
	if len(parts) != 6 || parts[0] != "events" || parts[1] != "reminder" || it.To.User == "" {
		return bot.Reply{}, false
	}
	id, err1 := strconv.ParseUint(parts[2], 10, 64)
	start, err2 := strconv.ParseInt(parts[3], 10, 64)
	if err1 != nil || err2 != nil {
		return bot.Reply{}, false
	}
	var out bot.Reply
	var ok bool
	_ = s.db.View(func(tx *store.Tx) error {
		ev, err := Get(tx, id)
		if err != nil || ev.Cancelled || ev.Start.Unix() != start || !now.Before(ev.Start) {
			return nil
		}
		out, ok = bot.Reply{Text: reminderText(langOf(tx, it.To.User), &ev, now), Files: it.Reply.Files}, true
		return nil
	})
	return out, ok
}

// runRetention removes the sign-ups of events that ended longer ago than
// the retention period, keeping the counts, and schedules itself for the
// next day.
func (s *Events) runRetention(tx *store.Tx, now time.Time) error {
	if n, err := s.Purge(tx, now); err != nil {
		return err
	} else if n > 0 {
		tx.Scrub()
	}
	return schedule.Put(tx, schedule.Job{ID: retentionJobID, Kind: JobRetention, Due: now.Add(24 * time.Hour)})
}

// Purge removes the sign-ups (names, answers) of every event that ended
// before now minus the retention period and returns how many events it
// purged. The counts stay on the event.
func (s *Events) Purge(tx *store.Tx, now time.Time) (int, error) {
	cutoff := now.Add(-s.cfg.retention())
	var due []Event
	if err := Each(tx, func(ev Event) (bool, error) {
		if !ev.Purged && ev.End.Before(cutoff) {
			due = append(due, ev)
		}
		return true, nil
	}); err != nil {
		return 0, err
	}
	for _, ev := range due {
		ss, err := Signups(tx, ev.ID)
		if err != nil {
			return 0, err
		}
		for _, su := range ss {
			if err := tx.Bucket(rootB, byUserB).Delete(userKey(su.User, ev.ID)); err != nil {
				return 0, err
			}
		}
		if err := tx.Bucket(rootB, signupsB).DeleteSub(idName(ev.ID)); err != nil {
			return 0, err
		}
		if err := tx.Bucket(rootB, waitlistB).DeleteSub(idName(ev.ID)); err != nil {
			return 0, err
		}
		ev.Purged = true
		if err := putEvent(tx, &ev); err != nil {
			return 0, err
		}
	}
	return len(due), nil
}

// Register adds the job handlers to sched, makes sure the daily retention
// job is scheduled, and brings the reminders of upcoming events in line
// with the configured offsets, so a changed [events] reminders applies to
// events that already exist (a reminder already sent is not sent again:
// only moments still ahead are scheduled).
func (s *Events) Register(sched *schedule.Scheduler) error {
	sched.Handle(JobReminder, func(_ context.Context, tx *store.Tx, job schedule.Job, now time.Time) error {
		return s.runReminder(tx, job, now)
	})
	sched.Handle(JobCancelled, func(_ context.Context, tx *store.Tx, job schedule.Job, now time.Time) error {
		return s.runCancelled(tx, job, now)
	})
	sched.Handle(JobRetention, func(_ context.Context, tx *store.Tx, _ schedule.Job, now time.Time) error {
		return s.runRetention(tx, now)
	})
	sched.Handle(JobBulletin, func(_ context.Context, tx *store.Tx, job schedule.Job, now time.Time) error {
		return s.runBulletin(tx, job, now)
	})
	// One transaction per event, each writing only what changed (nothing,
	// at a plain restart): a store on etcd limits the operations of one
	// transaction, and a deployment may have many upcoming events.
	now := s.now()
	var upcoming []Event
	if err := s.db.View(func(tx *store.Tx) error {
		var err error
		upcoming, err = Upcoming(tx, now)
		return err
	}); err != nil {
		return err
	}
	for i := range upcoming {
		id := upcoming[i].ID
		if err := s.db.Update(func(tx *store.Tx) error {
			ev, err := Get(tx, id)
			if errors.Is(err, ErrNotFound) {
				return nil // erased meanwhile
			}
			if err != nil {
				return err
			}
			return s.scheduleReminders(tx, &ev, now)
		}); err != nil {
			return err
		}
	}
	return s.db.Update(func(tx *store.Tx) error {
		if err := s.ensureBulletinJob(tx, now); err != nil {
			return err
		}
		if _, ok, err := schedule.Get(tx, retentionJobID); err != nil || ok {
			return err
		}
		return schedule.Put(tx, schedule.Job{ID: retentionJobID, Kind: JobRetention, Due: now.Add(time.Minute)})
	})
}

func orDash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}
