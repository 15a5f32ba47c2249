package mattermost

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
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
	dto "github.com/prometheus/client_model/go"

	"github.com/noaber/noaber/bot"
	"github.com/noaber/noaber/bot/metrics"
	"github.com/noaber/noaber/units"
)

const testSecret = "0123456789abcdef0123456789abcdef-test"

// recorder is the bot.Handler in tests: it records what it got and
// answers with reply (or an echo).
type recorder struct {
	mu    sync.Mutex
	ins   []bot.Inbound
	got   chan bot.Inbound
	reply func(in bot.Inbound) []bot.Reply
}

func newRecorder() *recorder { return &recorder{got: make(chan bot.Inbound, 1000)} }

func (r *recorder) Handle(ctx context.Context, in bot.Inbound) []bot.Reply {
	r.mu.Lock()
	r.ins = append(r.ins, in)
	f := r.reply
	r.mu.Unlock()
	r.got <- in
	if f != nil {
		return f(in)
	}
	return []bot.Reply{{Text: "echo: " + in.Text}}
}

func (r *recorder) setReply(f func(in bot.Inbound) []bot.Reply) {
	r.mu.Lock()
	r.reply = f
	r.mu.Unlock()
}

func (r *recorder) count() int {
	r.mu.Lock()
	defer r.mu.Unlock()
	return len(r.ins)
}

func (r *recorder) next(t *testing.T) bot.Inbound {
	t.Helper()
	select {
	case in := <-r.got:
		return in
	case <-time.After(10 * time.Second):
		t.Fatal("handler not called")
		return bot.Inbound{}
	}
}

func (r *recorder) none(t *testing.T, d time.Duration) {
	t.Helper()
	select {
	case in := <-r.got:
		t.Fatalf("handler called unexpectedly with %+v", in)
	case <-time.After(d):
	}
}

func testConfig(f *fakeServer) Config {
	return Config{
		Enabled: true, URL: f.srv.URL, Token: f.token,
		CommandToken: "cmd-token", ActionSecret: testSecret,
		ActionURL:  "http://noaber.test/mattermost/action",
		MaxBackoff: units.Duration{Duration: 100 * time.Millisecond},
	}
}

// start runs an adapter against f until the test ends and waits until it
// is connected.
func start(t *testing.T, f *fakeServer, mutate func(*Config)) (*Adapter, *recorder) {
	t.Helper()
	cfg := testConfig(f)
	if mutate != nil {
		mutate(&cfg)
	}
	a, err := New(cfg, Deps{Log: slog.New(slog.NewTextHandler(io.Discard, nil))})
	if err != nil {
		t.Fatal(err)
	}
	a.minBackoff = 10 * time.Millisecond
	rec := newRecorder()
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- a.Run(ctx, rec) }()
	t.Cleanup(func() {
		cancel()
		select {
		case err := <-done:
			if err != nil {
				t.Errorf("Run: %v", err)
			}
		case <-time.After(10 * time.Second):
			t.Error("Run did not return after cancel")
		}
	})
	waitConnected(t, a)
	return a, rec
}

func waitConnected(t *testing.T, a *Adapter) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for time.Now().Before(deadline) {
		if a.Health().Connected {
			return
		}
		time.Sleep(5 * time.Millisecond)
	}
	t.Fatalf("not connected: %+v", a.Health())
}

