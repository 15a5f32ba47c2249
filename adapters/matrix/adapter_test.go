package matrix

import (
	"context"
	"errors"
	"log/slog"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/noaber/noaber/adapters/internal/retry"
	"github.com/noaber/noaber/bot"
	"github.com/noaber/noaber/bot/store"
	"github.com/noaber/noaber/bot/store/storetest"
	"github.com/noaber/noaber/units"
)

const room = "!room:test.org"

// recorder answers like a tiny bot: "vraag" gets an answer with a source,
// "check" gets two choices, a click is echoed, "ics" gets a calendar file,
// "prive" a private reply, "stil" nothing; it records what it got.
type recorder struct {
	mu  sync.Mutex
	got []bot.Inbound
}

func (h *recorder) Handle(ctx context.Context, in bot.Inbound) []bot.Reply {
	h.mu.Lock()
	h.got = append(h.got, in)
	h.mu.Unlock()
	switch {
	case in.Action != nil:
		return []bot.Reply{{Text: "gekozen " + in.Action.ID}}
	case in.Text == "check":
		return []bot.Reply{{Text: "**Vraag 1.** Is het een opdracht?", Choices: []bot.Choice{{ID: "check:ja", Label: "Ja"}, {ID: "check:nee", Label: "Nee"}}}}
	case in.Text == "ics":
		return []bot.Reply{{Text: "Je uitnodiging:", Files: []bot.File{{Name: "avond.ics", ContentType: "text/calendar", Data: []byte("BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n")}}}}
	case in.Text == "prive":
		return []bot.Reply{{Text: "alleen voor jou", Visibility: bot.Private}}
	case strings.HasPrefix(in.Text, "echo "):
		return []bot.Reply{{Text: strings.TrimPrefix(in.Text, "echo ")}}
	}
	return []bot.Reply{{Text: "Het antwoord op: " + in.Text, Sources: []bot.Source{{Title: "Aanbestedingswet 2012", Ref: "art. 2.17", URL: "https://wetten.overheid.nl/BWBR0032203"}}}}
}

func (h *recorder) inbound() []bot.Inbound {
	h.mu.Lock()
	defer h.mu.Unlock()
	return append([]bot.Inbound(nil), h.got...)
}

func testConfig(f *fakeHS) Config {
	return Config{
		Enabled: true, Homeserver: f.srv.URL, UserID: botID, Token: token,
		AllowedServers: []string{"test.org"},
		SyncTimeout:    units.Duration{Duration: 200 * time.Millisecond},
		MaxBackoff:     units.Duration{Duration: time.Second},
	}
}

// start runs an adapter on db until the test ends (or stop is called) and
// waits for its first sync.
func start(t *testing.T, f *fakeHS, db *store.DB, cfg Config, h bot.Handler) (a *Adapter, stop func()) {
	t.Helper()
	a, err := New(cfg, Deps{DB: db, Log: quiet})
	if err != nil {
		t.Fatal(err)
	}
	a.minBackoff = 10 * time.Millisecond
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- a.Run(ctx, h) }()
	var once sync.Once
	stop = func() {
		once.Do(func() {
			cancel()
			if err := <-done; err != nil {
				t.Errorf("Run: %v", err)
			}
		})
	}
	t.Cleanup(stop)
	deadline := time.Now().Add(10 * time.Second)
	for !a.Health().Connected {
		if time.Now().After(deadline) {
			t.Fatalf("not connected: %+v", a.Health())
		}
		time.Sleep(5 * time.Millisecond)
	}
	return a, stop
}

