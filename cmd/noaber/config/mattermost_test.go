package config

import (
	"errors"
	"os"
	"path/filepath"
	"testing"
)

func TestMattermostSection(t *testing.T) {
	dir := t.TempDir()
	write := func(body string) string {
		p := filepath.Join(dir, "noaber.toml")
		if err := os.WriteFile(p, []byte(body), 0o600); err != nil {
			t.Fatal(err)
		}
		return p
	}
	t.Setenv("NOABER_MATTERMOST_TOKEN", "from-env")
	t.Setenv("NOABER_MATTERMOST_ACTION_SECRET", "0123456789abcdef0123456789abcdef")

	_, err := Load(write("[mattermost]\nenabled = true\nurl = \"https://chat.example.org\"\n"))
	var ce *Error
	if !errors.As(err, &ce) || ce.Key != "mattermost.enabled" {
		t.Errorf("without [http] listen: %v", err)
	}

	cfg, err := Load(write("[http]\nlisten = \":8080\"\n[mattermost]\nenabled = true\nurl = \"https://chat.example.org\"\n"))
	if err != nil {
		t.Fatal(err)
	}
	if cfg.Mattermost.Token != "from-env" || cfg.Mattermost.ActionSecret == "" {
		t.Errorf("env overrides not applied: %+v", cfg.Mattermost)
	}

	_, err = Load(write("[http]\nlisten = \":8080\"\n[mattermost]\nenabled = true\nurl = \"chat\"\n"))
	if !errors.As(err, &ce) || ce.Key != "mattermost.url" {
		t.Errorf("bad url: %v", err)
	}
}
