package store

import (
	"context"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"sync"
	"time"

	bolt "go.etcd.io/bbolt"
	bolterrors "go.etcd.io/bbolt/errors"
)

// Options configure Open. The zero value is ready to use.
type Options struct {
	// Timeout is how long Open waits for another process to release the
	// file lock. Zero means 2 seconds.
	Timeout time.Duration
	// ReadOnly opens the file with a shared lock, for inspection
	// commands; it fails when the file does not exist.
	ReadOnly bool
	// NoSync skips fsync on commit. Only for benchmarks and tests.
	NoSync bool

	// Backend is BackendBolt (the default: one file at the path given to
	// Open) or BackendEtcd (the cluster in Etcd; the path is not used).
	Backend string
	Etcd    EtcdOptions
}

// The backends Open knows.
const (
	BackendBolt = "bbolt"
	BackendEtcd = "etcd"
)

// DB is an open Noaber database.
type DB struct {
	// gate is held shared by every use of b and exclusively by Scrub,
	// which swaps b for the compacted file.
	gate     sync.RWMutex
	b        *bolt.DB
	path     string
	readOnly bool
	boltOpts *bolt.Options

	mu   sync.Mutex
	subs map[string][]chan struct{}

	batch    batcher // group commit (Batch)
	counters         // Stats
	nest     nesting // CheckNesting
	seqMu    sync.Mutex
	seqs     map[string]uint64 // Reserve

	e *etcdKV // the etcd backend; nil on bbolt
}

// Open opens (and creates, with its directory) the database at path and
// migrates it to the current schema. An existing file that is empty or
// damaged is refused with ErrEmpty or ErrDamaged, never replaced.
func Open(path string, opt Options) (*DB, error) {
	switch opt.Backend {
	case "", BackendBolt:
	case BackendEtcd:
		return openEtcd(opt)
	default:
		return nil, fmt.Errorf("store backend %q: use %q or %q", opt.Backend, BackendBolt, BackendEtcd)
	}
	if opt.Timeout == 0 {
		opt.Timeout = 2 * time.Second
	}
	if !opt.ReadOnly {
		if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
			return nil, openError(path, fmt.Errorf("create directory: %w", err))
		}
	}
	if err := checkFile(path); err != nil {
		return nil, err
	}
	bopt := &bolt.Options{Timeout: opt.Timeout, ReadOnly: opt.ReadOnly, NoSync: opt.NoSync}
	b, err := openCurrent(path, bopt)
	if errors.Is(err, bolterrors.ErrTimeout) {
		return nil, fmt.Errorf("%s: %w (is another noaber running? stop it or use --db to pick another file)", path, ErrInUse)
	}
	if errors.Is(err, ErrDamaged) {
		return nil, err
	}
	if err != nil {
		return nil, openError(path, err)
	}
	db := &DB{b: b, path: path, readOnly: opt.ReadOnly, boltOpts: bopt, subs: map[string][]chan struct{}{}}
	if !opt.ReadOnly {
		removeLeftovers(path) // we hold the exclusive lock: no one else is writing them
		if err := db.guard(db.migrate); err != nil {
			b.Close()
			return nil, fmt.Errorf("migrate %s: %w", path, err)
		}
	}
	return db, nil
}

// Path is the file the database lives in; on etcd a description of the
// cluster and prefix ("etcd:…").
func (db *DB) Path() string { return db.path }

// Backend is BackendBolt or BackendEtcd.
func (db *DB) Backend() string {
	if db.e != nil {
		return BackendEtcd
	}
	return BackendBolt
}

// Close closes the file.
func (db *DB) Close() error {
	if db.e != nil {
		return db.e.close()
	}
	db.gate.RLock()
	defer db.gate.RUnlock()
	return db.b.Close()
}

// Update runs fn in a read-write transaction; it commits when fn returns nil.
// A damaged page gives ErrDamaged, not a panic.
// See Batch for writes that may share a commit with other goroutines'.
//
// On etcd fn may run more than once (the transaction is retried when
// something it read changed before it could commit); OnCommit and Signal
// hooks run for the committed run only.
func (db *DB) Update(fn func(*Tx) error) error {
	gid := db.enter()
	defer db.leave(gid)
	var err error
	if db.e != nil {
		err = db.e.update(db, fn)
	} else {
		db.gate.RLock()
		defer db.gate.RUnlock()
		err = db.guard(func() error {
			return db.b.Update(func(tx *bolt.Tx) error { return fn(&Tx{kv: (*boltTx)(tx), db: db}) })
		})
	}
	if err == nil {
		db.writes.Add(1)
		db.commits.Add(1)
	}
	return err
}

