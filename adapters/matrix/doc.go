// Package matrix connects Noaber to a Matrix homeserver (Synapse,
// Dendrite, Conduit, …) as an ordinary user account, through the
// client-server API with maunium.net/go/mautrix.
//
// It long-polls /sync, answers what is addressed to the bot — a mention
// (pill or plain name) in a room, anything in a direct room, and replies in
// a thread (m.thread) it takes part in — and delivers the outbox's
// proactive messages. A mention in a room is answered in a thread under
// the question, so follow-ups there need no mention.
//
// # Identifiers
//
// Users are "matrix:@alice:example.org". Conversations are
// "matrix:!room:example.org" for a room and
// "matrix:!room:example.org/$root" for a thread, where $root is the id of
// the thread's first event.
//
// # State
//
// The sync token, the direct room per user, the threads the bot takes part
// in and the encrypted rooms already told that the bot cannot read them
// are kept in the store (bucket "matrix"), so after a restart the bot
// resumes where it stopped, answers once what was said meanwhile, and
// never replays old history on a first start.
//
// # Rendering
//
// Replies are Markdown rendered to org.matrix.custom.html with a plain
// body; sources become links; choices become numbered options answered by
// typing the number (bot.Numbered), with 1️⃣ 2️⃣ … reactions as shortcuts;
// files are uploaded to the media repository. "@room" in a reply is defused and every message carries an
// explicit m.mentions, so the bot never pings a whole room.
package matrix
