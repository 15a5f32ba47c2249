package mattermost

import (
	"errors"
	"io"
	"log/slog"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/mattermost/mattermost/server/public/model"

	"github.com/noaber/noaber/bot"
	"github.com/noaber/noaber/bot/commandtest"
	"github.com/noaber/noaber/units"
)

func TestSplitMessage(t *testing.T) {
	p := func(c string, n int) string { return strings.TrimSpace(strings.Repeat(c+" ", n)) }
	tests := []struct {
		name  string
		text  string
		limit int
		want  []string
	}{
		{"short", "hallo", 100, []string{"hallo"}},
		{"paragraphs", p("a", 20) + "\n\n" + p("b", 20), 50, []string{p("a", 20), p("b", 20)}},
		{"line ends", p("a", 20) + "\n" + p("b", 20), 50, []string{p("a", 20), p("b", 20)}},
		{"words", p("woord", 12), 40, []string{p("woord", 6), p("woord", 6)}},
		{"runes not bytes", strings.Repeat("é", 30), 30, []string{strings.Repeat("é", 30)}},
		{"code fence reopened", "```\n" + p("x", 20) + "\n" + p("y", 20) + "\n```", 50,
			[]string{"```\n" + p("x", 20) + "\n```", "```\n" + p("y", 20) + "\n```"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := splitMessage(tt.text, tt.limit)
			if strings.Join(got, "|") != strings.Join(tt.want, "|") {
				t.Errorf("got %q\nwant %q", got, tt.want)
			}
			for _, part := range got {
				if n := utf8.RuneCountInString(part); n > tt.limit {
					t.Errorf("part of %d runes exceeds %d", n, tt.limit)
				}
			}
		})
	}
}

func FuzzSplitMessage(f *testing.F) {
	f.Add("hallo\n\nwereld", 10)
	f.Add("```go\nx := 1\n```\n\ntekst", 12)
	f.Fuzz(func(t *testing.T, s string, limit int) {
		if limit < 32 || limit > 1000 || !utf8.ValidString(s) {
			return
		}
		for _, part := range splitMessage(s, limit) {
			if n := utf8.RuneCountInString(part); n > limit {
				t.Fatalf("part of %d runes exceeds %d", n, limit)
			}
		}
	})
}

func TestRenderSources(t *testing.T) {
	got := renderText(bot.Reply{Text: "Antwoord.\n", Sources: []bot.Source{
		{Title: "Aanbestedingswet [2012]", URL: "https://wetten.overheid.nl/x", Ref: "art. 2.17"},
		{Title: "Handreiking"},
		{Title: "Kwaad", URL: "javascript:alert(1)"},
	}})
	want := "Antwoord.\n\n- 📎 [Aanbestedingswet \\[2012\\]](https://wetten.overheid.nl/x) (art. 2.17)\n- 📎 Handreiking\n- 📎 Kwaad"
	if got != want {
		t.Errorf("got  %q\nwant %q", got, want)
	}
}

func TestSignerRoundTrip(t *testing.T) {
	now := time.Unix(1_800_000_000, 0)
	s := newSigner([]byte(testSecret), time.Hour, func() time.Time { return now })
	ch, post, alice, bob := model.NewId(), model.NewId(), model.NewId(), model.NewId()

	ctx := s.sign(actionClaims{Choice: "events:rsvp:1", Channel: ch, Kind: "c"})
	c, err := s.verify(ctx, click{UserID: alice, ChannelID: ch, PostID: post})
	if err != nil || c.Choice != "events:rsvp:1" {
		t.Fatalf("verify = %+v, %v", c, err)
	}
	if _, err := s.verify(ctx, click{UserID: bob, ChannelID: ch, PostID: post}); err != nil {
		t.Errorf("reusable button, second user: %v", err)
	}
	if _, err := s.verify(ctx, click{UserID: bob, ChannelID: ch, PostID: model.NewId()}); !errors.Is(err, ErrWrongBinding) {
		t.Errorf("other post: %v", err)
	}

	// Every field is covered by the signature.
	for _, k := range []string{ctxChoice, ctxChannel, ctxRoot, ctxKind, ctxUser, ctxPost, ctxNonce, ctxExpires} {
		m := s.sign(actionClaims{Choice: "a:b", Channel: ch, Root: post, Kind: "t", User: alice, Post: post})
		m[k] = "00" + strings.Repeat("x", 3)
		if _, err := s.parse(m); !errors.Is(err, ErrBadContext) {
			t.Errorf("tampered %s: %v", k, err)
		}
	}

	personal := s.sign(actionClaims{Choice: "check:yes", Channel: ch, User: alice})
	if _, err := s.verify(personal, click{UserID: bob, ChannelID: ch, PostID: post}); !errors.Is(err, ErrWrongBinding) {
		t.Errorf("personal button by another user: %v", err)
	}
	if _, err := s.verify(personal, click{UserID: alice, ChannelID: ch, PostID: post}); err != nil {
		t.Errorf("personal button: %v", err)
	}
	if _, err := s.verify(personal, click{UserID: alice, ChannelID: ch, PostID: post}); !errors.Is(err, ErrReplayed) {
		t.Errorf("personal button twice: %v", err)
	}

	later := s.sign(actionClaims{Choice: "a:b", Channel: ch})
	now = now.Add(2 * time.Hour)
	if _, err := s.verify(later, click{UserID: alice, ChannelID: ch, PostID: post}); !errors.Is(err, ErrExpired) {
		t.Errorf("expired: %v", err)
	}
}

