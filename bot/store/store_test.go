package store

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func TestOpenSecondProcessGetsClearError(t *testing.T) {
	path := filepath.Join(t.TempDir(), "d", "noaber.db")
	db, err := Open(path, Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	start := time.Now()
	_, err = Open(path, Options{Timeout: 100 * time.Millisecond})
	if !errors.Is(err, ErrInUse) {
		t.Fatalf("second open: %v, want ErrInUse", err)
	}
	if !strings.Contains(err.Error(), "in use by another process") || time.Since(start) > 2*time.Second {
		t.Errorf("message %q after %v", err, time.Since(start))
	}
	// The first handle keeps working.
	if err := db.Update(func(tx *Tx) error { return tx.Bucket("x").Put([]byte("k"), []byte("v")) }); err != nil {
		t.Fatal(err)
	}
}

func TestSchemaAndNewerRefused(t *testing.T) {
	path := filepath.Join(t.TempDir(), "noaber.db")
	db, err := Open(path, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if v, _ := db.Schema(); v != SchemaVersion {
		t.Errorf("schema %d, want %d", v, SchemaVersion)
	}
	db.Update(func(tx *Tx) error { return tx.Bucket("meta").Put([]byte("schema"), U64(99)) })
	db.Close()
	if _, err := Open(path, Options{}); !errors.Is(err, ErrNewerSchema) {
		t.Errorf("open newer: %v", err)
	}
}

func TestTimeKeyOrder(t *testing.T) {
	a := TimeKey(time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC), "z")
	b := TimeKey(time.Date(2026, 1, 1, 0, 0, 1, 0, time.UTC), "a")
	if bytes.Compare(a, b) >= 0 {
		t.Error("time keys out of order")
	}
	tm, id := ParseTimeKey(b)
	if id != "a" || tm.Second() != 1 {
		t.Errorf("ParseTimeKey = %v %q", tm, id)
	}
}

func TestBackupAndCompact(t *testing.T) {
	dir := t.TempDir()
	db, err := Open(filepath.Join(dir, "a.db"), Options{})
	if err != nil {
		t.Fatal(err)
	}
	db.Update(func(tx *Tx) error { return tx.Bucket("x").Put([]byte("k"), bytes.Repeat([]byte("v"), 1000)) })
	f, _ := os.Create(filepath.Join(dir, "backup.db"))
	if _, err := db.WriteTo(f); err != nil {
		t.Fatal(err)
	}
	f.Close()
	db.Close()
	if err := Compact(filepath.Join(dir, "c.db"), filepath.Join(dir, "backup.db")); err != nil {
		t.Fatal(err)
	}
	c, err := Open(filepath.Join(dir, "c.db"), Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	if err := c.Check(); err != nil {
		t.Fatal(err)
	}
	c.View(func(tx *Tx) error {
		if len(tx.Bucket("x").Get([]byte("k"))) != 1000 {
			t.Error("data lost in backup/compact")
		}
		return nil
	})
}
