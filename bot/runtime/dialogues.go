package runtime

import (
	"bytes"
	"encoding/json"
	"errors"
	"time"

	"github.com/noaber/noaber/bot"
	"github.com/noaber/noaber/bot/store"
)

const dialoguesBucket = "dialogues"

// DialogueTTL is how long an untouched dialogue stays open.
const DialogueTTL = 7 * 24 * time.Hour

func dialogueKey(userID, convID string) []byte {
	return []byte(userID + "\x00" + convID)
}

func loadDialogue(tx *store.Tx, userID, convID string, now time.Time) (*bot.Dialogue, error) {
	var d bot.Dialogue
	ok, err := tx.Bucket(dialoguesBucket).GetJSON(dialogueKey(userID, convID), &d)
	if err != nil || !ok {
		return nil, err
	}
	if now.Sub(d.Updated) > DialogueTTL {
		return nil, nil
	}
	return &d, nil
}

// storedDialogue returns the dialogue record as stored (nil when none), so
// a message can tell whether someone else changed it while it was handled.
func storedDialogue(tx *store.Tx, userID, convID string) []byte {
	return bytes.Clone(tx.Bucket(dialoguesBucket).Get(dialogueKey(userID, convID)))
}

// errDialogueChanged says the stored dialogue is no longer the one the
// message read: something outside the conversation (an erasure, the
// retention purge) changed it meanwhile, and that change wins.
var errDialogueChanged = errors.New("dialogue changed while the message was handled")

// saveDialogueIf stores d (nil deletes) only when the stored record is
// still read; read and write of one message so act as one.
func saveDialogueIf(tx *store.Tx, userID, convID string, read []byte, d *bot.Dialogue) error {
	if !bytes.Equal(storedDialogue(tx, userID, convID), read) {
		return errDialogueChanged
	}
	return saveDialogue(tx, userID, convID, d)
}

func saveDialogue(tx *store.Tx, userID, convID string, d *bot.Dialogue) error {
	b := tx.Bucket(dialoguesBucket)
	if d == nil {
		return b.Delete(dialogueKey(userID, convID))
	}
	return b.PutJSON(dialogueKey(userID, convID), d)
}

// UserDialogues returns the open dialogues of a user (privacy export).
func UserDialogues(tx *store.Tx, userID string) ([]bot.Dialogue, error) {
	var out []bot.Dialogue
	prefix := []byte(userID + "\x00")
	c := tx.Bucket(dialoguesBucket).Cursor()
	for k, v := c.Seek(prefix); k != nil && hasPrefix(k, prefix); k, v = c.Next() {
		var d bot.Dialogue
		if err := json.Unmarshal(v, &d); err != nil {
			return nil, err
		}
		out = append(out, d)
	}
	return out, nil
}

// DeleteUserDialogues removes every dialogue of a user and returns how many.
func DeleteUserDialogues(tx *store.Tx, userID string) (int, error) {
	prefix := []byte(userID + "\x00")
	b := tx.Bucket(dialoguesBucket)
	var keys [][]byte
	c := b.Cursor()
	for k, _ := c.Seek(prefix); k != nil && hasPrefix(k, prefix); k, _ = c.Next() {
		keys = append(keys, append([]byte(nil), k...))
	}
	for _, k := range keys {
		if err := b.Delete(k); err != nil {
			return 0, err
		}
	}
	return len(keys), nil
}

// PurgeDialogues removes dialogues untouched since before (retention) and
// returns how many.
func PurgeDialogues(tx *store.Tx, before time.Time) (int, error) {
	b := tx.Bucket(dialoguesBucket)
	var old [][]byte
	err := b.ForEach(func(k, v []byte) error {
		var d bot.Dialogue
		if json.Unmarshal(v, &d) != nil || d.Updated.Before(before) {
			old = append(old, append([]byte(nil), k...))
		}
		return nil
	})
	if err != nil {
		return 0, err
	}
	for _, k := range old {
		if err := b.Delete(k); err != nil {
			return 0, err
		}
	}
	return len(old), nil
}

func hasPrefix(b, prefix []byte) bool {
	return len(b) >= len(prefix) && string(b[:len(prefix)]) == string(prefix)
}

func unmarshal(data []byte, v any) error { return json.Unmarshal(data, v) }
