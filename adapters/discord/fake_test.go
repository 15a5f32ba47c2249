package discord

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"mime"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/gorilla/websocket"

	"github.com/noaber/noaber/bot"
)

// Ids used by the fake Discord.
const (
	botID     = "1000" // the bot user, and its application
	userID    = "2001"
	channelID = "3001"
	guildID   = "4001"
	roleID    = "5001"
	dmChannel = "7001"
)

// request is one REST call the fake received.
type request struct {
	Method, Path string
	// JSON is the decoded JSON body (for multipart, the payload_json part).
	JSON  map[string]any
	Raw   []byte   // the body as sent (a JSON list is not decoded into JSON)
	Files []string // names of attached files
	At    time.Time
}

// fakeDiscord speaks enough of Discord's REST API and gateway for the real
// discordgo client: hello → identify/resume → READY/RESUMED, heartbeats
// acknowledged, dispatches on demand.
type fakeDiscord struct {
	t   *testing.T
	srv *httptest.Server

	// heartbeatMS is the heartbeat interval sent in hello.
	heartbeatMS int
	// ackHeartbeats, when false, leaves heartbeats unanswered (a dead
	// connection).
	ackHeartbeats atomic.Bool
	// refuse, when true, answers gateway connections with 503.
	refuse atomic.Bool
	// identifyClose, when set, answers an identify with this close code.
	identifyClose atomic.Int64
	// badResumes counts resumes refused (wrong session or sequence);
	// resumesViaResumeURL those that used READY's resume_gateway_url;
	// identifyAfterOp9 is how long after an op 9 the client identified.
	badResumes, resumesViaResumeURL int
	invalidatedAt                   time.Time
	identifyAfterOp9                time.Duration

	mu         sync.Mutex
	requests   []request
	identifies []map[string]any
	resumes    int
	conn       *websocket.Conn
	connMu     *sync.Mutex // serialises writes on conn
	seq        int
	threads    map[string]string // channel id → owner id of a thread
	// interactionAt is when each interaction was dispatched; acked which
	// ones got their (single) response.
	interactionAt map[string]time.Time
	acked         map[string]bool
	// hook, when set, may answer a request itself (return true).
	hook func(w http.ResponseWriter, r request) bool
}

func newFake(t *testing.T) *fakeDiscord {
	t.Helper()
	f := &fakeDiscord{t: t, heartbeatMS: 45000, threads: map[string]string{},
		interactionAt: map[string]time.Time{}, acked: map[string]bool{}}
	f.ackHeartbeats.Store(true)
	f.srv = httptest.NewServer(http.HandlerFunc(f.serve))
	t.Cleanup(f.srv.Close)
	return f
}

