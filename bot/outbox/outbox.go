// Package outbox delivers proactive messages (reminders, alerts, waitlist
// promotions) durably: a feature writes a message into the store in the same
// transaction as the change that causes it, and the outbox hands it to the
// adapter that owns the address, retries with backoff while the platform is
// down, and marks it sent. Delivery is at-least-once; each message has a
// stable key, so enqueueing the same key twice sends once, and the key is
// passed to the platform as a nonce so a crash between send and mark can be
// absorbed there.
package outbox

import (
	"context"
	"crypto/rand"
	"encoding/binary"
	"errors"
	"fmt"
	"log/slog"
	"sync"
	"time"

	"github.com/noaber/noaber/bot"
	"github.com/noaber/noaber/bot/clock"
	"github.com/noaber/noaber/bot/metrics"
	"github.com/noaber/noaber/bot/store"
)

// Item is one message waiting to be delivered.
type Item struct {
	// Key is stable per logical message, e.g. "reminder:42:discord:1:14d".
	// Empty means the outbox makes one up (no deduplication).
	Key   string      `json:"key"`
	To    bot.Address `json:"to"`
	Reply bot.Reply   `json:"reply"`
	// Kind labels the message in metrics ("reminder", "promotion").
	Kind        string    `json:"kind,omitempty"`
	Created     time.Time `json:"created"`
	NextAttempt time.Time `json:"next_attempt"`
	Attempts    int       `json:"attempts,omitempty"`
	LastError   string    `json:"last_error,omitempty"`
}

const (
	topic      = "outbox"
	root       = "outbox"
	pendingB   = "pending"     // outbox/pending/<platform>: seq → Item
	dueB       = "due"         // outbox/due/<platform>: dueKey(next attempt, seq) → nothing
	indexedK   = "due_indexed" // set once every pending message is in the due index
	keysB      = "keys"        // outbox/keys: key → status record
	deadB      = "dead"        // outbox/dead: seq → Item
	statusSent = "sent"
	// statusExpired: dropped unsent after the adapter's MaxWait.
	statusExpired = "expired"
)

type keyRecord struct {
	Status string    `json:"s"` // pending, sent, dead
	Seq    uint64    `json:"q,omitempty"`
	At     time.Time `json:"t"`
}

// Enqueue queues it for delivery in tx. It returns false, and queues
// nothing, when a message with the same key was queued before (pending,
// sent within the retention period, or given up on).
func Enqueue(tx *store.Tx, it Item) (bool, error) {
	o := tx.Bucket(root)
	seq, err := o.NextSequence()
	if err != nil {
		return false, err
	}
	if it.Key == "" {
		it.Key = fmt.Sprintf("auto:%d", seq)
	}
	keys := o.Sub(keysB)
	if keys.Get([]byte(it.Key)) != nil {
		return false, nil
	}
	platform := it.To.Platform()
	if platform == "" {
		return false, fmt.Errorf("outbox: message %s has no address", it.Key)
	}
	if it.NextAttempt.IsZero() {
		it.NextAttempt = it.Created
	}
	it.Reply.Nonce = it.Key
	if err := o.Sub(pendingB).Sub(platform).PutJSON(store.U64(seq), it); err != nil {
		return false, err
	}
	if err := o.Sub(dueB).Sub(platform).Put(dueKey(it.NextAttempt, seq), nil); err != nil {
		return false, err
	}
	if err := keys.PutJSON([]byte(it.Key), keyRecord{Status: "pending", Seq: seq, At: it.Created}); err != nil {
		return false, err
	}
	tx.Signal(topic)
	return true, nil
}

// dueKey orders the due index by next attempt, then by sequence. Times
// before 1970 (a zero time) sort first: they are due.
func dueKey(t time.Time, seq uint64) []byte {
	k := make([]byte, 16)
	if n := t.UnixNano(); n > 0 && !t.IsZero() {
		binary.BigEndian.PutUint64(k, uint64(n))
	}
	binary.BigEndian.PutUint64(k[8:], seq)
	return k
}

