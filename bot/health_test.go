package bot

import (
	"testing"
	"time"
)

// Since moves when the state changes, not when the same state is reported
// again with a new detail.
func TestHealthStateSinceMovesOnChange(t *testing.T) {
	var s HealthState
	t0 := time.Date(2026, 12, 1, 10, 0, 0, 0, time.UTC)
	s.Set(true, "", t0)
	s.Set(true, "still", t0.Add(time.Minute))
	if h := s.Get(); !h.Connected || !h.Since.Equal(t0) || h.Detail != "still" {
		t.Errorf("health = %+v", h)
	}
	s.Set(false, "gone", t0.Add(2*time.Minute))
	if h := s.Get(); s.Connected() || !h.Since.Equal(t0.Add(2*time.Minute)) {
		t.Errorf("health = %+v", h)
	}
}
