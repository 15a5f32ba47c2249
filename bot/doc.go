// Package bot is Noaber's platform-neutral core: the message model that every
// adapter translates to and from (User, Conversation, Inbound, Reply), the
// Adapter and Capability contracts, the Router that hands each message to the
// first capability that takes it, stored dialogue state, language detection
// and roles.
//
// bot knows no chat platform and no platform SDK. Feature packages live below
// it (bot/deadlines, bot/events, …); adapters live in adapters/.
package bot
