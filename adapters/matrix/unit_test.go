package matrix

import (
	"net/http"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"maunium.net/go/mautrix/event"
	"maunium.net/go/mautrix/id"

	"github.com/noaber/noaber/bot"
	"github.com/noaber/noaber/bot/store"
	"github.com/noaber/noaber/bot/store/storetest"
	"github.com/noaber/noaber/units"
)

func TestCatalogComplete(t *testing.T) {
	if err := msgs.Check(); err != nil {
		t.Fatal(err)
	}
}

func TestConfigValidate(t *testing.T) {
	ok := Config{Enabled: true, Homeserver: "https://matrix.example.org", UserID: "@noaber:example.org", Token: "t"}
	if err := ok.Validate(); err != nil {
		t.Fatalf("valid config: %v", err)
	}
	if err := (Config{}).Validate(); err != nil {
		t.Errorf("disabled config: %v", err)
	}
	for key, mutate := range map[string]func(*Config){
		"matrix.homeserver":      func(c *Config) { c.Homeserver = "matrix.example.org" },
		"matrix.user_id":         func(c *Config) { c.UserID = "noaber:example.org" },
		"matrix.token":           func(c *Config) { c.Token = "" },
		"matrix.device_id":       func(c *Config) { c.DeviceID = "a b" },
		"matrix.allowed_servers": func(c *Config) { c.AllowedServers = []string{"@example.org"} },
		"matrix.max_backoff":     func(c *Config) { c.MaxBackoff = units.Duration{Duration: 31 * time.Second} },
		"matrix.sync_timeout":    func(c *Config) { c.SyncTimeout = units.Duration{Duration: -time.Second} },
		"matrix.roles.admin":     func(c *Config) { c.Roles.Admin = []string{"alice"} },
		"matrix.roles.official":  func(c *Config) { c.Roles.Official = []string{"power:50:#alias:example.org"} },
	} {
		c := ok
		mutate(&c)
		if err := c.Validate(); err == nil || !strings.HasPrefix(err.Error(), key+":") {
			t.Errorf("want an error at %s, got %v", key, err)
		}
	}
	c := ok
	c.Token, c.Password = "", "pw"
	if err := c.Validate(); err != nil {
		t.Errorf("password instead of token: %v", err)
	}
}

func TestContentRendersMarkdownWithPlainBody(t *testing.T) {
	r := bot.Reply{
		Text:    "**Vraag 1.** Is het _echt_ een opdracht? Zie [de wet](https://wetten.overheid.nl) of [dit](javascript:alert(1)).\n<script>x</script>",
		Sources: []bot.Source{{Title: "Titel [met] haken", URL: "https://example.org/a b)c"}, {Title: "Zonder link", Ref: "art. 1"}},
		Choices: []bot.Choice{{ID: "c:1", Label: "Ja"}, {ID: "c:2", Label: "Nee"}},
	}
	c := content(r)
	if c.Format != event.FormatHTML || c.MsgType != event.MsgText {
		t.Fatalf("format %q msgtype %q", c.Format, c.MsgType)
	}
	for _, want := range []string{"<strong>Vraag 1.</strong>", "<em>echt</em>", `<a href="https://wetten.overheid.nl">de wet</a>`, "&lt;script&gt;", `<a href="https://example.org/a%20b%29c">Titel [met] haken</a>`, "[1] Ja  [2] Nee"} {
		if !strings.Contains(c.FormattedBody, want) {
			t.Errorf("formatted body lacks %q:\n%s", want, c.FormattedBody)
		}
	}
	if strings.Contains(c.FormattedBody, "javascript:") || strings.Contains(c.FormattedBody, "<script>") {
		t.Errorf("unsafe HTML kept:\n%s", c.FormattedBody)
	}
	for _, want := range []string{"Vraag 1. Is het _echt_", "de wet (https://wetten.overheid.nl)", "- 📎 Titel [met] haken (https://example.org/a%20b%29c)", "- 📎 Zonder link (art. 1)", "[1] Ja  [2] Nee"} {
		if !strings.Contains(c.Body, want) {
			t.Errorf("plain body lacks %q:\n%s", want, c.Body)
		}
	}
	if c.Mentions == nil || len(c.Mentions.UserIDs) != 0 || c.Mentions.Room {
		t.Errorf("mentions %+v, want explicitly none", c.Mentions)
	}
	long := content(bot.Reply{Text: strings.Repeat("é", maxBodyBytes)})
	if len(long.Body) > maxBodyBytes+8 || !utf8.ValidString(long.Body) {
		t.Errorf("long body: %d bytes, valid %v", len(long.Body), utf8.ValidString(long.Body))
	}
}

func TestRetryDelay(t *testing.T) {
	h := http.Header{}
	if d, _ := retryDelay(h, []byte(`{"errcode":"M_LIMIT_EXCEEDED","retry_after_ms":2500}`)); d != 2500*time.Millisecond {
		t.Errorf("retry_after_ms: %v", d)
	}
	h.Set("Retry-After", "3")
	if d, _ := retryDelay(h, []byte(`{"errcode":"M_LIMIT_EXCEEDED"}`)); d != 3*time.Second {
		t.Errorf("Retry-After: %v", d)
	}
	if d, _ := retryDelay(http.Header{}, []byte(`not json`)); d != time.Second {
		t.Errorf("default: %v", d)
	}
}

func testAdapter(t *testing.T) *Adapter {
	a := &Adapter{botID: botID, botName: "Noaber"}
	return a
}

