package store

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"sync/atomic"

	bolt "go.etcd.io/bbolt"
)

// Group commit. Most of the cost of a write is the fsync at commit, and
// bbolt runs one write transaction at a time. Batch lets concurrent
// writers share one transaction and one fsync: the first writer to arrive
// commits at once (no waiting for company, unlike bbolt's DB.Batch with
// its fixed delay), and the writers that arrive while it commits go
// together in the next transaction. A lone writer pays one fsync, as with
// Update; 32 writers at once pay a handful.

// batcher queues the functions waiting for the next group commit.
type batcher struct {
	mu      sync.Mutex
	pending []*batchCall
	running bool // a leader is committing; the next in pending leads after it
}

type batchCall struct {
	fn   func(*Tx) error
	res  chan error    // the outcome, for a call someone else committed
	lead chan struct{} // closed: this call's goroutine commits the next batch
}

// panicked carries a panic from a function run in someone else's batch
// back to the goroutine that called Batch, where it is raised again.
type panicked struct{ v any }

func (p panicked) Error() string { return fmt.Sprint("store: batch function panicked: ", p.v) }

// Batch runs fn in a read-write transaction that it may share with other
// goroutines' Batch calls (group commit): it returns once the transaction
// that holds fn's writes has committed, or with fn's error, in which case
// none of fn's writes were kept.
//
// fn may run more than once: when another function in the same batch
// fails, the transaction is rolled back and the others run again without
// it. So fn must be idempotent and have no effect outside the transaction
// other than setting variables it returns through; use Tx.OnCommit (and
// Tx.Signal) for effects, which fire once, after the commit that kept the
// writes. fn may run on another goroutine than the caller's; a panic in fn
// is raised again in the caller.
//
// On etcd Batch is Update: etcd batches concurrent commits itself, and an
// etcd transaction is already retried as a whole when it conflicts.
func (db *DB) Batch(fn func(*Tx) error) error {
	if db.e != nil {
		return db.Update(fn)
	}
	gid := db.enter()
	defer db.leave(gid)
	c := &batchCall{fn: fn, res: make(chan error, 1), lead: make(chan struct{})}
	b := &db.batch
	b.mu.Lock()
	b.pending = append(b.pending, c)
	if b.running {
		b.mu.Unlock()
		select {
		case err := <-c.res:
			return reraise(err)
		case <-c.lead:
		}
	} else {
		b.running = true
		b.mu.Unlock()
	}
	return reraise(db.leadBatch(c))
}

func reraise(err error) error {
	var p panicked
	if errors.As(err, &p) {
		panic(p.v)
	}
	return err
}

// leadBatch commits everything pending (own among it) in one transaction,
// hands the lead to the next waiting call, and returns own's outcome.
func (db *DB) leadBatch(own *batchCall) error {
	b := &db.batch
	b.mu.Lock()
	calls := b.pending
	b.pending = nil
	b.mu.Unlock()

	results := db.commitCalls(calls)
	var mine error
	for i, c := range calls {
		if c == own {
			mine = results[i]
			continue
		}
		c.res <- results[i]
	}

	b.mu.Lock()
	if len(b.pending) > 0 {
		close(b.pending[0].lead) // it stays in pending and takes the rest with it
	} else {
		b.running = false
	}
	b.mu.Unlock()
	return mine
}

// commitCalls runs calls in one transaction. A call that fails gets its
// error; the transaction is rolled back and the rest run again without it.
// A failed commit is every remaining call's error.
func (db *DB) commitCalls(calls []*batchCall) []error {
	results := make([]error, len(calls))
	live := make([]int, len(calls))
	for i := range live {
		live[i] = i
	}
	for len(live) > 0 {
		failed := -1
		var failure error
		db.gate.RLock()
		err := db.guard(func() error {
			return db.b.Update(func(btx *bolt.Tx) error {
				db.mark()
				defer db.unmark()
				tx := &Tx{kv: (*boltTx)(btx), db: db}
				for _, i := range live {
					if err := db.callOne(calls[i].fn, tx); err != nil {
						failed, failure = i, err
						return err
					}
				}
				return nil
			})
		})
		db.gate.RUnlock()
		if failed < 0 {
			if err == nil {
				db.writes.Add(uint64(len(live)))
				db.commits.Add(1)
			}
			for _, i := range live {
				results[i] = err
			}
			return results
		}
		results[failed] = failure
		live = removeIndex(live, failed)
	}
	return results
}

// callOne runs one caller's fn. A panic becomes that call's error (a
// damaged page ErrDamaged, anything else raised again in its caller), so
// one bad function never takes the other callers down.
func (db *DB) callOne(fn func(*Tx) error, tx *Tx) (err error) {
	defer func() {
		if p := recover(); p != nil {
			if panickedInBolt() {
				err = damaged(db.path, fmt.Sprint(p))
			} else {
				err = panicked{p}
			}
		}
	}()
	return fn(tx)
}

