package main

import (
	"context"
	"time"

	"github.com/noaber/noaber/bot"
	"github.com/noaber/noaber/bot/outbox"
	"github.com/noaber/noaber/bot/store"
)

// storeMarks keeps adapters' marks (the Mattermost catch-up point) in the
// database's "adapter_marks" bucket. They hold times only, no personal
// data.
type storeMarks struct{ db *store.DB }

func (m storeMarks) Mark(key string) (time.Time, bool, error) {
	var t time.Time
	var ok bool
	err := m.db.View(func(tx *store.Tx) error {
		if v := tx.Bucket("adapter_marks").Get([]byte(key)); len(v) == 8 {
			t, ok = time.UnixMilli(int64(store.ParseU64(v))), true
		}
		return nil
	})
	return t, ok, err
}

func (m storeMarks) SetMark(key string, t time.Time) error {
	return m.db.Update(func(tx *store.Tx) error {
		return tx.Bucket("adapter_marks").Put([]byte(key), store.U64(uint64(t.UnixMilli())))
	})
}

// queueReply hands a reply an adapter could not deliver to the outbox,
// which retries it with backoff (a sign-up confirmation must not be lost).
func (a *app) queueReply(_ context.Context, to bot.Address, r bot.Reply) error {
	return a.db.Update(func(tx *store.Tx) error {
		_, err := outbox.Enqueue(tx, outbox.Item{To: to, Reply: r, Kind: "reply", Created: a.clock.Now()})
		return err
	})
}
