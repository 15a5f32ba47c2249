package main

import (
	"bytes"
	"context"
	"flag"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/noaber/noaber/bot/ask"
	"github.com/noaber/noaber/bot/check"
	"github.com/noaber/noaber/bot/clock"
	"time"
)

// TestMain lets tests run the real command in a child process: with
// NOABER_MAIN=1 the test binary behaves as `noaber`.
func TestMain(m *testing.M) {
	if os.Getenv("NOABER_MAIN") == "1" {
		main()
		return
	}
	os.Exit(m.Run())
}

// noaber runs the command in this process and returns its output and exit code.
func noaber(t *testing.T, stdin string, args ...string) (stdout, stderr string, code int) {
	t.Helper()
	return noaberAt(t, clock.Real{}, stdin, args...)
}

// noaberAt is noaber on the clock clk.
func noaberAt(t *testing.T, clk clock.Clock, stdin string, args ...string) (stdout, stderr string, code int) {
	t.Helper()
	var out, errb bytes.Buffer
	code = runAt(context.Background(), clk, args, strings.NewReader(stdin), &out, &errb)
	return out.String(), errb.String(), code
}

// child starts the command as a separate process.
func child(t *testing.T, args ...string) *exec.Cmd {
	t.Helper()
	cmd := exec.Command(os.Args[0], args...)
	cmd.Env = append(os.Environ(), "NOABER_MAIN=1", "XDG_DATA_HOME="+t.TempDir())
	return cmd
}

func TestHelpForEveryCommand(t *testing.T) {
	out, _, code := noaber(t, "", "--help")
	if code != 0 || !strings.Contains(out, "Commands:") || !strings.Contains(out, "config check") {
		t.Fatalf("--help: %d\n%s", code, out)
	}
	for name := range commands {
		args := append(strings.Fields(name), "--help")
		out, errOut, code := noaber(t, "", args...)
		if code != 0 || !strings.Contains(out, "Usage: noaber "+name) || !strings.Contains(out, "-db") {
			t.Errorf("%s --help: exit %d\n%s%s", name, code, out, errOut)
		}
	}
	if _, errOut, code := noaber(t, "", "frobnicate"); code != 2 || !strings.Contains(errOut, "unknown command") {
		t.Errorf("unknown command: %d %s", code, errOut)
	}
	if _, errOut, code := noaber(t, "", "chat", "--nope"); code != 2 || !strings.Contains(errOut, "-nope") {
		t.Errorf("unknown flag: %d %s", code, errOut)
	}
}

func TestVersion(t *testing.T) {
	out, _, code := noaber(t, "", "version")
	if code != 0 || !strings.HasPrefix(out, "noaber ") || !strings.Contains(out, "go1.") {
		t.Errorf("version: %d %q", code, out)
	}
}

func TestChatAnswersInTheUsersLanguage(t *testing.T) {
	db := filepath.Join(t.TempDir(), "x.db")
	out, errOut, code := noaber(t, "hulp\n", "chat", "--db", db)
	if code != 0 || !strings.Contains(out, "Dit kan ik voor je doen") {
		t.Fatalf("hulp: exit %d\n%s%s", code, out, errOut)
	}
	// A new user who types "help" is answered in English; one word does not
	// switch a user who wrote Dutch before.
	out, _, code = noaber(t, "help\n", "chat", "--db", db, "--as", "bob")
	if code != 0 || !strings.Contains(out, "This is what I can do") {
		t.Fatalf("help: exit %d\n%s", code, out)
	}
	out, _, code = noaber(t, "help\n", "chat", "--db", db)
	if code != 0 || !strings.Contains(out, "Dit kan ik voor je doen") {
		t.Fatalf("help after hulp: exit %d\n%s", code, out)
	}
	if errOut != "" {
		t.Errorf("chat wrote to stderr: %s", errOut)
	}
}