func TestMentionIsAnsweredInAThreadAsHTMLAndHistoryIsNot(t *testing.T) {
	f := newFakeHS(t)
	f.say(room, aliceID, "Noaber: oude vraag van gisteren", mention())
	h := &recorder{}
	start(t, f, storetest.Open(t), testConfig(f), h)

	f.say(room, bobID, "gewoon gepraat, niet voor de bot", nil)
	q := f.say(room, aliceID, "Noaber: wat is de drempel?", mention())
	sent := f.waitSent(1)
	f.waitSyncs(2)
	if got := h.inbound(); len(got) != 1 {
		t.Fatalf("handled %d messages, want only the new mention: %+v", len(got), got)
	}
	in := h.inbound()[0]
	if in.Text != "wat is de drempel?" || in.User.ID != "matrix:"+aliceID || in.Conv.ID != "matrix:"+room+"/"+q || in.Conv.Kind != bot.Thread {
		t.Errorf("inbound %+v", in)
	}
	c := sent[0].content
	rel, _ := c["m.relates_to"].(map[string]any)
	if rel["rel_type"] != "m.thread" || rel["event_id"] != q {
		t.Errorf("not in the thread of the question: %v", c["m.relates_to"])
	}
	if c["format"] != "org.matrix.custom.html" || !strings.Contains(c["formatted_body"].(string), `<a href="https://wetten.overheid.nl/BWBR0032203">Aanbestedingswet 2012</a>`) {
		t.Errorf("source not rendered as a link: %v", c["formatted_body"])
	}
	if body := c["body"].(string); !strings.Contains(body, "Aanbestedingswet 2012 (https://wetten.overheid.nl/BWBR0032203) (art. 2.17)") || strings.Contains(body, "](") {
		t.Errorf("plain body %q", body)
	}
	if m, _ := c["m.mentions"].(map[string]any); m == nil || len(m["user_ids"].([]any)) != 1 || m["user_ids"].([]any)[0] != aliceID {
		t.Errorf("m.mentions %v: the asker, no one else", c["m.mentions"])
	}
}

func TestThreadFollowUpsAndNumberedChoices(t *testing.T) {
	f := newFakeHS(t)
	h := &recorder{}
	start(t, f, storetest.Open(t), testConfig(f), h)

	q := f.say(room, aliceID, "noaber, check", nil) // plain name, no pill
	sent := f.waitSent(1)
	if body := sent[0].content["body"].(string); !strings.HasSuffix(body, "[1] Ja  [2] Nee") {
		t.Fatalf("choices not numbered: %q", body)
	}
	f.say(room, bobID, "2", inThread(q)) // Bob's number answers nothing of his
	f.say(room, aliceID, "2", inThread(q))
	f.waitSent(3)
	f.say(room, aliceID, "2", inThread(q)) // answered: now plain text
	f.waitSent(4)
	got := h.inbound()
	if len(got) != 4 {
		t.Fatalf("handled %d, want 4: %+v", len(got), got)
	}
	if got[1].Action != nil || got[1].Text != "2" || got[1].User.ID != "matrix:"+bobID {
		t.Errorf("Bob's number: %+v", got[1])
	}
	if got[2].Action == nil || got[2].Action.ID != "check:nee" || got[2].Conv.ID != "matrix:"+room+"/"+q {
		t.Errorf("Alice's number: %+v", got[2])
	}
	if got[3].Action != nil || got[3].Text != "2" {
		t.Errorf("a number after the answer: %+v", got[3])
	}
	// A thread the bot is not in is not for the bot.
	other := f.say(room, bobID, "een ander onderwerp", nil)
	f.say(room, aliceID, "vraag zonder noemen", inThread(other))
	f.waitSyncs(2)
	if n := len(h.inbound()); n != 4 {
		t.Errorf("answered a thread it is not in (%d handled)", n)
	}
}

func TestRestartResumesFromTheStoredTokenAndAnswersOnce(t *testing.T) {
	f := newFakeHS(t)
	db := storetest.Open(t)
	h := &recorder{}
	_, stop := start(t, f, db, testConfig(f), h)
	f.say(room, aliceID, "Noaber: eerste", mention())
	f.waitSent(1)
	f.waitSyncs(2)
	stop()

	f.say(room, aliceID, "Noaber: terwijl je weg was", mention())
	h2 := &recorder{}
	start(t, f, db, testConfig(f), h2)
	f.waitSent(2)
	f.waitSyncs(2)
	got := h2.inbound()
	if len(got) != 1 || got[0].Text != "terwijl je weg was" {
		t.Fatalf("after the restart handled %+v, want just the message said meanwhile", got)
	}
	if n := f.sentCount(); n != 2 {
		t.Errorf("sent %d, want 2", n)
	}
}

