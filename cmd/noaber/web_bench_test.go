package main

import (
	"context"
	"fmt"
	"net/http"
	"runtime"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/coder/websocket"
)

// BenchmarkWebChat1000 connects 1,000 web chat visitors to `noaber serve`
// (each with its own cookie and, through the trusted proxy header, its own
// address), measures the memory an idle connection costs, then lets every
// visitor ask a question and measures the time from sending to reading the
// answer: all at the same moment ("burst"), and spread evenly over ten
// seconds ("100/s"). The memory figure counts both ends of each
// connection (the clients run in the same process), so the server's share
// is smaller.
//
//	go test -run='^$' -bench=BenchmarkWebChat1000 -benchtime=1x -count=3 ./cmd/noaber/
func BenchmarkWebChat1000(b *testing.B) {
	b.Run("burst", func(b *testing.B) { benchWebChat(b, 0) })
	b.Run("100/s", func(b *testing.B) { benchWebChat(b, 10*time.Millisecond) })
}

func benchWebChat(b *testing.B, every time.Duration) {
	const n = 1000
	base := startServe(b, "trusted_proxy_header = \"X-Forwarded-For\"\nconnections_per_ip = 10\n\n[limits]\nmessages_per_minute = -1\n")
	for b.Loop() {
		type visitor struct {
			c   *websocket.Conn
			got time.Duration
		}
		vs := make([]*visitor, n)
		cookies := make([]string, n)
		for i := range vs {
			resp, err := http.Get(base + "/chat")
			if err != nil {
				b.Fatal(err)
			}
			resp.Body.Close()
			cookies[i] = resp.Cookies()[0].Name + "=" + resp.Cookies()[0].Value
		}
		before := heapAndStacks()
		ctx := context.Background()
		for i := range vs {
			h := http.Header{"Cookie": {cookies[i]}, "X-Forwarded-For": {fmt.Sprintf("10.%d.%d.%d", i>>16&255, i>>8&255, i&255)}}
			c, _, err := websocket.Dial(ctx, "ws"+strings.TrimPrefix(base, "http")+"/chat/ws", &websocket.DialOptions{HTTPHeader: h})
			if err != nil {
				b.Fatalf("visitor %d: %v", i, err)
			}
			// Read the greeting (a reset: the page has no history yet).
			if _, _, err := c.Read(ctx); err != nil {
				b.Fatal(err)
			}
			vs[i] = &visitor{c: c}
		}
		perConn := float64(heapAndStacks()-before) / n

		var wg sync.WaitGroup
		start := make(chan struct{})
		for i, v := range vs {
			wg.Add(1)
			go func() {
				defer wg.Done()
				<-start
				time.Sleep(time.Duration(i) * every)
				t0 := time.Now()
				if err := v.c.Write(ctx, websocket.MessageText, []byte(`{"type":"message","text":"Wat is het uitdaagrecht?"}`)); err != nil {
					b.Error(err)
					return
				}
				for {
					_, data, err := v.c.Read(ctx)
					if err != nil {
						b.Error(err)
						return
					}
					if strings.Contains(string(data), `"from":"bot"`) {
						v.got = time.Since(t0)
						return
					}
				}
			}()
		}
		close(start)
		wg.Wait()
		times := make([]time.Duration, n)
		for i, v := range vs {
			times[i] = v.got
			v.c.CloseNow()
		}
		slices.Sort(times)
		b.ReportMetric(float64(times[n/2].Microseconds())/1000, "p50-ms")
		b.ReportMetric(float64(times[n*99/100].Microseconds())/1000, "p99-ms")
		b.ReportMetric(perConn/1024, "KB/idle-conn")
	}
}

func heapAndStacks() uint64 {
	runtime.GC()
	runtime.GC()
	var m runtime.MemStats
	runtime.ReadMemStats(&m)
	return m.HeapInuse + m.StackInuse
}
