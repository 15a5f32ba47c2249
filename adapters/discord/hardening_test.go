package discord

import (
	"context"
	"io"
	"log/slog"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/noaber/noaber/bot"
)

// TestUnknownSlashCommandIsAnswered: a command Noaber does not know (one
// registered by an older version) still gets an interaction response, so
// Discord does not show "The application did not respond".
func TestUnknownSlashCommandIsAnswered(t *testing.T) {
	t.Parallel()
	f := newFake(t)
	hs := start(t, f, Config{}, nil)
	f.dispatch("INTERACTION_CREATE", slashEvent("31", "oudcommando", "nl"))
	cb := f.mustWait("POST", "/interactions/31/token-31/callback", 0)
	data, _ := cb.JSON["data"].(map[string]any)
	if cb.JSON["type"] != float64(4) || data["flags"] != float64(64) || !strings.Contains(data["content"].(string), "/hulp") {
		t.Errorf("callback = %v, want an ephemeral message pointing to /hulp", cb.JSON)
	}
	select {
	case in := <-hs.inbound:
		t.Errorf("the core was asked: %+v", in)
	default:
	}
}

// TestFailedDMReplyFollowsOutcome: when the DM cannot be sent (closed
// DMs: 403 code 50007), the user is told so, and not also "I sent you a
// direct message".
func TestFailedDMReplyFollowsOutcome(t *testing.T) {
	t.Parallel()
	f := newFake(t)
	f.setHook(func(w http.ResponseWriter, r request) bool {
		if r.Method == "POST" && r.Path == "/api/v9/channels/"+dmChannel+"/messages" {
			w.Header().Set("Content-Type", "application/json")
			w.WriteHeader(http.StatusForbidden)
			io.WriteString(w, `{"message": "Cannot send messages to this user", "code": 50007}`)
			return true
		}
		return false
	})
	start(t, f, Config{}, func(context.Context, bot.Inbound) []bot.Reply {
		return []bot.Reply{
			{Text: "De deelnemerslijst: …", Visibility: bot.DM},
			{Text: "Ik heb je de deelnemerslijst als privébericht gestuurd.", Visibility: bot.Private, IfDMSent: true},
		}
	})
	f.dispatch("INTERACTION_CREATE", slashEvent("32", "evenement", "nl",
		map[string]any{"name": "tekst", "type": 3, "value": "3 deelnemers"}))
	cb := f.mustWait("POST", "/interactions/32/token-32/callback", 0)
	data, _ := cb.JSON["data"].(map[string]any)
	content, _ := data["content"].(string)
	if !strings.Contains(content, "kon je geen privébericht sturen") {
		t.Errorf("first answer = %q, want the DM failure", content)
	}
	time.Sleep(200 * time.Millisecond)
	for _, r := range f.snapshot() {
		if c, _ := r.JSON["content"].(string); strings.Contains(c, "als privébericht gestuurd") {
			t.Errorf("the user was also told the DM was sent: %s %s", r.Method, r.Path)
		}
	}
}

// TestDeferWithinOneSecond: the answer is deferred after at most a
// second, leaving time for a slow network and a retried callback within
// Discord's three.
func TestDeferWithinOneSecond(t *testing.T) {
	a := newAdapter(Config{}, nil, nil, nil)
	if a.deferAfter > time.Second {
		t.Errorf("deferAfter = %v, want at most 1s", a.deferAfter)
	}
}

// TestCallbackRetriedOnServerError: a 5xx on the interaction callback is
// retried once within Discord's window.
func TestCallbackRetriedOnServerError(t *testing.T) {
	t.Parallel()
	f := newFake(t)
	failed := false
	f.setHook(func(w http.ResponseWriter, r request) bool {
		if r.Method == "POST" && strings.HasSuffix(r.Path, "/callback") && !failed {
			failed = true
			w.WriteHeader(http.StatusInternalServerError)
			io.WriteString(w, `{"message": "500: Internal Server Error", "code": 0}`)
			return true
		}
		return false
	})
	start(t, f, Config{}, nil)
	f.dispatch("INTERACTION_CREATE", slashEvent("33", "hulp", "nl"))
	f.mustWait("POST", "/interactions/33/token-33/callback", 1)
	f.mu.Lock()
	acked := f.acked["33"]
	f.mu.Unlock()
	if !acked {
		t.Error("the retried callback did not acknowledge the interaction")
	}
}

// TestClickCarriesTheUsersLocale: the core gets the clicking user's
// Discord locale, to answer in it when no language was chosen.
func TestClickCarriesTheUsersLocale(t *testing.T) {
	t.Parallel()
	f := newFake(t)
	hs := start(t, f, Config{}, nil)
	ev := buttonClick("34", "events:rsvp:7")
	ev["locale"] = "en-GB"
	f.dispatch("INTERACTION_CREATE", ev)
	if in := hs.nextInbound(t); in.Lang != bot.EN {
		t.Errorf("inbound language %q, want en", in.Lang)
	}
}

