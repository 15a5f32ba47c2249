package deadlines

import (
	"bufio"
	"context"
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/noaber/noaber/bot"
	"github.com/noaber/noaber/bot/outbox"
	"github.com/noaber/noaber/bot/schedule"
	"github.com/noaber/noaber/bot/store"
)

// fileAdapter records each delivery as one line (the outbox nonce) in a
// file, synced before Send returns: what it wrote survives a SIGKILL, as a
// platform's copy of a posted message would.
type fileAdapter struct {
	mu sync.Mutex
	f  *os.File
}

func (a *fileAdapter) Name() string                                 { return "test" }
func (a *fileAdapter) Run(ctx context.Context, h bot.Handler) error { <-ctx.Done(); return nil }
func (a *fileAdapter) Send(ctx context.Context, to bot.Address, r bot.Reply) error {
	a.mu.Lock()
	defer a.mu.Unlock()
	if _, err := fmt.Fprintln(a.f, r.Nonce); err != nil {
		return err
	}
	return a.f.Sync()
}

// TestCrashChild is the process the crash test starts and kills; it does
// nothing in a normal run.
func TestCrashChild(t *testing.T) {
	dbPath := os.Getenv("NOABER_CRASH_DB")
	if dbPath == "" {
		t.Skip("only run by TestCrashRecovery")
	}
	runFor, _ := time.ParseDuration(os.Getenv("NOABER_CRASH_RUN_FOR"))
	f, err := os.OpenFile(os.Getenv("NOABER_CRASH_OUT"), os.O_APPEND|os.O_CREATE|os.O_WRONLY, 0o600)
	if err != nil {
		t.Fatal(err)
	}
	db, err := store.Open(dbPath, store.Options{Timeout: 10 * time.Second})
	if err != nil {
		t.Fatal(err)
	}
	sched := schedule.New(db, nil, quiet)
	ob := outbox.New(db, nil, quiet, outbox.Config{})
	ob.Register(&fileAdapter{f: f})
	if _, err := New(Config{}, Deps{DB: db, Sched: sched, Log: quiet}); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), runFor)
	defer cancel()
	var wg sync.WaitGroup
	for _, run := range []func(context.Context) error{sched.Run, ob.Run} {
		wg.Add(1)
		go func() { defer wg.Done(); _ = run(ctx) }()
	}
	wg.Wait()
	if _, err := sched.RunDue(context.Background()); err != nil {
		t.Error(err)
	}
	ob.Flush(context.Background())
	db.Close()
}

// TestCrashRecovery schedules reminders, runs the scheduler and outbox in a
// child process that is killed with SIGKILL at random moments, restarts it,
// and checks that every reminder is delivered, and delivered twice at most
// once per kill: the window between a platform send and the outbox marking
// it sent, which the nonce lets the platform absorb.
func TestCrashRecovery(t *testing.T) {
	if testing.Short() {
		t.Skip("kills child processes for ~8s")
	}
	dir := t.TempDir()
	dbPath, outPath := filepath.Join(dir, "noaber.db"), filepath.Join(dir, "deliveries.txt")
	db, err := store.Open(dbPath, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	start := time.Now()
	want := map[string]bool{}
	err = db.Update(func(tx *store.Tx) error {
		for i := range 40 {
			moment := start.Add(time.Hour)
			// Two reminders per deadline, due 0.3–5.5 s from now.
			offs := []time.Duration{
				moment.Sub(start.Add(300*time.Millisecond + time.Duration(i)*65*time.Millisecond)),
				moment.Sub(start.Add(3*time.Second + time.Duration(i)*63*time.Millisecond)),
			}
			d := &Deadline{Title: fmt.Sprintf("D%d", i), Moment: moment, Offsets: offs, Followers: []string{"test:a", "test:b"}}
			if _, err := create(tx, d, start, dayTime{9, 0}); err != nil {
				return err
			}
			for _, o := range offs {
				for _, r := range followerKeys(d) {
					want[reminderKey(d, o, r)] = true
				}
			}
		}
		return nil
	})
	db.Close()
	if err != nil {
		t.Fatal(err)
	}

	child := func(runFor time.Duration) *exec.Cmd {
		cmd := exec.Command(os.Args[0], "-test.run=^TestCrashChild$", "-test.count=1")
		cmd.Env = append(os.Environ(), "NOABER_CRASH_DB="+dbPath, "NOABER_CRASH_OUT="+outPath, "NOABER_CRASH_RUN_FOR="+runFor.String())
		return cmd
	}
	kills := 0
	for time.Since(start) < 6*time.Second {
		cmd := child(time.Minute)
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		time.Sleep(time.Duration(150+rand.IntN(500)) * time.Millisecond)
		_ = cmd.Process.Signal(syscall.SIGKILL)
		_ = cmd.Wait()
		kills++
	}
	if out, err := child(1500 * time.Millisecond).CombinedOutput(); err != nil {
		t.Fatalf("final run: %v\n%s", err, out)
	}

	got := map[string]int{}
	f, err := os.Open(outPath)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		got[sc.Text()]++
	}
	dups := 0
	for k := range want {
		switch n := got[k]; {
		case n == 0:
			t.Errorf("reminder %s never delivered", k)
		case n > 1:
			dups += n - 1
		}
	}
	for k := range got {
		if !want[k] {
			t.Errorf("unexpected delivery %q", k)
		}
	}
	t.Logf("%d reminders, %d kills, %d duplicate deliveries", len(want), kills, dups)
	if dups > kills {
		t.Errorf("%d duplicates after %d kills: more than one per kill", dups, kills)
	}
}

// followerKeys lists the recipient keys of d's followers.
func followerKeys(d *Deadline) []string {
	var out []string
	for _, u := range d.Followers {
		out = append(out, "u:"+u)
	}
	return out
}
