package main

import (
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/noaber/noaber/bot/clock"
)

// TestEventsAcrossConsoleUsers drives the binary's run() the way an
// operator would with several console users on one database.
func TestEventsAcrossConsoleUsers(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "noaber.db")
	conf := filepath.Join(dir, "noaber.toml")
	if err := os.WriteFile(conf, []byte("[console]\nfiles_dir = \""+filepath.Join(dir, "files")+"\"\n\n[events]\nreminders = [\"1d\", \"2h\"]\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	clk := clock.NewFake(time.Date(2026, 11, 25, 10, 0, 0, 0, clock.Amsterdam))

	noaber := func(stdin string, args ...string) string {
		t.Helper()
		var out, errb bytes.Buffer
		args = append(args, "--db", db, "--config", conf)
		if code := runAt(context.Background(), clk, args, strings.NewReader(stdin), &out, &errb); code != 0 {
			t.Fatalf("noaber %v: exit %d\n%s%s", args, code, out.String(), errb.String())
		}
		return out.String()
	}
	contains := func(out string, wants ...string) {
		t.Helper()
		for _, w := range wants {
			if !strings.Contains(out, w) {
				t.Errorf("output\n%s\ndoes not contain %q", out, w)
			}
		}
	}

	out := noaber("evenement nieuw 12 december 19:30 | Netwerkavond | max 2 | locatie Buurthuis\n", "chat")
	contains(out, "Evenement #1 staat erin", "zaterdag 12 december 2026 19:30–21:30", "0 van 2")
	out = noaber("evenement nieuw 13 december 19:30 | Nog een\n", "chat", "--as", "u1")
	contains(out, "alleen organisatoren")

	contains(noaber("aanmelden 1\n", "chat", "--as", "u1"), "Je bent aangemeld", "evenement-1.ics")
	contains(noaber("aanmelden 1\n", "chat", "--as", "u2"), "Je bent aangemeld")
	contains(noaber("aanmelden 1\n", "chat", "--as", "u3"), "wachtlijst, op plaats 1")
	contains(noaber("evenement 1\n", "chat", "--as", "u4"), "2 van 2 plaatsen bezet", "1 op de wachtlijst")
	contains(noaber("afmelden 1\n", "chat", "--as", "u1"), "afgemeld")

	// u3 was not at the keyboard: the promotion waits for their next start.
	out = noaber("mijn evenementen\n", "chat", "--as", "u3")
	contains(out, "🔔 Goed nieuws", "Je bent nu aangemeld voor #1 Netwerkavond", "#1 Netwerkavond — zaterdag 12 december 2026 19:30: aangemeld")
	if again := noaber("", "chat", "--as", "u3"); strings.Contains(again, "Goed nieuws") {
		t.Errorf("promotion delivered twice:\n%s", again)
	}

	var list []map[string]any
	if err := json.Unmarshal([]byte(noaber("", "events", "list", "--json")), &list); err != nil {
		t.Fatal(err)
	}
	if len(list) != 1 || list[0]["id"] != 1.0 || list[0]["title"] != "Netwerkavond" || list[0]["capacity"] != 2.0 ||
		list[0]["confirmed"] != 2.0 || list[0]["waitlist"] != 0.0 || list[0]["start"] != "2026-12-12T19:30:00+01:00" {
		t.Errorf("events list --json = %v", list)
	}

	rows, err := csv.NewReader(strings.NewReader(noaber("", "events", "attendees", "1", "--csv"))).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != 3 || rows[0][0] != "name" || rows[1][1] != "console:u2" || rows[2][1] != "console:u3" || rows[2][3] != "confirmed" {
		t.Errorf("attendees --csv = %v", rows)
	}
	contains(noaber("", "events", "list"), "Netwerkavond", "confirmed 2/2")
}

func TestEventsCLIErrors(t *testing.T) {
	db := filepath.Join(t.TempDir(), "none.db")
	var out, errb bytes.Buffer
	if code := run(context.Background(), []string{"events", "list", "--json", "--db", db}, nil, &out, &errb); code != 0 || strings.TrimSpace(out.String()) != "[]" {
		t.Errorf("list on a missing db: %d %q %q", code, out.String(), errb.String())
	}
	errb.Reset()
	if code := run(context.Background(), []string{"events", "attendees", "x", "--db", db}, nil, &out, &errb); code != 2 || !strings.Contains(errb.String(), "not an event number") {
		t.Errorf("bad id: %d %q", code, errb.String())
	}
	if cell("=SUM(A1)") != "'=SUM(A1)" || cell("Ann") != "Ann" {
		t.Error("csv cells are not defused")
	}
}
