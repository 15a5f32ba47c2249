package main

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"reflect"

	"github.com/noaber/noaber/bot/store"
	"github.com/noaber/noaber/cmd/noaber/config"
)

func init() {
	register(&command{name: "store copy", args: "--from FILE|etcd --to FILE|etcd [--force] [--config FILE]",
		short: "copy all state between a database file and etcd (the [store] section's cluster), bots stopped", run: runStoreCopy})
}

// etcdSide is how the store commands name the configured etcd cluster.
const etcdSide = "etcd"

// openEtcd opens the [store] section's etcd cluster.
func openEtcd(cfg *config.Config, readOnly bool) (*store.DB, error) {
	if !cfg.Store.Etcd() {
		return nil, fmt.Errorf("no etcd configured: set [store] backend = \"etcd\" and endpoints in the configuration (--config FILE)")
	}
	return store.Open("", cfg.Store.Options(store.Options{ReadOnly: readOnly}))
}

// openSide opens "etcd" or a database file, for reading (source) or
// writing (target).
func openSide(cfg *config.Config, side string, target bool) (*store.DB, error) {
	if side == etcdSide {
		return openEtcd(cfg, !target)
	}
	if !target {
		db, err := openIdle(side)
		if errors.Is(err, store.ErrInUse) {
			return nil, fmt.Errorf("%w: stop noaber before copying from %s", err, side)
		}
		return db, err
	}
	db, err := store.Open(side, store.Options{Timeout: probeTimeout})
	if errors.Is(err, store.ErrInUse) {
		return nil, fmt.Errorf("%w: stop noaber before copying to %s", err, side)
	}
	return db, err
}

func runStoreCopy(ctx context.Context, e *env) error {
	from := e.Flags.String("from", "", "source: a database FILE, or \"etcd\" for the [store] section's cluster")
	to := e.Flags.String("to", "", "target: a database FILE, or \"etcd\"")
	force := e.Flags.Bool("force", false, "replace a target that already holds data")
	pos, err := e.Parse()
	if err != nil {
		return err
	}
	if len(pos) > 0 {
		return usagef("unexpected argument %q", pos[0])
	}
	if *from == "" || *to == "" {
		return usagef("name both --from and --to (a FILE or \"etcd\")")
	}
	if *from == *to || (*from != etcdSide && *to != etcdSide && same(*from, *to)) {
		return usagef("--from and --to are the same store")
	}
	cfg, err := e.Config()
	if err != nil {
		return err
	}
	if *from != etcdSide {
		if _, err := os.Stat(*from); errors.Is(err, fs.ErrNotExist) {
			return fmt.Errorf("there is no database at %s", *from)
		}
	}
	src, err := openSide(cfg, *from, false)
	if err != nil {
		return err
	}
	defer src.Close()
	n, err := replaceStore(cfg, src, *to, *force)
	if err != nil {
		return err
	}
	fmt.Fprintf(e.Stdout, "copied %d records from %s to %s; the copy reads the same as the source\n", n, src.Path(), *to)
	return nil
}

// replaceStore copies src into the target side, which must be empty
// unless force; it reads the target back and compares.
func replaceStore(cfg *config.Config, src *store.DB, side string, force bool) (int, error) {
	dst, err := openSide(cfg, side, true)
	if err != nil {
		return 0, err
	}
	defer dst.Close()
	empty, err := store.IsEmpty(dst)
	if err != nil {
		return 0, err
	}
	if !empty {
		if !force {
			return 0, fmt.Errorf("%s already holds data; nothing was changed (add --force to replace it, with every noaber using it stopped)", dst.Path())
		}
		if err := store.Wipe(dst); err != nil {
			return 0, err
		}
	}
	n, err := store.Copy(dst, src)
	if err != nil {
		return n, fmt.Errorf("%w; the target is incomplete: run the command again with --force", err)
	}
	want, err := store.Dump(src)
	if err != nil {
		return n, err
	}
	got, err := store.Dump(dst)
	if err != nil {
		return n, err
	}
	if !reflect.DeepEqual(want, got) {
		return n, fmt.Errorf("the copy in %s differs from the source (%d keys, want %d); run the command again with --force", dst.Path(), len(got), len(want))
	}
	return n, nil
}
