package matrix

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"sync"

	"maunium.net/go/mautrix"
	"maunium.net/go/mautrix/event"
	"maunium.net/go/mautrix/id"

	"github.com/noaber/noaber/bot"
	"github.com/noaber/noaber/bot/metrics"
)

// syncLoop long-polls /sync from the stored token until a request fails or
// ctx ends; synced reports whether at least one /sync succeeded. The token
// is stored only after every event of a batch was handled, so a crash
// re-handles the batch (replies carry transaction ids derived from the
// question, so the homeserver drops a repeat) and nothing is lost. With no
// stored token (a first start) the history the first /sync returns is
// skipped: it was said before the bot was there to answer.
//
// reconnect says an earlier session synced: the first success of this one
// counts as a reconnection.
func (a *Adapter) syncLoop(ctx context.Context, reconnect bool) (synced bool, err error) {
	botID, _ := a.self()
	a.mu.Lock()
	filter := a.filterID
	a.mu.Unlock()
	since := a.state.syncToken(botID)
	first := since == ""
	for {
		resp, err := a.api.FullSyncRequest(ctx, mautrix.ReqSync{
			Timeout: int(a.cfg.SyncTimeout.Milliseconds()), Since: since, FilterID: filter,
		})
		if err != nil {
			if errors.Is(err, mautrix.MUnknownToken) {
				if a.cfg.Password != "" {
					a.cli.AccessToken = "" // log in again
					return synced, errors.New("sync: the access token expired")
				}
				return synced, fmt.Errorf("matrix: the homeserver no longer accepts the access token: %w", bot.ErrPermanent)
			}
			return synced, fmt.Errorf("sync: %w", shortErr(err))
		}
		if !synced {
			synced = true
			if reconnect {
				metrics.Reconnects.WithLabelValues(Name).Inc()
			}
			a.setHealth(true, "")
			a.log.Info("matrix connected", "resumed", !first)
		}
		a.handleSync(ctx, resp, first)
		if ctx.Err() != nil {
			return synced, nil // the batch may be cut short: keep the old token
		}
		if err := a.state.saveSyncToken(botID, resp.NextBatch); err != nil {
			a.log.Error("store the sync token", "err", err)
		}
		since, first = resp.NextBatch, false
	}
}

// handleSync acts on one /sync response: accepts invitations, notes
// direct rooms and encryption, and answers the messages addressed to the
// bot — rooms in parallel, each room's events in order. On the first sync
// it answers nothing.
func (a *Adapter) handleSync(ctx context.Context, resp *mautrix.RespSync, first bool) {
	for room, inv := range resp.Rooms.Invite {
		a.onInvite(ctx, string(room), inv)
	}
	var wg sync.WaitGroup
	for room, j := range resp.Rooms.Join {
		room := string(room)
		if n := j.Summary.JoinedMemberCount; n != nil {
			a.mu.Lock()
			a.memberCount[room] = *n
			a.mu.Unlock()
		}
		events := slices.Concat(j.State.Events, j.Timeline.Events)
		for _, evt := range events {
			parse(evt)
		}
		wg.Add(1)
		go func() {
			defer wg.Done()
			a.onRoomEvents(ctx, room, events, first)
		}()
	}
	wg.Wait()
}

// parse decodes an event's content by its type; unknown types keep only
// their raw content.
func parse(evt *event.Event) {
	evt.Type.Class = event.MessageEventType
	if evt.StateKey != nil {
		evt.Type.Class = event.StateEventType
	}
	if err := evt.Content.ParseRaw(evt.Type); err != nil && !errors.Is(err, event.ErrContentAlreadyParsed) {
		evt.Content.Parsed = nil
	}
}

