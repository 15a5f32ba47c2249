package main

import (
	"encoding/json"
	"io"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
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
			if strings.HasSuffix(imp, "/commandtest") || strings.HasSuffix(imp, "/storetest") {
				t.Errorf("%s imports the test helper %s; it must never be linked into the binary", p.ImportPath, imp)
			}
			inBot := strings.HasPrefix(p.ImportPath, mod+"bot")
			if inBot && strings.HasPrefix(imp, mod+"adapters") {
				t.Errorf("core package %s imports adapter %s", p.ImportPath, imp)
			}
			if strings.HasPrefix(p.ImportPath, mod+"adapters/") && (strings.HasPrefix(imp, mod+"knowledge") || isFeature(imp)) {
				t.Errorf("adapter %s imports %s", p.ImportPath, imp)
			}
			if strings.HasPrefix(p.ImportPath, mod+"knowledge") && strings.HasPrefix(imp, mod) &&
				!strings.HasPrefix(imp, mod+"knowledge") && imp != mod+"i18n" && imp != mod+"units" {
				t.Errorf("knowledge package %s imports %s; knowledge knows nothing of chat", p.ImportPath, imp)
			}
			// The contracts (message model, Adapter, Capability) carry no
			// store and no metrics: an adapter that imports only them links
			// neither. The runtime beside them (bot/runtime) does the storing.
			if p.ImportPath == mod+"bot" && (strings.HasPrefix(imp, mod+"bot/") || imp == "go.etcd.io/bbolt" ||
				strings.HasPrefix(imp, "github.com/prometheus/")) {
				t.Errorf("the contracts package bot imports %s; only the leaf i18n and clock-free libraries may", imp)
			}
			// i18n is a leaf: languages and catalogs, importable by knowledge/
			// and the bot alike without an arrow back.
			if p.ImportPath == mod+"i18n" && strings.HasPrefix(imp, mod) {
				t.Errorf("the leaf package i18n imports %s", imp)
			}
			// Test helpers live in packages of their own, named …test
			// (storetest, securitytest, calendartest, matrixtest): no
			// production package links the testing libraries.
			if (imp == "testing" || strings.HasPrefix(imp, "testing/") || imp == "net/http/httptest") && !strings.HasSuffix(p.ImportPath, "test") {
				t.Errorf("production package %s imports %s; put test helpers in a …test package", p.ImportPath, imp)
			}
			// units holds the one Duration type of the configuration and
			// its parser; a leaf, so the adapters, the bot and knowledge/
			// all use it.
			if p.ImportPath == mod+"units" && strings.HasPrefix(imp, mod) {
				t.Errorf("the leaf package units imports %s", imp)
			}
		}
	}
}

// isFeature reports whether imp is a feature package under bot/.
func isFeature(imp string) bool {
	for _, f := range []string{"ask", "check", "deadlines", "events", "privacy", "runtime"} {
		if strings.HasPrefix(imp, "github.com/noaber/noaber/bot/"+f) {
			return true
		}
	}
	return false
}

// TestOneDurationType: the configuration has one Duration type (package
// units) with one parser; a second one would disagree with it again about
// what "1d" means.
func TestOneDurationType(t *testing.T) {
	var found []string
	err := filepath.WalkDir("../..", func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() && (strings.HasPrefix(d.Name(), ".") || d.Name() == "testdata" || d.Name() == "node_modules") && path != "../.." {
			return filepath.SkipDir
		}
		if !strings.HasSuffix(path, ".go") {
			return nil
		}
		src, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		if strings.Contains(string(src), "\ntype Duration ") {
			found = append(found, path)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(found) != 1 || filepath.ToSlash(found[0]) != "../../units/duration.go" {
		t.Errorf("Duration types defined in %v; want only ../../units/duration.go", found)
	}
}

func hasAnyPrefix(s string, prefixes []string) bool {
	for _, p := range prefixes {
		if strings.HasPrefix(s, p) {
			return true
		}
	}
	return false
}
