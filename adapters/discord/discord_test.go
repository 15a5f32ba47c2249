package discord

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"slices"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	dto "github.com/prometheus/client_model/go"

	"github.com/noaber/noaber/bot"
	"github.com/noaber/noaber/bot/commandtest"
	"github.com/noaber/noaber/bot/metrics"
)

func TestMentionIsAnsweredInPlace(t *testing.T) {
	t.Parallel()
	f := newFake(t)
	hs := start(t, f, Config{Roles: map[string]string{guildID + "/" + roleID: "ambtenaar"}},
		func(_ context.Context, in bot.Inbound) []bot.Reply {
			return []bot.Reply{{Text: "Antwoord op: " + in.Text}}
		})

	// Not addressed to the bot: ignored.
	other := mentionMessage("6000", "gewoon gepraat")
	other["mentions"] = []any{}
	f.dispatch("MESSAGE_CREATE", other)
	// Addressed by mention.
	f.dispatch("MESSAGE_CREATE", mentionMessage("6001", "<@1000> wat is **maatschappelijk aanbesteden**?"))

	in := hs.nextInbound(t)
	if in.Text != "wat is **maatschappelijk aanbesteden**?" {
		t.Errorf("text = %q, want the question without the mention", in.Text)
	}
	if in.User.ID != "discord:"+userID || in.User.Name != "Anna" {
		t.Errorf("user = %+v", in.User)
	}
	if !slices.Equal(in.User.Roles, []bot.Role{bot.RoleOfficial}) {
		t.Errorf("roles = %v, want [official] from the role mapping", in.User.Roles)
	}
	if in.Conv.ID != "discord:"+channelID || in.Conv.Kind != bot.Channel {
		t.Errorf("conversation = %+v", in.Conv)
	}
	r := f.mustWait("POST", "/channels/"+channelID+"/messages", 0)
	if got := r.JSON["content"]; got != "Antwoord op: wat is **maatschappelijk aanbesteden**?" {
		t.Errorf("posted content = %q", got)
	}
	ref, _ := r.JSON["message_reference"].(map[string]any)
	if ref["message_id"] != "6001" {
		t.Errorf("answer is not a reply to the question: %v", r.JSON["message_reference"])
	}
	if am, _ := r.JSON["allowed_mentions"].(map[string]any); am == nil || len(am["parse"].([]any)) != 0 {
		t.Errorf("allowed_mentions = %v, want no pings", r.JSON["allowed_mentions"])
	}
	select {
	case in := <-hs.inbound:
		t.Errorf("handler also got %q, which was not addressed to the bot", in.Text)
	case <-time.After(100 * time.Millisecond):
	}
}

func TestDirectMessageAndThreadFollowUp(t *testing.T) {
	t.Parallel()
	f := newFake(t)
	const thread = "3500"
	f.threads[thread] = botID
	hs := start(t, f, Config{MessageContent: true}, nil)

	dm := mentionMessage("6002", "hulp")
	delete(dm, "guild_id")
	delete(dm, "member")
	dm["mentions"] = []any{}
	dm["channel_id"] = dmChannel
	f.dispatch("MESSAGE_CREATE", dm)
	in := hs.nextInbound(t)
	if in.Text != "hulp" || in.Conv.Kind != bot.Direct || in.Conv.ID != "discord:"+dmChannel {
		t.Errorf("DM inbound = %+v", in)
	}
	f.mustWait("POST", "/channels/"+dmChannel+"/messages", 0)

	// A follow-up without mention in a thread the bot started.
	msg := mentionMessage("6003", "en voor een stichting?")
	msg["mentions"] = []any{}
	msg["channel_id"] = thread
	f.dispatch("MESSAGE_CREATE", msg)
	in = hs.nextInbound(t)
	if in.Text != "en voor een stichting?" || in.Conv.Kind != bot.Thread {
		t.Errorf("thread inbound = %+v", in)
	}
	f.mustWait("POST", "/channels/"+thread+"/messages", 0)
}

