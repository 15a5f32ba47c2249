package deadlines

import (
	"fmt"
	"strings"
	"time"

	"github.com/noaber/noaber/bot/when"
	"github.com/noaber/noaber/units"
)

// Config is the [deadlines] section. Every zero value means the default
// documented on its field.
type Config struct {
	// DefaultOffsets are the reminder offsets of a new deadline when none
	// are given. Empty means ["14d", "3d", "1d", "2u"].
	DefaultOffsets []string `toml:"default_offsets"`
	// DateOnlyTime is the time of day ("HH:MM") of a deadline given as a
	// date only. Empty means "23:59".
	DateOnlyTime string `toml:"date_only_time"`
	// DateOnlyReminderTime is the time of day ("HH:MM", Amsterdam time)
	// at which the reminders of a date-only deadline go out, on the day
	// each offset points at. Empty means "09:00".
	DateOnlyReminderTime string `toml:"date_only_reminder_time"`
	// MaxLateness is how late a reminder may still be sent on its own after
	// downtime; older ones are summarised in one message per recipient.
	// Zero means 24h.
	MaxLateness units.Duration `toml:"max_lateness"`
	// LateAfter is how late a reminder must be to say it is late. Zero
	// means 1m.
	LateAfter units.Duration `toml:"late_after"`
	// DigestTime is when ("HH:MM", Amsterdam time) the officials' digest
	// goes out on working days. Empty means "08:30".
	DigestTime string `toml:"digest_time"`
	// DigestDays is how many days ahead the digest looks. Zero means 14.
	DigestDays int `toml:"digest_days"`
	// Retention is how long after its moment a deadline is kept (with its
	// followers' ids and any missed reminders waiting for it); the daily
	// retention job then deletes it. Zero means DefaultRetention (365
	// days); at least a day.
	Retention units.Duration `toml:"retention"`
}

// DefaultRetention is how long a deadline is kept after its moment when
// [deadlines] retention is not set.
const DefaultRetention = 365 * 24 * time.Hour

// settings is Config with defaults applied and values parsed.
type settings struct {
	offsets      []time.Duration
	dateH, dateM int
	remind       dayTime
	maxLateness  time.Duration
	lateAfter    time.Duration
	digestH      int
	digestM      int
	digestDays   int
	retention    time.Duration
}

// maxOffsets bounds the reminders per deadline.
const maxOffsets = 10

// Validate checks the section; messages start with the full key.
func (c Config) Validate() error {
	_, err := c.resolve()
	return err
}

func (c Config) resolve() (settings, error) {
	var s settings
	raw := c.DefaultOffsets
	if len(raw) == 0 {
		raw = []string{"14d", "3d", "1d", "2u"}
	}
	offs, err := when.ParseOffsets(strings.Join(raw, ","))
	if err != nil {
		return s, fmt.Errorf("deadlines.default_offsets: %v", err)
	}
	if len(offs) > maxOffsets {
		return s, fmt.Errorf("deadlines.default_offsets: at most %d offsets", maxOffsets)
	}
	s.offsets = offs
	if s.dateH, s.dateM, err = clockTime(c.DateOnlyTime, "23:59"); err != nil {
		return s, fmt.Errorf("deadlines.date_only_time: %v", err)
	}
	if s.remind.h, s.remind.m, err = clockTime(c.DateOnlyReminderTime, "09:00"); err != nil {
		return s, fmt.Errorf("deadlines.date_only_reminder_time: %v", err)
	}
	if s.digestH, s.digestM, err = clockTime(c.DigestTime, "08:30"); err != nil {
		return s, fmt.Errorf("deadlines.digest_time: %v", err)
	}
	s.maxLateness = c.MaxLateness.Duration
	switch {
	case s.maxLateness == 0:
		s.maxLateness = 24 * time.Hour
	case s.maxLateness < 0:
		return s, fmt.Errorf("deadlines.max_lateness: must be positive, e.g. \"24h\"")
	}
	s.lateAfter = c.LateAfter.Duration
	switch {
	case s.lateAfter == 0:
		s.lateAfter = time.Minute
	case s.lateAfter < 0:
		return s, fmt.Errorf("deadlines.late_after: must be positive, e.g. \"1m\"")
	}
	if s.lateAfter > s.maxLateness {
		return s, fmt.Errorf("deadlines.late_after: %v is more than max_lateness (%v)", s.lateAfter, s.maxLateness)
	}
	s.digestDays = c.DigestDays
	switch {
	case s.digestDays == 0:
		s.digestDays = 14
	case s.digestDays < 0 || s.digestDays > 366:
		return s, fmt.Errorf("deadlines.digest_days: %d is out of range; use 1 to 366", c.DigestDays)
	}
	s.retention = c.Retention.Duration
	switch {
	case s.retention == 0:
		s.retention = DefaultRetention
	case s.retention < 0:
		return s, fmt.Errorf("deadlines.retention: must be positive, e.g. \"365d\", or left out for the default (365d)")
	case s.retention < 24*time.Hour:
		return s, fmt.Errorf("deadlines.retention: %v is shorter than a day; use e.g. \"30d\"", s.retention)
	}
	return s, nil
}

// clockTime reads "HH:MM".
func clockTime(s, def string) (h, m int, err error) {
	if s == "" {
		s = def
	}
	t, err := time.Parse("15:04", s)
	if err != nil {
		return 0, 0, fmt.Errorf("%q is not a time of day; write HH:MM, e.g. %q", s, def)
	}
	return t.Hour(), t.Minute(), nil
}
