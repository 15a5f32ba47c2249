package matrix

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"
)

const (
	botID   = "@noaber:test.org"
	token   = "secret-token"
	aliceID = "@alice:test.org"
	bobID   = "@bob:test.org"
)

// fakeHS is an httptest homeserver speaking the parts of the Matrix
// client-server API the adapter uses: login, whoami, profile, filter,
// /sync with since tokens and long-polling, send with transaction ids,
// join, createRoom, room state and media upload. Every event lives in one
// ordered log; /sync?since=sN returns what came after the N-th.
type fakeHS struct {
	t   *testing.T
	srv *httptest.Server

	mu       sync.Mutex
	changed  chan struct{} // closed and replaced on every new event
	log      []fakeItem
	txns     map[string]string // txn id → event id
	sent     []sentEvent       // messages the bot sent, duplicates dropped
	reacted  []sentEvent       // reactions the bot sent
	sendReqs int               // send requests, duplicates included
	limited  int               // the next n sends get 429 M_LIMIT_EXCEEDED
	failSync int               // the next n syncs get 502
	down     bool              // every sync gets 502
	created  []map[string]any  // createRoom requests
	joined   []string
	uploads  [][]byte
	power    map[string]map[string]any // room → power levels content
	badToken bool
	logins   int
	nextID   int
	syncs    int
}

// fakeItem is one entry of the event log: a timeline or state event in a
// joined room, or an invitation.
type fakeItem struct {
	room   string
	invite bool
	count  int // joined members when set: the summary in /sync
	event  map[string]any
}

type sentEvent struct {
	room, typ, txn, id string
	content            map[string]any
}

func newFakeHS(t *testing.T) *fakeHS {
	f := &fakeHS{t: t, changed: make(chan struct{}), txns: map[string]string{}, power: map[string]map[string]any{}}
	mux := http.NewServeMux()
	mux.HandleFunc("POST /_matrix/client/v3/login", f.login)
	mux.HandleFunc("GET /_matrix/client/v3/account/whoami", f.auth(func(w http.ResponseWriter, r *http.Request) {
		reply(w, 200, map[string]any{"user_id": botID, "device_id": "DEV"})
	}))
	mux.HandleFunc("GET /_matrix/client/v3/profile/{user}/displayname", f.auth(func(w http.ResponseWriter, r *http.Request) {
		reply(w, 200, map[string]any{"displayname": "Noaber"})
	}))
	mux.HandleFunc("POST /_matrix/client/v3/user/{user}/filter", f.auth(func(w http.ResponseWriter, r *http.Request) {
		reply(w, 200, map[string]any{"filter_id": "f1"})
	}))
	mux.HandleFunc("GET /_matrix/client/v3/sync", f.auth(f.sync))
	mux.HandleFunc("PUT /_matrix/client/v3/rooms/{room}/send/{type}/{txn}", f.auth(f.send))
	mux.HandleFunc("POST /_matrix/client/v3/rooms/{room}/join", f.auth(func(w http.ResponseWriter, r *http.Request) {
		f.mu.Lock()
		f.joined = append(f.joined, r.PathValue("room"))
		f.mu.Unlock()
		reply(w, 200, map[string]any{"room_id": r.PathValue("room")})
	}))
	mux.HandleFunc("POST /_matrix/client/v3/createRoom", f.auth(func(w http.ResponseWriter, r *http.Request) {
		var req map[string]any
		_ = json.NewDecoder(r.Body).Decode(&req)
		f.mu.Lock()
		f.created = append(f.created, req)
		room := fmt.Sprintf("!dm%d:test.org", len(f.created))
		f.mu.Unlock()
		reply(w, 200, map[string]any{"room_id": room})
	}))
	mux.HandleFunc("GET /_matrix/client/v3/rooms/{room}/state/m.room.power_levels/", f.auth(func(w http.ResponseWriter, r *http.Request) {
		f.mu.Lock()
		pl, ok := f.power[r.PathValue("room")]
		f.mu.Unlock()
		if !ok {
			reply(w, 403, map[string]any{"errcode": "M_FORBIDDEN", "error": "not in room"})
			return
		}
		reply(w, 200, pl)
	}))
	mux.HandleFunc("POST /_matrix/media/v3/upload", f.auth(func(w http.ResponseWriter, r *http.Request) {
		b, _ := io.ReadAll(r.Body)
		f.mu.Lock()
		f.uploads = append(f.uploads, b)
		n := len(f.uploads)
		f.mu.Unlock()
		reply(w, 200, map[string]any{"content_uri": fmt.Sprintf("mxc://test.org/file%d", n)})
	}))
	mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		t.Errorf("fake homeserver: unexpected %s %s", r.Method, r.URL.Path)
		reply(w, 404, map[string]any{"errcode": "M_UNRECOGNIZED"})
	})
	f.srv = httptest.NewServer(mux)
	t.Cleanup(f.srv.Close)
	return f
}

