package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"time"

	"github.com/noaber/noaber/bot/store"
	"github.com/noaber/noaber/cmd/noaber/config"
)

func init() {
	register(&command{name: "backup", args: "FILE [--db PATH] [--config FILE]",
		short: "write a consistent, checked copy of the database to FILE, also while the bot runs", run: runBackup})
	register(&command{name: "restore", args: "FILE [--force] [--db PATH] [--config FILE]",
		short: "replace the database with a backup (bot stopped); the current file is kept aside (on etcd: --force replaces)", run: runRestore})
	register(&command{name: "compact", args: "[--keep-old] [--db PATH] [--config FILE]",
		short: "shrink the database file (bot stopped)", run: runCompact})
}

// probeTimeout is how long operator commands wait for the file lock
// before concluding that a running bot holds it.
const probeTimeout = 300 * time.Millisecond

// openIdle opens the database read-only when no running process holds it.
// It returns store.ErrInUse (wrapped) when one does.
func openIdle(path string) (*store.DB, error) {
	db, err := store.Open(path, store.Options{ReadOnly: true, Timeout: probeTimeout})
	if errors.Is(err, fs.ErrNotExist) {
		return nil, fmt.Errorf("there is no database at %s (set bot.db, NOABER_DB or --db)", path)
	}
	return db, err
}

func runBackup(ctx context.Context, e *env) error {
	pos, err := e.Parse()
	if err != nil {
		return err
	}
	if len(pos) != 1 {
		return usagef("name one backup FILE")
	}
	cfg, err := e.Config()
	if err != nil {
		return err
	}
	if cfg.Store.Etcd() {
		return backupEtcd(e, cfg, pos[0])
	}
	src, dst := cfg.DBPath(), pos[0]
	if same(src, dst) {
		return usagef("the backup must not overwrite the database itself")
	}
	how := "from the file"
	db, err := openIdle(src)
	switch {
	case err == nil:
		err = backupTo(db, dst)
		db.Close()
	case errors.Is(err, store.ErrInUse):
		// A running bot holds the lock: ask it for a copy over its
		// loopback admin listener (one read transaction, writers go on).
		how = "from the running bot"
		resp, cerr := adminCall(src, "/admin/backup")
		if cerr != nil {
			return cerr
		}
		defer resp.Body.Close()
		err = writeAtomic(dst, 0o600, func(w io.Writer) error {
			_, err := io.Copy(w, resp.Body)
			return err
		}, verifyDB)
	}
	if err != nil {
		return fmt.Errorf("backup to %s: %w", dst, err)
	}
	st, _ := os.Stat(dst)
	fmt.Fprintf(e.Stdout, "backup of %s written to %s (%d bytes, %s), consistency check passed\n", src, dst, st.Size(), how)
	return nil
}

func runRestore(ctx context.Context, e *env) error {
	force := e.Flags.Bool("force", false, "on etcd: replace what the cluster holds under the prefix")
	pos, err := e.Parse()
	if err != nil {
		return err
	}
	if len(pos) != 1 {
		return usagef("name the backup FILE to restore")
	}
	cfg, err := e.Config()
	if err != nil {
		return err
	}
	backup, dbPath := pos[0], cfg.DBPath()
	if same(backup, dbPath) {
		return usagef("the backup is the database itself")
	}
	if err := verifyDB(backup); err != nil {
		return fmt.Errorf("%w; nothing was changed", err)
	}
	if err := checkSchema(backup); err != nil {
		return err
	}
	if cfg.Store.Etcd() {
		return restoreEtcd(e, cfg, backup, *force)
	}
	aside := ""
	if _, err := os.Stat(dbPath); err == nil {
		db, err := openIdle(dbPath)
		if errors.Is(err, store.ErrInUse) {
			return fmt.Errorf("%w: stop noaber before restoring; nothing was changed", err)
		}
		if err == nil {
			db.Close()
		}
		aside = dbPath + ".before-restore-" + time.Now().UTC().Format("20060102T150405Z")
	} else if err := os.MkdirAll(filepath.Dir(dbPath), 0o700); err != nil {
		return err
	}
	// Copy first (verified), then swap with two renames, so a crash leaves
	// either the old file or the restored one in place.
	staged := dbPath + ".restoring"
	err = writeAtomic(staged, 0o600, func(w io.Writer) error {
		f, err := os.Open(backup)
		if err != nil {
			return err
		}
		defer f.Close()
		_, err = io.Copy(w, f)
		return err
	}, verifyDB)
	if err != nil {
		return fmt.Errorf("copy %s: %w; nothing was changed", backup, err)
	}
	if aside != "" {
		if err := os.Rename(dbPath, aside); err != nil {
			os.Remove(staged)
			return fmt.Errorf("move the current database aside: %w; nothing was changed", err)
		}
	}
	if err := os.Rename(staged, dbPath); err != nil {
		return fmt.Errorf("put the backup in place: %w (the previous database is at %s)", err, aside)
	}
	if err := syncDir(filepath.Dir(dbPath)); err != nil {
		return err
	}
	fmt.Fprintf(e.Stdout, "restored %s from %s\n", dbPath, backup)
	if aside != "" {
		fmt.Fprintf(e.Stdout, "the previous database is kept at %s; delete it when the bot runs well\n", aside)
	}
	return nil
}

