package mattermost

import "errors"

// ErrDisconnected is returned by Send while the websocket is down, so the
// outbox keeps the message and retries after the reconnect instead of
// delivering into a session that may be about to fail.
var ErrDisconnected = errors.New("mattermost: not connected")

// The reasons a button click is refused. They are returned by the context
// verifier and only logged; the clicking user sees a generic message.
var (
	// ErrBadContext means the context is missing, malformed or its
	// signature does not match: the click did not come from a button the
	// bot made with the current secret.
	ErrBadContext = errors.New("action context invalid")
	// ErrExpired means the button is older than the configured action_ttl.
	ErrExpired = errors.New("action context expired")
	// ErrWrongBinding means the click came from another channel, post or
	// user than the button was made for.
	ErrWrongBinding = errors.New("action context used outside its post")
	// ErrReplayed means a single-use button (one meant for one user) was
	// used before.
	ErrReplayed = errors.New("action context already used")
)
