package rules

import (
	"errors"
	"fmt"
	"strings"
	"time"
)

// ErrUnknownCheck is returned for a check id that no loaded file defines.
var ErrUnknownCheck = errors.New("unknown check")

// ErrUnknownFact is returned for a fact id the check does not declare.
var ErrUnknownFact = errors.New("unknown fact")

// FileError is one problem in a check or scenario file.
type FileError struct {
	File string
	Line int // 0 when the line is not known
	Msg  string
}

// Error formats the problem as "file:line: message".
func (e *FileError) Error() string {
	if e.Line > 0 {
		return fmt.Sprintf("%s:%d: %s", e.File, e.Line, e.Msg)
	}
	return fmt.Sprintf("%s: %s", e.File, e.Msg)
}

// FileErrors is every problem found in a set of files.
type FileErrors []*FileError

// Error lists the problems, one a line.
func (es FileErrors) Error() string {
	lines := make([]string, len(es))
	for i, e := range es {
		lines[i] = e.Error()
	}
	return strings.Join(lines, "\n")
}

// NoParameterError says that a parameter the outcome needs has no value
// for the reference date. The engine never guesses a value from a nearby
// period.
type NoParameterError struct {
	Check, Param string
	Date         time.Time
	Periods      []Period // the periods that are known
}

// Error names the parameter, the date and the known periods.
func (e *NoParameterError) Error() string {
	var known []string
	for _, p := range e.Periods {
		known = append(known, p.String())
	}
	return fmt.Sprintf("check %s: no value of %s is known for %s (known: %s)",
		e.Check, e.Param, e.Date.Format(time.DateOnly), strings.Join(known, ", "))
}

// FactError is a fact value that does not fit its fact.
type FactError struct {
	Fact string
	Err  error
}

// Error names the fact.
func (e *FactError) Error() string { return fmt.Sprintf("fact %s: %v", e.Fact, e.Err) }

// Unwrap returns the cause.
func (e *FactError) Unwrap() error { return e.Err }
