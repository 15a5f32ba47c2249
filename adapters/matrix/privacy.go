package matrix

import (
	"context"
	"strings"

	"github.com/noaber/noaber/bot"
	"github.com/noaber/noaber/bot/store"
)

// Privacy lets "mijn gegevens" / "vergeet mij" (and the operator's privacy
// commands) see and erase what the adapter keeps about a user: the direct
// room it opened or was invited to. Register it with the router's
// capabilities when Matrix is on; it answers no message itself.
type Privacy struct{}

var (
	_ bot.Capability   = Privacy{}
	_ store.DataHolder = Privacy{}
)

// Name is "matrix".
func (Privacy) Name() string { return Name }

// Handle takes no message.
func (Privacy) Handle(context.Context, *bot.Request) ([]bot.Reply, bool, error) {
	return nil, false, nil
}

// ExportUser returns the direct room kept for userID, or nil.
func (Privacy) ExportUser(tx *store.Tx, userID string) (any, error) {
	u, ok := strings.CutPrefix(userID, Name+":")
	if !ok {
		return nil, nil
	}
	room := tx.Bucket(bucket).Sub("dm").Get([]byte(u))
	if room == nil {
		return nil, nil
	}
	return map[string]string{"direct_room": string(room)}, nil
}

// EraseUser forgets the direct room kept for userID; the next direct
// message opens a new one.
func (Privacy) EraseUser(tx *store.Tx, userID string) (int, error) {
	u, ok := strings.CutPrefix(userID, Name+":")
	if !ok {
		return 0, nil
	}
	dm := tx.Bucket(bucket).Sub("dm")
	if dm.Get([]byte(u)) == nil {
		return 0, nil
	}
	return 1, dm.Delete([]byte(u))
}
