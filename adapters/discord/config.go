package discord

import (
	"fmt"
	"net/url"
	"sort"
	"strings"

	"github.com/bwmarrin/discordgo"

	"github.com/noaber/noaber/bot"
)

// Config is the [discord] section. Zero values are documented per field.
type Config struct {
	// Enabled turns the adapter on. False (the default) means serve does
	// not connect to Discord at all.
	Enabled bool `toml:"enabled"`
	// Token is the bot token from the developer portal (Bot → Reset
	// Token), without the "Bot " prefix. REQUIRED when enabled; set it with
	// the environment variable NOABER_DISCORD_TOKEN rather than in the file.
	Token string `toml:"token"`
	// ApplicationID is the application's id. Empty means: take it from the
	// gateway's READY event.
	ApplicationID string `toml:"application_id"`
	// Guilds are the server (guild) ids to register the slash commands in.
	// Empty means global commands, which appear in every server the bot is
	// in and in direct messages; guild commands appear at once, which
	// suits testing and a single community.
	Guilds []string `toml:"guilds"`
	// MessageContent asks for the privileged MESSAGE_CONTENT intent, so the
	// bot also reads follow-up messages in threads it started without being
	// mentioned. Enable it in the developer portal too. False means the bot
	// answers mentions, direct messages and slash commands only, which
	// Discord delivers with content anyway.
	MessageContent bool `toml:"message_content"`
	// CommandsOnly connects without any message intents: the bot answers
	// slash commands and buttons and sends direct messages, but does not
	// see mentions or direct messages typed to it. False by default.
	CommandsOnly bool `toml:"commands_only"`
	// APIURL replaces https://discord.com for REST calls (and thus the
	// gateway lookup), e.g. a REST proxy that coordinates rate limits
	// across processes: "http://discord-proxy:8080". Paths stay /api/v9/….
	// Empty means Discord itself.
	APIURL string `toml:"api_url"`
	// Roles maps Discord roles to Noaber roles: "guildID/roleID" =
	// "official" | "organiser" | "admin" (Dutch names work too). Members
	// with that role in that server get the Noaber role on every message.
	Roles map[string]string `toml:"roles"`
}

// Validate checks the section; messages start with the full key. The
// token is only required when the adapter is enabled; the other keys are
// checked either way, so a mistake shows before the day it is switched on.
func (c Config) Validate() error {
	if c.Enabled {
		if strings.TrimSpace(c.Token) == "" {
			return fmt.Errorf("discord.token: required when discord.enabled is true; set NOABER_DISCORD_TOKEN to the bot token from the developer portal")
		}
		if strings.HasPrefix(c.Token, "Bot ") {
			return fmt.Errorf("discord.token: leave out the \"Bot \" prefix; Noaber adds it")
		}
		if strings.ContainsAny(c.Token, " \t\r\n") {
			return fmt.Errorf("discord.token: contains white space; copy the token again from the developer portal")
		}
	}
	if c.ApplicationID != "" && !isSnowflake(c.ApplicationID) {
		return fmt.Errorf("discord.application_id: %q is not a Discord id (a number); leave it empty to take it from the gateway", c.ApplicationID)
	}
	for _, g := range c.Guilds {
		if !isSnowflake(g) {
			return fmt.Errorf("discord.guilds: %q is not a server id; copy it with Developer Mode on (right-click the server → Copy Server ID)", g)
		}
	}
	if c.MessageContent && c.CommandsOnly {
		return fmt.Errorf("discord.message_content: cannot be true together with discord.commands_only")
	}
	if c.APIURL != "" {
		u, err := url.Parse(c.APIURL)
		if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" || u.RawQuery != "" {
			return fmt.Errorf("discord.api_url: %q is not a base URL; write e.g. \"http://discord-proxy:8080\"", c.APIURL)
		}
	}
	keys := make([]string, 0, len(c.Roles))
	for k := range c.Roles {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		g, r, ok := strings.Cut(k, "/")
		if !ok || !isSnowflake(g) || !isSnowflake(r) {
			return fmt.Errorf("discord.roles: key %q must be \"guildID/roleID\", both numbers", k)
		}
		if _, ok := bot.ParseRole(c.Roles[k]); !ok {
			return fmt.Errorf("discord.roles: %q = %q is not a role; use \"official\", \"organiser\" or \"admin\"", k, c.Roles[k])
		}
	}
	return nil
}

// intents returns the fewest gateway intents the configuration needs.
// Interactions (slash commands, buttons) arrive without any intent.
func (c Config) intents() discordgo.Intent {
	if c.CommandsOnly {
		return discordgo.IntentsNone
	}
	// Guild messages for mentions (and follow-ups in the bot's threads),
	// direct messages for DMs. Discord sends the content of messages that
	// mention the bot and of DMs even without MESSAGE_CONTENT.
	i := discordgo.IntentsGuildMessages | discordgo.IntentsDirectMessages
	if c.MessageContent {
		i |= discordgo.IntentsMessageContent
	}
	return i
}

// roleTable is Roles parsed: guild → Discord role → Noaber role.
func (c Config) roleTable() map[string]map[string]bot.Role {
	t := map[string]map[string]bot.Role{}
	for k, v := range c.Roles {
		g, r, _ := strings.Cut(k, "/")
		role, ok := bot.ParseRole(v)
		if !ok {
			continue
		}
		if t[g] == nil {
			t[g] = map[string]bot.Role{}
		}
		t[g][r] = role
	}
	return t
}

// isSnowflake reports whether s looks like a Discord id: 1 to 20 digits.
func isSnowflake(s string) bool {
	if s == "" || len(s) > 20 {
		return false
	}
	for _, r := range s {
		if r < '0' || r > '9' {
			return false
		}
	}
	return true
}
