package mattermost

import (
	"io"
	"net/http"
	"strconv"
	"time"
)

// retryAfter is an http.RoundTripper that answers a 429 Too Many Requests
// by waiting as long as the server's Retry-After (or X-Ratelimit-Reset)
// says and trying again, a few times, as long as the wait fits maxWait and
// the request's context. Mattermost's rate limit, when on, is 10 requests a
// second with a burst of 100; the bot stays well below that except in a
// burst of reminders.
type retryAfter struct {
	base    http.RoundTripper // nil: http.DefaultTransport
	maxWait time.Duration     // longest single wait honoured
	tries   int               // retries after the first attempt
}

func (t *retryAfter) RoundTrip(req *http.Request) (*http.Response, error) {
	base := t.base
	if base == nil {
		base = http.DefaultTransport
	}
	for attempt := 0; ; attempt++ {
		resp, err := base.RoundTrip(req)
		if err != nil || resp.StatusCode != http.StatusTooManyRequests || attempt >= t.tries {
			return resp, err
		}
		wait, ok := retryDelay(resp.Header)
		if !ok || wait > t.maxWait || (req.Body != nil && req.GetBody == nil) {
			return resp, nil
		}
		_, _ = io.Copy(io.Discard, io.LimitReader(resp.Body, 64<<10))
		resp.Body.Close()
		timer := time.NewTimer(wait)
		select {
		case <-req.Context().Done():
			timer.Stop()
			return nil, req.Context().Err()
		case <-timer.C:
		}
		if req.GetBody != nil {
			body, err := req.GetBody()
			if err != nil {
				return nil, err
			}
			req = req.Clone(req.Context())
			req.Body = body
		}
	}
}

// retryDelay reads Retry-After (seconds or an HTTP date), then Mattermost's
// X-Ratelimit-Reset (seconds). Without either it waits one second.
func retryDelay(h http.Header) (time.Duration, bool) {
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
