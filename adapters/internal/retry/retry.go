// Package retry is the HTTP transport the chat adapters share to answer a
// server's 429 Too Many Requests: wait as long as the server asks and try
// again, a few times. How long the server asks is each platform's own
// (Matrix puts retry_after_ms in the body, Mattermost uses headers), so the
// adapter passes it in as Delay.
package retry

import (
	"bytes"
	"io"
	"net/http"
	"time"
)

// Transport is an http.RoundTripper that retries a 429 after the delay the
// server asks for, as long as each wait fits MaxWait and the request's
// context, and the request's body can be sent again. A 429 it gives up on
// is passed on with its body intact.
type Transport struct {
	Base    http.RoundTripper // nil: http.DefaultTransport
	MaxWait time.Duration     // longest single wait honoured
	Tries   int               // retries after the first attempt
	// Delay reads how long to wait from a 429 response and its body (at
	// most 64 KB); ok is false when the server says nothing usable.
	Delay func(h http.Header, body []byte) (wait time.Duration, ok bool)
	// Sleep waits d or until the request's context ends; nil means a timer.
	Sleep func(req *http.Request, d time.Duration) error
}

// RoundTrip implements http.RoundTripper.
func (t *Transport) RoundTrip(req *http.Request) (*http.Response, error) {
	base := t.Base
	if base == nil {
		base = http.DefaultTransport
	}
	for attempt := 0; ; attempt++ {
		resp, err := base.RoundTrip(req)
		if err != nil || resp.StatusCode != http.StatusTooManyRequests || attempt >= t.Tries {
			return resp, err
		}
		body, _ := io.ReadAll(io.LimitReader(resp.Body, 64<<10))
		resp.Body.Close()
		resp.Body = io.NopCloser(bytes.NewReader(body))
		wait, ok := t.Delay(resp.Header, body)
		if !ok || wait > t.MaxWait || (req.Body != nil && req.GetBody == nil) {
			return resp, nil
		}
		sleep := t.Sleep
		if sleep == nil {
			sleep = sleepCtx
		}
		if err := sleep(req, wait); err != nil {
			return nil, err
		}
		if req.GetBody != nil {
			b, err := req.GetBody()
			if err != nil {
				return nil, err
			}
			req = req.Clone(req.Context())
			req.Body = b
		}
	}
}

func sleepCtx(req *http.Request, d time.Duration) error {
	timer := time.NewTimer(d)
	defer timer.Stop()
	select {
	case <-req.Context().Done():
		return req.Context().Err()
	case <-timer.C:
		return nil
	}
}
