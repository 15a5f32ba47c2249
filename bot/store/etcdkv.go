package store

import (
	"context"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"errors"
	"fmt"
	"math/rand/v2"
	"strings"
	"sync"
	"time"

	"go.etcd.io/etcd/api/v3/v3rpc/rpctypes"
	"go.etcd.io/etcd/client/pkg/v3/transport"
	clientv3 "go.etcd.io/etcd/client/v3"
	"go.uber.org/zap"
)

// The etcd backend keeps the bucket tree of the bbolt file in etcd's flat
// key space, under a prefix so several deployments can share a cluster:
//
//	PREFIX b/ID/KEY  an entry of bucket ID: 0x00+value, or 0x01 for a nested bucket
//	PREFIX v/ID      bumped by every commit that changes bucket ID
//	PREFIX s/ID      the bucket's sequence (8 bytes, big-endian)
//	PREFIX sig/TOPIC put by a commit that calls Tx.Signal(TOPIC)
//
// ID is derived from the bucket's path (hash, hex), so it has a fixed
// length: the entries of one bucket are one contiguous etcd range in the
// byte order of their keys, and creating a bucket needs no counter.
//
// A transaction reads at one snapshot revision, buffers its writes (reads
// see them), and commits with one etcd Txn whose comparisons fail when
// anything it read changed since: a key read by Get must have the same
// ModRevision, a bucket read as a range (cursor, ForEach, Len) must have a
// version key not written after the snapshot. A failed comparison runs the
// whole function again. That makes transactions serializable, phantoms
// included, with etcd doing all of the agreeing.

// EtcdOptions configure the etcd backend.
type EtcdOptions struct {
	// Endpoints are the client URLs of the cluster members.
	Endpoints []string
	// Prefix is put before every key; several deployments can share a
	// cluster with different prefixes. Default "/noaber/".
	Prefix string
	// CertFile and KeyFile are the client certificate, CAFile the CA that
	// signed the members' certificates; all empty means no TLS.
	CertFile, KeyFile, CAFile string
	// DialTimeout bounds connecting and each request. Default 5 seconds.
	DialTimeout time.Duration
	// MaxTxnOps and MaxRequestBytes are the cluster's --max-txn-ops and
	// --max-request-bytes; zero means etcd's defaults (128, 1.5 MiB).
	MaxTxnOps       int
	MaxRequestBytes int
}

// DefaultEtcdPrefix is the key prefix when none is configured.
const DefaultEtcdPrefix = "/noaber/"

// ErrConflict means an etcd transaction kept meeting concurrent changes to
// what it read and gave up after many tries.
var ErrConflict = errors.New("transaction kept conflicting with concurrent changes")

// ErrTooLarge means a value or a transaction is above etcd's request
// limits.
var ErrTooLarge = errors.New("too large for one etcd request")

const (
	tagValue  = 0
	tagBucket = 1

	maxAttempts = 64
)

type etcdKV struct {
	c        *clientv3.Client
	prefix   string
	readOnly bool
	timeout  time.Duration
	maxOps   int
	maxBytes int
	ctx      context.Context
	cancel   context.CancelFunc

	// wmu serializes the write transactions of this process, as bbolt's
	// single writer does: optimistic transactions that all contend for one
	// bucket (32 sign-ups for one event) would otherwise mostly retry.
	// Only other processes' transactions can conflict with one.
	wmu sync.Mutex

	// markers remembers, across transactions, the nested buckets found to
	// exist (marker key → its ModRevision). A write transaction takes a
	// bucket from here without a round trip and still compares the
	// marker at commit, so a stale entry only costs a retry, which runs
	// without the cache. Read transactions always ask etcd.
	markerMu sync.Mutex
	markers  map[string]int64

	mu       sync.Mutex
	watching map[string]bool
	wg       sync.WaitGroup
}

