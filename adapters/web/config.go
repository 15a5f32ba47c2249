package web

import (
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/noaber/noaber/bot"
	"github.com/noaber/noaber/units"
)

// Config is the [web] section. Zero values are documented per field.
type Config struct {
	// Enabled turns the web chat on; it needs [http] listen.
	Enabled bool `toml:"enabled"`
	// AllowedOrigins are the origins ("https://www.gemeente.nl") of pages
	// that may embed the chat. The chat's own origin is always allowed.
	// They are checked on the WebSocket and on POSTs, and they make up the
	// page's frame-ancestors.
	AllowedOrigins []string `toml:"allowed_origins"`
	// TrustedProxyHeader names the header a reverse proxy puts the client
	// address in ("X-Forwarded-For", "X-Real-IP"); its last value is used.
	// Empty means the connection's address. Set it only when the listener
	// is reachable through the proxy alone, else clients can forge it.
	TrustedProxyHeader string `toml:"trusted_proxy_header"`
	// MaxMessageBytes is the largest message a visitor may send. Zero
	// means 16384. Larger messages are refused with an explanation.
	MaxMessageBytes int `toml:"max_message_bytes"`
	// VisitorPerMinute and VisitorBurst limit messages per visitor. Zero
	// means 20 and 10; a negative rate switches the limit off.
	VisitorPerMinute float64 `toml:"visitor_per_minute"`
	VisitorBurst     int     `toml:"visitor_burst"`
	// IPPerMinute and IPBurst limit messages per client address, over all
	// its visitors (cookies). Zero means 120 and 60; negative switches off.
	IPPerMinute float64 `toml:"ip_per_minute"`
	IPBurst     int     `toml:"ip_burst"`
	// ConnectionsPerIP bounds open WebSockets per client address. Zero
	// means 50.
	ConnectionsPerIP int `toml:"connections_per_ip"`
	// History is how many messages a visitor sees again after a reload.
	// Zero means 100.
	History int `toml:"history"`
	// HistoryKeep is how long a silent visitor's history stays in memory.
	// Zero means 24 hours.
	HistoryKeep units.Duration `toml:"history_keep"`
	// OutboxExpiry is how long a proactive message (a reminder, a waitlist
	// promotion) waits for the visitor to come back. Zero means 14 days.
	OutboxExpiry units.Duration `toml:"outbox_expiry"`
	// CookieMaxAge is how long the visitor cookie lasts. Zero means 30 days.
	CookieMaxAge units.Duration `toml:"cookie_max_age"`
}

// Defaults.
const (
	DefaultMaxMessageBytes  = 16 << 10
	DefaultHistory          = 100
	DefaultHistoryKeep      = 24 * time.Hour
	DefaultOutboxExpiry     = 14 * 24 * time.Hour
	DefaultCookieMaxAge     = 30 * 24 * time.Hour
	DefaultConnectionsPerIP = 50
)

// Validate checks the section; messages start with the key.
func (c Config) Validate() error {
	for _, o := range c.AllowedOrigins {
		if _, err := parseOrigin(o); err != nil {
			return fmt.Errorf("web.allowed_origins: %q: %v; write an origin such as \"https://www.gemeente.nl\" (scheme and host, no path)", o, err)
		}
	}
	if h := c.TrustedProxyHeader; h != "" && http.CanonicalHeaderKey(h) != http.CanonicalHeaderKey(strings.TrimSpace(h)) {
		return fmt.Errorf("web.trusted_proxy_header: %q is not a header name", h)
	}
	if c.MaxMessageBytes < 0 || (c.MaxMessageBytes > 0 && c.MaxMessageBytes < 256) || c.MaxMessageBytes > 1<<20 {
		return fmt.Errorf("web.max_message_bytes: %d; use 0 (default %d) or 256 to 1048576", c.MaxMessageBytes, DefaultMaxMessageBytes)
	}
	for key, n := range map[string]int{"visitor_burst": c.VisitorBurst, "ip_burst": c.IPBurst, "connections_per_ip": c.ConnectionsPerIP, "history": c.History} {
		if n < 0 {
			return fmt.Errorf("web.%s: must be 0 (the default) or more", key)
		}
	}
	for key, d := range map[string]units.Duration{"history_keep": c.HistoryKeep, "outbox_expiry": c.OutboxExpiry, "cookie_max_age": c.CookieMaxAge} {
		if d.Duration < 0 {
			return fmt.Errorf("web.%s: must be a positive duration such as \"24h\", or left out for the default", key)
		}
	}
	return nil
}

// parseOrigin returns "scheme://host[:port]" in lower case.
func parseOrigin(s string) (string, error) {
	u, err := url.Parse(strings.TrimSpace(s))
	if err != nil {
		return "", fmt.Errorf("not a URL")
	}
	if u.Scheme != "http" && u.Scheme != "https" {
		return "", fmt.Errorf("scheme must be http or https")
	}
	if u.Host == "" || (u.Path != "" && u.Path != "/") || u.RawQuery != "" || u.User != nil {
		return "", fmt.Errorf("an origin has a host and nothing after it")
	}
	return strings.ToLower(u.Scheme + "://" + u.Host), nil
}

func (c Config) withDefaults() Config {
	if c.MaxMessageBytes == 0 {
		c.MaxMessageBytes = DefaultMaxMessageBytes
	}
	if c.History == 0 {
		c.History = DefaultHistory
	}
	if c.HistoryKeep.Duration == 0 {
		c.HistoryKeep.Duration = DefaultHistoryKeep
	}
	if c.OutboxExpiry.Duration == 0 {
		c.OutboxExpiry.Duration = DefaultOutboxExpiry
	}
	if c.CookieMaxAge.Duration == 0 {
		c.CookieMaxAge.Duration = DefaultCookieMaxAge
	}
	if c.ConnectionsPerIP == 0 {
		c.ConnectionsPerIP = DefaultConnectionsPerIP
	}
	return c
}

// limit builds a limiter config: zero means the default, negative off.
func limit(rate, defRate float64, burst, defBurst int) bot.LimitConfig {
	if rate == 0 {
		rate = defRate
	}
	if burst == 0 {
		burst = defBurst
	}
	if rate < 0 {
		rate = 0
	}
	return bot.LimitConfig{PerMinute: rate, Burst: burst}
}