func TestSecondProcessOnSameDatabaseFailsClearly(t *testing.T) {
	db := filepath.Join(t.TempDir(), "x.db")
	first := child(t, "chat", "--db", db)
	stdin, err := first.StdinPipe()
	if err != nil {
		t.Fatal(err)
	}
	firstOut := &syncBuffer{}
	first.Stdout = firstOut
	if err := first.Start(); err != nil {
		t.Fatal(err)
	}
	defer first.Process.Kill()
	// Wait until the first process holds the database (it answers).
	stdin.Write([]byte("hulp\n"))
	deadline := time.Now().Add(60 * time.Second) // generous: a loaded machine is slow, not wrong
	for !strings.Contains(firstOut.String(), "hulp") && time.Now().Before(deadline) {
		time.Sleep(20 * time.Millisecond)
	}

	second := child(t, "chat", "--db", db)
	second.Stdin = strings.NewReader("hulp\n")
	start := time.Now()
	out, err := second.CombinedOutput()
	if err == nil {
		t.Fatalf("second process succeeded:\n%s", out)
	}
	if !strings.Contains(string(out), "in use by another process") {
		t.Errorf("message: %s", out)
	}
	if d := time.Since(start); d > 10*time.Second {
		t.Errorf("took %v", d)
	}
	// The first keeps working, then ends cleanly at the end of its input.
	stdin.Write([]byte("help\n"))
	stdin.Close()
	if err := first.Wait(); err != nil {
		t.Fatalf("first process: %v", err)
	}
	if strings.Count(firstOut.String(), "Dit kan ik voor je doen") != 2 {
		t.Errorf("first process stopped answering:\n%s", firstOut.String())
	}
}

func TestConfigCheck(t *testing.T) {
	if out, errOut, code := noaber(t, "", "config", "check", filepath.Join("..", "..", "config.example.toml")); code != 0 {
		t.Fatalf("example: %d %s %s", code, out, errOut)
	}
	dir := t.TempDir()
	for name, body := range map[string]string{
		"type.toml":    "[bot]\nmax_message_len = \"lots\"\n",
		"unknown.toml": "[bot]\nlanguage = \"nl\"\n",
	} {
		p := filepath.Join(dir, name)
		os.WriteFile(p, []byte(body), 0o600)
		_, errOut, code := noaber(t, "", "config", "check", p)
		if code == 0 || !strings.Contains(errOut, "bot.") || !strings.Contains(errOut, ":2:") {
			t.Errorf("%s: exit %d, %q", name, code, errOut)
		}
	}
	if _, _, code := noaber(t, "", "config", "check"); code != 2 {
		t.Errorf("no file: exit %d", code)
	}
}

var update = flag.Bool("update", false, "rewrite the golden transcripts")

// TestTranscripts runs each testdata/transcripts/*.txt: a first line
// "args: …" (the command line), the input lines, a line "----", then the
// exact expected output. Run with -update to rewrite the expectations after
// a deliberate change, and read the diff.
func TestTranscripts(t *testing.T) {
	// A fixed date, so answers that depend on "today" (thresholds valid now,
	// upcoming deadlines) do not change with the calendar.
	clk := clock.NewFake(time.Date(2026, 11, 25, 10, 0, 0, 0, clock.Amsterdam))
	files, _ := filepath.Glob(filepath.Join("testdata", "transcripts", "*.txt"))
	if len(files) == 0 {
		t.Fatal("no transcripts")
	}
	for _, f := range files {
		t.Run(filepath.Base(f), func(t *testing.T) {
			data, err := os.ReadFile(f)
			if err != nil {
				t.Fatal(err)
			}
			head, want, ok := strings.Cut(string(data), "\n----\n")
			if !ok {
				t.Fatalf("%s: no ---- line", f)
			}
			argLine, input, _ := strings.Cut(head, "\n")
			args := strings.Fields(strings.TrimPrefix(argLine, "args:"))
			db := filepath.Join(t.TempDir(), "t.db")
			var out strings.Builder
			// Each "args:" block in the input starts a new process on the same database.
			for i, part := range strings.Split(input, "\nargs:") {
				if i > 0 {
					line, rest, _ := strings.Cut(part, "\n")
					args, part = strings.Fields(line), rest
				}
				got, errOut, code := noaberAt(t, clk, strings.TrimPrefix(part, "\n")+"\n", append(args, "--db", db)...)
				if code != 0 {
					t.Fatalf("exit %d: %s", code, errOut)
				}
				out.WriteString(got)
			}
			if *update {
				os.WriteFile(f, []byte(head+"\n----\n"+out.String()), 0o644)
				return
			}
			if out.String() != want {
				t.Errorf("%s: output differs (run with -update to accept)\n--- got\n%s\n--- want\n%s", f, out.String(), want)
			}
		})
	}
}