func TestInvitesOnlyFromAllowedServersAndDirectRooms(t *testing.T) {
	f := newFakeHS(t)
	db := storetest.Open(t)
	h := &recorder{}
	start(t, f, db, testConfig(f), h)
	f.invite("!evil:elsewhere.net", "@mallory:elsewhere.net", false)
	f.invite("!sneaky:test.org", "@mallory:elsewhere.net", false)
	f.invite("!dm:test.org", aliceID, true)
	f.waitSyncs(2)
	f.mu.Lock()
	joined := append([]string(nil), f.joined...)
	f.mu.Unlock()
	if len(joined) != 1 || joined[0] != "!dm:test.org" {
		t.Fatalf("joined %v, want only the room from an allowed server", joined)
	}
	f.say("!dm:test.org", aliceID, "hoi", nil) // no mention needed in a direct room
	sent := f.waitSent(1)
	if got := h.inbound(); len(got) != 1 || got[0].Conv.Kind != bot.Direct || got[0].Conv.ID != "matrix:!dm:test.org" {
		t.Fatalf("direct message: %+v", got)
	}
	if _, threaded := sent[0].content["m.relates_to"]; threaded {
		t.Error("a direct answer was threaded")
	}
	// The direct room is remembered: a proactive message goes there.
	a2, err := New(testConfig(f), Deps{DB: db, Log: quiet})
	if err != nil {
		t.Fatal(err)
	}
	if got := a2.state.dmRoom(aliceID); got != "!dm:test.org" {
		t.Errorf("direct room %q not remembered", got)
	}
}

func TestProactiveDMOpensTheRoomOnceAndNoncesDeduplicate(t *testing.T) {
	f := newFakeHS(t)
	db := storetest.Open(t)
	a, _ := start(t, f, db, testConfig(f), &recorder{})
	ctx := context.Background()
	r := bot.Reply{Text: "Herinnering: morgen 17:00 **Subsidieronde**", Nonce: "reminder:1:matrix:@alice:test.org:1d"}
	if err := a.Send(ctx, bot.ToUser("matrix:"+aliceID), r); err != nil {
		t.Fatal(err)
	}
	if err := a.Send(ctx, bot.ToUser("matrix:"+aliceID), r); err != nil { // the outbox retries
		t.Fatal(err)
	}
	if err := a.Send(ctx, bot.ToUser("matrix:"+aliceID), bot.Reply{Text: "nog een", Nonce: "other"}); err != nil {
		t.Fatal(err)
	}
	f.mu.Lock()
	created, reqs := len(f.created), f.sendReqs
	dm := f.created[0]
	f.mu.Unlock()
	if created != 1 || dm["is_direct"] != true || dm["invite"].([]any)[0] != aliceID {
		t.Errorf("createRoom %d times (%v), want once, direct, inviting Alice", created, dm)
	}
	sent := f.waitSent(2)
	if reqs != 3 || f.sentCount() != 2 || sent[0].room != "!dm1:test.org" || sent[0].txn == sent[1].txn {
		t.Errorf("%d requests gave %d events %+v; the repeat must reuse its transaction id", reqs, f.sentCount(), sent)
	}
	if err := a.Send(ctx, bot.ToUser("discord:1"), r); !errors.Is(err, bot.ErrPermanent) {
		t.Errorf("send to a foreign id: %v, want permanent", err)
	}
	if err := a.Send(ctx, bot.ToConversation("matrix:no-room"), r); !errors.Is(err, bot.ErrPermanent) {
		t.Errorf("send to a bad room: %v, want permanent", err)
	}
}

func TestRateLimitHonoursRetryAfterMS(t *testing.T) {
	f := newFakeHS(t)
	a, _ := start(t, f, storetest.Open(t), testConfig(f), &recorder{})
	var waits []time.Duration
	rt := a.cli.Client.Transport.(*retry.Transport)
	rt.Sleep = func(_ *http.Request, d time.Duration) error { waits = append(waits, d); return nil }
	f.mu.Lock()
	f.limited = 2
	f.mu.Unlock()
	if err := a.Send(context.Background(), bot.ToConversation("matrix:"+room), bot.Reply{Text: "na de drukte"}); err != nil {
		t.Fatal(err)
	}
	if len(waits) != 2 || waits[0] != 1500*time.Millisecond || waits[1] != 1500*time.Millisecond {
		t.Errorf("waited %v, want the server's retry_after_ms (1.5s) twice", waits)
	}
	if f.sentCount() != 1 {
		t.Errorf("sent %d, want 1", f.sentCount())
	}
	// Past the retries, the 429 is an error the outbox retries later.
	f.mu.Lock()
	f.limited = 100
	f.mu.Unlock()
	err := a.Send(context.Background(), bot.ToConversation("matrix:"+room), bot.Reply{Text: "x"})
	if err == nil || errors.Is(err, bot.ErrPermanent) || !strings.Contains(err.Error(), "M_LIMIT_EXCEEDED") {
		t.Errorf("err = %v, want a temporary M_LIMIT_EXCEEDED", err)
	}
}