func TestSlashCommandBecomesChatCommand(t *testing.T) {
	t.Parallel()
	f := newFake(t)
	hs := start(t, f, Config{}, func(_ context.Context, in bot.Inbound) []bot.Reply {
		return []bot.Reply{{Text: "Genoteerd: " + in.Text}}
	})
	f.dispatch("INTERACTION_CREATE", slashEvent("11", "deadline", "en-US",
		map[string]any{"name": "tekst", "type": 3, "value": "new 1 June | grant"}))
	in := hs.nextInbound(t)
	if in.Text != "deadline new 1 June | grant" {
		t.Errorf("text = %q", in.Text)
	}
	if !slices.Equal(in.User.Roles, nil) {
		t.Errorf("roles = %v without a role mapping", in.User.Roles)
	}
	r := f.mustWait("POST", "/interactions/11/token-11/callback", 0)
	if r.JSON["type"] != float64(4) {
		t.Errorf("callback type = %v, want 4 (message)", r.JSON["type"])
	}
	data := r.JSON["data"].(map[string]any)
	if data["content"] != "Genoteerd: deadline new 1 June | grant" {
		t.Errorf("content = %v", data["content"])
	}
	if _, ok := data["flags"]; ok {
		t.Errorf("public answer has flags %v", data["flags"])
	}
}

func TestSlowAnswerIsDeferredThenEdited(t *testing.T) {
	t.Parallel()
	f := newFake(t)
	start(t, f, Config{}, func(context.Context, bot.Inbound) []bot.Reply {
		time.Sleep(400 * time.Millisecond) // an LLM thinking
		return []bot.Reply{{Text: "Het antwoord."}, {Text: "Nog iets.", Visibility: bot.Private}}
	}, func(a *Adapter) { a.deferAfter = 100 * time.Millisecond })
	f.dispatch("INTERACTION_CREATE", slashEvent("12", "vraag", "nl",
		map[string]any{"name": "vraag", "type": 3, "value": "Mag een gemeente een buurthuis gunnen?"}))

	cb := f.mustWait("POST", "/interactions/12/token-12/callback", 0)
	if cb.JSON["type"] != float64(5) {
		t.Fatalf("first callback type = %v, want 5 (deferred)", cb.JSON["type"])
	}
	edit := f.mustWait("PATCH", "/webhooks/"+botID+"/token-12/messages/@original", 0)
	if edit.JSON["content"] != "Het antwoord." {
		t.Errorf("edited content = %v", edit.JSON["content"])
	}
	if !edit.At.After(cb.At) {
		t.Error("edit before the deferred callback")
	}
	fu := f.mustWait("POST", "/webhooks/"+botID+"/token-12", 0)
	if fu.JSON["content"] != "Nog iets." || fu.JSON["flags"] != float64(64) {
		t.Errorf("follow-up = %v, want the private reply with flag 64", fu.JSON)
	}
	if n := f.count("POST", "/interactions/12/token-12/callback"); n != 1 {
		t.Errorf("%d callbacks, want 1", n)
	}
}

func TestQuickAnswerIsNotDeferred(t *testing.T) {
	t.Parallel()
	f := newFake(t)
	start(t, f, Config{}, nil, func(a *Adapter) { a.deferAfter = 2 * time.Second })
	f.dispatch("INTERACTION_CREATE", slashEvent("13", "hulp", "nl"))
	cb := f.mustWait("POST", "/interactions/13/token-13/callback", 0)
	if cb.JSON["type"] != float64(4) {
		t.Errorf("callback type = %v, want 4", cb.JSON["type"])
	}
}

func TestButtonClickReplacesMessage(t *testing.T) {
	t.Parallel()
	f := newFake(t)
	hs := start(t, f, Config{}, func(_ context.Context, in bot.Inbound) []bot.Reply {
		return []bot.Reply{{Text: "Je bent aangemeld.", Replace: true,
			Choices: []bot.Choice{{ID: "events:cancel:7", Label: "Afmelden", Style: bot.Danger}}}}
	})
	f.dispatch("INTERACTION_CREATE", buttonClick("14", "events:rsvp:7"))
	in := hs.nextInbound(t)
	if in.Action == nil || in.Action.ID != "events:rsvp:7" || in.Text != "" {
		t.Errorf("inbound = %+v, want the action events:rsvp:7", in)
	}
	cb := f.mustWait("POST", "/interactions/14/token-14/callback", 0)
	if cb.JSON["type"] != float64(7) {
		t.Fatalf("callback type = %v, want 7 (update message)", cb.JSON["type"])
	}
	data := cb.JSON["data"].(map[string]any)
	if data["content"] != "Je bent aangemeld." {
		t.Errorf("content = %v", data["content"])
	}
	rows := data["components"].([]any)
	button := rows[0].(map[string]any)["components"].([]any)[0].(map[string]any)
	if button["custom_id"] != "events:cancel:7" || button["style"] != float64(4) {
		t.Errorf("button = %v", button)
	}
}

