package mattermost

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"strconv"
	"strings"

	"github.com/mattermost/mattermost/server/public/model"

	"github.com/noaber/noaber/bot"
	"github.com/noaber/noaber/bot/metrics"
)

// target is where a reply goes and for whom.
type target struct {
	channel string
	root    string
	kind    bot.ConvKind
	// user is the Mattermost user id the reply answers (ephemeral and DM
	// replies go to them); "" for a message to a channel.
	user string
}

// convID encodes the target as a platform-scoped conversation id.
func (t target) convID() string {
	if t.root != "" {
		return Name + ":" + t.channel + "/" + t.root
	}
	return Name + ":" + t.channel
}

func (t target) kindCode() string {
	switch t.kind {
	case bot.Direct:
		return "d"
	case bot.Thread:
		return "t"
	}
	return "c"
}

func kindOf(code string) bot.ConvKind {
	switch code {
	case "d":
		return bot.Direct
	case "t":
		return bot.Thread
	}
	return bot.Channel
}

// parseConv decodes "mattermost:<channel>[/<root>]".
func parseConv(id string) (channel, root string, err error) {
	rest, ok := strings.CutPrefix(id, Name+":")
	if !ok {
		return "", "", fmt.Errorf("%q is not a mattermost conversation", id)
	}
	channel, root, _ = strings.Cut(rest, "/")
	if !model.IsValidId(channel) || (root != "" && !model.IsValidId(root)) {
		return "", "", fmt.Errorf("%q is not a mattermost conversation", id)
	}
	return channel, root, nil
}

// parseUser decodes "mattermost:<userID>".
func parseUser(id string) (string, error) {
	rest, ok := strings.CutPrefix(id, Name+":")
	if !ok || !model.IsValidId(rest) {
		return "", fmt.Errorf("%q is not a mattermost user", id)
	}
	return rest, nil
}

// Send delivers a proactive message: to a channel or thread, or by direct
// message when to.Conversation is empty. While the websocket is down it
// fails fast with ErrDisconnected so the outbox keeps the message.
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
		ch, root, err := parseConv(to.Conversation)
		if err != nil {
			return fmt.Errorf("send: %v: %w", err, bot.ErrPermanent)
		}
		t.channel, t.root, t.kind = ch, root, bot.Channel
		if root != "" {
			t.kind = bot.Thread
		}
		if r.Visibility == bot.Private && t.user == "" {
			r.Visibility = bot.Public // no one to show it to alone
		}
	}
	return a.deliver(ctx, t, r, "proactive")
}

// deliver sends r to t as its visibility asks.
func (a *Adapter) deliver(ctx context.Context, t target, r bot.Reply, kind string) error {
	switch {
	case r.Visibility == bot.DM, r.Visibility == bot.Private && len(r.Files) > 0 && t.kind != bot.Direct:
		// Ephemeral posts cannot carry files: a private reply with files
		// goes by direct message.
		ch, err := a.dmChannel(ctx, t.user)
		if err != nil {
			return err
		}
		return a.post(ctx, target{channel: ch, kind: bot.Direct, user: t.user}, r, kind)
	case r.Visibility == bot.Private && t.kind != bot.Direct:
		if a.ephemeralMode.Load() != ephemeralRefused {
			err := a.ephemeral(ctx, t, r)
			if err == nil {
				if a.ephemeralMode.CompareAndSwap(ephemeralUnknown, ephemeralWorks) {
					a.log.Info("private replies in channels are ephemeral posts (the bot account has create_post_ephemeral)")
				}
				return nil
			}
			if !errors.Is(err, bot.ErrPermanent) {
				return err
			}
			// Bots often lack create_post_ephemeral; a DM keeps it private.
			if a.ephemeralMode.Swap(ephemeralRefused) != ephemeralRefused {
				a.log.Info("private replies in channels go by direct message: the server refused an ephemeral post (the bot account lacks create_post_ephemeral; see adapters/mattermost/README.md)", "err", err)
			}
		}
		r.Visibility = bot.DM
		return a.deliver(ctx, t, r, kind)
	}
	return a.post(ctx, t, r, kind)
}

// personalUser is the user buttons in a reply to t are reserved for: the
// user of a direct or private conversation; "" means reusable by everyone.
func personalUser(t target, r bot.Reply) string {
	if t.kind == bot.Direct || r.Visibility != bot.Public {
		return t.user
	}
	return ""
}

// attachments renders choices as buttons whose contexts are signed with
// claims base; it returns the attachments and their shared nonce.
func (a *Adapter) attachments(choices []bot.Choice, base actionClaims) ([]*model.SlackAttachment, string) {
	if len(choices) == 0 {
		return nil, ""
	}
	base.Nonce = newNonce()
	base.Expires = a.now().Add(a.cfg.ActionTTL.Duration).Unix()
	actions := make([]*model.PostAction, 0, len(choices))
	labels := make([]string, 0, len(choices))
	for _, c := range choices {
		cl := base
		cl.Choice = c.ID
		actions = append(actions, &model.PostAction{
			Type: model.PostActionTypeButton, Name: c.Label, Style: buttonStyle(c.Style),
			Integration: &model.PostActionIntegration{URL: a.actionURL, Context: a.sign.sign(cl)},
		})
		labels = append(labels, "["+c.Label+"]")
	}
	return []*model.SlackAttachment{{Fallback: strings.Join(labels, " "), Actions: actions}}, base.Nonce
}

// claimsFor is the binding of buttons in a reply to t.
func claimsFor(t target, r bot.Reply) actionClaims {
	return actionClaims{Channel: t.channel, Root: t.root, Kind: t.kindCode(), User: personalUser(t, r)}
}