func TestFilesGoToTheMediaRepositoryAndPrivateRepliesByDM(t *testing.T) {
	f := newFakeHS(t)
	start(t, f, storetest.Open(t), testConfig(f), &recorder{})
	q := f.say(room, aliceID, "Noaber: ics", mention())
	sent := f.waitSent(2)
	file := sent[1].content
	if file["msgtype"] != "m.file" || file["url"] != "mxc://test.org/file1" || file["body"] != "avond.ics" {
		t.Errorf("file event %v", file)
	}
	if rel, _ := file["m.relates_to"].(map[string]any); rel["event_id"] != q {
		t.Errorf("file not in the thread: %v", file["m.relates_to"])
	}
	f.mu.Lock()
	up := string(f.uploads[0])
	f.mu.Unlock()
	if !strings.HasPrefix(up, "BEGIN:VCALENDAR") {
		t.Errorf("uploaded %q", up)
	}
	f.say(room, aliceID, "Noaber: prive", mention())
	sent = f.waitSent(3)
	if sent[2].room != "!dm1:test.org" {
		t.Errorf("private reply went to %s, want a direct room", sent[2].room)
	}
}

func TestEncryptedRoomGetsOneNotice(t *testing.T) {
	f := newFakeHS(t)
	start(t, f, storetest.Open(t), testConfig(f), &recorder{})
	f.state(room, "m.room.encryption", "", map[string]any{"algorithm": "m.megolm.v1.aes-sha2"})
	f.add(fakeItem{room: room, event: map[string]any{"type": "m.room.encrypted", "sender": aliceID, "content": map[string]any{"algorithm": "m.megolm.v1.aes-sha2", "ciphertext": "x"}}})
	sent := f.waitSent(1)
	f.add(fakeItem{room: room, event: map[string]any{"type": "m.room.encrypted", "sender": aliceID, "content": map[string]any{"algorithm": "m.megolm.v1.aes-sha2", "ciphertext": "y"}}})
	f.waitSyncs(2)
	if f.sentCount() != 1 || sent[0].content["msgtype"] != "m.notice" || !strings.Contains(sent[0].content["body"].(string), "versleuteld") {
		t.Errorf("notices: %+v", f.waitSent(1))
	}
}

func TestAtRoomIsDefused(t *testing.T) {
	f := newFakeHS(t)
	start(t, f, storetest.Open(t), testConfig(f), &recorder{})
	f.say(room, aliceID, "Noaber: echo Kom allemaal @room en @Room!", mention())
	c := f.waitSent(1)[0].content
	for _, k := range []string{"body", "formatted_body"} {
		s, _ := c[k].(string)
		if strings.Contains(strings.ToLower(s), "@room") {
			t.Errorf("%s still pings the room: %q", k, s)
		}
	}
	if s := c["body"].(string); !strings.Contains(s, "@\u2060room") {
		t.Errorf("body %q lost the text", s)
	}
}

func TestRolesFromUserIDsAndPowerLevels(t *testing.T) {
	f := newFakeHS(t)
	f.power["!staff:test.org"] = map[string]any{"users": map[string]any{bobID: 50, aliceID: 10}, "users_default": 0}
	cfg := testConfig(f)
	cfg.Roles = RoleMap{Admin: []string{aliceID}, Official: []string{"power:50:!staff:test.org"}, Organiser: []string{"power:1:!elsewhere:test.org"}}
	h := &recorder{}
	start(t, f, storetest.Open(t), cfg, h)
	f.say(room, aliceID, "Noaber: a", mention())
	f.say(room, bobID, "Noaber: b", mention())
	f.waitSent(2)
	got := h.inbound()
	if len(got[0].User.Roles) != 1 || got[0].User.Roles[0] != bot.RoleAdmin {
		t.Errorf("alice roles %v", got[0].User.Roles)
	}
	if len(got[1].User.Roles) != 1 || got[1].User.Roles[0] != bot.RoleOfficial {
		t.Errorf("bob roles %v", got[1].User.Roles)
	}
}

