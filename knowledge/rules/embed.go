package rules

import (
	"embed"
	"io/fs"

	"github.com/noaber/noaber/i18n"
)

//go:embed checks/*.toml
var checksFS embed.FS

//go:embed messages/*.toml
var messagesFS embed.FS

var msgs = i18n.MustLoadDir("rules", messagesFS, "messages")

// EmbeddedFS holds the check and scenario files shipped in the binary.
func EmbeddedFS() fs.FS { return mustSub(checksFS, "checks") }

// Embedded loads the checks shipped in the binary. They are tested, so an
// error here is a programming error.
func Embedded() *Set {
	s, err := Load(EmbeddedFS())
	if err != nil {
		panic(err)
	}
	return s
}

func mustSub(f fs.FS, dir string) fs.FS {
	s, err := fs.Sub(f, dir)
	if err != nil {
		panic(err)
	}
	return s
}
