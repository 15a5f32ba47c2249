package events

import "errors"

// ErrNotFound means there is no event with that number.
var ErrNotFound = errors.New("no such event")

// ErrCancelled means the event was cancelled.
var ErrCancelled = errors.New("event was cancelled")

// ErrClosed means the sign-up deadline (or the start) has passed.
var ErrClosed = errors.New("sign-up is closed")

// ErrStarted means the event has started or is over, so it can no longer be
// changed, withdrawn from or announced.
var ErrStarted = errors.New("event has started")

// ErrNotSignedUp means the user has no sign-up to change.
var ErrNotSignedUp = errors.New("not signed up")

// ErrCapacityBelowConfirmed means an edit tried to set the capacity below the
// number of confirmed attendees.
var ErrCapacityBelowConfirmed = errors.New("capacity below confirmed attendees")

// ErrPurged means the attendee list was removed after the retention period.
var ErrPurged = errors.New("sign-ups were removed after the retention period")

// ErrUndoExpired means the minute to undo a cancellation has passed, or
// there was nothing to undo.
var ErrUndoExpired = errors.New("too late to undo")
