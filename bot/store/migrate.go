package store

import "fmt"

// migrations brings a file from schema i to i+1 at index i. Append only:
// never change a migration that has shipped.
var migrations = []func(*Tx) error{
	// 0 → 1: the meta bucket itself; feature buckets are created on first
	// write by Tx.Bucket.
	func(tx *Tx) error { return nil },
}

// SchemaVersion is the schema this build writes.
var SchemaVersion = len(migrations)

func (db *DB) migrate() error {
	// A file at the current schema needs no write: opening it must work
	// on a full disk too (read-only commands, a bot that can still read).
	current := false
	err := db.view(func(tx *Tx) error {
		current = int(ParseU64(tx.Bucket("meta").Get([]byte("schema")))) == SchemaVersion
		return nil
	})
	if err != nil || current {
		return err
	}
	return db.update(func(tx *Tx) error {
		meta := tx.Bucket("meta")
		cur := int(ParseU64(meta.Get([]byte("schema"))))
		if cur > SchemaVersion {
			return fmt.Errorf("%w: schema %d, this build knows up to %d; upgrade noaber", ErrNewerSchema, cur, SchemaVersion)
		}
		for v := cur; v < SchemaVersion; v++ {
			if err := migrations[v](tx); err != nil {
				return fmt.Errorf("schema %d to %d: %w", v, v+1, err)
			}
		}
		return meta.Put([]byte("schema"), U64(uint64(SchemaVersion)))
	})
}

// Schema returns the schema version stored in the file.
func (db *DB) Schema() (int, error) {
	var v int
	err := db.View(func(tx *Tx) error {
		v = int(ParseU64(tx.Bucket("meta").Get([]byte("schema"))))
		return nil
	})
	return v, err
}
