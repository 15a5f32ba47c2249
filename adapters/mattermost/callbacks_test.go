package mattermost

import (
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/url"
	"testing"
	"time"

	"github.com/mattermost/mattermost/server/public/model"

	"github.com/noaber/noaber/bot"
)

// A standby instance answers the slash command without the websocket:
// ServeCallbacks alone hands it to the handler, and a reply by direct
// message goes out over REST from the bot's account.
func TestCallbacksServedWithoutWebsocket(t *testing.T) {
	f := newFakeServer(t)
	ch := f.addChannel(model.ChannelTypeOpen)
	alice := f.addUser("alice", "system_user")
	a, err := New(testConfig(f), Deps{Log: slog.New(slog.NewTextHandler(io.Discard, nil))})
	if err != nil {
		t.Fatal(err)
	}
	a.minBackoff = 10 * time.Millisecond
	form := url.Values{"token": {"cmd-token"}, "user_id": {alice}, "user_name": {"alice"}, "channel_id": {ch},
		"channel_name": {"town-square"}, "team_id": {model.NewId()}, "text": {"aanmelden 1"}}

	// Neither Run nor ServeCallbacks: not served.
	if w := postCommand(t, a, form, ""); w.Code != http.StatusServiceUnavailable {
		t.Fatalf("before ServeCallbacks: %d, want 503", w.Code)
	}

	rec := newRecorder()
	rec.setReply(func(in bot.Inbound) []bot.Reply {
		return []bot.Reply{{Text: "Je staat op de lijst.", Visibility: bot.DM}}
	})
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- a.ServeCallbacks(ctx, rec) }()
	deadline := time.Now().Add(10 * time.Second)
	for {
		if id, _ := a.self(); id != "" {
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("ServeCallbacks did not learn the bot's account")
		}
		time.Sleep(5 * time.Millisecond)
	}
	if w := postCommand(t, a, form, ""); w.Code != http.StatusOK {
		t.Fatalf("command on a standby: %d %s", w.Code, w.Body)
	}
	if in := rec.next(t); in.Text != "aanmelden 1" {
		t.Fatalf("inbound %+v", in)
	}
	p := f.nextCreated()
	if p.Message != "Je staat op de lijst." || p.UserId != f.bot.Id {
		t.Fatalf("DM post %+v", p)
	}
	f.mu.Lock()
	sockets := len(f.conns)
	f.mu.Unlock()
	if sockets != 0 {
		t.Fatal("ServeCallbacks opened a websocket")
	}
	if a.Health().Connected {
		t.Fatal("health says connected without a websocket")
	}
	cancel()
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	if w := postCommand(t, a, form, ""); w.Code != http.StatusServiceUnavailable {
		t.Fatalf("after ServeCallbacks ended: %d, want 503", w.Code)
	}
}

// A refused token ends ServeCallbacks with the error, as it ends Run.
func TestCallbacksRefusedToken(t *testing.T) {
	f := newFakeServer(t)
	cfg := testConfig(f)
	cfg.Token = "wrong"
	a, err := New(cfg, Deps{Log: slog.New(slog.NewTextHandler(io.Discard, nil))})
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if err := a.ServeCallbacks(ctx, newRecorder()); err == nil || ctx.Err() != nil {
		t.Fatalf("ServeCallbacks with a refused token: %v", err)
	}
}
