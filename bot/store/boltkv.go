package store

import (
	"errors"

	bolt "go.etcd.io/bbolt"
	bolterrors "go.etcd.io/bbolt/errors"
)

// boltTx and boltBucket are bbolt's own types under another name: the
// conversion costs nothing, so the single-file default pays nothing for the
// backend interface.
type boltTx bolt.Tx

func (t *boltTx) raw() *bolt.Tx      { return (*bolt.Tx)(t) }
func (t *boltTx) writable() bool     { return t.raw().Writable() }
func (t *boltTx) onCommit(fn func()) { t.raw().OnCommit(fn) }
func (t *boltTx) signal(string)      {}
func (t *boltTx) bucket(name []byte) kvBucket {
	if b := t.raw().Bucket(name); b != nil {
		return (*boltBucket)(b)
	}
	return nil
}

func (t *boltTx) createBucket(name []byte) (kvBucket, error) {
	b, err := t.raw().CreateBucket(name)
	if err != nil {
		return nil, err
	}
	return (*boltBucket)(b), nil
}

func (t *boltTx) deleteBucket(name []byte) error {
	err := t.raw().DeleteBucket(name)
	if errors.Is(err, bolterrors.ErrBucketNotFound) {
		return nil
	}
	return err
}

func (t *boltTx) bucketNames() []string {
	var out []string
	_ = t.raw().ForEach(func(name []byte, _ *bolt.Bucket) error {
		out = append(out, string(name))
		return nil
	})
	return out
}

type boltBucket bolt.Bucket

func (b *boltBucket) raw() *bolt.Bucket                        { return (*bolt.Bucket)(b) }
func (b *boltBucket) get(k []byte) []byte                      { return b.raw().Get(k) }
func (b *boltBucket) put(k, v []byte) error                    { return b.raw().Put(k, v) }
func (b *boltBucket) del(k []byte) error                       { return b.raw().Delete(k) }
func (b *boltBucket) nextSequence() (uint64, error)            { return b.raw().NextSequence() }
func (b *boltBucket) sequence() uint64                         { return b.raw().Sequence() }
func (b *boltBucket) setSequence(n uint64) error               { return b.raw().SetSequence(n) }
func (b *boltBucket) isBucket(k []byte) bool                   { return b.raw().Bucket(k) != nil }
func (b *boltBucket) forEach(fn func(k, v []byte) error) error { return b.raw().ForEach(fn) }
func (b *boltBucket) keyN() int                                { return b.raw().Stats().KeyN }
func (b *boltBucket) cursor() kvCursor                         { return b.raw().Cursor() }
func (b *boltBucket) writable() bool                           { return b.raw().Writable() }

func (b *boltBucket) bucket(name []byte) kvBucket {
	if s := b.raw().Bucket(name); s != nil {
		return (*boltBucket)(s)
	}
	return nil
}

func (b *boltBucket) createBucket(name []byte) (kvBucket, error) {
	s, err := b.raw().CreateBucket(name)
	if err != nil {
		return nil, err
	}
	return (*boltBucket)(s), nil
}

func (b *boltBucket) deleteBucket(name []byte) error {
	err := b.raw().DeleteBucket(name)
	if errors.Is(err, bolterrors.ErrBucketNotFound) {
		return nil
	}
	return err
}
