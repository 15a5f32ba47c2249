package matrix

import (
	"context"
	"errors"
	"log/slog"
	"sync"
	"time"

	"maunium.net/go/mautrix"
	"maunium.net/go/mautrix/event"
	"maunium.net/go/mautrix/id"

	"github.com/noaber/noaber/bot"
)

// powerTTL is how long a room's power levels are trusted.
const powerTTL = 5 * time.Minute

// roleResolver derives Noaber roles from [matrix.roles]: user ids, and
// power levels in named rooms (looked up and cached for powerTTL).
type roleResolver struct {
	api  api
	sels map[bot.Role][]selector
	now  func() time.Time
	log  *slog.Logger

	mu    sync.Mutex
	cache map[string]cachedPower // room id → power levels
}

type cachedPower struct {
	levels *event.PowerLevelsEventContent
	at     time.Time
}

func newRoleResolver(a api, m RoleMap, now func() time.Time, log *slog.Logger) *roleResolver {
	r := &roleResolver{api: a, sels: map[bot.Role][]selector{}, now: now, log: log, cache: map[string]cachedPower{}}
	for role, list := range m.byRole() {
		for _, s := range list {
			if sel, err := parseSelector(s); err == nil { // Validate reported bad ones
				r.sels[role] = append(r.sels[role], sel)
			}
		}
	}
	return r
}

// of returns the roles userID has through the configured selectors.
func (r *roleResolver) of(ctx context.Context, userID string) []bot.Role {
	var roles []bot.Role
	for _, role := range bot.AllRoles {
		for _, s := range r.sels[role] {
			if r.matches(ctx, s, userID) {
				roles = append(roles, role)
				break
			}
		}
	}
	return roles
}

func (r *roleResolver) matches(ctx context.Context, s selector, userID string) bool {
	if s.user != "" {
		return s.user == userID
	}
	pl := r.powerLevels(ctx, s.room)
	return pl != nil && pl.GetUserLevel(id.UserID(userID)) >= s.power
}

// powerLevels returns the room's power levels, or nil when they cannot be
// read (the bot is not in the room); a failure is not cached.
func (r *roleResolver) powerLevels(ctx context.Context, room string) *event.PowerLevelsEventContent {
	r.mu.Lock()
	c, ok := r.cache[room]
	r.mu.Unlock()
	if ok && r.now().Sub(c.at) < powerTTL {
		return c.levels
	}
	var pl event.PowerLevelsEventContent
	if err := r.api.StateEvent(ctx, id.RoomID(room), event.StatePowerLevels, "", &pl); err != nil {
		if !errors.Is(err, mautrix.MNotFound) && !errors.Is(err, mautrix.MForbidden) {
			r.log.Warn("power levels lookup failed", "err", shortErr(err))
			return nil
		}
		r.mu.Lock()
		r.cache[room] = cachedPower{at: r.now()} // not in the room: a clean no
		r.mu.Unlock()
		return nil
	}
	r.mu.Lock()
	r.cache[room] = cachedPower{levels: &pl, at: r.now()}
	r.mu.Unlock()
	return &pl
}

// forget drops a room's cached power levels (they changed).
func (r *roleResolver) forget(room string) {
	r.mu.Lock()
	delete(r.cache, room)
	r.mu.Unlock()
}
