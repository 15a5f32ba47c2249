package store

import (
	"errors"
	"sort"

	"go.etcd.io/etcd/api/v3/v3rpc/rpctypes"
	clientv3 "go.etcd.io/etcd/client/v3"
)

// Reads of an etcd transaction: at its snapshot revision, through its
// own pending writes, a cursor window widened a page at a time.

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
