package main

import (
	"context"
	"encoding/json"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func waitFor(t *testing.T, out *syncBuffer, want string, within time.Duration) {
	t.Helper()
	deadline := time.Now().Add(within)
	for !strings.Contains(out.String(), want) {
		if time.Now().After(deadline) {
			t.Fatalf("no %q within %v; output:\n%s", want, within, out.String())
		}
		time.Sleep(100 * time.Millisecond)
	}
}

// chatSession runs "noaber chat --db db" with input, keeping stdin open
// until stop is closed (nil: until the input is read).
func chatSession(t *testing.T, db, input string, stop <-chan struct{}) (*syncBuffer, <-chan int) {
	t.Helper()
	pr, pw := io.Pipe()
	out, errOut := &syncBuffer{}, &syncBuffer{}
	code := make(chan int, 1)
	go func() {
		code <- run(context.Background(), []string{"chat", "--db", db}, pr, out, errOut)
		if errOut.String() != "" {
			t.Logf("stderr: %s", errOut.String())
		}
	}()
	go func() {
		io.WriteString(pw, input)
		if stop != nil {
			<-stop
		}
		pw.Close()
	}()
	return out, code
}

// The acceptance check, in real time:
//
//	( printf 'deadline nieuw over 40 seconden | Test | herinner 30s\n'; sleep 25 ) | noaber chat --db D
//
// shows the confirmation and then the reminder; and a reminder that falls
// due while no noaber runs is delivered once at the next start, not again.
func TestDeadlineReminderFromOutside(t *testing.T) {
	if testing.Short() {
		t.Skip("real time: about 12 seconds")
	}
	t.Run("reminder while chatting", func(t *testing.T) {
		t.Parallel()
		db := filepath.Join(t.TempDir(), "d.db")
		stop := make(chan struct{})
		out, code := chatSession(t, db, "deadline nieuw over 40 seconden | Test | herinner 30s\n", stop)
		waitFor(t, out, "Opgeslagen als deadline 1: Test", 30*time.Second) // a loaded CI machine under -race needs more than 5s to start
		waitFor(t, out, "🔔 ⏰ Herinnering: Test (deadline 1) is over 30 seconden", 15*time.Second)
		close(stop)
		if c := <-code; c != 0 {
			t.Fatalf("exit %d", c)
		}
		if n := strings.Count(out.String(), "Herinnering:"); n != 1 {
			t.Errorf("%d reminders:\n%s", n, out)
		}
		var list syncBuffer
		if c := run(context.Background(), []string{"deadlines", "list", "--json", "--db", db}, nil, &list, io.Discard); c != 0 {
			t.Fatalf("deadlines list: exit %d", c)
		}
		var ds []map[string]any
		if err := json.Unmarshal([]byte(list.String()), &ds); err != nil || len(ds) != 1 || ds[0]["title"] != "Test" {
			t.Errorf("deadlines list --json = %s (%v)", list.String(), err)
		}
		ics := filepath.Join(t.TempDir(), "d.ics")
		if c := run(context.Background(), []string{"deadlines", "export", "--ics", ics, "--db", db}, nil, io.Discard, io.Discard); c != 0 {
			t.Fatalf("export: exit %d", c)
		}
		if data, _ := os.ReadFile(ics); !strings.Contains(string(data), "UID:deadline-1@noaber") {
			t.Errorf("export:\n%s", data)
		}
	})
	t.Run("reminder due while down", func(t *testing.T) {
		t.Parallel()
		db := filepath.Join(t.TempDir(), "d.db")
		out, code := chatSession(t, db, "deadline nieuw over 40 seconden | Offline | herinner 36s\n", nil)
		if c := <-code; c != 0 || !strings.Contains(out.String(), "Opgeslagen") {
			t.Fatalf("exit %d:\n%s", c, out)
		}
		if strings.Contains(out.String(), "Herinnering:") {
			t.Fatalf("reminder before its time:\n%s", out)
		}
		time.Sleep(5 * time.Second) // nobody runs noaber when it falls due
		out, code = chatSession(t, db, "", nil)
		if c := <-code; c != 0 {
			t.Fatalf("exit %d", c)
		}
		if n := strings.Count(out.String(), "Herinnering: Offline"); n != 1 {
			t.Fatalf("%d reminders at the next start:\n%s", n, out)
		}
		out, code = chatSession(t, db, "", nil)
		<-code
		if strings.Contains(out.String(), "Herinnering:") {
			t.Errorf("delivered again:\n%s", out)
		}
	})
}

func TestDeadlinesCLIUsage(t *testing.T) {
	var errOut syncBuffer
	if c := run(context.Background(), []string{"deadlines", "export"}, nil, io.Discard, &errOut); c != 2 || !strings.Contains(errOut.String(), "--ics FILE") {
		t.Errorf("exit %d: %s", c, errOut.String())
	}
	errOut = syncBuffer{}
	if c := run(context.Background(), []string{"deadlines", "list", "--db", filepath.Join(t.TempDir(), "none.db")}, nil, io.Discard, &errOut); c != 1 {
		t.Errorf("missing db: exit %d: %s", c, errOut.String())
	}
}
