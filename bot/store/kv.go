package store

// The store's backends (bbolt in boltkv.go, etcd in etcdkv.go) sit behind
// these interfaces; Tx, Bucket and Cursor only forward to them, so features
// never learn which one they run on.

// kvTx is one transaction of a backend.
type kvTx interface {
	writable() bool
	onCommit(fn func())
	// signal records that topic is to be signalled to other processes on
	// commit (local subscribers are woken through onCommit).
	signal(topic string)
	bucket(name []byte) kvBucket // nil when missing
	createBucket(name []byte) (kvBucket, error)
	deleteBucket(name []byte) error // a missing bucket is not an error
	bucketNames() []string
}

// kvBucket is a bucket of a backend.
type kvBucket interface {
	get(k []byte) []byte
	put(k, v []byte) error
	del(k []byte) error
	nextSequence() (uint64, error)
	sequence() uint64
	setSequence(n uint64) error
	bucket(name []byte) kvBucket // nil when missing
	isBucket(k []byte) bool
	createBucket(name []byte) (kvBucket, error)
	deleteBucket(name []byte) error // a missing bucket is not an error
	forEach(fn func(k, v []byte) error) error
	keyN() int
	cursor() kvCursor
	writable() bool
}

// kvCursor is a cursor of a backend; *bolt.Cursor is one as it is.
type kvCursor interface {
	First() (k, v []byte)
	Last() (k, v []byte)
	Next() (k, v []byte)
	Prev() (k, v []byte)
	Seek(k []byte) (key, v []byte)
	Delete() error
}
