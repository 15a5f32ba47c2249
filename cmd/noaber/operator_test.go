package main

import (
	"context"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// The operator commands that read (feedback, deadlines list, events list,
// events attendees) work while serve holds the database, through its admin
// listener, and leave no copy behind.
func TestOperatorCommandsWhileServing(t *testing.T) {
	dir := t.TempDir()
	cfgPath, dbPath, base := opsConfig(t, dir, "")
	for _, step := range []struct{ as, in, want string }{
		{"", "deadline nieuw over 2 weken 17:00 | Subsidieronde\nevenement nieuw over 3 dagen 19:30 | Buurtavond | max 5 | vraag Dieet?\n", "#1"},
		{"alice", "aanmelden 1\nvegetarisch\n", "aangemeld"},
		{"bob", "wat is het uitdaagrecht\n1\n", "👍"},
	} {
		args := []string{"chat", "--config", cfgPath}
		if step.as != "" {
			args = append(args, "--as", step.as)
		}
		if code, out, errs := opsRun(t, step.in, args...); code != 0 || !strings.Contains(out, step.want) {
			t.Fatalf("%s: %d %q %q", step.in, code, out, errs)
		}
	}

	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	var serveOut, serveErr lockedBuffer
	done := make(chan int, 1)
	go func() {
		done <- run(ctx, []string{"serve", "--config", cfgPath}, strings.NewReader(""), &serveOut, &serveErr)
	}()
	deadline := time.Now().Add(10 * time.Second)
	for {
		resp, err := http.Get(base + "/healthz")
		if err == nil {
			resp.Body.Close()
			if _, aerr := os.Stat(adminFile(dbPath)); resp.StatusCode == 200 && aerr == nil {
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

	for _, c := range []struct {
		args []string
		want []string
	}{
		{[]string{"deadlines", "list"}, []string{"Subsidieronde"}},
		{[]string{"deadlines", "list", "--json"}, []string{`"title": "Subsidieronde"`}},
		{[]string{"events", "list", "--json"}, []string{`"title":"Buurtavond"`, `"confirmed":1`}},
		{[]string{"events", "attendees", "1", "--csv"}, []string{"console:alice", "vegetarisch"}},
		{[]string{"feedback"}, []string{"👍", "uitdaagrecht"}},
	} {
		code, out, errs := opsRun(t, "", append(c.args, "--config", cfgPath)...)
		if code != 0 {
			t.Errorf("%v while serving: exit %d: %s", c.args, code, errs)
			continue
		}
		for _, w := range c.want {
			if !strings.Contains(strings.ReplaceAll(out, `": `, `":`), strings.ReplaceAll(w, `": `, `":`)) {
				t.Errorf("%v: no %q in:\n%s", c.args, w, out)
			}
		}
	}
	if m, _ := filepath.Glob(filepath.Join(filepath.Dir(dbPath), ".*read*")); len(m) > 0 {
		t.Errorf("copies left behind: %v", m)
	}
	cancel()
	select {
	case <-done:
	case <-time.After(10 * time.Second):
		t.Fatal("serve did not stop")
	}
}