func TestSignerBindAtCreation(t *testing.T) {
	s := newSigner([]byte(testSecret), time.Hour, time.Now)
	ch, post := model.NewId(), model.NewId()
	ctx := s.sign(actionClaims{Choice: "a:b", Channel: ch})
	s.bind(ctx[ctxNonce].(string), post)
	if _, err := s.verify(ctx, click{UserID: model.NewId(), ChannelID: ch, PostID: model.NewId()}); !errors.Is(err, ErrWrongBinding) {
		t.Errorf("first click on another post: %v", err)
	}
}

func FuzzVerifyContext(f *testing.F) {
	s := newSigner([]byte(testSecret), time.Hour, time.Now)
	good := s.sign(actionClaims{Choice: "events:rsvp:1", Channel: "c", Kind: "c"})
	f.Add(good[ctxChoice].(string), good[ctxChannel].(string), good[ctxNonce].(string), good[ctxExpires].(string), good[ctxSig].(string), "", "c")
	f.Add("x", "c", "n", "99999999999", "sig", "u", "c")
	f.Fuzz(func(t *testing.T, choice, channel, nonce, exp, sig, user, reqChannel string) {
		m := map[string]any{ctxChoice: choice, ctxChannel: channel, ctxNonce: nonce, ctxExpires: exp, ctxSig: sig}
		if user != "" {
			m[ctxUser] = user
		}
		c, err := s.verify(m, click{UserID: "someone", ChannelID: reqChannel, PostID: "p"})
		if err != nil {
			return
		}
		// Accepted: it must be exactly a context the signer made.
		if sig != s.mac(c) || c.Channel != reqChannel || (c.User != "" && c.User != "someone") {
			t.Fatalf("accepted a context it did not sign: %+v", m)
		}
	})
}

func TestParseCommand(t *testing.T) {
	u, ch, root := model.NewId(), model.NewId(), model.NewId()
	c, err := parseCommand(url.Values{"user_id": {u}, "channel_id": {ch}, "root_id": {root}, "text": {"  deadline lijst "}, "token": {"t"}}, "")
	if err != nil || c.Text != "deadline lijst" || c.RootID != root || c.Token != "t" {
		t.Errorf("parse = %+v, %v", c, err)
	}
	c, _ = parseCommand(url.Values{"user_id": {u}, "channel_id": {ch}}, "Token abc")
	if c.Text != "hulp" || c.Token != "abc" {
		t.Errorf("empty command = %+v", c)
	}
	c, _ = parseCommand(url.Values{"user_id": {u}, "channel_id": {ch}, "text": {"/noaber taal en"}}, "")
	if c.Text != "taal en" {
		t.Errorf("trigger kept: %q", c.Text)
	}
	for _, bad := range []url.Values{{}, {"user_id": {"x"}, "channel_id": {ch}}, {"user_id": {u}, "channel_id": {ch}, "root_id": {"../x"}}} {
		if _, err := parseCommand(bad, ""); err == nil {
			t.Errorf("accepted %v", bad)
		}
	}
}

