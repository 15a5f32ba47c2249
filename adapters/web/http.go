package web

import (
	"bytes"
	"context"
	"embed"
	"encoding/json"
	"html/template"
	"io"
	"mime"
	"net"
	"net/http"
	"net/netip"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/noaber/noaber/bot"
)

//go:embed static
var staticFS embed.FS

var page = template.Must(template.ParseFS(staticFS, "static/chat.html"))

// Mount serves the chat page, its assets, the WebSocket, the fallback and
// file downloads under /chat.
func (a *Adapter) Mount(mux *http.ServeMux) {
	mux.HandleFunc("GET /chat", a.servePage)
	mux.Handle("GET /chat/{$}", http.RedirectHandler("../chat", http.StatusMovedPermanently))
	for _, f := range []string{"chat.js", "chat.css", "widget.js"} {
		mux.HandleFunc("GET /chat/"+f, a.serveStatic(f))
	}
	mux.HandleFunc("GET /chat/ws", a.serveWS)
	mux.HandleFunc("GET /chat/poll", a.servePoll)
	mux.HandleFunc("POST /chat/send", a.serveSend)
	mux.HandleFunc("GET /chat/file/{seq}/{i}", a.serveFile)
}

// csp is the page's Content-Security-Policy: nothing but our own script,
// style and connections; framed only by the allowed origins.
func (a *Adapter) csp() string {
	var ancestors []string
	for o := range a.origins {
		ancestors = append(ancestors, o)
	}
	slices.Sort(ancestors)
	ancestors = append([]string{"'self'"}, ancestors...)
	return "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; connect-src 'self'; " +
		"base-uri 'none'; form-action 'none'; frame-ancestors " + strings.Join(ancestors, " ")
}

func (a *Adapter) secure(w http.ResponseWriter) {
	h := w.Header()
	h.Set("Content-Security-Policy", a.csp())
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("Referrer-Policy", "no-referrer")
	h.Set("Cache-Control", "no-store")
}

// pageData is what chat.html needs.
type pageData struct {
	Lang  string
	T     map[string]string // texts in the page's language
	Texts string            // both languages, JSON, for the script
}

// uiTexts are the catalog ids the page and its script use.
var uiTexts = []string{"title", "intro", "label", "hint", "send", "you", "bot", "typing", "connecting",
	"offline", "sources", "download", "proactive", "choices", "open", "close", "error.generic"}

func texts(lang bot.Lang) map[string]string {
	m := map[string]string{}
	for _, id := range uiTexts {
		m[strings.ReplaceAll(id, ".", "_")] = msgs.T(lang, "ui."+id)
	}
	return m
}

var textsJSON = func() string {
	b, _ := json.Marshal(map[string]any{"nl": texts(bot.NL), "en": texts(bot.EN)})
	return string(b)
}()

// servePage serves the chat page and gives the visitor a cookie (a new
// one, or the old one with its life extended).
func (a *Adapter) servePage(w http.ResponseWriter, r *http.Request) {
	id := a.cookies.visitorID(r)
	lang := a.lang
	if id == "" {
		id = newID()
		if strings.HasPrefix(strings.ToLower(r.Header.Get("Accept-Language")), "en") {
			lang = bot.EN
		}
	} else if v := a.lookup(bot.ToUser(Name + ":" + id)); v != nil {
		v.mu.Lock()
		lang = v.lang
		v.mu.Unlock()
	}
	a.cookies.set(w, id)
	a.secure(w)
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	var buf bytes.Buffer
	if err := page.Execute(&buf, pageData{Lang: string(lang), T: texts(lang), Texts: textsJSON}); err != nil {
		a.log.Error("render chat page", "err", err)
		http.Error(w, "internal error", http.StatusInternalServerError)
		return
	}
	_, _ = w.Write(buf.Bytes())
}

func (a *Adapter) serveStatic(name string) http.HandlerFunc {
	data, err := staticFS.ReadFile("static/" + name)
	if err != nil {
		panic(err)
	}
	if name == "widget.js" {
		// The widget runs on the municipality's pages, away from ours: its
		// two texts travel in it.
		data = bytes.Replace(data, []byte("__TEXTS__"), []byte(textsJSON), 1)
	}
	ctype := mime.TypeByExtension(name[strings.LastIndexByte(name, '.'):])
	return func(w http.ResponseWriter, r *http.Request) {
		a.secure(w)
		w.Header().Set("Content-Type", ctype)
		w.Header().Set("Cache-Control", "public, max-age=3600")
		if name == "widget.js" {
			// Loaded by the municipality's own pages.
			w.Header().Set("Cross-Origin-Resource-Policy", "cross-origin")
		}
		http.ServeContent(w, r, name, time.Time{}, bytes.NewReader(data))
	}
}

