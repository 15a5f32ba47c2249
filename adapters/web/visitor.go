package web

import (
	"crypto/rand"
	"encoding/binary"
	"sync"
	"time"

	"github.com/noaber/noaber/bot"
)

// entry is one message in a visitor's history.
type entry struct {
	seq       uint64 // stable number of the message
	ver       uint64 // bumped when the message changes (a Replace, buttons used)
	from      string // "user" or "bot"
	text      string // the user's text, or the bot's Markdown
	html      string // the bot's text rendered (set once)
	lang      bot.Lang
	proactive bool
	nonce     string
	choices   []bot.Choice // the bot's ids stay on the server
	sources   []bot.Source
	files     []bot.File
	at        time.Time
}

// visitor is one browser (one cookie): its history, its open connections
// and whatever it is waiting for. All fields are guarded by mu.
type visitor struct {
	id string

	// handling serialises the visitor's messages: two tabs sending at once
	// are answered in order, as in any conversation.
	handling sync.Mutex

	mu       sync.Mutex
	epoch    uint64
	ver, seq uint64
	entries  []*entry
	lang     bot.Lang
	typing   bool
	changed  chan struct{} // closed and replaced on every change
	conns    int           // open WebSockets
	polled   time.Time     // last long poll
	seen     time.Time     // last activity of any kind
}

func newEpoch() uint64 {
	var b [8]byte
	_, _ = rand.Read(b[:])
	return binary.BigEndian.Uint64(b[:])>>12 | 1 // fits a JavaScript number exactly
}

func newVisitor(id string, now time.Time) *visitor {
	return &visitor{id: id, epoch: newEpoch(), changed: make(chan struct{}), seen: now}
}

// notify wakes every connection and poll of v. Call with mu held.
func (v *visitor) notify() {
	close(v.changed)
	v.changed = make(chan struct{})
}

// add appends e to the history, keeping at most max entries. Call with
// mu held.
func (v *visitor) add(e *entry, max int) {
	v.seq++
	v.ver++
	e.seq, e.ver = v.seq, v.ver
	v.entries = append(v.entries, e)
	if len(v.entries) > max {
		v.entries = append(v.entries[:0:0], v.entries[len(v.entries)-max:]...)
	}
	v.notify()
}

// touch bumps e's version so clients fetch it again. Call with mu held.
func (v *visitor) touch(e *entry) {
	v.ver++
	e.ver = v.ver
	v.notify()
}

// find returns the entry with seq, or nil. Call with mu held.
func (v *visitor) find(seq uint64) *entry {
	for _, e := range v.entries {
		if e.seq == seq {
			return e
		}
	}
	return nil
}

// setTyping shows or hides the typing indicator.
func (v *visitor) setTyping(on bool) {
	v.mu.Lock()
	defer v.mu.Unlock()
	if v.typing != on {
		v.typing = on
		v.notify()
	}
}

// forget drops the history and starts a new epoch, so every open page
// clears what it shows.
func (v *visitor) forget() {
	v.mu.Lock()
	defer v.mu.Unlock()
	v.entries = nil
	v.epoch = newEpoch()
	v.ver = 0
	v.notify()
}

// present reports whether someone is looking: an open WebSocket or a
// recent long poll.
func (v *visitor) present(now time.Time, pollGrace time.Duration) bool {
	v.mu.Lock()
	defer v.mu.Unlock()
	return v.conns > 0 || now.Sub(v.polled) < pollGrace
}

// since returns what a client that has (epoch, after) must get: a reset
// when its epoch is not the current one, then every entry changed after
// its version; and the state to resume from next time.
func (v *visitor) since(epoch, after uint64) (frames []outFrame, nextEpoch, nextAfter uint64, typing bool, lang bot.Lang, wait <-chan struct{}) {
	v.mu.Lock()
	defer v.mu.Unlock()
	if epoch != v.epoch {
		frames = append(frames, outFrame{Type: "reset", Epoch: v.epoch})
		after = 0
	}
	for _, e := range v.entries {
		if e.ver > after {
			frames = append(frames, e.frame(v.epoch))
		}
	}
	return frames, v.epoch, v.ver, v.typing, v.lang, v.changed
}