func FuzzParseCommand(f *testing.F) {
	f.Add("token=abc&user_id=abcdefghijklmnopqrstuvwxyz&channel_id=abcdefghijklmnopqrstuvwxyz&text=deadline+nieuw", "")
	f.Add("text=%ff%fe&user_id=1", "Token x")
	f.Fuzz(func(t *testing.T, body, auth string) {
		form, err := url.ParseQuery(body)
		if err != nil {
			return
		}
		c, err := parseCommand(form, auth)
		if err != nil {
			return
		}
		if !utf8.ValidString(c.Text) || c.Text == "" || c.Text != strings.TrimSpace(c.Text) || len(c.Text) > maxCommandText {
			t.Fatalf("bad text %q", c.Text)
		}
		if !model.IsValidId(c.UserID) || !model.IsValidId(c.ChannelID) {
			t.Fatalf("bad ids %+v", c)
		}
	})
}

func TestTokenOK(t *testing.T) {
	if !tokenOK("abc", "abc") || tokenOK("abd", "abc") || tokenOK("", "") || tokenOK("abc", "") || tokenOK("ab", "abc") {
		t.Error("tokenOK")
	}
}

func TestStripMention(t *testing.T) {
	tests := map[string]string{
		"@noaber wat is dit?":          "wat is dit?",
		"@Noaber, help":                "help",
		"hoi @noaber: taal en":         "hoi : taal en",
		"vraag aan @noaber.":           "vraag aan .",
		"@noaber.bot is iemand anders": "@noaber.bot is iemand anders",
		"mail@noaber.nl":               "mail@noaber.nl",
	}
	for in, want := range tests {
		if got := stripMention(in, "noaber"); got != want {
			t.Errorf("stripMention(%q) = %q, want %q", in, got, want)
		}
	}
	if !mentionRe("noaber").MatchString("hé @noaber!") || mentionRe("noaber").MatchString("@noaberbot") {
		t.Error("mentionRe")
	}
}

func TestRetryDelay(t *testing.T) {
	h := http.Header{}
	h.Set("Retry-After", "3")
	if d, ok := retryDelay(h, nil); !ok || d != 3*time.Second {
		t.Errorf("seconds: %v %v", d, ok)
	}
	h.Set("Retry-After", "soon")
	if _, ok := retryDelay(h, nil); ok {
		t.Error("garbage accepted")
	}
	h = http.Header{}
	h.Set("X-Ratelimit-Reset", "2")
	if d, _ := retryDelay(h, nil); d != 2*time.Second {
		t.Errorf("reset: %v", d)
	}
}

func TestConvIDs(t *testing.T) {
	ch, root := model.NewId(), model.NewId()
	for _, tt := range []struct {
		id       string
		ch, root string
		wantErr  bool
	}{
		{"mattermost:" + ch, ch, "", false},
		{"mattermost:" + ch + "/" + root, ch, root, false},
		{"discord:" + ch, "", "", true},
		{"mattermost:" + ch + "/", ch, "", false},
		{"mattermost:short", "", "", true},
	} {
		c, r, err := parseConv(tt.id)
		if (err != nil) != tt.wantErr || (!tt.wantErr && (c != tt.ch || r != tt.root)) {
			t.Errorf("parseConv(%q) = %q %q %v", tt.id, c, r, err)
		}
	}
	if got := (target{channel: ch, root: root}).convID(); got != "mattermost:"+ch+"/"+root {
		t.Errorf("convID = %q", got)
	}
}

func TestConfigValidate(t *testing.T) {
	ok := Config{Enabled: true, URL: "https://chat.example.org", Token: "t"}
	tests := []struct {
		name   string
		mutate func(*Config)
		key    string // "" means valid
	}{
		{"minimal", func(*Config) {}, ""},
		{"disabled needs nothing", func(c *Config) { *c = Config{} }, ""},
		{"no url", func(c *Config) { c.URL = "" }, "mattermost.url:"},
		{"bad url", func(c *Config) { c.URL = "chat.example.org" }, "mattermost.url:"},
		{"no token", func(c *Config) { c.Token = "" }, "mattermost.token:"},
		{"short secret", func(c *Config) { c.ActionSecret = "geheim" }, "mattermost.action_secret:"},
		{"relative action url", func(c *Config) { c.ActionURL = "/mattermost/action" }, "mattermost.action_url:"},
		{"command path", func(c *Config) { c.CommandPath = "noaber" }, "mattermost.command_path:"},
		{"negative ttl", func(c *Config) { c.ActionTTL = units.Duration{Duration: -time.Second} }, "mattermost.action_ttl:"},
		{"tiny ping timeout", func(c *Config) { c.PingTimeout = units.Duration{Duration: time.Millisecond} }, "mattermost.ping_timeout:"},
		{"negative workers", func(c *Config) { c.Workers = -1 }, "mattermost.workers:"},
		{"bad channel", func(c *Config) { c.Channels = []string{"town-square"} }, "mattermost.channels:"},
		{"bad role selector", func(c *Config) { c.Roles.Admin = []string{"alice"} }, "mattermost.roles.admin:"},
		{"bad role id", func(c *Config) { c.Roles.Organiser = []string{"team:abc"} }, "mattermost.roles.organiser:"},
		{"good roles", func(c *Config) {
			c.Roles = RoleMap{Admin: []string{"system:system_admin"}, Official: []string{"user:" + model.NewId(), "channel:" + model.NewId()}}
		}, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := ok
			tt.mutate(&c)
			err := c.Validate()
			if tt.key == "" {
				if err != nil {
					t.Errorf("unexpected error: %v", err)
				}
				return
			}
			if err == nil || !strings.HasPrefix(err.Error(), tt.key) {
				t.Errorf("error = %v, want prefix %q", err, tt.key)
			}
		})
	}
}

