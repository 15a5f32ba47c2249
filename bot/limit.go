package bot

import (
	"container/list"
	"sync"
	"time"

	"golang.org/x/time/rate"
)

// LimitConfig configures a Limiter. Zero values are documented per field.
type LimitConfig struct {
	// PerMinute is the sustained rate per user. Zero or less means no
	// limit: Allow always says yes.
	PerMinute float64
	// Burst is how many requests a user may make at once after being
	// quiet. Zero means max(1, PerMinute/2).
	Burst int
	// MaxUsers bounds the memory: when more users are tracked, the one
	// idle longest is forgotten (and starts again with a full bucket).
	// Zero means 10000.
	MaxUsers int
	// Idle is how long an untouched user is remembered. A bucket refills
	// fully well within it, so forgetting loses nothing. Zero means 10
	// minutes.
	Idle time.Duration
	// ExemptPlatforms are platforms whose users are never limited (the
	// console: the operator at the keyboard and piped transcripts).
	ExemptPlatforms []string
}

// Limiter is a per-user token bucket: each user id gets PerMinute tokens a
// minute, up to Burst. It is safe for concurrent use and memory-bounded.
// A nil *Limiter allows everything.
type Limiter struct {
	cfg    LimitConfig
	exempt map[string]bool

	mu    sync.Mutex
	users map[string]*list.Element // of *limitEntry, most recent at the front
	lru   *list.List
}

type limitEntry struct {
	key    string
	lim    *rate.Limiter
	seen   time.Time
	warned bool // told about the limit since it was last allowed
}

// NewLimiter returns a limiter; see LimitConfig for the defaults.
func NewLimiter(cfg LimitConfig) *Limiter {
	if cfg.Burst <= 0 {
		cfg.Burst = max(1, int(cfg.PerMinute/2))
	}
	if cfg.MaxUsers <= 0 {
		cfg.MaxUsers = 10000
	}
	if cfg.Idle <= 0 {
		cfg.Idle = 10 * time.Minute
	}
	l := &Limiter{cfg: cfg, exempt: map[string]bool{}, users: map[string]*list.Element{}, lru: list.New()}
	for _, p := range cfg.ExemptPlatforms {
		l.exempt[p] = true
	}
	return l
}

// Allow reports whether userID may make one more request at now.
func (l *Limiter) Allow(userID string, now time.Time) bool {
	ok, _ := l.AllowOnce(userID, now)
	return ok
}

// AllowOnce is Allow that also reports, when refused, whether this is the first
// refusal since the user was last allowed (so the router tells them once
// instead of answering a flood with a flood).
func (l *Limiter) AllowOnce(userID string, now time.Time) (ok, first bool) {
	if l == nil || l.cfg.PerMinute <= 0 || l.exempt[PlatformOf(userID)] {
		return true, false
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	l.evict(now)
	var e *limitEntry
	if el, found := l.users[userID]; found {
		e = el.Value.(*limitEntry)
		l.lru.MoveToFront(el)
	} else {
		e = &limitEntry{key: userID, lim: rate.NewLimiter(rate.Limit(l.cfg.PerMinute/60), l.cfg.Burst)}
		l.users[userID] = l.lru.PushFront(e)
	}
	e.seen = now
	if e.lim.AllowN(now, 1) {
		e.warned = false
		return true, false
	}
	first = !e.warned
	e.warned = true
	return false, first
}

// evict forgets users idle longer than Idle, and the longest idle ones
// beyond MaxUsers-1 (making room for one more).
func (l *Limiter) evict(now time.Time) {
	for el := l.lru.Back(); el != nil; el = l.lru.Back() {
		e := el.Value.(*limitEntry)
		if l.lru.Len() < l.cfg.MaxUsers && now.Sub(e.seen) < l.cfg.Idle {
			return
		}
		l.lru.Remove(el)
		delete(l.users, e.key)
	}
}

// Tracked returns how many users the limiter currently remembers.
func (l *Limiter) Tracked() int {
	if l == nil {
		return 0
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.lru.Len()
}
