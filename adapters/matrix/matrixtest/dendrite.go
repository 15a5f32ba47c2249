// Package matrixtest starts a real Matrix homeserver (Dendrite, SQLite,
// federation off, on loopback) for integration tests, and speaks the
// client-server API for the test's human users with plain HTTP, so the
// bot's SDK is not also the judge of its own traffic.
//
// The Dendrite binaries (dendrite, generate-config, generate-keys) come
// from the folder in NOABER_DENDRITE_BIN, which .ci/run fills with
// `go install github.com/matrix-org/dendrite/cmd/…@v0.13.8`; outside CI the
// default cache folder is tried too. Start skips the test with a clear
// message when NOABER_NO_INTEGRATION=1, or when the binaries are missing
// outside CI; in CI (CI=true) a missing or broken Dendrite fails the test.
package matrixtest

import (
	"bytes"
	"context"
	"crypto/hmac"
	"crypto/sha1"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
	"time"
)

// Version is the Dendrite release .ci/run installs.
const Version = "v0.13.8"

// ServerName is the homeserver's name: users are @name:localhost.
const ServerName = "localhost"

// sharedSecret allows registering users through the admin API; the server
// listens on loopback only.
const sharedSecret = "noaber-integration-test"

// Server is a running Dendrite.
type Server struct {
	// URL is the client-server API base, http://127.0.0.1:<port>.
	URL string

	t    testing.TB
	bin  string
	dir  string
	addr string
	cmd  *exec.Cmd
	done chan struct{}
}

// BinDir returns the folder with the Dendrite binaries, or "" and why not.
func BinDir() (string, string) {
	dir := os.Getenv("NOABER_DENDRITE_BIN")
	if dir == "" {
		base, err := os.UserCacheDir()
		if err != nil {
			return "", "NOABER_DENDRITE_BIN is not set"
		}
		dir = filepath.Join(base, "noaber", "dendrite-"+Version, "bin")
	}
	for _, b := range []string{"dendrite", "generate-config", "generate-keys"} {
		if st, err := os.Stat(filepath.Join(dir, b)); err != nil || st.Mode()&0o111 == 0 {
			return "", fmt.Sprintf("no %s in %s (NOABER_DENDRITE_BIN); .ci/run installs it", b, dir)
		}
	}
	return dir, ""
}

