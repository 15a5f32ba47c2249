package main

import (
	"github.com/noaber/noaber/bot/calendar/calendartest"

	"context"
	"encoding/json"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/noaber/noaber/bot/clock"
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
func chatSession(t *testing.T, clk clock.Clock, db, input string, stop <-chan struct{}) (*syncBuffer, <-chan int) {
	t.Helper()
	pr, pw := io.Pipe()
	out, errOut := &syncBuffer{}, &syncBuffer{}
	code := make(chan int, 1)
	go func() {
		code <- runAt(context.Background(), clk, []string{"chat", "--db", db}, pr, out, errOut)
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

// advanceUntil moves clk forward a second at a time until out shows want
// (at most max of fake time). Small steps, not one jump: a loop that
// registers its timer just after a jump would otherwise sleep on.
func advanceUntil(t *testing.T, clk *clock.Fake, out *syncBuffer, want string, max time.Duration) {
	t.Helper()
	for moved := time.Duration(0); !strings.Contains(out.String(), want); moved += time.Second {
		if moved > max {
			t.Fatalf("no %q after %v of fake time; output:\n%s", want, max, out.String())
		}
		clk.Advance(time.Second)
		time.Sleep(20 * time.Millisecond)
	}
}

// The acceptance check:
//
//	( printf 'deadline nieuw over 40 seconden | Test | herinner 30s\n'; sleep 25 ) | noaber chat --db D
//
// shows the confirmation and then the reminder; and a reminder that falls
// due while no noaber runs is delivered once at the next start, not again.
// On a fake clock: under load the real-time version flaked (a reminder 4 s
// after creation fell due before the first session had ended).
func TestDeadlineReminderFromOutside(t *testing.T) {
	clk := clock.NewFake(time.Date(2026, 11, 25, 10, 0, 0, 0, clock.Amsterdam))
	t.Run("reminder while chatting", func(t *testing.T) {
		db := filepath.Join(t.TempDir(), "d.db")
		stop := make(chan struct{})
		out, code := chatSession(t, clk, db, "deadline nieuw over 40 seconden | Test | herinner 30s\n", stop)
		waitFor(t, out, "Opgeslagen als deadline 1: Test", 60*time.Second)
		advanceUntil(t, clk, out, "🔔 ⏰ Herinnering: Test (deadline 1) is over 30 seconden", time.Minute)
		close(stop)
		if c := <-code; c != 0 {
			t.Fatalf("exit %d", c)
		}
		if n := strings.Count(out.String(), "Herinnering:"); n != 1 {
			t.Errorf("%d reminders:\n%s", n, out)
		}
		var list syncBuffer
		if c := runAt(context.Background(), clk, []string{"deadlines", "list", "--json", "--db", db}, nil, &list, io.Discard); c != 0 {
			t.Fatalf("deadlines list: exit %d", c)
		}
		var ds []map[string]any
		if err := json.Unmarshal([]byte(list.String()), &ds); err != nil || len(ds) != 1 || ds[0]["title"] != "Test" {
			t.Errorf("deadlines list --json = %s (%v)", list.String(), err)
		}
		ics := filepath.Join(t.TempDir(), "d.ics")
		if c := runAt(context.Background(), clk, []string{"deadlines", "export", "--ics", ics, "--db", db}, nil, io.Discard, io.Discard); c != 0 {
			t.Fatalf("export: exit %d", c)
		}
		data, _ := os.ReadFile(ics)
		if !strings.Contains(string(data), "UID:deadline-1-") {
			t.Errorf("export without the database's UID namespace:\n%s", data)
		}
		calendartest.Validate(t, data)
	})
	t.Run("reminder due while down", func(t *testing.T) {
		db := filepath.Join(t.TempDir(), "d.db")
		out, code := chatSession(t, clk, db, "deadline nieuw over 40 seconden | Offline | herinner 36s\n", nil)
		if c := <-code; c != 0 || !strings.Contains(out.String(), "Opgeslagen") {
			t.Fatalf("exit %d:\n%s", c, out)
		}
		if strings.Contains(out.String(), "Herinnering:") {
			t.Fatalf("reminder before its time:\n%s", out)
		}
		clk.Advance(5 * time.Second) // nobody runs noaber when it falls due
		out, code = chatSession(t, clk, db, "", nil)
		if c := <-code; c != 0 {
			t.Fatalf("exit %d", c)
		}
		if n := strings.Count(out.String(), "Herinnering: Offline"); n != 1 {
			t.Fatalf("%d reminders at the next start:\n%s", n, out)
		}
		out, code = chatSession(t, clk, db, "", nil)
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

// The console writes a deadline's calendar file into a private folder next
// to the database, not into a folder shared by every process.
func TestAttachmentsNextToDatabase(t *testing.T) {
	db := filepath.Join(t.TempDir(), "d.db")
	var out syncBuffer
	in := strings.NewReader("deadline nieuw over 2 weken | Bestand\ndeadline 1\n")
	if c := run(context.Background(), []string{"chat", "--db", db}, in, &out, io.Discard); c != 0 {
		t.Fatalf("exit %d:\n%s", c, out.String())
	}
	want := filepath.Join(db+".files", "deadline-1.ics")
	if !strings.Contains(out.String(), want) {
		t.Fatalf("no %s in:\n%s", want, out.String())
	}
	fi, err := os.Stat(db + ".files")
	if err != nil || fi.Mode().Perm() != 0o700 {
		t.Fatalf("folder: %v %v", fi, err)
	}
	data, _ := os.ReadFile(want)
	calendartest.Validate(t, data)
}
