package mattermost

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"net/netip"
	"strings"

	"github.com/mattermost/mattermost/server/public/model"

	"github.com/noaber/noaber/bot"
)

// maxBody bounds what Mattermost may POST to the bot.
const maxBody = 64 << 10

// The wiring mounts the adapter's routes through bot.HTTPMounter.
var _ bot.HTTPMounter = (*Adapter)(nil)

// Mount serves the button integration URL's path and, when a command
// token is configured, the slash command on mux.
func (a *Adapter) Mount(mux *http.ServeMux) {
	mux.Handle("POST "+a.actionPath, http.HandlerFunc(a.serveAction))
	if a.cfg.CommandToken != "" {
		mux.Handle("POST "+a.cfg.CommandPath, http.HandlerFunc(a.serveCommand))
	}
}

// ActionHandler serves button clicks (Mount mounts it).
func (a *Adapter) ActionHandler() http.Handler { return http.HandlerFunc(a.serveAction) }

// CommandHandler serves the slash command (Mount mounts it).
func (a *Adapter) CommandHandler() http.Handler { return http.HandlerFunc(a.serveCommand) }

func writeJSON(w http.ResponseWriter, v any) {
	w.Header().Set("Content-Type", "application/json")
	_ = json.NewEncoder(w).Encode(v)
}

// staleButton is shown when a button expired or was already used.
func staleButton() string {
	return bot.Msgs.T(bot.NL, "unclear.action") + "\n" + bot.Msgs.T(bot.EN, "unclear.action")
}

// fromAllowed reports whether the request comes from an address allowed
// to post clicks and commands (mattermost.action_from).
func (a *Adapter) fromAllowed(r *http.Request) bool {
	ap, err := netip.ParseAddrPort(r.RemoteAddr)
	if err != nil {
		return false
	}
	ip := ap.Addr().Unmap()
	if len(a.actionFrom) > 0 {
		for _, p := range a.actionFrom {
			if p.Contains(ip) {
				return true
			}
		}
		return false
	}
	return !(ip.IsLoopback() || ip.IsPrivate() || ip.IsLinkLocalUnicast() || ip.IsUnspecified())
}

// refuseFrom answers 403 to a request from an address not allowed.
func (a *Adapter) refuseFrom(w http.ResponseWriter, r *http.Request, what string) bool {
	if a.fromAllowed(r) {
		return false
	}
	a.log.Warn(what+" from an address not in mattermost.action_from refused", "remote", r.RemoteAddr)
	http.Error(w, "forbidden: this address may not post to Noaber (mattermost.action_from)", http.StatusForbidden)
	return true
}

// serveAction answers a button click that Mattermost forwards.
func (a *Adapter) serveAction(w http.ResponseWriter, r *http.Request) {
	if a.refuseFrom(w, r, "button click") {
		return
	}
	var req model.PostActionIntegrationRequest
	if err := json.NewDecoder(io.LimitReader(r.Body, maxBody)).Decode(&req); err != nil {
		http.Error(w, "bad request", http.StatusBadRequest)
		return
	}
	claims, err := a.sign.verify(req.Context, click{UserID: req.UserId, ChannelID: req.ChannelId, PostID: req.PostId})
	switch {
	case errors.Is(err, ErrExpired), errors.Is(err, ErrReplayed):
		a.log.Info("stale button click refused", "reason", err)
		writeJSON(w, model.PostActionIntegrationResponse{EphemeralText: staleButton()})
		return
	case err != nil:
		a.log.Warn("button click refused", "reason", err, "remote", r.RemoteAddr)
		http.Error(w, "forbidden", http.StatusForbidden)
		return
	}
	hp := a.callbackHandler()
	if hp == nil {
		http.Error(w, "not running", http.StatusServiceUnavailable)
		return
	}
	ctx := r.Context()
	t := target{channel: claims.Channel, root: claims.Root, kind: kindOf(claims.Kind), user: req.UserId}
	in := bot.Inbound{
		User:   a.user(ctx, req.UserId, req.UserName),
		Conv:   bot.Conversation{ID: t.convID(), Kind: t.kind},
		Action: &bot.Action{ID: claims.Choice},
	}
	replies := (*hp).Handle(ctx, in)
	writeJSON(w, a.actionResponse(context.WithoutCancel(ctx), t, claims, req.PostId, replies))
}

