package matrix

import (
	"strconv"
	"time"

	"github.com/noaber/noaber/bot/store"
)

// bucket is the adapter's top-level bucket in the store. Below it:
//
//	sync/<bot user id>        → the next_batch token of the last handled /sync
//	dm/<user id>              → the direct room the bot shares with the user
//	direct/<room id>          → "1" for rooms known to be direct
//	threads/<room>/<root>     → unix time the bot last posted in the thread
//	e2ee/<room id>            → "1" once the encrypted-room notice was posted
const bucket = "matrix"

// threadRetention is how long the bot keeps answering follow-ups in a
// thread without a mention after it last posted there.
const threadRetention = 30 * 24 * time.Hour

// state is the adapter's persistent memory.
type state struct {
	db  *store.DB
	now func() time.Time
}

func (s state) get(sub, key string) string {
	var v string
	_ = s.db.View(func(tx *store.Tx) error {
		v = string(tx.Bucket(bucket).Sub(sub).Get([]byte(key)))
		return nil
	})
	return v
}

func (s state) put(sub, key, value string) error {
	return s.db.Update(func(tx *store.Tx) error {
		return tx.Bucket(bucket).Sub(sub).Put([]byte(key), []byte(value))
	})
}

func (s state) syncToken(botID string) string { return s.get("sync", botID) }

func (s state) saveSyncToken(botID, token string) error { return s.put("sync", botID, token) }

func (s state) dmRoom(userID string) string { return s.get("dm", userID) }

// rememberDM records room as the direct room with userID (and as direct),
// keeping an earlier one.
func (s state) rememberDM(userID, room string) error {
	return s.db.Update(func(tx *store.Tx) error {
		b := tx.Bucket(bucket)
		if err := b.Sub("direct").Put([]byte(room), []byte("1")); err != nil {
			return err
		}
		dm := b.Sub("dm")
		if dm.Get([]byte(userID)) != nil {
			return nil
		}
		return dm.Put([]byte(userID), []byte(room))
	})
}

// forgetDM drops the direct room of userID when it is room (the user left
// it), so the next direct message opens a new one.
func (s state) forgetDM(userID, room string) error {
	return s.db.Update(func(tx *store.Tx) error {
		dm := tx.Bucket(bucket).Sub("dm")
		if string(dm.Get([]byte(userID))) != room {
			return nil
		}
		return dm.Delete([]byte(userID))
	})
}

func (s state) isDirect(room string) bool { return s.get("direct", room) != "" }

func threadKey(room, root string) string { return room + "/" + root }

// inThread reports whether the bot posted in the thread lately.
func (s state) inThread(room, root string) bool {
	v := s.get("threads", threadKey(room, root))
	at, err := strconv.ParseInt(v, 10, 64)
	return err == nil && s.now().Sub(time.Unix(at, 0)) < threadRetention
}

// joinThread records that the bot posted in the thread now. Once many
// threads are kept it drops those left alone for longer than
// threadRetention (inThread ignores them anyway).
func (s state) joinThread(room, root string) error {
	now := s.now()
	return s.db.Update(func(tx *store.Tx) error {
		b := tx.Bucket(bucket).Sub("threads")
		var old [][]byte
		if b.Len() < 2000 {
			return b.Put([]byte(threadKey(room, root)), []byte(strconv.FormatInt(now.Unix(), 10)))
		}
		_ = b.ForEach(func(k, v []byte) error {
			if at, err := strconv.ParseInt(string(v), 10, 64); err != nil || now.Sub(time.Unix(at, 0)) >= threadRetention {
				old = append(old, append([]byte(nil), k...))
			}
			return nil
		})
		for _, k := range old {
			if err := b.Delete(k); err != nil {
				return err
			}
		}
		return b.Put([]byte(threadKey(room, root)), []byte(strconv.FormatInt(now.Unix(), 10)))
	})
}

func (s state) e2eeNoticed(room string) bool { return s.get("e2ee", room) != "" }

func (s state) markE2EENoticed(room string) error { return s.put("e2ee", room, "1") }
