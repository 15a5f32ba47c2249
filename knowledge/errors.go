package knowledge

import (
	"errors"
	"fmt"
)

// ErrMalformed marks a corpus document that cannot be used: broken front
// matter, a missing required field, an unknown language, no sources or a
// duplicate id. Errors wrapping it are *DocError values naming file and line.
var ErrMalformed = errors.New("malformed document")

// DocError says which document is malformed and where, so the person who
// wrote it can fix it without reading Go.
type DocError struct {
	File string // path of the document as loaded (embedded or on disk)
	Line int    // 1-based line; 0 when the problem is the document as a whole
	Msg  string
}

func (e *DocError) Error() string {
	if e.Line > 0 {
		return fmt.Sprintf("%s:%d: %s", e.File, e.Line, e.Msg)
	}
	return fmt.Sprintf("%s: %s", e.File, e.Msg)
}

// Unwrap lets errors.Is(err, ErrMalformed) find every document error.
func (e *DocError) Unwrap() error { return ErrMalformed }
