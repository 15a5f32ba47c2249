// Package store is Noaber's one bbolt file. It hides bbolt behind a thin Tx
// and Bucket so that every feature can write its own data, its schedule
// entries and its outbox messages in one transaction, and so that bbolt is
// imported in exactly one place.
//
// Buckets are named by path ("deadlines", "items"). In a write transaction
// Tx.Bucket creates missing buckets; in a read transaction a missing bucket
// reads as empty.
package store