func TestPrivateReplyIsEphemeral(t *testing.T) {
	t.Parallel()
	f := newFake(t)
	hs := start(t, f, Config{}, func(context.Context, bot.Inbound) []bot.Reply {
		return []bot.Reply{{Text: "Dit bewaren we over jou: …", Visibility: bot.Private}}
	})
	f.dispatch("INTERACTION_CREATE", slashEvent("15", "mijngegevens", "nl",
		map[string]any{"name": "actie", "type": 3, "value": "wissen"}))
	if in := hs.nextInbound(t); in.Text != "vergeet mij" {
		t.Errorf("text = %q", in.Text)
	}
	cb := f.mustWait("POST", "/interactions/15/token-15/callback", 0)
	data := cb.JSON["data"].(map[string]any)
	if cb.JSON["type"] != float64(4) || data["flags"] != float64(64) {
		t.Errorf("callback = %v, want type 4 with flags 64", cb.JSON)
	}
}

func TestAutocompleteAsksCompleter(t *testing.T) {
	t.Parallel()
	f := newFake(t)
	gotc := make(chan []string, 1)
	start(t, f, Config{}, nil, func(a *Adapter) {
		a.complete = func(_ context.Context, command, prefix string, lang bot.Lang) []bot.Choice {
			gotc <- []string{command, prefix, string(lang)}
			return []bot.Choice{{ID: "buurthuis", Label: "Buurthuis overnemen"}, {ID: strings.Repeat("x", 101), Label: "te lang"}}
		}
	})
	ev := slashEvent("16", "check", "en-GB", map[string]any{"name": "id", "type": 3, "value": "buu", "focused": true})
	ev["type"] = 4
	f.dispatch("INTERACTION_CREATE", ev)
	cb := f.mustWait("POST", "/interactions/16/token-16/callback", 0)
	if cb.JSON["type"] != float64(8) {
		t.Fatalf("callback type = %v, want 8", cb.JSON["type"])
	}
	choices := cb.JSON["data"].(map[string]any)["choices"].([]any)
	if len(choices) != 1 || choices[0].(map[string]any)["value"] != "buurthuis" {
		t.Errorf("choices = %v", choices)
	}
	if got := <-gotc; !slices.Equal(got, []string{"checks", "buu", "en"}) { // the option's source in the table
		t.Errorf("completer got %v", got)
	}
}

func TestProactiveDirectMessage(t *testing.T) {
	t.Parallel()
	f := newFake(t)
	hs := start(t, f, Config{}, nil)
	r := bot.Reply{Text: "Herinnering: de deadline is morgen.", Nonce: "reminder:42:discord:2001:1d",
		Files: []bot.File{{Name: "deadline.ics", ContentType: "text/calendar", Data: []byte("BEGIN:VCALENDAR")}}}
	for range 2 {
		if err := hs.a.Send(context.Background(), bot.ToUser("discord:"+userID), r); err != nil {
			t.Fatal(err)
		}
	}
	open := f.mustWait("POST", "/users/@me/channels", 0)
	if open.JSON["recipient_id"] != userID {
		t.Errorf("DM channel opened for %v", open.JSON["recipient_id"])
	}
	if n := f.count("POST", "/users/@me/channels"); n != 1 {
		t.Errorf("DM channel opened %d times, want once (cached)", n)
	}
	m := f.mustWait("POST", "/channels/"+dmChannel+"/messages", 0)
	if m.JSON["content"] != r.Text {
		t.Errorf("content = %v", m.JSON["content"])
	}
	nonce, _ := m.JSON["nonce"].(string)
	if len(nonce) == 0 || len(nonce) > 25 || m.JSON["enforce_nonce"] != true {
		t.Errorf("nonce %q enforce_nonce %v; want a nonce of at most 25 characters, enforced", nonce, m.JSON["enforce_nonce"])
	}
	if m2 := f.mustWait("POST", "/channels/"+dmChannel+"/messages", 1); m2.JSON["nonce"] != nonce {
		t.Errorf("a repeat has nonce %v, want the same %q", m2.JSON["nonce"], nonce)
	}
	if !slices.Equal(m.Files, []string{"deadline.ics"}) {
		t.Errorf("files = %v", m.Files)
	}
}

