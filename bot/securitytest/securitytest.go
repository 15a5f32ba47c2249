// Package securitytest checks, for tests in any package, that privileged
// commands are refused on the server side: a user without the role gets a
// clear refusal and the store is left exactly as it was.
package securitytest

import (
	"context"
	"maps"
	"slices"
	"strings"
	"testing"

	"github.com/noaber/noaber/bot"
	"github.com/noaber/noaber/bot/store"
)

// Case is one privileged command tried by someone who may not use it.
type Case struct {
	// Name labels the subtest.
	Name string
	// User sends the command; give it no role (or the wrong one).
	User bot.User
	// Conv is where it is said; empty means a channel "<platform>:chan".
	Conv bot.Conversation
	// Text is the message, or Action the id of a clicked button.
	Text   string
	Action string
	// Want, when set, must appear in one of the replies (the refusal in the
	// user's language, e.g. "Alleen een beheerder").
	Want string
	// Ignore lists more top-level buckets the message may change because
	// it is answered as something else: a question remembered by the
	// answerer ("ask_answers") is not a privileged change.
	Ignore []string
}

// Ignored are the buckets a refused command may still touch: the user's
// profile, where the router remembers the language of their last message.
var Ignored = []string{"users"}

// Refused sends each case through h and fails the test unless it was
// answered, without the generic error, and without any change to db.
func Refused(t *testing.T, h bot.Handler, db *store.DB, cases []Case) {
	t.Helper()
	for _, c := range cases {
		t.Run(c.Name, func(t *testing.T) {
			skip := append(slices.Clone(Ignored), c.Ignore...)
			before, err := store.Dump(db, skip...)
			if err != nil {
				t.Fatal(err)
			}
			in := bot.Inbound{User: c.User, Conv: c.Conv, Text: c.Text}
			if in.Conv.ID == "" {
				in.Conv = bot.Conversation{ID: c.User.Platform() + ":chan", Kind: bot.Channel}
			}
			if c.Action != "" {
				in.Text, in.Action = "", &bot.Action{ID: c.Action}
			}
			replies := h.Handle(context.Background(), in)
			var texts []string
			for _, r := range replies {
				texts = append(texts, r.Text)
			}
			all := strings.Join(texts, "\n")
			switch {
			case len(replies) == 0 || strings.TrimSpace(all) == "":
				t.Errorf("%q by %s got no answer; a refusal must say why", c.Text+c.Action, c.User.ID)
			case strings.Contains(all, bot.Msgs.T(bot.NL, "unclear.error")) || strings.Contains(all, bot.Msgs.T(bot.EN, "unclear.error")):
				t.Errorf("%q by %s failed with an internal error instead of a refusal", c.Text+c.Action, c.User.ID)
			case c.Want != "" && !strings.Contains(all, c.Want):
				t.Errorf("%q by %s: replies lack %q:\n%s", c.Text+c.Action, c.User.ID, c.Want, all)
			}
			after, err := store.Dump(db, skip...)
			if err != nil {
				t.Fatal(err)
			}
			if !maps.Equal(before, after) {
				t.Errorf("%q by %s changed the store:\n%s", c.Text+c.Action, c.User.ID, Diff(before, after))
			}
		})
	}
}

// Diff lists the keys that differ between two dumps.
func Diff(before, after map[string]string) string {
	var lines []string
	for k, v := range after {
		if old, ok := before[k]; !ok {
			lines = append(lines, "+ "+k+" = "+short(v))
		} else if old != v {
			lines = append(lines, "~ "+k+": "+short(old)+" → "+short(v))
		}
	}
	for k, v := range before {
		if _, ok := after[k]; !ok {
			lines = append(lines, "- "+k+" = "+short(v))
		}
	}
	slices.Sort(lines)
	return strings.Join(lines, "\n")
}

func short(s string) string {
	if len(s) > 80 {
		return s[:80] + "…"
	}
	return s
}
