package knowledge

import (
	"embed"
	"io/fs"

	"github.com/noaber/noaber/i18n"
)

//go:embed corpus
var corpusFS embed.FS

// Corpus returns the embedded corpus: corpus/{nl,en}/*.md as shipped in the
// binary.
func Corpus() fs.FS {
	sub, err := fs.Sub(corpusFS, "corpus")
	if err != nil {
		panic(err) // the directory is embedded; a failure is a build mistake
	}
	return sub
}

//go:embed messages/*.toml
var messagesFS embed.FS

// Msgs holds the texts that frame answers (not-found, other language), in
// Dutch and English.
var Msgs = i18n.MustLoadDir("knowledge", messagesFS, "messages")
