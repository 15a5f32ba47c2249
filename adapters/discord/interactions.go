package discord

import (
	"context"
	"time"

	"github.com/bwmarrin/discordgo"

	"github.com/noaber/noaber/bot"
)

// onInteraction answers a slash command, a button click or an autocomplete
// request.
func (a *Adapter) onInteraction(ctx context.Context, h bot.Handler, i *discordgo.Interaction) {
	received := time.Now()
	lang := langOf(i.Locale)
	switch i.Type {
	case discordgo.InteractionApplicationCommandAutocomplete:
		a.autocomplete(ctx, i, lang, received)
	case discordgo.InteractionApplicationCommand:
		data := i.ApplicationCommandData()
		table := a.commands()
		text, err := commandText(table, data, lang)
		if err != nil {
			// A command registered by an older version (or another app
			// sharing the id): answer anyway, or Discord shows "The
			// application did not respond".
			a.log.Warn("unknown slash command", "command", data.Name)
			ackCtx, cancel := a.ackDeadline(ctx, received)
			defer cancel()
			a.respond(ackCtx, context.WithoutCancel(ctx), i,
				[]item{{msg: outMsg{Content: msgs.T(lang, "unknown_command")}, private: true}}, false)
			return
		}
		c, _ := commandNamed(table, data.Name)
		a.answer(ctx, h, i, text, nil, c.Private, received)
	case discordgo.InteractionMessageComponent:
		a.answer(ctx, h, i, "", &bot.Action{ID: i.MessageComponentData().CustomID}, false, received)
	}
}

// ackDeadline is the context for the first response: it ends ackWindow
// after the event arrived.
func (a *Adapter) ackDeadline(ctx context.Context, received time.Time) (context.Context, context.CancelFunc) {
	return context.WithDeadline(context.WithoutCancel(ctx), received.Add(a.ackWindow))
}

// item is one message to send for an interaction.
type item struct {
	msg     outMsg
	private bool // ephemeral
	replace bool // update the clicked message
}

// answer runs the core on an interaction and responds within Discord's
// three seconds: with the answer when the core is quick, else with a
// deferred response first ("Noaber is thinking…", or nothing visible for a
// button) and the answer as an edit or follow-up when it comes.
func (a *Adapter) answer(ctx context.Context, h bot.Handler, i *discordgo.Interaction, text string, act *bot.Action, privateDefer bool, received time.Time) {
	user, ok := a.interactionUser(ctx, i)
	if !ok {
		return
	}
	in := bot.Inbound{User: user, Conv: interactionConv(i), Text: text, Action: act}
	if i.Locale != "" {
		in.Lang = langOf(i.Locale) // the clicking user's client language
	}
	lang := langOf(i.Locale)
	component := act != nil

	done := make(chan []bot.Reply, 1)
	hctx, cancel := context.WithTimeout(ctx, handleTimeout)
	defer cancel()
	go func() { done <- h.Handle(hctx, in) }()

	// The first response must reach Discord within ackWindow of the event.
	ackCtx, ackCancel := a.ackDeadline(ctx, received)
	defer ackCancel()

	var replies []bot.Reply
	deferred := false
	timer := time.NewTimer(max(0, a.deferAfter-time.Since(received)))
	select {
	case replies = <-done:
		timer.Stop()
	case <-timer.C:
		resp := &discordgo.InteractionResponse{Type: discordgo.InteractionResponseDeferredChannelMessageWithSource}
		if component {
			resp.Type = discordgo.InteractionResponseDeferredMessageUpdate
		} else if privateDefer {
			resp.Data = &discordgo.InteractionResponseData{Flags: ephemeral}
		}
		if err := callback(ackCtx, func(opts ...discordgo.RequestOption) (struct{}, error) {
			return struct{}{}, a.s.InteractionRespond(i, resp, opts...)
		}); err != nil {
			a.replyFailed(err, "interaction defer")
			// Follow-ups need an acknowledged interaction; they will fail
			// too, but they are tried, so their failure is logged as well.
		}
		deferred = true
		replies = <-done
	}

	// Replies for a DM go there; the rest answer the interaction.
	dctx := context.WithoutCancel(ctx)
	var items []item
	dmSent, dmFailed := false, false
	for _, r := range replies {
		if r.Visibility == bot.DM && in.Conv.Kind != bot.Direct {
			if err := a.deliver(dctx, bot.Address{User: user.ID}, r, nil); err != nil {
				a.replyFailed(err, "dm")
				if !dmFailed {
					items = append(items, item{msg: outMsg{Content: msgs.T(lang, "dm_failed")}, private: true})
				}
				dmFailed = true
			} else {
				dmSent = true
			}
		}
	}
	for _, r := range replies {
		if r.Visibility == bot.DM && in.Conv.Kind != bot.Direct {
			continue
		}
		if r.IfDMSent && dmFailed {
			continue // "I sent you a DM" would be untrue
		}
		for j, m := range render(r) {
			items = append(items, item{msg: m, private: r.Visibility != bot.Public, replace: r.Replace && component && j == 0})
		}
	}
	if len(items) == 0 && (dmSent || !component) && !dmFailed {
		items = append(items, item{msg: outMsg{Content: msgs.T(lang, "dm_sent")}, private: true})
		if !dmSent {
			items[0].msg.Content = "✓"
		}
	}

	if !deferred {
		a.respond(ackCtx, dctx, i, items, component)
		return
	}
	a.followUp(dctx, i, items, component, privateDefer)
}

