package matrix

import (
	"context"
	"strconv"
	"strings"

	"maunium.net/go/mautrix/event"
	"maunium.net/go/mautrix/id"

	"github.com/noaber/noaber/bot"
)

// keycaps are the reactions offered as shortcuts for choices 1 to 10.
var keycaps = []string{"1️⃣", "2️⃣", "3️⃣", "4️⃣", "5️⃣", "6️⃣", "7️⃣", "8️⃣", "9️⃣", "🔟"}

// keycapIndex returns the choice index of a reaction key, or -1. Clients
// differ in sending the emoji variation selector, so it is ignored.
func keycapIndex(key string) int {
	key = strings.ReplaceAll(key, "\uFE0F", "")
	for i, k := range keycaps {
		if strings.ReplaceAll(k, "\uFE0F", "") == key {
			return i
		}
	}
	return -1
}

// maxReactionRefs bounds how many messages with choices are remembered
// for reactions.
const maxReactionRefs = 5000

// offerReactions adds 1️⃣ 2️⃣ … to the bot's message evID with choices, so
// a user whose client shows reactions can tap instead of typing, and
// remembers which message they answer. Failures only cost the shortcut.
func (a *Adapter) offerReactions(ctx context.Context, t target, evID string, r bot.Reply) {
	if !a.cfg.reactions() || t.user == "" || len(r.Choices) == 0 || len(r.Choices) > len(keycaps) {
		return
	}
	a.mu.Lock()
	if len(a.reactOrder) >= maxReactionRefs {
		delete(a.reactTo, a.reactOrder[0])
		a.reactOrder = a.reactOrder[1:]
	}
	a.reactTo[evID] = t
	a.reactOrder = append(a.reactOrder, evID)
	if len(a.lastOffer) >= maxReactionRefs {
		clear(a.lastOffer)
	}
	a.lastOffer[t.numberedKey()] = evID
	a.mu.Unlock()
	for i := range r.Choices {
		c := &event.ReactionEventContent{RelatesTo: event.RelatesTo{Type: event.RelAnnotation, EventID: id.EventID(evID), Key: keycaps[i]}}
		if _, err := a.api.SendMessageEvent(ctx, id.RoomID(t.room), event.EventReaction, c, a.txn(r.Nonce, 100+i)); err != nil {
			a.log.Debug("choice reaction not sent", "err", shortErr(err))
			return
		}
	}
}

// onReaction treats a user's 1️⃣ 2️⃣ … on a message of the bot with
// choices as typing that number: only on the message with the choices
// shown last to that user, and only while they stand. Any other reaction
// is just a reaction.
func (a *Adapter) onReaction(ctx context.Context, evt *event.Event) {
	rc, ok := evt.Content.Parsed.(*event.ReactionEventContent)
	if !ok || rc.RelatesTo.Type != event.RelAnnotation {
		return
	}
	i := keycapIndex(rc.RelatesTo.Key)
	a.mu.Lock()
	t, known := a.reactTo[string(rc.RelatesTo.EventID)]
	last := known && a.lastOffer[t.numberedKey()] == string(rc.RelatesTo.EventID)
	a.mu.Unlock()
	if i < 0 || !last || t.user != string(evt.Sender) || a.numbered.Resolve(t.numberedKey(), strconv.Itoa(i+1)) == nil {
		return
	}
	t.replyTo = string(evt.ID)
	a.answer(ctx, t, string(evt.ID), strconv.Itoa(i+1))
}
