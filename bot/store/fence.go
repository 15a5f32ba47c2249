package store

import (
	"context"
	"errors"
)

// Fencing. A leader stops its work before its lease can end (bot/cluster),
// but a transaction already on its way may still reach etcd after a
// successor was elected. A fenced write commits only while the instance
// still holds its election key: the etcd transaction compares the key's
// create revision, in the same commit as the writes. The key is deleted
// when the lease ends and a new term creates a new one, so a deposed
// leader's write fails instead of landing next to the new leader's.

// ErrFenced means a fenced write was refused because this instance no
// longer holds its election key (leadership ended); nothing was written.
var ErrFenced = errors.New("this instance is no longer the leader (its election key is gone); the write was not applied")

// fence is an election key and the create revision it had when won.
type fence struct {
	key string
	rev int64
}

type fenceCtxKey struct{}

// WithFence returns ctx carrying the election key this instance holds
// (etcd key and its create revision): UpdateFenced with the result
// commits only while that key still exists with that revision. bot/cluster
// hands its leader work such a context.
func WithFence(ctx context.Context, key string, createRev int64) context.Context {
	return context.WithValue(ctx, fenceCtxKey{}, fence{key: key, rev: createRev})
}

func fenceFrom(ctx context.Context) *fence {
	if ctx == nil {
		return nil
	}
	if f, ok := ctx.Value(fenceCtxKey{}).(fence); ok {
		return &f
	}
	return nil
}

// UpdateFenced is Update for leader-only work: on etcd, when ctx carries
// a fence (WithFence), fn's writes commit only while the fence holds, else
// the result is ErrFenced and nothing is written. Without a fence, and on
// bbolt (one process, always the leader), it is Update. ctx does not
// bound the transaction: a write the leader must finish (marking a message
// sent) still runs after ctx is cancelled, as long as the fence holds.
func (db *DB) UpdateFenced(ctx context.Context, fn func(*Tx) error) error {
	f := fenceFrom(ctx)
	if db.e == nil || f == nil {
		return db.Update(fn)
	}
	gid := db.enter()
	defer db.leave(gid)
	err := db.e.updateFenced(db, f, fn)
	if err == nil {
		db.writes.Add(1)
		db.commits.Add(1)
	}
	return err
}
