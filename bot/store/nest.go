package store

import (
	"bytes"
	"os"
	"runtime"
	"strconv"
	"strings"
	"sync"
)

// No transaction inside another. bbolt warns that a read transaction
// opened by a goroutine that holds the write transaction (or the other way
// round) can deadlock when the file must grow; and a write inside a write
// deadlocks at once. Code that holds a Tx passes it on (the …Tx
// variants) instead of calling View, Update or Batch again.
//
// CheckNesting makes every View, Update and Batch panic when the calling
// goroutine is already inside one of them, with a stack that shows where.
// It costs a few microseconds per transaction, so it is on only in test
// binaries (and with NOABER_STORE_CHECK=1), where every test holds the
// rule.
var CheckNesting = strings.HasSuffix(os.Args[0], ".test") || os.Getenv("NOABER_STORE_CHECK") == "1"

// ErrNested is the panic value of a transaction opened inside another.
const ErrNested = "store: transaction opened inside another transaction on the same goroutine; pass the *store.Tx on instead"

// nesting tracks the goroutines inside a transaction.
type nesting struct {
	mu     sync.Mutex
	inside map[uint64]int
}

// enter checks that the calling goroutine holds no transaction and marks
// it as holding one; leave(gid) undoes it. gid 0: not checking.
func (db *DB) enter() uint64 {
	if !CheckNesting {
		return 0
	}
	gid := goid()
	db.nest.mu.Lock()
	n := db.nest.inside[gid]
	if n == 0 {
		if db.nest.inside == nil {
			db.nest.inside = map[uint64]int{}
		}
		db.nest.inside[gid] = 1
	}
	db.nest.mu.Unlock()
	if n > 0 {
		panic(ErrNested)
	}
	return gid
}

func (db *DB) leave(gid uint64) {
	if gid == 0 {
		return
	}
	db.nest.mu.Lock()
	defer db.nest.mu.Unlock()
	if db.nest.inside[gid]--; db.nest.inside[gid] <= 0 {
		delete(db.nest.inside, gid)
	}
}

// mark records that the calling goroutine runs functions of a batch (it
// may be another caller's goroutine); unmark undoes it.
func (db *DB) mark() {
	if !CheckNesting {
		return
	}
	gid := goid()
	db.nest.mu.Lock()
	if db.nest.inside == nil {
		db.nest.inside = map[uint64]int{}
	}
	db.nest.inside[gid]++
	db.nest.mu.Unlock()
}

func (db *DB) unmark() {
	if CheckNesting {
		db.leave(goid())
	}
}

// goid is the calling goroutine's id, read from its stack header
// ("goroutine 17 [running]:"). Only for CheckNesting.
func goid() uint64 {
	var buf [64]byte
	b := buf[:runtime.Stack(buf[:], false)]
	b = bytes.TrimPrefix(b, []byte("goroutine "))
	if i := bytes.IndexByte(b, ' '); i > 0 {
		b = b[:i]
	}
	n, _ := strconv.ParseUint(string(b), 10, 64)
	return n
}