func TestLongAnswerIsSplit(t *testing.T) {
	t.Parallel()
	f := newFake(t)
	hs := start(t, f, Config{}, nil)
	para := strings.Repeat("woord ", 250) // 1500 characters
	text := strings.TrimSpace(para) + "\n\n" + strings.TrimSpace(para) + "\n\n" + strings.TrimSpace(para)
	err := hs.a.Send(context.Background(), bot.ToConversation("discord:"+channelID),
		bot.Reply{Text: text, Choices: []bot.Choice{{ID: "ask:up", Label: "👍"}}})
	if err != nil {
		t.Fatal(err)
	}
	var total int
	for i := range 3 {
		m := f.mustWait("POST", "/channels/"+channelID+"/messages", i)
		c := m.JSON["content"].(string)
		if width(c) > 2000 {
			t.Errorf("message %d has %d characters", i, width(c))
		}
		total += len(strings.Fields(c))
		_, hasButtons := m.JSON["components"]
		if hasButtons != (i == 2) {
			t.Errorf("message %d: buttons %v, want them only on the last", i, hasButtons)
		}
	}
	if total != 750 {
		t.Errorf("%d words arrived, want 750", total)
	}
}

func TestRateLimitedSendWaitsRetryAfter(t *testing.T) {
	t.Parallel()
	f := newFake(t)
	hs := start(t, f, Config{}, nil)
	var limited atomic.Bool
	f.setHook(func(w http.ResponseWriter, r request) bool {
		if r.Method == "POST" && strings.HasSuffix(r.Path, "/messages") && !limited.Swap(true) {
			w.Header().Set("Retry-After", "1")
			w.Header().Set("Content-Type", "application/json")
			w.WriteHeader(http.StatusTooManyRequests)
			fmt.Fprint(w, `{"message": "You are being rate limited.", "retry_after": 0.3, "global": false}`)
			return true
		}
		return false
	})
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	begin := time.Now()
	if err := hs.a.Send(ctx, bot.ToConversation("discord:"+channelID), bot.Reply{Text: "Herinnering"}); err != nil {
		t.Fatalf("Send after a 429: %v", err)
	}
	if n := f.count("POST", "/channels/"+channelID+"/messages"); n != 2 {
		t.Errorf("%d attempts, want 2", n)
	}
	if d := time.Since(begin); d < 300*time.Millisecond {
		t.Errorf("retried after %v, before Retry-After", d)
	}

	// A wait longer than the time left fails at once, so the outbox
	// retries later instead of holding the send.
	f.setHook(func(w http.ResponseWriter, r request) bool {
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(http.StatusTooManyRequests)
		fmt.Fprint(w, `{"message": "You are being rate limited.", "retry_after": 30, "global": false}`)
		return true
	})
	short, cancel2 := context.WithTimeout(context.Background(), 2*time.Second)
	defer cancel2()
	begin = time.Now()
	err := hs.a.Send(short, bot.ToConversation("discord:"+channelID), bot.Reply{Text: "Herinnering"})
	if err == nil || errors.Is(err, bot.ErrPermanent) {
		t.Errorf("Send = %v, want a temporary error", err)
	}
	if d := time.Since(begin); d > time.Second {
		t.Errorf("Send took %v under a long rate limit", d)
	}
}

func TestRateLimitedInteractionIsNotHeldUp(t *testing.T) {
	t.Parallel()
	f := newFake(t)
	hs := start(t, f, Config{}, nil)
	f.setHook(func(w http.ResponseWriter, r request) bool {
		if strings.Contains(r.Path, "/interactions/") {
			w.Header().Set("Content-Type", "application/json")
			w.WriteHeader(http.StatusTooManyRequests)
			fmt.Fprint(w, `{"message": "You are being rate limited.", "retry_after": 5, "global": false}`)
			return true
		}
		return false
	})
	f.dispatch("INTERACTION_CREATE", slashEvent("17", "hulp", "nl"))
	cb := f.mustWait("POST", "/interactions/17/token-17/callback", 0)
	deadline := time.Now().Add(2 * time.Second)
	for !strings.Contains(hs.logs.String(), "could not deliver answer") {
		if time.Now().After(deadline) {
			t.Fatalf("interactive reply still waiting 2s after a 429 with retry_after 5s; logs:\n%s", hs.logs)
		}
		time.Sleep(10 * time.Millisecond)
	}
	if d := time.Since(cb.At); d > 1500*time.Millisecond {
		t.Errorf("gave up after %v", d)
	}
	if n := f.count("POST", "/interactions/17/token-17/callback"); n != 1 {
		t.Errorf("%d callback attempts, want 1", n)
	}
}