// Start configures and starts a Dendrite in a temporary folder, or skips
// (fails, in CI) the test when it cannot.
func Start(t testing.TB) *Server {
	t.Helper()
	if os.Getenv("NOABER_NO_INTEGRATION") == "1" {
		t.Skip("integration test against a real Dendrite skipped: NOABER_NO_INTEGRATION=1")
	}
	bin, why := BinDir()
	if bin == "" {
		if os.Getenv("CI") == "true" {
			t.Fatalf("CI needs Dendrite for the Matrix integration test: %s", why)
		}
		t.Skipf("integration test against a real Dendrite skipped: %s (or set NOABER_NO_INTEGRATION=1 to skip it on purpose)", why)
	}
	dir := t.TempDir()
	gen := exec.Command(filepath.Join(bin, "generate-config"), "-ci", "-dir", dir, "-server", ServerName)
	cfg, err := gen.Output()
	if err != nil {
		t.Fatalf("dendrite generate-config: %v", err)
	}
	key := filepath.Join(dir, "matrix_key.pem")
	if out, err := exec.Command(filepath.Join(bin, "generate-keys"), "--private-key", key).CombinedOutput(); err != nil {
		t.Fatalf("dendrite generate-keys: %v: %s", err, out)
	}
	yaml := string(cfg)
	for old, repl := range map[string]string{
		"  private_key: matrix_key.pem":                   "  private_key: " + key,
		"  disable_federation: false":                     "  disable_federation: true",
		"enable_inbound: true":                            "enable_inbound: false",
		"enable_outbound: true":                           "enable_outbound: false",
		"    in_memory: true\n    disable_tls_validation": "    in_memory: false\n    disable_tls_validation", // JetStream on disk: it survives a restart
		"guests_disabled: false":                          "guests_disabled: true",
		"registration_disabled: false":                    "registration_disabled: true",
		"registration_shared_secret: complement":          "registration_shared_secret: " + sharedSecret,
		"  level: trace":                                  "  level: warn",
	} {
		if !strings.Contains(yaml, old) {
			t.Fatalf("dendrite generate-config output lacks %q; is it %s?", old, Version)
		}
		yaml = strings.Replace(yaml, old, repl, 1)
	}
	if err := os.WriteFile(filepath.Join(dir, "dendrite.yaml"), []byte(yaml), 0o600); err != nil {
		t.Fatal(err)
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close()
	s := &Server{URL: "http://" + addr, t: t, bin: bin, dir: dir, addr: addr}
	s.start()
	t.Cleanup(s.Stop)
	return s
}

func (s *Server) start() {
	s.t.Helper()
	logf, err := os.OpenFile(filepath.Join(s.dir, "dendrite.log"), os.O_CREATE|os.O_APPEND|os.O_WRONLY, 0o600)
	if err != nil {
		s.t.Fatal(err)
	}
	cmd := exec.Command(filepath.Join(s.bin, "dendrite"), "-config", filepath.Join(s.dir, "dendrite.yaml"), "-http-bind-address", s.addr)
	cmd.Dir, cmd.Stdout, cmd.Stderr = s.dir, logf, logf
	if err := cmd.Start(); err != nil {
		logf.Close()
		s.t.Fatalf("start dendrite: %v", err)
	}
	done := make(chan struct{})
	go func() { _ = cmd.Wait(); logf.Close(); close(done) }()
	s.cmd, s.done = cmd, done
	deadline := time.Now().Add(60 * time.Second)
	for {
		resp, err := http.Get(s.URL + "/_matrix/client/versions")
		if err == nil {
			resp.Body.Close()
			if resp.StatusCode == 200 {
				return
			}
		}
		select {
		case <-done:
			s.t.Fatalf("dendrite exited at start:\n%s", s.Log())
		default:
		}
		if time.Now().After(deadline) {
			s.t.Fatalf("dendrite did not answer within a minute:\n%s", s.Log())
		}
		time.Sleep(100 * time.Millisecond)
	}
}

// Log returns the tail of Dendrite's log, for failure messages.
func (s *Server) Log() string {
	b, _ := os.ReadFile(filepath.Join(s.dir, "dendrite.log"))
	if len(b) > 4000 {
		b = b[len(b)-4000:]
	}
	return string(b)
}

// Stop ends Dendrite (SIGTERM, then SIGKILL) and waits for it.
func (s *Server) Stop() {
	if s.cmd == nil {
		return
	}
	_ = s.cmd.Process.Signal(os.Interrupt)
	select {
	case <-s.done:
	case <-time.After(15 * time.Second):
		_ = s.cmd.Process.Kill()
		<-s.done
	}
	s.cmd = nil
}

// Restart stops Dendrite and starts it again on the same port and data.
func (s *Server) Restart() {
	s.t.Helper()
	s.Stop()
	s.start()
}

// Register creates an account through the shared-secret admin API
// (/_synapse/admin/v1/register, which Synapse has too) and returns it
// logged in.
func (s *Server) Register(localpart, password string, admin bool) *User {
	s.t.Helper()
	var nonce struct {
		Nonce string `json:"nonce"`
	}
	s.call(http.MethodGet, "/_synapse/admin/v1/register", "", nil, &nonce)
	role := "notadmin"
	if admin {
		role = "admin"
	}
	mac := hmac.New(sha1.New, []byte(sharedSecret))
	mac.Write([]byte(nonce.Nonce + "\x00" + localpart + "\x00" + password + "\x00" + role))
	var reg struct {
		UserID      string `json:"user_id"`
		AccessToken string `json:"access_token"`
	}
	s.call(http.MethodPost, "/_synapse/admin/v1/register", "", map[string]any{
		"nonce": nonce.Nonce, "username": localpart, "password": password, "admin": admin,
		"mac": hex.EncodeToString(mac.Sum(nil)),
	}, &reg)
	if reg.AccessToken == "" {
		s.t.Fatalf("register %s: no access token", localpart)
	}
	return &User{ID: reg.UserID, Token: reg.AccessToken, s: s}
}

// call makes one client-server request and decodes the JSON answer; a
// status other than 200 fails the test.
func (s *Server) call(method, path, token string, body, out any) {
	s.t.Helper()
	if code, raw := s.Do(method, path, token, body, out); code != 200 {
		s.t.Fatalf("%s %s: %d %s", method, path, code, raw)
	}
}

// Do makes one client-server request, decodes a JSON answer into out (when
// not nil) and returns the status and the raw body.
func (s *Server) Do(method, path, token string, body, out any) (int, string) {
	s.t.Helper()
	var rd io.Reader
	if body != nil {
		b, _ := json.Marshal(body)
		rd = bytes.NewReader(b)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, method, s.URL+path, rd)
	if err != nil {
		s.t.Fatal(err)
	}
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	req.Header.Set("Content-Type", "application/json")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return 0, err.Error()
	}
	defer resp.Body.Close()
	raw, _ := io.ReadAll(resp.Body)
	if out != nil && resp.StatusCode == 200 {
		if err := json.Unmarshal(raw, out); err != nil {
			s.t.Fatalf("%s %s: %v", method, path, err)
		}
	}
	return resp.StatusCode, string(raw)
}

