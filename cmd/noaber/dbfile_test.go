package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestEmptyOrDamagedDatabaseRefusedClearly: a 0-byte file is not replaced
// by a fresh database, and a file cut short stops every command with a
// message naming the file and the restore, not a Go panic.
func TestEmptyOrDamagedDatabaseRefusedClearly(t *testing.T) {
	dir := t.TempDir()
	empty := filepath.Join(dir, "empty.db")
	os.WriteFile(empty, nil, 0o600)
	for _, args := range [][]string{{"chat"}, {"events", "list"}, {"deadlines", "list"}, {"backup", filepath.Join(dir, "b.db")}} {
		_, errOut, code := noaber(t, "hulp\n", append(args, "--db", empty)...)
		if code == 0 || !strings.Contains(errOut, "empty (0 bytes)") || !strings.Contains(errOut, "noaber restore") || strings.Contains(errOut, "goroutine") {
			t.Errorf("%v on a 0-byte file: exit %d\n%s", args, code, errOut)
		}
	}
	if st, _ := os.Stat(empty); st.Size() != 0 {
		t.Errorf("the 0-byte file was replaced (%d bytes)", st.Size())
	}

	good := filepath.Join(dir, "good.db")
	if _, errOut, code := noaber(t, "evenement nieuw 12 december 19:30 | Netwerkavond | max 2\n", "chat", "--db", good); code != 0 {
		t.Fatalf("chat: %d %s", code, errOut)
	}
	data, _ := os.ReadFile(good)
	cut := filepath.Join(dir, "cut.db")
	os.WriteFile(cut, data[:3*4096], 0o600)
	for _, args := range [][]string{{"chat"}, {"events", "list"}, {"privacy", "export", "--user", "console:x"}} {
		_, errOut, code := noaber(t, "hulp\n", append(args, "--db", cut)...)
		if code == 0 || !strings.Contains(errOut, "damaged") || !strings.Contains(errOut, cut) || strings.Contains(errOut, "goroutine") {
			t.Errorf("%v on a truncated file: exit %d\n%s", args, code, errOut)
		}
	}
}

// TestUnwritableAdminFileDoesNotStopTheBot: the admin file next to the
// database cannot be written (here a directory is in its place); the bot
// runs on and warns.
func TestUnwritableAdminFileDoesNotStopTheBot(t *testing.T) {
	db := filepath.Join(t.TempDir(), "x.db")
	if err := os.Mkdir(adminFile(db), 0o700); err != nil {
		t.Fatal(err)
	}
	out, errOut, code := noaber(t, "hulp\n", "chat", "--db", db)
	if code != 0 || !strings.Contains(out, "hulp") {
		t.Fatalf("chat stopped: exit %d\n%s\n%s", code, out, errOut)
	}
}
