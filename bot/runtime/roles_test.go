package runtime_test

import (
	"slices"
	"testing"

	"github.com/noaber/noaber/bot"
	"github.com/noaber/noaber/bot/runtime"
	"github.com/noaber/noaber/bot/store"
	"github.com/noaber/noaber/bot/store/storetest"
)

// TestHolderIDsTxReadsThroughTheTransaction: inside a write transaction
// (a reminder, the digest, a cancellation) the role holders are read
// through it, not by opening a second transaction, so they include a grant
// made earlier in the same transaction.
func TestHolderIDsTxReadsThroughTheTransaction(t *testing.T) {
	db := storetest.Open(t)
	roles := runtime.NewRoles(db, map[bot.Role][]string{bot.RoleOfficial: {"discord:conf"}, bot.RoleAdmin: {"discord:boss"}})
	err := db.Update(func(tx *store.Tx) error {
		if err := roles.Grant(tx, "mattermost:new", bot.RoleOfficial); err != nil {
			return err
		}
		ids, err := roles.HolderIDsTx(tx, bot.RoleOfficial)
		if err != nil {
			return err
		}
		if want := []string{"discord:boss", "discord:conf", "mattermost:new"}; !slices.Equal(ids, want) {
			t.Errorf("holders in the granting transaction: %v, want %v", ids, want)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if ids, _ := roles.HolderIDsTx(nil, bot.RoleOfficial); !slices.Equal(ids, []string{"discord:boss", "discord:conf"}) {
		t.Errorf("without a transaction only configured holders: %v", ids)
	}
}
