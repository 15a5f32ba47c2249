package store

import (
	"path/filepath"
	"testing"
)

// OpenTest opens a database in t.TempDir() that is checked for consistency
// and closed when the test ends. For tests in any package.
func OpenTest(t testing.TB) *DB {
	t.Helper()
	db, err := Open(filepath.Join(t.TempDir(), "noaber.db"), Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if err := db.Check(); err != nil {
			t.Errorf("database consistency: %v", err)
		}
		if err := db.Close(); err != nil {
			t.Errorf("close database: %v", err)
		}
	})
	return db
}
