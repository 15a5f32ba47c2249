package deadlines

import (
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/noaber/noaber/bot/schedule"
	"github.com/noaber/noaber/bot/store"
)

// shifted is the real clock moved back to a fixed start, so every
// benchmark iteration sees the same schedule fall due in real time.
type shifted struct {
	base  time.Time
	start time.Time
}

func (s shifted) Now() time.Time                         { return s.base.Add(time.Since(s.start)) }
func (s shifted) After(d time.Duration) <-chan time.Time { return time.After(d) }

// BenchmarkReminders100k measures a store holding 100,000 scheduled
// reminders: startup-ms (open the store, register the handlers, arm the
// scheduler on the earliest job), heap-mb (live heap above the baseline,
// after startup and after the run) and lag-p99-ms (due time to the outbox
// commit) for 1,000 reminders that fall due during the run — 500 spread
// over two seconds and 500 at the same instant.
func BenchmarkReminders100k(b *testing.B) { benchmarkReminders(b, 100_000) }

// BenchmarkReminders1M is BenchmarkReminders100k with one million
// scheduled reminders (249,750 deadlines with four each, and the 1,000
// that fall due). Building the store takes a while; the metrics cover only
// the run.
func BenchmarkReminders1M(b *testing.B) { benchmarkReminders(b, 1_000_000) }

func benchmarkReminders(b *testing.B, total int) {
	dir := b.TempDir()
	master := filepath.Join(dir, "master.db")
	base := time.Date(2026, 11, 25, 10, 0, 0, 0, amsterdam())
	const near = 1_000
	far := (total - near) / 4 // far deadlines × 4 offsets + near ones × 1 = total jobs
	db, err := store.Open(master, store.Options{NoSync: true})
	if err != nil {
		b.Fatal(err)
	}
	offsets := []time.Duration{14 * 24 * time.Hour, 3 * 24 * time.Hour, 24 * time.Hour, 2 * time.Hour}
	for i := 0; i < far; i += 5000 {
		err := db.Update(func(tx *store.Tx) error {
			for j := i; j < min(i+5000, far); j++ {
				d := &Deadline{Title: fmt.Sprintf("Deadline %d", j), Moment: base.Add(30*24*time.Hour + time.Duration(j)*5*time.Minute),
					Offsets: offsets, Followers: []string{"test:u"}}
				if _, err := create(tx, d, base, dayTime{9, 0}); err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			b.Fatal(err)
		}
	}
	err = db.Update(func(tx *store.Tx) error {
		for j := range near {
			due := base.Add(time.Second) // the burst
			if j < near/2 {
				due = base.Add(500*time.Millisecond + time.Duration(j)*4*time.Millisecond)
			}
			moment := due.Add(time.Hour)
			d := &Deadline{Title: fmt.Sprintf("Soon %d", j), Moment: moment, Offsets: []time.Duration{time.Hour}, Followers: []string{"test:u"}}
			if _, err := create(tx, d, base, dayTime{9, 0}); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		b.Fatal(err)
	}
	var jobs int
	_ = db.View(func(tx *store.Tx) error { jobs = schedule.Count(tx); return nil })
	db.Close()
	if jobs != total {
		b.Fatalf("%d jobs scheduled, want %d", jobs, total)
	}

	var startups, heaps, lags []float64
	b.ResetTimer() // building the master store is not part of the measurement
	for i := 0; i < b.N; i++ {
		b.StopTimer()
		path := filepath.Join(dir, fmt.Sprintf("run%d.db", i))
		copyFile(b, master, path)
		runtime.GC()
		var ms runtime.MemStats
		runtime.ReadMemStats(&ms)
		baseline := ms.HeapAlloc
		b.StartTimer()

		clk := shifted{base: base, start: time.Now()}
		t0 := time.Now()
		db, err := store.Open(path, store.Options{})
		if err != nil {
			b.Fatal(err)
		}
		sched := schedule.New(db, clk, quiet)
		c, err := New(Config{}, Deps{DB: db, Sched: sched, Clock: clk, Log: quiet})
		if err != nil {
			b.Fatal(err)
		}
		var mu sync.Mutex
		var lag []float64
		done := make(chan struct{})
		c.afterReminder = func(due time.Time) {
			mu.Lock()
			defer mu.Unlock()
			lag = append(lag, float64(clk.Now().Sub(due))/float64(time.Millisecond))
			if len(lag) == near {
				close(done)
			}
		}
		if _, err := sched.RunDue(context.Background()); err != nil {
			b.Fatal(err)
		}
		startups = append(startups, float64(time.Since(t0))/float64(time.Millisecond))
		heap := heapAbove(baseline)

		ctx, cancel := context.WithCancel(context.Background())
		go func() { _ = sched.Run(ctx) }()
		select {
		case <-done:
		case <-time.After(30 * time.Second):
			b.Fatalf("only %d of %d reminders after 30s", len(lag), near)
		}
		cancel()
		heaps = append(heaps, max(heap, heapAbove(baseline)))
		mu.Lock()
		slices.Sort(lag)
		lags = append(lags, lag[len(lag)*99/100])
		mu.Unlock()
		db.Close()
		b.StopTimer()
		os.Remove(path)
		b.StartTimer()
	}
	b.ReportMetric(mean(startups), "startup-ms")
	b.ReportMetric(mean(heaps), "heap-mb")
	b.ReportMetric(mean(lags), "lag-p99-ms")
}

func heapAbove(baseline uint64) float64 {
	runtime.GC()
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	if ms.HeapAlloc < baseline {
		return 0
	}
	return float64(ms.HeapAlloc-baseline) / (1 << 20)
}

func mean(xs []float64) float64 {
	var s float64
	for _, x := range xs {
		s += x
	}
	return s / float64(len(xs))
}

func copyFile(b *testing.B, src, dst string) {
	in, err := os.Open(src)
	if err != nil {
		b.Fatal(err)
	}
	defer in.Close()
	out, err := os.Create(dst)
	if err != nil {
		b.Fatal(err)
	}
	if _, err := io.Copy(out, in); err != nil {
		b.Fatal(err)
	}
	if err := out.Close(); err != nil {
		b.Fatal(err)
	}
}