// TestFatalCloseCodeStopsTheAdapter: a token revoked while running
// (close 4004) stops the adapter with an error and a health detail that
// names the token, instead of discordgo retrying for up to ten minutes.
func TestFatalCloseCodeStopsTheAdapter(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		code int
		want string
	}{{4004, "token"}, {4014, "intent"}} {
		f := newFake(t)
		logs := &logBuffer{}
		a, err := New(Config{Enabled: true, Token: "test-token", APIURL: f.srv.URL},
			Deps{Log: slog.New(slog.NewTextHandler(logs, nil))})
		if err != nil {
			t.Fatal(err)
		}
		ctx, cancel := context.WithCancel(context.Background())
		defer cancel()
		done := make(chan error, 1)
		go func() {
			done <- a.Run(ctx, bot.HandlerFunc(func(context.Context, bot.Inbound) []bot.Reply { return nil }))
		}()
		hs := &harness{f: f, a: a, logs: logs}
		hs.waitHealth(t, true)
		f.refuseIdentify(tc.code) // the reconnect would be refused again
		f.closeWith(tc.code, "refused")
		select {
		case err := <-done:
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("close %d: Run returned %v, want an error about the %s", tc.code, err, tc.want)
			}
		case <-time.After(10 * time.Second):
			t.Fatalf("close %d: Run still running; health %+v", tc.code, a.Health())
		}
		if h := a.Health(); h.Connected || !strings.Contains(h.Detail, tc.want) {
			t.Errorf("close %d: health %+v, want a detail about the %s", tc.code, h, tc.want)
		}
		n := f.identifyCount()
		time.Sleep(1500 * time.Millisecond)
		if m := f.identifyCount(); m != n {
			t.Errorf("close %d: %d identifies after the adapter stopped", tc.code, m-n)
		}
	}
}

// TestCloseWatcherParsesSplitFrames: the close code is found however the
// bytes are cut into reads, after the HTTP answer and other frames.
func TestCloseWatcherParsesSplitFrames(t *testing.T) {
	stream := []byte("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\n\r\n")
	stream = append(stream, 0x81, 5, 'h', 'e', 'l', 'l', 'o')                  // text, 5 bytes
	stream = append(stream, 0x81, 126, 0x01, 0x00)                             // text, 256 bytes
	stream = append(stream, make([]byte, 256)...)                              //
	stream = append(stream, 0x89, 0)                                           // ping, empty
	stream = append(stream, 0x88, 4, byte(4014>>8), byte(4014&0xff), 'x', 'y') // close 4014
	for _, chunk := range []int{1, 2, 3, 7, 64, len(stream)} {
		var got []int
		w := &closeWatcher{onClose: func(c int) { got = append(got, c) }}
		for i := 0; i < len(stream); i += chunk {
			w.feed(stream[i:min(i+chunk, len(stream))])
		}
		if len(got) != 1 || got[0] != 4014 {
			t.Errorf("chunks of %d: close codes %v, want [4014]", chunk, got)
		}
	}
}

// TestGatewayOpcodes: op 7 (reconnect) is followed by a resume with the
// right session and sequence; op 9 (invalid session) by a new identify.
// discordgo v0.29.0 ignores resume_gateway_url and identifies at once
// after op 9 (Discord asks for a 1–5 s wait): the fake records both, and
// the README says so.
func TestGatewayOpcodes(t *testing.T) {
	t.Parallel()
	f := newFake(t)
	hs := start(t, f, Config{}, nil)
	f.dispatch("MESSAGE_CREATE", mentionMessage("m1", "<@1000> hallo"))
	hs.nextInbound(t)

	resumes := f.resumeCount()
	f.sendOp(7, nil)
	deadline := time.Now().Add(10 * time.Second)
	for f.resumeCount() == resumes && time.Now().Before(deadline) {
		time.Sleep(10 * time.Millisecond)
	}
	f.mu.Lock()
	bad, viaURL := f.badResumes, f.resumesViaResumeURL
	f.mu.Unlock()
	if f.resumeCount() != resumes+1 || bad != 0 {
		t.Fatalf("after op 7: %d resumes, %d refused; want one good resume", f.resumeCount()-resumes, bad)
	}
	t.Logf("resumes through resume_gateway_url: %d (discordgo v0.29.0 does not use it)", viaURL)
	hs.waitHealth(t, true)

	ids := f.identifyCount()
	f.sendOp(9, false)
	for f.identifyCount() == ids && time.Now().Before(deadline.Add(10*time.Second)) {
		time.Sleep(10 * time.Millisecond)
	}
	if f.identifyCount() != ids+1 {
		t.Fatalf("after op 9: %d identifies, want 1", f.identifyCount()-ids)
	}
	f.mu.Lock()
	wait := f.identifyAfterOp9
	f.mu.Unlock()
	t.Logf("identify %v after op 9 (Discord asks for 1–5 s)", wait)
	hs.waitHealth(t, true)
	f.dispatch("MESSAGE_CREATE", mentionMessage("m2", "<@1000> nog daar?"))
	hs.nextInbound(t)
}

// FuzzCloseWatcher: whatever the gateway sends, parsing never panics and
// bytes pass through unchanged.
func FuzzCloseWatcher(f *testing.F) {
	f.Add([]byte("HTTP/1.1 101 OK\r\n\r\n\x88\x02\x0f\xa4"), 3)
	f.Add([]byte("HTTP/1.1 101 OK\r\n\r\n\x81\x7f\xff\xff\xff\xff\xff\xff\xff\xff"), 1)
	f.Fuzz(func(t *testing.T, stream []byte, chunk int) {
		if chunk <= 0 || chunk > 64 {
			chunk = 7
		}
		w := &closeWatcher{onClose: func(int) {}}
		for i := 0; i < len(stream); i += chunk {
			w.feed(stream[i:min(i+chunk, len(stream))])
		}
	})
}
