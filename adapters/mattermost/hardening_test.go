package mattermost

import (
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/mattermost/mattermost/server/public/model"

	"github.com/noaber/noaber/bot"
	"github.com/noaber/noaber/units"
)

// memMarks is Marks in memory, standing in for the database.
type memMarks struct {
	mu sync.Mutex
	m  map[string]time.Time
}

func (m *memMarks) Mark(key string) (time.Time, bool, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	t, ok := m.m[key]
	return t, ok, nil
}

func (m *memMarks) SetMark(key string, t time.Time) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.m == nil {
		m.m = map[string]time.Time{}
	}
	m.m[key] = t
	return nil
}

// runAdapter runs an adapter with deps until stop is called.
func runAdapter(t *testing.T, f *fakeServer, mutate func(*Config), deps Deps, adjust ...func(*Adapter)) (a *Adapter, rec *recorder, stop func()) {
	t.Helper()
	cfg := testConfig(f)
	if mutate != nil {
		mutate(&cfg)
	}
	if deps.Log == nil {
		deps.Log = slog.New(slog.NewTextHandler(io.Discard, nil))
	}
	a, err := New(cfg, deps)
	if err != nil {
		t.Fatal(err)
	}
	a.minBackoff = 10 * time.Millisecond
	for _, f := range adjust {
		f(a)
	}
	rec = newRecorder()
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() { a.Run(ctx, rec); close(done) }()
	var once sync.Once
	stop = func() {
		once.Do(func() {
			cancel()
			select {
			case <-done:
			case <-time.After(10 * time.Second):
				t.Error("Run did not return")
			}
		})
	}
	t.Cleanup(stop)
	waitConnected(t, a)
	return a, rec, stop
}

// TestStartCatchesUpFromStoredMark: posts sent while Noaber was stopped are
// answered at the next start, each once, and none older than 24 hours.
func TestStartCatchesUpFromStoredMark(t *testing.T) {
	f := newFakeServer(t)
	dm := f.addChannel(model.ChannelTypeDirect)
	alice := f.addUser("alice", "system_user")
	marks := &memMarks{}

	// First start ever: no mark, no catch-up of history.
	f.store(&model.Post{UserId: alice, ChannelId: dm, Message: "oud, van voor de eerste start"})
	_, rec, stop := runAdapter(t, f, nil, Deps{Marks: marks})
	rec.none(t, 200*time.Millisecond)
	f.userPost(alice, dm, "", "eerste vraag", false)
	if in := rec.next(t); in.Text != "eerste vraag" {
		t.Fatalf("live: %q", in.Text)
	}
	f.nextCreated()
	deadline := time.Now().Add(5 * time.Second)
	for {
		if _, ok, _ := marks.Mark(markKey); ok || time.Now().After(deadline) {
			break
		}
		time.Sleep(5 * time.Millisecond)
	}
	stop()

	// While stopped: one post now, one from two days ago.
	f.store(&model.Post{UserId: alice, ChannelId: dm, Message: "eergisteren", CreateAt: model.GetMillis() - 48*3600*1000})
	time.Sleep(5 * time.Millisecond)
	f.store(&model.Post{UserId: alice, ChannelId: dm, Message: "terwijl je weg was"})

	_, rec2, stop2 := runAdapter(t, f, nil, Deps{Marks: marks})
	if in := rec2.next(t); in.Text != "terwijl je weg was" {
		t.Errorf("caught up %q, want the post sent while stopped", in.Text)
	}
	rec2.none(t, 300*time.Millisecond)
	stop2()

	// A third start answers nothing again.
	_, rec3, _ := runAdapter(t, f, nil, Deps{Marks: marks})
	rec3.none(t, 300*time.Millisecond)

	// A mark three days old: only the last 24 hours are caught up.
	f2 := newFakeServer(t)
	dm2 := f2.addChannel(model.ChannelTypeDirect)
	bob := f2.addUser("bob", "system_user")
	old := &memMarks{}
	old.SetMark(markKey, time.Now().Add(-72*time.Hour))
	f2.store(&model.Post{UserId: bob, ChannelId: dm2, Message: "twee dagen oud", CreateAt: model.GetMillis() - 48*3600*1000})
	f2.store(&model.Post{UserId: bob, ChannelId: dm2, Message: "een uur oud", CreateAt: model.GetMillis() - 3600*1000})
	_, rec4, _ := runAdapter(t, f2, nil, Deps{Marks: old})
	if in := rec4.next(t); in.Text != "een uur oud" {
		t.Errorf("caught up %q", in.Text)
	}
	rec4.none(t, 300*time.Millisecond)
}