func TestMentionAnsweredInThread(t *testing.T) {
	f := newFakeServer(t)
	ch := f.addChannel(model.ChannelTypeOpen)
	alice := f.addUser("alice", "system_user")
	_, rec := start(t, f, nil)
	rec.setReply(func(in bot.Inbound) []bot.Reply {
		return []bot.Reply{{Text: "Dat is **uitbesteden** aan bewoners.", Sources: []bot.Source{{Title: "Handreiking", URL: "https://example.org/h", Ref: "p. 3"}}}}
	})

	q := f.userPost(alice, ch, "", "@noaber wat is maatschappelijk aanbesteden?", true)
	in := rec.next(t)
	if in.Text != "wat is maatschappelijk aanbesteden?" {
		t.Errorf("text = %q", in.Text)
	}
	// The conversation is the channel (one dialogue per user there); the
	// reply goes into the question's thread.
	if in.User.ID != "mattermost:"+alice || in.Conv.ID != "mattermost:"+ch || in.Conv.Kind != bot.Thread {
		t.Errorf("inbound = %+v", in)
	}
	ans := f.nextCreated()
	if ans.RootId != q.Id || ans.ChannelId != ch {
		t.Errorf("answer not in the question's thread: root %q channel %q", ans.RootId, ans.ChannelId)
	}
	if !strings.Contains(ans.Message, "**uitbesteden**") || !strings.Contains(ans.Message, "[Handreiking](https://example.org/h) (p. 3)") {
		t.Errorf("message = %q", ans.Message)
	}

	// A follow-up in the bot's thread needs no mention…
	f.userPost(alice, ch, q.Id, "en wat kost dat?", false)
	if in := rec.next(t); in.Text != "en wat kost dat?" || in.Conv.ID != "mattermost:"+ch {
		t.Errorf("follow-up inbound = %+v", in)
	}
	if ans := f.nextCreated(); ans.RootId != q.Id {
		t.Errorf("follow-up answer root = %q", ans.RootId)
	}
	// …but the channel's other talk is not the bot's business.
	f.userPost(alice, ch, "", "koffie iemand?", false)
	rec.none(t, 300*time.Millisecond)
}

func TestThreadOfOwnPostFoundAfterRestart(t *testing.T) {
	f := newFakeServer(t)
	ch := f.addChannel(model.ChannelTypeOpen)
	alice := f.addUser("alice", "system_user")
	// The bot posted this before it (re)started: only REST knows.
	root := f.store(&model.Post{UserId: f.bot.Id, ChannelId: ch, Message: "Herinnering: deadline vrijdag"})
	_, rec := start(t, f, nil)
	f.userPost(alice, ch, root.Id, "kan het ook maandag?", false)
	if in := rec.next(t); in.Conv.ID != "mattermost:"+ch || in.Conv.Kind != bot.Thread {
		t.Errorf("inbound conv = %+v", in.Conv)
	}
}

// A check started with /noaber (Mattermost sends slash commands without a
// thread) goes on with answers typed in the bot's thread or in a new
// mention: all of them are one conversation, the channel, so the dialogue
// the router keeps per user and conversation is found again (issue 14).
func TestSlashCommandAndTypedAnswersShareTheConversation(t *testing.T) {
	f := newFakeServer(t)
	ch := f.addChannel(model.ChannelTypeOpen)
	alice := f.addUser("alice", "system_user")
	a, rec := start(t, f, nil)
	rec.setReply(func(in bot.Inbound) []bot.Reply { return []bot.Reply{{Text: "Wat voor opdracht is het?"}} })
	form := url.Values{"token": {"cmd-token"}, "user_id": {alice}, "user_name": {"alice"}, "channel_id": {ch},
		"channel_name": {"town-square"}, "team_id": {model.NewId()}, "command": {"/noaber"}, "text": {"check aanbestedingsplicht"}}
	if w := postCommand(t, a, form, ""); w.Code != http.StatusOK {
		t.Fatalf("command: %d %s", w.Code, w.Body)
	}
	started := rec.next(t).Conv.ID
	q := f.userPost(alice, ch, "", "@noaber diensten", true)
	if in := rec.next(t); in.Conv.ID != started {
		t.Errorf("typed answer in conversation %q, the check was started in %q", in.Conv.ID, started)
	}
	f.nextCreated()
	f.userPost(alice, ch, q.Id, "250.000", false)
	if in := rec.next(t); in.Conv.ID != started {
		t.Errorf("answer in the thread in conversation %q, the check was started in %q", in.Conv.ID, started)
	}
}