func parseDueKey(k []byte) (time.Time, uint64) {
	if len(k) != 16 {
		return time.Time{}, 0
	}
	return time.Unix(0, int64(binary.BigEndian.Uint64(k))).UTC(), binary.BigEndian.Uint64(k[8:])
}

// ensureIndex builds the due index once for a file written before it
// existed; new messages are indexed by Enqueue.
func (o *Outbox) ensureIndex() {
	err := o.db.Update(func(tx *store.Tx) error {
		ob := tx.Bucket(root)
		if ob.Get([]byte(indexedK)) != nil {
			return nil
		}
		pb := ob.Sub(pendingB)
		var platforms []string
		if err := pb.ForEach(func(k, _ []byte) error { platforms = append(platforms, string(k)); return nil }); err != nil {
			return err
		}
		for _, platform := range platforms {
			due := ob.Sub(dueB).Sub(platform)
			type entry struct {
				seq uint64
				at  time.Time
			}
			var entries []entry
			if err := pb.Sub(platform).ForEach(func(k, v []byte) error {
				var it Item
				if unmarshal(v, &it) == nil {
					entries = append(entries, entry{store.ParseU64(k), it.NextAttempt})
				}
				return nil
			}); err != nil {
				return err
			}
			for _, e := range entries {
				if err := due.Put(dueKey(e.at, e.seq), nil); err != nil {
					return err
				}
			}
		}
		return ob.Put([]byte(indexedK), []byte{1})
	})
	if err != nil {
		o.log.Error("index the outbox by due time", "err", err)
	}
}

// Config tunes delivery. Zero values are documented per field.
type Config struct {
	// MaxAttempts before a message is given up on (logged, counted in
	// noaber_outbox_dead_total, kept in the dead bucket). Zero means 25,
	// which with the backoff below is about two days.
	MaxAttempts int
	// MaxBackoff caps the wait between attempts. Zero means 2 hours.
	MaxBackoff time.Duration
	// SendTimeout bounds one delivery. Zero means 30 seconds.
	SendTimeout time.Duration
	// KeepSent is how long keys of sent (and expired) messages are
	// remembered for deduplication.
	// Zero means 30 days.
	KeepSent time.Duration
}

// Outbox delivers queued messages through registered adapters.
type Outbox struct {
	db    *store.DB
	clock clock.Clock
	log   *slog.Logger
	cfg   Config

	// redact hides user ids (in keys, addresses and errors) in log lines.
	redact bot.LogRedactor

	mu        sync.Mutex
	adapters  map[string]bot.Adapter
	locks     map[string]*sync.Mutex
	renderers map[string]Renderer
	indexed   sync.Once
}

// Renderer rewrites the reply of an item of one kind just before each
// delivery attempt, so a message held up by an outage says what is true
// when it goes out ("over 58 seconden", not "over 2 minuten"). It returns
// false to send the stored reply as it is.
type Renderer func(it Item, now time.Time) (bot.Reply, bool)

// Render registers f for items of kind. Call it before Run.
func (o *Outbox) Render(kind string, f Renderer) {
	o.mu.Lock()
	defer o.mu.Unlock()
	if o.renderers == nil {
		o.renderers = map[string]Renderer{}
	}
	o.renderers[kind] = f
}

// New returns an outbox over db. clk and log may be nil.
func New(db *store.DB, clk clock.Clock, log *slog.Logger, cfg Config) *Outbox {
	if clk == nil {
		clk = clock.Real{}
	}
	if log == nil {
		log = slog.Default()
	}
	if cfg.MaxAttempts == 0 {
		cfg.MaxAttempts = 25
	}
	if cfg.MaxBackoff == 0 {
		cfg.MaxBackoff = 2 * time.Hour
	}
	if cfg.SendTimeout == 0 {
		cfg.SendTimeout = 30 * time.Second
	}
	if cfg.KeepSent == 0 {
		cfg.KeepSent = 30 * 24 * time.Hour
	}
	key, err := db.Secret("log")
	if err != nil {
		log.Warn("no key for hashing user ids in logs; using a per-process key", "err", err)
		key = make([]byte, 32)
		_, _ = rand.Read(key)
	}
	return &Outbox{db: db, clock: clk, log: log.With("component", "outbox"), cfg: cfg, redact: bot.NewLogRedactor(key),
		adapters: map[string]bot.Adapter{}, locks: map[string]*sync.Mutex{}}
}