func TestReconnectsAfterSyncFailuresAndReportsHealth(t *testing.T) {
	f := newFakeHS(t)
	h := &recorder{}
	a, _ := start(t, f, storetest.Open(t), testConfig(f), h)
	f.mu.Lock()
	f.down = true
	f.mu.Unlock()
	deadline := time.Now().Add(10 * time.Second)
	for a.Health().Connected {
		if time.Now().After(deadline) {
			t.Fatal("health stayed connected while /sync failed")
		}
		time.Sleep(5 * time.Millisecond)
	}
	if d := a.Health().Detail; d == "" || strings.Contains(d, "http") {
		t.Errorf("health detail %q: say why, without URLs", d)
	}
	if err := a.Send(context.Background(), bot.ToConversation("matrix:"+room), bot.Reply{Text: "x"}); !errors.Is(err, ErrDisconnected) {
		t.Errorf("send while down: %v", err)
	}
	f.say(room, aliceID, "Noaber: weer daar?", mention())
	f.mu.Lock()
	f.down = false
	f.mu.Unlock()
	f.waitSent(1)
	if !a.Health().Connected {
		t.Error("not healthy after reconnecting")
	}
}

func TestRefusedTokenStopsRun(t *testing.T) {
	f := newFakeHS(t)
	f.badToken = true
	a, err := New(testConfig(f), Deps{DB: storetest.Open(t), Log: quiet})
	if err != nil {
		t.Fatal(err)
	}
	err = a.Run(context.Background(), &recorder{})
	if !errors.Is(err, bot.ErrPermanent) || !strings.Contains(err.Error(), "matrix.token") {
		t.Errorf("Run = %v, want a permanent error naming matrix.token", err)
	}
}

func TestPasswordLoginAndLoginAgainWhenTheTokenExpires(t *testing.T) {
	f := newFakeHS(t)
	cfg := testConfig(f)
	cfg.Token, cfg.Password = "", "pw"
	h := &recorder{}
	start(t, f, storetest.Open(t), cfg, h)
	f.say(room, aliceID, "Noaber: hallo", mention())
	f.waitSent(1)
	f.mu.Lock()
	f.badToken = true // the server forgets the token
	f.mu.Unlock()
	f.say(room, aliceID, "Noaber: nog eens", mention())
	f.waitSent(2)
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.logins != 2 {
		t.Errorf("%d logins, want 2 (at start and after the token expired)", f.logins)
	}
}

func TestReactionsAreShortcutsForNumbers(t *testing.T) {
	f := newFakeHS(t)
	h := &recorder{}
	start(t, f, storetest.Open(t), testConfig(f), h)
	q := f.say(room, aliceID, "Noaber: check", mention())
	msg := f.waitSent(1)[0]
	deadline := time.Now().Add(10 * time.Second)
	for {
		f.mu.Lock()
		reacted := append([]sentEvent(nil), f.reacted...)
		f.mu.Unlock()
		if len(reacted) == 2 {
			rel := reacted[1].content["m.relates_to"].(map[string]any)
			if rel["rel_type"] != "m.annotation" || rel["event_id"] != msg.id || rel["key"] != "2️⃣" {
				t.Fatalf("reaction %v", rel)
			}
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("reactions %+v, want 1️⃣ and 2️⃣", reacted)
		}
		time.Sleep(5 * time.Millisecond)
	}
	react := func(sender, key string) {
		f.add(fakeItem{room: room, event: map[string]any{"type": "m.reaction", "sender": sender,
			"content": map[string]any{"m.relates_to": map[string]any{"rel_type": "m.annotation", "event_id": msg.id, "key": key}}}})
	}
	react(bobID, "1️⃣")       // not Bob's choices
	react(aliceID, "👍")       // not a number
	react(aliceID, "2\u20e3") // 2️⃣ without the variation selector, as some clients send it
	f.waitSent(2)
	f.waitSyncs(2)
	got := h.inbound()
	if len(got) != 2 || got[1].Action == nil || got[1].Action.ID != "check:nee" || got[1].Conv.ID != "matrix:"+room+"/"+q {
		t.Fatalf("inbound %+v, want Alice's reaction as a click on check:nee in the thread", got)
	}
	react(aliceID, "1️⃣") // answered: the choices are gone
	f.waitSyncs(2)
	if n := len(h.inbound()); n != 2 {
		t.Errorf("a reaction after the answer was taken (%d handled)", n)
	}
}