func TestDirectMessageAnswered(t *testing.T) {
	f := newFakeServer(t)
	dm := f.addChannel(model.ChannelTypeDirect)
	alice := f.addUser("alice", "system_user")
	_, rec := start(t, f, nil)
	f.userPost(alice, dm, "", "hulp", false)
	in := rec.next(t)
	if in.Text != "hulp" || in.Conv.ID != "mattermost:"+dm || in.Conv.Kind != bot.Direct {
		t.Errorf("inbound = %+v", in)
	}
	ans := f.nextCreated()
	if ans.ChannelId != dm || ans.RootId != "" || ans.Message != "echo: hulp" {
		t.Errorf("answer = %+v", ans)
	}
}

func TestOwnAndOtherBotsPostsIgnored(t *testing.T) {
	f := newFakeServer(t)
	ch := f.addChannel(model.ChannelTypeOpen)
	alice := f.addUser("alice", "system_user")
	other := f.addUser("otherbot", "system_user")
	_, rec := start(t, f, func(c *Config) { c.Workers = 1 })

	f.userPost(f.bot.Id, ch, "", "@noaber talking to myself", true)
	p := f.store(&model.Post{UserId: other, ChannelId: ch, Message: "@noaber hello bot"})
	p.AddProp(model.PostPropsFromBot, "true")
	f.broadcast(p, "O", []string{f.bot.Id})
	w := f.store(&model.Post{UserId: alice, ChannelId: ch, Message: "@noaber from a webhook"})
	w.AddProp(model.PostPropsFromWebhook, "true")
	f.broadcast(w, "O", []string{f.bot.Id})
	sys := f.store(&model.Post{UserId: alice, ChannelId: ch, Type: model.PostTypeJoinChannel, Message: "@noaber joined"})
	f.broadcast(sys, "O", []string{f.bot.Id})
	// With one worker, posts are taken in order: when this one arrives,
	// the ones before it were ignored.
	f.userPost(alice, ch, "", "@noaber echt?", true)
	if in := rec.next(t); in.Text != "echt?" {
		t.Fatalf("first handled = %q, want the human's post", in.Text)
	}
	f.nextCreated()
	rec.none(t, 200*time.Millisecond)
}

// clickRequest is what Mattermost POSTs when button b on post p is clicked.
func clickRequest(t *testing.T, p *model.Post, button int, userID string) model.PostActionIntegrationRequest {
	t.Helper()
	atts, ok := p.GetProp(model.PostPropsAttachments).([]any)
	if !ok || len(atts) == 0 {
		t.Fatalf("post has no attachments: %#v", p.GetProps())
	}
	// Round-trip through JSON, as the post came from Mattermost.
	raw, _ := json.Marshal(atts)
	var sa []*model.SlackAttachment
	if err := json.Unmarshal(raw, &sa); err != nil {
		t.Fatal(err)
	}
	act := sa[0].Actions[button]
	return model.PostActionIntegrationRequest{UserId: userID, UserName: "alice", ChannelId: p.ChannelId, PostId: p.Id, Context: act.Integration.Context}
}

func postClick(t *testing.T, a *Adapter, req model.PostActionIntegrationRequest) (*httptest.ResponseRecorder, model.PostActionIntegrationResponse) {
	t.Helper()
	body, _ := json.Marshal(req)
	w := httptest.NewRecorder()
	a.ActionHandler().ServeHTTP(w, httptest.NewRequest(http.MethodPost, "/mattermost/action", bytes.NewReader(body)))
	var resp model.PostActionIntegrationResponse
	if w.Code == http.StatusOK {
		if err := json.Unmarshal(w.Body.Bytes(), &resp); err != nil {
			t.Fatalf("response %q: %v", w.Body.String(), err)
		}
	}
	return w, resp
}

