package main

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/noaber/noaber/adapters/matrix/matrixtest"
)

// TestMatrixAgainstDendrite runs `noaber serve` with a [matrix] section
// against a real Dendrite: the bot joins on invitation, answers a mention
// in a thread with sources, runs a check answered by typing numbers,
// delivers a reminder by direct message, answers once what was said while
// it was stopped, and reconnects after the homeserver restarts.
func TestMatrixAgainstDendrite(t *testing.T) {
	hs := matrixtest.Start(t)
	botUser := hs.Register("noaber", "bot-password-1", false)
	alice := hs.Register("alice", "alice-password-1", false)
	bob := hs.Register("bob", "bob-password-1", false)

	dir := t.TempDir()
	extra := fmt.Sprintf(`
[matrix]
enabled = true
homeserver = %q
user_id = %q
allowed_servers = [%q]
sync_timeout = "5s"
max_backoff = "2s"

[matrix.roles]
admin = [%q]
`, hs.URL, botUser.ID, matrixtest.ServerName, alice.ID)
	cfgPath, _, base := opsConfig(t, dir, extra)
	t.Setenv("NOABER_MATRIX_TOKEN", botUser.Token)

	serve := func() (stop func()) {
		ctx, cancel := context.WithCancel(context.Background())
		var out, errb lockedBuffer
		done := make(chan int, 1)
		go func() { done <- run(ctx, []string{"serve", "--config", cfgPath}, strings.NewReader(""), &out, &errb) }()
		return func() {
			cancel()
			select {
			case code := <-done:
				if code != 0 {
					t.Errorf("serve exited with %d: %s", code, errb.String())
				}
			case <-time.After(30 * time.Second):
				t.Fatalf("serve did not stop: %s", errb.String())
			}
		}
	}
	ready := func(want bool, within time.Duration) {
		t.Helper()
		deadline := time.Now().Add(within)
		for {
			var st struct {
				Ready    bool `json:"ready"`
				Adapters map[string]struct {
					Connected bool `json:"connected"`
				} `json:"adapters"`
			}
			if resp, err := http.Get(base + "/readyz"); err == nil {
				_ = json.NewDecoder(resp.Body).Decode(&st)
				resp.Body.Close()
				if st.Adapters["matrix"].Connected == want && st.Ready == want {
					return
				}
			}
			if time.Now().After(deadline) {
				t.Fatalf("/readyz did not report matrix connected=%v within %v\ndendrite log:\n%s", want, within, hs.Log())
			}
			time.Sleep(100 * time.Millisecond)
		}
	}
	stop := serve()
	defer func() { stop() }()
	ready(true, 30*time.Second)

	// A room on the allowed server: the bot joins on invitation.
	room := alice.CreateRoom(botUser.ID, bob.ID)
	bob.Join(room)
	deadline := time.Now().Add(30 * time.Second)
	for !slices.Contains(alice.Members(room), botUser.ID) {
		if time.Now().After(deadline) {
			t.Fatalf("the bot did not join; members %v", alice.Members(room))
		}
		time.Sleep(100 * time.Millisecond)
	}

	fromBotIn := func(root string) func(matrixtest.Event) bool {
		return func(e matrixtest.Event) bool { return e.Sender == botUser.ID && e.ThreadRoot() == root }
	}

	// A question: the answer comes in a thread under it, with sources.
	q1 := alice.Say(room, "Noaber: wat is de Europese drempel voor diensten?", "", botUser.ID)
	ans := alice.WaitMessage(room, q1, 60*time.Second, "threaded answer", fromBotIn(q1))
	if !strings.Contains(ans.HTML(), `<a href="https://`) || ans.Content["format"] != "org.matrix.custom.html" {
		t.Errorf("answer without linked sources: %q", ans.HTML())
	}
	if !strings.Contains(ans.Body(), "drempel") || strings.Contains(ans.Body(), "**") {
		t.Errorf("plain body %q", ans.Body())
	}

	// A check in the same thread, answered by typing numbers.
	c1 := alice.Say(room, "check subsidie_of_opdracht", q1)
	alice.WaitMessage(room, c1, 30*time.Second, "first check question", func(e matrixtest.Event) bool {
		return fromBotIn(q1)(e) && strings.Contains(e.Body(), "Vraag 1.") && strings.Contains(e.Body(), "[1] Ja  [2] Nee")
	})
	c2 := alice.Say(room, "1", q1)
	alice.WaitMessage(room, c2, 30*time.Second, "second check question after typing 1", func(e matrixtest.Event) bool {
		return fromBotIn(q1)(e) && strings.Contains(e.Body(), "Vraag 2.")
	})

	c3 := alice.Say(room, "4", q1) // [4] Stop
	alice.WaitMessage(room, c3, 30*time.Second, "check stopped by typing 4", func(e matrixtest.Event) bool {
		return fromBotIn(q1)(e) && !strings.Contains(e.Body(), "Vraag")
	})

	// A reminder by direct message: Alice (admin by [matrix.roles]) makes
	// a deadline, Bob follows it and gets the reminder in a direct room.
	d1 := alice.Say(room, "deadline nieuw over 40 seconden | Integratietest | herinner 30s", q1)
	alice.WaitMessage(room, d1, 30*time.Second, "deadline confirmation", func(e matrixtest.Event) bool {
		return fromBotIn(q1)(e) && strings.Contains(e.Body(), "Opgeslagen als deadline 1")
	})
	q2 := bob.Say(room, "Noaber: volg 1", "", botUser.ID)
	bob.WaitMessage(room, q2, 30*time.Second, "follow confirmation", fromBotIn(q2))
	// The deadline as an iCalendar file, from the media repository.
	q5 := bob.Say(room, "Noaber: deadline 1", "", botUser.ID)
	file := bob.WaitMessage(room, q5, 30*time.Second, "calendar file", func(e matrixtest.Event) bool {
		return fromBotIn(q5)(e) && e.Content["msgtype"] == "m.file"
	})
	if u, _ := file.Content["url"].(string); !strings.HasPrefix(u, "mxc://") || file.Body() != "deadline-1.ics" {
		t.Errorf("file event %v", file.Content)
	} else if code, ics := hs.Do(http.MethodGet, "/_matrix/media/v3/download/"+strings.TrimPrefix(u, "mxc://"), bob.Token, nil, nil); code != 200 || !strings.Contains(ics, "BEGIN:VCALENDAR") {
		t.Errorf("download %s: %d %.200s", u, code, ics)
	}

	dm := bob.WaitInvite(60 * time.Second)
	bob.Join(dm)
	bob.WaitMessage(dm, "", 60*time.Second, "reminder by direct message", func(e matrixtest.Event) bool {
		return e.Sender == botUser.ID && strings.Contains(e.Body(), "Herinnering") && strings.Contains(e.Body(), "Integratietest")
	})

	// Stopped, a user posts; after the restart the bot answers that once.
	stop()
	q3 := alice.Say(room, "Noaber: wat is maatschappelijk aanbesteden?", "", botUser.ID)
	stop = serve()
	ready(true, 30*time.Second)
	alice.WaitMessage(room, q3, 60*time.Second, "answer to what was said while the bot was away", fromBotIn(q3))
	time.Sleep(3 * time.Second) // time for a wrong second answer to show
	count := func(root string) int {
		n := 0
		for _, e := range alice.Messages(room) {
			if e.Type == "m.room.message" && fromBotIn(root)(e) {
				n++
			}
		}
		return n
	}
	if n := count(q3); n != 1 {
		t.Errorf("%d answers to the message said while away, want 1", n)
	}

	// The homeserver restarts: /readyz shows it, and the bot reconnects.
	before := count(q1)
	hs.Stop()
	ready(false, 60*time.Second)
	hs.Restart()
	ready(true, 60*time.Second)
	q4 := alice.Say(room, "Noaber: hulp", "", botUser.ID)
	alice.WaitMessage(room, q4, 60*time.Second, "answer after the homeserver restarted", fromBotIn(q4))
	if after := count(q1); after != before {
		t.Errorf("the first thread got %d more answers after the restarts: history replayed", after-before)
	}
	if b, err := os.ReadFile(filepath.Join(dir, "data", "noaber.db")); err == nil && strings.Contains(string(b), botUser.Token) {
		t.Error("the access token is stored in the database")
	}
}
