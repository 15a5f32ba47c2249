package store

import "strings"

// Buckets returns the names of the top-level buckets, in order.
func (t *Tx) Buckets() []string { return t.kv.bucketNames() }

// Dump returns every key in the file as "bucket/sub/key" → value, for
// tests that must prove an action changed nothing (a refused privileged
// command) and for comparing a backup with its source. Buckets named in
// skip (top level only) are left out.
func Dump(db *DB, skip ...string) (map[string]string, error) {
	out := map[string]string{}
	err := db.View(func(tx *Tx) error {
		for _, name := range tx.Buckets() {
			if contains(skip, name) {
				continue
			}
			if err := dumpBucket(tx.Bucket(name), name, out); err != nil {
				return err
			}
		}
		return nil
	})
	return out, err
}

func dumpBucket(b *Bucket, path string, out map[string]string) error {
	return b.ForEach(func(k, v []byte) error {
		p := path + "/" + string(k)
		if v == nil && b.b.isBucket(k) {
			return dumpBucket(b.Sub(string(k)), p, out)
		}
		out[p] = string(v)
		return nil
	})
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if strings.EqualFold(x, s) {
			return true
		}
	}
	return false
}