// User is a person on the test homeserver.
type User struct {
	ID    string
	Token string
	s     *Server
	txn   atomic.Int64
	since string
}

// Event is a client-format event.
type Event struct {
	ID       string         `json:"event_id"`
	Type     string         `json:"type"`
	Sender   string         `json:"sender"`
	StateKey *string        `json:"state_key"`
	Content  map[string]any `json:"content"`
}

// Body is the event's plain text body.
func (e Event) Body() string { s, _ := e.Content["body"].(string); return s }

// HTML is the event's formatted body.
func (e Event) HTML() string { s, _ := e.Content["formatted_body"].(string); return s }

// ThreadRoot is the root of the thread the event is in, or "".
func (e Event) ThreadRoot() string {
	rel, _ := e.Content["m.relates_to"].(map[string]any)
	if rel["rel_type"] != "m.thread" {
		return ""
	}
	s, _ := rel["event_id"].(string)
	return s
}

// CreateRoom creates a private room and invites users.
func (u *User) CreateRoom(invite ...string) string {
	u.s.t.Helper()
	var r struct {
		RoomID string `json:"room_id"`
	}
	u.s.call(http.MethodPost, "/_matrix/client/v3/createRoom", u.Token, map[string]any{"preset": "private_chat", "invite": invite}, &r)
	return r.RoomID
}

// Join joins a room the user was invited to.
func (u *User) Join(room string) {
	u.s.t.Helper()
	u.s.call(http.MethodPost, "/_matrix/client/v3/rooms/"+url.PathEscape(room)+"/join", u.Token, map[string]any{}, nil)
}

// Send posts an m.room.message with content and returns its event id.
func (u *User) Send(room string, content map[string]any) string {
	u.s.t.Helper()
	var r struct {
		EventID string `json:"event_id"`
	}
	txn := fmt.Sprintf("t%d-%d", time.Now().UnixNano(), u.txn.Add(1))
	u.s.call(http.MethodPut, "/_matrix/client/v3/rooms/"+url.PathEscape(room)+"/send/m.room.message/"+txn, u.Token, content, &r)
	return r.EventID
}

