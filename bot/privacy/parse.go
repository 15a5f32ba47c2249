package privacy

import (
	"strings"
	"unicode"
)

// Command is a privacy request typed in chat.
type Command int

// The privacy commands.
const (
	None   Command = iota
	Show           // "mijn gegevens" / "my data": export
	Forget         // "vergeet mij" / "forget me": erase, after confirmation
	Info           // "privacy": what is stored and how to ask for it
)

// phrases maps normalised texts to commands. Only whole messages count, so
// a question that merely mentions "my data" still reaches the answerer.
var phrases = map[string]Command{
	"mijn gegevens": Show, "mijn data": Show, "toon mijn gegevens": Show, "geef mijn gegevens": Show,
	"inzage": Show, "inzage gegevens": Show, "inzageverzoek": Show, "mijngegevens": Show,
	"my data": Show, "show my data": Show, "export my data": Show, "mydata": Show,

	"vergeet mij": Forget, "vergeet me": Forget, "verwijder mijn gegevens": Forget, "wis mijn gegevens": Forget,
	"vergeetmij": Forget,
	"forget me":  Forget, "delete my data": Forget, "erase my data": Forget, "forgetme": Forget,

	"privacy": Info, "privacyverklaring": Info, "privacy statement": Info,
}

// Parse recognises a privacy command in a message. Case, surrounding
// punctuation, a leading slash or bot mention and repeated spaces are
// ignored.
func Parse(text string) Command {
	return phrases[normalise(text)]
}

// normalise lowercases, drops a leading "/" or "!" and "@noaber", trims
// punctuation at the ends and folds white space.
func normalise(text string) string {
	s := strings.ToLower(strings.Join(strings.Fields(text), " "))
	s = strings.TrimPrefix(s, "@noaber ")
	s = strings.TrimLeft(s, "/!")
	s = strings.TrimFunc(s, func(r rune) bool { return unicode.IsPunct(r) || unicode.IsSpace(r) })
	return s
}