// respond answers an interaction that was not deferred: the first item is
// the interaction response, the rest follow up.
func (a *Adapter) respond(ackCtx, ctx context.Context, i *discordgo.Interaction, items []item, component bool) {
	if len(items) == 0 {
		// A click that changes nothing: acknowledge without a message.
		if err := callback(ackCtx, func(opts ...discordgo.RequestOption) (struct{}, error) {
			return struct{}{}, a.s.InteractionRespond(i, &discordgo.InteractionResponse{Type: discordgo.InteractionResponseDeferredMessageUpdate}, opts...)
		}); err != nil {
			a.replyFailed(err, "interaction response")
		}
		return
	}
	first := items[0]
	resp := &discordgo.InteractionResponse{Type: discordgo.InteractionResponseChannelMessageWithSource, Data: responseData(first)}
	if first.replace {
		resp.Type = discordgo.InteractionResponseUpdateMessage
		resp.Data.Flags = 0
	}
	if err := callback(ackCtx, func(opts ...discordgo.RequestOption) (struct{}, error) {
		resp.Data.Files = discordFiles(first.msg.Files)
		return struct{}{}, a.s.InteractionRespond(i, resp, opts...)
	}); err != nil {
		a.replyFailed(err, "interaction response")
		return
	}
	a.followUps(ctx, i, items[1:])
}

// followUp delivers the answer to a deferred interaction: the first item
// edits the deferred response when it can (same visibility, or the clicked
// message for Replace), everything else is a follow-up message.
func (a *Adapter) followUp(ctx context.Context, i *discordgo.Interaction, items []item, component, privateDefer bool) {
	if len(items) == 0 {
		return
	}
	first := items[0]
	edit := first.replace || (!component && first.private == privateDefer)
	if !edit {
		if !component {
			// The "thinking" placeholder has the wrong visibility: remove
			// it, then post the answer as a follow-up with the right one.
			rctx, cancel := context.WithTimeout(ctx, replyTimeout)
			if _, err := call(rctx, func(opts ...discordgo.RequestOption) (struct{}, error) {
				return struct{}{}, a.s.InteractionResponseDelete(i, opts...)
			}); err != nil {
				a.log.Warn("delete deferred response", "err", err)
			}
			cancel()
		}
		a.followUps(ctx, i, items)
		return
	}
	rctx, cancel := context.WithTimeout(ctx, replyTimeout)
	_, err := call(rctx, func(opts ...discordgo.RequestOption) (*discordgo.Message, error) {
		content := first.msg.Content
		e := &discordgo.WebhookEdit{Content: &content, Embeds: &first.msg.Embeds, Components: &first.msg.Components,
			AllowedMentions: noMentions(), Files: discordFiles(first.msg.Files)}
		if e.Components == nil || *e.Components == nil {
			empty := []discordgo.MessageComponent{}
			e.Components = &empty // a replaced message loses its old buttons
		}
		return a.s.InteractionResponseEdit(i, e, opts...)
	})
	cancel()
	if err != nil {
		a.replyFailed(err, "interaction edit")
	}
	a.followUps(ctx, i, items[1:])
}

