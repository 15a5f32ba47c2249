// Package storetest opens throw-away databases for tests in any package.
package storetest

import (
	"path/filepath"
	"testing"

	"github.com/noaber/noaber/bot/store"
)

// Open opens a database in t.TempDir() that is checked for consistency
// and closed when the test ends. For tests in any package.
func Open(t testing.TB) *store.DB {
	t.Helper()
	db, err := store.Open(filepath.Join(t.TempDir(), "noaber.db"), store.Options{})
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
