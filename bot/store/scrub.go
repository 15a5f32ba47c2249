package store

import (
	"fmt"
	"io"
	"os"
	"path/filepath"
	"time"

	bolt "go.etcd.io/bbolt"
)

// bbolt never overwrites a freed page: after a delete, the bytes of the
// deleted record stay in the file (and in a page-for-page copy of it)
// until the page happens to be reused. Privacy erasure and retention must
// hold in the file, so a transaction that deletes personal data calls
// Tx.Scrub, which records in the file that a compaction is due; DB.Scrub
// then rewrites the file from its live records only (bbolt's Compact
// into a new file, renamed over the old one) and every backup is written
// the same way.

var scrubKey = []byte("scrub_due")

// Scrub records, in this transaction, that it deleted personal data: the
// file must be compacted (DB.Scrub) before the freed pages can be
// trusted to hold nothing. Subscribers of ScrubTopic are woken on commit.
func (t *Tx) Scrub() {
	if !t.Writable() {
		return
	}
	_ = t.Bucket("meta").Put(scrubKey, U64(uint64(time.Now().Unix())))
	t.Signal(ScrubTopic)
}

// ScrubTopic is signalled when a transaction that called Tx.Scrub commits.
const ScrubTopic = "store.scrub"

// ScrubDue reports whether a transaction deleted personal data since the
// file was last compacted.
func (db *DB) ScrubDue() bool {
	due := false
	_ = db.View(func(tx *Tx) error {
		due = tx.Bucket("meta").Get(scrubKey) != nil
		return nil
	})
	return due
}

// gateWait bounds how long Scrub waits for a moment without
// transactions.
const gateWait = 30 * time.Second

// Scrub compacts the file in place when ScrubDue, so deleted records leave
// no bytes behind; it reports whether it compacted. Transactions wait
// while it runs (a few milliseconds for a file of some megabytes). A
// read-only handle cannot scrub and returns an error when one is due.
func (db *DB) Scrub() (bool, error) {
	if !db.ScrubDue() {
		return false, nil
	}
	if db.readOnly {
		return false, fmt.Errorf("scrub %s: opened read-only", db.path)
	}
	if db.e != nil {
		return true, db.e.scrub(db)
	}
	// TryLock, never Lock: a pending Lock would block a transaction nested
	// in another one, a deadlock. Waiting for a quiet moment is safe.
	deadline := time.Now().Add(gateWait)
	for !db.gate.TryLock() {
		if time.Now().After(deadline) {
			return false, fmt.Errorf("scrub %s: no moment without transactions in %v; will try again", db.path, gateWait)
		}
		time.Sleep(time.Millisecond)
	}
	defer db.gate.Unlock()
	return true, db.guard(db.compactInPlace)
}

// compactInPlace rewrites the file from its live records. The caller holds
// the gate exclusively. The swap is a rename, so a crash leaves the old
// file (scrub still due) or the new one. The new file is opened, and so
// locked, before it takes the old one's name: the file at the path is
// locked by this process throughout, so no other process can slip in.
func (db *DB) compactInPlace() error {
	tmp := db.path + ".compacting"
	if err := db.compactTo(tmp, true); err != nil {
		return err
	}
	b, err := bolt.Open(tmp, 0o600, db.boltOpts)
	if err != nil {
		os.Remove(tmp)
		return fmt.Errorf("scrub %s: open compacted file: %w", db.path, err)
	}
	if err := os.Rename(tmp, db.path); err != nil {
		b.Close()
		os.Remove(tmp)
		return fmt.Errorf("scrub %s: %w", db.path, err)
	}
	syncDir(filepath.Dir(db.path))
	// The old handle maps the old (now unlinked) file: swap handles.
	old := db.b
	db.b = b
	if err := old.Close(); err != nil {
		return fmt.Errorf("scrub %s: close old file: %w", db.path, err)
	}
	return nil
}

// openCurrent opens path and makes sure the lock it got is on the file
// that has the name now: a running bot's scrub renames a new file over the
// old one and only then lets the old one go, so a process that opened the
// old file just before could lock a file no one uses any more. It then
// tries again (and finds the new file locked).
func openCurrent(path string, opt *bolt.Options) (*bolt.DB, error) {
	for range 3 {
		before, statErr := os.Stat(path)
		b, err := openBolt(path, opt)
		if err != nil || statErr != nil {
			return b, err
		}
		if after, err := os.Stat(path); err == nil && os.SameFile(before, after) {
			return b, nil
		}
		b.Close()
	}
	return openBolt(path, opt)
}

// compactTo writes the live records of the open file to a new file at
// path, with the scrub mark cleared when clear is set.
func (db *DB) compactTo(path string, clear bool) error {
	_ = os.Remove(path)
	d, err := bolt.Open(path, 0o600, &bolt.Options{Timeout: time.Second, NoSync: db.boltOpts.NoSync})
	if err != nil {
		return fmt.Errorf("compact to %s: %w", path, err)
	}
	err = bolt.Compact(d, db.b, 64<<20)
	if err == nil && clear {
		err = d.Update(func(tx *bolt.Tx) error {
			if m := tx.Bucket([]byte("meta")); m != nil {
				return m.Delete(scrubKey)
			}
			return nil
		})
	}
	if cerr := d.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		os.Remove(path)
		return fmt.Errorf("compact to %s: %w", path, err)
	}
	return nil
}

// writeCompacted writes a compacted copy of the file to w through a
// temporary file next to the database (or in the system's temporary
// directory when that one is read-only), so a copy never carries freed
// pages.
func (db *DB) writeCompacted(w io.Writer) (int64, error) {
	f, err := os.CreateTemp(filepath.Dir(db.path), "."+filepath.Base(db.path)+".copy-*")
	if err != nil {
		if f, err = os.CreateTemp("", "noaber-copy-*"); err != nil {
			return 0, fmt.Errorf("temporary file for a copy: %w", err)
		}
	}
	tmp := f.Name()
	f.Close()
	defer os.Remove(tmp)
	if err := db.compactTo(tmp, false); err != nil {
		return 0, err
	}
	f, err = os.Open(tmp)
	if err != nil {
		return 0, err
	}
	defer f.Close()
	return io.Copy(w, f)
}

// removeLeftovers deletes the temporary copies a process killed in the
// middle of a scrub or a backup left next to the database: they hold
// personal data, some of it erased since.
func removeLeftovers(path string) {
	_ = os.Remove(path + ".compacting")
	if m, err := filepath.Glob(filepath.Join(filepath.Dir(path), "."+filepath.Base(path)+".copy-*")); err == nil {
		for _, f := range m {
			_ = os.Remove(f)
		}
	}
}

func syncDir(dir string) {
	if d, err := os.Open(dir); err == nil {
		_ = d.Sync()
		d.Close()
	}
}
