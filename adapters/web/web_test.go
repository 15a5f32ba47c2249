package web

import (
	"bytes"
	"context"
	"encoding/json"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/coder/websocket"

	"github.com/noaber/noaber/bot"
	"github.com/noaber/noaber/bot/store"
	"github.com/noaber/noaber/bot/store/storetest"
)

func TestCatalogComplete(t *testing.T) {
	if err := msgs.Check(); err != nil {
		t.Fatal(err)
	}
	for _, l := range []bot.Lang{bot.NL, bot.EN} {
		for k, v := range texts(l) {
			if strings.HasPrefix(v, "ui.") {
				t.Errorf("%s: text %s missing", l, k)
			}
		}
	}
}

func TestPageHeadersAndCookie(t *testing.T) {
	ts := newTestServer(t, Config{AllowedOrigins: []string{"https://www.gemeente.nl"}})
	resp, err := http.Get(ts.URL + "/chat")
	if err != nil {
		t.Fatal(err)
	}
	page := body(t, resp)
	csp := resp.Header.Get("Content-Security-Policy")
	for _, want := range []string{"default-src 'none'", "script-src 'self'", "connect-src 'self'", "frame-ancestors 'self' https://www.gemeente.nl"} {
		if !strings.Contains(csp, want) {
			t.Errorf("CSP %q lacks %q", csp, want)
		}
	}
	if strings.Contains(csp, "unsafe") {
		t.Errorf("CSP allows unsafe sources: %q", csp)
	}
	var ck *http.Cookie
	for _, c := range resp.Cookies() {
		if c.Name == CookieName {
			ck = c
		}
	}
	if ck == nil || !ck.HttpOnly || ck.SameSite != http.SameSiteLaxMode || ck.Path != "/chat" || ck.MaxAge != int(DefaultCookieMaxAge/time.Second) {
		t.Fatalf("cookie %+v: want HttpOnly, SameSite=Lax, Path=/chat, 30 days", ck)
	}
	if !strings.Contains(page, `<html lang="nl">`) || !strings.Contains(page, `role="log"`) || !strings.Contains(page, `aria-live="polite"`) || !strings.Contains(page, `<label id="label" for="q">Je vraag</label>`) {
		t.Errorf("page lacks lang, live log or label:\n%s", page)
	}
	// An English browser gets the English page.
	req, _ := http.NewRequest("GET", ts.URL+"/chat", nil)
	req.Header.Set("Accept-Language", "en-GB,en;q=0.9")
	resp, err = http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	if p := body(t, resp); !strings.Contains(p, `<html lang="en">`) || !strings.Contains(p, "Your question") {
		t.Errorf("English page:\n%s", p)
	}
	// The widget carries its texts and may be loaded by other sites.
	resp, err = http.Get(ts.URL + "/chat/widget.js")
	if err != nil {
		t.Fatal(err)
	}
	if w := body(t, resp); strings.Contains(w, "__TEXTS__") || !strings.Contains(w, "Chat met Noaber") || resp.Header.Get("Cross-Origin-Resource-Policy") != "cross-origin" {
		t.Errorf("widget.js not prepared: %.200s", w)
	}
}

func TestStaticSize(t *testing.T) {
	total := 0
	for _, f := range []string{"chat.html", "chat.css", "chat.js", "widget.js"} {
		b, err := staticFS.ReadFile("static/" + f)
		if err != nil {
			t.Fatal(err)
		}
		total += len(b)
	}
	if total > 30<<10 {
		t.Errorf("page, style and scripts are %d bytes; the budget is 30 KB", total)
	}
}

