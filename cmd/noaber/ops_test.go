package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/noaber/noaber/bot/store"
)

// lockedBuffer is a bytes.Buffer safe for a command running in a goroutine.
type lockedBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *lockedBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

// opsRun runs the command line in-process and returns its exit code and
// output.
func opsRun(t *testing.T, stdin string, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	var out, errb lockedBuffer
	code = run(context.Background(), args, strings.NewReader(stdin), &out, &errb)
	return code, out.String(), errb.String()
}

func freePort(t *testing.T) int {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	return ln.Addr().(*net.TCPAddr).Port
}

// opsConfig writes a configuration with no chat platform, the HTTP
// listener on a free loopback port, and the database in dir.
func opsConfig(t *testing.T, dir, extra string) (cfgPath, dbPath, base string) {
	t.Helper()
	dbPath = filepath.Join(dir, "data", "noaber.db")
	port := freePort(t)
	cfgPath = filepath.Join(dir, "noaber.toml")
	cfg := fmt.Sprintf("[bot]\ndb = %q\n\n[http]\nlisten = \"127.0.0.1:%d\"\n\n[console]\nfiles_dir = %q\n%s", dbPath, port, filepath.Join(dir, "files"), extra)
	if err := os.WriteFile(cfgPath, []byte(cfg), 0o600); err != nil {
		t.Fatal(err)
	}
	return cfgPath, dbPath, fmt.Sprintf("http://127.0.0.1:%d", port)
}

func get(t *testing.T, url string) (int, string) {
	t.Helper()
	resp, err := http.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(body)
}

