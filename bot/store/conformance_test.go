package store

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"net"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/noaber/noaber/bot/store/etcdtest"
	"go.etcd.io/etcd/api/v3/v3rpc/rpctypes"
	clientv3 "go.etcd.io/etcd/client/v3"
)

// One table of transactions, conflicts and range reads, run against both
// backends: bbolt in a temporary file and etcd on a real three-member
// cluster. Features rely on exactly these behaviours.

type suite struct {
	db *DB
	// other opens a second handle on the same store, as a second instance
	// would; nil on bbolt (one process holds the file).
	other func() *DB
	etcd  bool
}

type conformanceCase struct {
	name string
	run  func(t *testing.T, s suite)
}

var (
	clusterOnce sync.Once
	cluster     *etcdtest.Etcd
	clusterDir  string
	prefixN     atomic.Int64
)

// TestMain stops the shared etcd cluster after all tests.
func TestMain(m *testing.M) {
	code := m.Run()
	if cluster != nil {
		cluster.Close()
	}
	if clusterDir != "" {
		os.RemoveAll(clusterDir)
	}
	os.Exit(code)
}

// etcdEndpoints starts one three-member cluster for the whole package run
// (a start costs seconds); each test uses its own key prefix on it.
func etcdEndpoints(t *testing.T) []string {
	t.Helper()
	clusterOnce.Do(func() {
		dir, err := os.MkdirTemp("", "store-etcd-*")
		if err != nil {
			t.Fatal(err)
		}
		clusterDir = dir
		cluster = etcdtest.Start(&keepAlive{T: t}, 3)
	})
	if cluster == nil {
		t.Fatal("etcd cluster did not start")
	}
	return cluster.Endpoints()
}

// keepAlive lets the shared cluster outlive the test that started it:
// TestMain stops it and removes its directories.
type keepAlive struct {
	*testing.T
}

func (k *keepAlive) Cleanup(func()) {}
func (k *keepAlive) TempDir() string {
	dir, err := os.MkdirTemp(clusterDir, "member-*")
	if err != nil {
		k.Fatal(err)
	}
	return dir
}

func writeFile(path string, data []byte) error { return os.WriteFile(path, data, 0o600) }

// currentRev and readAt look under the store, at etcd's key history.
func (kv *etcdKV) currentRev(t *testing.T) int64 {
	t.Helper()
	resp, err := kv.c.Get(kv.ctx, kv.versionKey(rootID))
	if err != nil {
		t.Fatal(err)
	}
	return resp.Header.Revision
}

func (kv *etcdKV) readAt(t *testing.T, bucket, key string, rev int64) string {
	t.Helper()
	resp, err := kv.c.Get(kv.ctx, kv.dataKey(bucketID([]string{bucket}), key), clientv3.WithRev(rev))
	if errors.Is(err, rpctypes.ErrCompacted) {
		return "<compacted>"
	}
	if err != nil {
		t.Fatal(err)
	}
	if len(resp.Kvs) == 0 {
		return ""
	}
	v, _ := decode(resp.Kvs[0].Value)
	return string(v)
}