func TestReactionsCanBeSwitchedOff(t *testing.T) {
	f := newFakeHS(t)
	cfg := testConfig(f)
	off := false
	cfg.Reactions = &off
	start(t, f, storetest.Open(t), cfg, &recorder{})
	f.say(room, aliceID, "Noaber: check", mention())
	f.waitSent(1)
	f.waitSyncs(2)
	f.mu.Lock()
	defer f.mu.Unlock()
	if len(f.reacted) != 0 {
		t.Errorf("reactions sent while switched off: %+v", f.reacted)
	}
}

func TestHistoryBeforeTheBotJoinedIsNotAnswered(t *testing.T) {
	f := newFakeHS(t)
	h := &recorder{}
	start(t, f, storetest.Open(t), testConfig(f), h)
	msg := func(body string) fakeItem {
		return fakeItem{room: "!new:test.org", event: map[string]any{"type": "m.room.message", "sender": aliceID,
			"content": map[string]any{"msgtype": "m.text", "body": body, "m.mentions": map[string]any{"user_ids": []string{botID}}}}}
	}
	join := fakeItem{room: "!new:test.org", event: map[string]any{"type": "m.room.member", "sender": botID, "state_key": botID,
		"content": map[string]any{"membership": "join"}}}
	f.addAll(msg("Noaber: van voor je kwam"), join, msg("Noaber: welkom"))
	f.waitSent(1)
	f.waitSyncs(2)
	if got := h.inbound(); len(got) != 1 || got[0].Text != "welkom" {
		t.Errorf("handled %+v, want only what was said after the join", got)
	}
}

// quiet keeps the adapter's logs out of the test output.
var quiet = slog.New(slog.DiscardHandler)

func TestReconnectBackoffIsCappedAt30s(t *testing.T) {
	f := newFakeHS(t)
	f.down = true
	cfg := testConfig(f)
	cfg.MaxBackoff = units.Duration{}
	a, err := New(cfg, Deps{DB: storetest.Open(t), Log: quiet})
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	var waits []time.Duration
	a.wait = func(ctx context.Context, d time.Duration) bool {
		waits = append(waits, d)
		if len(waits) == 12 {
			cancel()
			return false
		}
		return true
	}
	if err := a.Run(ctx, &recorder{}); err != nil {
		t.Fatal(err)
	}
	if waits[0] >= 2*time.Second {
		t.Errorf("first wait %v, want about 1s", waits[0])
	}
	for i, d := range waits {
		if d > DefaultMaxBackoff {
			t.Errorf("wait %d is %v, over 30s", i, d)
		}
	}
	if last := waits[len(waits)-1]; last < DefaultMaxBackoff/2 {
		t.Errorf("last wait %v: the backoff did not grow to the cap", last)
	}
}

func TestARoomOfTwoIsDirect(t *testing.T) {
	f := newFakeHS(t)
	h := &recorder{}
	start(t, f, storetest.Open(t), testConfig(f), h)
	f.members("!two:test.org", 2)
	f.say("!two:test.org", aliceID, "hoi", nil) // no mention
	f.say(room, aliceID, "hoi", nil)            // a larger room: not for the bot
	f.waitSent(1)
	f.waitSyncs(2)
	if got := h.inbound(); len(got) != 1 || got[0].Conv.Kind != bot.Direct || got[0].Conv.ID != "matrix:!two:test.org" {
		t.Errorf("handled %+v, want only the message in the room of two", got)
	}
}