func TestConversationOverWebSocket(t *testing.T) {
	ts := newTestServer(t, Config{})
	c := ts.dial(t, ts.cookie(t), "")
	c.send(inFrame{Type: "message", Text: "vraag"})
	got := c.until(botSays("Drempel"))
	if got[0].Type != "reset" {
		t.Errorf("a new page starts with a reset: %+v", got[0])
	}
	user := got[1]
	if user.From != "user" || user.Text != "vraag" || user.Seq != 1 {
		t.Errorf("the visitor's own message first: %+v", user)
	}
	ans := last(got)
	for _, want := range []string{"<strong>Drempel</strong>", "&lt;script&gt;", `<a href="https://example.org/a?b=1&amp;c=2" rel="noopener noreferrer" target="_blank">bron</a>`} {
		if !strings.Contains(ans.HTML, want) {
			t.Errorf("answer html %q lacks %q", ans.HTML, want)
		}
	}
	if strings.Contains(ans.HTML, "<script") || strings.Contains(ans.HTML, `href="javascript`) {
		t.Errorf("unsafe html: %q", ans.HTML)
	}
	if len(ans.Sources) != 2 || ans.Sources[0].URL != "https://wetten.overheid.nl/BWBR0032203" || ans.Sources[1].URL != "" {
		t.Errorf("sources %+v: links only to http(s)", ans.Sources)
	}
	if len(ans.Choices) != 2 || ans.Choices[0].Label != "👍" {
		t.Errorf("feedback buttons %+v", ans.Choices)
	}
	raw, _ := json.Marshal(ans)
	if strings.Contains(string(raw), "ask:up") {
		t.Errorf("the bot's choice ids reached the browser: %s", raw)
	}
	in := ts.bot.inbound()[0]
	if !strings.HasPrefix(in.User.ID, "web:") || in.Conv.ID != in.User.ID || in.Conv.Kind != bot.Direct {
		t.Errorf("inbound %+v", in)
	}

	// A click on a choice goes to the bot by its id; the reply replaces
	// the question, whose buttons are gone.
	c.send(inFrame{Type: "message", Text: "check"})
	q := last(c.until(botSays("Is het een opdracht?")))
	if len(q.Choices) != 2 || q.Choices[0].Style != "primary" {
		t.Fatalf("choices %+v", q.Choices)
	}
	yes := 0
	c.send(inFrame{Type: "action", Seq: q.Seq, Choice: &yes})
	got = c.until(botSays("Uitkomst voor check:ja"))
	if r := last(got); r.Seq != q.Seq || len(r.Choices) != 0 {
		t.Errorf("the verdict should replace message %d: %+v", q.Seq, r)
	}
	// The clicked label follows in the history (it is newer than the
	// question it answers).
	echoed := func() bool {
		for _, f := range got {
			if f.From == "user" && f.Text == "Ja" {
				return true
			}
		}
		return false
	}
	if !echoed() {
		got = append(got, c.until(func(f outFrame) bool { return f.From == "user" })...)
	}
	if !echoed() {
		t.Errorf("the clicked label is not in the history: %+v", got)
	}
	// The same button again is stale: explained, connection kept.
	c.send(inFrame{Type: "action", Seq: q.Seq, Choice: &yes})
	if e := last(c.until(isError(errStale))); !strings.Contains(e.Text, "knop") {
		t.Errorf("stale click: %+v", e)
	}
	c.send(inFrame{Type: "message", Text: "nog iets"})
	c.until(botSays("echo: nog iets"))
}

func TestTypingAndLanguage(t *testing.T) {
	ts := newTestServer(t, Config{})
	c := ts.dial(t, ts.cookie(t), "")
	c.send(inFrame{Type: "message", Text: "slow"})
	c.until(func(f outFrame) bool { return f.Type == "typing" && f.On != nil && *f.On })
	ts.bot.release <- struct{}{}
	got := c.until(func(f outFrame) bool { return f.Type == "typing" && f.On != nil && !*f.On })
	if !botSays("eindelijk")(got[0]) && !botSays("eindelijk")(got[len(got)-2]) {
		t.Errorf("answer then typing off: %+v", got)
	}
	c.send(inFrame{Type: "message", Text: "english"})
	if f := last(c.until(botSays("threshold"))); f.Lang != "en" {
		t.Errorf("lang %q after an English answer", f.Lang)
	}
	// A reload gets the English page.
	req, _ := http.NewRequest("GET", ts.URL+"/chat", nil)
	req.Header.Set("Cookie", c.cookieOf(ts))
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	if p := body(t, resp); !strings.Contains(p, `lang="en"`) {
		t.Error("the page does not follow the conversation's language")
	}
}

// cookieOf finds the cookie the client dialled with (tests keep one
// visitor per server unless they say otherwise).
func (c *client) cookieOf(ts *testServer) string {
	ts.a.mu.Lock()
	defer ts.a.mu.Unlock()
	for id := range ts.a.visitors {
		return CookieName + "=" + ts.a.cookies.value(id)
	}
	return ""
}

