package store

import (
	"fmt"
	"io"
	"os"
	"path/filepath"

	clientv3 "go.etcd.io/etcd/client/v3"
)

// record is one entry of a copy: a value, or a nested bucket (with its
// sequence) when bucket is set.
type record struct {
	path   []string
	key    []byte
	val    []byte
	bucket bool
	seq    uint64
}

// snapshot reads every bucket, value and sequence of db in one
// transaction.
func snapshot(db *DB) ([]record, error) {
	var out []record
	err := db.View(func(tx *Tx) error {
		var walk func(b kvBucket, path []string)
		walk = func(b kvBucket, path []string) {
			out = append(out, record{path: path, bucket: true, seq: b.sequence()})
			_ = b.forEach(func(k, v []byte) error {
				if v == nil && b.isBucket(k) {
					walk(b.bucket(k), append(append([]string(nil), path...), string(k)))
					return nil
				}
				out = append(out, record{path: path, key: append([]byte(nil), k...), val: append([]byte{}, v...)})
				return nil
			})
		}
		for _, name := range tx.Buckets() {
			if b := tx.kv.bucket([]byte(name)); b != nil {
				walk(b, []string{name})
			}
		}
		return nil
	})
	return out, err
}

// IsEmpty reports whether db holds nothing but its schema mark: a fresh
// target for Copy.
func IsEmpty(db *DB) (bool, error) {
	empty := true
	err := db.View(func(tx *Tx) error {
		for _, name := range tx.Buckets() {
			if name != "meta" {
				empty = false
				return nil
			}
			_ = tx.Bucket("meta").ForEach(func(k, _ []byte) error {
				if string(k) != "schema" {
					empty = false
				}
				return nil
			})
		}
		return nil
	})
	return empty, err
}

// copyBatch keeps each transaction of a copy into etcd well inside
// etcd's default limit of 128 operations per transaction.
const copyBatch = 25

// Copy writes every bucket, value and sequence of src into dst, read from
// one snapshot of src: between backends (a bbolt file into etcd, etcd into
// a file) or between two of the same. Keys already in dst are overwritten.
// Into a bbolt file it is one transaction; into etcd it is written in
// batches, so a copy broken off halfway must be run again (with --force).
func Copy(dst, src *DB) (int, error) {
	recs, err := snapshot(src)
	if err != nil {
		return 0, fmt.Errorf("read %s: %w", src.Path(), err)
	}
	batch := len(recs) + 1
	if dst.e != nil {
		batch = copyBatch
	}
	n := 0
	for start := 0; start < len(recs); start += batch {
		part := recs[start:min(start+batch, len(recs))]
		err := dst.Update(func(tx *Tx) error {
			for _, r := range part {
				b := tx.Bucket(r.path...)
				if b.err != nil {
					return b.err
				}
				if r.bucket {
					if r.seq == 0 {
						continue
					}
					if err := b.b.setSequence(r.seq); err != nil {
						return err
					}
					continue
				}
				if err := b.Put(r.key, r.val); err != nil {
					return fmt.Errorf("%v %q: %w", r.path, r.key, err)
				}
			}
			return nil
		})
		if err != nil {
			return n, fmt.Errorf("write %s: %w", dst.Path(), err)
		}
		for _, r := range part {
			if !r.bucket {
				n++
			}
		}
	}
	return n, nil
}

// writeTo writes the etcd data as the same compacted bbolt file a backup
// of a file deployment is.
func (kv *etcdKV) writeTo(db *DB, w io.Writer) (int64, error) {
	dir, err := os.MkdirTemp("", "noaber-copy-*")
	if err != nil {
		return 0, fmt.Errorf("temporary file for a copy: %w", err)
	}
	defer os.RemoveAll(dir)
	path := filepath.Join(dir, "noaber.db")
	f, err := Open(path, Options{NoSync: true})
	if err != nil {
		return 0, err
	}
	if _, err := Copy(f, db); err != nil {
		f.Close()
		return 0, err
	}
	if err := f.Close(); err != nil {
		return 0, err
	}
	r, err := os.Open(path)
	if err != nil {
		return 0, err
	}
	defer r.Close()
	return io.Copy(w, r)
}

// Wipe removes everything in db, for a copy or restore that replaces a
// store (--force). On etcd it deletes every key under the prefix in one
// request; run it with every Noaber on that prefix stopped.
func Wipe(db *DB) error {
	if db.e != nil {
		ctx, cancel := db.e.reqCtx()
		defer cancel()
		p := db.e.prefix
		if _, err := db.e.c.Delete(ctx, p, clientv3.WithRange(clientv3.GetPrefixRangeEnd(p))); err != nil {
			return fmt.Errorf("wipe %s: %w", db.path, err)
		}
		return nil
	}
	return db.Update(func(tx *Tx) error {
		for _, name := range tx.Buckets() {
			if err := tx.DeleteBucket(name); err != nil {
				return err
			}
		}
		return nil
	})
}