// Not parallel: it reads the global reconnect counter.
func TestReconnectsAfterGatewayLoss(t *testing.T) {
	f := newFake(t)
	hs := start(t, f, Config{}, nil)
	before := counterValue(metrics.Reconnects.WithLabelValues("discord"))
	identifies := f.identifyCount()

	f.refuse.Store(true) // Discord is unreachable for a while
	f.drop()
	h := hs.waitHealth(t, false)
	if h.Detail == "" || h.Since.IsZero() {
		t.Errorf("health while down = %+v, want a detail and a time", h)
	}
	begin := time.Now()
	err := hs.a.Send(context.Background(), bot.ToConversation("discord:"+channelID), bot.Reply{Text: "x"})
	if !errors.Is(err, errNotConnected) || errors.Is(err, bot.ErrPermanent) {
		t.Errorf("Send while down = %v, want errNotConnected (temporary)", err)
	}
	if d := time.Since(begin); d > 100*time.Millisecond {
		t.Errorf("Send while down took %v", d)
	}

	f.refuse.Store(false)
	hs.waitHealth(t, true)
	if f.identifyCount() == identifies && f.resumeCount() == 0 {
		t.Error("connected again without identify or resume")
	}
	if got := counterValue(metrics.Reconnects.WithLabelValues("discord")); got != before+1 {
		t.Errorf("reconnects metric = %v, want %v", got, before+1)
	}
	f.dispatch("MESSAGE_CREATE", mentionMessage("6010", "<@1000> nog daar?"))
	if in := hs.nextInbound(t); in.Text != "nog daar?" {
		t.Errorf("after reconnect: text = %q", in.Text)
	}
	f.mustWait("POST", "/channels/"+channelID+"/messages", 0)
}

func TestDeadConnectionIsNoticed(t *testing.T) {
	t.Parallel()
	f := newFake(t)
	f.heartbeatMS = 50
	hs := start(t, f, Config{}, nil)
	f.refuse.Store(true)
	f.ackHeartbeats.Store(false) // the connection stays open but is dead
	h := hs.waitHealth(t, false)
	if !strings.Contains(h.Detail, "lost") && !strings.Contains(h.Detail, "connect") {
		t.Errorf("detail = %q", h.Detail)
	}
	f.ackHeartbeats.Store(true)
	f.refuse.Store(false)
	hs.waitHealth(t, true)
}

func TestIntentsFollowConfiguration(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name string
		cfg  Config
		want float64
	}{
		{"mentions and DMs", Config{}, 1<<9 | 1<<12},
		{"message content", Config{MessageContent: true}, 1<<9 | 1<<12 | 1<<15},
		{"commands only", Config{CommandsOnly: true}, 0},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			f := newFake(t)
			start(t, f, tc.cfg, nil)
			f.mu.Lock()
			got := f.identifies[0]["intents"]
			f.mu.Unlock()
			if got != tc.want {
				t.Errorf("intents = %v, want %v", got, tc.want)
			}
		})
	}
}

func TestCommandsRegisteredInGuilds(t *testing.T) {
	t.Parallel()
	f := newFake(t)
	start(t, f, Config{Guilds: []string{guildID}}, nil)
	r := f.mustWait("PUT", "/applications/"+botID+"/guilds/"+guildID+"/commands", 0)
	if n := f.count("PUT", "/applications/"+botID+"/commands"); n != 0 {
		t.Errorf("also registered %d global command sets", n)
	}
	// What Discord received: the table's menu commands, Dutch names with
	// English localisations, in the table's order.
	var got []struct {
		Name              string            `json:"name"`
		NameLocalizations map[string]string `json:"name_localizations"`
	}
	if err := json.Unmarshal(r.Raw, &got); err != nil {
		t.Fatalf("body %s: %v", r.Raw, err)
	}
	var names []string
	for _, c := range got {
		names = append(names, c.Name+"/"+c.NameLocalizations["en-US"])
	}
	want := []string{"check/check", "deadline/deadline", "evenement/event", "mijngegevens/mydata", "vraag/ask", "hulp/help"}
	if !slices.Equal(names, want) {
		t.Errorf("commands = %v, want %v", names, want)
	}
}