// onRoomEvents handles one room's new state and timeline in order.
func (a *Adapter) onRoomEvents(ctx context.Context, room string, events []*event.Event, first bool) {
	botID, _ := a.self()
	encrypted := false
	for _, evt := range events {
		if ctx.Err() != nil {
			return
		}
		switch evt.Type {
		case event.StateEncryption:
			encrypted = true
		case event.StatePowerLevels:
			a.roles.forget(room)
		case event.StateMember:
			a.onMember(room, evt)
		case event.EventEncrypted:
			if string(evt.Sender) != botID {
				encrypted = true
			}
		}
	}
	if encrypted && !a.state.e2eeNoticed(room) {
		a.noticeEncrypted(ctx, room)
	}
	if first {
		for _, evt := range events {
			a.firstSeen(string(evt.ID))
		}
		return
	}
	// A room the bot just joined comes with history from before the join:
	// that was not said to the bot, so only what follows the join counts.
	for i, evt := range events {
		if m, ok := evt.Content.Parsed.(*event.MemberEventContent); ok && evt.Type == event.StateMember &&
			evt.StateKey != nil && *evt.StateKey == botID && m.Membership == event.MembershipJoin {
			for _, old := range events[:i] {
				a.firstSeen(string(old.ID))
			}
		}
	}
	for _, evt := range events {
		if ctx.Err() != nil {
			return
		}
		if (evt.Type != event.EventMessage && evt.Type != event.EventReaction) || string(evt.Sender) == botID || evt.StateKey != nil || !a.firstSeen(string(evt.ID)) {
			continue
		}
		if evt.Type == event.EventReaction {
			a.onReaction(ctx, evt)
			continue
		}
		a.onMessage(ctx, room, evt)
	}
}

// firstSeen remembers an event id and reports whether it was new, so an
// event that two syncs return is answered once.
func (a *Adapter) firstSeen(eventID string) bool {
	if eventID == "" {
		return true
	}
	a.mu.Lock()
	defer a.mu.Unlock()
	if _, ok := a.seen[eventID]; ok {
		return false
	}
	if len(a.seenOrder) >= 20000 {
		delete(a.seen, a.seenOrder[0])
		a.seenOrder = a.seenOrder[1:]
	}
	a.seen[eventID] = struct{}{}
	a.seenOrder = append(a.seenOrder, eventID)
	return true
}

// onMember forgets a direct room its user left, so the next direct
// message opens a new one.
func (a *Adapter) onMember(room string, evt *event.Event) {
	m, ok := evt.Content.Parsed.(*event.MemberEventContent)
	if !ok || evt.StateKey == nil {
		return
	}
	if m.Membership == event.MembershipLeave || m.Membership == event.MembershipBan {
		if err := a.state.forgetDM(*evt.StateKey, room); err != nil {
			a.log.Error("forget direct room", "err", err)
		}
	}
}

// noticeEncrypted tells an end-to-end encrypted room, once, that the bot
// cannot read it.
func (a *Adapter) noticeEncrypted(ctx context.Context, room string) {
	c := &event.MessageEventContent{MsgType: event.MsgNotice, Body: msgs.T(a.lang, "e2ee_notice"), Mentions: &event.Mentions{}}
	if _, err := a.api.SendMessageEvent(ctx, id.RoomID(room), event.EventMessage, c,
		mautrix.ReqSendEvent{TransactionID: txnID("e2ee:"+room, 0)}); err != nil {
		a.log.Warn("encrypted-room notice failed", "err", shortErr(err))
		return
	}
	if err := a.state.markE2EENoticed(room); err != nil {
		a.log.Error("store the encrypted-room notice", "err", err)
	}
	a.log.Info("told an encrypted room that the bot cannot read it")
}

// onInvite joins a room the bot was invited to when the room and the
// inviter are on allowed servers; other invitations are left alone.
func (a *Adapter) onInvite(ctx context.Context, room string, inv *mautrix.SyncInvitedRoom) {
	botID, _ := a.self()
	inviter, direct := "", false
	for _, evt := range inv.State.Events {
		if evt.Type != event.StateMember || evt.StateKey == nil || *evt.StateKey != botID {
			continue
		}
		parse(evt)
		inviter = string(evt.Sender)
		if m, ok := evt.Content.Parsed.(*event.MemberEventContent); ok {
			direct = m.IsDirect
		}
	}
	if !a.allowed(room, inviter) {
		a.log.Debug("invitation ignored: server not in matrix.allowed_servers")
		return
	}
	if _, err := a.api.JoinRoomByID(ctx, id.RoomID(room)); err != nil {
		a.log.Warn("join room failed", "err", shortErr(err))
		return
	}
	if direct && inviter != "" {
		if err := a.state.rememberDM(inviter, room); err != nil {
			a.log.Error("store the direct room", "err", err)
		}
	}
	a.log.Info("joined a room on invitation", "direct", direct)
}

// allowed reports whether an invitation to room by inviter may be
// accepted: the inviter's server, and the room's when its id names one,
// must be in matrix.allowed_servers.
func (a *Adapter) allowed(room, inviter string) bool {
	if inviter == "" || !slices.Contains(a.cfg.AllowedServers, serverOf(inviter)) {
		return false
	}
	s := serverOf(room)
	return s == "" || slices.Contains(a.cfg.AllowedServers, s)
}