// Register makes a delivers messages for its platform.
func (o *Outbox) Register(a bot.Adapter) {
	o.mu.Lock()
	defer o.mu.Unlock()
	o.adapters[a.Name()] = a
	o.locks[a.Name()] = &sync.Mutex{}
}

// Run delivers until ctx ends: at once, whenever a transaction enqueues
// something, and when the next retry falls due.
func (o *Outbox) Run(ctx context.Context) error { return o.RunFor(ctx, nil) }

// RunFor is Run for the registered platforms that only accepts (nil: all).
// With several instances on one store the leader delivers for the
// adapters that hold a single connection and every instance for its own
// per-instance adapters; loops over disjoint platforms may run at once.
func (o *Outbox) RunFor(ctx context.Context, only func(platform string) bool) error {
	wake := o.db.Subscribe(ctx, topic)
	o.purgeSent()
	lastPurge := o.clock.Now()
	for {
		next := o.flush(ctx, only)
		wait := time.Minute
		if !next.IsZero() {
			if d := next.Sub(o.clock.Now()); d < wait {
				wait = max(d, 10*time.Millisecond)
			}
		}
		if o.clock.Now().Sub(lastPurge) > time.Hour {
			o.purgeSent()
			lastPurge = o.clock.Now()
		}
		select {
		case <-ctx.Done():
			return nil
		case <-wake:
		case <-o.clock.After(wait):
		}
	}
}

// Flush tries every message that is due now, once, for every registered
// adapter. It returns the earliest retry time of what is still pending
// (zero when nothing waits on a retry).
func (o *Outbox) Flush(ctx context.Context) time.Time { return o.flush(ctx, nil) }

func (o *Outbox) flush(ctx context.Context, only func(string) bool) time.Time {
	o.indexed.Do(o.ensureIndex)
	o.mu.Lock()
	names := make([]string, 0, len(o.adapters))
	for n := range o.adapters {
		if only == nil || only(n) {
			names = append(names, n)
		}
	}
	o.mu.Unlock()
	var earliest time.Time
	for _, n := range names {
		next := o.flushPlatform(ctx, n)
		if !next.IsZero() && (earliest.IsZero() || next.Before(earliest)) {
			earliest = next
		}
	}
	return earliest
}

type pending struct {
	seq uint64
	it  Item
}

func (o *Outbox) flushPlatform(ctx context.Context, platform string) time.Time {
	o.mu.Lock()
	a, lock := o.adapters[platform], o.locks[platform]
	o.mu.Unlock()
	lock.Lock()
	defer lock.Unlock()
	acceptor, _ := a.(bot.Acceptor)
	var maxWait time.Duration
	if w, ok := a.(bot.WaitLimiter); ok {
		maxWait = w.MaxWait()
	}
	for ctx.Err() == nil {
		now := o.clock.Now()
		var batch, expired []pending
		var earliest time.Time
		// Walk the due index from the earliest: what is due now comes
		// first, and the first entry not yet due ends the walk.
		_ = o.db.View(func(tx *store.Tx) error {
			ob := tx.Bucket(root)
			pb := ob.Sub(pendingB).Sub(platform)
			c := ob.Sub(dueB).Sub(platform).Cursor()
			for k, _ := c.First(); k != nil && len(batch) < 64; k, _ = c.Next() {
				at, seq := parseDueKey(k)
				if at.After(now) {
					earliest = at
					break
				}
				v := pb.Get(store.U64(seq))
				if v == nil {
					continue
				}
				var it Item
				if err := unmarshal(v, &it); err != nil {
					o.log.Error("undecodable outbox item", "seq", seq, "err", err)
					continue
				}
				if maxWait > 0 && now.Sub(it.Created) > maxWait {
					expired = append(expired, pending{seq, it})
					continue
				}
				if acceptor != nil && !acceptor.Accepts(it.To) {
					continue
				}
				batch = append(batch, pending{seq, it})
			}
			return nil
		})
		o.expire(ctx, platform, expired, now)
		if len(batch) == 0 {
			return earliest
		}
		for _, p := range batch {
			if ctx.Err() != nil {
				return earliest
			}
			if !o.deliver(ctx, a, platform, p) {
				return earliest // no longer the leader: the new one delivers
			}
		}
	}
	return time.Time{}
}