func openEtcdTest(t *testing.T, prefix string) *DB {
	t.Helper()
	db, err := Open("", Options{Backend: BackendEtcd, Etcd: EtcdOptions{Endpoints: etcdEndpoints(t), Prefix: prefix, DialTimeout: 10 * time.Second}})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

func runConformance(t *testing.T, cases []conformanceCase) {
	for _, c := range cases {
		t.Run("bbolt/"+c.name, func(t *testing.T) {
			c.run(t, suite{db: openTest(t)})
		})
	}
	if testing.Short() {
		return
	}
	for _, c := range cases {
		t.Run("etcd/"+c.name, func(t *testing.T) {
			prefix := fmt.Sprintf("/test%d/", prefixN.Add(1))
			s := suite{db: openEtcdTest(t, prefix), etcd: true}
			s.other = func() *DB { return openEtcdTest(t, prefix) }
			c.run(t, s)
			if err := s.db.Check(); err != nil {
				t.Errorf("check: %v", err)
			}
		})
	}
}

func TestConformance(t *testing.T) { runConformance(t, conformance) }

var conformance = []conformanceCase{
	{"PutGetDelete", func(t *testing.T, s suite) {
		must(t, s.db.Update(func(tx *Tx) error {
			b := tx.Bucket("a")
			must(t, b.Put([]byte("k1"), []byte("v1")))
			must(t, b.Put([]byte("k2"), []byte("v2")))
			must(t, b.Put([]byte("empty"), []byte{}))
			must(t, b.Delete([]byte("k2")))
			must(t, b.Delete([]byte("never")))
			if got := string(b.Get([]byte("k1"))); got != "v1" {
				t.Errorf("read own write: %q", got)
			}
			if b.Get([]byte("k2")) != nil {
				t.Error("deleted key still read in its transaction")
			}
			return nil
		}))
		must(t, s.db.View(func(tx *Tx) error {
			b := tx.Bucket("a")
			if got := string(b.Get([]byte("k1"))); got != "v1" {
				t.Errorf("k1 = %q", got)
			}
			if b.Get([]byte("k2")) != nil || b.Get([]byte("missing")) != nil {
				t.Error("deleted or missing key reads something")
			}
			if v := b.Get([]byte("empty")); v == nil || len(v) != 0 {
				t.Errorf("empty value = %#v, want empty non-nil", v)
			}
			return nil
		}))
		must(t, s.db.Update(func(tx *Tx) error { return tx.Bucket("a").Put([]byte("k1"), []byte("v1b")) }))
		must(t, s.db.View(func(tx *Tx) error {
			if got := string(tx.Bucket("a").Get([]byte("k1"))); got != "v1b" {
				t.Errorf("overwritten k1 = %q", got)
			}
			return nil
		}))
	}},
	{"BucketsJSONAndReadOnlyMissing", func(t *testing.T, s suite) {
		type rec struct{ N int }
		must(t, s.db.Update(func(tx *Tx) error {
			b := tx.Bucket("feature", "items")
			if err := b.PutJSON([]byte("a"), rec{1}); err != nil {
				return err
			}
			n, err := b.NextSequence()
			if n != 1 || err != nil {
				t.Errorf("sequence %d %v", n, err)
			}
			return b.Sub("nested").Put([]byte("x"), []byte("y"))
		}))
		must(t, s.db.View(func(tx *Tx) error {
			var r rec
			ok, err := tx.Bucket("feature", "items").GetJSON([]byte("a"), &r)
			if !ok || err != nil || r.N != 1 {
				t.Errorf("GetJSON = %v %v %v", r, ok, err)
			}
			missing := tx.Bucket("nope", "deeper")
			if missing.Exists() || missing.Get([]byte("a")) != nil || missing.Len() != 0 {
				t.Error("missing bucket reads something")
			}
			if err := missing.Put([]byte("a"), nil); err == nil {
				t.Error("write in read tx accepted")
			}
			if err := tx.Bucket("feature").Put([]byte("a"), nil); err == nil {
				t.Error("write to an existing bucket in a read tx accepted")
			}
			if tx.Writable() {
				t.Error("View is writable")
			}
			return nil
		}))
	}},
	{"NestedBucketsForEachLen", func(t *testing.T, s suite) {
		must(t, s.db.Update(func(tx *Tx) error {
			b := tx.Bucket("top")
			must(t, b.Put([]byte("b"), []byte("1")))
			must(t, b.Sub("c").Put([]byte("x"), []byte("2")))
			must(t, b.Sub("c").Sub("deep").Put([]byte("y"), []byte("3")))
			must(t, b.Put([]byte("a"), []byte("0")))
			return tx.Bucket("other").Put([]byte("o"), []byte("4"))
		}))
		must(t, s.db.View(func(tx *Tx) error {
			var keys []string
			var nilVals []string
			b := tx.Bucket("top")
			must(t, b.ForEach(func(k, v []byte) error {
				keys = append(keys, string(k))
				if v == nil {
					nilVals = append(nilVals, string(k))
				}
				return nil
			}))
			if !reflect.DeepEqual(keys, []string{"a", "b", "c"}) || !reflect.DeepEqual(nilVals, []string{"c"}) {
				t.Errorf("ForEach keys %v, nil values %v", keys, nilVals)
			}
			// a, b, c; c's x and deep; deep's y.
			if n := b.Len(); n != 6 {
				t.Errorf("Len = %d, want 6", n)
			}
			if got := string(tx.Bucket("top", "c", "deep").Get([]byte("y"))); got != "3" {
				t.Errorf("deep value %q", got)
			}
			if b.Get([]byte("c")) != nil {
				t.Error("Get of a nested bucket's name returns a value")
			}
			if got := tx.Buckets(); !reflect.DeepEqual(got, []string{"meta", "other", "top"}) {
				t.Errorf("Buckets = %v", got)
			}
			return nil
		}))
		d, err := Dump(s.db, "other", "meta")
		must(t, err)
		want := map[string]string{"top/a": "0", "top/b": "1", "top/c/x": "2", "top/c/deep/y": "3"}
		if !reflect.DeepEqual(d, want) {
			t.Errorf("Dump = %v", d)
		}
	}},
	{"DeleteBucketAndSub", func(t *testing.T, s suite) {
		must(t, s.db.Update(func(tx *Tx) error {
			b := tx.Bucket("gone")
			if _, err := b.NextSequence(); err != nil {
				return err
			}
			must(t, b.Put([]byte("k"), []byte("v")))
			must(t, b.Sub("n").Put([]byte("k"), []byte("v")))
			must(t, tx.Bucket("keep").Sub("s").Put([]byte("k"), []byte("v")))
			return tx.Bucket("keep").Put([]byte("k"), []byte("v"))
		}))
		must(t, s.db.Update(func(tx *Tx) error {
			must(t, tx.DeleteBucket("gone"))
			must(t, tx.DeleteBucket("never-was"))
			must(t, tx.Bucket("keep").DeleteSub("s"))
			return tx.Bucket("keep").DeleteSub("never-was")
		}))
		must(t, s.db.Update(func(tx *Tx) error {
			b := tx.Bucket("gone") // created afresh
			if b.Len() != 0 || b.Get([]byte("k")) != nil || tx.Bucket("gone", "n").Get([]byte("k")) != nil {
				t.Error("deleted bucket's data came back")
			}
			if n, _ := b.NextSequence(); n != 1 {
				t.Errorf("sequence after delete = %d, want 1", n)
			}
			if tx.Bucket("keep").Len() != 1 {
				t.Errorf("keep has %d keys, want 1", tx.Bucket("keep").Len())
			}
			return nil
		}))
	}},
	{"CursorsBothWaysSeekDelete", func(t *testing.T, s suite) {
		must(t, s.db.Update(func(tx *Tx) error {
			b := tx.Bucket("c")
			for _, k := range []string{"b", "d", "f", "h"} {
				must(t, b.Put([]byte(k), []byte("v"+k)))
			}
			return nil
		}))
		walk := func(c *Cursor, start func() ([]byte, []byte), step func() ([]byte, []byte)) []string {
			var out []string
			for k, _ := start(); k != nil; k, _ = step() {
				out = append(out, string(k))
			}
			return out
		}
		must(t, s.db.Update(func(tx *Tx) error {
			b := tx.Bucket("c")
			// Writes in the transaction are part of what cursors see.
			must(t, b.Put([]byte("a"), []byte("va")))
			must(t, b.Put([]byte("e"), []byte("ve")))
			must(t, b.Delete([]byte("f")))
			must(t, b.Sub("g").Put([]byte("x"), []byte("y")))
			c := b.Cursor()
			if got := walk(c, c.First, c.Next); !reflect.DeepEqual(got, []string{"a", "b", "d", "e", "g", "h"}) {
				t.Errorf("forward %v", got)
			}
			if got := walk(c, c.Last, c.Prev); !reflect.DeepEqual(got, []string{"h", "g", "e", "d", "b", "a"}) {
				t.Errorf("backward %v", got)
			}
			if k, v := c.Seek([]byte("c")); string(k) != "d" || string(v) != "vd" {
				t.Errorf("Seek(c) = %q %q", k, v)
			}
			if k, v := c.Seek([]byte("g")); string(k) != "g" || v != nil {
				t.Errorf("Seek(g) = %q %q, want nested bucket with nil value", k, v)
			}
			if k, _ := c.Seek([]byte("i")); k != nil {
				t.Errorf("Seek past the end = %q", k)
			}
			// Delete under the cursor (bbolt's Next after a Delete may skip
			// a key, so position with Seek).
			for _, k := range []string{"d", "a"} {
				if got, _ := c.Seek([]byte(k)); string(got) != k {
					t.Fatalf("Seek(%s) = %q", k, got)
				}
				must(t, c.Delete())
			}
			if k, _ := c.Seek([]byte("a")); string(k) != "b" {
				t.Errorf("after deleting a, Seek(a) = %q", k)
			}
			return nil
		}))
		must(t, s.db.View(func(tx *Tx) error {
			c := tx.Bucket("c").Cursor()
			if got := walk(c, c.First, c.Next); !reflect.DeepEqual(got, []string{"b", "e", "g", "h"}) {
				t.Errorf("after cursor deletes %v", got)
			}
			return nil
		}))
		must(t, s.db.View(func(tx *Tx) error {
			c := tx.Bucket("missing").Cursor()
			if k, _ := c.First(); k != nil {
				t.Error("cursor on a missing bucket found a key")
			}
			return nil
		}))
	}},
	{"ByteOrderOfKeys", func(t *testing.T, s suite) {
		keys := [][]byte{U64(256), U64(1), {0xff}, {0x00}, {0x00, 0x00}, []byte("a/b"), []byte("a"), TimeKey(time.Unix(5, 0), "x")}
		must(t, s.db.Update(func(tx *Tx) error {
			for _, k := range keys {
				must(t, tx.Bucket("o").Put(k, k))
			}
			return nil
		}))
		must(t, s.db.View(func(tx *Tx) error {
			var got [][]byte
			must(t, tx.Bucket("o").ForEach(func(k, v []byte) error {
				if !bytes.Equal(k, v) {
					t.Errorf("value of %x is %x", k, v)
				}
				got = append(got, append([]byte(nil), k...))
				return nil
			}))
			for i := 1; i < len(got); i++ {
				if bytes.Compare(got[i-1], got[i]) >= 0 {
					t.Errorf("keys out of order: %x then %x", got[i-1], got[i])
				}
			}
			if len(got) != len(keys) {
				t.Errorf("%d keys, want %d", len(got), len(keys))
			}
			return nil
		}))
	}},
	{"NextSequence", func(t *testing.T, s suite) {
		for want := uint64(1); want <= 3; want++ {
			must(t, s.db.Update(func(tx *Tx) error {
				n, err := tx.Bucket("seq", "one").NextSequence()
				if n != want || err != nil {
					t.Errorf("NextSequence = %d %v, want %d", n, err, want)
				}
				return err
			}))
		}
		must(t, s.db.Update(func(tx *Tx) error {
			a, _ := tx.Bucket("seq", "two").NextSequence()
			b, _ := tx.Bucket("seq", "two").NextSequence()
			if a != 1 || b != 2 {
				t.Errorf("second bucket's sequence %d %d, want 1 2", a, b)
			}
			return nil
		}))
		if err := s.db.Update(func(tx *Tx) error {
			_, err := tx.Bucket("seq", "one").NextSequence()
			return errors.Join(err, errors.New("roll back"))
		}); err == nil {
			t.Fatal("rolled back Update returned nil")
		}
		must(t, s.db.Update(func(tx *Tx) error {
			if n, _ := tx.Bucket("seq", "one").NextSequence(); n != 4 {
				t.Errorf("after a rollback NextSequence = %d, want 4", n)
			}
			return nil
		}))
	}},
	{"RollbackOnError", func(t *testing.T, s suite) {
		ran := false
		err := s.db.Update(func(tx *Tx) error {
			tx.OnCommit(func() { ran = true })
			must(t, tx.Bucket("r").Put([]byte("k"), []byte("v")))
			must(t, tx.Bucket("r2").Put([]byte("k"), []byte("v")))
			return errors.New("no")
		})
		if err == nil || err.Error() != "no" {
			t.Fatalf("Update = %v, want the function's error", err)
		}
		if ran {
			t.Error("OnCommit ran for a rolled-back transaction")
		}
		must(t, s.db.View(func(tx *Tx) error {
			if tx.Bucket("r").Exists() || tx.Bucket("r2").Get([]byte("k")) != nil {
				t.Error("rolled-back write is visible")
			}
			return nil
		}))
		must(t, s.db.Update(func(tx *Tx) error {
			tx.OnCommit(func() { ran = true })
			return nil
		}))
		if !ran {
			t.Error("OnCommit did not run after a commit")
		}
		ran = false
		must(t, s.db.View(func(tx *Tx) error {
			tx.OnCommit(func() { ran = true })
			return nil
		}))
		if ran {
			t.Error("OnCommit ran for a read transaction")
		}
	}},
	{"SignalAfterCommitOnly", func(t *testing.T, s suite) {
		ch := s.db.Subscribe(context.Background(), "topic")
		_ = s.db.Update(func(tx *Tx) error { tx.Signal("topic"); return errors.New("rollback") })
		select {
		case <-ch:
			t.Fatal("signalled on rollback")
		case <-time.After(100 * time.Millisecond):
		}
		_ = s.db.Update(func(tx *Tx) error { tx.Signal("topic"); return nil })
		select {
		case <-ch:
		case <-time.After(10 * time.Second):
			t.Fatal("no signal after commit")
		}
	}},
	{"SubscribeEndsWithItsContext", func(t *testing.T, s suite) {
		// A leader term subscribes with the term's context: a hundred terms
		// leave no subscription behind, and one that ended is not woken.
		for range 100 {
			ctx, cancel := context.WithCancel(context.Background())
			s.db.Subscribe(ctx, "terms")
			cancel()
		}
		live := s.db.Subscribe(context.Background(), "terms")
		ctx, cancel := context.WithCancel(context.Background())
		ended := s.db.Subscribe(ctx, "terms")
		cancel()
		deadline := time.Now().Add(10 * time.Second)
		for s.db.Subscribers("terms") != 1 && time.Now().Before(deadline) {
			time.Sleep(time.Millisecond) // context.AfterFunc runs in its own goroutine
		}
		if n := s.db.Subscribers("terms"); n != 1 {
			t.Fatalf("%d subscribers after 101 ended terms and one live; want 1", n)
		}
		must(t, s.db.Update(func(tx *Tx) error { tx.Signal("terms"); return nil }))
		select {
		case <-live:
		case <-time.After(10 * time.Second):
			t.Fatal("the live subscriber was not woken")
		}
		select {
		case <-ended:
			t.Fatal("a subscription whose context ended was woken")
		case <-time.After(50 * time.Millisecond):
		}
	}},
	{"CapacityNeverExceeded", func(t *testing.T, s suite) {
		// 32 users sign up for 10 places, each with a capacity check that
		// counts the bucket and an insert, from two handles where the
		// backend allows two.
		const users, capacity = 32, 10
		dbs := []*DB{s.db}
		if s.other != nil {
			dbs = append(dbs, s.other())
		}
		var wg sync.WaitGroup
		var confirmed atomic.Int64
		errs := make(chan error, users)
		for i := range users {
			wg.Add(1)
			go func() {
				defer wg.Done()
				db := dbs[i%len(dbs)]
				ok := false
				err := db.Update(func(tx *Tx) error {
					ok = false
					b := tx.Bucket("event", "signups")
					if b.Len() >= capacity {
						return nil
					}
					ok = true
					return b.Put([]byte(fmt.Sprintf("user%02d", i)), []byte("yes"))
				})
				if err != nil {
					errs <- err
				}
				if ok {
					confirmed.Add(1)
				}
			}()
		}
		wg.Wait()
		close(errs)
		for err := range errs {
			t.Error(err)
		}
		n := 0
		must(t, s.db.View(func(tx *Tx) error { n = tx.Bucket("event", "signups").Len(); return nil }))
		if n != capacity || confirmed.Load() != capacity {
			t.Errorf("%d stored, %d confirmed; capacity %d", n, confirmed.Load(), capacity)
		}
	}},
	{"LargeBucketCursors", func(t *testing.T, s suite) {
		// More keys than one page of an etcd cursor, walked every way,
		// with writes of the transaction in between.
		model := map[uint64]bool{}
		for batch := range 3 {
			must(t, s.db.Update(func(tx *Tx) error {
				for i := range 100 {
					n := uint64(2 * (batch*100 + i)) // even keys 0…598
					model[n] = true
					must(t, tx.Bucket("big").Put(U64(n), []byte(fmt.Sprint(n))))
				}
				return nil
			}))
		}
		sorted := func() []uint64 {
			var out []uint64
			for n := uint64(0); n < 700; n++ {
				if model[n] {
					out = append(out, n)
				}
			}
			return out
		}
		check := func(tx *Tx, when string) {
			t.Helper()
			want := sorted()
			c := tx.Bucket("big").Cursor()
			var fwd, back []uint64
			for k, v := c.First(); k != nil; k, v = c.Next() {
				if string(v) != fmt.Sprint(ParseU64(k)) {
					t.Fatalf("%s: value of %d is %q", when, ParseU64(k), v)
				}
				fwd = append(fwd, ParseU64(k))
			}
			for k, _ := c.Last(); k != nil; k, _ = c.Prev() {
				back = append([]uint64{ParseU64(k)}, back...)
			}
			if !reflect.DeepEqual(fwd, want) || !reflect.DeepEqual(back, want) {
				t.Fatalf("%s: forward %d keys, backward %d, want %d", when, len(fwd), len(back), len(want))
			}
			// (bbolt's Len counts committed pages only: not checked
			// inside the writing transaction.)
			if n := tx.Bucket("big").Len(); !tx.Writable() && n != len(want) {
				t.Fatalf("%s: Len %d, want %d", when, n, len(want))
			}
		}
		must(t, s.db.Update(func(tx *Tx) error {
			b := tx.Bucket("big")
			// A fresh cursor far into the bucket, then back across pages.
			c := b.Cursor()
			if k, _ := c.Seek(U64(401)); ParseU64(k) != 402 {
				t.Fatalf("Seek(401) = %d", ParseU64(k))
			}
			for range 150 {
				c.Prev()
			}
			if k, _ := c.Prev(); ParseU64(k) != 100 {
				t.Fatalf("151 Prev from 402 = %d, want 100", ParseU64(k))
			}
			// Point reads inside and outside what the cursor read.
			if string(b.Get(U64(590))) != "590" || string(b.Get(U64(200))) != "200" || b.Get(U64(201)) != nil {
				t.Fatal("point reads differ")
			}
			// Writes: new odd keys, deletes in the read window and beyond.
			for _, n := range []uint64{101, 303, 505, 699} {
				must(t, b.Put(U64(n), []byte(fmt.Sprint(n))))
				model[n] = true
			}
			for n := uint64(120); n <= 260; n += 2 {
				must(t, b.Delete(U64(n)))
				delete(model, n)
			}
			must(t, b.Delete(U64(598)))
			delete(model, 598)
			// Delete under a cursor across a page boundary.
			for k, _ := c.Seek(U64(500)); k != nil && ParseU64(k) < 560; k, _ = c.Seek(U64(500)) {
				must(t, c.Delete())
				delete(model, ParseU64(k))
			}
			check(tx, "in the transaction")
			return nil
		}))
		must(t, s.db.View(func(tx *Tx) error { check(tx, "after commit"); return nil }))
		// A transaction that reads only the first page and deletes it
		// leaves everything after it alone.
		must(t, s.db.Update(func(tx *Tx) error {
			c := tx.Bucket("big").Cursor()
			for k, _ := c.First(); k != nil && ParseU64(k) < 40; k, _ = c.First() {
				must(t, c.Delete())
				delete(model, ParseU64(k))
			}
			// A key far beyond what the cursor read.
			must(t, tx.Bucket("big").Delete(U64(596)))
			delete(model, 596)
			return nil
		}))
		must(t, s.db.View(func(tx *Tx) error { check(tx, "after deleting the first page"); return nil }))
	}},
	{"ManyDeletesInOneTransaction", func(t *testing.T, s suite) {
		// More keys than etcd takes operations in one transaction (128):
		// a retention sweep and a bucket delete must still commit.
		for batch := range 6 {
			must(t, s.db.Update(func(tx *Tx) error {
				for i := range 50 {
					must(t, tx.Bucket("sweep").Put(U64(uint64(batch*50+i)), []byte("x")))
					must(t, tx.Bucket("drop", "inner").Put(U64(uint64(batch*50+i)), []byte("x")))
				}
				return nil
			}))
		}
		must(t, s.db.Update(func(tx *Tx) error {
			c := tx.Bucket("sweep").Cursor()
			for k, _ := c.First(); k != nil; k, _ = c.Next() {
				if ParseU64(k)%100 != 0 { // keep 0, 100, 200
					must(t, c.Delete())
				}
			}
			return tx.DeleteBucket("drop")
		}))
		must(t, s.db.View(func(tx *Tx) error {
			if n := tx.Bucket("sweep").Len(); n != 3 {
				t.Errorf("sweep left %d keys, want 3", n)
			}
			if tx.Bucket("drop").Exists() {
				t.Error("deleted bucket exists")
			}
			return nil
		}))
	}},
}

func must(t *testing.T, v any) {
	t.Helper()
	switch v := v.(type) {
	case error:
		t.Fatal(v)
	}
}

// The cases below need two handles on one store at once: etcd only.

func TestEtcdPhantomForcesRetry(t *testing.T) {
	if testing.Short() {
		t.Skip("starts etcd")
	}
	prefix := fmt.Sprintf("/phantom%d/", prefixN.Add(1))
	a, b := openEtcdTest(t, prefix), openEtcdTest(t, prefix)
	must(t, a.Update(func(tx *Tx) error { return tx.Bucket("ev", "signups").Put([]byte("u1"), []byte("y")) }))
	runs := 0
	var counts []int
	must(t, a.Update(func(tx *Tx) error {
		runs++
		n := tx.Bucket("ev", "signups").Len()
		counts = append(counts, n)
		if runs == 1 {
			// Another instance inserts into the range this one just read.
			must(t, b.Update(func(tx *Tx) error { return tx.Bucket("ev", "signups").Put([]byte("u2"), []byte("y")) }))
		}
		// The write goes elsewhere: only the range read ties the two.
		return tx.Bucket("ev", "count").Put([]byte("n"), U64(uint64(n)))
	}))
	if runs != 2 || !reflect.DeepEqual(counts, []int{1, 2}) {
		t.Fatalf("ran %d times counting %v; want a retry that counts the phantom", runs, counts)
	}
	must(t, b.View(func(tx *Tx) error {
		if n := ParseU64(tx.Bucket("ev", "count").Get([]byte("n"))); n != 2 {
			t.Errorf("stored count %d, want 2", n)
		}
		return nil
	}))
}

func TestEtcdPointReadConflictAndHooksOnce(t *testing.T) {
	if testing.Short() {
		t.Skip("starts etcd")
	}
	prefix := fmt.Sprintf("/point%d/", prefixN.Add(1))
	a, b := openEtcdTest(t, prefix), openEtcdTest(t, prefix)
	must(t, a.Update(func(tx *Tx) error { return tx.Bucket("acct").Put([]byte("bal"), U64(10)) }))
	runs, hooks := 0, 0
	must(t, a.Update(func(tx *Tx) error {
		runs++
		tx.OnCommit(func() { hooks++ })
		bal := ParseU64(tx.Bucket("acct").Get([]byte("bal")))
		if runs == 1 {
			must(t, b.Update(func(tx *Tx) error { return tx.Bucket("acct").Put([]byte("bal"), U64(20)) }))
		}
		return tx.Bucket("acct").Put([]byte("bal"), U64(bal+1))
	}))
	if runs != 2 || hooks != 1 {
		t.Errorf("ran %d times, hooks %d; want 2 and 1", runs, hooks)
	}
	must(t, b.View(func(tx *Tx) error {
		if n := ParseU64(tx.Bucket("acct").Get([]byte("bal"))); n != 21 {
			t.Errorf("balance %d, want 21 (a lost update otherwise)", n)
		}
		return nil
	}))
	// A blind write into the same bucket, to another key, does not make
	// a reader of one key retry.
	runs = 0
	must(t, a.Update(func(tx *Tx) error {
		runs++
		tx.Bucket("acct").Get([]byte("bal"))
		if runs == 1 {
			must(t, b.Update(func(tx *Tx) error { return tx.Bucket("acct").Put([]byte("other"), U64(1)) }))
		}
		return tx.Bucket("acct").Put([]byte("x"), U64(1))
	}))
	if runs != 1 {
		t.Errorf("unrelated key made the transaction run %d times", runs)
	}
}

func TestEtcdSubscribeWokenFromAnotherHandle(t *testing.T) {
	if testing.Short() {
		t.Skip("starts etcd")
	}
	prefix := fmt.Sprintf("/sig%d/", prefixN.Add(1))
	a, b := openEtcdTest(t, prefix), openEtcdTest(t, prefix)
	ch := a.Subscribe(context.Background(), "outbox")
	other := a.Subscribe(context.Background(), "other")
	must(t, b.Update(func(tx *Tx) error {
		tx.Signal("outbox")
		return tx.Bucket("x").Put([]byte("k"), []byte("v"))
	}))
	select {
	case <-ch:
	case <-time.After(10 * time.Second):
		t.Fatal("a commit on another handle did not wake the subscriber")
	}
	select {
	case <-other:
		t.Error("another topic was woken")
	case <-time.After(200 * time.Millisecond):
	}
	// A rolled-back signal wakes no one elsewhere either.
	_ = b.Update(func(tx *Tx) error { tx.Signal("outbox"); return errors.New("no") })
	select {
	case <-ch:
		t.Error("woken by a rolled-back transaction")
	case <-time.After(300 * time.Millisecond):
	}
}

func TestEtcdValueTooLargeIsClear(t *testing.T) {
	if testing.Short() {
		t.Skip("starts etcd")
	}
	db := openEtcdTest(t, fmt.Sprintf("/big%d/", prefixN.Add(1)))
	err := db.Update(func(tx *Tx) error { return tx.Bucket("b").Put([]byte("k"), make([]byte, 2<<20)) })
	if !errors.Is(err, ErrTooLarge) || !bytes.Contains([]byte(err.Error()), []byte("max-request-bytes")) {
		t.Fatalf("2 MiB value: %v", err)
	}
	must(t, db.View(func(tx *Tx) error {
		if tx.Bucket("b").Exists() {
			t.Error("partial write of a refused transaction")
		}
		return nil
	}))
	// Just under the limit goes through.
	must(t, db.Update(func(tx *Tx) error { return tx.Bucket("b").Put([]byte("k"), make([]byte, 1<<20)) }))
}

func TestEtcdPrefixesAreSeparate(t *testing.T) {
	if testing.Short() {
		t.Skip("starts etcd")
	}
	n := prefixN.Add(1)
	a := openEtcdTest(t, fmt.Sprintf("/dep%da/", n))
	b := openEtcdTest(t, fmt.Sprintf("/dep%db", n)) // a slash is added
	if b.EtcdPrefix() != fmt.Sprintf("/dep%db/", n) || b.EtcdClient() == nil || b.Backend() != BackendEtcd {
		t.Errorf("prefix %q, client %v, backend %s", b.EtcdPrefix(), b.EtcdClient(), b.Backend())
	}
	if f := openTest(t); f.EtcdClient() != nil || f.EtcdPrefix() != "" || f.Backend() != BackendBolt {
		t.Error("a bbolt store reports etcd")
	}
	must(t, a.Update(func(tx *Tx) error { return tx.Bucket("x").Put([]byte("k"), []byte("a")) }))
	must(t, b.View(func(tx *Tx) error {
		if tx.Bucket("x").Exists() {
			t.Error("one deployment sees another's data")
		}
		return nil
	}))
}

func TestCopyBetweenBackendsAndBackupFromEtcd(t *testing.T) {
	if testing.Short() {
		t.Skip("starts etcd")
	}
	src := openTest(t)
	must(t, src.Update(func(tx *Tx) error {
		for i := range 100 {
			must(t, tx.Bucket("many").Put(U64(uint64(i)), []byte(fmt.Sprint(i))))
		}
		must(t, tx.Bucket("a", "b").Put([]byte("k"), []byte("v")))
		// Many small nested buckets, each with a sequence: the worst case
		// for etcd's operations per transaction.
		for i := range 150 {
			b := tx.Bucket("users", fmt.Sprint("u", i))
			must(t, b.Put([]byte("lang"), []byte("nl")))
			if _, err := b.NextSequence(); err != nil {
				return err
			}
		}
		for range 7 {
			if _, err := tx.Bucket("a", "b").NextSequence(); err != nil {
				return err
			}
		}
		return nil
	}))
	want, err := Dump(src)
	must(t, err)
	e := openEtcdTest(t, fmt.Sprintf("/copy%d/", prefixN.Add(1)))
	if empty, err := IsEmpty(e); !empty || err != nil {
		t.Fatalf("fresh etcd prefix empty = %v %v", empty, err)
	}
	n, err := Copy(e, src)
	must(t, err)
	if n != 252 { // with meta/schema
		t.Errorf("copied %d values, want 252", n)
	}
	if empty, _ := IsEmpty(e); empty {
		t.Error("IsEmpty after a copy")
	}
	got, err := Dump(e)
	must(t, err)
	if !reflect.DeepEqual(got, want) {
		t.Errorf("etcd copy differs: %d keys, want %d", len(got), len(want))
	}
	must(t, e.Update(func(tx *Tx) error {
		if n, _ := tx.Bucket("a", "b").NextSequence(); n != 8 {
			t.Errorf("sequence after copy %d, want 8", n)
		}
		return nil
	}))
	// A backup of the etcd store is a bbolt file like any other.
	path := filepath.Join(t.TempDir(), "backup.db")
	var buf bytes.Buffer
	_, err = e.WriteTo(&buf)
	must(t, err)
	must(t, writeFile(path, buf.Bytes()))
	f, err := Open(path, Options{ReadOnly: true})
	must(t, err)
	defer f.Close()
	must(t, f.Check())
	back, err := Dump(f)
	must(t, err)
	if !reflect.DeepEqual(back, want) {
		t.Errorf("backup from etcd differs: %d keys, want %d", len(back), len(want))
	}
}

func TestEtcdScrubCompactsHistory(t *testing.T) {
	if testing.Short() {
		t.Skip("starts etcd")
	}
	db := openEtcdTest(t, fmt.Sprintf("/scrub%d/", prefixN.Add(1)))
	must(t, db.Update(func(tx *Tx) error { return tx.Bucket("people").Put([]byte("u1"), []byte("Jan Jansen")) }))
	rev := db.e.currentRev(t)
	must(t, db.Update(func(tx *Tx) error {
		tx.Scrub()
		return tx.Bucket("people").Delete([]byte("u1"))
	}))
	// Before the scrub the old revision still holds the name.
	if v := db.e.readAt(t, "people", "u1", rev); v != "Jan Jansen" {
		t.Fatalf("history before scrub = %q", v)
	}
	if !db.ScrubDue() {
		t.Fatal("scrub not due after Tx.Scrub")
	}
	ran, err := db.Scrub()
	if !ran || err != nil {
		t.Fatalf("Scrub = %v %v", ran, err)
	}
	if db.ScrubDue() {
		t.Error("scrub still due")
	}
	if v := db.e.readAt(t, "people", "u1", rev); v != "<compacted>" {
		t.Errorf("history after scrub = %q, want compacted away", v)
	}
}

func TestEtcdLimitsAndFailuresAreClear(t *testing.T) {
	if testing.Short() {
		t.Skip("starts etcd")
	}
	prefix := fmt.Sprintf("/limits%d/", prefixN.Add(1))
	db := openEtcdTest(t, prefix)
	// More separate writes than etcd takes in one transaction.
	err := db.Update(func(tx *Tx) error {
		for i := range 200 {
			if err := tx.Bucket("many").Put(U64(uint64(i)), []byte("x")); err != nil {
				return err
			}
		}
		return nil
	})
	if !errors.Is(err, ErrTooLarge) || !strings.Contains(err.Error(), "max-txn-ops") || !strings.Contains(err.Error(), "max_txn_ops = 128") {
		t.Errorf("200 writes: %v", err)
	}
	// The configured limit (the cluster's flag) is checked before the
	// cluster sees the transaction: 20 writes over a limit of 8.
	small, err := Open("", Options{Backend: BackendEtcd, Etcd: EtcdOptions{Endpoints: etcdEndpoints(t), Prefix: prefix, MaxTxnOps: 8}})
	must(t, err)
	defer small.Close()
	err = small.Update(func(tx *Tx) error {
		for i := range 20 {
			if err := tx.Bucket(fmt.Sprint("b", i)).Put([]byte("k"), []byte("x")); err != nil {
				return err
			}
		}
		return nil
	})
	if !errors.Is(err, ErrTooLarge) || !strings.Contains(err.Error(), "max_txn_ops = 8") || !strings.Contains(err.Error(), "--max-txn-ops") {
		t.Errorf("20 writes over max_txn_ops = 8: %v", err)
	}
	must(t, small.View(func(tx *Tx) error {
		if tx.Bucket("b0").Exists() {
			t.Error("partial write of a transaction over max_txn_ops")
		}
		return nil
	}))
	must(t, db.View(func(tx *Tx) error {
		if tx.Bucket("many").Exists() {
			t.Error("partial write of a refused transaction")
		}
		return nil
	}))
	// A read-only handle refuses writes.
	ro, err := Open("", Options{ReadOnly: true, Backend: BackendEtcd, Etcd: EtcdOptions{Endpoints: etcdEndpoints(t), Prefix: prefix}})
	must(t, err)
	defer ro.Close()
	if err := ro.Update(func(tx *Tx) error { return nil }); err == nil || !strings.Contains(err.Error(), "read-only") {
		t.Errorf("Update on a read-only handle: %v", err)
	}
	// No cluster at the endpoint: a clear error naming it, in bounded time.
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	must(t, err)
	dead := "http://" + ln.Addr().String()
	ln.Close()
	_, err = Open("", Options{Backend: BackendEtcd, Etcd: EtcdOptions{Endpoints: []string{dead}, DialTimeout: 500 * time.Millisecond}})
	if err == nil || !strings.Contains(err.Error(), dead) || !strings.Contains(err.Error(), "store backend etcd") {
		t.Errorf("unreachable etcd: %v", err)
	}
	if _, err := Open("", Options{Backend: "redis"}); err == nil || !strings.Contains(err.Error(), `"redis"`) {
		t.Errorf("unknown backend: %v", err)
	}
	if _, err := Open("", Options{Backend: BackendEtcd}); err == nil || !strings.Contains(err.Error(), "no endpoints") {
		t.Errorf("no endpoints: %v", err)
	}
}

func TestEtcdSchemaSecretAndNewerRefused(t *testing.T) {
	if testing.Short() {
		t.Skip("starts etcd")
	}
	prefix := fmt.Sprintf("/schema%d/", prefixN.Add(1))
	db := openEtcdTest(t, prefix)
	if v, err := db.Schema(); v != SchemaVersion || err != nil {
		t.Errorf("schema %d %v, want %d", v, err, SchemaVersion)
	}
	k1, err := db.Secret("log")
	must(t, err)
	// Another instance gets the same key: it lives with the data.
	k2, err := openEtcdTest(t, prefix).Secret("log")
	must(t, err)
	if len(k1) != 32 || !bytes.Equal(k1, k2) {
		t.Errorf("secrets differ between instances: %x %x", k1, k2)
	}
	must(t, db.Update(func(tx *Tx) error { return tx.Bucket("meta").Put([]byte("schema"), U64(99)) }))
	_, err = Open("", Options{Backend: BackendEtcd, Etcd: EtcdOptions{Endpoints: etcdEndpoints(t), Prefix: prefix}})
	if !errors.Is(err, ErrNewerSchema) {
		t.Errorf("open newer: %v", err)
	}
}

func TestEtcdBucketDeletedByAnotherInstance(t *testing.T) {
	if testing.Short() {
		t.Skip("starts etcd")
	}
	prefix := fmt.Sprintf("/stale%d/", prefixN.Add(1))
	a, b := openEtcdTest(t, prefix), openEtcdTest(t, prefix)
	// a knows the bucket x/y (and may remember it).
	for i := range 2 {
		must(t, a.Update(func(tx *Tx) error { return tx.Bucket("x", "y").Put([]byte(fmt.Sprint("old", i)), []byte("v")) }))
	}
	must(t, b.Update(func(tx *Tx) error { return tx.DeleteBucket("x") }))
	runs := 0
	must(t, a.Update(func(tx *Tx) error {
		runs++
		return tx.Bucket("x", "y").Put([]byte("new"), []byte("v"))
	}))
	d, err := Dump(b, "meta")
	must(t, err)
	if !reflect.DeepEqual(d, map[string]string{"x/y/new": "v"}) {
		t.Errorf("after a write into a bucket deleted elsewhere: %v (ran %d times)", d, runs)
	}
	must(t, b.View(func(tx *Tx) error {
		if !tx.Bucket("x").isBucketForTest("y") {
			t.Error("x/y is not a bucket")
		}
		return nil
	}))
}

func (b *Bucket) isBucketForTest(name string) bool { return b.b != nil && b.b.isBucket([]byte(name)) }

func TestEtcdOverTLS(t *testing.T) {
	if testing.Short() {
		t.Skip("starts etcd")
	}
	e := etcdtest.StartWith(t, 1, etcdtest.Options{TLS: true})
	opt := EtcdOptions{Endpoints: e.Endpoints(), CertFile: e.TLS.CertFile, KeyFile: e.TLS.KeyFile, CAFile: e.TLS.CAFile}
	db, err := Open("", Options{Backend: BackendEtcd, Etcd: opt})
	must(t, err)
	defer db.Close()
	must(t, db.Update(func(tx *Tx) error { return tx.Bucket("b").Put([]byte("k"), []byte("v")) }))
	// Without the client certificate the member refuses: a clear error,
	// within the dial timeout.
	opt.CertFile, opt.KeyFile, opt.DialTimeout = "", "", time.Second
	if _, err := Open("", Options{Backend: BackendEtcd, Etcd: opt}); err == nil || !strings.Contains(err.Error(), "store backend etcd") {
		t.Errorf("without a client certificate: %v", err)
	}
	opt.CAFile = filepath.Join(t.TempDir(), "missing.pem")
	if _, err := Open("", Options{Backend: BackendEtcd, Etcd: opt}); err == nil || !strings.Contains(err.Error(), "TLS files") {
		t.Errorf("missing CA file: %v", err)
	}
}

// A fenced write commits while the election key it names exists with its
// create revision; once the key is gone (the lease ended) or was created
// anew (another term), it fails with ErrFenced and writes nothing. A
// conflict under a fence still runs the transaction again.
func TestEtcdFencedWrite(t *testing.T) {
	if testing.Short() {
		t.Skip("starts etcd")
	}
	prefix := fmt.Sprintf("/test%d/", prefixN.Add(1))
	db := openEtcdTest(t, prefix)
	c := db.EtcdClient()
	key := prefix + "leader/lease1"
	put, err := c.Put(context.Background(), key, "me")
	if err != nil {
		t.Fatal(err)
	}
	ctx := WithFence(context.Background(), key, put.Header.Revision)
	write := func(v string) error {
		return db.UpdateFenced(ctx, func(tx *Tx) error { return tx.Bucket("marks").Put([]byte("k"), []byte(v)) })
	}
	get := func() string {
		var v string
		must(t, db.View(func(tx *Tx) error { v = string(tx.Bucket("marks").Get([]byte("k"))); return nil }))
		return v
	}
	must(t, write("leader"))
	if got := get(); got != "leader" {
		t.Fatalf("fenced write while leading: got %q", got)
	}

	// A conflict with another instance's commit, under the fence: retried.
	other := openEtcdTest(t, prefix)
	runs := 0
	must(t, db.UpdateFenced(ctx, func(tx *Tx) error {
		runs++
		old := tx.Bucket("marks").Get([]byte("k"))
		if runs == 1 {
			must(t, other.Update(func(tx *Tx) error { return tx.Bucket("marks").Put([]byte("k"), []byte("other")) }))
		}
		return tx.Bucket("marks").Put([]byte("k"), append(old, '+'))
	}))
	if runs != 2 || get() != "other+" {
		t.Fatalf("conflict under a fence: %d runs, value %q; want 2 runs and \"other+\"", runs, get())
	}

	// Deposed: the key is gone.
	if _, err := c.Delete(context.Background(), key); err != nil {
		t.Fatal(err)
	}
	err = write("deposed")
	if !errors.Is(err, ErrFenced) || !strings.Contains(err.Error(), "no longer the leader") {
		t.Fatalf("write after the key is gone: %v; want ErrFenced", err)
	}
	// Another term made the same key again: still not ours.
	if _, err := c.Put(context.Background(), key, "successor"); err != nil {
		t.Fatal(err)
	}
	if err := write("deposed"); !errors.Is(err, ErrFenced) {
		t.Fatalf("write after the key was created anew: %v; want ErrFenced", err)
	}
	if got := get(); got != "other+" {
		t.Fatalf("a deposed leader's write was applied: %q", got)
	}
	// Unfenced writes (every instance's own work) are not affected.
	must(t, db.UpdateFenced(context.Background(), func(tx *Tx) error { return tx.Bucket("marks").Put([]byte("k"), []byte("free")) }))
	if got := get(); got != "free" {
		t.Fatalf("unfenced write: %q", got)
	}
}