func TestNewNeedsActionURL(t *testing.T) {
	cfg := Config{Enabled: true, URL: "https://chat.example.org", Token: "t"}
	if _, err := New(cfg, Deps{}); err == nil || !strings.HasPrefix(err.Error(), "mattermost.action_url:") {
		t.Errorf("New without action url: %v", err)
	}
	a, err := New(cfg, Deps{PublicURL: "https://bot.example.org/", Log: slog.New(slog.NewTextHandler(io.Discard, nil))})
	if err != nil {
		t.Fatal(err)
	}
	if a.ActionURL() != "https://bot.example.org/mattermost/action" || a.actionPath != "/mattermost/action" {
		t.Errorf("action url %q path %q", a.ActionURL(), a.actionPath)
	}
	mux := http.NewServeMux()
	a.Mount(mux) // no command token: only the action path
	if _, pattern := mux.Handler(httpReq("POST", "/mattermost/command")); pattern != "" {
		t.Errorf("command served without a token: %q", pattern)
	}
	if _, pattern := mux.Handler(httpReq("POST", "/mattermost/action")); pattern == "" {
		t.Error("action path not mounted")
	}
}

func httpReq(method, path string) *http.Request {
	r, _ := http.NewRequest(method, "http://x"+path, nil)
	return r
}

// The slash command's autocomplete hint comes from the command table: a
// new capability's entry (language-less, from commandtest) shows up with no
// edit to the adapter; the question without words gives the description.
func TestAutocompleteFromTable(t *testing.T) {
	both := func(nl, en string) map[bot.Lang]string { return map[bot.Lang]string{bot.NL: nl, bot.EN: en} }
	table := append([]bot.Command{
		{ID: "ask.question", Menu: true, Desc: both("Stel een vraag", "Ask a question"), Args: []bot.Arg{{Name: both("vraag", "question")}}},
		{ID: "d.list", Words: map[bot.Lang][]string{bot.NL: {"deadline"}, bot.EN: {"deadline"}}, Menu: true, Args: []bot.Arg{{Name: both("tekst", "text")}}},
		{ID: "d.new", Words: map[bot.Lang][]string{bot.NL: {"deadline nieuw"}, bot.EN: {"deadline new"}}},
		{ID: "p.show", Words: map[bot.Lang][]string{bot.NL: {"mijn gegevens"}, bot.EN: {"my data"}}, Whole: true, Menu: true,
			Args: []bot.Arg{{Name: both("actie", "action"), Choices: []bot.ArgChoice{{Value: "x", Command: "p.show"}}}}},
		{ID: "core.help", Words: map[bot.Lang][]string{bot.NL: {"hulp"}, bot.EN: {"help"}}, Menu: true},
	}, commandtest.Capability{}.Commands()...)
	hint, desc := autocomplete(table, bot.NL)
	if want := "[deadline … | mijn gegevens | hulp | " + commandtest.Word + " …]"; hint != want || desc != "Stel een vraag" {
		t.Errorf("nl: %q, %q; want %q", hint, desc, want)
	}
	if hint, desc := autocomplete(table, bot.EN); !strings.Contains(hint, "| help |") || desc != "Ask a question" {
		t.Errorf("en: %q, %q", hint, desc)
	}
	a := &Adapter{}
	if hint, desc := a.Autocomplete(bot.NL); hint != "" || desc != "" {
		t.Errorf("without a table: %q, %q", hint, desc)
	}
}