func TestResumeAndSecondTab(t *testing.T) {
	ts := newTestServer(t, Config{})
	ck := ts.cookie(t)
	a := ts.dial(t, ck, "")
	a.send(inFrame{Type: "message", Text: "een"})
	first := last(a.until(botSays("echo: een")))
	a.send(inFrame{Type: "message", Text: "twee"})
	second := last(a.until(botSays("echo: twee")))

	// A reload (no state) gets the whole history after a reset.
	b := ts.dial(t, ck, "")
	got := b.until(botSays("echo: twee"))
	if got[0].Type != "reset" || len(got) != 5 {
		t.Errorf("reload: want reset + 4 messages, got %+v", got)
	}
	// A reconnect with its state gets only what it missed.
	a.c.CloseNow()
	b.send(inFrame{Type: "message", Text: "drie"})
	b.until(botSays("echo: drie"))
	r := ts.dial(t, ck, "?epoch="+u64(first.Epoch)+"&after="+u64(second.Ver))
	got = r.until(botSays("echo: drie"))
	if len(got) != 2 || got[0].Text != "drie" {
		t.Errorf("resume: want the 2 missed messages, got %+v", got)
	}
	// Another visitor sees none of it.
	o := ts.dial(t, ts.cookie(t), "")
	o.send(inFrame{Type: "message", Text: "hallo"})
	for _, f := range o.until(botSays("echo: hallo")) {
		if strings.Contains(f.Text+f.HTML, "een") {
			t.Errorf("another visitor's history leaked: %+v", f)
		}
	}
}

func u64(n uint64) string { b, _ := json.Marshal(n); return string(b) }

func TestLongPollFallback(t *testing.T) {
	ts := newTestServer(t, Config{})
	ck := ts.cookie(t)
	post := func(body string, ctype string) *http.Response {
		req, _ := http.NewRequest("POST", ts.URL+"/chat/send", strings.NewReader(body))
		req.Header.Set("Cookie", ck)
		req.Header.Set("Content-Type", ctype)
		req.Header.Set("Origin", ts.URL)
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		return resp
	}
	poll := func(query string) pollReply {
		req, _ := http.NewRequest("GET", ts.URL+"/chat/poll"+query, nil)
		req.Header.Set("Cookie", ck)
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		var pr pollReply
		if err := json.NewDecoder(resp.Body).Decode(&pr); err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		return pr
	}
	if resp := post(`{"type":"message","text":"vraag"}`, "application/json"); resp.StatusCode != http.StatusNoContent {
		t.Fatalf("send: %d %s", resp.StatusCode, body(t, resp))
	}
	pr := poll("")
	if len(pr.Frames) != 3 || pr.Frames[0].Type != "reset" || !botSays("Drempel")(pr.Frames[2]) {
		t.Fatalf("poll: %+v", pr)
	}
	// The next poll waits for news, then returns it.
	done := make(chan pollReply)
	go func() { done <- poll("?epoch=" + u64(pr.Epoch) + "&after=" + u64(pr.After)) }()
	time.Sleep(50 * time.Millisecond)
	post(`{"type":"message","text":"later"}`, "application/json")
	if pr2 := <-done; len(pr2.Frames) == 0 || pr2.Frames[0].Text != "later" {
		t.Errorf("long poll: %+v", pr2)
	}
	// Not JSON (a form post from another site): refused.
	if resp := post(`{"type":"message","text":"x"}`, "text/plain"); resp.StatusCode != http.StatusForbidden {
		t.Errorf("text/plain post: %d", resp.StatusCode)
	}
	// Oversized and malformed: a clear error.
	resp := post(`{"type":"message","text":"`+strings.Repeat("a", DefaultMaxMessageBytes)+`"}`, "application/json")
	var e outFrame
	_ = json.NewDecoder(resp.Body).Decode(&e)
	if resp.StatusCode != http.StatusRequestEntityTooLarge || e.Code != errTooLarge || !strings.Contains(e.Text, "te lang") {
		t.Errorf("oversized post: %d %+v", resp.StatusCode, e)
	}
	if resp := post(`{"type":"message","text":`, "application/json"); resp.StatusCode != http.StatusBadRequest {
		t.Errorf("malformed post: %d", resp.StatusCode)
	}
}

