package events

import (
	"bufio"
	"fmt"
	"log/slog"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/noaber/noaber/bot"
	"github.com/noaber/noaber/bot/clock"
	"github.com/noaber/noaber/bot/store"
)

const (
	crashEnvDB    = "NOABER_EVENTS_CRASH_DB"
	crashEnvStart = "NOABER_EVENTS_CRASH_START"
	crashCapacity = 30
)

// TestCrashChild is the child of TestCrashKeepsAcknowledgedSignups: it
// signs people up (and withdraws some) until it is killed, printing an
// acknowledgement after each commit.
func TestCrashChild(t *testing.T) {
	path := os.Getenv(crashEnvDB)
	if path == "" {
		t.Skip("only runs as the child of the crash test")
	}
	first, _ := strconv.Atoi(os.Getenv(crashEnvStart))
	db, err := store.Open(path, store.Options{})
	if err != nil {
		fmt.Println("open:", err)
		os.Exit(3)
	}
	s, _ := New(Config{}, Deps{DB: db, Clock: clock.NewFake(t0), Log: slog.New(slog.DiscardHandler)})
	for i := first; ; i++ {
		u := fmt.Sprintf("console:c%d", i)
		out, err := s.Respond(1, bot.User{ID: u}, Yes)
		if err != nil {
			fmt.Println("error:", err)
			os.Exit(4)
		}
		fmt.Printf("ack yes %s %s\n", u, out.Status)
		if i%4 == 3 && i-2 >= first {
			w := fmt.Sprintf("console:c%d", i-2)
			fmt.Printf("try no %s\n", w)
			if _, err := s.Respond(1, bot.User{ID: w}, No); err != nil {
				fmt.Println("error:", err)
				os.Exit(4)
			}
			fmt.Printf("ack no %s\n", w)
		}
	}
}

func TestCrashKeepsAcknowledgedSignups(t *testing.T) {
	if testing.Short() {
		t.Skip("spawns child processes")
	}
	path := filepath.Join(t.TempDir(), "crash.db")
	db, err := store.Open(path, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	s, _ := New(Config{}, Deps{DB: db, Clock: clock.NewFake(t0), Log: slog.New(slog.DiscardHandler)})
	if _, err := s.Create(Event{Title: "Crash", Start: t0.Add(24 * time.Hour), End: t0.Add(26 * time.Hour), Capacity: crashCapacity}, "console:org"); err != nil {
		t.Fatal(err)
	}
	db.Close()

	signedUp := map[string]bool{}  // acknowledged and not withdrawn since
	uncertain := map[string]bool{} // a withdrawal was started but not acknowledged
	withdrawn := map[string]bool{} // acknowledged withdrawal
	next := 0
	totalAcks := 0
	for round := range 6 {
		cmd := exec.Command(os.Args[0], "-test.run=^TestCrashChild$", "-test.count=1")
		cmd.Env = append(os.Environ(), crashEnvDB+"="+path, crashEnvStart+"="+strconv.Itoa(next))
		stdout, err := cmd.StdoutPipe()
		if err != nil {
			t.Fatal(err)
		}
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		lines := make(chan string)
		go func() {
			sc := bufio.NewScanner(stdout)
			for sc.Scan() {
				lines <- sc.Text()
			}
			close(lines)
		}()
		// The clock starts at the first acknowledgement: the child's start-up
		// time varies with the machine's load.
		var kill <-chan time.Time
		started := false
		timeout := time.After(60 * time.Second)
		acks := 0
	read:
		for {
			select {
			case l, ok := <-lines:
				if !ok {
					break read
				}
				if !started {
					started = true
					kill = time.After(time.Duration(30+rand.IntN(500)) * time.Millisecond)
				}
				f := strings.Fields(l)
				switch {
				case len(f) >= 3 && f[0] == "ack" && f[1] == "yes":
					signedUp[f[2]] = true
					acks++
					n, _ := strconv.Atoi(strings.TrimPrefix(f[2], "console:c"))
					next = max(next, n+1)
				case len(f) == 3 && f[0] == "try":
					uncertain[f[2]] = true
				case len(f) == 3 && f[0] == "ack" && f[1] == "no":
					delete(uncertain, f[2])
					delete(signedUp, f[2])
					withdrawn[f[2]] = true
				case strings.HasPrefix(l, "error:") || strings.HasPrefix(l, "open:"):
					t.Fatalf("child: %s", l)
				}
			case <-kill:
				_ = cmd.Process.Signal(syscall.SIGKILL)
				kill = nil
			case <-timeout:
				_ = cmd.Process.Signal(syscall.SIGKILL)
				t.Fatal("the child printed nothing for a minute")
			}
		}
		_ = cmd.Wait()
		totalAcks += acks
		next += 10 // skip past anything the child may have committed unacknowledged

		db, err := store.Open(path, store.Options{})
		if err != nil {
			t.Fatalf("round %d: reopen: %v", round, err)
		}
		if err := db.Check(); err != nil {
			t.Fatalf("round %d: consistency: %v", round, err)
		}
		_ = db.View(func(tx *store.Tx) error {
			ev, err := Get(tx, 1)
			if err != nil {
				t.Fatal(err)
			}
			if ev.Confirmed > crashCapacity {
				t.Errorf("round %d: %d confirmed, capacity %d", round, ev.Confirmed, crashCapacity)
			}
			for u := range signedUp {
				if _, had, _ := GetSignup(tx, 1, u); !had && !uncertain[u] {
					t.Errorf("round %d: acknowledged sign-up of %s lost", round, u)
				}
			}
			for u := range withdrawn {
				if _, had, _ := GetSignup(tx, 1, u); had {
					t.Errorf("round %d: acknowledged withdrawal of %s undone", round, u)
				}
			}
			return nil
		})
		checkInvariants(t, db)
		db.Close()
		t.Logf("round %d: %d acknowledged sign-ups before SIGKILL", round, acks)
	}
	if totalAcks == 0 {
		t.Fatal("the child never acknowledged a sign-up")
	}
}