func reply(w http.ResponseWriter, code int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(code)
	_ = json.NewEncoder(w).Encode(v)
}

func (f *fakeHS) auth(h http.HandlerFunc) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		f.mu.Lock()
		bad := f.badToken
		f.mu.Unlock()
		if bad || r.Header.Get("Authorization") != "Bearer "+token {
			reply(w, 401, map[string]any{"errcode": "M_UNKNOWN_TOKEN", "error": "unknown token"})
			return
		}
		h(w, r)
	}
}

func (f *fakeHS) login(w http.ResponseWriter, r *http.Request) {
	var req struct {
		Password   string `json:"password"`
		Identifier struct {
			User string `json:"user"`
		} `json:"identifier"`
	}
	_ = json.NewDecoder(r.Body).Decode(&req)
	if req.Password != "pw" || req.Identifier.User != botID {
		reply(w, 403, map[string]any{"errcode": "M_FORBIDDEN", "error": "bad password"})
		return
	}
	f.mu.Lock()
	f.logins++
	f.badToken = false // a fresh token
	f.mu.Unlock()
	reply(w, 200, map[string]any{"user_id": botID, "access_token": token, "device_id": "DEV"})
}

// add appends an item to the log and wakes waiting syncs; it returns the
// event id.
func (f *fakeHS) add(it fakeItem) string {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.nextID++
	evID := fmt.Sprintf("$e%d", f.nextID)
	if it.event != nil {
		if _, ok := it.event["event_id"]; !ok {
			it.event["event_id"] = evID
		}
		it.event["origin_server_ts"] = 1700000000000 + f.nextID
		evID, _ = it.event["event_id"].(string)
	}
	f.log = append(f.log, it)
	close(f.changed)
	f.changed = make(chan struct{})
	return evID
}

// addAll appends items at once, so one /sync returns them together.
func (f *fakeHS) addAll(items ...fakeItem) {
	f.mu.Lock()
	defer f.mu.Unlock()
	for _, it := range items {
		f.nextID++
		it.event["event_id"] = fmt.Sprintf("$e%d", f.nextID)
		it.event["origin_server_ts"] = 1700000000000 + f.nextID
		f.log = append(f.log, it)
	}
	close(f.changed)
	f.changed = make(chan struct{})
}

// say posts a text message from sender in room; extra fields are merged
// into the content. It returns the event id.
func (f *fakeHS) say(room, sender, body string, extra map[string]any) string {
	c := map[string]any{"msgtype": "m.text", "body": body}
	for k, v := range extra {
		c[k] = v
	}
	return f.add(fakeItem{room: room, event: map[string]any{"type": "m.room.message", "sender": sender, "content": c}})
}

// inThread is the content of a reply in the thread under root.
func inThread(root string) map[string]any {
	return map[string]any{"m.relates_to": map[string]any{"rel_type": "m.thread", "event_id": root}}
}

// mention is the content of a message that mentions the bot with a pill.
func mention() map[string]any {
	return map[string]any{"m.mentions": map[string]any{"user_ids": []string{botID}}}
}

// state adds a state event to a joined room.
func (f *fakeHS) state(room, typ, key string, content map[string]any) {
	f.add(fakeItem{room: room, event: map[string]any{"type": typ, "sender": aliceID, "state_key": key, "content": content}})
}

// invite adds an invitation of the bot to room by inviter.
func (f *fakeHS) invite(room, inviter string, direct bool) {
	f.add(fakeItem{room: room, invite: true, event: map[string]any{
		"type": "m.room.member", "sender": inviter, "state_key": botID,
		"content": map[string]any{"membership": "invite", "is_direct": direct},
	}})
}

// members sets the joined member count /sync reports for room.
func (f *fakeHS) members(room string, n int) { f.add(fakeItem{room: room, count: n}) }

