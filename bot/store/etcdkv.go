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

// Describe names the cluster and prefix for messages: "etcd:URL,URL/prefix/".
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
		ctx: ctx, cancel: cancel, watching: map[string]bool{},
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
	for attempt := 1; ; attempt++ {
		t := kv.newTx(true)
		err := t.run(db, fn)
		if err == nil {
			var ok bool
			ok, err = t.commit()
			if err == nil && ok {
				for _, h := range t.hooks {
					h()
				}
				return nil
			}
			if err == nil {
				err = errRetry
			}
		}
		if !errors.Is(err, errRetry) {
			return err
		}
		if attempt == maxAttempts {
			return fmt.Errorf("%s: %w (%d tries)", db.path, ErrConflict, attempt)
		}
		// Randomised backoff, so that colliding writers spread out.
		d := time.Duration(rand.Int64N(int64(min(attempt, 20))*int64(time.Millisecond))) + 100*time.Microsecond
		select {
		case <-time.After(d):
		case <-kv.ctx.Done():
			return kv.ctx.Err()
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
	kv    *etcdKV
	write bool
	rev   int64 // snapshot revision; 0 until the first read

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

type snapBucket struct{ entries []entry }

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

// get reads at the snapshot revision; the first read fixes it.
func (t *etx) get(key string, opts ...clientv3.OpOption) *clientv3.GetResponse {
	if t.rev != 0 {
		opts = append(opts, clientv3.WithRev(t.rev))
	}
	ctx, cancel := t.kv.reqCtx()
	defer cancel()
	resp, err := t.kv.c.Get(ctx, key, opts...)
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
	if sb := t.snap[id]; sb != nil {
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
	if sb := t.snap[id]; sb != nil {
		return sb
	}
	p := t.kv.dataPrefix(id)
	resp := t.get(p, clientv3.WithRange(clientv3.GetPrefixRangeEnd(p)))
	sb := &snapBucket{entries: make([]entry, 0, len(resp.Kvs))}
	for _, kv := range resp.Kvs {
		v, sub := decode(kv.Value)
		sb.entries = append(sb.entries, entry{key: string(kv.Key[len(p):]), val: v, sub: sub})
	}
	t.snap[id] = sb
	t.ranges[id] = true
	return sb
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
	sb := t.load(id)
	i := sort.Search(len(sb.entries), func(i int) bool {
		if incl {
			return sb.entries[i].key >= k
		}
		return sb.entries[i].key > k
	})
	for i < len(sb.entries) {
		if _, over := t.writes[t.kv.dataKey(id, sb.entries[i].key)]; !over {
			break
		}
		i++
	}
	var best entry
	found := false
	if i < len(sb.entries) {
		best, found = sb.entries[i], true
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
	sb := t.load(id)
	i := len(sb.entries) - 1
	if !last {
		i = sort.Search(len(sb.entries), func(i int) bool { return sb.entries[i].key >= k }) - 1
	}
	for i >= 0 {
		if _, over := t.writes[t.kv.dataKey(id, sb.entries[i].key)]; !over {
			break
		}
		i--
	}
	var best entry
	found := false
	if i >= 0 {
		best, found = sb.entries[i], true
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
	e, ok := b.t.lookup(b.id, string(name))
	if !ok || !e.sub {
		return nil
	}
	return b.child(string(name))
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
	if len(ops) > t.kv.maxOps {
		return false, fmt.Errorf("store: transaction writes %d etcd keys: %w (etcd takes at most %d per transaction, --max-txn-ops)",
			len(ops), ErrTooLarge, t.kv.maxOps)
	}
	if len(cmps) > t.kv.maxOps {
		return false, fmt.Errorf("store: transaction read %d separate keys and buckets: %w (etcd takes at most %d comparisons, --max-txn-ops)",
			len(cmps), ErrTooLarge, t.kv.maxOps)
	}
	ctx, cancel := t.kv.reqCtx()
	defer cancel()
	resp, err := t.kv.c.Txn(ctx).If(cmps...).Then(ops...).Commit()
	switch {
	case errors.Is(err, rpctypes.ErrRequestTooLarge):
		return false, fmt.Errorf("store: %w (etcd --max-request-bytes): %v", ErrTooLarge, err)
	case errors.Is(err, rpctypes.ErrTooManyOps):
		return false, fmt.Errorf("store: %w (etcd --max-txn-ops): %v", ErrTooLarge, err)
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

// ops turns the buffered writes into etcd operations. In a bucket read as
// a whole, runs of deleted neighbours become one range delete, so a sweep
// or a deleted bucket stays within etcd's operation limit.
func (t *etx) ops() []clientv3.Op {
	var ops []clientv3.Op
	done := map[string]bool{}
	for id, o := range t.ov {
		sb := t.snap[id]
		if sb == nil {
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
			case written && w.del:
				// deleting what was never there
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
	resp, err := kv.c.Get(ctx, kv.versionKey(rootID))
	if err != nil {
		return fmt.Errorf("scrub %s: %w", db.path, err)
	}
	if _, err := kv.c.Compact(ctx, resp.Header.Revision, clientv3.WithCompactPhysical()); err != nil && !errors.Is(err, rpctypes.ErrCompacted) {
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
	return db.Update(func(tx *Tx) error { return tx.Bucket("meta").Delete(scrubKey) })
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