func TestButtonClickUpdatesPostAndIsSingleUseInDM(t *testing.T) {
	f := newFakeServer(t)
	dm := f.addChannel(model.ChannelTypeDirect)
	alice := f.addUser("alice", "system_user")
	a, rec := start(t, f, nil)
	rec.setReply(func(in bot.Inbound) []bot.Reply {
		if in.Action != nil {
			return []bot.Reply{{Text: "Genoteerd: " + in.Action.ID, Replace: true}}
		}
		return []bot.Reply{{Text: "Is uw initiatief een stichting?", Choices: []bot.Choice{
			{ID: "check:yes", Label: "Ja", Style: bot.Primary}, {ID: "check:no", Label: "Nee"}}}}
	})
	f.userPost(alice, dm, "", "check", false)
	rec.next(t)
	q := f.nextCreated()
	if !strings.Contains(q.GetProps()[model.PostPropsAttachments].([]any)[0].(map[string]any)["actions"].([]any)[0].(map[string]any)["integration"].(map[string]any)["url"].(string), "noaber.test/mattermost/action") {
		t.Errorf("action URL not set: %#v", q.GetProps())
	}

	req := clickRequest(t, q, 1, alice)
	w, resp := postClick(t, a, req)
	if w.Code != http.StatusOK {
		t.Fatalf("click: %d %s", w.Code, w.Body)
	}
	in := rec.next(t)
	if in.Action == nil || in.Action.ID != "check:no" || in.User.ID != "mattermost:"+alice || in.Conv.ID != "mattermost:"+dm || in.Conv.Kind != bot.Direct {
		t.Errorf("inbound = %+v", in)
	}
	if resp.Update == nil || resp.Update.Message != "Genoteerd: check:no" {
		t.Fatalf("update = %+v", resp.Update)
	}
	if atts, ok := resp.Update.GetProp(model.PostPropsAttachments).([]any); ok && len(atts) > 0 {
		t.Errorf("update keeps old buttons: %#v", atts)
	}

	// The same POST again (a replay, or a second click on an answered
	// question) is refused without reaching the handler.
	w, resp = postClick(t, a, req)
	if w.Code != http.StatusOK || resp.Update != nil || !strings.Contains(resp.EphemeralText, "knop") {
		t.Errorf("replay: %d %+v", w.Code, resp)
	}
	// Another user cannot use buttons meant for alice.
	bob := f.addUser("bob", "system_user")
	req2 := clickRequest(t, q, 0, bob)
	if w, _ := postClick(t, a, req2); w.Code != http.StatusForbidden {
		t.Errorf("other user's click: %d", w.Code)
	}
	rec.none(t, 100*time.Millisecond)
}

func TestRSVPButtonsReusableButBoundToPost(t *testing.T) {
	f := newFakeServer(t)
	ch := f.addChannel(model.ChannelTypeOpen)
	alice := f.addUser("alice", "system_user")
	bob := f.addUser("bob", "system_user")
	a, rec := start(t, f, nil)
	rec.setReply(func(in bot.Inbound) []bot.Reply {
		if in.Action != nil {
			return []bot.Reply{{Text: "Aangemeld", Visibility: bot.Private}}
		}
		return []bot.Reply{{Text: "Buurtschoonmaak zaterdag", Choices: []bot.Choice{{ID: "events:rsvp:42", Label: "Ik doe mee"}}}}
	})
	f.userPost(alice, ch, "", "@noaber evenementen", true)
	rec.next(t)
	ev := f.nextCreated()

	for _, u := range []string{alice, bob, alice} {
		w, resp := postClick(t, a, clickRequest(t, ev, 0, u))
		if w.Code != http.StatusOK || resp.EphemeralText != "Aangemeld" {
			t.Fatalf("click by %s: %d %+v", u, w.Code, resp)
		}
		if in := rec.next(t); in.User.ID != "mattermost:"+u || in.Action.ID != "events:rsvp:42" || in.Conv.ID != "mattermost:"+ch+"/"+ev.RootId {
			t.Errorf("inbound = %+v", in)
		}
	}
	// The same context presented for another post is refused.
	moved := clickRequest(t, ev, 0, bob)
	moved.PostId = model.NewId()
	if w, _ := postClick(t, a, moved); w.Code != http.StatusForbidden {
		t.Errorf("context on another post: %d", w.Code)
	}
	// And for another channel.
	moved = clickRequest(t, ev, 0, bob)
	moved.ChannelId = model.NewId()
	if w, _ := postClick(t, a, moved); w.Code != http.StatusForbidden {
		t.Errorf("context in another channel: %d", w.Code)
	}
	rec.none(t, 100*time.Millisecond)
}

