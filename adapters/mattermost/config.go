package mattermost

import (
	"fmt"
	"net/netip"
	"net/url"
	"strings"
	"time"

	"github.com/mattermost/mattermost/server/public/model"

	"github.com/noaber/noaber/bot"
	"github.com/noaber/noaber/units"
)

// Config is the [mattermost] section. Zero values mean the documented
// defaults; only url and token are needed when enabled.
type Config struct {
	// Enabled turns the adapter on.
	Enabled bool `toml:"enabled"`
	// URL is the server's base URL, e.g. "https://chat.gemeente.nl".
	URL string `toml:"url"`
	// Token is the bot account's access token (env NOABER_MATTERMOST_TOKEN).
	Token string `toml:"token"`
	// CommandToken is the token Mattermost shows for the /noaber slash
	// command (env NOABER_MATTERMOST_COMMAND_TOKEN). Empty means the slash
	// command endpoint is not served.
	CommandToken string `toml:"command_token"`
	// CommandPath is where the listener serves the slash command. Empty
	// means "/mattermost/command".
	CommandPath string `toml:"command_path"`
	// ActionSecret signs button contexts (env
	// NOABER_MATTERMOST_ACTION_SECRET), at least 32 characters. Empty means
	// a random secret per start: buttons made before a restart stop working.
	ActionSecret string `toml:"action_secret"`
	// ActionURL is the public URL Mattermost POSTs button clicks to. Empty
	// means <http.public_url>/mattermost/action. Its path is where the
	// listener serves clicks.
	ActionURL string `toml:"action_url"`
	// ActionFrom lists the addresses (CIDRs such as "10.0.3.0/24", or
	// single IPs) allowed to POST button clicks and slash commands: the
	// Mattermost server's, as seen by Noaber. Empty means any public
	// address, while loopback, private and link-local addresses are
	// refused: a process on the same host or network must not click
	// buttons for other users. Behind a reverse proxy on the same host,
	// list 127.0.0.1/32 and restrict at the proxy.
	ActionFrom []string `toml:"action_from"`
	// ActionTTL is how long a button keeps working. Zero means 30 days.
	ActionTTL units.Duration `toml:"action_ttl"`
	// Channels limits where the bot answers mentions and thread replies to
	// these channel ids. Empty means every channel the bot is a member of.
	// Direct messages are always answered.
	Channels []string `toml:"channels"`
	// Roles maps Mattermost users, team and channel memberships and system
	// roles to Noaber roles.
	Roles RoleMap `toml:"roles"`
	// RolesCacheTTL is how long a looked-up membership is trusted. Zero
	// means 5 minutes.
	RolesCacheTTL units.Duration `toml:"roles_cache_ttl"`
	// PingTimeout is how long the websocket may stay silent (no event, no
	// ping) before it is considered dead and replaced. Zero means 65s, the
	// SDK's own watchdog period; the server pings about every 30s.
	PingTimeout units.Duration `toml:"ping_timeout"`
	// MaxBackoff caps the wait between reconnection attempts. Zero means 1m.
	MaxBackoff units.Duration `toml:"max_backoff"`
	// Workers is how many posts are answered at once. Zero means 4.
	Workers int `toml:"workers"`
	// QueueSize is how many posts may wait for a worker; posts beyond it
	// are fetched again over REST once the queue has room. Zero means 256.
	QueueSize int `toml:"queue_size"`
}

// RoleMap lists, per Noaber role, selectors that grant it:
// "user:<userID>", "team:<teamID>" (member of the team),
// "channel:<channelID>" (member of the channel) and "system:<role>" (a
// Mattermost system role such as "system_admin").
type RoleMap struct {
	Admin     []string `toml:"admin"`
	Official  []string `toml:"official"`
	Organiser []string `toml:"organiser"`
}

// byRole returns the selectors per role.
func (m RoleMap) byRole() map[bot.Role][]string {
	return map[bot.Role][]string{bot.RoleAdmin: m.Admin, bot.RoleOfficial: m.Official, bot.RoleOrganiser: m.Organiser}
}

// The defaults of the zero values.
const (
	DefaultCommandPath   = "/mattermost/command"
	DefaultActionPath    = "/mattermost/action"
	DefaultActionTTL     = 30 * 24 * time.Hour
	DefaultRolesCacheTTL = 5 * time.Minute
	DefaultPingTimeout   = (60 + model.PingTimeoutBufferSeconds) * time.Second
	DefaultMaxBackoff    = time.Minute
	DefaultWorkers       = 4
	DefaultQueueSize     = 256
)

