package main

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"text/tabwriter"
	"time"

	"github.com/noaber/noaber/bot/calendar"
	"github.com/noaber/noaber/bot/deadlines"
	"github.com/noaber/noaber/bot/store"
	"github.com/noaber/noaber/bot/when"
)

func init() {
	register(&command{name: "deadlines list", args: "[--json] [--all] [--db PATH]",
		short: "list the deadlines in the database (upcoming; --all includes past and cancelled)", run: runDeadlinesList})
	register(&command{name: "deadlines export", args: "--ics FILE [--db PATH]",
		short: "write every deadline to an iCalendar file (- for standard output)", run: runDeadlinesExport})
}

// readDeadlines opens the store read-only (through the running bot when it
// holds the file) and returns its deadlines and
// the calendar UID namespace.
func readDeadlines(e *env) ([]deadlines.Deadline, string, error) {
	cfg, err := e.Config()
	if err != nil {
		return nil, "", err
	}
	db, done, err := openStoreForReading(cfg)
	if err != nil {
		return nil, "", err
	}
	defer done()
	var all []deadlines.Deadline
	var ns string
	err = db.View(func(tx *store.Tx) (err error) {
		ns = calendar.UIDNamespace(tx)
		all, err = deadlines.All(tx)
		return
	})
	return all, ns, err
}

func runDeadlinesList(ctx context.Context, e *env) error {
	asJSON := e.Flags.Bool("json", false, "print JSON instead of a table")
	all := e.Flags.Bool("all", false, "include past and cancelled deadlines")
	pos, err := e.Parse()
	if err != nil {
		return err
	}
	if len(pos) > 0 {
		return usagef("unexpected argument %q", pos[0])
	}
	ds, _, err := readDeadlines(e)
	if err != nil {
		return err
	}
	now := clockNow()
	out := ds[:0]
	for _, d := range ds {
		if *all || (!d.Cancelled && d.Moment.After(now)) {
			out = append(out, d)
		}
	}
	if *asJSON {
		enc := json.NewEncoder(e.Stdout)
		enc.SetIndent("", "  ")
		if out == nil {
			out = []deadlines.Deadline{}
		}
		return enc.Encode(out)
	}
	if len(out) == 0 {
		fmt.Fprintln(e.Stdout, "no deadlines")
		return nil
	}
	tw := tabwriter.NewWriter(e.Stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "ID\tMOMENT (Europe/Amsterdam)\tTITLE\tAUDIENCE\tSTATUS")
	for _, d := range out {
		aud := fmt.Sprintf("%d followers", len(d.Followers))
		if !d.IsPublic() {
			aud = "private, " + aud
		}
		if d.Channel != "" {
			aud = d.Channel + ", " + aud
		}
		if d.Role != "" {
			aud = string(d.Role) + ", " + aud
		}
		status := "active"
		switch {
		case d.Cancelled:
			status = "cancelled"
		case !d.Moment.After(now):
			status = "passed"
		}
		fmt.Fprintf(tw, "%d\t%s\t%s\t%s\t%s\n", d.ID, when.Format(d.Moment, "en"), shown(d.Title), aud, status)
	}
	return tw.Flush()
}

func runDeadlinesExport(ctx context.Context, e *env) error {
	file := e.Flags.String("ics", "", "iCalendar `FILE` to write (- for standard output)")
	pos, err := e.Parse()
	if err != nil {
		return err
	}
	if *file == "" || len(pos) > 0 {
		return usagef("name the file with --ics FILE")
	}
	ds, ns, err := readDeadlines(e)
	if err != nil {
		return err
	}
	cfg, err := e.Config()
	if err != nil {
		return err
	}
	entries := make([]calendar.Entry, len(ds))
	for i := range ds {
		entries[i] = deadlines.Entry(&ds[i], ns, cfg.Deadlines)
	}
	data := calendar.ICS("Noaber deadlines", entries...)
	if *file == "-" {
		_, err = e.Stdout.Write(data)
		return err
	}
	if err := os.WriteFile(*file, data, 0o644); err != nil {
		return fmt.Errorf("write %s: %w", *file, err)
	}
	fmt.Fprintf(e.Stdout, "%d deadlines written to %s\n", len(ds), *file)
	return nil
}

// clockNow is the time for operator commands: the test clock when a test
// set one.
func clockNow() time.Time {
	if testClock != nil {
		return testClock.Now()
	}
	return time.Now()
}