// TestReconnectFollowsTheServerWithinSeconds: while backing off (here
// 20–40 s), the adapter pings the server and reconnects as soon as it
// answers, not when the backoff ends.
func TestReconnectFollowsTheServerWithinSeconds(t *testing.T) {
	f := newFakeServer(t)
	a, _, _ := runAdapter(t, f, func(c *Config) { c.MaxBackoff = units.Duration{Duration: time.Minute} }, Deps{},
		func(a *Adapter) { a.minBackoff = 40 * time.Second })
	f.setRefuseWS(true)
	f.dropAll()
	deadline := time.Now().Add(5 * time.Second)
	for a.Health().Connected && time.Now().Before(deadline) {
		time.Sleep(5 * time.Millisecond)
	}
	time.Sleep(1500 * time.Millisecond) // down for a while: at least one failed probe
	f.setRefuseWS(false)
	back := time.Now()
	for !a.Health().Connected {
		if time.Since(back) > 10*time.Second {
			t.Fatalf("not reconnected 10 s after the server came back (backoff 20–40 s): %+v", a.Health())
		}
		time.Sleep(10 * time.Millisecond)
	}
	f.mu.Lock()
	pings := f.pings
	f.mu.Unlock()
	if pings < 2 {
		t.Errorf("%d pings while backing off", pings)
	}
}

// syncLog is a log destination safe for concurrent writers.
type syncLog struct {
	mu sync.Mutex
	b  strings.Builder
}

func (l *syncLog) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *syncLog) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

// TestPrivateRepliesWithoutEphemeralPermission: a refused ephemeral post
// is said once at INFO, and later private replies go by DM without asking
// again.
func TestPrivateRepliesWithoutEphemeralPermission(t *testing.T) {
	f := newFakeServer(t)
	f.noEphemeral = true
	ch := f.addChannel(model.ChannelTypeOpen)
	alice := f.addUser("alice", "system_user")
	logs := &syncLog{}
	_, rec, _ := runAdapter(t, f, nil, Deps{Log: slog.New(slog.NewTextHandler(logs, nil))})
	rec.setReply(func(in bot.Inbound) []bot.Reply {
		return []bot.Reply{{Text: "alleen voor jou", Visibility: bot.Private}}
	})
	for range 2 {
		f.userPost(alice, ch, "", "@noaber mijn gegevens", true)
		rec.next(t)
		if p := f.nextCreated(); p.ChannelId == ch {
			t.Fatal("a private reply was posted in the channel")
		}
	}
	f.mu.Lock()
	reqs := f.ephemeralReqs
	f.mu.Unlock()
	if reqs != 1 {
		t.Errorf("%d ephemeral attempts, want 1", reqs)
	}
	if n := strings.Count(logs.String(), "private replies in channels go by direct message"); n != 1 || !strings.Contains(logs.String(), "level=INFO") {
		t.Errorf("mode logged %d times at INFO:\n%s", n, logs.String())
	}
}

// TestActionFromRefusesOtherAddresses: clicks and commands are accepted
// only from mattermost.action_from; without it, loopback and private
// addresses (a process on the bot's host or network) are refused.
func TestActionFromRefusesOtherAddresses(t *testing.T) {
	f := newFakeServer(t)
	ch := f.addChannel(model.ChannelTypeOpen)
	alice := f.addUser("alice", "system_user")
	form := url.Values{"token": {"cmd-token"}, "user_id": {alice}, "user_name": {"alice"}, "channel_id": {ch},
		"channel_name": {"town-square"}, "command": {"/noaber"}, "text": {"hulp"}}
	// post returns the status, or -1 for a refusal by action_from.
	post := func(a *Adapter, h http.Handler, remote, body, ctype string) int {
		r := httptest.NewRequest(http.MethodPost, "/x", strings.NewReader(body))
		r.Header.Set("Content-Type", ctype)
		r.RemoteAddr = remote
		w := httptest.NewRecorder()
		h.ServeHTTP(w, r)
		if w.Code == http.StatusForbidden && strings.Contains(w.Body.String(), "action_from") {
			return -1
		}
		return w.Code
	}
	click := `{"user_id":"` + alice + `","channel_id":"` + ch + `","post_id":"` + model.NewId() + `","context":{}}`
	for _, tc := range []struct {
		from    []string
		remote  string
		allowed bool
	}{
		{nil, "192.0.2.10:5000", true},
		{nil, "127.0.0.1:5000", false},
		{nil, "[::1]:5000", false},
		{nil, "10.1.2.3:5000", false},
		{nil, "192.168.1.4:5000", false},
		{nil, "169.254.0.7:5000", false},
		{[]string{"10.0.3.0/24"}, "10.0.3.5:5000", true},
		{[]string{"10.0.3.0/24"}, "192.0.2.10:5000", false},
		{[]string{"127.0.0.1"}, "127.0.0.1:5000", true},
		{[]string{"127.0.0.1"}, "[::ffff:127.0.0.1]:5000", true},
	} {
		a, rec, stop := runAdapter(t, f, func(c *Config) { c.ActionFrom = tc.from }, Deps{})
		rec.setReply(func(in bot.Inbound) []bot.Reply { return []bot.Reply{{Text: "ok"}} })
		cmd := post(a, a.CommandHandler(), tc.remote, form.Encode(), "application/x-www-form-urlencoded")
		act := post(a, a.ActionHandler(), tc.remote, click, "application/json")
		if tc.allowed {
			if cmd != http.StatusOK || act == -1 {
				t.Errorf("%v from %s: command %d", tc.from, tc.remote, cmd)
			}
			rec.next(t)
		} else {
			if cmd != -1 || act != -1 {
				t.Errorf("%v from %s: command %d, click %d, want 403", tc.from, tc.remote, cmd, act)
			}
			rec.none(t, 50*time.Millisecond)
		}
		stop()
	}
	if err := (Config{Enabled: true, URL: "https://chat.example.org", Token: "x", ActionFrom: []string{"10.0.3/24"}}).Validate(); err == nil || !strings.Contains(err.Error(), "mattermost.action_from") {
		t.Errorf("bad CIDR: %v", err)
	}
}