// Validate checks the section. Messages start with the full key.
func (c Config) Validate() error {
	if !c.Enabled {
		return nil
	}
	if c.URL == "" {
		return fmt.Errorf("mattermost.url: required when mattermost.enabled is true; write the server's base URL, e.g. \"https://chat.example.org\"")
	}
	u, err := url.Parse(c.URL)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return fmt.Errorf("mattermost.url: %q is not an http(s) URL; write e.g. \"https://chat.example.org\"", c.URL)
	}
	if c.Token == "" {
		return fmt.Errorf("mattermost.token: required; create a bot account's access token and set it here or in NOABER_MATTERMOST_TOKEN")
	}
	if c.CommandPath != "" && !strings.HasPrefix(c.CommandPath, "/") {
		return fmt.Errorf("mattermost.command_path: %q must start with /", c.CommandPath)
	}
	if c.ActionSecret != "" && len(c.ActionSecret) < 32 {
		return fmt.Errorf("mattermost.action_secret: too short (%d characters); use at least 32 random characters, e.g. from `openssl rand -hex 32`", len(c.ActionSecret))
	}
	if c.ActionURL != "" {
		u, err := url.Parse(c.ActionURL)
		if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
			return fmt.Errorf("mattermost.action_url: %q is not an absolute http(s) URL that Mattermost can reach", c.ActionURL)
		}
	}
	if _, err := parseCIDRs(c.ActionFrom); err != nil {
		return fmt.Errorf("mattermost.action_from: %w", err)
	}
	for key, d := range map[string]units.Duration{"action_ttl": c.ActionTTL, "roles_cache_ttl": c.RolesCacheTTL, "ping_timeout": c.PingTimeout, "max_backoff": c.MaxBackoff} {
		if d.Duration < 0 {
			return fmt.Errorf("mattermost.%s: must not be negative", key)
		}
	}
	if c.PingTimeout.Duration > 0 && c.PingTimeout.Duration < time.Second {
		return fmt.Errorf("mattermost.ping_timeout: %s is too short; use 1s or more (default 65s)", c.PingTimeout.Duration)
	}
	if c.Workers < 0 {
		return fmt.Errorf("mattermost.workers: must be 0 (default %d) or more", DefaultWorkers)
	}
	if c.QueueSize < 0 {
		return fmt.Errorf("mattermost.queue_size: must be 0 (default %d) or more", DefaultQueueSize)
	}
	for _, id := range c.Channels {
		if !model.IsValidId(id) {
			return fmt.Errorf("mattermost.channels: %q is not a channel id (26 letters and digits; see the channel's \"View Info\")", id)
		}
	}
	for role, sels := range map[string][]string{"admin": c.Roles.Admin, "official": c.Roles.Official, "organiser": c.Roles.Organiser} {
		for _, s := range sels {
			if _, err := parseSelector(s); err != nil {
				return fmt.Errorf("mattermost.roles.%s: %w", role, err)
			}
		}
	}
	return nil
}

// withDefaults fills the zero values.
func (c Config) withDefaults() Config {
	if c.CommandPath == "" {
		c.CommandPath = DefaultCommandPath
	}
	if c.ActionTTL.Duration == 0 {
		c.ActionTTL.Duration = DefaultActionTTL
	}
	if c.RolesCacheTTL.Duration == 0 {
		c.RolesCacheTTL.Duration = DefaultRolesCacheTTL
	}
	if c.PingTimeout.Duration == 0 {
		c.PingTimeout.Duration = DefaultPingTimeout
	}
	if c.MaxBackoff.Duration == 0 {
		c.MaxBackoff.Duration = DefaultMaxBackoff
	}
	if c.Workers == 0 {
		c.Workers = DefaultWorkers
	}
	if c.QueueSize == 0 {
		c.QueueSize = DefaultQueueSize
	}
	c.URL = strings.TrimRight(c.URL, "/")
	return c
}

// selector is one parsed RoleMap entry.
type selector struct {
	kind string // user, team, channel, system
	id   string
}

func parseSelector(s string) (selector, error) {
	kind, id, ok := strings.Cut(s, ":")
	if !ok || id == "" {
		return selector{}, fmt.Errorf("%q: write \"user:<id>\", \"team:<id>\", \"channel:<id>\" or \"system:<role>\"", s)
	}
	switch kind {
	case "user", "team", "channel":
		if !model.IsValidId(id) {
			return selector{}, fmt.Errorf("%q: %q is not a Mattermost id (26 letters and digits)", s, id)
		}
	case "system":
		if strings.ContainsAny(id, " \t,") {
			return selector{}, fmt.Errorf("%q: a system role is one word, e.g. \"system:system_admin\"", s)
		}
	default:
		return selector{}, fmt.Errorf("%q: unknown kind %q; use user, team, channel or system", s, kind)
	}
	return selector{kind: kind, id: id}, nil
}

// parseCIDRs reads CIDRs and single IPs (as /32 or /128).
func parseCIDRs(list []string) ([]netip.Prefix, error) {
	var out []netip.Prefix
	for _, s := range list {
		s = strings.TrimSpace(s)
		if p, err := netip.ParsePrefix(s); err == nil {
			out = append(out, p.Masked())
			continue
		}
		a, err := netip.ParseAddr(s)
		if err != nil {
			return nil, fmt.Errorf("%q is not a CIDR such as \"10.0.3.0/24\" or an IP address", s)
		}
		out = append(out, netip.PrefixFrom(a.Unmap(), a.Unmap().BitLen()))
	}
	return out, nil
}