func TestTokenIsNeverLogged(t *testing.T) {
	t.Parallel()
	f := newFake(t)
	hs := start(t, f, Config{}, nil)
	f.setHook(func(w http.ResponseWriter, r request) bool {
		w.WriteHeader(http.StatusInternalServerError)
		return true
	})
	f.dispatch("INTERACTION_CREATE", slashEvent("18", "hulp", "nl"))
	f.mustWait("POST", "/interactions/18/token-18/callback", 0)
	time.Sleep(100 * time.Millisecond)
	if strings.Contains(hs.logs.String(), "test-token") {
		t.Errorf("token in logs:\n%s", hs.logs)
	}
}

func TestPermanentFailures(t *testing.T) {
	t.Parallel()
	f := newFake(t)
	hs := start(t, f, Config{}, nil)
	f.setHook(func(w http.ResponseWriter, r request) bool {
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(http.StatusForbidden)
		fmt.Fprint(w, `{"message": "Cannot send messages to this user", "code": 50007}`)
		return true
	})
	err := hs.a.Send(context.Background(), bot.ToUser("discord:2002"), bot.Reply{Text: "x"})
	if !errors.Is(err, bot.ErrPermanent) {
		t.Errorf("Send to a user who blocks DMs = %v, want ErrPermanent", err)
	}
	for _, to := range []bot.Address{bot.ToUser("mattermost:abc"), bot.ToConversation("discord:not-a-number")} {
		if err := hs.a.Send(context.Background(), to, bot.Reply{Text: "x"}); !errors.Is(err, bot.ErrPermanent) {
			t.Errorf("Send to %v = %v, want ErrPermanent", to, err)
		}
	}
}

func TestWrongTokenStopsRun(t *testing.T) {
	t.Parallel()
	f := newFake(t)
	a, err := New(Config{Enabled: true, Token: "wrong", APIURL: f.srv.URL}, Deps{})
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	err = a.Run(ctx, bot.HandlerFunc(func(context.Context, bot.Inbound) []bot.Reply { return nil }))
	if err == nil || !strings.Contains(err.Error(), "NOABER_DISCORD_TOKEN") {
		t.Errorf("Run with a wrong token = %v, want an error naming NOABER_DISCORD_TOKEN", err)
	}
	if a.Health().Connected {
		t.Error("healthy with a wrong token")
	}
}

func counterValue(c prometheus.Counter) float64 {
	var m dto.Metric
	if err := c.Write(&m); err != nil {
		panic(err)
	}
	return m.GetCounter().GetValue()
}

// A new capability's table entry (language-less, from commandtest) is
// registered with Discord as a slash command with its option, and its
// autocomplete source is asked while users type — with no edit to the
// adapter.
func TestNewCommandRegisteredAndCompleted(t *testing.T) {
	t.Parallel()
	f := newFake(t)
	table := newTestTable()
	table.cmds = append(table.cmds, commandtest.Capability{}.Commands()...)
	table.complete = commandtest.Capability{}.Complete
	start(t, f, Config{Guilds: []string{guildID}}, nil, func(a *Adapter) {
		a.table = table
		a.complete = func(_ context.Context, source, prefix string, lang bot.Lang) []bot.Choice {
			return table.Complete(source, prefix, lang)
		}
	})
	r := f.mustWait("PUT", "/applications/"+botID+"/guilds/"+guildID+"/commands", 0)
	var got []struct {
		Name              string            `json:"name"`
		NameLocalizations map[string]string `json:"name_localizations"`
		Description       string            `json:"description"`
		Options           []struct {
			Name         string `json:"name"`
			Autocomplete bool   `json:"autocomplete"`
		} `json:"options"`
	}
	if err := json.Unmarshal(r.Raw, &got); err != nil {
		t.Fatalf("body %s: %v", r.Raw, err)
	}
	var ping bool
	for _, c := range got {
		if c.Name == commandtest.Word {
			ping = c.NameLocalizations["en-GB"] == commandtest.Word && c.Description == commandtest.Help &&
				len(c.Options) == 1 && c.Options[0].Name == commandtest.Arg && c.Options[0].Autocomplete
		}
	}
	if !ping {
		t.Errorf("the new command is not registered as declared: %s", r.Raw)
	}
	ev := slashEvent("17", commandtest.Word, "nl", map[string]any{"name": commandtest.Arg, "type": 3, "value": "the", "focused": true})
	ev["type"] = 4
	f.dispatch("INTERACTION_CREATE", ev)
	cb := f.mustWait("POST", "/interactions/17/token-17/callback", 0)
	choices := cb.JSON["data"].(map[string]any)["choices"].([]any)
	if len(choices) != 1 || choices[0].(map[string]any)["value"] != commandtest.Target {
		t.Errorf("choices = %v", choices)
	}
}
