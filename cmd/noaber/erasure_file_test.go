package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// fileHolds reports whether the raw bytes of path contain any of words.
func fileHolds(t *testing.T, path string, words ...string) []string {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var found []string
	for _, w := range words {
		if bytes.Contains(data, []byte(w)) {
			found = append(found, w)
		}
	}
	return found
}

// seedUser gives user zorgvuldig7 a question, a sign-up and a language in
// a fresh database and returns its path.
func seedUser(t *testing.T) string {
	t.Helper()
	db := filepath.Join(t.TempDir(), "x.db")
	if _, errOut, code := noaber(t, "evenement nieuw 12 december 19:30 | Netwerkavond | max 5\n", "chat", "--db", db); code != 0 {
		t.Fatalf("create event: %s", errOut)
	}
	if _, errOut, code := noaber(t, "wat is de drempel voor diensten bij xyzzyplugh?\naanmelden 1\n", "chat", "--as", "zorgvuldig7", "--db", db); code != 0 {
		t.Fatalf("user: %s", errOut)
	}
	if found := fileHolds(t, db, "zorgvuldig7", "xyzzyplugh"); len(found) != 2 {
		t.Fatalf("precondition: the file holds %v of the user's data", found)
	}
	return db
}

// TestErasureLeavesNoTraceInTheFile scans the raw database file and the
// next backup for the erased user's id and question, after `privacy
// erase` with the bot stopped and after `vergeet mij` in chat.
func TestErasureLeavesNoTraceInTheFile(t *testing.T) {
	t.Run("privacy erase", func(t *testing.T) {
		db := seedUser(t)
		if out, errOut, code := noaber(t, "", "privacy", "erase", "--user", "console:zorgvuldig7", "--yes", "--db", db); code != 0 {
			t.Fatalf("erase: %d %s %s", code, out, errOut)
		}
		if found := fileHolds(t, db, "zorgvuldig7", "xyzzyplugh"); len(found) > 0 {
			t.Errorf("after privacy erase the file still holds %v", found)
		}
		backup := filepath.Join(t.TempDir(), "b.db")
		if _, errOut, code := noaber(t, "", "backup", backup, "--db", db); code != 0 {
			t.Fatalf("backup: %s", errOut)
		}
		if found := fileHolds(t, backup, "zorgvuldig7", "xyzzyplugh"); len(found) > 0 {
			t.Errorf("the backup holds %v", found)
		}
	})
	t.Run("vergeet mij", func(t *testing.T) {
		db := seedUser(t)
		out, errOut, code := noaber(t, "vergeet mij\n1\n", "chat", "--as", "zorgvuldig7", "--db", db)
		if code != 0 || !strings.Contains(out, "Ik heb gewist") {
			t.Fatalf("vergeet mij: %d\n%s\n%s", code, out, errOut)
		}
		if found := fileHolds(t, db, "zorgvuldig7", "xyzzyplugh"); len(found) > 0 {
			t.Errorf("after vergeet mij the file still holds %v", found)
		}
	})
}
