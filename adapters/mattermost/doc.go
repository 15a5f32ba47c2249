// Package mattermost connects Noaber to a Mattermost server as a bot
// account. It listens on the websocket for posts addressed to the bot (a
// mention, a direct message, a reply in a thread the bot takes part in),
// answers them through the REST API v4, serves the /noaber slash command and
// the integration URL that Mattermost calls when someone clicks one of the
// bot's buttons, and delivers the outbox's proactive messages.
//
// # Identifiers
//
// Users are "mattermost:<userID>". Conversations are
// "mattermost:<channelID>" for a channel or direct message and
// "mattermost:<channelID>/<rootID>" for a thread, where rootID is the id of
// the thread's first post. When someone mentions the bot in a channel, the
// answer starts a thread under their post, so the conversation is
// "mattermost:<channelID>/<postID>" and follow-ups in that thread continue
// the same dialogue.
//
// # Buttons
//
// A Choice becomes a button in a message attachment. Mattermost POSTs a
// click to the integration URL with the context the bot attached; that
// context carries the choice id, the channel (and thread), optionally the
// user the buttons were meant for, a per-message nonce and an expiry, all
// signed with HMAC-SHA256. See action.go for what is checked.
//
// # Resilience
//
// The SDK's websocket client neither reconnects nor tolerates an undrained
// event channel. The adapter reads every event in a goroutine that only
// hands posts to a bounded worker queue, detects silent sockets, reconnects
// with capped, jittered backoff and, after a reconnect, fetches over REST the
// posts that arrived meanwhile, deduplicated by post id.
package mattermost
