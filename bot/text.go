package bot

import (
	"strings"
	"unicode"
)

// StripInvisible removes from user-supplied text that others will see (a
// deadline or event title) the characters that change how text is shown
// without being visible themselves: control characters, bidirectional
// overrides and isolates (U+202A–U+202E, U+2066–U+2069, which can make
// "gnirts" read as "string" — spoofing), directional marks and zero-width
// spaces. The zero-width joiner stays: emoji sequences need it.
func StripInvisible(s string) string {
	return strings.Map(func(r rune) rune {
		if Invisible(r) {
			return -1
		}
		return r
	}, s)
}

// Invisible reports whether r is one of the characters StripInvisible
// removes.
func Invisible(r rune) bool {
	switch {
	case r == '\t' || r == '\n':
		return false // layout, handled by the caller
	case unicode.IsControl(r):
		return true
	case r >= 0x202A && r <= 0x202E, r >= 0x2066 && r <= 0x2069:
		return true // embeddings, overrides, isolates
	case r == 0x200E || r == 0x200F || r == 0x061C:
		return true // directional marks
	case r == 0x200B || r == 0x200C || r == 0x2060 || r == 0xFEFF:
		return true // zero-width space, non-joiner, word joiner, BOM
	}
	return false
}
