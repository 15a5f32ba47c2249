package store

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
)

// filledDB writes a database of a few hundred kilobytes and returns its
// path, closed.
func filledDB(t *testing.T) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "noaber.db")
	db, err := Open(path, Options{NoSync: true})
	if err != nil {
		t.Fatal(err)
	}
	err = db.Update(func(tx *Tx) error {
		for i := range 3000 {
			if err := tx.Bucket("x").Put(U64(uint64(i)), make([]byte, 100)); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	db.Close()
	return path
}

func TestOpenRefusesEmptyFile(t *testing.T) {
	path := filepath.Join(t.TempDir(), "noaber.db")
	if err := os.WriteFile(path, nil, 0o600); err != nil {
		t.Fatal(err)
	}
	for _, ro := range []bool{false, true} {
		_, err := Open(path, Options{ReadOnly: ro})
		if !errors.Is(err, ErrEmpty) || !strings.Contains(err.Error(), "noaber restore") || !strings.Contains(err.Error(), path) {
			t.Errorf("read-only %v: %v, want ErrEmpty naming the file and the restore", ro, err)
		}
	}
	if st, _ := os.Stat(path); st.Size() != 0 {
		t.Errorf("the empty file was written: %d bytes", st.Size())
	}
	// A file that does not exist is still created.
	db, err := Open(filepath.Join(t.TempDir(), "new.db"), Options{})
	if err != nil {
		t.Fatal(err)
	}
	db.Close()
}

func TestOpenRefusesTruncatedFile(t *testing.T) {
	path := filledDB(t)
	full, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	m, ok := readMeta(full)
	if !ok {
		t.Fatal("meta 0 unreadable")
	}
	used := int(m.pgid) * int(m.pageSize) // bbolt preallocates beyond this
	for _, n := range []int{10, 4096, 8192, 3 * 4096, used / 2, used - 4096} {
		if err := os.WriteFile(path, full[:n], 0o600); err != nil {
			t.Fatal(err)
		}
		for _, ro := range []bool{false, true} {
			db, err := Open(path, Options{ReadOnly: ro})
			if err == nil {
				db.Close()
			}
			if !errors.Is(err, ErrDamaged) || !strings.Contains(err.Error(), path) || !strings.Contains(err.Error(), "noaber restore") {
				t.Errorf("%d bytes, read-only %v: %v, want ErrDamaged naming the file and the restore", n, ro, err)
			}
		}
		if err := Compact(path+".c", path); !errors.Is(err, ErrDamaged) {
			t.Errorf("compact of %d bytes: %v", n, err)
		}
	}
}

// TestDamagedPageGivesErrorNotPanic overwrites the data pages (not the
// header) with garbage: open succeeds, and every read and write returns
// ErrDamaged instead of panicking, with the handle still usable.
func TestDamagedPageGivesErrorNotPanic(t *testing.T) {
	path := filledDB(t)
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	m, _ := readMeta(data)
	ps := int(m.pageSize)
	for i := 2 * ps; i < int(m.pgid)*ps; i++ {
		if i/ps != int(m.freelist) {
			data[i] = byte(i*7 + 3)
		}
	}
	if err := os.WriteFile(path, data, 0o600); err != nil {
		t.Fatal(err)
	}
	db, err := Open(path, Options{})
	if err != nil {
		t.Fatalf("open: %v (the header and free list are intact)", err)
	}
	defer db.Close()
	for range 2 {
		err = db.View(func(tx *Tx) error {
			return tx.Bucket("x").ForEach(func(k, v []byte) error { return nil })
		})
		if !errors.Is(err, ErrDamaged) || !strings.Contains(err.Error(), "noaber restore") {
			t.Errorf("view: %v, want ErrDamaged", err)
		}
		err = db.Update(func(tx *Tx) error {
			if err := tx.Bucket("x").ForEach(func(k, v []byte) error { return nil }); err != nil {
				return err
			}
			return tx.Bucket("x").Put([]byte("k"), []byte("v"))
		})
		if !errors.Is(err, ErrDamaged) {
			t.Errorf("update: %v, want ErrDamaged", err)
		}
	}
}

// TestGuardPassesOtherPanics: a bug in a caller's function is not
// reported as a damaged file.
func TestGuardPassesOtherPanics(t *testing.T) {
	db := openTest(t)
	defer func() {
		if r := recover(); r != "caller bug" {
			t.Errorf("recovered %v, want the caller's panic", r)
		}
	}()
	_ = db.View(func(tx *Tx) error { panic("caller bug") })
}

func TestOpenReadOnlyDirectorySaysWhatToChange(t *testing.T) {
	if os.Geteuid() == 0 {
		t.Skip("root writes anywhere")
	}
	dir := filepath.Join(t.TempDir(), "ro")
	if err := os.Mkdir(dir, 0o500); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.Chmod(dir, 0o700) })
	_, err := Open(filepath.Join(dir, "noaber.db"), Options{})
	if !errors.Is(err, ErrReadOnlyFile) || !strings.Contains(err.Error(), "writable") {
		t.Errorf("open in read-only directory: %v", err)
	}
}

// TestOpenCurrentSchemaWritesNothing: opening a file at the current schema
// writes no transaction, so it works on a full disk.
func TestOpenCurrentSchemaWritesNothing(t *testing.T) {
	path := filepath.Join(t.TempDir(), "noaber.db")
	db, err := Open(path, Options{})
	if err != nil {
		t.Fatal(err)
	}
	db.Close()
	before, _ := os.ReadFile(path)
	db, err = Open(path, Options{})
	if err != nil {
		t.Fatal(err)
	}
	db.Close()
	after, _ := os.ReadFile(path)
	if string(before) != string(after) {
		t.Error("opening the file wrote to it")
	}
}

// TestOpenErrorSaysWhatToChange: a read-only or full file system and a
// permission problem are told apart from damage, with what to change.
func TestOpenErrorSaysWhatToChange(t *testing.T) {
	for _, errno := range []syscall.Errno{syscall.EROFS, syscall.ENOSPC, syscall.EACCES} {
		err := openError("/data/noaber.db", &os.PathError{Op: "open", Path: "/data/noaber.db", Err: errno})
		if !errors.Is(err, ErrReadOnlyFile) || !strings.Contains(err.Error(), "writable") || !strings.Contains(err.Error(), "deadlines list") {
			t.Errorf("%v: %v", errno, err)
		}
	}
}
