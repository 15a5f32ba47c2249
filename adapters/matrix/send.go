package matrix

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"strconv"
	"strings"

	"maunium.net/go/mautrix"
	"maunium.net/go/mautrix/event"
	"maunium.net/go/mautrix/id"

	"github.com/noaber/noaber/bot"
	"github.com/noaber/noaber/bot/metrics"
)

// target is where a message goes and for whom.
type target struct {
	room    string
	root    string // thread root event; "" for the room's main timeline
	direct  bool
	user    string // the Matrix user answered ("" for a message to a room)
	replyTo string // the event answered, for the thread's reply fallback
}

// convID encodes the target as a platform-scoped conversation id.
func (t target) convID() string {
	if t.root != "" {
		return Name + ":" + t.room + "/" + t.root
	}
	return Name + ":" + t.room
}

// numberedKey is where the choices shown to t.user in t are kept.
func (t target) numberedKey() string { return bot.NumberedKey(t.convID(), Name+":"+t.user) }

// parseConv decodes "matrix:!room[/$root]".
func parseConv(s string) (room, root string, err error) {
	rest, ok := strings.CutPrefix(s, Name+":")
	if ok {
		room, root, _ = strings.Cut(rest, "/")
	}
	if !ok || !validRoomID(room) || (root != "" && (!strings.HasPrefix(root, "$") || len(root) < 2)) {
		return "", "", fmt.Errorf("%q is not a matrix conversation", s)
	}
	return room, root, nil
}

// parseUser decodes "matrix:@user:server".
func parseUser(s string) (string, error) {
	rest, ok := strings.CutPrefix(s, Name+":")
	if !ok || !validUserID(rest) {
		return "", fmt.Errorf("%q is not a matrix user", s)
	}
	return rest, nil
}

// Send delivers a proactive message: to a room or thread, or by direct
// message when to.Conversation is empty. The outbox's nonce becomes the
// transaction id, so a retry after a lost answer never posts twice. While
// /sync fails it returns ErrDisconnected, so the outbox retries later.
func (a *Adapter) Send(ctx context.Context, to bot.Address, r bot.Reply) error {
	if !a.connected() {
		return fmt.Errorf("send: %w", ErrDisconnected)
	}
	var t target
	if to.User != "" {
		u, err := parseUser(to.User)
		if err != nil {
			return fmt.Errorf("send: %v: %w", err, bot.ErrPermanent)
		}
		t.user = u
	}
	if to.Conversation == "" {
		if t.user == "" {
			return fmt.Errorf("send: empty address: %w", bot.ErrPermanent)
		}
		r.Visibility = bot.DM
	} else {
		room, root, err := parseConv(to.Conversation)
		if err != nil {
			return fmt.Errorf("send: %v: %w", err, bot.ErrPermanent)
		}
		t.room, t.root, t.direct = room, root, a.isDirect(room)
		if r.Visibility != bot.Public && t.user == "" {
			r.Visibility = bot.Public // no one to show it to alone
		}
	}
	return a.deliver(ctx, t, r, "proactive")
}

// deliver sends r to t. Matrix has no messages only one member of a room
// sees, so a private reply outside a direct room goes by direct message.
func (a *Adapter) deliver(ctx context.Context, t target, r bot.Reply, kind string) error {
	if r.Visibility != bot.Public && !t.direct {
		room, err := a.dmRoom(ctx, t.user)
		if err != nil {
			return err
		}
		t = target{room: room, direct: true, user: t.user}
	}
	err := a.post(ctx, t, r)
	if t.direct && t.root == "" && errors.Is(err, mautrix.MForbidden) && t.user != "" && a.state.dmRoom(t.user) == t.room {
		// The bot was removed from the user's direct room: open another.
		_ = a.state.forgetDM(t.user, t.room)
		room, derr := a.dmRoom(ctx, t.user)
		if derr != nil {
			return derr
		}
		t.room = room
		err = a.post(ctx, t, r)
	}
	if err != nil {
		return a.sendErr(err)
	}
	metrics.MessagesOut.WithLabelValues(Name, kind).Inc()
	return nil
}

