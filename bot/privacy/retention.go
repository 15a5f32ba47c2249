package privacy

import (
	"context"
	"fmt"
	"log/slog"
	"time"

	"github.com/noaber/noaber/bot"
	"github.com/noaber/noaber/bot/clock"
	"github.com/noaber/noaber/bot/outbox"
	"github.com/noaber/noaber/bot/runtime"
	"github.com/noaber/noaber/bot/store"
	"github.com/noaber/noaber/units"
)

// Config is the [privacy] section: how long each kind of data is kept.
// A zero duration means the default named per field.
type Config struct {
	// Dialogues: unfinished multi-step conversations (a check half done).
	// Default 30 days. The router already ignores them after 7 days.
	Dialogues units.Duration `toml:"dialogues"`
	// Feedback: thumbs up/down and comments on answers. Default 365 days.
	Feedback units.Duration `toml:"feedback"`
	// OutboxSentKeys: the keys of delivered messages, kept to never send
	// the same reminder twice. Default 30 days.
	OutboxSentKeys units.Duration `toml:"outbox_sent_keys"`
	// OutboxDead: messages that could not be delivered, kept for the
	// operator to investigate. Default 30 days.
	OutboxDead units.Duration `toml:"outbox_dead"`
}

// Features with a lifecycle of their own set their retention in their own
// section (events: [events] retention, sign-ups kept 90 days after the
// event; deadlines: [deadlines] retention, deleted 365 days after their
// moment), so there is one place per setting.

// The retention defaults.
const (
	DefaultDialogues      = 30 * 24 * time.Hour
	DefaultFeedback       = 365 * 24 * time.Hour
	DefaultOutboxSentKeys = 30 * 24 * time.Hour
	DefaultOutboxDead     = 30 * 24 * time.Hour
)

// Retention is Config with the defaults filled in.
type Retention struct {
	Dialogues, Feedback, OutboxSentKeys, OutboxDead time.Duration
}

// Retention returns the periods with defaults applied.
func (c Config) Retention() Retention {
	or := func(d units.Duration, def time.Duration) time.Duration {
		if d.Duration == 0 {
			return def
		}
		return d.Duration
	}
	return Retention{
		Dialogues:      or(c.Dialogues, DefaultDialogues),
		Feedback:       or(c.Feedback, DefaultFeedback),
		OutboxSentKeys: or(c.OutboxSentKeys, DefaultOutboxSentKeys),
		OutboxDead:     or(c.OutboxDead, DefaultOutboxDead),
	}
}

// Validate rejects negative periods and a dialogue retention shorter than
// a day (it would cut conversations off mid-way).
func (c Config) Validate() error {
	for key, d := range map[string]units.Duration{
		"dialogues": c.Dialogues, "feedback": c.Feedback, "outbox_sent_keys": c.OutboxSentKeys,
		"outbox_dead": c.OutboxDead,
	} {
		if d.Duration < 0 {
			return fmt.Errorf("privacy.%s: must be a positive duration such as \"30d\", or left out for the default", key)
		}
	}
	if c.Dialogues.Duration != 0 && c.Dialogues.Duration < 24*time.Hour {
		return fmt.Errorf("privacy.dialogues: %v is shorter than a day; conversations would be cut off", c.Dialogues.Duration)
	}
	return nil
}

// Expirer is implemented by capabilities that keep data whose retention is
// set in [privacy] (feedback) or in their own section (deadlines). Expire deletes
// what is older than the periods allow and returns how many records it
// removed per kind.
type Expirer interface {
	Expire(tx *store.Tx, now time.Time, keep Retention) (map[string]int, error)
}

// Purge enforces the retention periods once: the core's dialogues and
// undeliverable messages, and every Expirer among caps. The outbox
// forgets sent keys itself (outbox.Config.KeepSent, set from
// OutboxSentKeys). It returns what it removed per kind.
func Purge(db *store.DB, caps []bot.Capability, keep Retention, now time.Time) (map[string]int, error) {
	removed := map[string]int{}
	err := db.Update(func(tx *store.Tx) error {
		n, err := runtime.PurgeDialogues(tx, now.Add(-keep.Dialogues))
		if err != nil {
			return fmt.Errorf("dialogues: %w", err)
		}
		removed[KindDialogues] = n
		if n, err = outbox.PurgeDead(tx, now.Add(-keep.OutboxDead)); err != nil {
			return fmt.Errorf("outbox: %w", err)
		}
		removed["outbox_dead"] = n
		for _, c := range caps {
			e, ok := c.(Expirer)
			if !ok {
				continue
			}
			got, err := e.Expire(tx, now, keep)
			if err != nil {
				return fmt.Errorf("%s: %w", c.Name(), err)
			}
			for k, n := range got {
				removed[k] += n
			}
		}
		if Total(countsOf(removed)) > 0 {
			tx.Scrub()
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("enforce retention: %w", err)
	}
	return removed, nil
}

// RetentionLoop runs Purge at start and then once a day until ctx ends.
// caps is called each time, so it sees the router's capabilities.
func RetentionLoop(db *store.DB, caps func() []bot.Capability, keep Retention, clk clock.Clock, log *slog.Logger) func(context.Context) error {
	return func(ctx context.Context) error {
		for {
			removed, err := Purge(db, caps(), keep, clk.Now())
			if err != nil {
				log.Error("retention", "err", err)
			} else {
				log.Info("retention enforced", "removed", removed)
			}
			select {
			case <-ctx.Done():
				return nil
			case <-clk.After(24 * time.Hour):
			}
		}
	}
}

func countsOf(m map[string]int) []Count {
	var out []Count
	for k, n := range m {
		out = append(out, Count{k, n})
	}
	return out
}