// View runs fn in a read-only transaction.
// A damaged page gives ErrDamaged, not a panic.
func (db *DB) View(fn func(*Tx) error) error {
	gid := db.enter()
	defer db.leave(gid)
	db.reads.Add(1)
	if db.e != nil {
		return db.e.view(db, fn)
	}
	db.gate.RLock()
	defer db.gate.RUnlock()
	return db.guard(func() error {
		return db.b.View(func(tx *bolt.Tx) error { return fn(&Tx{kv: (*boltTx)(tx), db: db}) })
	})
}

// update and view are Update and View for Open, which already guards.
func (db *DB) update(fn func(*Tx) error) error {
	if db.e != nil {
		return db.e.update(db, fn)
	}
	return db.b.Update(func(tx *bolt.Tx) error { return fn(&Tx{kv: (*boltTx)(tx), db: db}) })
}

func (db *DB) view(fn func(*Tx) error) error {
	if db.e != nil {
		return db.e.view(db, fn)
	}
	return db.b.View(func(tx *bolt.Tx) error { return fn(&Tx{kv: (*boltTx)(tx), db: db}) })
}

// Check runs bbolt's consistency check over the whole file; on etcd it
// reports the cluster's alarms and reads every bucket.
func (db *DB) Check() error {
	if db.e != nil {
		return db.e.check(db)
	}
	return db.View(func(t *Tx) error {
		tx := t.kv.(*boltTx).raw()
		var errs []error
		for err := range tx.Check() {
			errs = append(errs, err)
		}
		return errors.Join(errs...)
	})
}

// WriteTo writes a consistent, compacted copy of the database to w from
// one read transaction; writers are not blocked while it runs. The copy
// holds the live records only, never the bytes of deleted ones.
//
// On etcd the copy is the same bbolt file, written from one snapshot.
func (db *DB) WriteTo(w io.Writer) (int64, error) {
	if db.e != nil {
		return db.e.writeTo(db, w)
	}
	db.gate.RLock()
	defer db.gate.RUnlock()
	var n int64
	err := db.guard(func() error {
		var err error
		n, err = db.writeCompacted(w)
		return err
	})
	return n, err
}

// Size is the size of the data file in bytes; on etcd that of the first
// reachable member's database.
func (db *DB) Size() int64 {
	if db.e != nil {
		return db.e.size()
	}
	var n int64
	_ = db.View(func(tx *Tx) error { n = tx.kv.(*boltTx).raw().Size(); return nil })
	return n
}

// Compact copies the database at src into a new file dst, leaving out free
// pages. Both must be closed by other processes.
func Compact(dst, src string) error {
	if err := checkFile(src); err != nil {
		return err
	}
	s, err := bolt.Open(src, 0o600, &bolt.Options{Timeout: 2 * time.Second, ReadOnly: true})
	if errors.Is(err, bolterrors.ErrTimeout) {
		return fmt.Errorf("%s: %w", src, ErrInUse)
	}
	if err != nil {
		return fmt.Errorf("open %s: %w", src, err)
	}
	defer s.Close()
	d, err := bolt.Open(dst, 0o600, &bolt.Options{Timeout: 2 * time.Second})
	if err != nil {
		return fmt.Errorf("open %s: %w", dst, err)
	}
	if err := bolt.Compact(d, s, 64<<20); err != nil {
		d.Close()
		return fmt.Errorf("compact %s: %w", src, err)
	}
	return d.Close()
}

