package main

import (
	"context"
	"testing"
	"time"

	"github.com/noaber/noaber/bot/clock"
	"github.com/noaber/noaber/bot/store"
)

// TestScrubLoopBound: the running bot compacts the file right after a
// deletion of personal data, and then at most once per scrubInterval.
func TestScrubLoopBound(t *testing.T) {
	a := securityApp(t)
	clk := clock.NewFake(time.Date(2026, 11, 25, 10, 0, 0, 0, time.UTC))
	a.clock = clk
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() { a.scrubLoop(ctx); close(done) }()
	defer func() { cancel(); <-done }()

	erase := func() {
		if err := a.db.Update(func(tx *store.Tx) error { tx.Scrub(); return nil }); err != nil {
			t.Fatal(err)
		}
	}
	waitClean := func(what string) {
		t.Helper()
		deadline := time.Now().Add(60 * time.Second) // generous: a loaded machine is slow, not wrong
		for a.db.ScrubDue() {
			if time.Now().After(deadline) {
				t.Fatalf("%s: the file was not compacted", what)
			}
			time.Sleep(5 * time.Millisecond)
		}
	}
	erase()
	waitClean("first erasure")
	erase()
	// Within the interval: waits for the clock (a timer is pending).
	deadline := time.Now().Add(60 * time.Second) // generous: a loaded machine is slow, not wrong
	for clk.Waiters() == 0 && time.Now().Before(deadline) {
		time.Sleep(5 * time.Millisecond)
	}
	if !a.db.ScrubDue() {
		t.Fatal("compacted again within the interval")
	}
	clk.Advance(scrubInterval)
	waitClean("second erasure, after the interval")
}
