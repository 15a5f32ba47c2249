package main

import (
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/noaber/noaber/bot/store"
	"github.com/noaber/noaber/bot/store/etcdtest"
)

// etcdConfig writes a configuration with the [store] section on a fresh
// one-member etcd cluster.
func etcdConfig(t *testing.T) string {
	t.Helper()
	eps := etcdtest.Single(t)
	p := filepath.Join(t.TempDir(), "noaber.toml")
	body := fmt.Sprintf("[store]\nbackend = \"etcd\"\nendpoints = [%q]\nprefix = \"/town/\"\n", eps[0])
	if err := os.WriteFile(p, []byte(body), 0o600); err != nil {
		t.Fatal(err)
	}
	return p
}

func TestChatKeepsItsStateInEtcd(t *testing.T) {
	if testing.Short() {
		t.Skip("starts etcd")
	}
	cfg := etcdConfig(t)
	db := filepath.Join(t.TempDir(), "unused.db")
	out, errOut, code := noaber(t, "hulp\n", "chat", "--config", cfg, "--db", db)
	if code != 0 || !strings.Contains(out, "Dit kan ik voor je doen") {
		t.Fatalf("hulp: exit %d\n%s%s", code, out, errOut)
	}
	// The user's language was kept in etcd: a second run remembers it.
	out, _, code = noaber(t, "help\n", "chat", "--config", cfg, "--db", db)
	if code != 0 || !strings.Contains(out, "Dit kan ik voor je doen") {
		t.Fatalf("help after hulp: exit %d\n%s", code, out)
	}
	if _, err := os.Stat(db); !os.IsNotExist(err) {
		t.Errorf("a database file was created with the etcd backend: %v", err)
	}
	out, errOut, code = noaber(t, "", "deadlines", "list", "--config", cfg)
	if code != 0 || !strings.Contains(out, "no deadlines") {
		t.Errorf("deadlines list on etcd: exit %d\n%s%s", code, out, errOut)
	}
}

