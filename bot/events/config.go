package events

import (
	"fmt"
	"time"

	"github.com/noaber/noaber/bot/when"
	"github.com/noaber/noaber/units"
)

// Config is the [events] section. The zero value means the defaults below.
type Config struct {
	// Reminders are the offsets before the start at which confirmed
	// attendees get a reminder ("1d", "1h", "2 uur"). Empty means
	// ["1d", "1h"]; Set NoReminders to send none.
	Reminders []string `toml:"reminders"`
	// NoReminders turns reminders off.
	NoReminders bool `toml:"no_reminders"`
	// Retention is how long after an event ended its sign-ups (names,
	// answers) are kept; after that only the counts remain. Zero means 90
	// days.
	Retention units.Duration `toml:"retention"`
	// DefaultDuration is the length of an event created without an end.
	// Zero means 2 hours.
	DefaultDuration units.Duration `toml:"default_duration"`
	// MaxCapacity is the largest capacity an organiser may set. Zero means
	// 10000.
	MaxCapacity int `toml:"max_capacity"`
	// BulletinDay and BulletinTime are when followers who asked for it get
	// the weekly overview ("monday" or "maandag", "09:00", Europe/Amsterdam).
	// Empty means Monday 09:00.
	BulletinDay  string `toml:"bulletin_day"`
	BulletinTime string `toml:"bulletin_time"`
}

// Defaults used for zero values.
const (
	DefaultRetention   = 90 * 24 * time.Hour
	DefaultLength      = 2 * time.Hour
	DefaultMaxCapacity = 10000
)

// DefaultReminders are the reminder offsets when none are configured.
var DefaultReminders = []string{"1d", "1h"}

// Validate checks the section; messages start with the full key.
func (c Config) Validate() error {
	for _, r := range c.Reminders {
		if _, err := when.ParseDuration(r); err != nil {
			return fmt.Errorf("events.reminders: %q is not an offset; write e.g. \"1d\", \"1h\" or \"30m\"", r)
		}
	}
	if c.Retention.Duration < 0 {
		return fmt.Errorf("events.retention: must be 0 (default 90d) or more")
	}
	if c.Retention.Duration > 0 && c.Retention.Duration < 24*time.Hour {
		return fmt.Errorf("events.retention: %s is shorter than a day; organisers need the list after the event (use e.g. \"30d\")", c.Retention.Duration)
	}
	if c.DefaultDuration.Duration < 0 || c.DefaultDuration.Duration > 14*24*time.Hour {
		return fmt.Errorf("events.default_duration: must be between 0 (default 2h) and 14d")
	}
	if c.MaxCapacity < 0 {
		return fmt.Errorf("events.max_capacity: must be 0 (default 10000) or more")
	}
	if _, _, _, err := c.bulletinMoment(); err != nil {
		return err
	}
	return nil
}

// offsets returns the reminder offsets, largest first.
func (c Config) offsets() []time.Duration {
	if c.NoReminders {
		return nil
	}
	src := c.Reminders
	if len(src) == 0 {
		src = DefaultReminders
	}
	var out []time.Duration
	seen := map[time.Duration]bool{}
	for _, s := range src {
		d, err := when.ParseDuration(s)
		if err == nil && !seen[d] {
			seen[d] = true
			out = append(out, d)
		}
	}
	return out
}

func (c Config) retention() time.Duration {
	if c.Retention.Duration == 0 {
		return DefaultRetention
	}
	return c.Retention.Duration
}

func (c Config) length() time.Duration {
	if c.DefaultDuration.Duration == 0 {
		return DefaultLength
	}
	return c.DefaultDuration.Duration
}

func (c Config) maxCapacity() int {
	if c.MaxCapacity == 0 {
		return DefaultMaxCapacity
	}
	return c.MaxCapacity
}
