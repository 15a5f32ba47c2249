package bot

import (
	"embed"

	"github.com/noaber/noaber/i18n"
)

//go:embed messages/*.toml
var messagesFS embed.FS

// Msgs is the core's message catalog: the runtime's replies and the words
// adapters show (buttons, errors), in every language.
var Msgs = i18n.MustLoadDir("bot", messagesFS, "messages")
