// Package discord connects Noaber to Discord as a bot: it answers mentions,
// direct messages and (with the message_content intent) messages in threads
// it started; it registers the command table's menu commands as Dutch slash
// commands with English names for English clients, renders choices as buttons, sources as embeds and
// attachments as files, splits long answers at Discord's 2,000 characters,
// and sends proactive messages by direct message. discordgo is used only
// here, behind the small session interface.
//
// Interactions are answered within Discord's three seconds: when the core
// takes longer than about two, the adapter acknowledges with a deferred
// response and edits or follows up when the answer is ready.
//
// See README.md for setting up the application and the configuration keys.
package discord
