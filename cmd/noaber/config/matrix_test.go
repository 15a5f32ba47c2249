package config

import (
	"errors"
	"os"
	"path/filepath"
	"testing"
)

func TestMatrixSection(t *testing.T) {
	dir := t.TempDir()
	write := func(body string) string {
		p := filepath.Join(dir, "noaber.toml")
		if err := os.WriteFile(p, []byte(body), 0o600); err != nil {
			t.Fatal(err)
		}
		return p
	}
	base := "[matrix]\nenabled = true\nhomeserver = \"https://matrix.example.org\"\nuser_id = \"@noaber:example.org\"\n"
	var ce *Error
	if _, err := Load(write(base)); !errors.As(err, &ce) || ce.Key != "matrix.token" {
		t.Errorf("without a token: %v", err)
	}
	t.Setenv("NOABER_MATRIX_TOKEN", "from-env")
	cfg, err := Load(write(base))
	if err != nil {
		t.Fatal(err)
	}
	if cfg.Matrix.Token != "from-env" {
		t.Errorf("env override not applied: %+v", cfg.Matrix)
	}
	for key, body := range map[string]string{
		"matrix.homeserver":      "[matrix]\nenabled = true\nhomeserver = \"matrix.example.org\"\nuser_id = \"@noaber:example.org\"\n",
		"matrix.user_id":         "[matrix]\nenabled = true\nhomeserver = \"https://m.example.org\"\nuser_id = \"noaber\"\n",
		"matrix.max_backoff":     base + "max_backoff = \"2m\"\n",
		"matrix.allowed_servers": base + "allowed_servers = [\"https://example.org\"]\n",
		"matrix.roles.official":  base + "[matrix.roles]\nofficial = [\"power:high:!r:example.org\"]\n",
	} {
		if _, err := Load(write(body)); !errors.As(err, &ce) || ce.Key != key {
			t.Errorf("want an error at %s, got %v", key, err)
		}
	}
}
