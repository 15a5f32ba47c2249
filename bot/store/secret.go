package store

import (
	"crypto/rand"
	"fmt"
)

// Secret returns the random 32-byte key stored under name in the file,
// creating it on first use. Keys stay with the data: a keyed hash made
// with one (a user id in a log line) is stable across restarts and means
// nothing without the file. A read-only handle without the key returns an
// error.
func (db *DB) Secret(name string) ([]byte, error) {
	k := []byte("secret:" + name)
	var key []byte
	_ = db.View(func(tx *Tx) error {
		key = append([]byte(nil), tx.Bucket("meta").Get(k)...)
		return nil
	})
	if len(key) == 32 {
		return key, nil
	}
	if db.readOnly {
		return nil, fmt.Errorf("secret %s: not in the file, and it is opened read-only", name)
	}
	err := db.Update(func(tx *Tx) error {
		m := tx.Bucket("meta")
		if cur := m.Get(k); len(cur) == 32 { // another writer was first
			key = append([]byte(nil), cur...)
			return nil
		}
		key = make([]byte, 32)
		if _, err := rand.Read(key); err != nil {
			return err
		}
		return m.Put(k, key)
	})
	if err != nil {
		return nil, fmt.Errorf("secret %s: %w", name, err)
	}
	return key, nil
}