func TestOriginChecked(t *testing.T) {
	ts := newTestServer(t, Config{AllowedOrigins: []string{"https://www.gemeente.nl"}})
	ck := ts.cookie(t)
	for origin, ok := range map[string]bool{
		ts.URL: true, "https://www.gemeente.nl": true, "": true,
		"https://evil.example": false, "https://www.gemeente.nl.evil.example": false, "null": false,
	} {
		c, resp, err := ts.dialRaw(ck, origin, "")
		if ok != (err == nil) {
			t.Errorf("origin %q: err %v, want allowed=%v", origin, err, ok)
		}
		if err == nil {
			c.CloseNow()
		} else if resp == nil || resp.StatusCode != http.StatusForbidden {
			t.Errorf("origin %q: want 403, got %v", origin, resp)
		}
	}
	req, _ := http.NewRequest("POST", ts.URL+"/chat/send", strings.NewReader(`{"type":"message","text":"x"}`))
	req.Header.Set("Cookie", ck)
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Origin", "https://evil.example")
	if resp, _ := http.DefaultClient.Do(req); resp.StatusCode != http.StatusForbidden {
		t.Errorf("post from another origin: %d", resp.StatusCode)
	}
	if len(ts.bot.inbound()) != 0 {
		t.Error("a refused request reached the bot")
	}
}

func TestCookieMustBeOurs(t *testing.T) {
	ts := newTestServer(t, Config{})
	ck := ts.cookie(t)
	id, sig, _ := strings.Cut(strings.TrimPrefix(ck, CookieName+"="), ".")
	forged := []string{
		"",
		CookieName + "=" + newID() + "." + sig, // another id, old signature
		CookieName + "=" + id + "." + sig[:len(sig)-2] + "AA", // changed signature
		CookieName + "=" + id,
	}
	for _, f := range forged {
		if _, resp, err := ts.dialRaw(f, "", ""); err == nil || resp.StatusCode != http.StatusUnauthorized {
			t.Errorf("cookie %q accepted", f)
		}
	}
	if _, _, err := ts.dialRaw(ck, "", ""); err != nil {
		t.Errorf("the real cookie: %v", err)
	}
}

func TestBadFramesKeepTheConnection(t *testing.T) {
	ts := newTestServer(t, Config{MaxMessageBytes: 1024})
	c := ts.dial(t, ts.cookie(t), "")
	for _, tc := range []struct {
		frame []byte
		code  string
	}{
		{[]byte(`{"type":"message","text":"` + strings.Repeat("é", 600) + `"}`), errTooLarge},
		{[]byte(`{"type":"message"`), errMalformed},
		{[]byte(`{"type":"shout","text":"x"}`), errMalformed},
		{[]byte(`{"type":"message","text":"x","admin":true}`), errMalformed},
		{[]byte{0xff, 0xfe, '{', '}'}, errMalformed},
		{[]byte(`{"type":"action","seq":1,"choice":-1}`), errMalformed},
		{[]byte(`{"type":"action","seq":999,"choice":0}`), errStale},
	} {
		c.sendRaw(tc.frame)
		e := last(c.until(func(f outFrame) bool { return f.Type == "error" }))
		if e.Code != tc.code || e.Text == "" || strings.Contains(e.Text, "json") {
			t.Errorf("frame %.40q: error %+v, want %s with a plain explanation", tc.frame, e, tc.code)
		}
	}
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if err := c.c.Write(ctx, websocket.MessageBinary, []byte("{}")); err != nil {
		t.Fatal(err)
	}
	c.until(isError(errMalformed))
	c.send(inFrame{Type: "message", Text: "nog daar?"})
	c.until(botSays("echo: nog daar?"))
	if n := len(ts.bot.inbound()); n != 1 {
		t.Errorf("%d frames reached the bot, want only the good one", n)
	}
	// Far beyond the limit the connection is closed (1009).
	c.sendRaw(bytes.Repeat([]byte("a"), 8<<10))
	_, _, err := c.c.Read(ctx)
	if websocket.CloseStatus(err) != websocket.StatusMessageTooBig {
		t.Errorf("huge frame: %v, want close 1009", err)
	}
}

func TestRateLimitsPerVisitorAndAddress(t *testing.T) {
	ts := newTestServer(t, Config{VisitorPerMinute: 1, VisitorBurst: 2, IPPerMinute: 1, IPBurst: 3, TrustedProxyHeader: "X-Forwarded-For"})
	send := func(ck, ip, text string) int {
		req, _ := http.NewRequest("POST", ts.URL+"/chat/send", strings.NewReader(`{"type":"message","text":"`+text+`"}`))
		req.Header.Set("Cookie", ck)
		req.Header.Set("Content-Type", "application/json")
		req.Header.Set("X-Forwarded-For", "203.0.113.9, "+ip)
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		return resp.StatusCode
	}
	v1 := ts.cookie(t)
	if send(v1, "192.0.2.1", "a") != 204 || send(v1, "192.0.2.1", "b") != 204 {
		t.Fatal("within the burst")
	}
	if s := send(v1, "192.0.2.1", "c"); s != http.StatusTooManyRequests {
		t.Errorf("third message of one visitor: %d", s)
	}
	// A fresh cookie from the same address is refused too: the address's
	// burst of 3 went to a, b and the refused c.
	v2 := ts.cookie(t)
	if send(v2, "192.0.2.1", "d") != http.StatusTooManyRequests {
		t.Errorf("new cookie escaped the address limit")
	}
	// Another address (the proxy's last value) is not affected.
	if s := send(ts.cookie(t), "192.0.2.2", "e"); s != 204 {
		t.Errorf("another address: %d", s)
	}
	// A minute later it eases.
	ts.clock.Advance(3 * time.Minute)
	if s := send(v2, "192.0.2.1", "f"); s != 204 {
		t.Errorf("after the wait: %d", s)
	}
}

