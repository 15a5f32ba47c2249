package store

import (
	"testing"

	"github.com/noaber/noaber/bot/store/etcdtest"
)

// BenchmarkEtcdCursorFirst10k is the price of a range read on etcd: a
// transaction reads a whole bucket at its snapshot, so the first key of
// a bucket with 10,000 entries costs loading them all.
func BenchmarkEtcdCursorFirst10k(b *testing.B) {
	eps := etcdtest.Start(b, 3).Endpoints()
	db, err := Open("", Options{Backend: BackendEtcd, Etcd: EtcdOptions{Endpoints: eps}})
	if err != nil {
		b.Fatal(err)
	}
	defer db.Close()
	value := []byte(`{"user":"discord:123456789","status":"confirmed"}`)
	for batch := range 100 {
		if err := db.Update(func(tx *Tx) error {
			for i := range 100 {
				if err := tx.Bucket("big").Put(U64(uint64(batch*100+i)), value); err != nil {
					return err
				}
			}
			return nil
		}); err != nil {
			b.Fatal(err)
		}
	}
	for b.Loop() {
		if err := db.View(func(tx *Tx) error {
			if k, _ := tx.Bucket("big").Cursor().First(); k == nil {
				b.Fatal("empty")
			}
			return nil
		}); err != nil {
			b.Fatal(err)
		}
	}
}
