package web

import (
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/coder/websocket"

	"github.com/noaber/noaber/bot"
	"github.com/noaber/noaber/bot/clock"
)

var t0 = time.Date(2026, 12, 1, 9, 0, 0, 0, time.UTC)

// fakeBot answers like the real one would, in shapes the adapter must
// render: Markdown with hostile bits, sources, choices, files, a slow
// answer, an English answer.
type fakeBot struct {
	mu      sync.Mutex
	got     []bot.Inbound
	release chan struct{} // "slow" waits for it
}

func (b *fakeBot) Handle(ctx context.Context, in bot.Inbound) []bot.Reply {
	b.mu.Lock()
	b.got = append(b.got, in)
	b.mu.Unlock()
	if in.Action != nil {
		return []bot.Reply{{Text: "Uitkomst voor " + in.Action.ID, Replace: true}}
	}
	switch in.Text {
	case "vraag":
		return []bot.Reply{{Text: "**Drempel**: zie <script>alert(1)</script> [bron](https://example.org/a?b=1&c=2) en [js](javascript:alert(1))",
			Sources: []bot.Source{{Title: "Aanbestedingswet 2012", Ref: "art. 2.17", URL: "https://wetten.overheid.nl/BWBR0032203"}, {Title: "kwaad", URL: "javascript:alert(1)"}},
			Choices: []bot.Choice{{ID: "ask:up", Label: "👍"}, {ID: "ask:down", Label: "👎"}}}}
	case "check":
		return []bot.Reply{{Text: "Is het een opdracht?", Choices: []bot.Choice{{ID: "check:ja", Label: "Ja", Style: bot.Primary}, {ID: "check:nee", Label: "Nee"}}}}
	case "ics":
		return []bot.Reply{{Text: "Je agenda", Files: []bot.File{{Name: "../netwerk avond.ics", ContentType: "text/calendar", Data: []byte("BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n")}}}}
	case "english":
		return []bot.Reply{{Text: "The threshold for this contract is what the rules say."}}
	case "slow":
		<-b.release
		return []bot.Reply{{Text: "eindelijk"}}
	}
	return []bot.Reply{{Text: "echo: " + in.Text}}
}

func (b *fakeBot) inbound() []bot.Inbound {
	b.mu.Lock()
	defer b.mu.Unlock()
	return append([]bot.Inbound(nil), b.got...)
}

type testServer struct {
	*httptest.Server
	a     *Adapter
	bot   *fakeBot
	clock *clock.Fake
	woken chan struct{}
}

var testSecret = []byte("0123456789abcdef0123456789abcdef")

func newTestServer(t testing.TB, cfg Config) *testServer {
	t.Helper()
	ts := &testServer{bot: &fakeBot{release: make(chan struct{})}, clock: clock.NewFake(t0), woken: make(chan struct{}, 100)}
	a, err := New(cfg, Deps{Secret: testSecret, Log: slog.New(slog.DiscardHandler), Clock: ts.clock,
		PollWait: 2 * time.Second, TypingAfter: time.Millisecond,
		Wake: func() { ts.woken <- struct{}{} }})
	if err != nil {
		t.Fatal(err)
	}
	ts.a = a
	mux := http.NewServeMux()
	a.Mount(mux)
	ts.Server = httptest.NewServer(mux)
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() { _ = a.Run(ctx, ts.bot); close(done) }()
	for a.handler.Load() == nil {
		time.Sleep(time.Millisecond)
	}
	t.Cleanup(func() {
		close(ts.bot.release)
		cancel()
		<-done
		ts.Server.Close()
	})
	return ts
}

// cookie loads the page and returns the visitor cookie it sets.
func (ts *testServer) cookie(t testing.TB) string {
	t.Helper()
	resp, err := http.Get(ts.URL + "/chat")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	for _, c := range resp.Cookies() {
		if c.Name == CookieName {
			return c.Name + "=" + c.Value
		}
	}
	t.Fatal("no visitor cookie")
	return ""
}

func (ts *testServer) wsURL(query string) string {
	return "ws" + strings.TrimPrefix(ts.URL, "http") + "/chat/ws" + query
}

type client struct {
	t testing.TB
	c *websocket.Conn
}

func (ts *testServer) dial(t testing.TB, cookie, query string) *client {
	t.Helper()
	c, resp, err := ts.dialRaw(cookie, ts.URL, query)
	if err != nil {
		t.Fatalf("dial: %v (%v)", err, resp)
	}
	t.Cleanup(func() { c.CloseNow() })
	return &client{t, c}
}

func (ts *testServer) dialRaw(cookie, origin, query string) (*websocket.Conn, *http.Response, error) {
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	h := http.Header{}
	if cookie != "" {
		h.Set("Cookie", cookie)
	}
	if origin != "" {
		h.Set("Origin", origin)
	}
	return websocket.Dial(ctx, ts.wsURL(query), &websocket.DialOptions{HTTPHeader: h})
}

func (c *client) send(v any) {
	c.t.Helper()
	b, _ := json.Marshal(v)
	c.sendRaw(b)
}

func (c *client) sendRaw(b []byte) {
	c.t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if err := c.c.Write(ctx, websocket.MessageText, b); err != nil {
		c.t.Fatalf("write: %v", err)
	}
}

// until reads frames until one satisfies ok, and returns all read.
func (c *client) until(ok func(outFrame) bool) []outFrame {
	c.t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	var got []outFrame
	for {
		_, data, err := c.c.Read(ctx)
		if err != nil {
			c.t.Fatalf("read after %d frames %+v: %v", len(got), got, err)
		}
		var f outFrame
		if err := json.Unmarshal(data, &f); err != nil {
			c.t.Fatalf("frame %s: %v", data, err)
		}
		got = append(got, f)
		if ok(f) {
			return got
		}
	}
}

func botSays(sub string) func(outFrame) bool {
	return func(f outFrame) bool { return f.Type == "msg" && f.From == "bot" && strings.Contains(f.HTML, sub) }
}

func isError(code string) func(outFrame) bool {
	return func(f outFrame) bool { return f.Type == "error" && f.Code == code }
}

func last(fs []outFrame) outFrame { return fs[len(fs)-1] }

func body(t testing.TB, r *http.Response) string {
	t.Helper()
	b, _ := io.ReadAll(r.Body)
	r.Body.Close()
	return string(b)
}
