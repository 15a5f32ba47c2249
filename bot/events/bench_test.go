package events

import (
	"fmt"
	"log/slog"
	"path/filepath"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/noaber/noaber/bot"
	"github.com/noaber/noaber/bot/clock"
	"github.com/noaber/noaber/bot/store"
	"github.com/noaber/noaber/bot/store/etcdtest"
)

// BenchmarkSignup measures sign-ups by 32 users at once against a bbolt
// file with fsync, and in the same run the rate of the same 32 users each
// doing one raw single-key db.Update (no group commit), in alternating
// rounds so that disk noise hits both alike. ratio = sign-ups/s ÷ raw
// updates/s; the target is ≥ 1.0, reached by group commit (Respond uses
// store.DB.Batch: sign-ups arriving together share one fsync).
// commits/signup shows the sharing.
func BenchmarkSignup(b *testing.B) {
	defer func(old bool) { store.CheckNesting = old }(store.CheckNesting)
	store.CheckNesting = false // a test-binary check, not part of what is measured
	const users = 32
	db, err := store.Open(filepath.Join(b.TempDir(), "bench.db"), store.Options{})
	if err != nil {
		b.Fatal(err)
	}
	defer db.Close()
	s, err := New(Config{}, Deps{DB: db, Clock: clock.NewFake(t0), Log: slog.New(slog.DiscardHandler)})
	if err != nil {
		b.Fatal(err)
	}
	ev, err := s.Create(Event{Title: "Bench", Start: t0.Add(24 * time.Hour), End: t0.Add(26 * time.Hour)}, "discord:org")
	if err != nil {
		b.Fatal(err)
	}
	value := []byte(`{"user":"discord:123456789","status":"confirmed"}`)
	// round runs n operations spread over the users, all at once.
	round := func(first, n int, op func(i int) error) time.Duration {
		var wg sync.WaitGroup
		start := time.Now()
		for u := range users {
			wg.Add(1)
			go func() {
				defer wg.Done()
				for i := first + u; i < first+n; i += users {
					if err := op(i); err != nil {
						b.Error(err)
						return
					}
				}
			}()
		}
		wg.Wait()
		return time.Since(start)
	}
	signup := func(i int) error {
		_, err := s.Respond(ev.ID, bot.User{ID: fmt.Sprintf("discord:%d", i), Name: "N"}, Yes)
		return err
	}
	raw := func(i int) error {
		return db.Update(func(tx *store.Tx) error { return tx.Bucket("bench").Put(store.U64(uint64(i)), value) })
	}
	var tSignup, tRaw time.Duration
	var commits uint64
	b.ResetTimer()
	for done := 0; done < b.N; done += 4 * users {
		n := min(4*users, b.N-done)
		c := db.Stats().Commits
		tSignup += round(done, n, signup)
		commits += db.Stats().Commits - c
		tRaw += round(done, n, raw)
	}
	b.StopTimer()
	sps := float64(b.N) / tSignup.Seconds()
	rps := float64(b.N) / tRaw.Seconds()
	b.ReportMetric(sps, "signups/s")
	b.ReportMetric(rps, "raw-updates/s")
	b.ReportMetric(sps/rps, "ratio")
	b.ReportMetric(float64(commits)/float64(b.N), "commits/signup")
}

// BenchmarkSignupEtcd is BenchmarkSignup's sign-up on the etcd backend of
// a real three-member cluster (in this process, on loopback, with fsync):
// 32 users at once sign up for one event, each a capacity check and an
// insert in one serializable transaction, spread over 1, 2 or 3 Noaber
// instances (store handles, each with its own etcd client). All sign-ups contend for the same event, so
// this is the worst case: conflicting transactions retry.
func BenchmarkSignupEtcd(b *testing.B) {
	eps := etcdtest.StartWith(b, 3, etcdtest.Options{Fsync: true}).Endpoints()
	for _, instances := range []int{1, 2, 3} {
		b.Run(fmt.Sprintf("instances=%d", instances), func(b *testing.B) {
			prefix := fmt.Sprintf("/bench%d-%d/", instances, b.N)
			var svcs []*Events
			for range instances {
				db, err := store.Open("", store.Options{Backend: store.BackendEtcd, Etcd: store.EtcdOptions{Endpoints: eps, Prefix: prefix}})
				if err != nil {
					b.Fatal(err)
				}
				defer db.Close()
				s, err := New(Config{}, Deps{DB: db, Clock: clock.NewFake(t0), Log: slog.New(slog.DiscardHandler)})
				if err != nil {
					b.Fatal(err)
				}
				svcs = append(svcs, s)
			}
			ev, err := svcs[0].Create(Event{Title: "Bench", Start: t0.Add(24 * time.Hour), End: t0.Add(26 * time.Hour), Capacity: 100}, "discord:org")
			if err != nil {
				b.Fatal(err)
			}
			var next atomic.Int64
			var wg sync.WaitGroup
			b.ResetTimer()
			start := time.Now()
			for u := range 32 {
				wg.Add(1)
				go func() {
					defer wg.Done()
					s := svcs[u%instances]
					for {
						i := next.Add(1)
						if i > int64(b.N) {
							return
						}
						if _, err := s.Respond(ev.ID, bot.User{ID: fmt.Sprintf("discord:%d", i), Name: "N"}, Yes); err != nil {
							b.Error(err)
							return
						}
					}
				}()
			}
			wg.Wait()
			b.StopTimer()
			b.ReportMetric(float64(b.N)/time.Since(start).Seconds(), "signups/s")
		})
	}
}

// BenchmarkViewEtcd is the cost of one read-only transaction that opens a
// bucket and reads a key, on the same cluster (bbolt for comparison).
func BenchmarkViewEtcd(b *testing.B) {
	eps := etcdtest.StartWith(b, 3, etcdtest.Options{Fsync: true}).Endpoints()
	etcdDB, err := store.Open("", store.Options{Backend: store.BackendEtcd, Etcd: store.EtcdOptions{Endpoints: eps}})
	if err != nil {
		b.Fatal(err)
	}
	defer etcdDB.Close()
	boltDB, err := store.Open(filepath.Join(b.TempDir(), "v.db"), store.Options{})
	if err != nil {
		b.Fatal(err)
	}
	defer boltDB.Close()
	for _, c := range []struct {
		name string
		db   *store.DB
	}{{"etcd", etcdDB}, {"bbolt", boltDB}} {
		if err := c.db.Update(func(tx *store.Tx) error { return tx.Bucket("b").Put([]byte("k"), []byte("v")) }); err != nil {
			b.Fatal(err)
		}
		b.Run(c.name, func(b *testing.B) {
			for b.Loop() {
				if err := c.db.View(func(tx *store.Tx) error {
					if tx.Bucket("b").Get([]byte("k")) == nil {
						return fmt.Errorf("missing")
					}
					return nil
				}); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