func (f *fakeDiscord) serve(w http.ResponseWriter, r *http.Request) {
	if strings.HasPrefix(r.URL.Path, "/gateway") {
		f.gateway(w, r)
		return
	}
	req := request{Method: r.Method, Path: r.URL.Path, At: time.Now()}
	body, _ := io.ReadAll(r.Body)
	req.Raw = body
	ct, params, _ := mime.ParseMediaType(r.Header.Get("Content-Type"))
	switch ct {
	case "application/json":
		_ = json.Unmarshal(body, &req.JSON)
	case "multipart/form-data":
		mr := multipart.NewReader(bytes.NewReader(body), params["boundary"])
		for {
			p, err := mr.NextPart()
			if err != nil {
				break
			}
			data, _ := io.ReadAll(p)
			if p.FormName() == "payload_json" {
				_ = json.Unmarshal(data, &req.JSON)
			} else {
				req.Files = append(req.Files, p.FileName())
			}
		}
	}
	if got := r.Header.Get("Authorization"); got != "Bot test-token" {
		w.WriteHeader(http.StatusUnauthorized)
		io.WriteString(w, `{"message": "401: Unauthorized", "code": 0}`)
		return
	}
	f.mu.Lock()
	f.requests = append(f.requests, req)
	hook := f.hook
	f.mu.Unlock()
	// Every answer carries Discord's rate-limit headers, as the real API's
	// do; discordgo reads them into its buckets.
	w.Header().Set("X-RateLimit-Limit", "5")
	w.Header().Set("X-RateLimit-Remaining", "4")
	w.Header().Set("X-RateLimit-Reset", strconv.FormatFloat(float64(time.Now().Add(time.Second).UnixMilli())/1000, 'f', 3, 64))
	w.Header().Set("X-RateLimit-Reset-After", "1")
	w.Header().Set("X-RateLimit-Bucket", "fake-"+r.Method)
	if hook != nil && hook(w, req) {
		return
	}
	p := strings.TrimPrefix(r.URL.Path, "/api/v9")
	if problem := invalidBody(r.Method, p, req); problem != "" {
		f.t.Errorf("invalid request body for %s %s: %s", r.Method, p, problem)
		w.WriteHeader(http.StatusBadRequest)
		io.WriteString(w, `{"message": "Invalid Form Body", "code": 50035}`)
		return
	}
	w.Header().Set("Content-Type", "application/json")
	switch {
	case p == "/gateway" || p == "/gateway/bot":
		writeJSON(w, map[string]any{"url": "ws" + strings.TrimPrefix(f.srv.URL, "http") + "/gateway", "shards": 1})
	case r.Method == http.MethodPut && strings.HasPrefix(p, "/applications/"):
		w.Write(body)
	case r.Method == http.MethodPost && p == "/users/@me/channels":
		writeJSON(w, map[string]any{"id": dmChannel, "type": 1})
	case r.Method == http.MethodPost && strings.HasSuffix(p, "/messages") && strings.HasPrefix(p, "/channels/"):
		writeJSON(w, map[string]any{"id": "9001", "channel_id": strings.Split(p, "/")[2], "content": req.JSON["content"]})
	case r.Method == http.MethodGet && strings.HasPrefix(p, "/channels/"):
		id := strings.TrimPrefix(p, "/channels/")
		if owner, ok := f.threads[id]; ok {
			writeJSON(w, map[string]any{"id": id, "type": 11, "owner_id": owner, "guild_id": guildID})
		} else {
			writeJSON(w, map[string]any{"id": id, "type": 0, "guild_id": guildID})
		}
	case r.Method == http.MethodGet && strings.HasPrefix(p, "/guilds/"):
		writeJSON(w, map[string]any{"user": map[string]any{"id": userID}, "roles": []string{roleID}})
	case strings.HasPrefix(p, "/interactions/"):
		// Discord's rules: the first response within 3 s of the event,
		// and only one.
		id := strings.Split(p, "/")[2]
		f.mu.Lock()
		at, known := f.interactionAt[id]
		acked := f.acked[id]
		f.acked[id] = true
		f.mu.Unlock()
		switch {
		case known && time.Since(at) > 3*time.Second:
			w.WriteHeader(http.StatusNotFound)
			io.WriteString(w, `{"message": "Unknown interaction", "code": 10062}`)
		case acked:
			w.WriteHeader(http.StatusBadRequest)
			io.WriteString(w, `{"message": "Interaction has already been acknowledged.", "code": 40060}`)
		default:
			w.WriteHeader(http.StatusNoContent)
		}
	case strings.HasPrefix(p, "/webhooks/") && r.Method == http.MethodDelete:
		w.WriteHeader(http.StatusNoContent)
	case strings.HasPrefix(p, "/webhooks/"):
		writeJSON(w, map[string]any{"id": "9002", "content": req.JSON["content"]})
	default:
		w.WriteHeader(http.StatusNotFound)
		io.WriteString(w, `{"message": "Unknown", "code": 0}`)
	}
}

// invalidBody checks a message body as Discord does (the limits of
// https://discord.com/developers/docs/resources/message#create-message):
// content at most 2,000 characters, at most 10 embeds and 5 component
// rows, and something to show. It returns what is wrong, or "".
func invalidBody(method, path string, req request) string {
	isMessage := method == http.MethodPost && strings.HasPrefix(path, "/channels/") && strings.HasSuffix(path, "/messages") ||
		strings.HasPrefix(path, "/webhooks/") && (method == http.MethodPost || method == http.MethodPatch)
	data := req.JSON
	if strings.HasSuffix(path, "/callback") {
		isMessage = true
		data, _ = req.JSON["data"].(map[string]any)
		if t, _ := req.JSON["type"].(float64); t != 4 && t != 7 {
			return "" // deferrals and autocomplete carry no message
		}
	}
	if !isMessage {
		return ""
	}
	content, _ := data["content"].(string)
	if n := utf8.RuneCountInString(content); n > 2000 {
		return fmt.Sprintf("content has %d characters, more than 2000", n)
	}
	embeds, _ := data["embeds"].([]any)
	rows, _ := data["components"].([]any)
	if len(embeds) > 10 {
		return fmt.Sprintf("%d embeds, more than 10", len(embeds))
	}
	if len(rows) > 5 {
		return fmt.Sprintf("%d component rows, more than 5", len(rows))
	}
	if method == http.MethodPost && content == "" && len(embeds) == 0 && len(rows) == 0 && len(req.Files) == 0 {
		return "nothing to show: no content, embeds, components or files"
	}
	return ""
}