func removeIndex(live []int, i int) []int {
	out := live[:0:0]
	for _, j := range live {
		if j != i {
			out = append(out, j)
		}
	}
	return out
}

// Stats counts the transactions since Open, for benchmarks and tests that
// hold the runtime to its budget of one read and at most one write per
// message.
type Stats struct {
	Reads   uint64 // View calls
	Writes  uint64 // Update and Batch calls whose writes committed
	Commits uint64 // write transactions committed (a batch of many writes is one)
}

// Stats returns the counters.
func (db *DB) Stats() Stats {
	return Stats{Reads: db.reads.Load(), Writes: db.writes.Load(), Commits: db.commits.Load()}
}

type counters struct {
	reads, writes, commits atomic.Uint64
}

// Writes collects the writes of one chat message so that they commit
// together in one group-committed transaction when the message has been
// handled: the runtime's own (dialogue, language) and the capability's
// (DB.Write). Its zero value is not usable; see DB.NewWrites.
type Writes struct {
	db        *DB
	mu        sync.Mutex
	fns       []func(*Tx) error
	committed bool // Write after the commit (a straggling goroutine) writes at once
}

// NewWrites starts the write set of one message.
func (db *DB) NewWrites() *Writes { return &Writes{db: db} }

// Add queues fn for the message's commit. fn is held to the rules of
// Batch: idempotent, no effects outside the transaction.
func (w *Writes) Add(fn func(*Tx) error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.fns = append(w.fns, fn)
}

// queue adds fn unless the set was committed already.
func (w *Writes) queue(fn func(*Tx) error) bool {
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.committed {
		return false
	}
	w.fns = append(w.fns, fn)
	return true
}

// Len is the number of queued writes.
func (w *Writes) Len() int {
	w.mu.Lock()
	defer w.mu.Unlock()
	return len(w.fns)
}

// Commit runs the queued writes, in the order queued, as one function in
// one Batch: all are kept or none. With nothing queued it opens no
// transaction. The queue is empty afterwards.
func (w *Writes) Commit() error {
	w.mu.Lock()
	fns := w.fns
	w.fns, w.committed = nil, true
	w.mu.Unlock()
	if len(fns) == 0 {
		return nil
	}
	return w.db.Batch(func(tx *Tx) error {
		for _, fn := range fns {
			if err := fn(tx); err != nil {
				return err
			}
		}
		return nil
	})
}

type writesKey struct{}

// WithWrites returns ctx carrying w: DB.Write calls made with it queue
// into w instead of committing at once.
func WithWrites(ctx context.Context, w *Writes) context.Context {
	return context.WithValue(ctx, writesKey{}, w)
}

// Write stores what fn writes. When ctx carries the write set of a
// message on this database (WithWrites), fn is queued and commits with the
// message's other writes after the message has been handled; Write then
// returns nil, and a failed commit is logged by the runtime. Otherwise
// (also after the message's write set was committed) fn runs now, in Batch. Either way fn follows the rules of Batch. Use Write
// for writes the reply does not depend on; a write whose outcome the reply
// reports (a sign-up, a vote) uses Batch.
func (db *DB) Write(ctx context.Context, fn func(*Tx) error) error {
	if w, ok := ctx.Value(writesKey{}).(*Writes); ok && w.db == db && w.queue(fn) {
		return nil
	}
	return db.Batch(fn)
}

// Reserve hands out the next sequence number of the top-level bucket
// without a transaction, for a record written later through Write that
// must be named now (an answer's id on its rating buttons). The write
// calls Bucket.KeepSequence(n), so the number is never handed out again,
// also after a restart. Numbers of writes that never commit are skipped.
//
// On etcd, where other instances hand out numbers too, Reserve takes the
// next sequence in a transaction of its own.
func (db *DB) Reserve(bucket string) (uint64, error) {
	if db.e != nil {
		var n uint64
		err := db.Update(func(tx *Tx) error {
			var err error
			n, err = tx.Bucket(bucket).NextSequence()
			return err
		})
		return n, err
	}
	db.seqMu.Lock()
	defer db.seqMu.Unlock()
	n, ok := db.seqs[bucket]
	if !ok {
		if err := db.View(func(tx *Tx) error {
			if b := tx.Bucket(bucket); b.b != nil {
				n = b.b.sequence()
			}
			return nil
		}); err != nil {
			return 0, err
		}
	}
	n++
	if db.seqs == nil {
		db.seqs = map[string]uint64{}
	}
	db.seqs[bucket] = n
	return n, nil
}

// KeepSequence raises the bucket's sequence to n if it is lower, so that
// Reserve and NextSequence never hand n out again.
func (b *Bucket) KeepSequence(n uint64) error {
	if b.err != nil {
		return b.err
	}
	if b.b == nil || !b.b.writable() {
		return errors.New("store: sequence in a read-only transaction")
	}
	if b.b.sequence() >= n {
		return nil
	}
	return b.b.setSequence(n)
}