// backupEtcd writes the etcd store as the same bbolt backup file, from
// one snapshot; the bots keep running.
func backupEtcd(e *env, cfg *config.Config, dst string) error {
	db, err := openEtcd(cfg, true)
	if err != nil {
		return err
	}
	defer db.Close()
	if err := backupTo(db, dst); err != nil {
		return fmt.Errorf("backup to %s: %w", dst, err)
	}
	st, _ := os.Stat(dst)
	fmt.Fprintf(e.Stdout, "backup of %s written to %s (%d bytes, from one etcd snapshot), consistency check passed\n", db.Path(), dst, st.Size())
	return nil
}

// restoreEtcd loads a backup file into etcd: into an empty prefix, or with
// --force in place of what is there.
func restoreEtcd(e *env, cfg *config.Config, backup string, force bool) error {
	src, err := store.Open(backup, store.Options{ReadOnly: true, Timeout: time.Second})
	if err != nil {
		return err
	}
	defer src.Close()
	n, err := replaceStore(cfg, src, etcdSide, force)
	if err != nil {
		return err
	}
	fmt.Fprintf(e.Stdout, "restored %d records into %s from %s\n", n, cfg.Store.Options(store.Options{}).Etcd.Describe(), backup)
	return nil
}

// checkSchema refuses a backup written by a newer noaber.
func checkSchema(path string) error {
	db, err := store.Open(path, store.Options{ReadOnly: true, Timeout: time.Second})
	if err != nil {
		return err
	}
	defer db.Close()
	v, err := db.Schema()
	if err != nil {
		return err
	}
	if v > store.SchemaVersion {
		return fmt.Errorf("%s has schema %d, this noaber knows up to %d: %w", path, v, store.SchemaVersion, store.ErrNewerSchema)
	}
	return nil
}

func runCompact(ctx context.Context, e *env) error {
	keepOld := e.Flags.Bool("keep-old", false, "keep the uncompacted file as <db>.before-compact")
	pos, err := e.Parse()
	if err != nil {
		return err
	}
	if len(pos) != 0 {
		return usagef("compact takes no arguments; name the database with --db")
	}
	cfg, err := e.Config()
	if err != nil {
		return err
	}
	if cfg.Store.Etcd() {
		return fmt.Errorf("compact works on the database file; with [store] backend = \"etcd\" the cluster keeps its own files small (etcd --auto-compaction-retention, etcdctl defrag)")
	}
	path := cfg.DBPath()
	before, err := os.Stat(path)
	if err != nil {
		return fmt.Errorf("there is no database at %s", path)
	}
	tmp := path + ".compacting"
	_ = os.Remove(tmp) // left over from an interrupted run
	if err := store.Compact(tmp, path); err != nil {
		os.Remove(tmp)
		if errors.Is(err, store.ErrInUse) {
			return fmt.Errorf("%w: stop noaber before compacting (compaction needs the file to itself)", err)
		}
		return err
	}
	if err := verifyDB(tmp); err != nil {
		os.Remove(tmp)
		return fmt.Errorf("%w; the original is untouched", err)
	}
	// A bot started meanwhile would have written to the original: then the
	// copy is stale and must not replace it.
	if now, err := os.Stat(path); err != nil || !now.ModTime().Equal(before.ModTime()) || now.Size() != before.Size() {
		os.Remove(tmp)
		return fmt.Errorf("%s changed while compacting (did noaber start?); the original is untouched, try again with the bot stopped", path)
	}
	if f, err := os.Open(tmp); err == nil {
		_ = f.Sync()
		f.Close()
	}
	if *keepOld {
		if err := os.Rename(path, path+".before-compact"); err != nil {
			os.Remove(tmp)
			return err
		}
	}
	if err := os.Rename(tmp, path); err != nil {
		return err
	}
	if err := syncDir(filepath.Dir(path)); err != nil {
		return err
	}
	after, _ := os.Stat(path)
	fmt.Fprintf(e.Stdout, "compacted %s: %d → %d bytes\n", path, before.Size(), after.Size())
	return nil
}

// same reports whether a and b name the same file (or the same path).
func same(a, b string) bool {
	if fa, err := os.Stat(a); err == nil {
		if fb, err := os.Stat(b); err == nil {
			return os.SameFile(fa, fb)
		}
	}
	aa, _ := filepath.Abs(a)
	bb, _ := filepath.Abs(b)
	return aa == bb
}