// expire drops messages that waited longer than their adapter's MaxWait
// (a web visitor who did not come back). Their keys stay, marked expired,
// so the same message is not queued again.
func (o *Outbox) expire(ctx context.Context, platform string, items []pending, now time.Time) {
	if len(items) == 0 {
		return
	}
	err := o.db.UpdateFenced(ctx, func(tx *store.Tx) error {
		ob := tx.Bucket(root)
		for _, p := range items {
			if err := ob.Sub(pendingB).Sub(platform).Delete(store.U64(p.seq)); err != nil {
				return err
			}
			if err := ob.Sub(keysB).PutJSON([]byte(p.it.Key), keyRecord{Status: statusExpired, At: now}); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		o.log.Error("drop expired messages", "err", err)
		return
	}
	metrics.OutboxExpired.WithLabelValues(platform).Add(float64(len(items)))
	o.log.Info("messages expired waiting for their recipient", "platform", platform, "count", len(items))
}

// Wake makes Run deliver now, e.g. because a recipient an Acceptor held
// messages back for has come back.
func (o *Outbox) Wake() { o.db.Signal(topic) }

// deliver sends p and records the outcome; false means the record was
// refused because this instance is no longer the leader (store.ErrFenced).
func (o *Outbox) deliver(ctx context.Context, a bot.Adapter, platform string, p pending) bool {
	rep := p.it.Reply
	o.mu.Lock()
	render := o.renderers[kindOf(p.it)]
	o.mu.Unlock()
	if render != nil {
		if r, ok := render(p.it, o.clock.Now()); ok {
			r.Nonce = rep.Nonce
			rep = r
		}
	}
	sctx, cancel := context.WithTimeout(ctx, o.cfg.SendTimeout)
	err := a.Send(sctx, p.it.To, rep)
	cancel()
	now := o.clock.Now()
	if err == nil {
		metrics.MessagesOut.WithLabelValues(platform, kindOf(p.it)).Inc()
		// Fenced (the leader's ctx): a deposed leader's mark is refused; the
		// new leader sends the message once more, the one duplicate per
		// failover that at-least-once allows, and its marks stand.
		if uerr := o.db.UpdateFenced(ctx, func(tx *store.Tx) error {
			ob := tx.Bucket(root)
			if err := ob.Sub(pendingB).Sub(platform).Delete(store.U64(p.seq)); err != nil {
				return err
			}
			if err := ob.Sub(dueB).Sub(platform).Delete(dueKey(p.it.NextAttempt, p.seq)); err != nil {
				return err
			}
			return ob.Sub(keysB).PutJSON([]byte(p.it.Key), keyRecord{Status: statusSent, At: now})
		}); errors.Is(uerr, store.ErrFenced) {
			o.log.Warn("sent, but no longer the leader: the new leader may send it once more", "key", o.logKey(p.it))
			return false
		} else if uerr != nil {
			o.log.Error("mark sent", "key", o.logKey(p.it), "err", uerr)
		}
		return true
	}
	if ctx.Err() != nil {
		return true // shutting down: not the platform's fault, try again next start
	}
	metrics.OutboxFailures.WithLabelValues(platform).Inc()
	wasDue := dueKey(p.it.NextAttempt, p.seq)
	p.it.Attempts++
	p.it.LastError = err.Error()
	dead := errors.Is(err, bot.ErrPermanent) || p.it.Attempts >= o.cfg.MaxAttempts
	if dead {
		metrics.OutboxDead.WithLabelValues(platform).Inc()
		o.log.Error("giving up on message", "key", o.logKey(p.it), "platform", platform, "attempts", p.it.Attempts, "err", o.logErr(p.it, err))
	} else {
		p.it.NextAttempt = now.Add(backoff(p.it.Attempts, o.cfg.MaxBackoff))
		o.log.Warn("delivery failed, will retry", "key", o.logKey(p.it), "platform", platform, "attempt", p.it.Attempts, "retry_at", p.it.NextAttempt, "err", o.logErr(p.it, err))
	}
	if uerr := o.db.UpdateFenced(ctx, func(tx *store.Tx) error {
		ob := tx.Bucket(root)
		pb := ob.Sub(pendingB).Sub(platform)
		due := ob.Sub(dueB).Sub(platform)
		if err := due.Delete(wasDue); err != nil {
			return err
		}
		if !dead {
			if err := due.Put(dueKey(p.it.NextAttempt, p.seq), nil); err != nil {
				return err
			}
			return pb.PutJSON(store.U64(p.seq), p.it)
		}
		if err := pb.Delete(store.U64(p.seq)); err != nil {
			return err
		}
		if err := ob.Sub(deadB).PutJSON(store.U64(p.seq), p.it); err != nil {
			return err
		}
		return ob.Sub(keysB).PutJSON([]byte(p.it.Key), keyRecord{Status: "dead", Seq: p.seq, At: now})
	}); errors.Is(uerr, store.ErrFenced) {
		return false
	} else if uerr != nil {
		o.log.Error("record failed delivery", "key", o.logKey(p.it), "err", uerr)
	}
	return true
}

func kindOf(it Item) string {
	if it.Kind == "" {
		return "message"
	}
	return it.Kind
}

// backoff is 2^attempt seconds, capped: 2s, 4s, 8s … max.
func backoff(attempt int, maxWait time.Duration) time.Duration {
	if attempt > 20 {
		return maxWait
	}
	return min(time.Duration(1<<attempt)*time.Second, maxWait)
}

func (o *Outbox) purgeSent() {
	cutoff := o.clock.Now().Add(-o.cfg.KeepSent)
	err := o.db.Update(func(tx *store.Tx) error {
		keys := tx.Bucket(root).Sub(keysB)
		var old [][]byte
		_ = keys.ForEach(func(k, v []byte) error {
			var r keyRecord
			if unmarshal(v, &r) == nil && (r.Status == statusSent || r.Status == statusExpired) && r.At.Before(cutoff) {
				old = append(old, append([]byte(nil), k...))
			}
			return nil
		})
		for _, k := range old {
			if err := keys.Delete(k); err != nil {
				return err
			}
		}
		if len(old) > 0 {
			tx.Scrub() // the keys hold user ids
		}
		return nil
	})
	if err != nil {
		o.log.Error("purge sent keys", "err", err)
	}
}

// QueueStats describes the queue, for metrics and /readyz.
type QueueStats struct {
	Pending int       `json:"pending"`
	Dead    int       `json:"dead"`
	Oldest  time.Time `json:"oldest,omitzero"`
}

// Stats counts pending and dead messages and finds the oldest pending one.
func Stats(db *store.DB) (QueueStats, error) {
	var s QueueStats
	err := db.View(func(tx *store.Tx) error {
		ob := tx.Bucket(root)
		s.Dead = ob.Sub(deadB).Len()
		pb := ob.Sub(pendingB)
		// Counted, not read: a /metrics scrape must not decode 10,000
		// messages. Keys are sequence numbers handed out at enqueue, so the
		// first of each platform is its oldest.
		return pb.ForEach(func(platform, _ []byte) error {
			b := pb.Sub(string(platform))
			s.Pending += b.Len()
			if _, v := b.Cursor().First(); v != nil {
				var it Item
				if unmarshal(v, &it) == nil && (s.Oldest.IsZero() || it.Created.Before(s.Oldest)) {
					s.Oldest = it.Created
				}
			}
			return nil
		})
	})
	return s, err
}

// PendingFor lists pending messages addressed to userID (privacy export).
func PendingFor(tx *store.Tx, userID string) ([]Item, error) {
	var out []Item
	pb := tx.Bucket(root).Sub(pendingB)
	err := pb.ForEach(func(platform, _ []byte) error {
		return pb.Sub(string(platform)).ForEach(func(_, v []byte) error {
			var it Item
			if err := unmarshal(v, &it); err != nil {
				return err
			}
			if it.To.User == userID {
				out = append(out, it)
			}
			return nil
		})
	})
	return out, err
}

// DeletePendingFor removes pending direct messages to userID and returns
// how many.
func DeletePendingFor(tx *store.Tx, userID string) (int, error) {
	platform := bot.PlatformOf(userID)
	ob := tx.Bucket(root)
	due := ob.Sub(dueB).Sub(platform)
	return deleteWhere(ob.Sub(pendingB).Sub(platform), false, func(k []byte, it Item) (bool, error) {
		if !isDMTo(it, userID) {
			return false, nil
		}
		return true, due.Delete(dueKey(it.NextAttempt, store.ParseU64(k)))
	})
}

// PurgeDead removes messages given up on before before (retention: they
// hold message texts addressed to users) and returns how many. Their keys
// stay, so the same message is still never queued again.
func PurgeDead(tx *store.Tx, before time.Time) (int, error) {
	return deleteWhere(tx.Bucket(root).Sub(deadB), true, func(_ []byte, it Item) (bool, error) { return it.Created.Before(before), nil })
}

// DeleteDeadFor removes messages to userID that were given up on and
// returns how many (privacy erase: they hold texts addressed to the user).
func DeleteDeadFor(tx *store.Tx, userID string) (int, error) {
	return deleteWhere(tx.Bucket(root).Sub(deadB), false, func(_ []byte, it Item) (bool, error) { return isDMTo(it, userID), nil })
}

func isDMTo(it Item, userID string) bool { return it.To.User == userID && it.To.Conversation == "" }

// deleteWhere removes the items of b for which match is true, and returns
// how many. Items that no longer decode are removed too when
// dropUndecodable is set (retention), and left alone otherwise.
func deleteWhere(b *store.Bucket, dropUndecodable bool, match func(k []byte, it Item) (bool, error)) (int, error) {
	var del [][]byte
	err := b.ForEach(func(k, v []byte) error {
		var it Item
		if err := unmarshal(v, &it); err != nil {
			if dropUndecodable {
				del = append(del, append([]byte(nil), k...))
			}
			return nil
		}
		if ok, err := match(k, it); err != nil {
			return err
		} else if ok {
			del = append(del, append([]byte(nil), k...))
		}
		return nil
	})
	if err != nil {
		return 0, err
	}
	for _, k := range del {
		if err := b.Delete(k); err != nil {
			return 0, err
		}
	}
	return len(del), nil
}

// logKey is the item's key for a log line: keys such as
// "reminder:42:discord:1234:14d" hold the recipient's id, which is
// replaced by its keyed hash.
func (o *Outbox) logKey(it Item) string {
	return o.redact.Text(it.Key, it.To.User)
}

// logErr is a delivery error for a log line, with the recipient's ids
// hashed (platform errors may quote the channel or user).
func (o *Outbox) logErr(it Item, err error) string {
	return o.redact.Text(err.Error(), it.To.User)
}
