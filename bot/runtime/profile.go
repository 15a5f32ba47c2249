package runtime

import (
	"github.com/noaber/noaber/bot"
	"github.com/noaber/noaber/bot/store"
)

const usersBucket = "users"

// Profile is what the bot remembers of a user between messages: only the
// language, chosen or last seen.
type Profile struct {
	Lang     bot.Lang `json:"lang,omitempty"`      // chosen with "taal en" / "language nl"
	LastLang bot.Lang `json:"last_lang,omitempty"` // last detected, for short messages
}

// LoadProfile reads a user's profile (empty when none).
func LoadProfile(tx *store.Tx, userID string) (Profile, error) {
	var p Profile
	_, err := tx.Bucket(usersBucket).GetJSON([]byte(userID), &p)
	return p, err
}

// SaveProfile stores a user's profile.
func SaveProfile(tx *store.Tx, userID string, p Profile) error {
	return tx.Bucket(usersBucket).PutJSON([]byte(userID), p)
}

// DeleteProfile removes a user's profile and reports whether there was one.
func DeleteProfile(tx *store.Tx, userID string) (bool, error) {
	b := tx.Bucket(usersBucket)
	had := b.Get([]byte(userID)) != nil
	return had, b.Delete([]byte(userID))
}