func TestStoreCopyBackupRestoreEtcd(t *testing.T) {
	if testing.Short() {
		t.Skip("starts etcd")
	}
	cfg := etcdConfig(t)
	dir := t.TempDir()
	file := filepath.Join(dir, "noaber.db")
	db, err := store.Open(file, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	err = db.Update(func(tx *store.Tx) error {
		for i := range 60 {
			if err := tx.Bucket("events", "signups").Put(store.U64(uint64(i)), []byte("yes")); err != nil {
				return err
			}
		}
		_, err := tx.Bucket("events").NextSequence()
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	want, _ := store.Dump(db)
	db.Close()

	out, errOut, code := noaber(t, "", "store", "copy", "--from", file, "--to", "etcd", "--config", cfg)
	if code != 0 || !strings.Contains(out, "copied 61 records") {
		t.Fatalf("copy to etcd: exit %d\n%s%s", code, out, errOut)
	}
	// A second copy would mix two deployments: refused without --force.
	_, errOut, code = noaber(t, "", "store", "copy", "--from", file, "--to", "etcd", "--config", cfg)
	if code != 1 || !strings.Contains(errOut, "already holds data") || !strings.Contains(errOut, "--force") {
		t.Fatalf("copy onto data: exit %d\n%s", code, errOut)
	}
	if _, _, code = noaber(t, "", "store", "copy", "--from", file, "--to", "etcd", "--force", "--config", cfg); code != 0 {
		t.Fatalf("copy --force: exit %d", code)
	}

	backup := filepath.Join(dir, "backup.db")
	out, errOut, code = noaber(t, "", "backup", backup, "--config", cfg)
	if code != 0 || !strings.Contains(out, "consistency check passed") {
		t.Fatalf("backup from etcd: exit %d\n%s%s", code, out, errOut)
	}
	b, err := store.Open(backup, store.Options{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	got, _ := store.Dump(b)
	b.Close()
	if !reflect.DeepEqual(got, want) {
		t.Errorf("backup from etcd has %d keys, want %d", len(got), len(want))
	}

	_, errOut, code = noaber(t, "", "restore", backup, "--config", cfg)
	if code != 1 || !strings.Contains(errOut, "already holds data") {
		t.Fatalf("restore onto data: exit %d\n%s", code, errOut)
	}
	out, errOut, code = noaber(t, "", "restore", backup, "--force", "--config", cfg)
	if code != 0 || !strings.Contains(out, "restored 61 records") {
		t.Fatalf("restore --force: exit %d\n%s%s", code, out, errOut)
	}

	back := filepath.Join(dir, "back.db")
	if out, errOut, code = noaber(t, "", "store", "copy", "--from", "etcd", "--to", back, "--config", cfg); code != 0 {
		t.Fatalf("copy from etcd: exit %d\n%s%s", code, out, errOut)
	}
	c, err := store.Open(back, store.Options{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	got, _ = store.Dump(c)
	if !reflect.DeepEqual(got, want) {
		t.Errorf("round trip has %d keys, want %d", len(got), len(want))
	}
	if err := c.View(func(tx *store.Tx) error {
		if n, _ := tx.Bucket("events").NextSequence(); n != 0 {
			t.Errorf("NextSequence in a read tx = %d", n)
		}
		return nil
	}); err != nil {
		t.Fatal(err)
	}
}

func TestStoreCopyUsage(t *testing.T) {
	dir := t.TempDir()
	if _, errOut, code := noaber(t, "", "store", "copy", "--from", "a.db"); code != 2 || !strings.Contains(errOut, "--to") {
		t.Errorf("missing --to: exit %d %s", code, errOut)
	}
	if _, errOut, code := noaber(t, "", "store", "copy", "--from", "etcd", "--to", "etcd"); code != 2 || !strings.Contains(errOut, "same store") {
		t.Errorf("etcd to etcd: exit %d %s", code, errOut)
	}
	src := filepath.Join(dir, "a.db")
	db, err := store.Open(src, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	db.Close()
	if _, errOut, code := noaber(t, "", "store", "copy", "--from", src, "--to", "etcd"); code != 1 || !strings.Contains(errOut, "backend = \"etcd\"") {
		t.Errorf("etcd not configured: exit %d %s", code, errOut)
	}
	if _, errOut, code := noaber(t, "", "store", "copy", "--from", filepath.Join(dir, "none.db"), "--to", filepath.Join(dir, "b.db")); code != 1 || !strings.Contains(errOut, "no database") {
		t.Errorf("missing source: exit %d %s", code, errOut)
	}
}

// TestErasureOnEtcdLeavesNoTraceInTheMemberDatabase is
// TestErasureLeavesNoTraceInTheFile on etcd: after `privacy erase`, the
// member's database file holds neither the user's id nor their question
// (the history is compacted and the member defragmented), nor does the
// next backup.
func TestErasureOnEtcdLeavesNoTraceInTheMemberDatabase(t *testing.T) {
	if testing.Short() {
		t.Skip("starts etcd")
	}
	cluster := etcdtest.Start(t, 1)
	cfg := filepath.Join(t.TempDir(), "noaber.toml")
	if err := os.WriteFile(cfg, []byte(fmt.Sprintf("[store]\nbackend = \"etcd\"\nendpoints = [%q]\n", cluster.Endpoints()[0])), 0o600); err != nil {
		t.Fatal(err)
	}
	if _, errOut, code := noaber(t, "evenement nieuw 12 december 19:30 | Netwerkavond | max 5\n", "chat", "--config", cfg); code != 0 {
		t.Fatalf("create event: %s", errOut)
	}
	if _, errOut, code := noaber(t, "wat is de drempel voor diensten bij xyzzyplugh?\naanmelden 1\n", "chat", "--as", "zorgvuldig7", "--config", cfg); code != 0 {
		t.Fatalf("user: %s", errOut)
	}
	member := cluster.DBFiles()[0]
	// etcd writes its database file in batches (every 100 ms).
	deadline := time.Now().Add(10 * time.Second)
	for len(fileHolds(t, member, "zorgvuldig7", "xyzzyplugh")) != 2 {
		if time.Now().After(deadline) {
			t.Fatalf("precondition: the member database holds %v of the user's data", fileHolds(t, member, "zorgvuldig7", "xyzzyplugh"))
		}
		time.Sleep(50 * time.Millisecond)
	}
	if out, errOut, code := noaber(t, "", "privacy", "erase", "--user", "console:zorgvuldig7", "--yes", "--config", cfg); code != 0 {
		t.Fatalf("erase: %d %s %s", code, out, errOut)
	}
	if found := fileHolds(t, member, "zorgvuldig7", "xyzzyplugh"); len(found) > 0 {
		t.Errorf("after privacy erase the member database still holds %v", found)
	}
	backup := filepath.Join(t.TempDir(), "b.db")
	if _, errOut, code := noaber(t, "", "backup", backup, "--config", cfg); code != 0 {
		t.Fatalf("backup: %s", errOut)
	}
	if found := fileHolds(t, backup, "zorgvuldig7", "xyzzyplugh"); len(found) > 0 {
		t.Errorf("the backup holds %v", found)
	}
}