func (f *fakeHS) sync(w http.ResponseWriter, r *http.Request) {
	f.mu.Lock()
	f.syncs++
	if f.failSync > 0 || f.down {
		f.failSync = max(f.failSync-1, 0)
		f.mu.Unlock()
		reply(w, 502, map[string]any{"errcode": "M_UNKNOWN"})
		return
	}
	f.mu.Unlock()
	from := 0
	if s := r.URL.Query().Get("since"); s != "" {
		n, err := strconv.Atoi(strings.TrimPrefix(s, "s"))
		if err != nil {
			reply(w, 400, map[string]any{"errcode": "M_INVALID_PARAM"})
			return
		}
		from = n
	}
	timeout, _ := strconv.Atoi(r.URL.Query().Get("timeout"))
	deadline := time.After(time.Duration(timeout) * time.Millisecond)
	for {
		f.mu.Lock()
		items, changed := f.log[min(from, len(f.log)):], f.changed
		to := len(f.log)
		f.mu.Unlock()
		if len(items) > 0 || r.URL.Query().Get("since") == "" {
			reply(w, 200, syncBody(items, to))
			return
		}
		select {
		case <-changed:
		case <-deadline:
			reply(w, 200, syncBody(nil, to))
			return
		case <-r.Context().Done():
			return
		}
	}
}

func syncBody(items []fakeItem, to int) map[string]any {
	join, invite := map[string]any{}, map[string]any{}
	for _, it := range items {
		if it.invite {
			invite[it.room] = map[string]any{"invite_state": map[string]any{"events": []any{it.event}}}
			continue
		}
		j, _ := join[it.room].(map[string]any)
		if j == nil {
			j = map[string]any{"timeline": map[string]any{"events": []any{}}, "state": map[string]any{"events": []any{}}}
			join[it.room] = j
		}
		if it.count > 0 {
			j["summary"] = map[string]any{"m.joined_member_count": it.count}
		}
		if it.event != nil {
			tl := j["timeline"].(map[string]any)
			tl["events"] = append(tl["events"].([]any), it.event)
		}
	}
	return map[string]any{"next_batch": "s" + strconv.Itoa(to), "rooms": map[string]any{"join": join, "invite": invite}}
}

func (f *fakeHS) send(w http.ResponseWriter, r *http.Request) {
	room, typ, txn := r.PathValue("room"), r.PathValue("type"), r.PathValue("txn")
	var c map[string]any
	_ = json.NewDecoder(r.Body).Decode(&c)
	f.mu.Lock()
	f.sendReqs++
	if f.limited > 0 {
		f.limited--
		f.mu.Unlock()
		reply(w, 429, map[string]any{"errcode": "M_LIMIT_EXCEEDED", "error": "slow down", "retry_after_ms": 1500})
		return
	}
	if evID, ok := f.txns[txn]; ok {
		f.mu.Unlock()
		reply(w, 200, map[string]any{"event_id": evID})
		return
	}
	f.mu.Unlock()
	evID := f.add(fakeItem{room: room, event: map[string]any{"type": typ, "sender": botID, "content": c}})
	f.mu.Lock()
	f.txns[txn] = evID
	if typ == "m.reaction" {
		f.reacted = append(f.reacted, sentEvent{room: room, typ: typ, txn: txn, id: evID, content: c})
	} else {
		f.sent = append(f.sent, sentEvent{room: room, typ: typ, txn: txn, id: evID, content: c})
	}
	f.mu.Unlock()
	reply(w, 200, map[string]any{"event_id": evID})
}

// waitSent waits until the bot has sent n events and returns them all.
func (f *fakeHS) waitSent(n int) []sentEvent {
	f.t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for {
		f.mu.Lock()
		sent, changed := append([]sentEvent(nil), f.sent...), f.changed
		f.mu.Unlock()
		if len(sent) >= n {
			return sent
		}
		if time.Now().After(deadline) {
			f.t.Fatalf("the bot sent %d events, want %d: %+v", len(sent), n, sent)
		}
		select {
		case <-changed:
		case <-time.After(50 * time.Millisecond):
		}
	}
}

// sentCount is the number of distinct events the bot sent.
func (f *fakeHS) sentCount() int {
	f.mu.Lock()
	defer f.mu.Unlock()
	return len(f.sent)
}

// waitSyncs waits until the bot made n more sync requests than before,
// proof that it handled everything the earlier ones returned.
func (f *fakeHS) waitSyncs(n int) {
	f.t.Helper()
	f.mu.Lock()
	target := f.syncs + n
	f.mu.Unlock()
	deadline := time.Now().Add(10 * time.Second)
	for {
		f.mu.Lock()
		got := f.syncs
		f.mu.Unlock()
		if got >= target {
			return
		}
		if time.Now().After(deadline) {
			f.t.Fatalf("the bot made %d syncs, want %d", got, target)
		}
		time.Sleep(5 * time.Millisecond)
	}
}
