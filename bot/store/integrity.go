package store

import (
	"encoding/binary"
	"errors"
	"fmt"
	"hash/fnv"
	"io"
	"os"
	"runtime"
	"runtime/debug"
	"strings"
	"syscall"

	bolt "go.etcd.io/bbolt"
	bolterrors "go.etcd.io/bbolt/errors"
)

// restoreHint says what an operator does about a damaged file.
func restoreHint(path string) string {
	return fmt.Sprintf("restore the last backup with 'noaber restore BACKUP --db %s' (the damaged file is kept aside), or move the file away to start with an empty database", path)
}

func damaged(path, why string) error {
	return fmt.Errorf("%w: %s: %s; %s", ErrDamaged, path, why, restoreHint(path))
}

// The bbolt file layout read by checkFile: every page starts with a
// 16-byte header; pages 0 and 1 hold a meta record each, right after it.
const (
	pageHeaderSize = 16
	metaMagic      = 0xED0CDAED
	metaSize       = 64 // magic … checksum
)

// checkFile looks at an existing file before bbolt maps it. bbolt turns a
// 0-byte file into a fresh database without a word, and a file cut off
// below its high-water mark makes it fault on the first read (a signal,
// not a recoverable panic). Neither may pass.
func checkFile(path string) error {
	f, err := os.Open(path)
	if err != nil {
		return nil // bbolt reports it (a missing file is created)
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil || !st.Mode().IsRegular() {
		return nil
	}
	if st.Size() == 0 {
		return fmt.Errorf("%w: %s; it was probably cut off by a full disk or a failed copy. %s", ErrEmpty, path, restoreHint(path))
	}
	buf := make([]byte, pageHeaderSize+metaSize)
	if _, err := io.ReadFull(f, buf); err != nil {
		return damaged(path, fmt.Sprintf("only %d bytes, too short for a database", st.Size()))
	}
	m0, ok0 := readMeta(buf)
	var m1 meta
	ok1 := false
	if ok0 {
		if _, err := f.ReadAt(buf, int64(m0.pageSize)); err == nil {
			m1, ok1 = readMeta(buf)
		}
	} else {
		// Meta 0 is unreadable: find meta 1 at the usual page sizes.
		for _, ps := range []int64{4096, 8192, 16384, 65536} {
			if _, err := f.ReadAt(buf, ps); err == nil {
				if m1, ok1 = readMeta(buf); ok1 && int64(m1.pageSize) == ps {
					break
				}
				ok1 = false
			}
		}
	}
	var m meta
	switch {
	case ok0 && ok1:
		m = m0
		if m1.txid > m0.txid {
			m = m1
		}
	case ok0:
		m = m0
	case ok1:
		m = m1
	default:
		return damaged(path, "no valid header (not a Noaber database, or overwritten)")
	}
	if need := int64(m.pgid) * int64(m.pageSize); st.Size() < need {
		return damaged(path, fmt.Sprintf("%d bytes where the file records %d (truncated)", st.Size(), need))
	}
	if m.freelist != noFreelist {
		hdr := make([]byte, pageHeaderSize)
		if m.freelist >= m.pgid {
			return damaged(path, "the free-page list lies outside the file")
		}
		if _, err := f.ReadAt(hdr, int64(m.freelist)*int64(m.pageSize)); err != nil || binary.LittleEndian.Uint16(hdr[8:10]) != freelistPageFlag {
			return damaged(path, "the free-page list is overwritten")
		}
	}
	return nil
}

const (
	noFreelist       = ^uint64(0)
	freelistPageFlag = 0x10
)

type meta struct {
	pageSize uint32
	freelist uint64
	pgid     uint64
	txid     uint64
}

// readMeta decodes and verifies the meta record of a meta page.
func readMeta(p []byte) (meta, bool) {
	b := p[pageHeaderSize:]
	le := binary.LittleEndian
	if le.Uint32(b[0:4]) != metaMagic || le.Uint32(b[4:8]) != 2 {
		return meta{}, false
	}
	h := fnv.New64a()
	h.Write(b[:metaSize-8])
	if h.Sum64() != le.Uint64(b[metaSize-8:]) {
		return meta{}, false
	}
	m := meta{pageSize: le.Uint32(b[8:12]), freelist: le.Uint64(b[32:40]), pgid: le.Uint64(b[40:48]), txid: le.Uint64(b[48:56])}
	if m.pageSize < 1024 || m.pageSize > 1<<20 {
		return meta{}, false
	}
	return m, true
}

// openError turns bbolt's open errors about the file's content into
// ErrDamaged, and permission problems into ErrReadOnlyFile, each with what
// to do.
func openError(path string, err error) error {
	switch {
	case errors.Is(err, bolterrors.ErrInvalid), errors.Is(err, bolterrors.ErrChecksum),
		errors.Is(err, bolterrors.ErrVersionMismatch), strings.Contains(err.Error(), "file size too small"):
		return damaged(path, err.Error())
	case errors.Is(err, os.ErrPermission), isReadOnlyFS(err):
		return fmt.Errorf("%w: %s: %v; make the file and its directory writable for this user (or free disk space); read-only commands such as 'deadlines list' still work", ErrReadOnlyFile, path, err)
	}
	return fmt.Errorf("open database %s: %w", path, err)
}

// openBolt is bolt.Open with its panics on a damaged file (it reads the
// free-page list) turned into ErrDamaged.
func openBolt(path string, opt *bolt.Options) (b *bolt.DB, err error) {
	db := &DB{path: path}
	err = db.guard(func() error {
		var err error
		b, err = bolt.Open(path, 0o600, opt)
		return err
	})
	return b, err
}

// guard runs fn and turns a panic raised inside bbolt (a damaged page, or
// a memory fault on a file cut short under a running process) into
// ErrDamaged. Panics from other code are passed on unchanged: they are
// bugs, not damage.
func (db *DB) guard(fn func() error) (err error) {
	old := debug.SetPanicOnFault(true)
	defer debug.SetPanicOnFault(old)
	defer func() {
		r := recover()
		if r == nil {
			return
		}
		if !panickedInBolt() {
			panic(r)
		}
		err = damaged(db.path, fmt.Sprint(r))
	}()
	return fn()
}

// panickedInBolt reports whether the panic being recovered was raised in
// bbolt: the first frame below runtime.gopanic that is not the runtime.
func panickedInBolt() bool {
	pcs := make([]uintptr, 64)
	n := runtime.Callers(2, pcs)
	frames := runtime.CallersFrames(pcs[:n])
	seenPanic := false
	for {
		f, more := frames.Next()
		if f.Function == "runtime.gopanic" {
			seenPanic = true
		} else if seenPanic && !strings.HasPrefix(f.Function, "runtime.") {
			return strings.HasPrefix(f.Function, "go.etcd.io/bbolt")
		}
		if !more {
			return false
		}
	}
}

func isReadOnlyFS(err error) bool {
	return errors.Is(err, syscall.EROFS) || errors.Is(err, syscall.ENOSPC)
}