// originOK accepts requests without an Origin (not from a browser page;
// the cookie still decides who the visitor is), from the chat's own
// origin, and from the allowed origins.
func (a *Adapter) originOK(r *http.Request) bool {
	o := r.Header.Get("Origin")
	if o == "" {
		return true
	}
	p, err := parseOrigin(o)
	if err != nil {
		return false
	}
	if a.origins[p] {
		return true
	}
	_, host, _ := strings.Cut(p, "://")
	return strings.EqualFold(host, r.Host)
}

// clientIP is the address rate limits count against: the trusted proxy
// header's last value when configured, else the peer. IPv6 addresses
// count per /64, the block one household or host usually has.
func (a *Adapter) clientIP(r *http.Request) string {
	s := r.RemoteAddr
	if host, _, err := net.SplitHostPort(s); err == nil {
		s = host
	}
	if h := a.cfg.TrustedProxyHeader; h != "" {
		if vals := r.Header.Values(h); len(vals) > 0 {
			parts := strings.Split(vals[len(vals)-1], ",")
			s = strings.TrimSpace(parts[len(parts)-1])
		}
	}
	addr, err := netip.ParseAddr(s)
	if err != nil {
		return "unknown"
	}
	addr = addr.Unmap()
	if addr.Is6() {
		p, _ := addr.Prefix(64)
		return p.String()
	}
	return addr.String()
}

func (a *Adapter) errFrame(lang bot.Lang, code string) outFrame {
	return outFrame{Type: "error", Code: code, Text: msgs.T(lang, "error."+code)}
}

func (a *Adapter) langOf(v *visitor) bot.Lang {
	if v == nil {
		return a.lang
	}
	v.mu.Lock()
	defer v.mu.Unlock()
	return v.lang
}

// refuse answers a plain HTTP request with an error frame.
func (a *Adapter) refuse(w http.ResponseWriter, status int, lang bot.Lang, code string) {
	a.secure(w)
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(a.errFrame(lang, code))
}

var statusOf = map[string]int{
	errTooLarge: http.StatusRequestEntityTooLarge, errMalformed: http.StatusBadRequest, errRate: http.StatusTooManyRequests,
	errStale: http.StatusConflict, errUnavailable: http.StatusServiceUnavailable, errSession: http.StatusUnauthorized,
}

// handle answers one frame of v's: it enters the visitor's words in the
// history, asks the bot and adds its replies. It returns an error frame
// when the frame is refused.
func (a *Adapter) handle(ctx context.Context, v *visitor, ip string, f inFrame) *outFrame {
	now := a.clock.Now()
	lang := a.langOf(v)
	if !a.ipLimit.Allow("ip:"+ip, now) || !a.visitorLimit.Allow(Name+":"+v.id, now) {
		e := a.errFrame(lang, errRate)
		return &e
	}
	hp := a.handler.Load()
	if hp == nil {
		e := a.errFrame(lang, errUnavailable)
		return &e
	}
	uid := Name + ":" + v.id
	in := bot.Inbound{User: bot.User{ID: uid, Name: msgs.T(lang, "visitor")}, Conv: bot.Conversation{ID: uid, Kind: bot.Direct}}

	v.handling.Lock()
	defer v.handling.Unlock()
	var clicked *entry
	v.mu.Lock()
	switch f.Type {
	case "message":
		in.Text = f.Text
		v.add(&entry{from: "user", text: f.Text, lang: v.lang, at: now}, a.cfg.History)
	case "action":
		e := v.find(f.Seq)
		if e == nil || e.from != "bot" || *f.Choice >= len(e.choices) {
			v.mu.Unlock()
			ef := a.errFrame(lang, errStale)
			return &ef
		}
		c := e.choices[*f.Choice]
		in.Action = &bot.Action{ID: c.ID}
		clicked = e
		e.choices = nil // used: the buttons go, the words stay
		v.touch(e)
		v.add(&entry{from: "user", text: c.Label, lang: v.lang, at: now}, a.cfg.History)
	}
	v.seen = now
	v.mu.Unlock()

	// The indicator shows only when the answer is slow; done keeps a timer
	// that fires just as the answer comes from switching it on for good.
	var tmu sync.Mutex
	done := false
	typing := time.AfterFunc(a.typing, func() {
		tmu.Lock()
		defer tmu.Unlock()
		if !done {
			v.setTyping(true)
		}
	})
	hctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 2*time.Minute)
	replies := (*hp).Handle(hctx, in)
	cancel()
	tmu.Lock()
	done = true
	tmu.Unlock()
	typing.Stop()
	a.deliver(v, replies, false, clicked)
	v.setTyping(false)
	return nil
}

// resumeFrom reads ?epoch=E&after=V.
func resumeFrom(r *http.Request) (epoch, after uint64) {
	epoch, _ = strconv.ParseUint(r.URL.Query().Get("epoch"), 10, 64)
	after, _ = strconv.ParseUint(r.URL.Query().Get("after"), 10, 64)
	return epoch, after
}