func TestForgedAndExpiredClicksRefused(t *testing.T) {
	f := newFakeServer(t)
	ch := f.addChannel(model.ChannelTypeOpen)
	alice := f.addUser("alice", "system_user")
	a, rec := start(t, f, nil)
	post := model.NewId()
	good := a.sign.sign(actionClaims{Choice: "events:rsvp:1", Channel: ch, Kind: "c"})
	click := func(ctx map[string]any) int {
		w, _ := postClick(t, a, model.PostActionIntegrationRequest{UserId: alice, ChannelId: ch, PostId: post, Context: ctx})
		return w.Code
	}

	forged := map[string]any{}
	for k, v := range good {
		forged[k] = v
	}
	forged[ctxChoice] = "privacy:delete-all"
	if code := click(forged); code != http.StatusForbidden {
		t.Errorf("changed choice: %d", code)
	}
	other := newSigner([]byte("another-secret-another-secret-xx"), time.Hour, time.Now)
	if code := click(other.sign(actionClaims{Choice: "events:rsvp:1", Channel: ch})); code != http.StatusForbidden {
		t.Errorf("other secret: %d", code)
	}
	if code := click(map[string]any{"c": "events:rsvp:1", "ch": ch}); code != http.StatusForbidden {
		t.Errorf("unsigned: %d", code)
	}
	expired := a.sign.sign(actionClaims{Choice: "events:rsvp:1", Channel: ch, Expires: time.Now().Add(-time.Minute).Unix()})
	w, resp := postClick(t, a, model.PostActionIntegrationRequest{UserId: alice, ChannelId: ch, PostId: post, Context: expired})
	if w.Code != http.StatusOK || resp.EphemeralText == "" || resp.Update != nil {
		t.Errorf("expired: %d %+v", w.Code, resp)
	}
	rec.none(t, 100*time.Millisecond)
	// The genuine one still works.
	if code := click(good); code != http.StatusOK {
		t.Errorf("genuine click: %d", code)
	}
	rec.next(t)
}

func postCommand(t *testing.T, a *Adapter, form url.Values, header string) *httptest.ResponseRecorder {
	t.Helper()
	r := httptest.NewRequest(http.MethodPost, "/mattermost/command", strings.NewReader(form.Encode()))
	r.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	if header != "" {
		r.Header.Set("Authorization", header)
	}
	w := httptest.NewRecorder()
	a.CommandHandler().ServeHTTP(w, r)
	return w
}

