package runtime

import (
	"slices"
	"sort"

	"github.com/noaber/noaber/bot"
	"github.com/noaber/noaber/bot/store"
)

// Roles decides which roles a user has: the ones configured per platform
// identity, the ones an admin granted in chat (kept in the store), and the
// ones an adapter derived from platform data.
type Roles struct {
	db         *store.DB
	configured map[string][]bot.Role
}

// NewRoles builds a role table from configuration: role name → user ids.
func NewRoles(db *store.DB, byRole map[bot.Role][]string) *Roles {
	r := &Roles{db: db, configured: map[string][]bot.Role{}}
	for role, ids := range byRole {
		for _, id := range ids {
			r.configured[id] = append(r.configured[id], role)
		}
	}
	return r
}

const grantsBucket = "role_grants"

// Of returns the roles of u, sorted and without duplicates. Inside a
// transaction use OfTx.
func (r *Roles) Of(u bot.User) []bot.Role {
	if r.db == nil {
		return r.OfTx(nil, u)
	}
	var out []bot.Role
	_ = r.db.View(func(tx *store.Tx) error {
		out = r.OfTx(tx, u)
		return nil
	})
	return out
}

// OfTx is Of read through tx; a nil tx reads no granted roles.
func (r *Roles) OfTx(tx *store.Tx, u bot.User) []bot.Role {
	out := slices.Clone(u.Roles)
	out = append(out, r.configured[u.ID]...)
	if tx != nil {
		var granted []bot.Role
		if _, err := tx.Bucket(grantsBucket).GetJSON([]byte(u.ID), &granted); err == nil {
			out = append(out, granted...)
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i] < out[j] })
	return slices.Compact(out)
}

// Grant gives a role to a user id, stored.
func (r *Roles) Grant(tx *store.Tx, userID string, role bot.Role) error {
	b := tx.Bucket(grantsBucket)
	var granted []bot.Role
	if _, err := b.GetJSON([]byte(userID), &granted); err != nil {
		return err
	}
	if slices.Contains(granted, role) {
		return nil
	}
	return b.PutJSON([]byte(userID), append(granted, role))
}

// Revoke takes a granted role away. Configured roles stay.
func (r *Roles) Revoke(tx *store.Tx, userID string, role bot.Role) error {
	b := tx.Bucket(grantsBucket)
	var granted []bot.Role
	if _, err := b.GetJSON([]byte(userID), &granted); err != nil {
		return err
	}
	granted = slices.DeleteFunc(granted, func(x bot.Role) bool { return x == role })
	if len(granted) == 0 {
		return b.Delete([]byte(userID))
	}
	return b.PutJSON([]byte(userID), granted)
}

// Granted returns the roles granted in chat to userID (for privacy export).
func (r *Roles) Granted(tx *store.Tx, userID string) ([]bot.Role, error) {
	var granted []bot.Role
	_, err := tx.Bucket(grantsBucket).GetJSON([]byte(userID), &granted)
	return granted, err
}

// HolderIDsTx returns every user id that has role through configuration or
// a grant (not adapter-derived roles, which are only known when a user
// speaks), read through tx, which sees the transaction's own grants; the
// deadline reminders and digest use it inside their write transaction. A
// nil tx reads only the configured roles. There is no variant that opens
// its own transaction: its callers always hold one.
func (r *Roles) HolderIDsTx(tx *store.Tx, role bot.Role) ([]string, error) {
	seen := map[string]bool{}
	for id, roles := range r.configured {
		if slices.Contains(roles, role) || slices.Contains(roles, bot.RoleAdmin) {
			seen[id] = true
		}
	}
	if tx != nil {
		err := tx.Bucket(grantsBucket).ForEach(func(k, v []byte) error {
			var granted []bot.Role
			_ = unmarshal(v, &granted)
			if slices.Contains(granted, role) || slices.Contains(granted, bot.RoleAdmin) {
				seen[string(k)] = true
			}
			return nil
		})
		if err != nil {
			return nil, err
		}
	}
	out := make([]string, 0, len(seen))
	for id := range seen {
		out = append(out, id)
	}
	sort.Strings(out)
	return out, nil
}
