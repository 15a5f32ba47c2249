package main

import (
	"encoding/json"
	"io"
	"os/exec"
	"strings"
	"testing"
)

// TestImportBoundaries keeps the architecture honest: each platform SDK and
// storage library is imported by exactly the package that owns it, the
// core knows no adapter, and knowledge/ knows nothing of chat.
func TestImportBoundaries(t *testing.T) {
	if testing.Short() {
		t.Skip("runs go list")
	}
	cmd := exec.Command("go", "list", "-json=ImportPath,Imports", "github.com/noaber/noaber/...")
	cmd.Dir = "../.."
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("go list: %v", err)
	}
	const mod = "github.com/noaber/noaber/"
	owners := map[string][]string{ // import prefix → the only package prefixes allowed to import it
		// etcd: the store backend and the leader election talk to it; only
		// the test helper runs a server.
		"go.etcd.io/etcd/client":                {mod + "bot/store", mod + "bot/cluster"},
		"go.etcd.io/etcd/api":                   {mod + "bot/store", mod + "bot/cluster"},
		"go.etcd.io/etcd/server":                {mod + "bot/store/etcdtest"},
		"go.etcd.io/bbolt":                      {mod + "bot/store"},
		"github.com/bwmarrin/discordgo":         {mod + "adapters/discord"},
		"github.com/mattermost/mattermost":      {mod + "adapters/mattermost"},
		"maunium.net/go/mautrix":                {mod + "adapters/matrix"},
		"github.com/gorilla/websocket":          {mod + "adapters/"},
		"github.com/coder/websocket":            {mod + "adapters/web"},
		"github.com/sashabaranov/go-openai":     {mod + "knowledge"},
		"github.com/prometheus/client_golang":   {mod + "bot/metrics"},
		"github.com/markusmobius/go-dateparser": {mod + "bot/when"},
		"github.com/arran4/golang-ical":         {mod + "bot/calendar"},
		"github.com/emersion/go-ical":           {mod + "bot/calendar/calendartest"}, // tests only: the independent parser
	}
	dec := json.NewDecoder(strings.NewReader(string(out)))
	sawStore := false
	defer func() {
		if !sawStore {
			t.Error("go list did not list bot/store: the check saw nothing")
		}
	}()
	for {
		var p struct {
			ImportPath string
			Imports    []string
		}
		if err := dec.Decode(&p); err == io.EOF {
			break
		} else if err != nil {
			t.Fatal(err)
		}
		if p.ImportPath == mod+"bot/store" {
			sawStore = true
		}
		for _, imp := range p.Imports {
			for lib, allowed := range owners {
				if strings.HasPrefix(imp, lib) && !hasAnyPrefix(p.ImportPath, allowed) {
					t.Errorf("%s imports %s; only %s may", p.ImportPath, imp, strings.Join(allowed, ", "))
				}
			}
			inBot := strings.HasPrefix(p.ImportPath, mod+"bot")
			if inBot && strings.HasPrefix(imp, mod+"adapters") {
				t.Errorf("core package %s imports adapter %s", p.ImportPath, imp)
			}
			if strings.HasPrefix(p.ImportPath, mod+"adapters/") && (strings.HasPrefix(imp, mod+"knowledge") || isFeature(imp)) {
				t.Errorf("adapter %s imports %s", p.ImportPath, imp)
			}
			if strings.HasPrefix(p.ImportPath, mod+"knowledge") && strings.HasPrefix(imp, mod) &&
				!strings.HasPrefix(imp, mod+"knowledge") && imp != mod+"bot/i18n" {
				t.Errorf("knowledge package %s imports %s; knowledge knows nothing of chat", p.ImportPath, imp)
			}
		}
	}
}

// isFeature reports whether imp is a feature package under bot/.
func isFeature(imp string) bool {
	for _, f := range []string{"ask", "check", "deadlines", "events", "privacy"} {
		if strings.HasPrefix(imp, "github.com/noaber/noaber/bot/"+f) {
			return true
		}
	}
	return false
}

func hasAnyPrefix(s string, prefixes []string) bool {
	for _, p := range prefixes {
		if strings.HasPrefix(s, p) {
			return true
		}
	}
	return false
}
