package ask

import (
	"context"
	"fmt"
	"path/filepath"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/noaber/noaber/bot"
	"github.com/noaber/noaber/bot/clock"
	"github.com/noaber/noaber/bot/runtime"
	"github.com/noaber/noaber/bot/store"
	"github.com/noaber/noaber/bot/store/etcdtest"
)

// noop is an adapter that sends nowhere.
type noop struct{}

func (noop) Name() string                                       { return "bench" }
func (noop) Run(ctx context.Context, _ bot.Handler) error       { <-ctx.Done(); return nil }
func (noop) Send(context.Context, bot.Address, bot.Reply) error { return nil }

// BenchmarkMessage sends a plain question through the router, the ask
// capability over the test corpus and a store file with fsync, to a no-op
// adapter, and reports per message the latency (p50, p99) and the writes
// and commits the store counted. users: how many users ask at once (each
// in their own conversation, each question after the previous answer).
// Targets: at most one write per question (the answer record and the
// follow-up context, committed together) and p99 ≤ 5 ms.
func BenchmarkMessage(b *testing.B) {
	for _, users := range []int{1, 32} {
		b.Run(fmt.Sprintf("users=%d", users), func(b *testing.B) { benchmarkMessage(b, users, store.Options{}) })
	}
	// The same without fsync: what the runtime, the engine and bbolt cost
	// apart from the disk.
	b.Run("users=1/nosync", func(b *testing.B) {
		benchmarkMessage(b, 1, store.Options{NoSync: true})
	})
}

// BenchmarkMessageEtcd is BenchmarkMessage with the store on the etcd
// backend of a real three-member cluster (in this process, on loopback,
// with fsync): what answering costs when several instances share etcd.
func BenchmarkMessageEtcd(b *testing.B) {
	eps := etcdtest.StartWith(b, 3, etcdtest.Options{Fsync: true}).Endpoints()
	for _, users := range []int{1, 32} {
		b.Run(fmt.Sprintf("users=%d", users), func(b *testing.B) {
			benchmarkMessage(b, users, store.Options{Backend: store.BackendEtcd,
				Etcd: store.EtcdOptions{Endpoints: eps, Prefix: fmt.Sprintf("/bench%d-%d/", users, b.N)}})
		})
	}
}

func benchmarkMessage(b *testing.B, users int, opt store.Options) {
	defer func(old bool) { store.CheckNesting = old }(store.CheckNesting)
	store.CheckNesting = false // a test-binary check, not part of what is measured
	db, err := store.Open(filepath.Join(b.TempDir(), "bench.db"), opt)
	if err != nil {
		b.Fatal(err)
	}
	defer db.Close()
	c, err := New(Deps{Engine: engine(b), DB: db, Log: quiet()})
	if err != nil {
		b.Fatal(err)
	}
	clk := clock.NewFake(time.Date(2026, 12, 1, 10, 0, 0, 0, time.UTC))
	rt, err := runtime.NewRouter(runtime.RouterConfig{DB: db, Clock: clk, Log: quiet(), MaxParallel: users}, c)
	if err != nil {
		b.Fatal(err)
	}
	var out noop
	ask := func(u int) time.Duration {
		start := time.Now()
		in := bot.Inbound{User: bot.User{ID: fmt.Sprintf("bench:%d", u)}, Conv: bot.Conversation{ID: fmt.Sprintf("bench:c%d", u)},
			Text: "Hoe hoog is de drempel voor diensten?"}
		for _, r := range rt.Handle(context.Background(), in) {
			_ = out.Send(context.Background(), bot.ToUser(in.User.ID), r)
		}
		return time.Since(start)
	}
	for u := range users { // each user's first question also learns the language
		ask(u)
	}
	lat := make([]time.Duration, b.N)
	before := db.Stats()
	b.ResetTimer()
	var wg sync.WaitGroup
	for u := range users {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := u; i < b.N; i += users {
				lat[i] = ask(u)
			}
		}()
	}
	wg.Wait()
	b.StopTimer()
	after := db.Stats()
	slices.Sort(lat)
	pct := func(p float64) float64 { return float64(lat[int(p*float64(len(lat)-1))].Microseconds()) / 1000 }
	b.ReportMetric(pct(0.50), "p50-ms")
	b.ReportMetric(pct(0.99), "p99-ms")
	b.ReportMetric(float64(after.Writes-before.Writes)/float64(b.N), "writes/msg")
	b.ReportMetric(float64(after.Commits-before.Commits)/float64(b.N), "commits/msg")
	b.ReportMetric(float64(after.Reads-before.Reads)/float64(b.N), "reads/msg")
}