// React puts a reaction (an m.annotation with key) on an event and
// returns its event id.
func (u *User) React(room, eventID, key string) string {
	u.s.t.Helper()
	var r struct {
		EventID string `json:"event_id"`
	}
	txn := fmt.Sprintf("r%d-%d", time.Now().UnixNano(), u.txn.Add(1))
	u.s.call(http.MethodPut, "/_matrix/client/v3/rooms/"+url.PathEscape(room)+"/send/m.reaction/"+txn, u.Token,
		map[string]any{"m.relates_to": map[string]any{"rel_type": "m.annotation", "event_id": eventID, "key": key}}, &r)
	return r.EventID
}

// Say posts text, optionally mentioning userIDs (a pill, as Element sends
// it) and optionally in the thread under root; it returns the event id.
func (u *User) Say(room, text, root string, mention ...string) string {
	c := map[string]any{"msgtype": "m.text", "body": text}
	if len(mention) > 0 {
		c["m.mentions"] = map[string]any{"user_ids": mention}
	}
	if root != "" {
		c["m.relates_to"] = map[string]any{"rel_type": "m.thread", "event_id": root, "is_falling_back": true, "m.in_reply_to": map[string]any{"event_id": root}}
	}
	return u.Send(room, c)
}

// Messages returns the room's latest messages, oldest first.
func (u *User) Messages(room string) []Event {
	u.s.t.Helper()
	var r struct {
		Chunk []Event `json:"chunk"`
	}
	u.s.call(http.MethodGet, "/_matrix/client/v3/rooms/"+url.PathEscape(room)+"/messages?dir=b&limit=200", u.Token, nil, &r)
	out := make([]Event, 0, len(r.Chunk))
	for i := len(r.Chunk) - 1; i >= 0; i-- {
		out = append(out, r.Chunk[i])
	}
	return out
}

// WaitMessage polls the room until an m.room.message that came after the
// event after ("" for any) matches ok, or fails the test after within.
func (u *User) WaitMessage(room, after string, within time.Duration, what string, ok func(Event) bool) Event {
	u.s.t.Helper()
	deadline := time.Now().Add(within)
	for {
		seen := after == ""
		for _, e := range u.Messages(room) {
			if seen && e.Type == "m.room.message" && ok(e) {
				return e
			}
			seen = seen || e.ID == after
		}
		if time.Now().After(deadline) {
			var bodies []string
			for _, e := range u.Messages(room) {
				if e.Type == "m.room.message" {
					bodies = append(bodies, e.Sender+": "+e.Body())
				}
			}
			u.s.t.Fatalf("no %s within %v; the room holds:\n%s", what, within, strings.Join(bodies, "\n---\n"))
		}
		time.Sleep(200 * time.Millisecond)
	}
}

// WaitInvite syncs until the user is invited to a room and returns it.
func (u *User) WaitInvite(within time.Duration) string {
	u.s.t.Helper()
	deadline := time.Now().Add(within)
	for time.Now().Before(deadline) {
		var r struct {
			NextBatch string `json:"next_batch"`
			Rooms     struct {
				Invite map[string]any `json:"invite"`
			} `json:"rooms"`
		}
		path := "/_matrix/client/v3/sync?timeout=2000"
		if u.since != "" {
			path += "&since=" + url.QueryEscape(u.since)
		}
		u.s.call(http.MethodGet, path, u.Token, nil, &r)
		u.since = r.NextBatch
		for room := range r.Rooms.Invite {
			return room
		}
	}
	u.s.t.Fatalf("%s got no invitation within %v", u.ID, within)
	return ""
}

// Members returns the joined members of a room.
func (u *User) Members(room string) []string {
	u.s.t.Helper()
	var r struct {
		Joined map[string]any `json:"joined"`
	}
	u.s.call(http.MethodGet, "/_matrix/client/v3/rooms/"+url.PathEscape(room)+"/joined_members", u.Token, nil, &r)
	var out []string
	for id := range r.Joined {
		out = append(out, id)
	}
	return out
}
