package discord

import (
	"context"
	"slices"
	"time"

	"github.com/bwmarrin/discordgo"

	"github.com/noaber/noaber/bot"
)

// onMessage answers a message addressed to the bot: a direct message, a
// mention, or (with message_content) a message in a thread the bot owns.
// Everything else in a server is none of its business.
func (a *Adapter) onMessage(ctx context.Context, h bot.Handler, m *discordgo.Message) {
	botID, _ := a.ids()
	if m.Author == nil || m.Author.Bot || m.Author.ID == botID || m.WebhookID != "" {
		return
	}
	if m.Type != discordgo.MessageTypeDefault && m.Type != discordgo.MessageTypeReply {
		return
	}
	conv := bot.Conversation{ID: "discord:" + m.ChannelID, Kind: bot.Channel}
	addressed := false
	switch {
	case m.GuildID == "":
		conv.Kind, addressed = bot.Direct, true
	case slices.ContainsFunc(m.Mentions, func(u *discordgo.User) bool { return u.ID == botID }):
		addressed = true
		if a.ownThread(ctx, m.ChannelID, botID) {
			conv.Kind = bot.Thread
		}
	case a.cfg.MessageContent && m.Content != "" && a.ownThread(ctx, m.ChannelID, botID):
		conv.Kind, addressed = bot.Thread, true
	}
	if !addressed {
		return
	}
	names := map[string]string{}
	for _, u := range m.Mentions {
		names[u.ID] = u.DisplayName()
	}
	in := bot.Inbound{
		User: a.user(ctx, m.Author, m.Member, m.GuildID),
		Conv: conv,
		Text: inboundText(m.Content, botID, names),
	}
	hctx, cancel := context.WithTimeout(ctx, handleTimeout)
	replies := h.Handle(hctx, in)
	cancel()
	// Answers still go out when shutdown began meanwhile.
	dctx := context.WithoutCancel(ctx)
	for i, r := range replies {
		var ref *discordgo.MessageReference
		if i == 0 {
			ref = &discordgo.MessageReference{MessageID: m.ID, ChannelID: m.ChannelID, GuildID: m.GuildID, FailIfNotExists: new(bool)}
		}
		target := bot.Address{Conversation: conv.ID, User: in.User.ID}
		if r.Visibility != bot.Public && conv.Kind != bot.Direct {
			// Outside an interaction nothing is ephemeral: private goes by DM.
			target.Conversation = ""
			ref = nil
		}
		if err := a.deliver(dctx, target, r, ref); err != nil {
			a.replyFailed(err, "message")
		}
	}
}

// ownThread reports whether channelID is a thread the bot started. The
// answer is looked up once per channel.
func (a *Adapter) ownThread(ctx context.Context, channelID, botID string) bool {
	a.mu.Lock()
	own, known := a.threads[channelID]
	a.mu.Unlock()
	if known {
		return own
	}
	cctx, cancel := context.WithTimeout(ctx, 5*time.Second)
	defer cancel()
	ch, err := call(cctx, func(opts ...discordgo.RequestOption) (*discordgo.Channel, error) {
		return a.s.Channel(channelID, opts...)
	})
	if err != nil {
		a.log.Debug("look up channel", "channel", channelID, "err", err)
		return false // not remembered: try again next time
	}
	own = ch.IsThread() && ch.OwnerID == botID
	a.mu.Lock()
	if len(a.threads) > 10000 {
		clear(a.threads)
	}
	a.threads[channelID] = own
	a.mu.Unlock()
	return own
}

// user makes the neutral user: platform-scoped id, the name people see, and
// the Noaber roles its Discord roles map to. In a server the roles come with
// the event; in a direct message they are looked up in the configured
// servers.
func (a *Adapter) user(ctx context.Context, u *discordgo.User, member *discordgo.Member, guildID string) bot.User {
	out := bot.User{ID: "discord:" + u.ID, Name: u.DisplayName()}
	if member != nil && member.Nick != "" {
		out.Name = member.Nick
	}
	if len(a.roles) == 0 {
		return out
	}
	if guildID != "" {
		if member != nil {
			out.Roles = a.mapRoles(guildID, member.Roles)
		}
		return out
	}
	for g := range a.roles {
		out.Roles = append(out.Roles, a.mapRoles(g, a.memberRoles(ctx, g, u.ID))...)
	}
	slices.Sort(out.Roles)
	out.Roles = slices.Compact(out.Roles)
	return out
}

func (a *Adapter) mapRoles(guildID string, discordRoles []string) []bot.Role {
	var out []bot.Role
	for _, r := range discordRoles {
		if role, ok := a.roles[guildID][r]; ok && !slices.Contains(out, role) {
			out = append(out, role)
		}
	}
	return out
}

// memberRoles fetches a user's roles in a server, remembered for memberTTL.
func (a *Adapter) memberRoles(ctx context.Context, guildID, userID string) []string {
	key := guildID + "/" + userID
	a.mu.Lock()
	m, ok := a.members[key]
	a.mu.Unlock()
	if ok && time.Since(m.at) < memberTTL {
		return m.roles
	}
	cctx, cancel := context.WithTimeout(ctx, 3*time.Second)
	defer cancel()
	mem, err := call(cctx, func(opts ...discordgo.RequestOption) (*discordgo.Member, error) {
		return a.s.GuildMember(guildID, userID, opts...)
	})
	var roles []string
	if err == nil {
		roles = mem.Roles
	} else if !isPermanent(err) {
		a.log.Debug("look up member roles", "guild", guildID, "err", err)
		return nil // not remembered: Discord may answer next time
	}
	a.mu.Lock()
	if len(a.members) > 10000 {
		clear(a.members)
	}
	a.members[key] = memberAt{roles: roles, at: time.Now()}
	a.mu.Unlock()
	return roles
}

// interactionUser is whoever used an interaction: a member in a server, a
// user in a DM.
func (a *Adapter) interactionUser(ctx context.Context, i *discordgo.Interaction) (bot.User, bool) {
	switch {
	case i.Member != nil && i.Member.User != nil:
		return a.user(ctx, i.Member.User, i.Member, i.GuildID), true
	case i.User != nil:
		return a.user(ctx, i.User, nil, ""), true
	}
	return bot.User{}, false
}

func interactionConv(i *discordgo.Interaction) bot.Conversation {
	c := bot.Conversation{ID: "discord:" + i.ChannelID, Kind: bot.Channel}
	if i.GuildID == "" {
		c.Kind = bot.Direct
	}
	return c
}