// Subscribe returns a channel that receives a value (coalesced) each time a
// transaction that called Tx.Signal(topic) commits, until ctx ends: then
// the channel is forgotten (it is not closed). Background loops use it to
// wake up instead of polling; a loop that runs once per leader term passes
// the term's context, so terms leave no subscriptions behind.
//
// On etcd a commit in another process that signals topic wakes it too
// (one watch per topic for the life of the DB, shared by its subscribers).
func (db *DB) Subscribe(ctx context.Context, topic string) <-chan struct{} {
	if db.e != nil {
		db.e.watch(db, topic)
	}
	db.mu.Lock()
	defer db.mu.Unlock()
	ch := make(chan struct{}, 1)
	db.subs[topic] = append(db.subs[topic], ch)
	context.AfterFunc(ctx, func() {
		db.mu.Lock()
		defer db.mu.Unlock()
		db.subs[topic] = slices.DeleteFunc(db.subs[topic], func(c chan struct{}) bool { return c == ch })
		if len(db.subs[topic]) == 0 {
			delete(db.subs, topic)
		}
	})
	return ch
}

// Subscribers counts the live subscriptions to topic (for tests and
// diagnostics).
func (db *DB) Subscribers(topic string) int {
	db.mu.Lock()
	defer db.mu.Unlock()
	return len(db.subs[topic])
}

// Signal wakes the subscribers of topic now.
func (db *DB) Signal(topic string) {
	db.mu.Lock()
	defer db.mu.Unlock()
	for _, ch := range db.subs[topic] {
		select {
		case ch <- struct{}{}:
		default:
		}
	}
}

// Tx is a transaction.
type Tx struct {
	kv kvTx
	db *DB
}

// Writable reports whether the transaction may write.
func (t *Tx) Writable() bool { return t.kv.writable() }

// OnCommit runs fn after the transaction commits.
func (t *Tx) OnCommit(fn func()) { t.kv.onCommit(fn) }

// Signal wakes the subscribers of topic once this transaction commits; on
// etcd also those of other processes sharing the store.
func (t *Tx) Signal(topic string) {
	t.kv.signal(topic)
	t.kv.onCommit(func() { t.db.Signal(topic) })
}

// Bucket returns the bucket at path, creating it (and its parents) in a
// write transaction. In a read transaction a missing bucket is returned as
// an empty bucket that reads nothing.
func (t *Tx) Bucket(path ...string) *Bucket {
	if len(path) == 0 {
		panic("store: Bucket needs a name")
	}
	var b kvBucket
	for i, name := range path {
		var next kvBucket
		if i == 0 {
			next = t.kv.bucket([]byte(name))
		} else {
			next = b.bucket([]byte(name))
		}
		if next == nil && t.kv.writable() {
			var err error
			if i == 0 {
				next, err = t.kv.createBucket([]byte(name))
			} else {
				next, err = b.createBucket([]byte(name))
			}
			if err != nil {
				return &Bucket{err: fmt.Errorf("create bucket %v: %w", path[:i+1], err)}
			}
		}
		if next == nil {
			return &Bucket{}
		}
		b = next
	}
	return &Bucket{b: b}
}

// DeleteBucket removes a top-level bucket and everything in it; a missing
// bucket is not an error.
func (t *Tx) DeleteBucket(name string) error { return t.kv.deleteBucket([]byte(name)) }

// Bucket is a sorted key-value map inside the store.
type Bucket struct {
	b   kvBucket
	err error // from creating it; returned by every write
}

// Exists reports whether the bucket exists (a read of a missing bucket
// returns an empty one).
func (b *Bucket) Exists() bool { return b.b != nil }

// Get returns the value for k, or nil. The slice is only valid inside the
// transaction.
func (b *Bucket) Get(k []byte) []byte {
	if b.b == nil {
		return nil
	}
	return b.b.get(k)
}

// Put sets k to v.
func (b *Bucket) Put(k, v []byte) error {
	if b.err != nil {
		return b.err
	}
	if b.b == nil {
		return errors.New("store: write to a bucket in a read-only transaction")
	}
	return b.b.put(k, v)
}

// Delete removes k; a missing key is not an error.
func (b *Bucket) Delete(k []byte) error {
	if b.err != nil {
		return b.err
	}
	if b.b == nil {
		return nil
	}
	return b.b.del(k)
}

// GetJSON decodes the value for k into v and reports whether it existed.
func (b *Bucket) GetJSON(k []byte, v any) (bool, error) {
	data := b.Get(k)
	if data == nil {
		return false, nil
	}
	if err := json.Unmarshal(data, v); err != nil {
		return true, fmt.Errorf("decode %q: %w", k, err)
	}
	return true, nil
}

