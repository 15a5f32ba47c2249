package matrix

import (
	"fmt"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/noaber/noaber/bot"
	"github.com/noaber/noaber/units"
)

// Config is the [matrix] section. Zero values mean the documented
// defaults; homeserver, user_id and a token (or password) are needed when
// enabled.
type Config struct {
	// Enabled turns the adapter on.
	Enabled bool `toml:"enabled"`
	// Homeserver is the client-server API base URL, e.g.
	// "https://matrix.gemeente.nl".
	Homeserver string `toml:"homeserver"`
	// UserID is the bot account, e.g. "@noaber:gemeente.nl".
	UserID string `toml:"user_id"`
	// Token is the bot's access token (env NOABER_MATRIX_TOKEN). Empty
	// means a password login at start.
	Token string `toml:"token"`
	// Password logs the bot in at start when there is no token (env
	// NOABER_MATRIX_PASSWORD).
	Password string `toml:"password"`
	// DeviceID is the device the token belongs to, or the device to log in
	// as. Empty means the one the server gives.
	DeviceID string `toml:"device_id"`
	// AllowedServers are the homeservers (the part after the colon of a
	// room id, or of the inviter's id) whose invitations the bot accepts.
	// Empty means the bot joins no room by itself; invite it to rooms on
	// these servers, or join it by hand.
	AllowedServers []string `toml:"allowed_servers"`
	// Roles maps Matrix users and power levels to Noaber roles.
	Roles RoleMap `toml:"roles"`
	// MaxBackoff caps the wait between reconnection attempts; zero means
	// 30s, the most allowed.
	MaxBackoff units.Duration `toml:"max_backoff"`
	// SyncTimeout is how long one /sync long-poll waits for news; zero
	// means 30s.
	SyncTimeout units.Duration `toml:"sync_timeout"`
	// Reactions adds 1️⃣ 2️⃣ … under a message with choices, as shortcuts
	// for typing the number. Nil means true.
	Reactions *bool `toml:"reactions"`
}

func (c Config) reactions() bool { return c.Reactions == nil || *c.Reactions }

// RoleMap lists, per Noaber role, who has it: a user id
// ("@alice:example.org"), or everyone with at least a power level in a
// room ("power:50:!room:example.org").
type RoleMap struct {
	Admin     []string `toml:"admin"`
	Official  []string `toml:"official"`
	Organiser []string `toml:"organiser"`
}

func (m RoleMap) byRole() map[bot.Role][]string {
	return map[bot.Role][]string{bot.RoleAdmin: m.Admin, bot.RoleOfficial: m.Official, bot.RoleOrganiser: m.Organiser}
}

// The defaults of the zero values, and the longest allowed backoff.
const (
	DefaultMaxBackoff  = 30 * time.Second
	DefaultSyncTimeout = 30 * time.Second
)

// Validate checks the section. Messages start with the full key.
func (c Config) Validate() error {
	if !c.Enabled {
		return nil
	}
	if c.Homeserver == "" {
		return fmt.Errorf("matrix.homeserver: required when matrix.enabled is true; write the client-server API URL, e.g. \"https://matrix.example.org\"")
	}
	u, err := url.Parse(c.Homeserver)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return fmt.Errorf("matrix.homeserver: %q is not an http(s) URL; write e.g. \"https://matrix.example.org\"", c.Homeserver)
	}
	if !validUserID(c.UserID) {
		return fmt.Errorf("matrix.user_id: %q is not a Matrix user id; write e.g. \"@noaber:example.org\"", c.UserID)
	}
	if c.Token == "" && c.Password == "" {
		return fmt.Errorf("matrix.token: required (or matrix.password); set the bot's access token here or in NOABER_MATRIX_TOKEN")
	}
	if strings.ContainsAny(c.DeviceID, " \t\n/") {
		return fmt.Errorf("matrix.device_id: %q may not contain spaces or slashes", c.DeviceID)
	}
	for _, s := range c.AllowedServers {
		if s == "" || strings.ContainsAny(s, " \t/@!#") || strings.Contains(s, "://") {
			return fmt.Errorf("matrix.allowed_servers: %q is not a server name; write e.g. \"example.org\" (the part after the colon in @user:example.org)", s)
		}
	}
	if c.MaxBackoff.Duration < 0 || c.MaxBackoff.Duration > DefaultMaxBackoff {
		return fmt.Errorf("matrix.max_backoff: %s: use 1s to 30s (default 30s)", c.MaxBackoff.Duration)
	}
	if c.SyncTimeout.Duration < 0 || c.SyncTimeout.Duration > 5*time.Minute {
		return fmt.Errorf("matrix.sync_timeout: %s: use 1s to 5m (default 30s)", c.SyncTimeout.Duration)
	}
	for role, sels := range map[string][]string{"admin": c.Roles.Admin, "official": c.Roles.Official, "organiser": c.Roles.Organiser} {
		for _, s := range sels {
			if _, err := parseSelector(s); err != nil {
				return fmt.Errorf("matrix.roles.%s: %w", role, err)
			}
		}
	}
	return nil
}

func (c Config) withDefaults() Config {
	if c.MaxBackoff.Duration == 0 {
		c.MaxBackoff.Duration = DefaultMaxBackoff
	}
	if c.SyncTimeout.Duration == 0 {
		c.SyncTimeout.Duration = DefaultSyncTimeout
	}
	c.Homeserver = strings.TrimRight(c.Homeserver, "/")
	return c
}

// validUserID accepts "@localpart:server" with a non-empty localpart and
// server.
func validUserID(s string) bool {
	local, server, ok := strings.Cut(strings.TrimPrefix(s, "@"), ":")
	return strings.HasPrefix(s, "@") && ok && local != "" && server != "" && !strings.ContainsAny(s, " \t\n/")
}

// validRoomID accepts "!opaque:server" (and the server-less ids of room
// version 12, "!opaque").
func validRoomID(s string) bool {
	return len(s) > 1 && strings.HasPrefix(s, "!") && !strings.ContainsAny(s, " \t\n/")
}

// serverOf returns the server name of a user or room id ("" when none).
func serverOf(id string) string {
	_, server, _ := strings.Cut(id, ":")
	return server
}

// selector is one parsed RoleMap entry: a user, or a minimum power level
// in a room.
type selector struct {
	user  string
	room  string
	power int
}

func parseSelector(s string) (selector, error) {
	if rest, ok := strings.CutPrefix(s, "power:"); ok {
		n, room, ok := strings.Cut(rest, ":")
		level, err := strconv.Atoi(n)
		if !ok || err != nil || !validRoomID(room) {
			return selector{}, fmt.Errorf("%q: write \"power:<level>:<room id>\", e.g. \"power:50:!abc:example.org\"", s)
		}
		return selector{room: room, power: level}, nil
	}
	if !validUserID(s) {
		return selector{}, fmt.Errorf("%q: write a user id (\"@alice:example.org\") or \"power:<level>:<room id>\"", s)
	}
	return selector{user: s}, nil
}
