package main

import (
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"

	"github.com/noaber/noaber/bot/store"
	"github.com/noaber/noaber/cmd/noaber/config"
)

// openStoreForReading is openForReading for the configured store: on etcd
// the cluster itself, which any number of processes read at once.
func openStoreForReading(cfg *config.Config) (*store.DB, func(), error) {
	if cfg.Store.Etcd() {
		db, err := openEtcd(cfg, true)
		if err != nil {
			return nil, nil, err
		}
		return db, func() { db.Close() }, nil
	}
	return openForReading(cfg.DBPath())
}

// openForReading opens the database read-only for an operator command
// (feedback, deadlines list, events list, events attendees). While a
// running bot holds the file lock, it reads instead a consistent copy that
// the bot streams over its admin listener (the same one read transaction
// as `noaber backup`), kept in a private temporary file (mode 0600) next to
// the database, so it is protected as the data itself is, and removed by
// done.
func openForReading(path string) (db *store.DB, done func(), err error) {
	db, err = store.Open(path, store.Options{ReadOnly: true, Timeout: probeTimeout})
	if err == nil {
		return db, func() { db.Close() }, nil
	}
	if !errors.Is(err, store.ErrInUse) {
		return nil, nil, err
	}
	resp, err := adminCall(path, "/admin/backup")
	if err != nil {
		return nil, nil, err
	}
	defer resp.Body.Close()
	tmp, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".read-*")
	if err != nil {
		return nil, nil, fmt.Errorf("copy from the running bot: %w", err)
	}
	remove := func() { os.Remove(tmp.Name()) }
	_, err = io.Copy(tmp, resp.Body)
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		remove()
		return nil, nil, fmt.Errorf("copy from the running bot: %w", err)
	}
	db, err = store.Open(tmp.Name(), store.Options{ReadOnly: true, Timeout: probeTimeout})
	if err != nil {
		remove()
		return nil, nil, fmt.Errorf("read the copy from the running bot: %w", err)
	}
	return db, func() { db.Close(); remove() }, nil
}