func TestAddressedText(t *testing.T) {
	a := testAdapter(t)
	for _, c := range []struct {
		msg       event.MessageEventContent
		mentioned bool
		text      string
	}{
		{event.MessageEventContent{Body: "Noaber: wat is de drempel?"}, true, "wat is de drempel?"},
		{event.MessageEventContent{Body: "noaber, hulp"}, true, "hulp"},
		{event.MessageEventContent{Body: "@noaber hulp"}, true, "hulp"},
		{event.MessageEventContent{Body: "@noaber:test.org: hulp"}, true, "hulp"},
		{event.MessageEventContent{Body: "Noaberhof is een wijk"}, false, "Noaberhof is een wijk"},
		{event.MessageEventContent{Body: "ik vroeg het aan noaber"}, false, "ik vroeg het aan noaber"},
		{event.MessageEventContent{Body: "Bot: vraag", Mentions: &event.Mentions{UserIDs: []id.UserID{botID}}}, true, "Bot: vraag"},
		{event.MessageEventContent{Body: "Bot: vraag", FormattedBody: `<a href="https://matrix.to/#/@noaber:test.org">Bot</a>: vraag`}, true, "Bot: vraag"},
		{event.MessageEventContent{Body: "hoi", Mentions: &event.Mentions{UserIDs: []id.UserID{aliceID}}}, false, "hoi"},
	} {
		m := c.msg
		got, text := a.addressedText(&m)
		if got != c.mentioned || text != c.text {
			t.Errorf("%q: mentioned %v text %q, want %v %q", c.msg.Body, got, text, c.mentioned, c.text)
		}
	}
}

func TestParseConvAndUser(t *testing.T) {
	for in, want := range map[string][2]string{
		"matrix:!r:test.org":       {"!r:test.org", ""},
		"matrix:!r:test.org/$ev_1": {"!r:test.org", "$ev_1"},
	} {
		room, root, err := parseConv(in)
		if err != nil || room != want[0] || root != want[1] {
			t.Errorf("parseConv(%q) = %q %q %v", in, room, root, err)
		}
	}
	for _, bad := range []string{"", "matrix:", "matrix:r:test.org", "discord:!r:x", "matrix:!r:x/ev", "matrix:!r:x/$", "matrix:!r x"} {
		if _, _, err := parseConv(bad); err == nil {
			t.Errorf("parseConv(%q) accepted", bad)
		}
	}
	if u, err := parseUser("matrix:" + aliceID); err != nil || u != aliceID {
		t.Errorf("parseUser: %q %v", u, err)
	}
	for _, bad := range []string{"matrix:alice", "matrix:@alice", "mattermost:@a:b", "matrix:@:b"} {
		if _, err := parseUser(bad); err == nil {
			t.Errorf("parseUser(%q) accepted", bad)
		}
	}
	if got := (target{room: "!r:test.org", root: "$x"}).convID(); got != "matrix:!r:test.org/$x" {
		t.Errorf("convID %q", got)
	}
}

func TestTxnIDIsStablePerNonceAndPart(t *testing.T) {
	a, b := txnID("n", 0), txnID("n", 0)
	if a != b || a == txnID("n", 1) || a == txnID("m", 0) {
		t.Error("transaction ids must be stable per nonce and part, and differ otherwise")
	}
}

// FuzzInbound feeds arbitrary message bodies and ids through the parsers
// of what users send: no panic, valid UTF-8 in, valid UTF-8 out, and a
// conversation id the adapter makes is one it can read back.
func FuzzInbound(f *testing.F) {
	for _, s := range []string{"Noaber: hulp", "noaber", "@noaber:test.org", "", "Noaber:", "@", "nOaBeR,\t2", "\xff\xfe", "!r:x/$e"} {
		f.Add(s, "$e1")
	}
	a := testAdapter(nil)
	f.Fuzz(func(t *testing.T, body, ev string) {
		m := event.MessageEventContent{Body: body}
		_, text := a.addressedText(&m)
		if utf8.ValidString(body) && !utf8.ValidString(text) {
			t.Errorf("invalid UTF-8 from %q: %q", body, text)
		}
		_, _, _ = parseConv("matrix:" + body)
		_, _ = parseUser("matrix:" + body)
		_, _ = parseSelector(body)
		_ = defuse(body)
		if validRoomID("!"+strings.ReplaceAll(body, "/", "")) && strings.HasPrefix(ev, "$") && len(ev) > 1 && !strings.ContainsAny(ev, "/") {
			room := "!" + strings.ReplaceAll(body, "/", "")
			if strings.ContainsAny(room, " \t\n") {
				return
			}
			r, root, err := parseConv(target{room: room, root: ev}.convID())
			if err != nil || r != room || root != ev {
				t.Errorf("round trip of %q %q: %q %q %v", room, ev, r, root, err)
			}
		}
	})
}

func TestPrivacyExportsAndErasesTheDirectRoom(t *testing.T) {
	db := storetest.Open(t)
	s := state{db: db, now: time.Now}
	if err := s.rememberDM(aliceID, "!dm:test.org"); err != nil {
		t.Fatal(err)
	}
	var p Privacy
	_ = db.View(func(tx *store.Tx) error {
		got, err := p.ExportUser(tx, "matrix:"+aliceID)
		if m, _ := got.(map[string]string); err != nil || m["direct_room"] != "!dm:test.org" {
			t.Errorf("export = %v, %v", got, err)
		}
		if got, _ := p.ExportUser(tx, "matrix:"+bobID); got != nil {
			t.Errorf("bob has %v", got)
		}
		return nil
	})
	if err := db.Update(func(tx *store.Tx) error {
		n, err := p.EraseUser(tx, "matrix:"+aliceID)
		if n != 1 {
			t.Errorf("erased %d", n)
		}
		return err
	}); err != nil {
		t.Fatal(err)
	}
	if s.dmRoom(aliceID) != "" {
		t.Error("direct room kept after erasure")
	}
}