// syncBuffer is a bytes.Buffer safe to read while a child process writes.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// TestDialogueSurvivesKill: a check interrupted by SIGKILL resumes at the
// same question in the next process.
func TestDialogueSurvivesKill(t *testing.T) {
	db := filepath.Join(t.TempDir(), "x.db")
	first := child(t, "chat", "--db", db)
	stdin, err := first.StdinPipe()
	if err != nil {
		t.Fatal(err)
	}
	out := &syncBuffer{}
	first.Stdout = out
	if err := first.Start(); err != nil {
		t.Fatal(err)
	}
	// 1: a public contract; 3: services.
	stdin.Write([]byte("check aanbestedingsplicht\n1\n3\n"))
	deadline := time.Now().Add(60 * time.Second) // generous: a loaded machine is slow, not wrong
	for !strings.Contains(out.String(), "Vraag 3.") {
		if time.Now().After(deadline) {
			first.Process.Kill()
			t.Fatalf("no second question:\n%s", out.String())
		}
		time.Sleep(20 * time.Millisecond)
	}
	if err := first.Process.Kill(); err != nil { // SIGKILL: no clean shutdown
		t.Fatal(err)
	}
	first.Wait()

	got, errOut, code := noaber(t, "1\n", "chat", "--db", db)
	if code != 0 || !strings.Contains(got, "Vraag 4.") || strings.Contains(got, "Vraag 1.") {
		t.Fatalf("after restart (exit %d):\n%s%s", code, got, errOut)
	}
}

// TestPrivacyRequestInterruptsACheck: "vergeet mij" in the middle of a check
// is a data-subject request, not an answer; the check then goes on.
func TestPrivacyRequestInterruptsACheck(t *testing.T) {
	db := filepath.Join(t.TempDir(), "x.db")
	out, errOut, code := noaber(t, "check aanbestedingsplicht\nvergeet mij\nopdracht\n", "chat", "--as", "ann", "--db", db)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	if !strings.Contains(out, "Weet je het zeker?") || strings.Contains(out, "niet lezen") {
		t.Errorf("privacy request was read as an answer:\n%s", out)
	}
	if !strings.Contains(out, "Vraag 2.") {
		t.Errorf("the check did not go on:\n%s", out)
	}
}

// TestAnswerHintsPointToRealTools: every "Tip: typ check …" or "termijn …"
// that answers suggest works in the wired bot.
func TestAnswerHintsPointToRealTools(t *testing.T) {
	// The checks come from the rule files' hint_tags: each tip names a
	// loaded check by construction, so every loaded check is started.
	set, err := check.Config{}.Checks()
	if err != nil {
		t.Fatal(err)
	}
	var checks []string
	for _, ch := range set.Checks() {
		checks = append(checks, ch.ID)
	}
	terms := ask.HintTerms()
	var in strings.Builder
	for _, c := range checks {
		in.WriteString("check " + c + "\nstop\n")
	}
	terms = slices.Compact(slices.Sorted(slices.Values(terms)))
	for _, k := range terms {
		in.WriteString("termijn 16-3-2026 " + k + "\n")
	}
	out, errOut, code := noaber(t, in.String(), "chat", "--db", filepath.Join(t.TempDir(), "h.db"))
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	if n := strings.Count(out, "Vraag 1."); n != len(checks) {
		t.Errorf("%d of %d hinted checks started:\n%s", n, len(checks), out)
	}
	// Every computed term cites the Algemene termijnenwet it applied.
	if n := strings.Count(out, "📎 Algemene termijnenwet (Atw art. 1)"); n != len(terms) {
		t.Errorf("%d of %d hinted term kinds computed:\n%s", n, len(terms), out)
	}
}
