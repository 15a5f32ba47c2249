package main

import (
	"context"
	"encoding/csv"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"strconv"
	"strings"
	"time"

	"github.com/noaber/noaber/bot"
	"github.com/noaber/noaber/bot/clock"
	"github.com/noaber/noaber/bot/events"
	"github.com/noaber/noaber/bot/store"
)

func init() {
	register(&command{name: "events list", args: "[--all] [--json] [--db PATH]",
		short: "list upcoming events with their counts", run: runEventsList})
	register(&command{name: "events attendees", args: "ID [--json|--csv] [--db PATH]",
		short: "the attendees of an event, with answers (personal data: handle with care)", run: runEventsAttendees})
}

// openRead opens the database read-only (through the running bot when it
// holds the file); ok is false when it does not exist yet (nothing to
// show). done closes it.
func openRead(e *env) (db *store.DB, done func(), ok bool, err error) {
	cfg, err := e.Config()
	if err != nil {
		return nil, nil, false, err
	}
	path := cfg.DBPath()
	if _, err := os.Stat(path); errors.Is(err, fs.ErrNotExist) && !cfg.Store.Etcd() {
		return nil, nil, false, nil
	}
	db, done, err = openStoreForReading(cfg)
	return db, done, err == nil, err
}

// eventJSON is one line of `events list --json`; the field names are a
// contract for scripts.
type eventJSON struct {
	ID        uint64 `json:"id"`
	Title     string `json:"title"`
	Start     string `json:"start"`
	Capacity  int    `json:"capacity"`
	Confirmed int    `json:"confirmed"`
	Waitlist  int    `json:"waitlist"`
}

func eventsNow() time.Time {
	if testClock != nil {
		return testClock.Now()
	}
	return time.Now()
}

func runEventsList(ctx context.Context, e *env) error {
	asJSON := e.Flags.Bool("json", false, "print JSON: [{id, title, start, capacity, confirmed, waitlist}] (capacity 0: unlimited)")
	all := e.Flags.Bool("all", false, "include past and cancelled events")
	pos, err := e.Parse()
	if err != nil {
		return err
	}
	if len(pos) > 0 {
		return usagef("unexpected %q", pos[0])
	}
	db, done, ok, err := openRead(e)
	if err != nil {
		return err
	}
	var evs []events.Event
	if ok {
		defer done()
		err = db.View(func(tx *store.Tx) error {
			if !*all {
				evs, err = events.Upcoming(tx, eventsNow())
				return err
			}
			return events.Each(tx, func(ev events.Event) (bool, error) {
				evs = append(evs, ev)
				return true, nil
			})
		})
		if err != nil {
			return fmt.Errorf("read events: %w", err)
		}
	}
	if *asJSON {
		out := make([]eventJSON, 0, len(evs))
		for _, ev := range evs {
			out = append(out, eventJSON{ID: ev.ID, Title: ev.Title, Start: ev.Start.In(clock.Amsterdam).Format(time.RFC3339),
				Capacity: ev.Capacity, Confirmed: ev.Confirmed, Waitlist: ev.Waitlist})
		}
		enc := json.NewEncoder(e.Stdout)
		enc.SetIndent("", "  ")
		return enc.Encode(out)
	}
	if len(evs) == 0 {
		fmt.Fprintln(e.Stdout, "no events")
		return nil
	}
	for _, ev := range evs {
		capacity := "unlimited"
		if ev.Capacity > 0 {
			capacity = strconv.Itoa(ev.Capacity)
		}
		state := ""
		if ev.Cancelled {
			state = "  CANCELLED"
		}
		fmt.Fprintf(e.Stdout, "%4d  %s  %-30s  confirmed %d/%s  waitlist %d  maybe %d%s\n", ev.ID,
			ev.Start.In(clock.Amsterdam).Format("2006-01-02 15:04"), shown(ev.Title), ev.Confirmed, capacity, ev.Waitlist, ev.Maybe, state)
	}
	return nil
}

