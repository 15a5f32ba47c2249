package store

import (
	"errors"
	"fmt"
)

// Tx, Bucket and Cursor on etcd (kvTx, kvBucket, kvCursor).

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