func writeJSON(w http.ResponseWriter, v any) {
	_ = json.NewEncoder(w).Encode(v)
}

var upgrader = websocket.Upgrader{}

// gateway runs one gateway connection.
func (f *fakeDiscord) gateway(w http.ResponseWriter, r *http.Request) {
	if f.refuse.Load() {
		http.Error(w, "down", http.StatusServiceUnavailable)
		return
	}
	c, err := upgrader.Upgrade(w, r, nil)
	if err != nil {
		return
	}
	defer c.Close()
	// A connection that ends is no longer the session's: dispatches wait
	// for the live one (discordgo may open two when reconnects race).
	defer func() {
		f.mu.Lock()
		if f.conn == c {
			f.conn = nil
		}
		f.mu.Unlock()
	}()
	wmu := &sync.Mutex{}
	write := func(v any) error {
		wmu.Lock()
		defer wmu.Unlock()
		return c.WriteJSON(v)
	}
	if err := write(map[string]any{"op": 10, "d": map[string]any{"heartbeat_interval": f.heartbeatMS}}); err != nil {
		return
	}
	for {
		var msg struct {
			Op int             `json:"op"`
			D  json.RawMessage `json:"d"`
		}
		if err := c.ReadJSON(&msg); err != nil {
			return
		}
		switch msg.Op {
		case 1:
			if f.ackHeartbeats.Load() {
				_ = write(map[string]any{"op": 11})
			}
		case 2:
			var d map[string]any
			_ = json.Unmarshal(msg.D, &d)
			if code := int(f.identifyClose.Load()); code != 0 {
				f.mu.Lock()
				f.identifies = append(f.identifies, d)
				f.mu.Unlock()
				wmu.Lock()
				_ = c.WriteControl(websocket.CloseMessage, websocket.FormatCloseMessage(code, "refused"), time.Now().Add(time.Second))
				wmu.Unlock()
				return
			}
			f.mu.Lock()
			f.identifies = append(f.identifies, d)
			f.conn, f.connMu = c, wmu
			f.seq++
			seq := f.seq
			f.mu.Unlock()
			f.mu.Lock()
			if !f.invalidatedAt.IsZero() && f.identifyAfterOp9 == 0 {
				f.identifyAfterOp9 = time.Since(f.invalidatedAt)
			}
			f.mu.Unlock()
			_ = write(map[string]any{"op": 0, "t": "READY", "s": seq, "d": map[string]any{
				"v": 9, "session_id": "session-1",
				"resume_gateway_url": "ws" + strings.TrimPrefix(f.srv.URL, "http") + "/gateway?resume=1",
				"user":               map[string]any{"id": botID, "username": "Noaber", "bot": true},
				"application":        map[string]any{"id": botID, "flags": 0},
				"guilds":             []any{},
			}})
		case 6:
			// A resume must name the session READY gave and a sequence
			// the client really received; otherwise Discord answers op 9.
			var d struct {
				Session string `json:"session_id"`
				Seq     int    `json:"seq"`
			}
			_ = json.Unmarshal(msg.D, &d)
			f.mu.Lock()
			ok := d.Session == "session-1" && d.Seq > 0 && d.Seq <= f.seq
			if !ok {
				f.badResumes++
				f.mu.Unlock()
				_ = write(map[string]any{"op": 9, "d": false})
				continue
			}
			f.resumes++
			if r.URL.Query().Get("resume") == "1" {
				f.resumesViaResumeURL++
			}
			f.conn, f.connMu = c, wmu
			f.seq++
			seq := f.seq
			f.mu.Unlock()
			_ = write(map[string]any{"op": 0, "t": "RESUMED", "s": seq, "d": map[string]any{}})
		}
	}
}

