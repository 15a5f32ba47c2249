package discord

import (
	"context"
	"io"
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
