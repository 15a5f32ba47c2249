package main

import (
	"fmt"
	"strings"
	"unicode"

	"github.com/noaber/noaber/bot"
)

// shown makes text that users typed safe to print on an operator's
// terminal: control characters (an escape sequence could clear the
// screen, retitle the window or hide lines) and invisible bidi or
// zero-width characters are written as visible \u escapes, so the
// operator sees that they were there. Newlines and tabs become escapes
// too: one record stays on one line.
func shown(s string) string {
	if !strings.ContainsFunc(s, unsafeRune) {
		return s
	}
	var b strings.Builder
	for _, r := range s {
		if unsafeRune(r) {
			fmt.Fprintf(&b, "\\u%04x", r)
			continue
		}
		b.WriteRune(r)
	}
	return b.String()
}

func unsafeRune(r rune) bool {
	return r == '\n' || r == '\t' || unicode.IsControl(r) || bot.Invisible(r) || r == unicode.ReplacementChar
}
