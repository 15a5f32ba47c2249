package store

import (
	"context"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"errors"
	"fmt"
	"math/rand/v2"
	"sort"
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

func (kv *etcdKV) update(db *DB, fn func(*Tx) error) error {
	if kv.readOnly {
		return fmt.Errorf("%s: opened read-only", db.path)
	}
	hooks, err := kv.commitLoop(db, fn)
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
func (kv *etcdKV) commitLoop(db *DB, fn func(*Tx) error) ([]func(), error) {
	kv.wmu.Lock()
	defer kv.wmu.Unlock()
	for attempt := 1; ; attempt++ {
		t := kv.newTx(true)
		t.useCache = attempt == 1
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

// get reads at the snapshot revision; the first read fixes it. That one
// is linearizable (it sees every commit before it); the later ones read
// the fixed revision from whichever member answers, without another
// round through the leader, unless that member has not got there yet.
func (t *etx) get(key string, opts ...clientv3.OpOption) *clientv3.GetResponse {
	ctx, cancel := t.kv.reqCtx()
	defer cancel()
	var resp *clientv3.GetResponse
	var err error
	if t.rev != 0 {
		opts = append(opts, clientv3.WithRev(t.rev))
		resp, err = t.kv.c.Get(ctx, key, append(opts, clientv3.WithSerializable())...)
		if errors.Is(err, rpctypes.ErrFutureRev) {
			resp, err = t.kv.c.Get(ctx, key, opts...)
		}
	} else {
		resp, err = t.kv.c.Get(ctx, key, opts...)
	}
	if err != nil {
		t.fail(err)
	}
	if t.rev == 0 {
		t.rev = resp.Header.Revision
	}
	return resp
}

// readRaw returns the value of a key read one by one (a sequence, or an
// entry of a bucket not loaded as a whole), from the pending writes, the
// snapshot values already read, or etcd.
func (t *etx) readRaw(full, id string) ([]byte, bool) {
	if w, ok := t.writes[full]; ok {
		return w.val, !w.del
	}
	if r, ok := t.points[full]; ok {
		return r.val, r.ok
	}
	resp := t.get(full)
	var r rawRead
	var mod int64
	if len(resp.Kvs) > 0 {
		r = rawRead{val: resp.Kvs[0].Value, ok: true}
		mod = resp.Kvs[0].ModRevision
	}
	t.points[full] = r
	t.reads[full] = readMark{id: id, modRev: mod}
	return r.val, r.ok
}

func decode(raw []byte) (val []byte, sub bool) {
	if len(raw) == 0 {
		return []byte{}, false
	}
	if raw[0] == tagBucket {
		return nil, true
	}
	return raw[1:], false
}

// lookup finds the entry k of bucket id as this transaction sees it.
func (t *etx) lookup(id, k string) (e entry, ok bool) {
	full := t.kv.dataKey(id, k)
	if w, found := t.writes[full]; found {
		if w.del {
			return entry{}, false
		}
		v, sub := decode(w.val)
		return entry{key: k, val: v, sub: sub}, true
	}
	if sb := t.snap[id]; sb.covers(k) {
		i := sort.Search(len(sb.entries), func(i int) bool { return sb.entries[i].key >= k })
		if i < len(sb.entries) && sb.entries[i].key == k {
			return sb.entries[i], true
		}
		return entry{}, false
	}
	raw, found := t.readRaw(full, id)
	if !found {
		return entry{}, false
	}
	v, sub := decode(raw)
	return entry{key: k, val: v, sub: sub}, true
}

// load reads the whole bucket at the snapshot and makes the commit depend
// on it not changing.
func (t *etx) load(id string) *snapBucket {
	if sb := t.snap[id]; sb != nil && sb.full {
		return sb
	}
	p := t.kv.dataPrefix(id)
	resp := t.get(p, clientv3.WithRange(clientv3.GetPrefixRangeEnd(p)))
	sb := &snapBucket{entries: t.decodeAll(p, resp, false), started: true, full: true, fromStart: true, toEnd: true}
	t.snap[id] = sb
	t.ranges[id] = true
	return sb
}

func (t *etx) decodeAll(p string, resp *clientv3.GetResponse, reverse bool) []entry {
	out := make([]entry, len(resp.Kvs))
	for i, kv := range resp.Kvs {
		v, sub := decode(kv.Value)
		j := i
		if reverse {
			j = len(out) - 1 - i
		}
		out[j] = entry{key: string(kv.Key[len(p):]), val: v, sub: sub}
	}
	return out
}

// window returns the bucket's window, empty when nothing is read yet.
func (t *etx) window(id string) *snapBucket {
	sb := t.snap[id]
	if sb == nil {
		sb = &snapBucket{}
		t.snap[id] = sb
	}
	return sb
}

// fetchFrom starts the window at k: a page of the keys from k on.
func (t *etx) fetchFrom(id string, sb *snapBucket, k string) {
	p := t.kv.dataPrefix(id)
	resp := t.get(p+k, clientv3.WithRange(clientv3.GetPrefixRangeEnd(p)), clientv3.WithLimit(pageSize))
	t.ranges[id] = true
	sb.entries = t.decodeAll(p, resp, false)
	sb.started, sb.lo, sb.fromStart, sb.toEnd = true, k, k == "", !resp.More
	sb.hi = k
	if n := len(sb.entries); n > 0 {
		sb.hi = sb.entries[n-1].key
	}
}

// fetchLast starts the window at the end: a page of the last keys.
func (t *etx) fetchLast(id string, sb *snapBucket) {
	p := t.kv.dataPrefix(id)
	resp := t.get(p, clientv3.WithRange(clientv3.GetPrefixRangeEnd(p)), clientv3.WithLimit(pageSize),
		clientv3.WithSort(clientv3.SortByKey, clientv3.SortDescend))
	t.ranges[id] = true
	sb.entries = t.decodeAll(p, resp, true)
	sb.started, sb.toEnd, sb.fromStart = true, true, !resp.More
	sb.lo, sb.hi = "", ""
	if n := len(sb.entries); n > 0 {
		sb.lo, sb.hi = sb.entries[0].key, sb.entries[n-1].key
	}
}

// fetchForward widens the window by a page after hi.
func (t *etx) fetchForward(id string, sb *snapBucket) {
	p := t.kv.dataPrefix(id)
	resp := t.get(p+sb.hi+"\x00", clientv3.WithRange(clientv3.GetPrefixRangeEnd(p)), clientv3.WithLimit(pageSize))
	page := t.decodeAll(p, resp, false)
	sb.entries = append(sb.entries, page...)
	if n := len(page); n > 0 {
		sb.hi = page[n-1].key
	}
	sb.toEnd = !resp.More
}

// fetchBackward widens the window by a page before lo.
func (t *etx) fetchBackward(id string, sb *snapBucket) {
	p := t.kv.dataPrefix(id)
	resp := t.get(p, clientv3.WithRange(p+sb.lo), clientv3.WithLimit(pageSize),
		clientv3.WithSort(clientv3.SortByKey, clientv3.SortDescend))
	page := t.decodeAll(p, resp, true)
	sb.entries = append(page, sb.entries...)
	if len(page) > 0 {
		sb.lo = page[0].key
	}
	sb.fromStart = !resp.More
}

// snapNext is the first snapshot entry after k (at or after when incl),
// widening the window as needed.
func (t *etx) snapNext(id, k string, incl bool) (entry, bool) {
	sb := t.window(id)
	for {
		switch {
		case sb.full:
		case !sb.started:
			t.fetchFrom(id, sb, k)
			continue
		case !sb.fromStart && k < sb.lo:
			t.fetchBackward(id, sb)
			continue
		}
		i := sort.Search(len(sb.entries), func(i int) bool {
			if incl {
				return sb.entries[i].key >= k
			}
			return sb.entries[i].key > k
		})
		if i < len(sb.entries) {
			return sb.entries[i], true
		}
		if sb.full || sb.toEnd {
			return entry{}, false
		}
		t.fetchForward(id, sb)
	}
}

// snapPrev is the last snapshot entry before k (the last of all when
// last is set), widening the window as needed.
func (t *etx) snapPrev(id, k string, last bool) (entry, bool) {
	sb := t.window(id)
	for {
		switch {
		case sb.full:
		case !sb.started && last:
			t.fetchLast(id, sb)
			continue
		case !sb.started:
			t.fetchFrom(id, sb, k)
			continue
		case !sb.toEnd && (last || k > sb.hi):
			t.fetchForward(id, sb)
			continue
		}
		i := len(sb.entries) - 1
		if !last {
			i = sort.Search(len(sb.entries), func(i int) bool { return sb.entries[i].key >= k }) - 1
		}
		if i >= 0 {
			return sb.entries[i], true
		}
		if sb.full || sb.fromStart {
			return entry{}, false
		}
		t.fetchBackward(id, sb)
	}
}

func (t *etx) setData(id, k string, w pending) {
	full := t.kv.dataKey(id, k)
	if _, ok := t.writes[full]; !ok {
		o := t.ov[id]
		if o == nil {
			o = &overlay{}
			t.ov[id] = o
		}
		i := sort.SearchStrings(o.keys, k)
		o.keys = append(o.keys, "")
		copy(o.keys[i+1:], o.keys[i:])
		o.keys[i] = k
	}
	t.writes[full] = w
	t.wbuckets[id] = true
}

// next returns the first entry of bucket id after k (at or after k when
// incl), merging the snapshot with the pending writes.
func (t *etx) next(id, k string, incl bool) (entry, bool) {
	best, found := t.snapNext(id, k, incl)
	for found {
		if _, over := t.writes[t.kv.dataKey(id, best.key)]; !over {
			break
		}
		best, found = t.snapNext(id, best.key, false)
	}
	if o := t.ov[id]; o != nil {
		j := sort.Search(len(o.keys), func(j int) bool {
			if incl {
				return o.keys[j] >= k
			}
			return o.keys[j] > k
		})
		for ; j < len(o.keys); j++ {
			if found && o.keys[j] >= best.key {
				break
			}
			w := t.writes[t.kv.dataKey(id, o.keys[j])]
			if !w.del {
				v, sub := decode(w.val)
				return entry{key: o.keys[j], val: v, sub: sub}, true
			}
		}
	}
	return best, found
}

// prev returns the last entry of bucket id before k (the last of all when
// last is set).
func (t *etx) prev(id, k string, last bool) (entry, bool) {
	best, found := t.snapPrev(id, k, last)
	for found {
		if _, over := t.writes[t.kv.dataKey(id, best.key)]; !over {
			break
		}
		best, found = t.snapPrev(id, best.key, false)
	}
	if o := t.ov[id]; o != nil {
		j := len(o.keys) - 1
		if !last {
			j = sort.SearchStrings(o.keys, k) - 1
		}
		for ; j >= 0; j-- {
			if found && o.keys[j] <= best.key {
				break
			}
			w := t.writes[t.kv.dataKey(id, o.keys[j])]
			if !w.del {
				v, sub := decode(w.val)
				return entry{key: o.keys[j], val: v, sub: sub}, true
			}
		}
	}
	return best, found
}

// kvTx

func (t *etx) writable() bool      { return t.write }
func (t *etx) onCommit(fn func())  { t.hooks = append(t.hooks, fn) }
func (t *etx) signal(topic string) { t.topics[topic] = true }
func (t *etx) root() *ebucket      { return &ebucket{t: t, id: rootID} }

func (t *etx) bucket(name []byte) kvBucket { return t.root().bucket(name) }
func (t *etx) createBucket(name []byte) (kvBucket, error) {
	if !t.write {
		return nil, errors.New("store: create a bucket in a read-only transaction")
	}
	return t.root().createBucket(name)
}
func (t *etx) deleteBucket(name []byte) error { return t.root().deleteBucket(name) }
func (t *etx) bucketNames() []string {
	var out []string
	_ = t.root().forEach(func(k, _ []byte) error {
		out = append(out, string(k))
		return nil
	})
	return out
}

// ebucket is a bucket on etcd.
type ebucket struct {
	t    *etx
	id   string
	path []string
}

func (b *ebucket) child(name string) *ebucket {
	p := append(append([]string(nil), b.path...), name)
	return &ebucket{t: b.t, id: bucketID(p), path: p}
}

func (b *ebucket) get(k []byte) []byte {
	e, ok := b.t.lookup(b.id, string(k))
	if !ok || e.sub {
		return nil
	}
	return e.val
}

func (b *ebucket) put(k, v []byte) error {
	if !b.t.write {
		return errors.New("store: write in a read-only transaction")
	}
	if len(k) == 0 {
		return errors.New("store: key required")
	}
	if n := len(b.t.kv.dataKey(b.id, string(k))) + len(v) + 1; n > b.t.kv.maxBytes {
		return fmt.Errorf("store: value of %d bytes under %q: %w (etcd takes at most %d bytes per request, --max-request-bytes)",
			len(v), k, ErrTooLarge, b.t.kv.maxBytes)
	}
	raw := make([]byte, 1+len(v))
	raw[0] = tagValue
	copy(raw[1:], v)
	b.t.setData(b.id, string(k), pending{val: raw})
	return nil
}

func (b *ebucket) del(k []byte) error {
	if !b.t.write {
		return errors.New("store: delete in a read-only transaction")
	}
	b.t.setData(b.id, string(k), pending{del: true})
	return nil
}

func (b *ebucket) sequence() uint64 {
	raw, _ := b.t.readRaw(b.t.kv.seqKey(b.id), "")
	return ParseU64(raw)
}

func (b *ebucket) setSequence(n uint64) error {
	if !b.t.write {
		return errors.New("store: sequence in a read-only transaction")
	}
	b.t.writes[b.t.kv.seqKey(b.id)] = pending{val: U64(n)}
	return nil
}

func (b *ebucket) nextSequence() (uint64, error) {
	n := b.sequence() + 1
	return n, b.setSequence(n)
}

func (b *ebucket) bucket(name []byte) kvBucket {
	if !b.t.hasBucket(b.id, string(name)) {
		return nil
	}
	return b.child(string(name))
}

// hasBucket is lookup for a nested bucket's marker, through the marker
// cache in write transactions.
func (t *etx) hasBucket(id, name string) bool {
	full := t.kv.dataKey(id, name)
	_, known := t.writes[full]
	if !known && !t.snap[id].covers(name) && t.useCache {
		if _, read := t.points[full]; !read {
			t.kv.markerMu.Lock()
			mod, ok := t.kv.markers[full]
			t.kv.markerMu.Unlock()
			if ok {
				t.points[full] = rawRead{val: []byte{tagBucket}, ok: true}
				t.reads[full] = readMark{id: id, modRev: mod}
				return true
			}
		}
	}
	e, ok := t.lookup(id, name)
	if ok && e.sub && t.write {
		if r, read := t.reads[full]; read && r.modRev != 0 {
			t.kv.markerMu.Lock()
			t.kv.markers[full] = r.modRev
			t.kv.markerMu.Unlock()
		}
	}
	return ok && e.sub
}

// forgetMarkers drops the cached markers this transaction changed.
func (t *etx) forgetMarkers() {
	t.kv.markerMu.Lock()
	defer t.kv.markerMu.Unlock()
	for k := range t.writes {
		delete(t.kv.markers, k)
	}
}

func (b *ebucket) isBucket(k []byte) bool {
	e, ok := b.t.lookup(b.id, string(k))
	return ok && e.sub
}

func (b *ebucket) createBucket(name []byte) (kvBucket, error) {
	if !b.t.write {
		return nil, errors.New("store: create a bucket in a read-only transaction")
	}
	if len(name) == 0 {
		return nil, errors.New("store: bucket name required")
	}
	if e, ok := b.t.lookup(b.id, string(name)); ok {
		if e.sub {
			return nil, errors.New("bucket already exists")
		}
		return nil, errors.New("a value has that name")
	}
	b.t.setData(b.id, string(name), pending{val: []byte{tagBucket}})
	return b.child(string(name)), nil
}

func (b *ebucket) deleteBucket(name []byte) error {
	if !b.t.write {
		return errors.New("store: delete a bucket in a read-only transaction")
	}
	e, ok := b.t.lookup(b.id, string(name))
	if !ok {
		return nil
	}
	if !e.sub {
		return errors.New("store: not a bucket")
	}
	b.child(string(name)).clear()
	b.t.setData(b.id, string(name), pending{del: true})
	return nil
}

// clear deletes everything in the bucket, nested buckets included.
func (b *ebucket) clear() {
	b.t.load(b.id) // in one request, not page by page
	var keys []entry
	for e, ok := b.t.next(b.id, "", true); ok; e, ok = b.t.next(b.id, e.key, false) {
		keys = append(keys, e)
	}
	for _, e := range keys {
		if e.sub {
			b.child(e.key).clear()
		}
		b.t.setData(b.id, e.key, pending{del: true})
	}
	b.t.writes[b.t.kv.seqKey(b.id)] = pending{del: true}
	b.t.wbuckets[b.id] = true
}

func (b *ebucket) forEach(fn func(k, v []byte) error) error {
	b.t.load(b.id)
	for e, ok := b.t.next(b.id, "", true); ok; e, ok = b.t.next(b.id, e.key, false) {
		if err := fn([]byte(e.key), e.value()); err != nil {
			return err
		}
	}
	return nil
}

func (e entry) value() []byte {
	if e.sub {
		return nil
	}
	return e.val
}

func (b *ebucket) keyN() int {
	b.t.load(b.id)
	n := 0
	for e, ok := b.t.next(b.id, "", true); ok; e, ok = b.t.next(b.id, e.key, false) {
		n++
		if e.sub {
			n += b.child(e.key).keyN()
		}
	}
	return n
}

func (b *ebucket) cursor() kvCursor { return &ecursor{b: b} }
func (b *ebucket) writable() bool   { return b.t.write }

// ecursor keeps its place by key, so writes under it (Delete) behave.
type ecursor struct {
	b     *ebucket
	key   string
	valid bool
}

func (c *ecursor) at(e entry, ok bool) ([]byte, []byte) {
	c.valid = ok
	if !ok {
		return nil, nil
	}
	c.key = e.key
	return []byte(e.key), e.value()
}

func (c *ecursor) First() ([]byte, []byte) { return c.at(c.b.t.next(c.b.id, "", true)) }
func (c *ecursor) Last() ([]byte, []byte)  { return c.at(c.b.t.prev(c.b.id, "", true)) }
func (c *ecursor) Seek(k []byte) ([]byte, []byte) {
	return c.at(c.b.t.next(c.b.id, string(k), true))
}

func (c *ecursor) Next() ([]byte, []byte) {
	if !c.valid {
		return nil, nil
	}
	return c.at(c.b.t.next(c.b.id, c.key, false))
}

func (c *ecursor) Prev() ([]byte, []byte) {
	if !c.valid {
		return nil, nil
	}
	return c.at(c.b.t.prev(c.b.id, c.key, false))
}

func (c *ecursor) Delete() error {
	if !c.valid {
		return nil
	}
	if c.b.isBucket([]byte(c.key)) {
		return errors.New("store: cursor is on a nested bucket")
	}
	return c.b.del([]byte(c.key))
}

// commit sends the buffered writes in one etcd Txn that applies only if
// nothing read has changed. It reports false on such a conflict.
func (t *etx) commit() (bool, error) {
	if len(t.writes) == 0 && len(t.topics) == 0 {
		return true, nil
	}
	cmps := t.compares()
	ops := t.ops()
	ctx, cancel := t.kv.reqCtx()
	defer cancel()
	// The cluster enforces its own limits (an operator may raise them):
	// its refusals are made clear here.
	resp, err := t.kv.c.Txn(ctx).If(cmps...).Then(ops...).Commit()
	switch {
	case errors.Is(err, rpctypes.ErrRequestTooLarge):
		return false, fmt.Errorf("store: transaction: %w (etcd --max-request-bytes, 1.5 MiB by default)", ErrTooLarge)
	case errors.Is(err, rpctypes.ErrTooManyOps):
		return false, fmt.Errorf("store: transaction writes %d etcd keys and checks %d: %w (etcd --max-txn-ops, 128 by default)",
			len(ops), len(cmps), ErrTooLarge)
	case err != nil:
		return false, fmt.Errorf("etcd commit: %w", err)
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

// watch makes commits of other processes that signal topic wake the local
// subscribers. The watch starts at the current revision, so a signal
// committed after Subscribe returns is never missed.
func (kv *etcdKV) watch(db *DB, topic string) {
	kv.mu.Lock()
	if kv.watching[topic] {
		kv.mu.Unlock()
		return
	}
	kv.watching[topic] = true
	kv.mu.Unlock()
	key := kv.signalKey(topic)
	var rev int64
	ctx, cancel := kv.reqCtx()
	if resp, err := kv.c.Get(ctx, key); err == nil {
		rev = resp.Header.Revision + 1
	}
	cancel()
	kv.wg.Add(1)
	go func() {
		defer kv.wg.Done()
		for kv.ctx.Err() == nil {
			var opts []clientv3.OpOption
			if rev > 0 {
				opts = append(opts, clientv3.WithRev(rev))
			}
			for wr := range kv.c.Watch(clientv3.WithRequireLeader(kv.ctx), key, opts...) {
				if wr.CompactRevision != 0 {
					// Missed events were compacted away: wake once, go on from now.
					rev = 0
					db.Signal(topic)
					break
				}
				if wr.Err() != nil {
					break
				}
				if n := len(wr.Events); n > 0 {
					rev = wr.Events[n-1].Kv.ModRevision + 1
					db.Signal(topic)
				}
			}
			select {
			case <-kv.ctx.Done():
			case <-time.After(200 * time.Millisecond):
			}
		}
	}()
}

// scrub makes deleted records unrecoverable from the cluster: compact the
// key history up to now and defragment every member, so no old revision
// and no freed page holds them; only then is the mark cleared.
func (kv *etcdKV) scrub(db *DB) error {
	ctx, cancel := context.WithTimeout(kv.ctx, gateWait)
	defer cancel()
	// A write first: etcd keeps a deletion's tombstone (with the deleted
	// key, which may name a user) when it is the very revision compacted
	// at, so compact at a later one.
	resp, err := kv.c.Put(ctx, kv.prefix+"scrub", "")
	if err != nil {
		return fmt.Errorf("scrub %s: %w", db.path, err)
	}
	rev := resp.Header.Revision
	if _, err := kv.c.Compact(ctx, rev, clientv3.WithCompactPhysical()); err != nil && !errors.Is(err, rpctypes.ErrCompacted) {
		return fmt.Errorf("scrub %s: compact: %w", db.path, err)
	}
	members, err := kv.c.MemberList(ctx)
	if err != nil {
		return fmt.Errorf("scrub %s: list members: %w", db.path, err)
	}
	for _, m := range members.Members {
		var last error = errors.New("no client URL")
		for _, u := range m.ClientURLs {
			if _, last = kv.c.Defragment(ctx, u); last == nil {
				break
			}
		}
		if last != nil {
			return fmt.Errorf("scrub %s: defragment member %s: %w", db.path, m.Name, last)
		}
	}
	// Clear the mark unless another instance set it again meanwhile (its
	// deletion may be newer than the compaction).
	meta := bucketID([]string{"meta"})
	mark := kv.dataKey(meta, string(scrubKey))
	if _, err := kv.c.Txn(ctx).If(clientv3.Compare(clientv3.ModRevision(mark), "<", rev+1)).
		Then(clientv3.OpDelete(mark), clientv3.OpPut(kv.versionKey(meta), "")).Commit(); err != nil {
		return fmt.Errorf("scrub %s: clear the mark: %w", db.path, err)
	}
	return nil
}

func (kv *etcdKV) check(db *DB) error {
	ctx, cancel := kv.reqCtx()
	defer cancel()
	alarms, err := kv.c.AlarmList(ctx)
	if err != nil {
		return fmt.Errorf("check %s: %w", db.path, err)
	}
	var errs []error
	for _, a := range alarms.Alarms {
		errs = append(errs, fmt.Errorf("etcd member %x raises alarm %s", a.MemberID, a.Alarm))
	}
	errs = append(errs, db.View(func(tx *Tx) error {
		for _, name := range tx.Buckets() {
			tx.Bucket(name).Len()
		}
		return nil
	}))
	return errors.Join(errs...)
}

func (kv *etcdKV) size() int64 {
	ctx, cancel := kv.reqCtx()
	defer cancel()
	for _, ep := range kv.c.Endpoints() {
		if st, err := kv.c.Status(ctx, ep); err == nil {
			return st.DbSize
		}
	}
	return 0
}
