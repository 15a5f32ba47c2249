package knowledge

import (
	"bytes"
	"context"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/noaber/noaber/i18n"
	"github.com/noaber/noaber/units"
)

const localDoc = `+++
id = "nl-lokaal"
title = "Lokale regeling voor de kermis"
lang = "nl"
[[sources]]
title = "Gemeenteblad"
url = "https://example.org/gemeenteblad"
+++
## Kermisbijdrage
De kermisbijdrage is in onze gemeente maximaal € 7.500 per jaar.
`

func TestLocalDocsReloadAndSkipMalformed(t *testing.T) {
	dir := t.TempDir()
	var logs bytes.Buffer
	e := fixtureEngine(t, Config{DocsDir: dir}, Deps{Log: slog.New(slog.NewTextHandler(&logs, nil))})
	q := "hoe hoog is de kermisbijdrage"
	if r, _ := e.Answer(context.Background(), q, i18n.NL); r.Found {
		t.Fatalf("found before the document exists: %+v", r)
	}
	os.WriteFile(filepath.Join(dir, "lokaal.md"), []byte(localDoc), 0o644)
	os.WriteFile(filepath.Join(dir, "kapot.md"), []byte("+++\ntitle = \"x\"\n+++\n"), 0o644)
	os.WriteFile(filepath.Join(dir, "dubbel.md"), []byte(strings.Replace(localDoc, "nl-lokaal", "nl-drempels", 1)), 0o644)
	if err := e.Reload(); err != nil {
		t.Fatal(err)
	}
	r, _ := e.Answer(context.Background(), q, i18n.NL)
	if !r.Found || !strings.Contains(r.Answer, "€ 7.500") || r.Sources[0].ID != "nl-lokaal" || r.Topics[0] != "nl-lokaal" {
		t.Fatalf("local document not used: %+v", r)
	}
	if !strings.Contains(logs.String(), "kapot.md:1: front matter: id is missing") || !strings.Contains(logs.String(), `duplicate id \"nl-drempels\"`) {
		t.Errorf("malformed documents not reported: %s", logs.String())
	}
	// The embedded document with the duplicated id is still the one used.
	if r, _ := e.Answer(context.Background(), "drempel diensten", i18n.NL); r.Sources[0].Title != "Aanbestedingswet 2012" {
		t.Errorf("a local duplicate replaced an embedded document: %+v", r.Sources)
	}

	// Watch notices a removed document without a SIGHUP.
	e.cfg.ReloadInterval.Duration = 20 * time.Millisecond
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() { e.Watch(ctx); close(done) }()
	os.Remove(filepath.Join(dir, "lokaal.md"))
	deadline := time.Now().Add(5 * time.Second)
	for {
		if r, _ := e.Answer(context.Background(), q, i18n.NL); !r.Found {
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("Watch did not reload after the document was removed")
		}
		time.Sleep(10 * time.Millisecond)
	}
	cancel()
	<-done
}

func TestConfigValidate(t *testing.T) {
	for _, tt := range []struct {
		cfg  Config
		want string
	}{
		{Config{}, ""},
		{Config{ReloadInterval: units.Duration{Duration: time.Millisecond}}, "knowledge.reload_interval:"},
		{Config{MinCoverage: 1.5}, "knowledge.min_coverage:"},
	} {
		err := tt.cfg.Validate()
		if (err == nil) != (tt.want == "") || (err != nil && !strings.HasPrefix(err.Error(), tt.want)) {
			t.Errorf("Validate(%+v) = %v, want %q", tt.cfg, err, tt.want)
		}
	}
	if _, err := New(Config{DocsDir: "/does/not/exist"}, Deps{}); err == nil || !strings.HasPrefix(err.Error(), "knowledge.docs_dir:") {
		t.Errorf("missing docs_dir: %v", err)
	}
	var d units.Duration
	if err := d.UnmarshalText([]byte("soon")); err == nil {
		t.Error("bad duration accepted")
	}
}
