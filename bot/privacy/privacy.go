package privacy

import (
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/noaber/noaber/bot"
	"github.com/noaber/noaber/bot/calendar"
	"github.com/noaber/noaber/bot/outbox"
	"github.com/noaber/noaber/bot/runtime"
	"github.com/noaber/noaber/bot/store"
)

// Holder is a named store.DataHolder: a capability that keeps data about
// users, or another part of the program that does.
type Holder struct {
	Name string
	store.DataHolder
}

// Holders finds the data holders among caps by type assertion, in order.
func Holders(caps []bot.Capability) []Holder {
	var out []Holder
	for _, c := range caps {
		if h, ok := c.(store.DataHolder); ok {
			out = append(out, Holder{Name: c.Name(), DataHolder: h})
		}
	}
	return out
}

// The kinds of data the core itself keeps about a user; features add
// their capability names.
const (
	KindProfile   = "profile"   // language choice
	KindDialogues = "dialogues" // open multi-step conversations
	KindRoles     = "roles"     // roles granted in chat
	KindMessages  = "messages"  // direct messages waiting in the outbox
	KindCalendar  = "calendar"  // personal calendar feed link
)

// Report is everything Noaber holds about one user, for export.
type Report struct {
	UserID     string    `json:"user_id"`
	ExportedAt time.Time `json:"exported_at"`
	// Profile is the language the user chose or last wrote in.
	Profile *runtime.Profile `json:"profile,omitempty"`
	// Dialogues are multi-step conversations in progress.
	Dialogues []bot.Dialogue `json:"dialogues,omitempty"`
	// Roles are the roles an admin granted in chat (configured roles live
	// in the configuration file, not in the store).
	Roles []bot.Role `json:"roles_granted,omitempty"`
	// Messages are direct messages waiting to be delivered.
	Messages []outbox.Item `json:"messages_waiting,omitempty"`
	// CalendarFeed tells whether the user has a personal calendar link.
	CalendarFeed bool `json:"calendar_feed,omitempty"`
	// Features holds what each feature keeps, by capability name.
	Features map[string]any `json:"features,omitempty"`
}

// Empty reports whether the report holds nothing about the user.
func (r *Report) Empty() bool {
	return r.Profile == nil && len(r.Dialogues) == 0 && len(r.Roles) == 0 && len(r.Messages) == 0 &&
		!r.CalendarFeed && len(r.Features) == 0
}

// Counts lists, per kind, how many records there are (export summary) or
// were removed (erase), in a stable order: the core's kinds, then the
// features in routing order.
func (r *Report) Counts() []Count {
	var out []Count
	add := func(kind string, n int) {
		if n > 0 {
			out = append(out, Count{kind, n})
		}
	}
	if r.Profile != nil {
		add(KindProfile, 1)
	}
	add(KindDialogues, len(r.Dialogues))
	add(KindRoles, len(r.Roles))
	add(KindMessages, len(r.Messages))
	if r.CalendarFeed {
		add(KindCalendar, 1)
	}
	names := make([]string, 0, len(r.Features))
	for n := range r.Features {
		names = append(names, n)
	}
	slices.Sort(names)
	for _, n := range names {
		add(n, records(r.Features[n]))
	}
	return out
}

// records counts a feature's export: the length of a list or map, else 1.
func records(v any) int {
	raw, err := json.Marshal(v)
	if err != nil {
		return 1
	}
	var list []json.RawMessage
	if json.Unmarshal(raw, &list) == nil {
		return len(list)
	}
	var obj map[string]json.RawMessage
	if json.Unmarshal(raw, &obj) == nil {
		n := 0
		for _, x := range obj {
			if m := records(x); m > 0 {
				n += m
			}
		}
		return max(n, 1)
	}
	return 1
}

// Count is a number of records of one kind.
type Count struct {
	Kind string `json:"kind"`
	N    int    `json:"n"`
}

// Total sums counts.
func Total(cs []Count) int {
	n := 0
	for _, c := range cs {
		n += c.N
	}
	return n
}

