package mattermost

import (
	"context"
	"log/slog"
	"net/http"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/mattermost/mattermost/server/public/model"

	"github.com/noaber/noaber/bot"
)

// roleResolver derives Noaber roles from Mattermost data as configured in
// [mattermost.roles], caching each user's result for a while so a busy
// channel does not cost a lookup per message.
type roleResolver struct {
	api  restAPI
	sels map[bot.Role][]selector
	ttl  time.Duration
	now  func() time.Time
	log  *slog.Logger

	mu    sync.Mutex
	cache map[string]cachedRoles
}

type cachedRoles struct {
	roles []bot.Role
	at    time.Time
}

func newRoleResolver(api restAPI, m RoleMap, ttl time.Duration, now func() time.Time, log *slog.Logger) *roleResolver {
	r := &roleResolver{api: api, sels: map[bot.Role][]selector{}, ttl: ttl, now: now, log: log, cache: map[string]cachedRoles{}}
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
	if len(r.sels) == 0 {
		return nil
	}
	r.mu.Lock()
	c, ok := r.cache[userID]
	r.mu.Unlock()
	if ok && r.now().Sub(c.at) < r.ttl {
		return c.roles
	}
	var roles []bot.Role
	complete := true
	memo := map[selector]bool{}
	for _, role := range bot.AllRoles {
		for _, s := range r.sels[role] {
			has, known := memo[s]
			if !known {
				var err error
				has, err = r.matches(ctx, s, userID)
				if err != nil {
					complete = false
					r.log.Warn("role lookup failed", "selector", s.kind, "err", err)
				}
				memo[s] = has
			}
			if has {
				roles = append(roles, role)
				break
			}
		}
	}
	if complete { // a failed lookup is asked again next time
		r.mu.Lock()
		if len(r.cache) > 10000 {
			clear(r.cache)
		}
		r.cache[userID] = cachedRoles{roles: roles, at: r.now()}
		r.mu.Unlock()
	}
	return roles
}

// matches asks Mattermost whether userID fits s. "Not found" is a clean no.
func (r *roleResolver) matches(ctx context.Context, s selector, userID string) (bool, error) {
	switch s.kind {
	case "user":
		return s.id == userID, nil
	case "system":
		u, resp, err := r.api.GetUser(ctx, userID, "")
		if err != nil {
			return false, notFoundIsNo(resp, err)
		}
		return slices.Contains(strings.Fields(u.Roles), s.id), nil
	case "team":
		m, resp, err := r.api.GetTeamMember(ctx, s.id, userID, "")
		if err != nil {
			return false, notFoundIsNo(resp, err)
		}
		return m.DeleteAt == 0, nil
	case "channel":
		_, resp, err := r.api.GetChannelMember(ctx, s.id, userID, "")
		if err != nil {
			return false, notFoundIsNo(resp, err)
		}
		return true, nil
	}
	return false, nil
}

// notFoundIsNo turns a 404 (no such membership) into a plain "no"; other
// failures stay errors.
func notFoundIsNo(resp *model.Response, err error) error {
	if code := statusOf(resp); code == http.StatusNotFound || code == http.StatusForbidden {
		return nil
	}
	return err
}
