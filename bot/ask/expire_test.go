package ask

import (
	"testing"
	"time"

	"github.com/noaber/noaber/bot/privacy"
	"github.com/noaber/noaber/bot/store"
	"github.com/noaber/noaber/bot/store/storetest"
)

func TestExpireFeedbackAndAnswers(t *testing.T) {
	db := storetest.Open(t)
	now := time.Date(2026, 6, 1, 12, 0, 0, 0, time.UTC)
	_ = db.Update(func(tx *store.Tx) error {
		fb := tx.Bucket(feedbackBucket)
		_ = fb.PutJSON(store.U64(1), Feedback{Question: "old", Time: now.AddDate(-2, 0, 0)})
		_ = fb.PutJSON(store.U64(2), Feedback{Question: "new", Time: now.AddDate(0, -1, 0)})
		ab := tx.Bucket(answersBucket)
		_ = ab.PutJSON(store.U64(1), answerRecord{Question: "old", User: "discord:1", Time: now.AddDate(0, 0, -20)})
		return ab.PutJSON(store.U64(2), answerRecord{Question: "new", User: "discord:1", Time: now.AddDate(0, 0, -1)})
	})
	c := &Capability{}
	var got map[string]int
	err := db.Update(func(tx *store.Tx) error {
		var err error
		got, err = c.Expire(tx, now, privacy.Config{}.Retention())
		return err
	})
	if err != nil || got["feedback"] != 1 || got["ask_answers"] != 1 {
		t.Fatalf("Expire = %v, %v", got, err)
	}
	_ = db.View(func(tx *store.Tx) error {
		if tx.Bucket(feedbackBucket).Len() != 1 || tx.Bucket(answersBucket).Len() != 1 {
			t.Error("fresh records removed or old kept")
		}
		return nil
	})
}