func TestConnectionsPerAddress(t *testing.T) {
	ts := newTestServer(t, Config{ConnectionsPerIP: 2})
	ck := ts.cookie(t)
	ts.dial(t, ck, "")
	ts.dial(t, ck, "")
	if _, resp, err := ts.dialRaw(ck, "", ""); err == nil || resp.StatusCode != http.StatusTooManyRequests {
		t.Errorf("third connection from one address: %v", err)
	}
}

func TestClientIP(t *testing.T) {
	a := &Adapter{cfg: Config{TrustedProxyHeader: "X-Real-IP"}}
	for _, tc := range []struct{ remote, header, want string }{
		{"192.0.2.1:5555", "", "192.0.2.1"},
		{"127.0.0.1:5555", "198.51.100.7", "198.51.100.7"},
		{"127.0.0.1:5555", "2001:db8:1:2:3:4:5:6", "2001:db8:1:2::/64"},
		{"127.0.0.1:5555", "not an address", "unknown"},
	} {
		r, _ := http.NewRequest("GET", "/", nil)
		r.RemoteAddr = tc.remote
		if tc.header != "" {
			r.Header.Set("X-Real-IP", tc.header)
		}
		if got := a.clientIP(r); got != tc.want {
			t.Errorf("clientIP(%s, %q) = %s, want %s", tc.remote, tc.header, got, tc.want)
		}
	}
	a.cfg.TrustedProxyHeader = ""
	r, _ := http.NewRequest("GET", "/", nil)
	r.RemoteAddr = "192.0.2.1:1"
	r.Header.Set("X-Forwarded-For", "198.51.100.7")
	if got := a.clientIP(r); got != "192.0.2.1" {
		t.Errorf("untrusted header believed: %s", got)
	}
}

func TestProactiveMessagesWaitForTheVisitor(t *testing.T) {
	ts := newTestServer(t, Config{})
	ck := ts.cookie(t)
	c := ts.dial(t, ck, "")
	c.send(inFrame{Type: "message", Text: "hoi"})
	f := last(c.until(botSays("echo: hoi")))
	uid := ts.bot.inbound()[0].User.ID
	<-ts.woken // the first arrival asked the outbox to deliver
	if !ts.a.Accepts(bot.ToUser(uid)) {
		t.Fatal("a visitor with the page open does not accept")
	}
	c.c.Close(websocket.StatusNormalClosure, "")
	deadline := time.Now().Add(5 * time.Second)
	for ts.a.Accepts(bot.ToUser(uid)) && time.Now().Before(deadline) {
		time.Sleep(5 * time.Millisecond)
	}
	if ts.a.Accepts(bot.ToUser(uid)) || ts.a.Accepts(bot.ToUser("web:someone-else")) || ts.a.Accepts(bot.ToUser("discord:1")) {
		t.Fatal("accepts while nobody is there")
	}
	if ts.a.MaxWait() != DefaultOutboxExpiry {
		t.Errorf("MaxWait %v", ts.a.MaxWait())
	}
	// Back again: the outbox is woken and delivers.
	c = ts.dial(t, ck, "?epoch="+u64(f.Epoch)+"&after="+u64(f.Ver))
	select {
	case <-ts.woken:
	case <-time.After(5 * time.Second):
		t.Fatal("the outbox was not woken when the visitor came back")
	}
	r := bot.Reply{Text: "Herinnering: de termijn sluit morgen.", Nonce: "reminder:1"}
	if err := ts.a.Send(context.Background(), bot.ToUser(uid), r); err != nil {
		t.Fatal(err)
	}
	_ = ts.a.Send(context.Background(), bot.ToUser(uid), r) // the outbox retried: shown once
	got := c.until(botSays("Herinnering"))
	if m := last(got); !m.Proactive {
		t.Errorf("not marked as a notification: %+v", m)
	}
	ts.a.mu.Lock()
	v := ts.a.visitors[strings.TrimPrefix(uid, "web:")]
	ts.a.mu.Unlock()
	v.mu.Lock()
	n := len(v.entries)
	v.mu.Unlock()
	if n != 3 {
		t.Errorf("%d entries, want 3 (the retry deduplicated)", n)
	}
}

