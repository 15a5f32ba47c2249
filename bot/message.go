package bot

import (
	"strings"

	"github.com/noaber/noaber/i18n"
)

// Lang is a language the bot speaks. Dutch is the default.
type Lang = i18n.Lang

// The languages Noaber speaks.
const (
	NL = i18n.NL
	EN = i18n.EN
)

// User is a person on one platform. ID is platform-scoped ("discord:1234",
// "mattermost:abcd", "console:alice"), so the same human on two platforms is
// two users.
type User struct {
	ID   string
	Name string
	// Roles the adapter derived from platform data (a Discord role, a
	// Mattermost team). The router merges them with configured and granted
	// roles; capabilities ask Request.Has.
	Roles []Role
}

// Platform returns the part of the ID before the first colon.
func (u User) Platform() string { return PlatformOf(u.ID) }

// PlatformOf returns the platform prefix of a platform-scoped id.
func PlatformOf(id string) string {
	p, _, _ := strings.Cut(id, ":")
	return p
}

// ConvKind says what kind of place a conversation is.
type ConvKind int

// The kinds of conversation.
const (
	Channel ConvKind = iota // a public or team channel
	Thread                  // a thread inside a channel
	Direct                  // a direct message between the bot and one user
)

// Conversation is where a message was said. ID is platform-scoped and opaque
// after the prefix: an adapter may encode a channel and thread in it
// ("mattermost:chan/root").
type Conversation struct {
	ID   string
	Kind ConvKind
}

// Action is a click on a Choice the bot offered.
type Action struct {
	// ID is the Choice.ID that was clicked: "<capability>:<payload>".
	ID string
}

// Inbound is one thing a user did that the bot must answer: a message
// addressed to it (a mention, a DM, a reply in its thread, a slash command)
// or a click on one of its buttons. Adapters only deliver what is addressed
// to the bot.
type Inbound struct {
	User User
	Conv Conversation
	// Text of the message. For a slash command, the command text without
	// the slash ("deadline nieuw …").
	Text string
	// Action is set for a button click; Text is then empty.
	Action *Action
	// Lang is the language of the user's client when the platform says
	// (Discord's locale); empty when unknown. The router uses it when the
	// user chose no language and the text gives no clue (a click).
	Lang Lang
}

// Visibility says who sees a reply.
type Visibility int

// The visibilities a reply can have.
const (
	Public  Visibility = iota // everyone in the conversation
	Private                   // only the user who asked, in the same conversation (ephemeral)
	DM                        // the user who asked, by direct message
)

// ChoiceStyle hints how a button looks; adapters may ignore it.
type ChoiceStyle int

// The choice styles.
const (
	Normal ChoiceStyle = iota
	Primary
	Danger
)

// Choice is a button the user can click (or, on the console, a number the
// user can type). ID must be at most 100 bytes and start with the name of
// the capability that handles it, followed by a colon.
type Choice struct {
	ID    string
	Label string
	Style ChoiceStyle
}

// Source is a reference shown under an answer.
type Source struct {
	Title string
	URL   string // may be empty when the source is a law article without link
	Ref   string // e.g. "Aw art. 2.17"; may be empty
}

// File is an attachment, such as an iCalendar invite.
type File struct {
	Name        string
	ContentType string
	Data        []byte
}

// Reply is what the bot says. Text is a Markdown subset (bold, italics,
// lists, links); adapters convert it to what their platform renders.
type Reply struct {
	Text       string
	Choices    []Choice
	Sources    []Source
	Files      []File
	Visibility Visibility
	// Replace asks the adapter to replace the message whose button was
	// clicked instead of posting a new one. Only meaningful for actions.
	Replace bool
	// Announce marks a public reply as meant for everyone in the channel
	// (an event announcement). Where a request came privately (a
	// Mattermost slash command), only announcements are posted in the
	// channel; other replies are shown to the user alone.
	Announce bool
	// IfDMSent marks an acknowledgement of a DM reply in the same answer
	// ("I sent you the list by direct message"): adapters show it only
	// when that DM was delivered, and say it failed otherwise.
	IfDMSent bool
	// Nonce is a stable key for platform-side deduplication (Discord's
	// nonce, Mattermost's pending_post_id). The outbox sets it.
	Nonce string
}

// Address is where a proactive message goes: a conversation, or a user by
// direct message when Conversation is empty.
type Address struct {
	Conversation string `json:"conversation,omitempty"`
	User         string `json:"user,omitempty"`
}

// Platform is the platform that must deliver to this address.
func (a Address) Platform() string {
	if a.Conversation != "" {
		return PlatformOf(a.Conversation)
	}
	return PlatformOf(a.User)
}

// ToUser addresses a user by direct message.
func ToUser(userID string) Address { return Address{User: userID} }

// ToConversation addresses a conversation.
func ToConversation(convID string) Address { return Address{Conversation: convID} }
