package store

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"sync"
	"testing"
)

// Concurrent Batch calls share commits, and every write is kept.
func TestBatchGroupsConcurrentWrites(t *testing.T) {
	db := openTest(t)
	const n = 64
	var wg sync.WaitGroup
	start := make(chan struct{})
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			<-start
			if err := db.Batch(func(tx *Tx) error { return tx.Bucket("b").Put(U64(uint64(i)), []byte("v")) }); err != nil {
				t.Error(err)
			}
		}()
	}
	before := db.Stats()
	close(start)
	wg.Wait()
	after := db.Stats()
	if got := after.Writes - before.Writes; got != n {
		t.Errorf("writes counted %d, want %d", got, n)
	}
	commits := after.Commits - before.Commits
	if commits >= n || commits == 0 {
		t.Errorf("%d commits for %d concurrent writes: no group commit", commits, n)
	}
	_ = db.View(func(tx *Tx) error {
		if l := tx.Bucket("b").Len(); l != n {
			t.Errorf("%d records, want %d", l, n)
		}
		return nil
	})
}

// A failing function gets its own error and leaves nothing; the others in
// its batch commit; OnCommit fires once per kept write.
func TestBatchFailureIsolated(t *testing.T) {
	db := openTest(t)
	errBad := errors.New("bad")
	var mu sync.Mutex
	fired := map[int]int{}
	var wg sync.WaitGroup
	start := make(chan struct{})
	for i := range 20 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			<-start
			err := db.Batch(func(tx *Tx) error {
				if err := tx.Bucket("b").Put(U64(uint64(i)), []byte("v")); err != nil {
					return err
				}
				tx.OnCommit(func() { mu.Lock(); fired[i]++; mu.Unlock() })
				if i%5 == 0 {
					return errBad
				}
				return nil
			})
			if (i%5 == 0) != errors.Is(err, errBad) {
				t.Errorf("call %d: %v", i, err)
			}
		}()
	}
	close(start)
	wg.Wait()
	_ = db.View(func(tx *Tx) error {
		for i := range 20 {
			if has := tx.Bucket("b").Get(U64(uint64(i))) != nil; has == (i%5 == 0) {
				t.Errorf("record %d present=%v", i, has)
			}
		}
		return nil
	})
	for i := range 20 {
		want := 1
		if i%5 == 0 {
			want = 0
		}
		if fired[i] != want {
			t.Errorf("OnCommit of %d fired %d times, want %d", i, fired[i], want)
		}
	}
}

func TestBatchPanicRaisedInCaller(t *testing.T) {
	db := openTest(t)
	defer func() {
		if p := recover(); p != "boom" {
			t.Errorf("recovered %v, want boom", p)
		}
		// The batcher is free again.
		if err := db.Batch(func(tx *Tx) error { return tx.Bucket("b").Put([]byte("k"), []byte("v")) }); err != nil {
			t.Error(err)
		}
	}()
	_ = db.Batch(func(tx *Tx) error { panic("boom") })
}

func TestNestedTransactionPanics(t *testing.T) {
	if !CheckNesting {
		t.Fatal("CheckNesting is off in a test binary")
	}
	db := openTest(t)
	cases := map[string]func(){
		"view in update":  func() { _ = db.Update(func(*Tx) error { return db.View(func(*Tx) error { return nil }) }) },
		"update in view":  func() { _ = db.View(func(*Tx) error { return db.Update(func(*Tx) error { return nil }) }) },
		"view in view":    func() { _ = db.View(func(*Tx) error { return db.View(func(*Tx) error { return nil }) }) },
		"batch in update": func() { _ = db.Update(func(*Tx) error { return db.Batch(func(*Tx) error { return nil }) }) },
		"view in batch":   func() { _ = db.Batch(func(*Tx) error { return db.View(func(*Tx) error { return nil }) }) },
	}
	for name, f := range cases {
		t.Run(name, func(t *testing.T) {
			defer func() {
				if p := recover(); p != ErrNested {
					t.Errorf("recovered %v, want ErrNested", p)
				}
			}()
			f()
		})
	}
	// Sequential transactions are fine.
	if err := db.View(func(*Tx) error { return nil }); err != nil {
		t.Fatal(err)
	}
	if err := db.Update(func(*Tx) error { return nil }); err != nil {
		t.Fatal(err)
	}
}

