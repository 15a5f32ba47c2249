package deadlines

import (
	"maps"
	"strings"
	"testing"
	"time"

	"github.com/noaber/noaber/bot"
	"github.com/noaber/noaber/bot/privacy"
	"github.com/noaber/noaber/bot/schedule"
	"github.com/noaber/noaber/bot/store"
	"github.com/noaber/noaber/units"
)

// The daily retention job (privacy.Purge, as cmd/noaber runs it) deletes a
// deadline once its moment is more than the retention period ago, with its
// jobs and the missed reminders about it; a deadline just inside the
// period, an upcoming one and everything else stay.
func TestRetentionDeletesOldDeadlines(t *testing.T) {
	h := newHarness(t, wed, Config{}) // default retention: 365 days
	for _, line := range []string{
		"deadline nieuw 12 december 17:00 | Oud | herinner 1d",                // 1: past the period
		"deadline nieuw 12 december 19:00 | Net binnen | herinner 1d",         // 2: just inside
		"deadline nieuw 12 december 16:30 | Geannuleerd | herinner 1d",        // 3: cancelled, past the period
		"deadline nieuw 31 december 2027 12:00 | Toekomst | herinner 1d, 14d", // 4: upcoming
	} {
		mustContain(t, text(h.say(ann, chann, line)), "Opgeslagen")
	}
	mustContain(t, text(h.say(ann, chann, "deadline annuleer 3")), "geannuleerd")
	for _, id := range []string{"1", "2", "4"} {
		h.say(bob, dm(bob), "volg "+id)
	}
	// The reminders of 1 and 2 go out on time.
	h.tick(ams(2026, 12, 11, 19, 0))
	h.tick(ams(2026, 12, 13, 9, 0))
	if n := len(h.jobs("deadline:1:")) + len(h.jobs("deadline:2:")); n != 0 {
		t.Fatalf("%d reminder jobs left after the moments", n)
	}

	// Plant what should not be there but might be: a leftover reminder job
	// of deadline 1 and one of 2, and missed reminders about both waiting
	// for bob's summary (with its summary job).
	d1, d2 := h.deadline(1), h.deadline(2)
	if err := h.db.Update(func(tx *store.Tx) error {
		for _, d := range []*Deadline{d1, d2} {
			if err := schedule.Put(tx, schedule.Job{ID: jobPrefix(d.ID) + "86400", Kind: kindReminder, Due: d.Moment.AddDate(2, 0, 0)}); err != nil {
				return err
			}
			m := missed{ID: d.ID, Title: d.Title, Moment: d.Moment, Offset: 24 * time.Hour, Due: d.Moment.Add(-24 * time.Hour)}
			if err := h.cap.addMissed(tx, "u:"+bob.ID, reminderKey(d, 24*time.Hour, "u:"+bob.ID), m, h.clk.Now()); err != nil {
				return err
			}
		}
		return nil
	}); err != nil {
		t.Fatal(err)
	}

	purge := func(now time.Time) map[string]int {
		t.Helper()
		h.clk.Set(now)
		got, err := privacy.Purge(h.db, []bot.Capability{h.cap}, privacy.Config{}.Retention(), now)
		if err != nil {
			t.Fatal(err)
		}
		return got
	}
	ids := func() []uint64 {
		var out []uint64
		_ = h.db.View(func(tx *store.Tx) error {
			all, err := All(tx)
			for _, d := range all {
				out = append(out, d.ID)
			}
			return err
		})
		return out
	}
	missedFor := func() map[uint64]int {
		out := map[uint64]int{}
		_ = h.db.View(func(tx *store.Tx) error {
			for _, k := range missedKeys(tx, "u:"+bob.ID) {
				var m missed
				_, _ = tx.Bucket(missedBucket).GetJSON(k, &m)
				out[m.ID]++
			}
			return nil
		})
		return out
	}

	// An hour before deadline 1 has been past for a year: nothing goes.
	got := purge(d1.Moment.Add(DefaultRetention - time.Hour))
	if got["deadlines"] != 0 || got["deadlines_missed"] != 0 || got["deadlines_jobs"] != 0 {
		t.Errorf("removed too early: %v", got)
	}
	if n := len(ids()); n != 4 {
		t.Errorf("%d deadlines left, want 4", n)
	}

	// An hour after: 1 and 3 go with their job and missed reminder; 2 is
	// a year minus an hour past and stays, as does 4.
	got = purge(d1.Moment.Add(DefaultRetention + time.Hour))
	want := map[string]int{"deadlines": 2, "deadlines_missed": 1, "deadlines_jobs": 1}
	for k, n := range want {
		if got[k] != n {
			t.Errorf("removed %v, want %v", got, want)
			break
		}
	}
	if got := ids(); len(got) != 2 || got[0] != 2 || got[1] != 4 {
		t.Errorf("deadlines left %v, want [2 4]", got)
	}
	if d := h.deadline(2); d == nil || len(d.Followers) != 1 || d.Followers[0] != bob.ID {
		t.Errorf("deadline 2 after retention: %+v", d)
	}
	if n := len(h.jobs("deadline:1:")); n != 0 {
		t.Errorf("%d jobs of deadline 1 left", n)
	}
	if n := len(h.jobs("deadline:2:")); n != 1 {
		t.Errorf("%d jobs of deadline 2 left, want the planted one", n)
	}
	if n := len(h.jobs("deadline:4:")); n != 2 {
		t.Errorf("%d reminder jobs of the upcoming deadline, want 2", n)
	}
	if len(h.jobs(digestJobID)) != 1 {
		t.Error("the digest job was removed")
	}
	if m := missedFor(); !maps.Equal(m, map[uint64]int{2: 1}) {
		t.Errorf("missed reminders left %v, want only deadline 2's", m)
	}
	var ex any
	_ = h.db.View(func(tx *store.Tx) (err error) { ex, err = h.cap.ExportUser(tx, bob.ID); return })
	if e, ok := ex.(userExport); !ok || len(e.Following) != 2 || e.Following[0].ID != 2 || e.Following[1].ID != 4 {
		t.Errorf("bob's export %+v", ex)
	}
	if err := h.db.Check(); err != nil {
		t.Errorf("consistency: %v", err)
	}

	// A second run finds nothing more; the waiting summary still works and
	// names only what is left.
	if got := purge(h.clk.Now()); got["deadlines"] != 0 || got["deadlines_missed"] != 0 {
		t.Errorf("second run removed %v", got)
	}
	var summary string
	for _, s := range h.tick(h.clk.Now()) {
		if s.to.User == bob.ID {
			summary += s.reply.Text
		}
	}
	mustContain(t, summary, "Net binnen")
	if strings.Contains(summary, "Oud") {
		t.Errorf("summary names a deleted deadline: %s", summary)
	}
}

// A shorter period from the config is used.
func TestRetentionConfigured(t *testing.T) {
	h := newHarness(t, wed, Config{Retention: units.Duration{Duration: 30 * 24 * time.Hour}})
	h.say(ann, chann, "deadline nieuw 12 december 17:00 | Ronde")
	moment := h.deadline(1).Moment
	for _, tc := range []struct {
		after time.Duration
		left  bool
	}{{29 * 24 * time.Hour, true}, {31 * 24 * time.Hour, false}} {
		now := moment.Add(tc.after)
		if err := h.db.Update(func(tx *store.Tx) error {
			_, err := h.cap.Expire(tx, now, privacy.Retention{})
			return err
		}); err != nil {
			t.Fatal(err)
		}
		if left := h.deadline(1) != nil; left != tc.left {
			t.Errorf("%v after the moment: kept = %v, want %v", tc.after, left, tc.left)
		}
	}
}