func (o EtcdOptions) withDefaults() EtcdOptions {
	if o.Prefix == "" {
		o.Prefix = DefaultEtcdPrefix
	}
	if !strings.HasSuffix(o.Prefix, "/") {
		o.Prefix += "/"
	}
	if o.DialTimeout == 0 {
		o.DialTimeout = 5 * time.Second
	}
	if o.MaxTxnOps == 0 {
		o.MaxTxnOps = 128
	}
	if o.MaxRequestBytes == 0 {
		o.MaxRequestBytes = 1536 * 1024
	}
	return o
}

// Describe names the cluster and prefix for messages: "etcd:URL,URL /prefix/".
func (o EtcdOptions) Describe() string {
	o = o.withDefaults()
	return "etcd:" + strings.Join(o.Endpoints, ",") + " " + o.Prefix
}

func openEtcd(opt Options) (*DB, error) {
	o := opt.Etcd.withDefaults()
	if len(o.Endpoints) == 0 {
		return nil, errors.New("store backend etcd: no endpoints configured")
	}
	if (o.CertFile == "") != (o.KeyFile == "") {
		return nil, errors.New("store backend etcd: cert_file and key_file go together")
	}
	cfg := clientv3.Config{
		Endpoints:   o.Endpoints,
		DialTimeout: o.DialTimeout,
		Logger:      zap.NewNop(),
		// Reads and commits of a few MiB at most; the client's default
		// send limit would cut a restore of a large value short.
		MaxCallSendMsgSize: 2 * o.MaxRequestBytes,
	}
	if o.CertFile != "" || o.CAFile != "" {
		tc, err := (transport.TLSInfo{CertFile: o.CertFile, KeyFile: o.KeyFile, TrustedCAFile: o.CAFile}).ClientConfig()
		if err != nil {
			return nil, fmt.Errorf("store backend etcd: TLS files: %w", err)
		}
		cfg.TLS = tc
	}
	c, err := clientv3.New(cfg)
	if err != nil {
		return nil, fmt.Errorf("store backend etcd: connect to %s: %w", strings.Join(o.Endpoints, ","), err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	kv := &etcdKV{
		c: c, prefix: o.Prefix, readOnly: opt.ReadOnly, timeout: o.DialTimeout,
		maxOps: o.MaxTxnOps, maxBytes: o.MaxRequestBytes,
		ctx: ctx, cancel: cancel, watching: map[string]bool{}, markers: map[string]int64{},
	}
	db := &DB{e: kv, path: o.Describe(), readOnly: opt.ReadOnly, subs: map[string][]chan struct{}{}}
	// The first read tells whether the cluster answers at all.
	if err := db.view(func(tx *Tx) error { tx.Bucket("meta").Get([]byte("schema")); return nil }); err != nil {
		kv.close()
		return nil, fmt.Errorf("store backend etcd: %s: %w", db.path, err)
	}
	if !opt.ReadOnly {
		if err := db.migrate(); err != nil {
			kv.close()
			return nil, fmt.Errorf("migrate %s: %w", db.path, err)
		}
	}
	return db, nil
}

// EtcdClient is the etcd client of a store on etcd, nil on bbolt: for the
// leader election, so it shares the store's connection and TLS.
func (db *DB) EtcdClient() *clientv3.Client {
	if db.e == nil {
		return nil
	}
	return db.e.c
}

// EtcdPrefix is the key prefix of a store on etcd ("" on bbolt); keys of
// other packages on the same cluster go under it too, outside the store's
// own b/, v/, s/ and sig/ ranges.
func (db *DB) EtcdPrefix() string {
	if db.e == nil {
		return ""
	}
	return db.e.prefix
}

func (kv *etcdKV) close() error {
	kv.cancel()
	kv.wg.Wait()
	return kv.c.Close()
}

func (kv *etcdKV) dataPrefix(id string) string   { return kv.prefix + "b/" + id + "/" }
func (kv *etcdKV) dataKey(id, k string) string   { return kv.prefix + "b/" + id + "/" + k }
func (kv *etcdKV) versionKey(id string) string   { return kv.prefix + "v/" + id }
func (kv *etcdKV) seqKey(id string) string       { return kv.prefix + "s/" + id }
func (kv *etcdKV) signalKey(topic string) string { return kv.prefix + "sig/" + topic }

// bucketID names the bucket at path: 32 hex digits of a hash of the path.
func bucketID(path []string) string {
	h := sha256.New()
	var n [binary.MaxVarintLen64]byte
	for _, p := range path {
		h.Write(n[:binary.PutUvarint(n[:], uint64(len(p)))])
		h.Write([]byte(p))
	}
	return hex.EncodeToString(h.Sum(nil)[:16])
}

var rootID = bucketID(nil)

// abort carries an error out of the transaction function: a read that
// fails must not let fn go on with a wrong answer.
type abort struct{ err error }

// errRetry is a snapshot that was compacted away under a transaction.
var errRetry = errors.New("snapshot compacted")

func (kv *etcdKV) reqCtx() (context.Context, context.CancelFunc) {
	return context.WithTimeout(kv.ctx, kv.timeout)
}

func (kv *etcdKV) update(db *DB, fn func(*Tx) error) error { return kv.updateFenced(db, nil, fn) }

// updateFenced is update whose commit also requires fence (nil: none).
func (kv *etcdKV) updateFenced(db *DB, f *fence, fn func(*Tx) error) error {
	if kv.readOnly {
		return fmt.Errorf("%s: opened read-only", db.path)
	}
	hooks, err := kv.commitLoop(db, f, fn)
	if err != nil {
		return err
	}
	// After the writer lock is released, as bbolt does.
	for _, h := range hooks {
		h()
	}
	return nil
}

// commitLoop runs fn and commits it, again while it conflicts with the
// commits of other processes, and returns the hooks of the committed run.
func (kv *etcdKV) commitLoop(db *DB, f *fence, fn func(*Tx) error) ([]func(), error) {
	kv.wmu.Lock()
	defer kv.wmu.Unlock()
	for attempt := 1; ; attempt++ {
		t := kv.newTx(true)
		t.useCache = attempt == 1
		t.fence = f
		err := t.run(db, fn)
		if err == nil {
			var ok bool
			ok, err = t.commit()
			if err == nil && ok {
				t.forgetMarkers()
				return t.hooks, nil
			}
			if err == nil {
				// Something read changed; a cached marker may be why.
				kv.markerMu.Lock()
				clear(kv.markers)
				kv.markerMu.Unlock()
				err = errRetry
			}
		}
		if !errors.Is(err, errRetry) {
			return nil, err
		}
		if attempt == maxAttempts {
			return nil, fmt.Errorf("%s: %w (%d tries)", db.path, ErrConflict, attempt)
		}
		// Randomised backoff, growing, so that colliding processes
		// spread out.
		d := time.Duration(rand.Int64N(int64(min(attempt, 25))*int64(time.Millisecond))) + 100*time.Microsecond
		select {
		case <-time.After(d):
		case <-kv.ctx.Done():
			return nil, kv.ctx.Err()
		}
	}
}

func (kv *etcdKV) view(db *DB, fn func(*Tx) error) error {
	for attempt := 1; ; attempt++ {
		t := kv.newTx(false)
		err := t.run(db, fn)
		// A read transaction never commits: like bbolt, its OnCommit
		// hooks do not run.
		if !errors.Is(err, errRetry) || attempt == maxAttempts {
			return err
		}
	}
}

// etx is one attempt at an etcd transaction.
type etx struct {
	kv       *etcdKV
	write    bool
	useCache bool  // take bucket markers from kv.markers
	rev      int64 // snapshot revision; 0 until the first read
	fence    *fence

	reads  map[string]readMark // keys read one by one
	ranges map[string]bool     // buckets read as a range
	snap   map[string]*snapBucket
	points map[string]rawRead // snapshot values of keys read one by one

	writes   map[string]pending  // full key → pending write
	ov       map[string]*overlay // bucket → its keys with pending writes
	wbuckets map[string]bool     // buckets changed
	topics   map[string]bool
	hooks    []func()
}

type readMark struct {
	id     string // the bucket, "" for a sequence (never covered by a range)
	modRev int64
}

type rawRead struct {
	val []byte
	ok  bool
}

type pending struct {
	val []byte // encoded (tag + value) for entries; raw for sequences
	del bool
}

type entry struct {
	key string
	val []byte // without the tag
	sub bool
}

// snapBucket is what a transaction has read of one bucket at its
// snapshot: one contiguous window of keys [lo, hi] (from the start, to the
// end, or the whole bucket), all of whose entries are in entries. Cursors
// widen it a page at a time, so the first due item of a long queue does
// not cost reading the whole queue.
type snapBucket struct {
	entries          []entry // sorted
	started, full    bool
	lo, hi           string
	fromStart, toEnd bool
}

// covers reports whether the window holds every snapshot key equal to k.
func (sb *snapBucket) covers(k string) bool {
	return sb != nil && (sb.full || sb.started && (sb.fromStart || sb.lo <= k) && (sb.toEnd || k <= sb.hi))
}

// pageSize is how many keys a cursor reads from etcd at a time.
const pageSize = 64

type overlay struct{ keys []string } // sorted

func (kv *etcdKV) newTx(write bool) *etx {
	return &etx{
		kv: kv, write: write,
		reads: map[string]readMark{}, ranges: map[string]bool{}, snap: map[string]*snapBucket{},
		points: map[string]rawRead{}, writes: map[string]pending{}, ov: map[string]*overlay{},
		wbuckets: map[string]bool{}, topics: map[string]bool{},
	}
}

func (t *etx) run(db *DB, fn func(*Tx) error) (err error) {
	defer func() {
		if r := recover(); r != nil {
			a, ok := r.(abort)
			if !ok {
				panic(r)
			}
			err = a.err
		}
	}()
	return fn(&Tx{kv: t, db: db})
}

func (t *etx) fail(err error) {
	if errors.Is(err, rpctypes.ErrCompacted) {
		panic(abort{errRetry})
	}
	panic(abort{fmt.Errorf("etcd read: %w", err)})
}

// commit sends the buffered writes in one etcd Txn that applies only if
// nothing read has changed. It reports false on such a conflict.
func (t *etx) commit() (bool, error) {
	if len(t.writes) == 0 && len(t.topics) == 0 {
		return true, nil
	}
	cmps := t.compares()
	ops := t.ops()
	if len(ops) > t.kv.maxOps || len(cmps) > t.kv.maxOps {
		// Refused here, with the same clarity as the cluster's refusal, so
		// nothing is sent that the cluster would turn away.
		return false, fmt.Errorf("store: transaction writes %d etcd keys and checks %d, over [store] max_txn_ops = %d: %w "+
			"(it must equal the cluster's --max-txn-ops; raise both to allow it)", len(ops), len(cmps), t.kv.maxOps, ErrTooLarge)
	}
	ctx, cancel := t.kv.reqCtx()
	defer cancel()
	// The cluster enforces its own limits (an operator may raise them):
	// its refusals are made clear here.
	var resp *clientv3.TxnResponse
	var err error
	if t.fence == nil {
		resp, err = t.kv.c.Txn(ctx).If(cmps...).Then(ops...).Commit()
	} else {
		// The fence outside, the conflict check inside: a lost fence is
		// final, a conflict runs the transaction again.
		resp, err = t.kv.c.Txn(ctx).If(clientv3.Compare(clientv3.CreateRevision(t.fence.key), "=", t.fence.rev)).
			Then(clientv3.OpTxn(cmps, ops, nil)).Commit()
	}
	switch {
	case errors.Is(err, rpctypes.ErrRequestTooLarge):
		return false, fmt.Errorf("store: transaction: %w (etcd --max-request-bytes, 1.5 MiB by default)", ErrTooLarge)
	case errors.Is(err, rpctypes.ErrTooManyOps):
		return false, fmt.Errorf("store: transaction writes %d etcd keys and checks %d: %w (the cluster's --max-txn-ops is below "+
			"[store] max_txn_ops = %d; make them equal)", len(ops), len(cmps), ErrTooLarge, t.kv.maxOps)
	case err != nil:
		return false, fmt.Errorf("etcd commit: %w", err)
	}
	if t.fence != nil {
		if !resp.Succeeded {
			return false, fmt.Errorf("store: commit refused: %w", ErrFenced)
		}
		return resp.Responses[0].GetResponseTxn().Succeeded, nil
	}
	return resp.Succeeded, nil
}

func (t *etx) compares() []clientv3.Cmp {
	ranges := t.ranges
	point := 0
	for _, r := range t.reads {
		if r.id == "" || !ranges[r.id] {
			point++
		}
	}
	if point+len(ranges) > t.kv.maxOps {
		// Too many single keys for one Txn: watch their buckets as a whole
		// instead (coarser, still serializable).
		ranges = map[string]bool{}
		for id := range t.ranges {
			ranges[id] = true
		}
		for _, r := range t.reads {
			if r.id != "" {
				ranges[r.id] = true
			}
		}
	}
	var cmps []clientv3.Cmp
	for k, r := range t.reads {
		if r.id == "" || !ranges[r.id] {
			cmps = append(cmps, clientv3.Compare(clientv3.ModRevision(k), "=", r.modRev))
		}
	}
	for id := range ranges {
		cmps = append(cmps, clientv3.Compare(clientv3.ModRevision(t.kv.versionKey(id)), "<", t.rev+1))
	}
	return cmps
}

// ops turns the buffered writes into etcd operations. Within what a
// transaction read of a bucket, runs of deleted neighbours become one range
// delete, so a sweep or a deleted bucket stays within etcd's operation
// limit (no key it did not see can lie between them: the bucket's version
// is compared).
func (t *etx) ops() []clientv3.Op {
	var ops []clientv3.Op
	done := map[string]bool{}
	for id, o := range t.ov {
		sb := t.snap[id]
		if sb == nil || !sb.started {
			continue
		}
		var first, last string
		run := 0
		flush := func() {
			switch {
			case run == 1:
				ops = append(ops, clientv3.OpDelete(t.kv.dataKey(id, first)))
			case run > 1:
				ops = append(ops, clientv3.OpDelete(t.kv.dataKey(id, first), clientv3.WithRange(t.kv.dataKey(id, last)+"\x00")))
			}
			run = 0
		}
		i, j := 0, 0
		for i < len(sb.entries) || j < len(o.keys) {
			var k string
			inSnap := false
			switch {
			case j >= len(o.keys) || (i < len(sb.entries) && sb.entries[i].key < o.keys[j]):
				k, inSnap = sb.entries[i].key, true
				i++
			case i >= len(sb.entries) || o.keys[j] < sb.entries[i].key:
				k = o.keys[j]
				j++
			default:
				k, inSnap = o.keys[j], true
				i++
				j++
			}
			full := t.kv.dataKey(id, k)
			w, written := t.writes[full]
			done[full] = true
			switch {
			case written && w.del && inSnap:
				if run == 0 {
					first = k
				}
				last = k
				run++
			case written && w.del && sb.covers(k):
				// deleting what was never there
			case written && w.del:
				// outside what was read: delete it blind
				flush()
				ops = append(ops, clientv3.OpDelete(full))
			case written:
				flush()
				ops = append(ops, clientv3.OpPut(full, string(w.val)))
			default:
				flush()
			}
		}
		flush()
	}
	for k, w := range t.writes {
		if done[k] {
			continue
		}
		if w.del {
			ops = append(ops, clientv3.OpDelete(k))
		} else {
			ops = append(ops, clientv3.OpPut(k, string(w.val)))
		}
	}
	for id := range t.wbuckets {
		ops = append(ops, clientv3.OpPut(t.kv.versionKey(id), ""))
	}
	for topic := range t.topics {
		ops = append(ops, clientv3.OpPut(t.kv.signalKey(topic), ""))
	}
	return ops
}
