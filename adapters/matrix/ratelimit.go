package matrix

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"strconv"
	"time"
)

// retryAfter is an http.RoundTripper that answers a 429 M_LIMIT_EXCEEDED
// by waiting as long as the homeserver asks — retry_after_ms in the JSON
// body (the spec's field, the only one Dendrite sends), else the
// Retry-After header — and trying again, a few times, as long as each wait
// fits maxWait and the request's context. A 429 it gives up on is passed
// on untouched.
type retryAfter struct {
	base    http.RoundTripper // nil: http.DefaultTransport
	maxWait time.Duration     // longest single wait honoured
	tries   int               // retries after the first attempt
	sleep   func(req *http.Request, d time.Duration) error
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
		body, _ := io.ReadAll(io.LimitReader(resp.Body, 64<<10))
		resp.Body.Close()
		resp.Body = io.NopCloser(bytes.NewReader(body))
		wait := retryDelay(resp.Header, body)
		if wait > t.maxWait || (req.Body != nil && req.GetBody == nil) {
			return resp, nil
		}
		sleep := t.sleep
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

// retryDelay reads retry_after_ms from a Matrix error body, then the
// Retry-After header (seconds); without either it waits one second.
func retryDelay(h http.Header, body []byte) time.Duration {
	var e struct {
		ErrCode      string `json:"errcode"`
		RetryAfterMS *int64 `json:"retry_after_ms"`
	}
	if json.Unmarshal(body, &e) == nil && e.RetryAfterMS != nil && *e.RetryAfterMS >= 0 {
		return time.Duration(*e.RetryAfterMS) * time.Millisecond
	}
	if s, err := strconv.Atoi(h.Get("Retry-After")); err == nil && s >= 0 {
		return time.Duration(s) * time.Second
	}
	return time.Second
}