// arrive marks v as present (a WebSocket opened or a poll came in) and,
// when it was away, asks the outbox to deliver what waits for it.
func (a *Adapter) arrive(v *visitor, conn bool) {
	now := a.clock.Now()
	v.mu.Lock()
	away := v.conns == 0 && now.Sub(v.polled) >= a.pollGrace()
	if conn {
		v.conns++
	} else {
		v.polled = now
	}
	v.seen = now
	v.mu.Unlock()
	if away && a.wake != nil {
		go a.wake()
	}
}

// pollReply is the long poll's answer.
type pollReply struct {
	Frames []outFrame `json:"frames"`
	Epoch  uint64     `json:"epoch"`
	After  uint64     `json:"after"`
	Typing bool       `json:"typing"`
	Lang   string     `json:"lang"`
}

// admit does what every chat request needs before its own work: the
// visitor's cookie, an allowed Origin (and whatever else the caller
// checked, in ok: a post's content type), and room for the visitor. It
// answers a refusal itself and returns nil then.
func (a *Adapter) admit(w http.ResponseWriter, r *http.Request, what string, ok bool) *visitor {
	id := a.cookies.visitorID(r)
	if id == "" {
		a.refuse(w, http.StatusUnauthorized, a.lang, errSession)
		return nil
	}
	if !ok || !a.originOK(r) {
		a.log.Info(what+" refused", "reason", "origin not allowed or malformed request")
		a.refuse(w, http.StatusForbidden, a.lang, errMalformed)
		return nil
	}
	v := a.visitor(id)
	if v == nil {
		a.refuse(w, http.StatusServiceUnavailable, a.lang, errUnavailable)
		return nil
	}
	return v
}

// servePoll answers as soon as there is news for the client, or after
// PollWait with nothing.
func (a *Adapter) servePoll(w http.ResponseWriter, r *http.Request) {
	v := a.admit(w, r, "long poll", true)
	if v == nil {
		return
	}
	a.arrive(v, false)
	epoch, after := resumeFrom(r)
	clientTyping := r.URL.Query().Get("typing") == "1"
	frames, e2, a2, typing, lang, wait := v.since(epoch, after)
	if len(frames) == 0 && typing == clientTyping {
		t := time.NewTimer(a.poll)
		select {
		case <-wait:
		case <-t.C:
		case <-r.Context().Done():
		case <-a.closing:
		}
		t.Stop()
		frames, e2, a2, typing, lang, _ = v.since(epoch, after)
		a.arrive(v, false)
	}
	a.secure(w)
	w.Header().Set("Content-Type", "application/json")
	_ = json.NewEncoder(w).Encode(pollReply{Frames: frames, Epoch: e2, After: a2, Typing: typing, Lang: string(lang)})
}

// serveSend takes one frame by POST, for clients without a WebSocket.
func (a *Adapter) serveSend(w http.ResponseWriter, r *http.Request) {
	// A JSON content type cannot be sent cross-origin without a CORS
	// preflight, which is never granted: with the Origin check, no other
	// site can post in a visitor's name.
	ct, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type"))
	v := a.admit(w, r, "chat post", ct == "application/json")
	if v == nil {
		return
	}
	lang := a.langOf(v)
	body, err := io.ReadAll(io.LimitReader(r.Body, int64(a.cfg.MaxMessageBytes)+1))
	if err != nil {
		a.refuse(w, http.StatusBadRequest, lang, errMalformed)
		return
	}
	f, code, err := parseFrame(body, a.cfg.MaxMessageBytes)
	if code != "" {
		a.log.Debug("chat frame refused", "code", code, "reason", err)
		a.refuse(w, statusOf[code], lang, code)
		return
	}
	a.arrive(v, false)
	if ef := a.handle(r.Context(), v, a.clientIP(r), f); ef != nil {
		a.refuse(w, statusOf[ef.Code], lang, ef.Code)
		return
	}
	a.secure(w)
	w.WriteHeader(http.StatusNoContent)
}

// serveFile serves an attachment (a calendar file) of a message in the
// visitor's own history.
func (a *Adapter) serveFile(w http.ResponseWriter, r *http.Request) {
	id := a.cookies.visitorID(r)
	seq, err1 := strconv.ParseUint(r.PathValue("seq"), 10, 64)
	i, err2 := strconv.Atoi(r.PathValue("i"))
	v := a.lookup(bot.ToUser(Name + ":" + id))
	if id == "" || err1 != nil || err2 != nil || v == nil {
		http.NotFound(w, r)
		return
	}
	v.mu.Lock()
	e := v.find(seq)
	var f *bot.File
	if e != nil && i >= 0 && i < len(e.files) {
		f = &e.files[i]
	}
	v.mu.Unlock()
	if f == nil {
		http.NotFound(w, r)
		return
	}
	a.secure(w)
	ctype := f.ContentType
	if ctype == "" {
		ctype = "application/octet-stream"
	}
	w.Header().Set("Content-Type", ctype)
	w.Header().Set("Content-Disposition", mime.FormatMediaType("attachment", map[string]string{"filename": safeName(f.Name)}))
	_, _ = w.Write(f.Data)
}
