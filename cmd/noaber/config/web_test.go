package config

import (
	"errors"
	"os"
	"path/filepath"
	"testing"
)

func TestWebSection(t *testing.T) {
	p := filepath.Join(t.TempDir(), "noaber.toml")
	load := func(body string) (*Config, error) {
		if err := os.WriteFile(p, []byte(body), 0o600); err != nil {
			t.Fatal(err)
		}
		return Load(p)
	}
	var ce *Error
	if _, err := load("[web]\nenabled = true\n"); !errors.As(err, &ce) || ce.Key != "web.enabled" {
		t.Errorf("without [http] listen: %v", err)
	}
	if _, err := load("[http]\nlisten = \"127.0.0.1:8080\"\n[web]\nenabled = true\nallowed_origins = [\"www.gemeente.nl/chat\"]\n"); !errors.As(err, &ce) || ce.Key != "web.allowed_origins" {
		t.Errorf("bad origin: %v", err)
	}
	cfg, err := load("[http]\nlisten = \"127.0.0.1:8080\"\n[web]\nenabled = true\nallowed_origins = [\"https://www.gemeente.nl\"]\n")
	if err != nil || !cfg.Web.Enabled {
		t.Fatalf("the two lines: %v", err)
	}
}
