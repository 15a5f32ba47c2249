// Package deadlines is the "deadlines" capability: officials record
// deadlines (a standstill period, a decision term, a subsidy round) in chat,
// and the bot reminds the audience — the channel it was made in, a role such
// as all officials, and everyone who follows it — at configured offsets
// before the moment, in Europe/Amsterdam time.
//
// Reminders are never lost: each reminder moment is a job in bot/schedule,
// written in the same transaction as the deadline change, and a due job
// queues its messages in the durable outbox in the transaction that removes
// it. Delivery is at-least-once with a stable key per (deadline revision,
// offset, recipient). After downtime, reminders up to max_lateness late are
// sent once and say they are late; older ones are collected into one summary
// per recipient instead of a flood.
//
// The package also holds the term calculator in chat ("termijn 15-3-2026 +
// 6 weken", built on knowledge/termijn), the daily digest for officials on
// working days, the calendar feeds' deadline entries, the privacy
// export/erase of what it keeps about users and the retention of past
// deadlines: [deadlines] retention (365 days after the moment by default),
// enforced by the daily retention job of bot/privacy (Capability.Expire).
package deadlines
