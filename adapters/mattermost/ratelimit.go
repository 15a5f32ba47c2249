package mattermost

import (
	"net/http"
	"strconv"
	"time"
)

// retryDelay reads Retry-After (seconds or an HTTP date), then Mattermost's
// X-Ratelimit-Reset (seconds). Without either it waits one second.
//
// It is the Delay of the adapter's retry.Transport. Mattermost's rate
// limit, when on, is 10 requests a second with a burst of 100; the bot
// stays well below that except in a burst of reminders.
func retryDelay(h http.Header, _ []byte) (time.Duration, bool) {
	if v := h.Get("Retry-After"); v != "" {
		if s, err := strconv.Atoi(v); err == nil && s >= 0 {
			return time.Duration(s) * time.Second, true
		}
		if at, err := http.ParseTime(v); err == nil {
			return max(time.Until(at), 0), true
		}
		return 0, false
	}
	if v := h.Get("X-Ratelimit-Reset"); v != "" {
		if s, err := strconv.Atoi(v); err == nil && s >= 0 {
			return time.Duration(s) * time.Second, true
		}
	}
	return time.Second, true
}