// followUps posts items as follow-up messages of an answered interaction.
func (a *Adapter) followUps(ctx context.Context, i *discordgo.Interaction, items []item) {
	for _, it := range items {
		rctx, cancel := context.WithTimeout(ctx, replyTimeout)
		_, err := call(rctx, func(opts ...discordgo.RequestOption) (*discordgo.Message, error) {
			p := &discordgo.WebhookParams{Content: it.msg.Content, Embeds: it.msg.Embeds, Components: it.msg.Components,
				AllowedMentions: noMentions(), Files: discordFiles(it.msg.Files)}
			if it.private {
				p.Flags = ephemeral
			}
			return a.s.FollowupMessageCreate(i, true, p, opts...)
		})
		cancel()
		if err != nil {
			a.replyFailed(err, "interaction follow-up")
			return
		}
	}
}

func responseData(it item) *discordgo.InteractionResponseData {
	d := &discordgo.InteractionResponseData{Content: it.msg.Content, Embeds: it.msg.Embeds,
		Components: it.msg.Components, AllowedMentions: noMentions()}
	if d.Components == nil {
		d.Components = []discordgo.MessageComponent{}
	}
	if d.Embeds == nil {
		d.Embeds = []*discordgo.MessageEmbed{}
	}
	if it.private {
		d.Flags = ephemeral
	}
	return d
}

// autocomplete answers an autocomplete request from the Completer.
func (a *Adapter) autocomplete(ctx context.Context, i *discordgo.Interaction, lang bot.Lang, received time.Time) {
	data := i.ApplicationCommandData()
	prefix, source := "", ""
	c, _ := commandNamed(a.commands(), data.Name)
	for _, o := range data.Options {
		if o.Focused && o.Value != nil {
			prefix, _ = o.Value.(string)
			for _, arg := range c.Args {
				if bot.In(arg.Name, bot.NL) == o.Name {
					source = arg.Autocomplete
				}
			}
		}
	}
	ackCtx, cancel := context.WithDeadline(context.WithoutCancel(ctx), received.Add(a.ackWindow))
	defer cancel()
	choices := []*discordgo.ApplicationCommandOptionChoice{}
	if a.complete != nil && source != "" {
		cctx, ccancel := context.WithDeadline(ctx, received.Add(a.deferAfter))
		for _, c := range a.complete(cctx, source, prefix, lang) {
			if c.ID == "" || len(c.ID) > 100 || len(c.Label) > 100 {
				continue
			}
			label := c.Label
			if label == "" {
				label = c.ID
			}
			choices = append(choices, &discordgo.ApplicationCommandOptionChoice{Name: label, Value: c.ID})
			if len(choices) == 25 {
				break
			}
		}
		ccancel()
	}
	if err := callback(ackCtx, func(opts ...discordgo.RequestOption) (struct{}, error) {
		return struct{}{}, a.s.InteractionRespond(i, &discordgo.InteractionResponse{
			Type: discordgo.InteractionApplicationCommandAutocompleteResult,
			Data: &discordgo.InteractionResponseData{Choices: choices},
		}, opts...)
	}); err != nil {
		a.log.Debug("autocomplete response", "err", err)
	}
}
