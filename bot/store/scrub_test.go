package store

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"sync"
	"testing"
	"time"
)

func rawContains(t *testing.T, path string, secret []byte) bool {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return bytes.Contains(data, secret)
}

// TestScrubLeavesNoTraceOfDeletedRecords: bbolt keeps the bytes of a
// deleted record in its freed page; Scrub removes them from the file,
// and a copy (backup) never has them.
func TestScrubLeavesNoTraceOfDeletedRecords(t *testing.T) {
	path := filepath.Join(t.TempDir(), "noaber.db")
	db, err := Open(path, Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	secret := []byte("discord:998877 asked: mijn geheime vraag xyzzy")
	put := func(k string, v []byte) {
		if err := db.Update(func(tx *Tx) error { return tx.Bucket("users").Put([]byte(k), v) }); err != nil {
			t.Fatal(err)
		}
	}
	put("keep", []byte("still here"))
	put("gone", secret)
	if err := db.Update(func(tx *Tx) error {
		tx.Scrub()
		return tx.Bucket("users").Delete([]byte("gone"))
	}); err != nil {
		t.Fatal(err)
	}
	if !rawContains(t, path, secret) {
		t.Skip("bbolt reused the freed page; nothing to prove here")
	}
	if !db.ScrubDue() {
		t.Fatal("scrub not marked due")
	}
	var copy bytes.Buffer
	if _, err := db.WriteTo(&copy); err != nil {
		t.Fatal(err)
	}
	if bytes.Contains(copy.Bytes(), secret) {
		t.Error("the copy (backup) holds the deleted record")
	}
	ran, err := db.Scrub()
	if !ran || err != nil {
		t.Fatalf("scrub: %v %v", ran, err)
	}
	if rawContains(t, path, secret) {
		t.Error("the file holds the deleted record after Scrub")
	}
	if db.ScrubDue() {
		t.Error("scrub still due")
	}
	if ran, _ := db.Scrub(); ran {
		t.Error("second scrub ran without anything deleted")
	}
	// The handle works on the new file; the live record survived.
	err = db.View(func(tx *Tx) error {
		if got := tx.Bucket("users").Get([]byte("keep")); string(got) != "still here" {
			t.Errorf("live record after scrub: %q", got)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	put("after", []byte("x"))
	if err := db.Check(); err != nil {
		t.Fatal(err)
	}
}

// TestScrubWhileTransactionsRun: writers (single and group-committed) and
// readers go on while a scrub waits for its moment; nothing deadlocks and
// no write is lost. (A read nested in a write is refused: CheckNesting.)
func TestScrubWhileTransactionsRun(t *testing.T) {
	db := openTest(t)
	var wg sync.WaitGroup
	for w := range 4 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range 50 {
				write := db.Update
				if w%2 == 1 {
					write = db.Batch
				}
				_ = db.View(func(*Tx) error { return nil })
				err := write(func(tx *Tx) error {
					tx.Scrub()
					return tx.Bucket("w").Put([]byte(fmt.Sprintf("%d-%d", w, i)), []byte("v"))
				})
				if err != nil {
					t.Error(err)
					return
				}
			}
		}()
	}
	for range 5 {
		if _, err := db.Scrub(); err != nil {
			t.Error(err)
		}
	}
	wg.Wait()
	n := 0
	db.View(func(tx *Tx) error { n = tx.Bucket("w").Len(); return nil })
	if n != 200 {
		t.Errorf("%d records, want 200", n)
	}
}

// TestScrubKeepsTheFileLocked: while and after a scrub no other process
// can open the file (the new file is locked before it takes the name).
func TestScrubKeepsTheFileLocked(t *testing.T) {
	path := filepath.Join(t.TempDir(), "noaber.db")
	db, err := Open(path, Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	stop := make(chan struct{})
	probed := make(chan error, 1)
	go func() {
		for {
			select {
			case <-stop:
				probed <- nil
				return
			default:
			}
			if other, err := Open(path, Options{ReadOnly: true, Timeout: time.Millisecond}); err == nil {
				other.Close()
				probed <- fmt.Errorf("another handle opened the file during a scrub")
				return
			}
		}
	}()
	for range 20 {
		db.Update(func(tx *Tx) error { tx.Scrub(); return tx.Bucket("x").Put([]byte("k"), []byte("v")) })
		if _, err := db.Scrub(); err != nil {
			t.Fatal(err)
		}
	}
	close(stop)
	if err := <-probed; err != nil {
		t.Error(err)
	}
}

// TestOpenRemovesLeftoverCopies: temporary copies left by a process
// killed during a scrub or backup are removed at the next open.
func TestOpenRemovesLeftoverCopies(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "noaber.db")
	left := []string{path + ".compacting", filepath.Join(dir, ".noaber.db.copy-123")}
	for _, f := range left {
		os.WriteFile(f, []byte("discord:998877"), 0o600)
	}
	db, err := Open(path, Options{})
	if err != nil {
		t.Fatal(err)
	}
	db.Close()
	for _, f := range left {
		if _, err := os.Stat(f); err == nil {
			t.Errorf("%s left", f)
		}
	}
}