// post sends the text (with sources and numbered choices) and then each
// file, in t's thread when it has one.
func (a *Adapter) post(ctx context.Context, t target, r bot.Reply) error {
	c := content(r)
	if t.user != "" && !t.direct && r.Visibility == bot.Public {
		c.Mentions.UserIDs = []id.UserID{id.UserID(t.user)} // tell the asker, no one else
	}
	a.relate(c, t)
	sent, err := a.api.SendMessageEvent(ctx, id.RoomID(t.room), event.EventMessage, c, a.txn(r.Nonce, 0))
	if err != nil {
		return err
	}
	if t.user != "" && len(r.Choices) > 0 {
		a.numbered.Remember(t.numberedKey(), r.Choices)
		a.offerReactions(ctx, t, string(sent.EventID), r)
	}
	if t.root != "" {
		if err := a.state.joinThread(t.room, t.root); err != nil {
			a.log.Error("store the thread", "err", err)
		}
	}
	for i, f := range r.Files {
		up, err := a.api.UploadBytesWithName(ctx, f.Data, f.ContentType, f.Name)
		if err != nil {
			return fmt.Errorf("upload %s: %w", f.Name, err)
		}
		fc := &event.MessageEventContent{
			MsgType: event.MsgFile, Body: f.Name, FileName: f.Name,
			URL:      up.ContentURI.CUString(),
			Info:     &event.FileInfo{MimeType: f.ContentType, Size: len(f.Data)},
			Mentions: &event.Mentions{},
		}
		a.relate(fc, t)
		if _, err := a.api.SendMessageEvent(ctx, id.RoomID(t.room), event.EventMessage, fc, a.txn(r.Nonce, i+1)); err != nil {
			return err
		}
	}
	return nil
}

// relate puts c in t's thread, with the reply fallback older clients show.
func (a *Adapter) relate(c *event.MessageEventContent, t target) {
	if t.root == "" {
		return
	}
	replyTo := t.replyTo
	if replyTo == "" {
		replyTo = t.root
	}
	c.RelatesTo = &event.RelatesTo{
		Type: event.RelThread, EventID: id.EventID(t.root),
		IsFallingBack: true, InReplyTo: &event.InReplyTo{EventID: id.EventID(replyTo)},
	}
}

// txn is the transaction id of part n of a message with nonce; without a
// nonce the SDK picks a random one.
func (a *Adapter) txn(nonce string, n int) mautrix.ReqSendEvent {
	if nonce == "" {
		return mautrix.ReqSendEvent{}
	}
	return mautrix.ReqSendEvent{TransactionID: txnID(nonce, n)}
}

func txnID(nonce string, n int) string {
	sum := sha256.Sum256([]byte(nonce + "#" + strconv.Itoa(n)))
	return "noaber-" + hex.EncodeToString(sum[:16])
}

// dmRoom returns the direct room with userID, opening it once and
// remembering it in the store.
func (a *Adapter) dmRoom(ctx context.Context, userID string) (string, error) {
	if userID == "" {
		return "", fmt.Errorf("direct message without a user: %w", bot.ErrPermanent)
	}
	a.dmMu.Lock()
	defer a.dmMu.Unlock()
	if room := a.state.dmRoom(userID); room != "" {
		return room, nil
	}
	resp, err := a.api.CreateRoom(ctx, &mautrix.ReqCreateRoom{
		Invite: []id.UserID{id.UserID(userID)}, IsDirect: true, Preset: "trusted_private_chat",
	})
	if err != nil {
		return "", fmt.Errorf("open direct room: %w", a.sendErr(err))
	}
	if err := a.state.rememberDM(userID, string(resp.RoomID)); err != nil {
		return "", fmt.Errorf("store the direct room: %w", err)
	}
	return string(resp.RoomID), nil
}

// sendErr shortens an SDK error; one that retrying cannot mend (the bot
// is not in the room, the user does not exist) wraps bot.ErrPermanent.
func (a *Adapter) sendErr(err error) error {
	for _, perm := range []error{mautrix.MForbidden, mautrix.MNotFound, mautrix.MBadJSON, mautrix.MNotJSON, mautrix.MTooLarge, mautrix.MInvalidParam} {
		if errors.Is(err, perm) {
			return fmt.Errorf("%w: %w", shortErr(err), bot.ErrPermanent)
		}
	}
	return shortErr(err)
}
