package matrix

import (
	"encoding/json"
	"net/http"
	"strconv"
	"time"
)

// retryDelay reads retry_after_ms from a Matrix error body (the spec's
// field, the only one Dendrite sends), then the Retry-After header
// (seconds); without either it waits one second. It is the Delay of the
// adapter's retry.Transport: a homeserver's 429 always gets a wait.
func retryDelay(h http.Header, body []byte) (time.Duration, bool) {
	var e struct {
		RetryAfterMS *int64 `json:"retry_after_ms"`
	}
	if json.Unmarshal(body, &e) == nil && e.RetryAfterMS != nil && *e.RetryAfterMS >= 0 {
		return time.Duration(*e.RetryAfterMS) * time.Millisecond, true
	}
	if s, err := strconv.Atoi(h.Get("Retry-After")); err == nil && s >= 0 {
		return time.Duration(s) * time.Second, true
	}
	return time.Second, true
}
