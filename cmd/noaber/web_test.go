package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/coder/websocket"

	"github.com/noaber/noaber/bot/store"
)

// startServe runs `noaber serve` with the web chat on (the two lines of
// configuration) and returns the listener's base URL once it is healthy.
func startServe(t testing.TB, extra string) string {
	t.Helper()
	return startServeAfter(t, extra, nil)
}

// startServeAfter is startServe that first calls setup with the
// configuration file (to prepare data with the console).
func startServeAfter(t testing.TB, extra string, setup func(cfgPath string)) string {
	t.Helper()
	dir := t.TempDir()
	cfgPath, _, base := opsConfigTB(t, dir, "\n[web]\nenabled = true\n"+extra)
	if setup != nil {
		setup(cfgPath)
	}
	ctx, cancel := context.WithCancel(context.Background())
	var serveErr lockedBuffer
	done := make(chan int, 1)
	go func() {
		done <- run(ctx, []string{"serve", "--config", cfgPath}, strings.NewReader(""), &lockedBuffer{}, &serveErr)
	}()
	t.Cleanup(func() {
		cancel()
		select {
		case <-done:
		case <-time.After(10 * time.Second):
			t.Error("serve did not stop")
		}
	})
	deadline := time.Now().Add(20 * time.Second)
	for {
		// Ready once every adapter runs (the web chat answers before that,
		// saying it is not available yet).
		if resp, err := http.Get(base + "/readyz"); err == nil {
			resp.Body.Close()
			if resp.StatusCode == 200 {
				return base
			}
		}
		select {
		case code := <-done:
			t.Fatalf("serve exited with %d: %s", code, serveErr.String())
		default:
		}
		if time.Now().After(deadline) {
			t.Fatalf("the chat did not come up: %s", serveErr.String())
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// opsConfigTB is opsConfig for tests and benchmarks alike.
func opsConfigTB(t testing.TB, dir, extra string) (cfgPath, dbPath, base string) {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	port := ln.Addr().(*net.TCPAddr).Port
	ln.Close()
	dbPath = filepath.Join(dir, "data", "noaber.db")
	cfgPath = filepath.Join(dir, "noaber.toml")
	cfg := fmt.Sprintf("[bot]\ndb = %q\n\n[http]\nlisten = \"127.0.0.1:%d\"\n%s", dbPath, port, extra)
	if err := os.WriteFile(cfgPath, []byte(cfg), 0o600); err != nil {
		t.Fatal(err)
	}
	return cfgPath, dbPath, fmt.Sprintf("http://127.0.0.1:%d", port)
}

// wsFrame is the part of the web chat's frames these tests read.
type wsFrame struct {
	Type    string `json:"type"`
	Seq     uint64 `json:"seq"`
	From    string `json:"from"`
	Text    string `json:"text"`
	HTML    string `json:"html"`
	Lang    string `json:"lang"`
	Choices []struct {
		Label string `json:"label"`
	} `json:"choices"`
	Sources []struct {
		Title, URL string
	} `json:"sources"`
	Files []struct {
		Name, URL string
	} `json:"files"`
}

type wsVisitor struct {
	t      testing.TB
	c      *websocket.Conn
	cookie string
}

func visit(t testing.TB, base string) *wsVisitor {
	t.Helper()
	resp, err := http.Get(base + "/chat")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	var cookie string
	for _, c := range resp.Cookies() {
		cookie = c.Name + "=" + c.Value
	}
	return visitWith(t, base, cookie)
}

// visitWith opens the chat with a cookie the visitor already has.
func visitWith(t testing.TB, base, cookie string) *wsVisitor {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	c, _, err := websocket.Dial(ctx, "ws"+strings.TrimPrefix(base, "http")+"/chat/ws",
		&websocket.DialOptions{HTTPHeader: http.Header{"Cookie": {cookie}, "Origin": {base}}})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { c.CloseNow() })
	return &wsVisitor{t, c, cookie}
}

func (v *wsVisitor) send(frame string) {
	v.t.Helper()
	if err := v.c.Write(context.Background(), websocket.MessageText, []byte(frame)); err != nil {
		v.t.Fatal(err)
	}
}

func (v *wsVisitor) until(ok func(wsFrame) bool) wsFrame {
	v.t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	for {
		_, data, err := v.c.Read(ctx)
		if err != nil {
			v.t.Fatalf("read: %v", err)
		}
		var f wsFrame
		if err := json.Unmarshal(data, &f); err != nil {
			v.t.Fatal(err)
		}
		if ok(f) {
			return f
		}
	}
}

func fromBot(sub string) func(wsFrame) bool {
	return func(f wsFrame) bool { return f.Type == "msg" && f.From == "bot" && strings.Contains(f.HTML, sub) }
}

// TestServeWebChat: `noaber serve` with [web] enabled answers a question
// with its sources over the WebSocket, and "vergeet mij" erases the
// visitor's history in the open page too.
func TestServeWebChat(t *testing.T) {
	if testing.Short() {
		t.Skip("runs serve")
	}
	base := startServe(t, "")
	v := visit(t, base)
	v.send(`{"type":"message","text":"Wat is het uitdaagrecht?"}`)
	ans := v.until(fromBot("uitdaagrecht"))
	if len(ans.Sources) == 0 || !strings.HasPrefix(ans.Sources[0].URL, "https://") || len(ans.Choices) == 0 {
		t.Errorf("answer without sources or feedback buttons: %+v", ans)
	}
	v.send(`{"type":"message","text":"vergeet mij"}`)
	confirm := v.until(fromBot("Weet je het zeker"))
	v.send(`{"type":"action","seq":` + jsonNum(confirm.Seq) + `,"choice":0}`)
	v.until(func(f wsFrame) bool { return f.Type == "reset" })
	v.until(fromBot("Klaar"))
}

// TestServeWebChatDeliversWhenVisitorReturns: a visitor promoted from the
// waitlist while away gets the news when they open the chat again.
func TestServeWebChatDeliversWhenVisitorReturns(t *testing.T) {
	if testing.Short() {
		t.Skip("runs serve")
	}
	when := time.Now().AddDate(0, 1, 0).Format("2-1-2006")
	base := startServeAfter(t, "", func(cfgPath string) {
		if code, out, errs := opsRun(t, "evenement nieuw "+when+" 19:30 | Netwerkavond | max 1\n", "chat", "--config", cfgPath); code != 0 || !strings.Contains(out, "#1 Netwerkavond") {
			t.Fatalf("create the event: %d %q %q", code, out, errs)
		}
	})
	a, b := visit(t, base), visit(t, base)
	a.send(`{"type":"message","text":"aanmelden 1"}`)
	f := a.until(fromBot("aangemeld"))
	if !strings.Contains(f.HTML, "Netwerkavond") || len(f.Files) != 1 {
		t.Fatalf("sign-up with its calendar invitation: %+v", f)
	}
	// The invitation downloads as an iCalendar file, for this visitor only.
	req, _ := http.NewRequest("GET", base+"/"+f.Files[0].URL, nil)
	req.Header.Set("Cookie", a.cookie)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	ics, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if !strings.HasPrefix(resp.Header.Get("Content-Type"), "text/calendar") || !strings.Contains(string(ics), "BEGIN:VEVENT") {
		t.Errorf("invitation download: %s %q", resp.Header.Get("Content-Type"), ics)
	}
	b.send(`{"type":"message","text":"aanmelden 1"}`)
	b.until(fromBot("wachtlijst"))
	b.c.Close(websocket.StatusNormalClosure, "")
	deadline := time.Now().Add(10 * time.Second)
	for { // b has left when only a's socket is open
		if _, body := get(t, base+"/readyz"); strings.Contains(body, "1 WebSockets open") {
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("b's socket did not close on the server")
		}
		time.Sleep(20 * time.Millisecond)
	}

	a.send(`{"type":"message","text":"afmelden 1"}`)
	a.until(fromBot("afgemeld"))
	deadline = time.Now().Add(10 * time.Second)
	for {
		_, body := get(t, base+"/readyz")
		if strings.Contains(body, `"pending":1`) {
			break // the promotion waits for b
		}
		if time.Now().After(deadline) {
			t.Fatalf("the promotion is not waiting in the outbox: %s", body)
		}
		time.Sleep(20 * time.Millisecond)
	}
	b = visitWith(t, base, b.cookie)
	f = b.until(fromBot("Goed nieuws"))
	if !strings.Contains(f.HTML, "Netwerkavond") {
		t.Errorf("promotion: %+v", f)
	}
}

func jsonNum(n uint64) string { b, _ := json.Marshal(n); return string(b) }

// TestAdaptersMountTheirRoutes: the wiring mounts every adapter that
// declares HTTP routes; it knows none of them itself.
func TestAdaptersMountTheirRoutes(t *testing.T) {
	dir := t.TempDir()
	cfgPath, _, _ := opsConfigTB(t, dir, "\n[web]\nenabled = true\n\n[mattermost]\nenabled = true\nurl = \"https://chat.example.org\"\ntoken = \"x\"\n")
	e := newEnv(commands["serve"], []string{"--config", cfgPath}, nil, &lockedBuffer{}, &lockedBuffer{})
	e.Parse()
	cfg, err := e.Config()
	if err != nil {
		t.Fatal(err)
	}
	a, err := newApp(cfg, newLogger(cfg, &lockedBuffer{}, 0), nil)
	if err != nil {
		t.Fatal(err)
	}
	defer a.Close()
	if _, err := a.platformAdapters(); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct{ method, path string }{{"GET", "/chat"}, {"GET", "/chat/widget.js"}, {"GET", "/chat/ws"}, {"POST", "/mattermost/action"}} {
		if _, pattern := a.mux.Handler(httptest.NewRequest(tc.method, tc.path, nil)); pattern == "" {
			t.Errorf("%s %s is not mounted", tc.method, tc.path)
		}
	}
}

// TestWebSecretKept: the cookie key is made once and survives a restart,
// so visitors keep their conversation.
func TestWebSecretKept(t *testing.T) {
	path := filepath.Join(t.TempDir(), "noaber.db")
	db, err := store.Open(path, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	k1, err := webSecret(db)
	if err != nil || len(k1) != 32 {
		t.Fatalf("key %x: %v", k1, err)
	}
	db.Close()
	db, err = store.Open(path, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	k2, _ := webSecret(db)
	if string(k1) != string(k2) {
		t.Error("the cookie key changed across a restart")
	}
}