func TestForgetMeClearsHistory(t *testing.T) {
	ts := newTestServer(t, Config{})
	db := storetest.Open(t)
	c := ts.dial(t, ts.cookie(t), "")
	c.send(inFrame{Type: "message", Text: "geheim"})
	c.until(botSays("echo: geheim"))
	uid := ts.bot.inbound()[0].User.ID
	var exported any
	var n int
	err := db.Update(func(tx *store.Tx) error {
		var err error
		if exported, err = ts.a.ExportUser(tx, uid); err != nil {
			return err
		}
		n, err = ts.a.EraseUser(tx, uid)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	if b, _ := json.Marshal(exported); !strings.Contains(string(b), "geheim") || n != 2 {
		t.Errorf("export %s, erased %d", b, n)
	}
	if f := last(c.until(func(f outFrame) bool { return f.Type == "reset" })); f.Type != "reset" {
		t.Error("open page not told to forget")
	}
	if got, _ := ts.a.ExportUser(nil, uid); got != nil {
		t.Errorf("history after erasure: %v", got)
	}
}

func TestFilesOnlyForTheirVisitor(t *testing.T) {
	ts := newTestServer(t, Config{})
	ck := ts.cookie(t)
	c := ts.dial(t, ck, "")
	c.send(inFrame{Type: "message", Text: "ics"})
	f := last(c.until(botSays("agenda")))
	if len(f.Files) != 1 || f.Files[0].Name != "netwerk_avond.ics" {
		t.Fatalf("files %+v", f.Files)
	}
	get := func(cookie string) *http.Response {
		req, _ := http.NewRequest("GET", ts.URL+"/"+f.Files[0].URL, nil)
		req.Header.Set("Cookie", cookie)
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		return resp
	}
	resp := get(ck)
	if b := body(t, resp); resp.StatusCode != 200 || !strings.HasPrefix(b, "BEGIN:VCALENDAR") ||
		resp.Header.Get("Content-Type") != "text/calendar" || !strings.Contains(resp.Header.Get("Content-Disposition"), "attachment") {
		t.Errorf("download: %d %v", resp.StatusCode, resp.Header)
	}
	if resp := get(ts.cookie(t)); resp.StatusCode != http.StatusNotFound {
		t.Errorf("another visitor got the file: %d", resp.StatusCode)
	}
}

func TestNotRunningYet(t *testing.T) {
	a, err := New(Config{}, Deps{Secret: testSecret})
	if err != nil {
		t.Fatal(err)
	}
	v := a.visitor(newID())
	if e := a.handle(context.Background(), v, "192.0.2.1", inFrame{Type: "message", Text: "x"}); e == nil || e.Code != errUnavailable {
		t.Errorf("before Run: %+v", e)
	}
	if _, err := New(Config{}, Deps{Secret: []byte("short")}); err == nil {
		t.Error("a short secret accepted")
	}
}

func TestVisitorsBounded(t *testing.T) {
	ts := newTestServer(t, Config{})
	ts.a.maxVisitors = 2
	ts.dial(t, ts.cookie(t), "")
	c2 := ts.dial(t, ts.cookie(t), "")
	if _, resp, err := ts.dialRaw(ts.cookie(t), "", ""); err == nil || resp.StatusCode != http.StatusServiceUnavailable {
		t.Errorf("a third visitor beyond the bound: %v", err)
	}
	// Visitors who said nothing are forgotten after ten minutes.
	c2.c.CloseNow()
	c2.c = nil
	deadline := time.Now().Add(5 * time.Second)
	for {
		ts.a.sweep(ts.clock.Now().Add(emptyKeep + time.Minute))
		ts.a.mu.Lock()
		n := len(ts.a.visitors)
		ts.a.mu.Unlock()
		if n == 1 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("%d visitors after the sweep, want 1 (the one still connected)", n)
		}
		time.Sleep(10 * time.Millisecond)
	}
	ts.dial(t, ts.cookie(t), "")
}
