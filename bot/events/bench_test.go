package events

import (
	"fmt"
	"log/slog"
	"path/filepath"
	"testing"
	"time"

	"github.com/noaber/noaber/bot"
	"github.com/noaber/noaber/bot/clock"
	"github.com/noaber/noaber/bot/store"
)

// BenchmarkSignup measures sign-ups against a bbolt file with fsync, and in
// the same run the raw rate of one small db.Update per write, interleaved
// one for one so that disk noise hits both alike. ratio = signups/s ÷
// raw-updates/s; the target is ≥ 0.5.
func BenchmarkSignup(b *testing.B) {
	db, err := store.Open(filepath.Join(b.TempDir(), "bench.db"), store.Options{})
	if err != nil {
		b.Fatal(err)
	}
	defer db.Close()
	s, err := New(Config{}, Deps{DB: db, Clock: clock.NewFake(t0), Log: slog.New(slog.DiscardHandler)})
	if err != nil {
		b.Fatal(err)
	}
	ev, err := s.Create(Event{Title: "Bench", Start: t0.Add(24 * time.Hour), End: t0.Add(26 * time.Hour), Capacity: 100}, "discord:org")
	if err != nil {
		b.Fatal(err)
	}
	value := []byte(`{"user":"discord:123456789","status":"confirmed"}`)
	var signup, raw time.Duration
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		t := time.Now()
		if _, err := s.Respond(ev.ID, bot.User{ID: fmt.Sprintf("discord:%d", i), Name: "N"}, Yes); err != nil {
			b.Fatal(err)
		}
		signup += time.Since(t)
		t = time.Now()
		if err := db.Update(func(tx *store.Tx) error { return tx.Bucket("bench").Put(store.U64(uint64(i)), value) }); err != nil {
			b.Fatal(err)
		}
		raw += time.Since(t)
	}
	b.StopTimer()
	sps := float64(b.N) / signup.Seconds()
	rps := float64(b.N) / raw.Seconds()
	b.ReportMetric(sps, "signups/s")
	b.ReportMetric(rps, "raw-updates/s")
	b.ReportMetric(sps/rps, "ratio")
}
