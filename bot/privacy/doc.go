// Package privacy answers data-subject requests (AVG/GDPR articles 15 and
// 17) and enforces retention periods.
//
// In chat, "mijn gegevens" / "my data" sends a user, by direct message,
// everything Noaber holds about them (a readable summary and a JSON file),
// and "vergeet mij" / "forget me" erases it after a confirmation button.
// Operators do the same with `noaber privacy export|erase --user ID`.
//
// The package knows no feature: it finds what features hold through the
// store.DataHolder interface of the router's capabilities, and adds the
// core's own data (profile, dialogues, role grants, queued direct messages,
// calendar feed token). Export reads in one transaction and erase writes in
// one, so a request sees and removes a consistent state.
package privacy