// post creates r in t: split into parts within the length limit, files
// and buttons on the last part.
func (a *Adapter) post(ctx context.Context, t target, r bot.Reply, kind string) error {
	parts := splitMessage(renderText(r), MaxPostRunes)
	var fileIDs []string
	for _, f := range r.Files {
		up, resp, err := a.api.UploadFile(ctx, f.Data, t.channel, f.Name)
		if err != nil {
			return a.restErr("upload file", resp, err)
		}
		for _, fi := range up.FileInfos {
			fileIDs = append(fileIDs, fi.Id)
		}
	}
	atts, nonce := a.attachments(r.Choices, claimsFor(t, r))
	for i, text := range parts {
		p := &model.Post{ChannelId: t.channel, RootId: t.root, Message: text, PendingPostId: a.pendingID(r.Nonce, i)}
		if i == len(parts)-1 {
			p.FileIds = fileIDs
			if atts != nil {
				p.AddProp(model.PostPropsAttachments, atts)
			}
		}
		created, resp, err := a.api.CreatePost(ctx, p)
		if err != nil {
			return a.restErr("create post", resp, err)
		}
		a.noteOwnPost(created)
		if i == len(parts)-1 {
			a.sign.bind(nonce, created.Id)
		}
	}
	metrics.MessagesOut.WithLabelValues(Name, kind).Inc()
	return nil
}

// The ephemeral modes: unknown until the first private reply in a channel.
const (
	ephemeralUnknown int32 = iota
	ephemeralWorks
	ephemeralRefused
)

// ephemeral shows r only to t.user.
func (a *Adapter) ephemeral(ctx context.Context, t target, r bot.Reply) error {
	parts := splitMessage(renderText(r), MaxPostRunes)
	atts, _ := a.attachments(r.Choices, claimsFor(t, r))
	for i, text := range parts {
		p := &model.Post{ChannelId: t.channel, RootId: t.root, Message: text}
		if i == len(parts)-1 && atts != nil {
			p.AddProp(model.PostPropsAttachments, atts)
		}
		if _, resp, err := a.api.CreatePostEphemeral(ctx, &model.PostEphemeral{UserID: t.user, Post: p}); err != nil {
			return a.restErr("create ephemeral post", resp, err)
		}
	}
	metrics.MessagesOut.WithLabelValues(Name, "ephemeral").Inc()
	return nil
}

// dmChannel returns the direct channel between the bot and userID,
// creating it once.
func (a *Adapter) dmChannel(ctx context.Context, userID string) (string, error) {
	if userID == "" {
		return "", fmt.Errorf("direct message without a user: %w", bot.ErrPermanent)
	}
	a.mu.Lock()
	ch, ok := a.dms[userID]
	botID := a.botID
	a.mu.Unlock()
	if ok {
		return ch, nil
	}
	if botID == "" {
		return "", fmt.Errorf("direct message: %w", ErrDisconnected)
	}
	c, resp, err := a.api.CreateDirectChannel(ctx, botID, userID)
	if err != nil {
		return "", a.restErr("open direct channel", resp, err)
	}
	a.mu.Lock()
	if len(a.dms) > 50000 {
		clear(a.dms)
	}
	a.dms[userID] = c.Id
	a.mu.Unlock()
	a.rememberChannel(c.Id, string(model.ChannelTypeDirect))
	return c.Id, nil
}

// pendingID turns the outbox's stable nonce into a pending_post_id per
// part, so Mattermost drops a repeat sent after a crash.
func (a *Adapter) pendingID(nonce string, part int) string {
	if nonce == "" {
		return ""
	}
	botID, _ := a.self()
	sum := sha256.Sum256([]byte(nonce + "#" + strconv.Itoa(part)))
	return botID + ":" + hex.EncodeToString(sum[:12])
}

// restErr wraps a REST failure; one that can never succeed wraps
// bot.ErrPermanent.
func (a *Adapter) restErr(op string, resp *model.Response, err error) error {
	code := statusOf(resp)
	var appErr *model.AppError
	msg := err.Error()
	if errors.As(err, &appErr) {
		msg = appErr.Id // no request details, which may hold message text
	}
	if permanentStatus(code) {
		return fmt.Errorf("%s: %d %s: %w", op, code, msg, bot.ErrPermanent)
	}
	if code != 0 {
		return fmt.Errorf("%s: %d %s", op, code, msg)
	}
	return fmt.Errorf("%s: %w", op, err)
}

// deliverOrQueue delivers a reply to t; when that fails for a reason that
// may pass, the reply goes to the outbox (Deps.Retry), addressed so the
// outbox's Send reaches the same place: the user by DM for a private or
// direct reply, else the conversation.
func (a *Adapter) deliverOrQueue(ctx context.Context, t target, r bot.Reply, what string) error {
	err := a.deliver(ctx, t, r, "reply")
	if err == nil || errors.Is(err, bot.ErrPermanent) || a.retry == nil {
		return err
	}
	to := bot.Address{Conversation: t.convID()}
	if r.Visibility != bot.Public || t.kind == bot.Direct {
		to = bot.Address{User: Name + ":" + t.user}
		if r.Visibility == bot.Private {
			r.Visibility = bot.DM
		}
	}
	if qerr := a.retry(ctx, to, r); qerr != nil {
		return fmt.Errorf("%w; and queueing it failed: %v", err, qerr)
	}
	a.log.Warn(what+" failed; queued for the outbox", "err", err)
	return nil
}
