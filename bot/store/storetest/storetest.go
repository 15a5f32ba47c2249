// Package storetest opens throw-away databases for tests in any package.
package storetest

import (
	"context"
	"path/filepath"
	"testing"

	"github.com/noaber/noaber/bot/store"
	"github.com/noaber/noaber/bot/store/etcdtest"
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

// OpenEtcd opens a database on a real single-member etcd started for the
// test (etcdtest.Single), closed when the test ends.
func OpenEtcd(t testing.TB) *store.DB {
	t.Helper()
	db, err := store.Open("", store.Options{Backend: store.BackendEtcd, Etcd: store.EtcdOptions{Endpoints: etcdtest.Single(t)}})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

// Deposed returns the context of a leader whose term has ended: it is
// fenced on an election key of db that no longer exists, so every fenced
// write in it fails with store.ErrFenced.
func Deposed(t testing.TB, db *store.DB) context.Context {
	t.Helper()
	key := db.EtcdPrefix() + "leader/term1"
	resp, err := db.EtcdClient().Put(context.Background(), key, "old leader")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.EtcdClient().Delete(context.Background(), key); err != nil {
		t.Fatal(err)
	}
	return store.WithFence(context.Background(), key, resp.Header.Revision)
}
