// Package natural reads the answers people type in a conversation: amounts
// in euros ("€ 250.000", "250k", "1,2 miljoen", "2.5 million", "3 ton"),
// dates ("15-3-2026", "2026-03-15", "vandaag", "volgend jaar",
// "1 januari 2026"), yes/no ("ja", "nee", "yes", "no") and numbers
// ("36", "3 jaar" as months). Dutch and English, with either decimal
// separator.
//
// Every parser returns an error instead of guessing when the text is
// ambiguous or unreadable, and none of them panics on any input (they are
// fuzzed). Errors are *Error values whose Kind lets a caller show a
// translated hint; their Error text is English and meant for logs and the
// command line, not for chat users.
package natural

import (
	"fmt"
	"strings"
)

// Kind says what a parser expected when it failed.
type Kind string

// The kinds of input error.
const (
	KindAmount Kind = "amount" // not an amount of money
	KindDate   Kind = "date"   // not a date
	KindYesNo  Kind = "yesno"  // neither yes nor no
	KindNumber Kind = "number" // not a number
)

// Error is a failure to read an answer.
type Error struct {
	Kind  Kind
	Input string
	// Why is a short English explanation ("negative amount").
	Why string
}

// Error describes the failure in English.
func (e *Error) Error() string {
	if e.Why != "" {
		return fmt.Sprintf("%q is not a valid %s: %s", e.Input, e.Kind, e.Why)
	}
	return fmt.Sprintf("%q is not a valid %s", e.Input, e.Kind)
}

func fail(k Kind, in, why string) error { return &Error{Kind: k, Input: clip(in), Why: why} }

// clip keeps error messages short whatever the input.
func clip(s string) string {
	const max = 40
	r := []rune(strings.ToValidUTF8(s, "?"))
	if len(r) > max {
		return string(r[:max]) + "…"
	}
	return string(r)
}
