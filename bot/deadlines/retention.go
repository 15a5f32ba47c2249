package deadlines

import (
	"encoding/json"
	"time"

	"github.com/noaber/noaber/bot/privacy"
	"github.com/noaber/noaber/bot/schedule"
	"github.com/noaber/noaber/bot/store"
)

var _ privacy.Expirer = (*Capability)(nil)

// Expire deletes every deadline whose moment lies more than [deadlines]
// retention before now, cancelled or not, together with everything that
// refers to it: its reminder jobs (normally none are left, as they fall
// due before the moment) and the missed reminders about it that wait for
// a summary. It runs from the daily retention job, inside that job's
// single transaction; keep is not used, the period is set in [deadlines].
// The counts are per kind: "deadlines", "deadlines_missed" and
// "deadlines_jobs".
func (c *Capability) Expire(tx *store.Tx, now time.Time, _ privacy.Retention) (map[string]int, error) {
	cutoff := now.Add(-c.set.retention)
	b := tx.Bucket(bucket)
	old := map[uint64]bool{}
	err := b.ForEach(func(k, v []byte) error {
		var d Deadline
		if err := json.Unmarshal(v, &d); err != nil {
			// Not deleted unread: an operator can still inspect it.
			c.log.Error("retention: undecodable deadline skipped", "id", store.ParseU64(k), "err", err)
			return nil
		}
		if d.Moment.Before(cutoff) {
			old[store.ParseU64(k)] = true
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	removed := map[string]int{"deadlines": 0, "deadlines_missed": 0, "deadlines_jobs": 0}
	if len(old) == 0 {
		return removed, nil
	}
	for id := range old {
		if err := b.Delete(store.U64(id)); err != nil {
			return nil, err
		}
		n, err := schedule.DeletePrefix(tx, jobPrefix(id))
		if err != nil {
			return nil, err
		}
		removed["deadlines"]++
		removed["deadlines_jobs"] += n
	}
	n, err := deleteMissed(tx, old)
	if err != nil {
		return nil, err
	}
	removed["deadlines_missed"] = n
	return removed, nil
}

// deleteMissed removes the missed reminders about the deadlines in ids and
// returns how many. The summary job of a recipient left without any simply
// sends nothing.
func deleteMissed(tx *store.Tx, ids map[uint64]bool) (int, error) {
	mb := tx.Bucket(missedBucket)
	var keys [][]byte
	err := mb.ForEach(func(k, v []byte) error {
		var m missed
		if json.Unmarshal(v, &m) == nil && ids[m.ID] {
			keys = append(keys, append([]byte(nil), k...))
		}
		return nil
	})
	if err != nil {
		return 0, err
	}
	for _, k := range keys {
		if err := mb.Delete(k); err != nil {
			return 0, err
		}
	}
	return len(keys), nil
}
