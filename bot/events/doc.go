// Package events runs network events: organisers create an event with an
// optional capacity, sign-up deadline and one question to attendees; anyone
// signs up from any platform (Discord, Mattermost, the console), and all
// sign-ups for one event share one capacity and one waitlist because they
// live in the one store.
//
// # Sign-up rules
//
//   - One sign-up per person (platform-scoped user id) per event. Signing
//     up twice changes nothing and says so.
//   - One bbolt write transaction decides confirmed versus waitlist, so the
//     capacity can never be exceeded, however many people click at once.
//   - The waitlist is in commit order. When a confirmed attendee withdraws
//     (or is erased, or the capacity is raised), the first on the waitlist
//     is promoted in the same transaction and told by direct message
//     through the outbox.
//   - "Maybe" is recorded and counted but does not take a place and does
//     not join the waitlist; a later "yes" is treated like a new sign-up.
//   - After the sign-up deadline (or the start, when there is none) sign-ups
//     are refused; withdrawing stays possible until the start.
//
// # Privacy
//
// Public replies show counts only. Names, platforms and answers go to the
// event's organisers (and admins) only, by direct message, or through the
// operator's CLI. Sign-ups of events that ended longer ago than the
// retention period are deleted by a daily job, keeping only the counts.
//
// # Storage
//
//	events/items          U64(id) → Event (with its counts)
//	events/signups/<id>   user id → Signup
//	events/waitlist/<id>  U64(seq) → user id, in commit order
//	events/byuser         user id + 0x00 + U64(id) → status
package events
