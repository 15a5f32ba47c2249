package runtime

import (
	"context"
	"sync"
)

// gate keeps the messages of one (user, conversation) in order: one is
// handled at a time, the rest wait in arrival order. Different keys do not
// wait for each other. A key with nothing in flight costs nothing.
type gate struct {
	mu    sync.Mutex
	lanes map[string]*lane // present while a message of the key is handled
}

type lane struct {
	waiting []chan struct{} // in arrival order
}

func newGate() *gate { return &gate{lanes: map[string]*lane{}} }

// enter returns when it is key's turn, or with ctx's error when ctx ends
// first; then the message gave up its place and must not call leave.
func (g *gate) enter(ctx context.Context, key string) error {
	g.mu.Lock()
	l, busy := g.lanes[key]
	if !busy {
		g.lanes[key] = &lane{}
		g.mu.Unlock()
		return nil
	}
	turn := make(chan struct{})
	l.waiting = append(l.waiting, turn)
	g.mu.Unlock()
	select {
	case <-turn:
		return nil
	case <-ctx.Done():
	}
	g.mu.Lock()
	for i, t := range l.waiting {
		if t == turn {
			l.waiting = append(l.waiting[:i:i], l.waiting[i+1:]...)
			g.mu.Unlock()
			return ctx.Err()
		}
	}
	g.mu.Unlock()
	// The turn came just as ctx ended: hand it on, or the lane stalls.
	g.leave(key)
	return ctx.Err()
}

// leave hands key's turn to the next waiting message, if any.
func (g *gate) leave(key string) {
	g.mu.Lock()
	defer g.mu.Unlock()
	l := g.lanes[key]
	if len(l.waiting) == 0 {
		delete(g.lanes, key)
		return
	}
	next := l.waiting[0]
	l.waiting = l.waiting[1:]
	close(next)
}

// queued reports how many messages of key wait for their turn (tests).
func (g *gate) queued(key string) int {
	g.mu.Lock()
	defer g.mu.Unlock()
	if l, ok := g.lanes[key]; ok {
		return len(l.waiting)
	}
	return 0
}
