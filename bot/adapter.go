package bot

import (
	"context"
	"errors"
	"net/http"
	"sync"
	"time"
)

// Handler answers what users do. The Router is the Handler adapters get.
type Handler interface {
	// Handle returns the replies to in, in order. It never returns nil for
	// a message: the bot always says something — except to a user over the
	// message rate limit who has already been told (an empty slice), so a
	// flood is not answered with a flood.
	Handle(ctx context.Context, in Inbound) []Reply
}

// HandlerFunc adapts a function to Handler.
type HandlerFunc func(ctx context.Context, in Inbound) []Reply

// Handle calls f.
func (f HandlerFunc) Handle(ctx context.Context, in Inbound) []Reply { return f(ctx, in) }

// Adapter connects one chat platform.
type Adapter interface {
	// Name is the platform prefix of the ids the adapter produces
	// ("discord", "mattermost", "console").
	Name() string
	// Run connects and delivers inbound events to h until ctx ends or the
	// adapter cannot go on. It returns nil when ctx ended.
	Run(ctx context.Context, h Handler) error
	// Send delivers a reply to an address: a conversation, or a user by
	// direct message. It is safe for concurrent use. An error wrapping
	// ErrPermanent means retrying cannot help.
	Send(ctx context.Context, to Address, r Reply) error
}

// Acceptor is implemented by adapters that can deliver to some addresses
// only at some times (the console delivers only to the user at the
// keyboard). The outbox leaves other messages waiting.
type Acceptor interface {
	Accepts(to Address) bool
}

// WaitLimiter is implemented by adapters whose messages lose their point
// when they wait too long (a web visitor who never comes back): the outbox
// drops a message that has waited longer than MaxWait.
type WaitLimiter interface {
	MaxWait() time.Duration
}

// HTTPMounter is implemented by adapters that serve HTTP (Mattermost's
// button and slash-command callbacks, the web chat). The wiring mounts
// every such adapter on the [http] listener, so it need not know their
// routes.
type HTTPMounter interface {
	Mount(mux *http.ServeMux)
}

// Health is an adapter's connection status, for /readyz.
type Health struct {
	Connected bool      `json:"connected"`
	Since     time.Time `json:"since,omitzero"`
	Detail    string    `json:"detail,omitempty"`
}

// HealthReporter is implemented by adapters that keep a connection.
type HealthReporter interface {
	Health() Health
}

// ErrPermanent marks a send that will never succeed (unknown user, the bot
// was removed from the channel). The outbox gives up on it at once.
var ErrPermanent = errors.New("permanent delivery failure")

// HealthState keeps an adapter's connection health for /readyz. The zero
// value is disconnected and ready to use; it is safe for concurrent use.
type HealthState struct {
	mu sync.Mutex
	h  Health
}

// Get returns the current health.
func (s *HealthState) Get() Health {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.h
}

// Set records whether the adapter is connected and why not; Since moves
// only when the state changes (or on the first report), at now.
func (s *HealthState) Set(connected bool, detail string, now time.Time) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.h.Connected != connected || s.h.Since.IsZero() {
		s.h.Since = now
	}
	s.h.Connected, s.h.Detail = connected, detail
}

// Connected reports the last state Set.
func (s *HealthState) Connected() bool { return s.Get().Connected }

// Several instances on one store (see bot/cluster): only the elected
// leader runs the adapters that hold a connection that must be single
// (Discord gateway, Mattermost websocket, Matrix sync); every instance runs
// the ones that implement PerInstance, and serves the HTTP callbacks of
// those that implement CallbackServer.

// PerInstance is implemented by adapters that hold no single platform
// connection (the web chat serves its visitors over the instance's own
// listener): every instance runs them, and delivers their outbox messages
// to the recipients it holds.
type PerInstance interface {
	PerInstance()
}

// CallbackServer is implemented by adapters that hold a single connection
// and also answer HTTP callbacks (Mattermost's slash command and button
// clicks): ServeCallbacks answers the callbacks mounted by Mount until ctx
// ends, without the connection, on every instance; Run holds the
// connection on the leader.
type CallbackServer interface {
	ServeCallbacks(ctx context.Context, h Handler) error
}
