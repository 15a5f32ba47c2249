package mattermost

import (
	"crypto/subtle"
	"errors"
	"fmt"
	"net/url"
	"strings"
	"unicode/utf8"

	"github.com/mattermost/mattermost/server/public/model"

	"github.com/noaber/noaber/bot"
)

// maxCommandText bounds the text of a slash command; Mattermost itself
// allows a post's length, the router reads far less.
const maxCommandText = 16 * 1024

// commandRequest is the part of Mattermost's slash-command POST the bot
// uses.
type commandRequest struct {
	Token       string
	UserID      string
	UserName    string
	ChannelID   string
	ChannelName string
	TeamID      string
	RootID      string // set when the command was typed in a thread
	Text        string // after the trigger word, e.g. "deadline nieuw …"
}

// errBadCommand means the POST does not look like a Mattermost slash
// command.
var errBadCommand = errors.New("not a slash command request")

// parseCommand reads the form Mattermost posts for a slash command. The
// token may also come in an "Authorization: Token …" header (authHeader).
func parseCommand(form url.Values, authHeader string) (commandRequest, error) {
	c := commandRequest{
		Token:       form.Get("token"),
		UserID:      form.Get("user_id"),
		UserName:    form.Get("user_name"),
		ChannelID:   form.Get("channel_id"),
		ChannelName: form.Get("channel_name"),
		TeamID:      form.Get("team_id"),
		RootID:      form.Get("root_id"),
		Text:        form.Get("text"),
	}
	if tok, ok := strings.CutPrefix(authHeader, "Token "); ok && c.Token == "" {
		c.Token = strings.TrimSpace(tok)
	}
	if !model.IsValidId(c.UserID) || !model.IsValidId(c.ChannelID) {
		return commandRequest{}, fmt.Errorf("%w: user_id and channel_id must be ids", errBadCommand)
	}
	if c.RootID != "" && !model.IsValidId(c.RootID) {
		return commandRequest{}, fmt.Errorf("%w: root_id is not an id", errBadCommand)
	}
	if len(c.Text) > maxCommandText {
		return commandRequest{}, fmt.Errorf("%w: text too long", errBadCommand)
	}
	if !utf8.ValidString(c.Text) {
		c.Text = strings.ToValidUTF8(c.Text, "\uFFFD")
	}
	c.Text = strings.TrimSpace(c.Text)
	// Some clients send the trigger along; the router wants only the rest.
	if rest, ok := strings.CutPrefix(c.Text, "/noaber"); ok && (rest == "" || rest[0] == ' ') {
		c.Text = strings.TrimSpace(rest)
	}
	if c.Text == "" {
		c.Text = "hulp" // "/noaber" alone asks what the bot can do
	}
	if !utf8.ValidString(c.UserName) {
		c.UserName = strings.ToValidUTF8(c.UserName, "")
	}
	return c, nil
}

// tokenOK compares the command token in constant time.
func tokenOK(got, want string) bool {
	if want == "" || got == "" {
		return false
	}
	return subtle.ConstantTimeCompare([]byte(got), []byte(want)) == 1
}

// Autocomplete is the slash command's autocomplete hint and description in
// lang, built from the command table: the words of every command offered in
// command menus ("[check … | deadline … | hulp]"), and the description of
// the one that takes any text (the question). Mattermost's integration
// settings take them as they are; Run logs them at start.
func (a *Adapter) Autocomplete(lang bot.Lang) (hint, desc string) {
	if a.table == nil {
		return "", ""
	}
	return autocomplete(a.table.Commands(), lang)
}

func autocomplete(table []bot.Command, lang bot.Lang) (hint, desc string) {
	var words []string
	for _, c := range table {
		if !c.Menu {
			continue
		}
		w := c.Word(lang)
		if w == "" {
			if desc == "" {
				desc = c.MenuDesc(lang) // no words: any text, the question
			}
			continue
		}
		for _, a := range c.Args {
			if !c.Whole && len(a.Choices) == 0 { // more to type after the words
				w += " …"
				break
			}
		}
		words = append(words, w)
	}
	if len(words) == 0 {
		return "", desc
	}
	return "[" + strings.Join(words, " | ") + "]", desc
}
