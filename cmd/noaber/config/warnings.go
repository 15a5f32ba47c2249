package config

import (
	"fmt"
	"net"
	"net/url"
	"strings"
)

// Warnings lists what is valid but probably unsafe or a mistake in c,
// for `config check`: each names the key and what to do.
func Warnings(c *Config) []string {
	var out []string
	if l := c.HTTP.Listen; l != "" {
		host, _, err := net.SplitHostPort(l)
		if err == nil && (host == "" || host == "0.0.0.0" || host == "::") && !strings.HasPrefix(c.HTTP.PublicURL, "https://") {
			out = append(out, fmt.Sprintf("http.listen = %q listens on every interface without TLS: put a reverse proxy with TLS in front and set http.public_url to its https:// address, or listen on 127.0.0.1", l))
		}
	}
	if b := c.LLM.BaseURL; b != "" {
		if u, err := url.Parse(b); err == nil && u.Scheme == "http" && !loopbackHost(u.Hostname()) {
			out = append(out, fmt.Sprintf("llm.base_url = %q is plain http to another host: the API key and the questions would travel in clear text; use https", b))
		}
	}
	for _, a := range []struct {
		key      string
		v, limit float64
	}{
		{"limits.messages_per_minute", c.Limits.MessagesPerMinute, 600},
		{"limits.message_burst", float64(c.Limits.MessageBurst), 1000},
		{"limits.expensive_per_minute", c.Limits.ExpensivePerMinute, 120},
		{"limits.expensive_burst", float64(c.Limits.ExpensiveBurst), 200},
		{"bot.max_message_len", float64(c.Bot.MaxMessageLen), 100000},
	} {
		if a.v > a.limit {
			out = append(out, fmt.Sprintf("%s = %v is far above anything a person types or needs (more than %v): it no longer protects the bot; leave it out for the default", a.key, a.v, a.limit))
		}
	}
	return out
}

func loopbackHost(h string) bool {
	if h == "localhost" {
		return true
	}
	ip := net.ParseIP(h)
	return ip != nil && ip.IsLoopback()
}