func TestSlashCommand(t *testing.T) {
	f := newFakeServer(t)
	ch := f.addChannel(model.ChannelTypeOpen)
	alice := f.addUser("alice", "system_user")
	a, rec := start(t, f, nil)
	rec.setReply(func(in bot.Inbound) []bot.Reply {
		return []bot.Reply{
			{Text: "Deadline opgeslagen.", Visibility: bot.Private, Choices: []bot.Choice{{ID: "deadlines:undo:7", Label: "Ongedaan maken"}}},
			{Text: "Nieuw evenement: netwerkavond", Announce: true},
			// Public but not an announcement (help, a refusal): the user alone.
			{Text: "Alleen ambtenaren kunnen deadlines maken."},
		}
	})
	form := url.Values{"token": {"cmd-token"}, "user_id": {alice}, "user_name": {"alice"}, "channel_id": {ch},
		"channel_name": {"town-square"}, "team_id": {model.NewId()}, "command": {"/noaber"}, "text": {"deadline nieuw 1 juni | subsidie"}}
	w := postCommand(t, a, form, "")
	if w.Code != http.StatusOK {
		t.Fatalf("command: %d %s", w.Code, w.Body)
	}
	in := rec.next(t)
	if in.Text != "deadline nieuw 1 juni | subsidie" || in.User.ID != "mattermost:"+alice || in.Conv.ID != "mattermost:"+ch {
		t.Errorf("inbound = %+v", in)
	}
	var resp model.CommandResponse
	if err := json.Unmarshal(w.Body.Bytes(), &resp); err != nil {
		t.Fatal(err)
	}
	if resp.ResponseType != model.CommandResponseTypeEphemeral || resp.Text != "Deadline opgeslagen." || len(resp.Attachments) != 1 {
		t.Errorf("first response = %+v", resp)
	}
	if len(resp.ExtraResponses) != 2 || resp.ExtraResponses[0].ResponseType != model.CommandResponseTypeInChannel ||
		resp.ExtraResponses[1].ResponseType != model.CommandResponseTypeEphemeral {
		t.Errorf("extra responses = %+v", resp.ExtraResponses)
	}
	// The ephemeral reply's button is alice's alone.
	if u := resp.Attachments[0].Actions[0].Integration.Context[ctxUser]; u != alice {
		t.Errorf("button user = %v", u)
	}

	// The token in the Authorization header works too.
	form.Del("token")
	if w := postCommand(t, a, form, "Token cmd-token"); w.Code != http.StatusOK {
		t.Errorf("header token: %d", w.Code)
	}
	rec.next(t)
	// A wrong or missing token is refused and nothing is handled.
	form.Set("token", "cmd-tokeN")
	if w := postCommand(t, a, form, ""); w.Code != http.StatusUnauthorized {
		t.Errorf("wrong token: %d", w.Code)
	}
	form.Del("token")
	if w := postCommand(t, a, form, ""); w.Code != http.StatusUnauthorized {
		t.Errorf("no token: %d", w.Code)
	}
	rec.none(t, 100*time.Millisecond)
}

func counterValue(t *testing.T) float64 {
	t.Helper()
	var m dto.Metric
	if err := metrics.Reconnects.WithLabelValues(Name).Write(&m); err != nil {
		t.Fatal(err)
	}
	return m.GetCounter().GetValue()
}

func TestReconnectCatchesUpExactlyOnce(t *testing.T) {
	f := newFakeServer(t)
	dm := f.addChannel(model.ChannelTypeDirect)
	alice := f.addUser("alice", "system_user")
	before := counterValue(t)
	a, rec := start(t, f, nil)

	f.setRefuseWS(true)
	f.dropAll()
	deadline := time.Now().Add(5 * time.Second)
	for a.Health().Connected && time.Now().Before(deadline) {
		time.Sleep(5 * time.Millisecond)
	}
	if h := a.Health(); h.Connected || h.Detail == "" {
		t.Fatalf("health after drop = %+v", h)
	}
	// While the bot is away, Send fails fast so the outbox keeps the message.
	if err := a.Send(context.Background(), bot.ToUser("mattermost:"+alice), bot.Reply{Text: "herinnering"}); !errors.Is(err, ErrDisconnected) || errors.Is(err, bot.ErrPermanent) {
		t.Errorf("Send while disconnected = %v", err)
	}
	// Alice asks while the bot is away: only the REST since-endpoint has it.
	q := f.store(&model.Post{UserId: alice, ChannelId: dm, Message: "ben je er?"})
	f.setRefuseWS(false)

	in := rec.next(t)
	if in.Text != "ben je er?" {
		t.Errorf("caught-up text = %q", in.Text)
	}
	waitConnected(t, a)
	if ans := f.nextCreated(); ans.ChannelId != dm {
		t.Errorf("answer channel = %q", ans.ChannelId)
	}
	// The server delivering the same post on the socket changes nothing.
	f.broadcast(q, "D", nil)
	rec.none(t, 300*time.Millisecond)
	if got := counterValue(t) - before; got < 1 {
		t.Errorf("reconnects counted = %v", got)
	}
}