// actionResponse turns the replies to a click into Mattermost's response:
// a Replace reply updates the clicked post, a private text becomes the
// ephemeral text, the rest is posted over REST.
func (a *Adapter) actionResponse(ctx context.Context, t target, claims actionClaims, postID string, replies []bot.Reply) model.PostActionIntegrationResponse {
	var resp model.PostActionIntegrationResponse
	var ephemeral []string
	for _, r := range replies {
		switch {
		case r.Replace && resp.Update == nil:
			parts := splitMessage(renderText(r), MaxPostRunes)
			up := &model.Post{Message: parts[0]}
			// The new buttons stay bound the way the old ones were.
			base := actionClaims{Channel: claims.Channel, Root: claims.Root, Kind: claims.Kind, User: claims.User, Post: postID}
			if atts, _ := a.attachments(r.Choices, base); atts != nil {
				up.AddProp(model.PostPropsAttachments, atts)
			} else {
				up.AddProp(model.PostPropsAttachments, []*model.SlackAttachment{})
			}
			resp.Update = up
			if len(parts) > 1 {
				rest := bot.Reply{Text: strings.Join(parts[1:], "\n\n"), Visibility: r.Visibility}
				a.deliverLogged(ctx, t, rest)
			}
		case r.Visibility == bot.Private && len(r.Choices) == 0 && len(r.Files) == 0:
			ephemeral = append(ephemeral, renderText(r))
		default:
			a.deliverLogged(ctx, t, r)
		}
	}
	resp.EphemeralText = strings.Join(ephemeral, "\n\n")
	return resp
}

func (a *Adapter) deliverLogged(ctx context.Context, t target, r bot.Reply) {
	if err := a.deliverOrQueue(ctx, t, r, "answer button click"); err != nil {
		a.log.Warn("answer button click", "channel_id", t.channel, "err", err)
	}
}

// serveCommand answers the /noaber slash command.
func (a *Adapter) serveCommand(w http.ResponseWriter, r *http.Request) {
	if a.refuseFrom(w, r, "slash command") {
		return
	}
	r.Body = http.MaxBytesReader(w, r.Body, maxBody)
	if err := r.ParseForm(); err != nil {
		http.Error(w, "bad request", http.StatusBadRequest)
		return
	}
	// The token is checked before anything else is believed.
	tok := r.PostForm.Get("token")
	if tok == "" {
		tok, _ = strings.CutPrefix(r.Header.Get("Authorization"), "Token ")
	}
	if !tokenOK(strings.TrimSpace(tok), a.cfg.CommandToken) {
		a.log.Warn("slash command with a wrong token refused", "remote", r.RemoteAddr)
		http.Error(w, "unauthorized", http.StatusUnauthorized)
		return
	}
	cmd, err := parseCommand(r.PostForm, r.Header.Get("Authorization"))
	if err != nil {
		http.Error(w, "bad request", http.StatusBadRequest)
		return
	}
	hp := a.callbackHandler()
	if hp == nil {
		http.Error(w, "not running", http.StatusServiceUnavailable)
		return
	}
	ctx := r.Context()
	t := target{channel: cmd.ChannelID, root: cmd.RootID, user: cmd.UserID, kind: bot.Channel}
	switch {
	case strings.Contains(cmd.ChannelName, "__"): // direct channels are named "<id>__<id>"
		t.kind = bot.Direct
	case cmd.RootID != "":
		t.kind = bot.Thread
	}
	in := bot.Inbound{
		User: a.user(ctx, cmd.UserID, cmd.UserName),
		Conv: bot.Conversation{ID: t.convID(), Kind: t.kind},
		Text: cmd.Text,
	}
	replies := (*hp).Handle(ctx, in)
	writeJSON(w, a.commandResponse(context.WithoutCancel(ctx), t, replies))
}

// commandResponse renders replies as a slash command response: shown to
// the user alone (ephemeral) by default — help, lists and refusals are
// nobody else's business and would otherwise appear under the user's
// name — and in the channel only announcements meant for everyone;
// replies by direct message or with files go over REST.
func (a *Adapter) commandResponse(ctx context.Context, t target, replies []bot.Reply) *model.CommandResponse {
	var out []*model.CommandResponse
	dmFailed := false
	for _, r := range replies {
		if r.IfDMSent && dmFailed {
			continue // "I sent you a DM" would be untrue
		}
		if r.Visibility == bot.DM || len(r.Files) > 0 {
			if err := a.deliverOrQueue(ctx, t, r, "answer slash command"); err != nil {
				a.log.Warn("answer slash command", "channel_id", t.channel, "err", err)
				dmFailed = dmFailed || r.Visibility == bot.DM
			}
			continue
		}
		typ := model.CommandResponseTypeEphemeral
		if r.Visibility == bot.Public && r.Announce && t.kind != bot.Direct {
			typ = model.CommandResponseTypeInChannel
		}
		// The post does not exist yet: the buttons bind to it on first click.
		atts, _ := a.attachments(r.Choices, claimsFor(t, r))
		parts := splitMessage(renderText(r), MaxPostRunes)
		for i, text := range parts {
			cr := &model.CommandResponse{ResponseType: typ, Text: text}
			if i == len(parts)-1 {
				cr.Attachments = atts
			}
			out = append(out, cr)
		}
	}
	if len(out) == 0 {
		return &model.CommandResponse{ResponseType: model.CommandResponseTypeEphemeral}
	}
	first := out[0]
	first.ExtraResponses = out[1:]
	return first
}