// attendeeJSON is one attendee in `events attendees --json`.
type attendeeJSON struct {
	Name     string    `json:"name"`
	User     string    `json:"user"`
	Platform string    `json:"platform"`
	Status   string    `json:"status"`
	Position int       `json:"waitlist_position,omitempty"`
	Answer   string    `json:"answer,omitempty"`
	SignedUp time.Time `json:"signed_up"`
}

func runEventsAttendees(ctx context.Context, e *env) error {
	asJSON := e.Flags.Bool("json", false, "print JSON")
	asCSV := e.Flags.Bool("csv", false, "print CSV: name,user,platform,status,waitlist_position,answer,signed_up")
	pos, err := e.Parse()
	if err != nil {
		return err
	}
	if len(pos) != 1 {
		return usagef("name one event number")
	}
	if *asJSON && *asCSV {
		return usagef("choose --json or --csv")
	}
	id, err := strconv.ParseUint(strings.TrimPrefix(pos[0], "#"), 10, 64)
	if err != nil || id == 0 {
		return usagef("%q is not an event number", pos[0])
	}
	db, done, ok, err := openRead(e)
	if err != nil {
		return err
	}
	if !ok {
		return fmt.Errorf("no event %d (the database is empty)", id)
	}
	defer done()
	var ev events.Event
	var ss []events.Signup
	err = db.View(func(tx *store.Tx) error {
		if ev, err = events.Get(tx, id); err != nil {
			return err
		}
		ss, err = events.Signups(tx, id)
		return err
	})
	if errors.Is(err, events.ErrNotFound) {
		return fmt.Errorf("no event %d; see noaber events list --all", id)
	}
	if err != nil {
		return fmt.Errorf("read event %d: %w", id, err)
	}
	rows := make([]attendeeJSON, 0, len(ss))
	wl := 0
	for _, s := range ss {
		r := attendeeJSON{Name: s.Name, User: s.User, Platform: bot.PlatformOf(s.User), Status: string(s.Status), Answer: s.Answer, SignedUp: s.Created}
		if s.Status == events.StatusWaitlist {
			wl++
			r.Position = wl
		}
		rows = append(rows, r)
	}
	switch {
	case *asJSON:
		enc := json.NewEncoder(e.Stdout)
		enc.SetIndent("", "  ")
		return enc.Encode(rows)
	case *asCSV:
		w := csv.NewWriter(e.Stdout)
		_ = w.Write([]string{"name", "user", "platform", "status", "waitlist_position", "answer", "signed_up"})
		for _, r := range rows {
			p := ""
			if r.Position > 0 {
				p = strconv.Itoa(r.Position)
			}
			_ = w.Write([]string{cell(shown(r.Name)), cell(shown(r.User)), r.Platform, r.Status, p, cell(shown(r.Answer)), r.SignedUp.Format(time.RFC3339)})
		}
		w.Flush()
		return w.Error()
	}
	fmt.Fprintf(e.Stdout, "#%d %s — confirmed %d, waitlist %d, maybe %d\n", ev.ID, shown(ev.Title), ev.Confirmed, ev.Waitlist, ev.Maybe)
	if ev.Purged {
		fmt.Fprintln(e.Stdout, "(sign-ups were removed after the retention period; counts only)")
	}
	for _, r := range rows {
		status := r.Status
		if r.Position > 0 {
			status += " " + strconv.Itoa(r.Position)
		}
		fmt.Fprintf(e.Stdout, "  %-24s %-12s %-12s %s\n", shown(r.Name), r.Platform, status, shown(r.Answer))
	}
	return nil
}

// cell defuses spreadsheet formulas: a cell a user typed that starts with
// = + - @ would run as a formula when the CSV is opened.
func cell(s string) string {
	if s != "" && strings.ContainsRune("=+-@\t\r", rune(s[0])) {
		return "'" + s
	}
	return s
}
