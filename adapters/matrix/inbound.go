package matrix

import (
	"context"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"maunium.net/go/mautrix/event"
	"maunium.net/go/mautrix/id"

	"github.com/noaber/noaber/bot"
)

// onMessage answers a message when it is addressed to the bot: anything in
// a direct room, a mention (pill or plain name) in a room, and anything in
// a thread the bot takes part in. A mention outside a thread is answered
// in a new thread under it.
func (a *Adapter) onMessage(ctx context.Context, room string, evt *event.Event) {
	msg, ok := evt.Content.Parsed.(*event.MessageEventContent)
	if !ok {
		return
	}
	// Notices are what bots send (answering them loops two bots); edits
	// and media are not questions.
	if msg.MsgType != event.MsgText || (msg.RelatesTo != nil && msg.RelatesTo.Type == event.RelReplace) {
		return
	}
	msg.RemoveReplyFallback()
	root := ""
	if msg.RelatesTo != nil && msg.RelatesTo.Type == event.RelThread {
		root = string(msg.RelatesTo.EventID)
	}
	direct := a.isDirect(room)
	mentioned, text := a.addressedText(msg)
	if !direct && !mentioned && (root == "" || !a.state.inThread(room, root)) {
		return
	}
	t := target{room: room, root: root, direct: direct, user: string(evt.Sender), replyTo: string(evt.ID)}
	if !direct && root == "" {
		t.root = string(evt.ID) // answer in a thread under the question
	}
	a.answer(ctx, t, string(evt.ID), text)
}

// answer hands text from t.user to the core and delivers the replies to
// t. eventID is the event answered; replies get transaction ids derived
// from it, so a re-handled event (after a crash) is answered once.
func (a *Adapter) answer(ctx context.Context, t target, eventID, text string) {
	hp := a.handler.Load()
	if hp == nil {
		return
	}
	if !utf8.ValidString(text) {
		text = strings.ToValidUTF8(text, "�")
	}
	kind := bot.Thread
	if t.direct {
		kind = bot.Direct
	}
	user := bot.User{ID: Name + ":" + t.user, Name: localpart(t.user), Roles: a.roles.of(ctx, t.user)}
	in := bot.Inbound{User: user, Conv: bot.Conversation{ID: t.convID(), Kind: kind}, Text: text}
	key := bot.NumberedKey(in.Conv.ID, user.ID)
	if act := a.numbered.Resolve(key, text); act != nil {
		in.Text, in.Action = "", act
	}
	replies := (*hp).Handle(ctx, in)
	a.numbered.Forget(key) // numbers answer only the choices shown last
	for i, r := range replies {
		if r.Nonce == "" {
			r.Nonce = "in:" + eventID + "#" + strconv.Itoa(i)
		}
		if err := a.deliver(ctx, t, r, "reply"); err != nil {
			a.log.Warn("reply not delivered", "err", err)
		}
	}
}

// isDirect reports whether room is a direct room: one the bot was invited
// to as direct or opened itself, or one with just the bot and one user.
func (a *Adapter) isDirect(room string) bool {
	if a.state.isDirect(room) {
		return true
	}
	a.mu.Lock()
	defer a.mu.Unlock()
	return a.memberCount[room] == 2
}

// addressedText reports whether msg mentions the bot — in m.mentions, as
// a pill (a matrix.to link), by user id, or by display name or localpart
// at the start ("Noaber: …", "noaber, …") — and returns the text with
// the mention taken out.
func (a *Adapter) addressedText(msg *event.MessageEventContent) (bool, string) {
	botID, name := a.self()
	text := msg.Body
	mentioned := msg.Mentions != nil && slices.Contains(msg.Mentions.UserIDs, id.UserID(botID))
	if f := msg.FormattedBody; f != "" && (strings.Contains(f, "matrix.to/#/"+botID) || strings.Contains(f, "matrix.to/#/"+url.PathEscape(botID))) {
		mentioned = true
	}
	if strings.Contains(text, botID) {
		mentioned = true
		text = strings.ReplaceAll(text, botID, " ")
	}
	trimmed := strings.TrimLeftFunc(text, unicode.IsSpace)
	trimmed = strings.TrimPrefix(trimmed, "@")
	for _, n := range []string{name, localpart(botID)} {
		if n == "" || len(trimmed) < len(n) || !strings.EqualFold(trimmed[:len(n)], n) {
			continue
		}
		rest := trimmed[len(n):]
		if r, _ := utf8.DecodeRuneInString(rest); rest == "" || r == ':' || r == ',' || unicode.IsSpace(r) {
			mentioned = true
			text = strings.TrimLeft(rest, ":, \t\n")
			break
		}
	}
	text = strings.TrimSpace(text)
	if mentioned {
		text = strings.TrimLeft(text, ":, \t\n") // what separated the mention
	}
	return mentioned, text
}

// localpart returns "alice" for "@alice:example.org".
func localpart(userID string) string {
	l, _, _ := strings.Cut(strings.TrimPrefix(userID, "@"), ":")
	return l
}