// empty reports whether a holder's export is nothing: nil, or JSON null,
// an empty list or an empty object.
func empty(v any) bool {
	if v == nil {
		return true
	}
	raw, err := json.Marshal(v)
	if err != nil {
		return false
	}
	switch string(raw) {
	case "null", "[]", "{}", `""`:
		return true
	}
	return false
}

// Export collects everything held about userID in one read transaction.
func Export(db *store.DB, holders []Holder, roles *runtime.Roles, userID string, now time.Time) (*Report, error) {
	r := &Report{UserID: userID, ExportedAt: now.UTC()}
	err := db.View(func(tx *store.Tx) error {
		p, err := runtime.LoadProfile(tx, userID)
		if err != nil {
			return fmt.Errorf("profile: %w", err)
		}
		if p != (runtime.Profile{}) {
			r.Profile = &p
		}
		if r.Dialogues, err = runtime.UserDialogues(tx, userID); err != nil {
			return fmt.Errorf("dialogues: %w", err)
		}
		if r.Roles, err = roles.Granted(tx, userID); err != nil {
			return fmt.Errorf("roles: %w", err)
		}
		if r.Messages, err = outbox.PendingFor(tx, userID); err != nil {
			return fmt.Errorf("outbox: %w", err)
		}
		r.CalendarFeed = calendar.TokenOf(tx, userID) != ""
		for _, h := range holders {
			v, err := h.ExportUser(tx, userID)
			if err != nil {
				return fmt.Errorf("%s: %w", h.Name, err)
			}
			if !empty(v) {
				if r.Features == nil {
					r.Features = map[string]any{}
				}
				r.Features[h.Name] = v
			}
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("export user data: %w", err)
	}
	return r, nil
}

// Erase removes everything held about userID in one write transaction and
// returns what it removed per kind. Features go first, so what they do as a
// consequence (promoting someone from a waitlist) commits with the erasure;
// a failure anywhere removes nothing.
func Erase(db *store.DB, holders []Holder, roles *runtime.Roles, userID string) ([]Count, error) {
	var out []Count
	add := func(kind string, n int) {
		if n > 0 {
			out = append(out, Count{kind, n})
		}
	}
	err := db.Update(func(tx *store.Tx) error {
		out = out[:0]
		// The erased records must leave the file too, not only the API.
		tx.Scrub()
		var feats []Count
		for _, h := range holders {
			n, err := h.EraseUser(tx, userID)
			if err != nil {
				return fmt.Errorf("%s: %w", h.Name, err)
			}
			if n > 0 {
				feats = append(feats, Count{h.Name, n})
			}
		}
		had, err := runtime.DeleteProfile(tx, userID)
		if err != nil {
			return fmt.Errorf("profile: %w", err)
		}
		if had {
			add(KindProfile, 1)
		}
		n, err := runtime.DeleteUserDialogues(tx, userID)
		if err != nil {
			return fmt.Errorf("dialogues: %w", err)
		}
		add(KindDialogues, n)
		granted, err := roles.Granted(tx, userID)
		if err != nil {
			return fmt.Errorf("roles: %w", err)
		}
		for _, role := range granted {
			if err := roles.Revoke(tx, userID, role); err != nil {
				return fmt.Errorf("roles: %w", err)
			}
		}
		add(KindRoles, len(granted))
		pending, err := outbox.DeletePendingFor(tx, userID)
		if err != nil {
			return fmt.Errorf("outbox: %w", err)
		}
		dead, err := outbox.DeleteDeadFor(tx, userID)
		if err != nil {
			return fmt.Errorf("outbox: %w", err)
		}
		add(KindMessages, pending+dead)
		revoked, err := calendar.RevokeToken(tx, userID)
		if err != nil {
			return fmt.Errorf("calendar: %w", err)
		}
		if revoked {
			add(KindCalendar, 1)
		}
		slices.SortStableFunc(feats, func(a, b Count) int { return strings.Compare(a.Kind, b.Kind) })
		out = append(out, feats...)
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("erase user data: %w", err)
	}
	return out, nil
}