// Write queues into a message's write set, which commits once; without
// one it writes at once.
func TestWriteQueuesIntoWriteSet(t *testing.T) {
	db := openTest(t)
	w := db.NewWrites()
	ctx := WithWrites(context.Background(), w)
	before := db.Stats()
	for i := range 3 {
		if err := db.Write(ctx, func(tx *Tx) error { return tx.Bucket("b").Put(U64(uint64(i)), []byte("v")) }); err != nil {
			t.Fatal(err)
		}
	}
	if s := db.Stats(); s.Writes != before.Writes || w.Len() != 3 {
		t.Fatalf("wrote before the commit: %+v, %d queued", s, w.Len())
	}
	if err := w.Commit(); err != nil {
		t.Fatal(err)
	}
	if s := db.Stats(); s.Writes-before.Writes != 1 || s.Commits-before.Commits != 1 {
		t.Errorf("3 queued writes made %+v, want one", s)
	}
	if err := w.Commit(); err != nil || db.Stats().Writes-before.Writes != 1 {
		t.Errorf("an empty commit wrote: %v", err)
	}
	// A write that comes after the message's commit is not lost.
	if err := db.Write(ctx, func(tx *Tx) error { return tx.Bucket("b").Put([]byte("late"), []byte("v")) }); err != nil || w.Len() != 0 {
		t.Fatalf("late write: %v, %d queued", err, w.Len())
	}
	// A failing write keeps none of the message's writes.
	w.Add(func(tx *Tx) error { return tx.Bucket("b").Put([]byte("x"), []byte("v")) })
	w.Add(func(tx *Tx) error { return errors.New("no") })
	if err := w.Commit(); err == nil {
		t.Error("failed commit reported nil")
	}
	if err := db.Write(context.Background(), func(tx *Tx) error { return tx.Bucket("b").Put([]byte("now"), []byte("v")) }); err != nil {
		t.Fatal(err)
	}
	_ = db.View(func(tx *Tx) error {
		b := tx.Bucket("b")
		if b.Get([]byte("x")) != nil || b.Get([]byte("now")) == nil || b.Get([]byte("late")) == nil || b.Len() != 5 {
			t.Errorf("records: x=%q now=%q len=%d", b.Get([]byte("x")), b.Get([]byte("now")), b.Len())
		}
		return nil
	})
}

func TestReserveNeverRepeats(t *testing.T) {
	path := filepath.Join(t.TempDir(), "noaber.db")
	db, err := Open(path, Options{})
	if err != nil {
		t.Fatal(err)
	}
	seen := map[uint64]bool{}
	for range 3 {
		n, err := db.Reserve("answers")
		if err != nil || seen[n] {
			t.Fatalf("reserved %d again (%v)", n, err)
		}
		seen[n] = true
		if err := db.Batch(func(tx *Tx) error {
			b := tx.Bucket("answers")
			if err := b.Put(U64(n), []byte(fmt.Sprint(n))); err != nil {
				return err
			}
			return b.KeepSequence(n)
		}); err != nil {
			t.Fatal(err)
		}
	}
	db.Close()
	db, err = Open(path, Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	n, err := db.Reserve("answers")
	if err != nil || seen[n] {
		t.Errorf("after reopen reserved %d again (%v)", n, err)
	}
	_ = db.Update(func(tx *Tx) error {
		if m, _ := tx.Bucket("answers").NextSequence(); seen[m] {
			t.Errorf("NextSequence handed out %d again", m)
		}
		return nil
	})
}
