package deadlines

import (
	"encoding/json"
	"slices"
	"strings"
	"time"

	"github.com/noaber/noaber/bot/schedule"
	"github.com/noaber/noaber/bot/store"
)

// userExport is what the capability holds about one user.
type userExport struct {
	Owned     []exported `json:"owned,omitempty"`
	Following []exported `json:"following,omitempty"`
	Digest    bool       `json:"digest,omitempty"`
	Missed    int        `json:"missed_reminders_waiting,omitempty"`
}

type exported struct {
	ID     uint64    `json:"id"`
	Title  string    `json:"title"`
	Moment time.Time `json:"moment"`
}

// ExportUser returns the deadlines the user owns and follows, the digest
// opt-in and the number of missed reminders waiting for their summary.
func (c *Capability) ExportUser(tx *store.Tx, userID string) (any, error) {
	all, err := All(tx)
	if err != nil {
		return nil, err
	}
	var ex userExport
	for _, d := range all {
		e := exported{d.ID, d.Title, d.Moment}
		if d.Owner == userID {
			ex.Owned = append(ex.Owned, e)
		}
		if d.follows(userID) {
			ex.Following = append(ex.Following, e)
		}
	}
	ex.Digest = tx.Bucket(digestBucket).Get([]byte(userID)) != nil
	ex.Missed = len(missedKeys(tx, "u:"+userID))
	if ex.Owned == nil && ex.Following == nil && !ex.Digest && ex.Missed == 0 {
		return nil, nil
	}
	return ex, nil
}

// EraseUser removes the user from every deadline's followers, drops the
// digest opt-in and missed reminders waiting for them, and clears the
// owner of the deadlines they made. Those deadlines stay: they are work
// deadlines that their channel, role and other followers rely on, and
// officials can still edit or cancel them. It returns the records changed.
func (c *Capability) EraseUser(tx *store.Tx, userID string) (int, error) {
	n := 0
	b := tx.Bucket(bucket)
	var changed []Deadline
	err := b.ForEach(func(k, v []byte) error {
		var d Deadline
		if err := json.Unmarshal(v, &d); err != nil {
			return err
		}
		touched := false
		if d.Owner == userID {
			d.Owner, touched = "", true
		}
		if d.follows(userID) {
			d.Followers, touched = slices.DeleteFunc(d.Followers, func(u string) bool { return u == userID }), true
		}
		if touched {
			changed = append(changed, d)
		}
		return nil
	})
	if err != nil {
		return 0, err
	}
	for i := range changed {
		if err := put(tx, &changed[i]); err != nil {
			return n, err
		}
		n++
	}
	if err := schedule.Delete(tx, userDigestJob(userID)); err != nil {
		return n, err
	}
	db := tx.Bucket(digestBucket)
	if db.Get([]byte(userID)) != nil {
		if err := db.Delete([]byte(userID)); err != nil {
			return n, err
		}
		n++
	}
	mb := tx.Bucket(missedBucket)
	for _, k := range missedKeys(tx, "u:"+userID) {
		if err := mb.Delete(k); err != nil {
			return n, err
		}
		n++
	}
	return n, nil
}

func missedKeys(tx *store.Tx, rcpt string) [][]byte {
	prefix := rcpt + "\x00"
	var keys [][]byte
	cur := tx.Bucket(missedBucket).Cursor()
	for k, _ := cur.Seek([]byte(prefix)); k != nil && strings.HasPrefix(string(k), prefix); k, _ = cur.Next() {
		keys = append(keys, append([]byte(nil), k...))
	}
	return keys
}
