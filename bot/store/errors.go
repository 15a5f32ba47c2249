package store

import "errors"

// ErrInUse means another process holds the database file's lock.
var ErrInUse = errors.New("database is in use by another process")

// ErrNewerSchema means the file was written by a newer Noaber.
var ErrNewerSchema = errors.New("database was written by a newer version of noaber")
