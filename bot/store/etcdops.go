package store

import (
	"context"
	"errors"
	"fmt"
	"time"

	"go.etcd.io/etcd/api/v3/v3rpc/rpctypes"
	clientv3 "go.etcd.io/etcd/client/v3"
)

// Signals across processes, scrub, check and size on etcd.

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
