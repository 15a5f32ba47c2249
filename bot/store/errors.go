package store

import "errors"

// ErrInUse means another process holds the database file's lock.
var ErrInUse = errors.New("database is in use by another process")

// ErrNewerSchema means the file was written by a newer Noaber.
var ErrNewerSchema = errors.New("database was written by a newer version of noaber")

// ErrEmpty means the database file exists but has no bytes: a disk that
// filled up or a copy that failed. Opening it would silently start afresh
// (and later backups would copy the empty file), so Open refuses.
var ErrEmpty = errors.New("database file is empty (0 bytes)")

// ErrDamaged means the file is not a whole bbolt database: truncated,
// overwritten or corrupted. It is returned by Open and, instead of a
// panic, by every transaction that meets a damaged page.
var ErrDamaged = errors.New("database file is damaged")

// ErrReadOnlyFile means the file or its directory may not be written
// (permissions, a read-only or full file system).
var ErrReadOnlyFile = errors.New("database file cannot be written")
