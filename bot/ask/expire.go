package ask

import (
	"encoding/json"
	"time"

	"github.com/noaber/noaber/bot/privacy"
	"github.com/noaber/noaber/bot/store"
)

var _ privacy.Expirer = (*Capability)(nil)

// Expire enforces the retention periods of [privacy]: votes older than
// keep.Feedback and remembered answers older than AnswerRetention (they
// are pruned on every new answer too; this covers a quiet bot). It runs
// from the daily retention job.
func (c *Capability) Expire(tx *store.Tx, now time.Time, keep privacy.Retention) (map[string]int, error) {
	fb, err := deleteOlder(tx.Bucket(feedbackBucket), now.Add(-keep.Feedback), func(v []byte) time.Time {
		var f Feedback
		_ = json.Unmarshal(v, &f)
		return f.Time
	})
	if err != nil {
		return nil, err
	}
	ans, err := deleteOlder(tx.Bucket(answersBucket), now.Add(-AnswerRetention), func(v []byte) time.Time {
		var a answerRecord
		_ = json.Unmarshal(v, &a)
		return a.Time
	})
	if err != nil {
		return nil, err
	}
	return map[string]int{"feedback": fb, "ask_answers": ans}, nil
}

// deleteOlder removes the records whose time is before before (an
// undecodable record counts as old).
func deleteOlder(b *store.Bucket, before time.Time, timeOf func([]byte) time.Time) (int, error) {
	var old [][]byte
	_ = b.ForEach(func(k, v []byte) error {
		if timeOf(v).Before(before) {
			old = append(old, append([]byte(nil), k...))
		}
		return nil
	})
	for _, k := range old {
		if err := b.Delete(k); err != nil {
			return 0, err
		}
	}
	return len(old), nil
}