// dispatch sends an event on the current gateway connection.
func (f *fakeDiscord) dispatch(t string, d any) {
	f.t.Helper()
	if m, ok := d.(map[string]any); ok && t == "INTERACTION_CREATE" {
		if id, ok := m["id"].(string); ok {
			f.mu.Lock()
			f.interactionAt[id] = time.Now()
			f.mu.Unlock()
		}
	}
	// The live connection may be replaced while we write (discordgo can
	// open two when reconnects race): try again on the next one.
	deadline := time.Now().Add(5 * time.Second)
	var lastErr error
	for time.Now().Before(deadline) {
		f.mu.Lock()
		c, wmu := f.conn, f.connMu
		f.seq++
		seq := f.seq
		f.mu.Unlock()
		if c == nil {
			time.Sleep(5 * time.Millisecond)
			continue
		}
		wmu.Lock()
		lastErr = c.WriteJSON(map[string]any{"op": 0, "t": t, "s": seq, "d": d})
		wmu.Unlock()
		if lastErr == nil {
			return
		}
		f.mu.Lock()
		if f.conn == c {
			f.conn = nil
		}
		f.mu.Unlock()
	}
	f.t.Fatalf("dispatch %s: no live gateway connection (%v)", t, lastErr)
}

// sendOp sends a gateway opcode (7: reconnect, 9: invalid session) on the
// current connection.
func (f *fakeDiscord) sendOp(op int, d any) {
	f.t.Helper()
	f.mu.Lock()
	c, wmu := f.conn, f.connMu
	if op == 9 {
		f.invalidatedAt = time.Now()
		f.identifyAfterOp9 = 0
	}
	f.mu.Unlock()
	if c == nil {
		f.t.Fatal("sendOp: no gateway connection")
	}
	wmu.Lock()
	defer wmu.Unlock()
	if err := c.WriteJSON(map[string]any{"op": op, "d": d}); err != nil {
		f.t.Fatalf("op %d: %v", op, err)
	}
}

// closeWith ends the gateway connection with a close frame carrying code,
// as Discord does for a revoked token (4004) or a withdrawn intent (4014).
func (f *fakeDiscord) closeWith(code int, reason string) {
	f.mu.Lock()
	c, wmu := f.conn, f.connMu
	f.conn = nil
	f.mu.Unlock()
	if c == nil {
		f.t.Fatal("closeWith: no gateway connection")
	}
	wmu.Lock()
	_ = c.WriteControl(websocket.CloseMessage, websocket.FormatCloseMessage(code, reason), time.Now().Add(time.Second))
	wmu.Unlock()
	c.Close()
}

// refuseIdentify makes every later identify end with close code code
// (0: accept).
func (f *fakeDiscord) refuseIdentify(code int) { f.identifyClose.Store(int64(code)) }

// drop cuts the gateway connection without a close frame, as a network
// failure would.
func (f *fakeDiscord) drop() {
	f.mu.Lock()
	c := f.conn
	f.conn = nil
	f.mu.Unlock()
	if c != nil {
		c.UnderlyingConn().Close()
	}
}

// wait returns the first request matching method and path (a prefix when
// it ends in "*") that arrives within timeout, after skipping `skip` such
// requests.
func (f *fakeDiscord) wait(method, path string, skip int, timeout time.Duration) (request, bool) {
	deadline := time.Now().Add(timeout)
	for {
		n := 0
		for _, r := range f.snapshot() {
			if matches(r, method, path) {
				if n == skip {
					return r, true
				}
				n++
			}
		}
		if time.Now().After(deadline) {
			return request{}, false
		}
		time.Sleep(5 * time.Millisecond)
	}
}

func (f *fakeDiscord) mustWait(method, path string, skip int) request {
	f.t.Helper()
	r, ok := f.wait(method, path, skip, 5*time.Second)
	if !ok {
		f.t.Fatalf("no request %s %s (#%d); got %s", method, path, skip+1, f.summary())
	}
	return r
}

func (f *fakeDiscord) count(method, path string) int {
	n := 0
	for _, r := range f.snapshot() {
		if matches(r, method, path) {
			n++
		}
	}
	return n
}

func matches(r request, method, path string) bool {
	p := strings.TrimPrefix(r.Path, "/api/v9")
	if strings.HasSuffix(path, "*") {
		return r.Method == method && strings.HasPrefix(p, strings.TrimSuffix(path, "*"))
	}
	return r.Method == method && p == path
}

func (f *fakeDiscord) snapshot() []request {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]request(nil), f.requests...)
}

