package clock

import (
	"testing"
	"time"
)

func TestFakeFiresInOrder(t *testing.T) {
	f := NewFake(time.Date(2026, 3, 29, 0, 0, 0, 0, time.UTC))
	a := f.After(time.Hour)
	b := f.After(2 * time.Hour)
	f.Advance(90 * time.Minute)
	select {
	case <-a:
	default:
		t.Fatal("a did not fire")
	}
	select {
	case <-b:
		t.Fatal("b fired early")
	default:
	}
	if f.Waiters() != 1 {
		t.Errorf("waiters = %d", f.Waiters())
	}
	f.Advance(time.Hour)
	<-b
}

func TestAmsterdamDST(t *testing.T) {
	// 02:30 on 29 March 2026 does not exist in Amsterdam: Go normalises it forward.
	got := time.Date(2026, 3, 29, 2, 30, 0, 0, Amsterdam)
	if got.Hour() != 3 {
		t.Errorf("skipped hour gives %v", got)
	}
}
