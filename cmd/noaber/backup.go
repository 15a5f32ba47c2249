package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/noaber/noaber/bot/store"
)

// writeFileAtomic writes data to path through a temporary file in the same
// directory, fsynced and renamed, so readers see the old file or the whole
// new one.
func writeFileAtomic(path string, data []byte, perm os.FileMode) error {
	return writeAtomic(path, perm, func(w io.Writer) error {
		_, err := w.Write(data)
		return err
	})
}

// writeAtomic creates path from what fill writes: into a temporary file
// next to it, then fsync, verify (when verify is set), rename and fsync of
// the directory. On any error the temporary file is removed and path is
// untouched: there are no partial backups.
func writeAtomic(path string, perm os.FileMode, fill func(io.Writer) error, verify ...func(tmp string) error) (err error) {
	dir := filepath.Dir(path)
	f, err := os.CreateTemp(dir, "."+filepath.Base(path)+".tmp-*")
	if err != nil {
		return err
	}
	tmp := f.Name()
	defer func() {
		if err != nil {
			f.Close()
			os.Remove(tmp)
		}
	}()
	if err = f.Chmod(perm); err != nil {
		return err
	}
	if err = fill(f); err != nil {
		return err
	}
	if err = f.Sync(); err != nil {
		return err
	}
	if err = f.Close(); err != nil {
		return err
	}
	for _, v := range verify {
		if err = v(tmp); err != nil {
			return err
		}
	}
	if err = os.Rename(tmp, path); err != nil {
		return err
	}
	return syncDir(dir)
}

func syncDir(dir string) error {
	d, err := os.Open(dir)
	if err != nil {
		return err
	}
	defer d.Close()
	return d.Sync()
}

// verifyDB opens path read-only and runs bbolt's consistency check.
func verifyDB(path string) error {
	db, err := store.Open(path, store.Options{ReadOnly: true, Timeout: time.Second})
	if err != nil {
		return fmt.Errorf("verify %s: %w", path, err)
	}
	defer db.Close()
	if err := db.Check(); err != nil {
		return fmt.Errorf("verify %s: consistency check failed: %w", path, err)
	}
	return nil
}

// backupTo writes a verified copy of db to path.
func backupTo(db *store.DB, path string) error {
	return writeAtomic(path, 0o600, func(w io.Writer) error {
		_, err := db.WriteTo(w)
		return err
	}, verifyDB)
}

// backupName is the file name of a scheduled backup taken at t.
func backupName(t time.Time) string {
	return "noaber-" + t.UTC().Format("20060102T150405Z") + ".db"
}

// backupLoop takes a backup every backup.interval into backup.dir and keeps
// the newest backup.keep.
func (a *app) backupLoop(ctx context.Context) error {
	interval := a.cfg.Backup.Interval.Duration
	if interval == 0 {
		interval = 24 * time.Hour
	}
	keep := a.cfg.Backup.Keep
	if keep == 0 {
		keep = 7
	}
	log := a.log.With("component", "backup")
	if err := os.MkdirAll(a.cfg.Backup.Dir, 0o700); err != nil {
		return fmt.Errorf("backup directory: %w", err)
	}
	for {
		select {
		case <-ctx.Done():
			return nil
		case <-a.clock.After(interval):
		}
		path := filepath.Join(a.cfg.Backup.Dir, backupName(a.clock.Now()))
		if err := backupTo(a.db, path); err != nil {
			log.Error("scheduled backup failed", "err", err)
			continue
		}
		log.Info("scheduled backup", "file", path)
		if removed, err := rotateBackups(a.cfg.Backup.Dir, keep); err != nil {
			log.Error("rotate backups", "err", err)
		} else if removed > 0 {
			log.Info("old backups removed", "count", removed)
		}
	}
}

// rotateBackups removes all but the newest keep scheduled backups in dir.
func rotateBackups(dir string, keep int) (int, error) {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return 0, err
	}
	var names []string
	for _, e := range entries {
		if n := e.Name(); !e.IsDir() && strings.HasPrefix(n, "noaber-") && strings.HasSuffix(n, "Z.db") {
			names = append(names, n)
		}
	}
	slices.Sort(names) // the timestamp format sorts by time
	removed := 0
	for len(names) > keep {
		if err := os.Remove(filepath.Join(dir, names[0])); err != nil {
			return removed, err
		}
		names = names[1:]
		removed++
	}
	return removed, nil
}