func (f *fakeDiscord) summary() string {
	var b strings.Builder
	for _, r := range f.snapshot() {
		b.WriteString("\n  " + r.Method + " " + r.Path)
	}
	return b.String()
}

func (f *fakeDiscord) setHook(h func(w http.ResponseWriter, r request) bool) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.hook = h
}

func (f *fakeDiscord) identifyCount() int {
	f.mu.Lock()
	defer f.mu.Unlock()
	return len(f.identifies)
}

func (f *fakeDiscord) resumeCount() int {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.resumes
}

// logBuffer collects log output safely for assertions.
type logBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *logBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *logBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

// harness is a running adapter connected to a fake Discord.
type harness struct {
	f    *fakeDiscord
	a    *Adapter
	logs *logBuffer
	// inbound receives what the handler was given.
	inbound chan bot.Inbound
}

// start runs an adapter against f with handler h (nil: a handler that
// echoes "ok"), and waits until it is connected.
func start(t *testing.T, f *fakeDiscord, cfg Config, h bot.HandlerFunc, tune ...func(*Adapter)) *harness {
	t.Helper()
	cfg.Enabled, cfg.Token, cfg.APIURL = true, "test-token", f.srv.URL
	logs := &logBuffer{}
	a, err := New(cfg, Deps{Log: slog.New(slog.NewTextHandler(logs, &slog.HandlerOptions{Level: slog.LevelDebug})), Commands: newTestTable()})
	if err != nil {
		t.Fatal(err)
	}
	for _, fn := range tune {
		fn(a)
	}
	hs := &harness{f: f, a: a, logs: logs, inbound: make(chan bot.Inbound, 16)}
	if h == nil {
		h = func(context.Context, bot.Inbound) []bot.Reply { return []bot.Reply{{Text: "ok"}} }
	}
	wrapped := bot.HandlerFunc(func(ctx context.Context, in bot.Inbound) []bot.Reply {
		hs.inbound <- in
		return h(ctx, in)
	})
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- a.Run(ctx, wrapped) }()
	t.Cleanup(func() {
		cancel()
		if err := <-done; err != nil {
			t.Errorf("Run: %v", err)
		}
	})
	hs.waitHealth(t, true)
	return hs
}

func (hs *harness) waitHealth(t *testing.T, up bool) bot.Health {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for {
		h := hs.a.Health()
		if h.Connected == up {
			return h
		}
		if time.Now().After(deadline) {
			t.Fatalf("health stayed %+v, want connected=%v", h, up)
		}
		time.Sleep(5 * time.Millisecond)
	}
}

func (hs *harness) nextInbound(t *testing.T) bot.Inbound {
	t.Helper()
	select {
	case in := <-hs.inbound:
		return in
	case <-time.After(5 * time.Second):
		t.Fatal("handler was not called")
		return bot.Inbound{}
	}
}

// Event payloads.

func mentionMessage(id, content string) map[string]any {
	return map[string]any{
		"id": id, "channel_id": channelID, "guild_id": guildID, "type": 0, "content": content,
		"author":   map[string]any{"id": userID, "username": "anna", "global_name": "Anna"},
		"member":   map[string]any{"roles": []string{roleID}},
		"mentions": []any{map[string]any{"id": botID, "username": "Noaber", "bot": true}},
	}
}

func slashEvent(id, name, locale string, options ...map[string]any) map[string]any {
	if options == nil {
		options = []map[string]any{}
	}
	return map[string]any{
		"id": id, "application_id": botID, "type": 2, "token": "token-" + id,
		"guild_id": guildID, "channel_id": channelID, "locale": locale,
		"member": map[string]any{"user": map[string]any{"id": userID, "username": "anna"}, "roles": []string{roleID}},
		"data":   map[string]any{"id": "c1", "name": name, "type": 1, "options": options},
	}
}

func buttonClick(id, customID string) map[string]any {
	return map[string]any{
		"id": id, "application_id": botID, "type": 3, "token": "token-" + id,
		"guild_id": guildID, "channel_id": channelID, "locale": "nl",
		"member":  map[string]any{"user": map[string]any{"id": userID, "username": "anna"}, "roles": []string{}},
		"message": map[string]any{"id": "8001", "channel_id": channelID, "content": "Kom je?"},
		"data":    map[string]any{"custom_id": customID, "component_type": 2},
	}
}