// TestGroupMentionsNeutralised: a title with @channel, @all or @here that
// a user typed does not page the channel when the bot posts it; e-mail
// addresses and ordinary mentions stay as they are.
func TestGroupMentionsNeutralised(t *testing.T) {
	f := newFakeServer(t)
	ch := f.addChannel(model.ChannelTypeOpen)
	a, _, _ := runAdapter(t, f, nil, Deps{})
	text := "Herinnering: @channel Subsidieronde (@ALL welkom, @here!) — mail info@all.nl of @alice"
	if err := a.Send(context.Background(), bot.Address{Conversation: "mattermost:" + ch}, bot.Reply{Text: text}); err != nil {
		t.Fatal(err)
	}
	p := f.nextCreated()
	f.mu.Lock()
	pings := f.groupPings
	f.mu.Unlock()
	if pings != 0 {
		t.Errorf("the post would notify the whole channel: %q", p.Message)
	}
	if !strings.Contains(p.Message, "info@all.nl") || !strings.Contains(p.Message, "@alice") || !strings.Contains(p.Message, "channel Subsidieronde") {
		t.Errorf("message changed beyond the group mentions: %q", p.Message)
	}
}

// TestFailedReplyGoesToTheOutbox: a reply (a sign-up confirmation) that
// the server refuses for a passing reason is queued for the outbox
// instead of being lost while the sign-up stands.
func TestFailedReplyGoesToTheOutbox(t *testing.T) {
	f := newFakeServer(t)
	ch := f.addChannel(model.ChannelTypeOpen)
	alice := f.addUser("alice", "system_user")
	type queued struct {
		to bot.Address
		r  bot.Reply
	}
	got := make(chan queued, 4)
	_, rec, _ := runAdapter(t, f, nil, Deps{Retry: func(_ context.Context, to bot.Address, r bot.Reply) error {
		got <- queued{to, r}
		return nil
	}})
	rec.setReply(func(in bot.Inbound) []bot.Reply {
		return []bot.Reply{{Text: "Je bent aangemeld voor evenement 3."}}
	})
	f.mu.Lock()
	f.failPosts = 1
	f.mu.Unlock()
	q := f.userPost(alice, ch, "", "@noaber aanmelden 3", true)
	rec.next(t)
	select {
	case g := <-got:
		if g.r.Text != "Je bent aangemeld voor evenement 3." || g.to.Conversation != "mattermost:"+ch+"/"+q.Id {
			t.Errorf("queued %+v", g)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("the failed reply was not queued")
	}
}

// FuzzParseCIDRs: a configured address list is either read or refused
// with a message, and what is read contains the addresses it names.
func FuzzParseCIDRs(f *testing.F) {
	f.Add("10.0.3.0/24,127.0.0.1,::1,fe80::/10")
	f.Fuzz(func(t *testing.T, s string) {
		ps, err := parseCIDRs(strings.Split(s, ","))
		if err != nil {
			if !strings.Contains(err.Error(), "is not a CIDR") {
				t.Fatalf("unclear error %v", err)
			}
			return
		}
		for _, p := range ps {
			if !p.Contains(p.Addr()) {
				t.Fatalf("%v does not contain its own address", p)
			}
		}
	})
}