func TestSilentSocketReplaced(t *testing.T) {
	f := newFakeServer(t)
	dm := f.addChannel(model.ChannelTypeDirect)
	alice := f.addUser("alice", "system_user")
	_, rec := start(t, f, func(c *Config) { c.PingTimeout = units.Duration{Duration: time.Second} })
	// Pings every 100ms keep a live socket: no reconnect for a while.
	time.Sleep(1500 * time.Millisecond)
	f.mu.Lock()
	accepts := f.wsAccepts
	f.mu.Unlock()
	if accepts != 1 {
		t.Fatalf("a pinged socket was replaced: %d sessions", accepts)
	}
	f.forget() // the socket stays open but nothing arrives any more
	f.store(&model.Post{UserId: alice, ChannelId: dm, Message: "hallo?"})
	f.waitConns(2)
	if in := rec.next(t); in.Text != "hallo?" {
		t.Errorf("text = %q", in.Text)
	}
}

func TestRetryAfterOn429(t *testing.T) {
	f := newFakeServer(t)
	dm := f.addChannel(model.ChannelTypeDirect)
	alice := f.addUser("alice", "system_user")
	_, rec := start(t, f, nil)
	f.mu.Lock()
	f.tooMany, f.retryAfter = 1, "1"
	f.mu.Unlock()
	startAt := time.Now()
	f.userPost(alice, dm, "", "vraag", false)
	rec.next(t)
	f.nextCreated()
	if waited := time.Since(startAt); waited < 900*time.Millisecond {
		t.Errorf("answered after %s, before Retry-After", waited)
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.createReqs != 2 || len(f.created) != 1 {
		t.Errorf("create requests %d, created %d; want 2, 1", f.createReqs, len(f.created))
	}
}

func TestBurstDoesNotBlockTheSocket(t *testing.T) {
	f := newFakeServer(t)
	dm := f.addChannel(model.ChannelTypeDirect)
	alice := f.addUser("alice", "system_user")
	_, rec := start(t, f, func(c *Config) { c.Workers, c.QueueSize = 1, 4 })
	release := make(chan struct{})
	rec.setReply(func(in bot.Inbound) []bot.Reply {
		<-release
		return []bot.Reply{{Text: "ok"}}
	})
	const n = 300 // more than the SDK's event buffer (100) plus the queue
	for i := range n {
		f.userPost(alice, dm, "", "vraag "+string(rune('a'+i%26)), false)
	}
	// The handler is stuck, yet the SDK reader still answers pings: the
	// event channel is being drained.
	for len(f.pongs) > 0 {
		<-f.pongs
	}
	select {
	case <-f.pongs:
	case <-time.After(3 * time.Second):
		t.Fatal("no pong while the handler is busy: the socket is blocked")
	}
	close(release)
	for range n {
		rec.next(t)
		f.nextCreated()
	}
	rec.none(t, 300*time.Millisecond)
	if got := rec.count(); got != n {
		t.Errorf("handled %d posts, want %d (each once)", got, n)
	}
}

func TestSend(t *testing.T) {
	f := newFakeServer(t)
	ch := f.addChannel(model.ChannelTypeOpen)
	alice := f.addUser("alice", "system_user")
	a, _ := start(t, f, nil)
	ctx := context.Background()

	// Direct messages open the channel once.
	for range 2 {
		if err := a.Send(ctx, bot.ToUser("mattermost:"+alice), bot.Reply{Text: "U staat op de lijst.", Nonce: "promotion:42"}); err != nil {
			t.Fatal(err)
		}
		p := f.nextCreated()
		if !strings.Contains(f.channels[p.ChannelId].Name, alice) || p.PendingPostId == "" {
			t.Errorf("dm post = %+v", p)
		}
	}
	f.mu.Lock()
	if f.dmCreates != 1 {
		t.Errorf("direct channel created %d times", f.dmCreates)
	}
	f.mu.Unlock()

	// A long message is split at paragraphs, within the limit, each part
	// with its own pending_post_id; the calendar file rides on the last.
	para := strings.Repeat("woord ", 1000) // 6,000 characters
	long := strings.TrimSpace(strings.Join([]string{para, para, para, para}, "\n\n"))
	err := a.Send(ctx, bot.ToConversation("mattermost:"+ch), bot.Reply{Text: long, Nonce: "digest:1",
		Files: []bot.File{{Name: "event.ics", ContentType: "text/calendar", Data: []byte("BEGIN:VCALENDAR")}}})
	if err != nil {
		t.Fatal(err)
	}
	var parts []*model.Post
	for range 2 {
		parts = append(parts, f.nextCreated())
	}
	f.noneCreated(200 * time.Millisecond)
	seen := map[string]bool{}
	total := 0
	for i, p := range parts {
		if n := len([]rune(p.Message)); n > MaxPostRunes {
			t.Errorf("part %d has %d characters", i, n)
		}
		if seen[p.PendingPostId] {
			t.Errorf("pending_post_id repeated")
		}
		seen[p.PendingPostId] = true
		total += len(p.Message)
	}
	if len(parts[0].FileIds) != 0 || len(parts[1].FileIds) != 1 {
		t.Errorf("file ids: %v / %v", parts[0].FileIds, parts[1].FileIds)
	}
	if total < len(long)-10 {
		t.Errorf("text lost in splitting: %d of %d", total, len(long))
	}

	// Private in a channel is ephemeral for that user.
	if err := a.Send(ctx, bot.Address{Conversation: "mattermost:" + ch, User: "mattermost:" + alice}, bot.Reply{Text: "alleen voor jou", Visibility: bot.Private}); err != nil {
		t.Fatal(err)
	}
	f.mu.Lock()
	if len(f.ephemerals) != 1 || f.ephemerals[0].UserID != alice {
		t.Errorf("ephemerals = %+v", f.ephemerals)
	}
	f.mu.Unlock()

	// A channel the bot is not in can never work; a foreign address neither.
	gone := model.NewId()
	if err := a.Send(ctx, bot.ToConversation("mattermost:"+gone), bot.Reply{Text: "x"}); !errors.Is(err, bot.ErrPermanent) {
		t.Errorf("unknown channel: %v", err)
	}
	if err := a.Send(ctx, bot.ToConversation("discord:123"), bot.Reply{Text: "x"}); !errors.Is(err, bot.ErrPermanent) {
		t.Errorf("foreign conversation: %v", err)
	}
}

func TestRolesFromMattermost(t *testing.T) {
	f := newFakeServer(t)
	dm := f.addChannel(model.ChannelTypeDirect)
	alice := f.addUser("alice", "system_user system_admin")
	bob := f.addUser("bob", "system_user")
	carol := f.addUser("carol", "system_user")
	team, staff := model.NewId(), model.NewId()
	f.mu.Lock()
	f.teamMember["team/"+team+"/"+bob] = true
	f.teamMember["channel/"+staff+"/"+carol] = true
	f.mu.Unlock()
	_, rec := start(t, f, func(c *Config) {
		c.Roles = RoleMap{Admin: []string{"system:system_admin"}, Organiser: []string{"team:" + team}, Official: []string{"channel:" + staff, "user:" + bob}}
	})
	want := map[string][]bot.Role{alice: {bot.RoleAdmin}, bob: {bot.RoleOfficial, bot.RoleOrganiser}, carol: {bot.RoleOfficial}}
	for _, u := range []string{alice, bob, carol} {
		f.userPost(u, dm, "", "wie ben ik", false)
		in := rec.next(t)
		got := map[bot.Role]bool{}
		for _, r := range in.User.Roles {
			got[r] = true
		}
		if len(got) != len(want[u]) {
			t.Errorf("%s roles = %v, want %v", in.User.ID, in.User.Roles, want[u])
		}
		for _, r := range want[u] {
			if !got[r] {
				t.Errorf("%s lacks %s (has %v)", in.User.ID, r, in.User.Roles)
			}
		}
	}
}

func TestTokenRefusedStopsRun(t *testing.T) {
	f := newFakeServer(t)
	cfg := testConfig(f)
	cfg.Token = "wrong"
	a, err := New(cfg, Deps{Log: slog.New(slog.NewTextHandler(io.Discard, nil))})
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if err := a.Run(ctx, newRecorder()); !errors.Is(err, bot.ErrPermanent) {
		t.Errorf("Run with a refused token = %v", err)
	}
	if strings.Contains(a.Health().Detail, "wrong") {
		t.Error("health detail shows the token")
	}
}