// PutJSON stores v encoded as JSON under k.
func (b *Bucket) PutJSON(k []byte, v any) error {
	data, err := json.Marshal(v)
	if err != nil {
		return fmt.Errorf("encode %q: %w", k, err)
	}
	return b.Put(k, data)
}

// NextSequence returns a new unique, increasing integer for the bucket.
func (b *Bucket) NextSequence() (uint64, error) {
	if b.err != nil {
		return 0, b.err
	}
	if b.b == nil {
		return 0, errors.New("store: sequence in a read-only transaction")
	}
	return b.b.nextSequence()
}

// Sub returns the nested bucket name, creating it in a write transaction.
func (b *Bucket) Sub(name string) *Bucket {
	if b.b == nil {
		return &Bucket{err: b.err}
	}
	s := b.b.bucket([]byte(name))
	if s == nil && b.b.writable() {
		var err error
		if s, err = b.b.createBucket([]byte(name)); err != nil {
			return &Bucket{err: err}
		}
	}
	if s == nil {
		return &Bucket{}
	}
	return &Bucket{b: s}
}

// DeleteSub removes a nested bucket; a missing one is not an error.
func (b *Bucket) DeleteSub(name string) error {
	if b.b == nil {
		return nil
	}
	return b.b.deleteBucket([]byte(name))
}

// ForEach calls fn for each key in order; nested buckets have a nil value.
// fn must not change the bucket.
func (b *Bucket) ForEach(fn func(k, v []byte) error) error {
	if b.b == nil {
		return nil
	}
	return b.b.forEach(fn)
}

// Len counts the keys in the bucket, those of nested buckets included
// (a nested bucket counts as a key too).
func (b *Bucket) Len() int {
	if b.b == nil {
		return 0
	}
	return b.b.keyN()
}

// Cursor returns a cursor over the bucket in key order.
func (b *Bucket) Cursor() *Cursor {
	if b.b == nil {
		return &Cursor{}
	}
	return &Cursor{c: b.b.cursor()}
}

// Cursor walks a bucket in key order. All methods return nil keys at the
// end. Nested buckets have a nil value.
type Cursor struct{ c kvCursor }

// First moves to the first key.
func (c *Cursor) First() (k, v []byte) {
	if c.c == nil {
		return nil, nil
	}
	return c.c.First()
}

// Last moves to the last key.
func (c *Cursor) Last() (k, v []byte) {
	if c.c == nil {
		return nil, nil
	}
	return c.c.Last()
}

// Next moves to the next key.
func (c *Cursor) Next() (k, v []byte) {
	if c.c == nil {
		return nil, nil
	}
	return c.c.Next()
}

// Prev moves to the previous key.
func (c *Cursor) Prev() (k, v []byte) {
	if c.c == nil {
		return nil, nil
	}
	return c.c.Prev()
}

// Seek moves to k or the first key after it.
func (c *Cursor) Seek(k []byte) (key, v []byte) {
	if c.c == nil {
		return nil, nil
	}
	return c.c.Seek(k)
}

// Delete removes the key under the cursor. Position the cursor again with
// Seek or First afterwards: on bbolt a Next after a Delete may skip a key.
func (c *Cursor) Delete() error {
	if c.c == nil {
		return nil
	}
	return c.c.Delete()
}

// U64 encodes n big-endian, so keys sort numerically.
func U64(n uint64) []byte {
	b := make([]byte, 8)
	binary.BigEndian.PutUint64(b, n)
	return b
}

// ParseU64 decodes a U64 key; short input gives 0.
func ParseU64(b []byte) uint64 {
	if len(b) < 8 {
		return 0
	}
	return binary.BigEndian.Uint64(b)
}

// TimeKey is a key that sorts by time, then by id: 8 bytes of Unix
// nanoseconds (UTC, big-endian) followed by id.
func TimeKey(t time.Time, id string) []byte {
	k := make([]byte, 8, 8+len(id))
	binary.BigEndian.PutUint64(k, uint64(t.UnixNano()))
	return append(k, id...)
}

// ParseTimeKey splits a TimeKey.
func ParseTimeKey(k []byte) (time.Time, string) {
	if len(k) < 8 {
		return time.Time{}, ""
	}
	return time.Unix(0, int64(binary.BigEndian.Uint64(k[:8]))).UTC(), string(k[8:])
}