// TestServeOperations runs `noaber serve` without chat platforms and uses
// it from outside as an operator would: health, readiness, metrics, a
// backup while it runs, and a data-subject request before and after
// erasure.
func TestServeOperations(t *testing.T) {
	dir := t.TempDir()
	cfgPath, dbPath, base := opsConfig(t, dir, "")

	// Some data first: the operator grants alice a role, alice chats.
	if code, out, errs := opsRun(t, "rol geef console:alice organisator\n", "chat", "--config", cfgPath); code != 0 || !strings.Contains(out, "organiser") {
		t.Fatalf("grant: %d %q %q", code, out, errs)
	}
	if code, out, errs := opsRun(t, "taal en\nmy data\n", "chat", "--as", "alice", "--config", cfgPath); code != 0 || !strings.Contains(out, "This is what I keep about you") {
		t.Fatalf("alice: %d %q %q", code, out, errs)
	}

	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	var serveOut, serveErr lockedBuffer
	done := make(chan int, 1)
	go func() {
		done <- run(ctx, []string{"serve", "--config", cfgPath}, strings.NewReader(""), &serveOut, &serveErr)
	}()

	deadline := time.Now().Add(60 * time.Second) // generous: a loaded machine is slow, not wrong
	for {
		resp, err := http.Get(base + "/healthz")
		if err == nil {
			resp.Body.Close()
			if resp.StatusCode == 200 {
				break
			}
		}
		select {
		case code := <-done:
			t.Fatalf("serve exited with %d: %s", code, serveErr.String())
		default:
		}
		if time.Now().After(deadline) {
			t.Fatalf("serve did not become healthy: %s", serveErr.String())
		}
		time.Sleep(20 * time.Millisecond)
	}

	if code, body := get(t, base+"/readyz"); code != 200 || !strings.Contains(body, `"ready":true`) || !strings.Contains(body, `"store":"ok"`) {
		t.Errorf("readyz: %d %s", code, body)
	}
	code, body := get(t, base+"/metrics")
	if code != 200 {
		t.Fatalf("metrics: %d", code)
	}
	for _, name := range []string{"noaber_messages_in_total", "noaber_messages_out_total", "noaber_handle_seconds_bucket", "noaber_outbox_depth", "noaber_outbox_oldest_seconds", "go_goroutines"} {
		if !strings.Contains(body, "\n"+name) {
			t.Errorf("metrics lack %s", name)
		}
	}
	if !strings.Contains(body, `noaber_messages_in_total{adapter="console",capability="privacy"}`) {
		t.Errorf("the privacy request is not counted per adapter and capability:\n%s", grep(body, "noaber_messages_in_total"))
	}
	// The admin listener is not on the public listener.
	if resp, err := http.Post(base+"/admin/backup", "", nil); err == nil {
		if resp.StatusCode != 404 && resp.StatusCode != 405 {
			t.Errorf("admin endpoint reachable on the HTTP listener: %s", resp.Status)
		}
		resp.Body.Close()
	}

	// A backup while the bot holds the lock.
	backup := filepath.Join(dir, "backups", "b1.db")
	os.MkdirAll(filepath.Dir(backup), 0o700)
	code, out, errs := opsRun(t, "", "backup", backup, "--config", cfgPath)
	if code != 0 || !strings.Contains(out, "from the running bot") {
		t.Fatalf("backup while running: %d %q %q", code, out, errs)
	}
	b, err := store.Open(backup, store.Options{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	if err := b.Check(); err != nil {
		t.Errorf("backup fails the consistency check: %v", err)
	}
	dump, _ := store.Dump(b)
	b.Close()
	if !strings.Contains(dump["role_grants/console:alice"], "organiser") {
		t.Errorf("backup lacks alice's role grant: %v", dump)
	}
	if m, _ := filepath.Glob(filepath.Join(dir, "backups", ".*tmp*")); len(m) > 0 {
		t.Errorf("temporary files left: %v", m)
	}

	// Access request, then erasure, through the running bot.
	code, out, errs = opsRun(t, "", "privacy", "export", "--user", "console:alice", "--config", cfgPath)
	if code != 0 || !strings.Contains(out, `"roles_granted"`) || !strings.Contains(out, `"last_lang"`) && !strings.Contains(out, `"lang"`) {
		t.Fatalf("export while running: %d %q %q", code, out, errs)
	}
	code, out, errs = opsRun(t, "", "privacy", "erase", "--user", "console:alice", "--config", cfgPath)
	if code != 0 || !strings.Contains(out, "nothing erased") {
		t.Fatalf("erase without confirmation: %d %q %q", code, out, errs)
	}
	code, out, errs = opsRun(t, "yes\n", "privacy", "erase", "--user", "console:alice", "--config", cfgPath)
	if code != 0 || !strings.Contains(out, "erased") || !strings.Contains(out, "roles (roles)") {
		t.Fatalf("erase: %d %q %q", code, out, errs)
	}
	code, out, errs = opsRun(t, "", "privacy", "export", "--user", "console:alice", "--config", cfgPath)
	if code != 0 || out != "" || !strings.Contains(errs, "holds nothing") {
		t.Fatalf("export after erase: %d %q %q", code, out, errs)
	}

	info, err := os.ReadFile(adminFile(dbPath))
	if err != nil {
		t.Fatalf("no admin file while running: %v", err)
	}
	var ai adminInfo
	_ = json.Unmarshal(info, &ai)
	cancel()
	select {
	case code := <-done:
		if code != 0 {
			t.Errorf("serve exited with %d: %s", code, serveErr.String())
		}
	case <-time.After(60 * time.Second):
		t.Fatal("serve did not stop")
	}
	if ai.Token == "" || strings.Contains(serveErr.String()+serveOut.String(), ai.Token) {
		t.Error("the admin token is missing or was logged")
	}
	if _, err := os.Stat(adminFile(dbPath)); !os.IsNotExist(err) {
		t.Errorf("admin file left after shutdown: %v", err)
	}

	// In chat, with the bot stopped: "vergeet mij", confirm, and the
	// operator's export finds nothing.
	if code, out, errs := opsRun(t, "evenement nieuw over 3 dagen 19:30 | Buurtavond | max 1\n", "chat", "--config", cfgPath); code != 0 || !strings.Contains(out, "#1") {
		t.Fatalf("operator creates an event: %d %q %q", code, out, errs)
	}
	if code, out, errs := opsRun(t, "hallo, wat is maatschappelijk aanbesteden\naanmelden 1\nvergeet mij\n1\n", "chat", "--as", "bob", "--config", cfgPath); code != 0 || !strings.Contains(out, "Klaar.") || !strings.Contains(out, "aanmeldingen en evenementen: 1") {
		t.Fatalf("bob forgets: %d %q %q", code, out, errs)
	}
	code, out, errs = opsRun(t, "", "privacy", "export", "--user", "console:bob", "--config", cfgPath)
	if code != 0 || out != "" || !strings.Contains(errs, "holds nothing") {
		t.Fatalf("export after vergeet mij: %d %q %q", code, out, errs)
	}
}

func grep(s, sub string) string {
	var out []string
	for _, l := range strings.Split(s, "\n") {
		if strings.Contains(l, sub) {
			out = append(out, l)
		}
	}
	return strings.Join(out, "\n")
}

func TestBackupRestoreCompactOffline(t *testing.T) {
	dir := t.TempDir()
	cfgPath, dbPath, _ := opsConfig(t, dir, "")
	if code, _, errs := opsRun(t, "rol geef console:carol ambtenaar\n", "chat", "--config", cfgPath); code != 0 {
		t.Fatal(errs)
	}
	backup := filepath.Join(dir, "b.db")
	if code, out, errs := opsRun(t, "", "backup", backup, "--config", cfgPath); code != 0 || !strings.Contains(out, "from the file") {
		t.Fatalf("offline backup: %d %q %q", code, out, errs)
	}
	if code, _, errs := opsRun(t, "backup", "backup", dbPath, "--config", cfgPath); code != 2 {
		t.Errorf("backup onto the database itself: %d %q", code, errs)
	}
	// Change the live database after the backup.
	if code, _, errs := opsRun(t, "rol intrekken console:carol ambtenaar\nrol geef console:dave beheerder\n", "chat", "--config", cfgPath); code != 0 {
		t.Fatal(errs)
	}

	// Restore refuses while the database is in use.
	db, err := store.Open(dbPath, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	code, _, errs := opsRun(t, "", "restore", backup, "--config", cfgPath)
	db.Close()
	if code != 1 || !strings.Contains(errs, "in use") || !strings.Contains(errs, "stop noaber") {
		t.Errorf("restore while in use: %d %q", code, errs)
	}
	// A broken backup is refused.
	junk := filepath.Join(dir, "junk.db")
	os.WriteFile(junk, bytes.Repeat([]byte("x"), 8192), 0o600)
	if code, _, errs := opsRun(t, "", "restore", junk, "--config", cfgPath); code != 1 || !strings.Contains(errs, "nothing was changed") {
		t.Errorf("restore of junk: %d %q", code, errs)
	}

	code, out, errs := opsRun(t, "", "restore", backup, "--config", cfgPath)
	if code != 0 || !strings.Contains(out, "kept at") {
		t.Fatalf("restore: %d %q %q", code, out, errs)
	}
	db, err = store.Open(dbPath, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	d, _ := store.Dump(db)
	db.Close()
	if !strings.Contains(d["role_grants/console:carol"], "official") || d["role_grants/console:dave"] != "" {
		t.Errorf("restored database is not the backup: %v", d)
	}
	if m, _ := filepath.Glob(dbPath + ".before-restore-*"); len(m) != 1 {
		t.Errorf("previous database not kept aside: %v", m)
	}

	// Compact: the data survives, the file passes the check.
	code, out, errs = opsRun(t, "", "compact", "--keep-old", "--config", cfgPath)
	if code != 0 || !strings.Contains(out, "compacted") {
		t.Fatalf("compact: %d %q %q", code, out, errs)
	}
	if err := verifyDB(dbPath); err != nil {
		t.Fatal(err)
	}
	db, _ = store.Open(dbPath, store.Options{})
	d2, _ := store.Dump(db)
	db.Close()
	if d2["role_grants/console:carol"] != d["role_grants/console:carol"] {
		t.Error("compaction lost data")
	}
	if _, err := os.Stat(dbPath + ".before-compact"); err != nil {
		t.Errorf("--keep-old: %v", err)
	}
	// Compact refuses while in use.
	db, _ = store.Open(dbPath, store.Options{})
	code, _, errs = opsRun(t, "", "compact", "--config", cfgPath)
	db.Close()
	if code != 1 || !strings.Contains(errs, "stop noaber") {
		t.Errorf("compact while in use: %d %q", code, errs)
	}
	// Backup while in use by a process without admin listener: clear error.
	db, _ = store.Open(dbPath, store.Options{})
	code, _, errs = opsRun(t, "", "backup", filepath.Join(dir, "b2.db"), "--config", cfgPath)
	db.Close()
	if code != 1 || !strings.Contains(errs, "no admin listener") {
		t.Errorf("backup with the lock held and no admin: %d %q", code, errs)
	}
}

func TestAdminEndpointGuard(t *testing.T) {
	dir := t.TempDir()
	cfgPath, _, _ := opsConfig(t, dir, "")
	e := newEnv(commands["serve"], []string{"--config", cfgPath}, nil, io.Discard, io.Discard)
	e.Parse()
	cfg, err := e.Config()
	if err != nil {
		t.Fatal(err)
	}
	a, err := newApp(cfg, newLogger(cfg, io.Discard, 0), nil)
	if err != nil {
		t.Fatal(err)
	}
	defer a.Close()
	h := a.adminHandler("s3cret")
	for _, tc := range []struct {
		name, remote, auth, path string
		want                     int
	}{
		{"no token", "127.0.0.1:5555", "", "/admin/backup", 401},
		{"wrong token", "127.0.0.1:5555", "Bearer nope", "/admin/backup", 401},
		{"remote peer", "192.0.2.7:5555", "Bearer s3cret", "/admin/backup", 403},
		{"bad user", "[::1]:5555", "Bearer s3cret", "/admin/privacy/export?user=alice", 400},
		{"ok", "[::1]:5555", "Bearer s3cret", "/admin/privacy/export?user=discord:1", 204},
		{"ok backup", "127.0.0.1:5555", "Bearer s3cret", "/admin/backup", 200},
	} {
		t.Run(tc.name, func(t *testing.T) {
			req := httptest.NewRequest("POST", tc.path, nil)
			req.RemoteAddr = tc.remote
			if tc.auth != "" {
				req.Header.Set("Authorization", tc.auth)
			}
			rec := httptest.NewRecorder()
			h.ServeHTTP(rec, req)
			if rec.Code != tc.want {
				t.Errorf("status %d, want %d: %s", rec.Code, tc.want, rec.Body.String())
			}
		})
	}
}

func TestRotateBackups(t *testing.T) {
	dir := t.TempDir()
	t0 := time.Date(2026, 1, 1, 3, 0, 0, 0, time.UTC)
	for i := range 5 {
		os.WriteFile(filepath.Join(dir, backupName(t0.Add(time.Duration(i)*24*time.Hour))), nil, 0o600)
	}
	os.WriteFile(filepath.Join(dir, "other.db"), nil, 0o600)
	if n, err := rotateBackups(dir, 2); n != 3 || err != nil {
		t.Fatalf("removed %d, %v", n, err)
	}
	left, _ := filepath.Glob(filepath.Join(dir, "*"))
	if len(left) != 3 || !strings.HasSuffix(left[1], backupName(t0.Add(4*24*time.Hour))) && !strings.HasSuffix(left[0], backupName(t0.Add(4*24*time.Hour))) {
		t.Errorf("left %v", left)
	}
}

func TestVersionAndConfigCheck(t *testing.T) {
	code, out, _ := opsRun(t, "", "version")
	if code != 0 || !strings.HasPrefix(out, "noaber ") || !strings.Contains(out, "go1.") {
		t.Errorf("version: %d %q", code, out)
	}
	dir := t.TempDir()
	cfgPath, _, _ := opsConfig(t, dir, "\n[limits]\nmessages_per_minute = 30\n\n[privacy]\ndialogues = \"14d\"\n\n[backup]\ndir = \"/tmp/x\"\nkeep = 3\n")
	if code, out, errs := opsRun(t, "", "config", "check", cfgPath); code != 0 || errs != "" || !strings.Contains(out, ": ok") {
		t.Errorf("config check of a private file: %d %q %q", code, out, errs)
	}
	os.Chmod(cfgPath, 0o644)
	if code, _, errs := opsRun(t, "", "config", "check", cfgPath); code != 0 || !strings.Contains(errs, "chmod 600") {
		t.Errorf("no warning for a world-readable config: %d %q", code, errs)
	}
	for extra, key := range map[string]string{
		"\n[admin]\nlisten = \"0.0.0.0:9000\"\n": "admin.listen",
		"\n[privacy]\ndialogues = \"1h\"\n":      "privacy.dialogues",
		"\n[backup]\nkeep = -1\n":                "backup.keep",
	} {
		p, _, _ := opsConfig(t, t.TempDir(), extra)
		if code, _, errs := opsRun(t, "", "config", "check", p); code != 1 || !strings.Contains(errs, key) {
			t.Errorf("%q: %d %q, want an error naming %s", extra, code, errs, key)
		}
	}
}
