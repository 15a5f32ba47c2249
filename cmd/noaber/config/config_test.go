package config

import (
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"
)

func write(t *testing.T, body string) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), "c.toml")
	if err := os.WriteFile(p, []byte(body), 0o600); err != nil {
		t.Fatal(err)
	}
	return p
}

func TestExampleIsValidAndComplete(t *testing.T) {
	path := filepath.Join("..", "..", "..", "config.example.toml")
	if _, err := Load(path); err != nil {
		t.Fatalf("config.example.toml: %v", err)
	}
	data, _ := os.ReadFile(path)
	// Every key of every section must be documented in the example.
	var missing []string
	var walk func(prefix string, typ reflect.Type)
	walk = func(prefix string, typ reflect.Type) {
		for i := 0; i < typ.NumField(); i++ {
			f := typ.Field(i)
			tag := strings.Split(f.Tag.Get("toml"), ",")[0]
			if tag == "" || tag == "-" {
				continue
			}
			if f.Type.Kind() == reflect.Struct && f.Type.Name() != "Duration" {
				if !strings.Contains(string(data), "["+prefix+tag+"]") {
					missing = append(missing, "["+prefix+tag+"]")
				}
				walk(prefix+tag+".", f.Type)
				continue
			}
			if !strings.Contains(string(data), "\n"+tag+" =") && !strings.Contains(string(data), "\n# "+tag+" =") {
				missing = append(missing, prefix+tag)
			}
		}
	}
	walk("", reflect.TypeOf(Config{}))
	if len(missing) > 0 {
		t.Errorf("config.example.toml does not document: %v", missing)
	}
}

func TestNoFileMeansDefaults(t *testing.T) {
	c, err := Load("")
	if err != nil {
		t.Fatal(err)
	}
	if c.Bot.Lang() != "nl" || c.HTTP.Listen != "" {
		t.Errorf("defaults: %+v", c)
	}
}

func TestErrorsNameTheKey(t *testing.T) {
	tests := []struct {
		name, body, key string
		line            int
	}{
		{"unknown key", "[bot]\ndefault_lang = \"nl\"\ndatabase = \"x\"\n", "bot.database", 3},
		{"unknown section", "[botje]\nx = 1\n", "botje", 1},
		{"wrong type", "[bot]\nmax_message_len = \"veel\"\n", "bot.max_message_len", 2},
		{"bad value", "[bot]\ndefault_lang = \"fr\"\n", "bot.default_lang", 0},
		{"bad duration", "[outbox]\nmax_backoff = \"soon\"\n", "outbox.max_backoff", 2},
		{"bad role id", "[roles]\nadmin = [\"piet\"]\n", "roles.admin", 0},
		{"syntax", "[bot\n", "", 0},
		{"events reminder", "[events]\nreminders = [\"1d\", \"soon\"]\n", "events.reminders", 0},
		{"events retention", "[events]\nretention = \"1h\"\n", "events.retention", 0},
		{"deadlines retention", "[deadlines]\nretention = \"12h\"\n", "deadlines.retention", 0},
		{"deadlines retention negative", "[deadlines]\nretention = \"-1d\"\n", "deadlines.retention", 0},
		{"cluster lease too short", "[cluster]\nlease = \"1s\"\n", "cluster.lease", 0},
		{"cluster lease fraction", "[cluster]\nlease = \"2500ms\"\n", "cluster.lease", 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Load(write(t, tt.body))
			var ce *Error
			if !errors.As(err, &ce) {
				t.Fatalf("err = %v, want *Error", err)
			}
			if tt.key != "" && ce.Key != tt.key {
				t.Errorf("key = %q, want %q (%v)", ce.Key, tt.key, err)
			}
			if tt.line != 0 && ce.Line != tt.line {
				t.Errorf("line = %d, want %d (%v)", ce.Line, tt.line, err)
			}
			if strings.Contains(err.Error(), "reflect") || strings.Contains(err.Error(), "*config.") {
				t.Errorf("message leaks Go internals: %v", err)
			}
		})
	}
}

func TestMissingFile(t *testing.T) {
	_, err := Load(filepath.Join(t.TempDir(), "nope.toml"))
	if err == nil || !strings.Contains(err.Error(), "cannot read") {
		t.Errorf("err = %v", err)
	}
}

func TestEnvOverridesDB(t *testing.T) {
	t.Setenv("NOABER_DB", "/tmp/env.db")
	c, err := Load("")
	if err != nil || c.DBPath() != "/tmp/env.db" {
		t.Errorf("DBPath = %q, %v", c.DBPath(), err)
	}
}

func TestEnvSuppliesDiscordToken(t *testing.T) {
	t.Setenv("NOABER_DISCORD_TOKEN", "from-env")
	c, err := Load(write(t, "[discord]\nenabled = true\n"))
	if err != nil || c.Discord.Token != "from-env" {
		t.Errorf("token = %q, %v; want it from NOABER_DISCORD_TOKEN", c.Discord.Token, err)
	}
	t.Setenv("NOABER_DISCORD_TOKEN", "")
	if _, err := Load(write(t, "[discord]\nenabled = true\n")); err == nil || !strings.Contains(err.Error(), "discord.token") {
		t.Errorf("enabled without token: %v, want an error naming discord.token", err)
	}
}

func FuzzLoad(f *testing.F) {
	f.Add("[bot]\ndefault_lang = \"en\"\n")
	f.Add("[roles]\nadmin = [\"discord:1\"]\n")
	f.Add("[outbox]\nmax_backoff = \"14d\"\n")
	f.Fuzz(func(t *testing.T, body string) {
		p := filepath.Join(t.TempDir(), "c.toml")
		if err := os.WriteFile(p, []byte(body), 0o600); err != nil {
			t.Skip()
		}
		c, err := Load(p)
		if err == nil && c == nil {
			t.Error("nil config without error")
		}
		if err != nil {
			var ce *Error
			if !errors.As(err, &ce) {
				t.Errorf("error is not a *config.Error: %v", err)
			}
		}
	})
}

// TestDurationsOneNotation: every duration key reads the same notation,
// days included, where before knowledge/ and llm refused "1d" and the rest
// accepted it. The example's values read as they say.
func TestDurationsOneNotation(t *testing.T) {
	c, err := Load(write(t, `
[knowledge]
reload_interval = "1d"
[llm]
timeout = "1m30s"
[privacy]
dialogues = "30 dagen"
[backup]
interval = "1 week"
`))
	if err != nil {
		t.Fatal(err)
	}
	if c.Knowledge.ReloadInterval.Duration != 24*time.Hour || c.LLM.Timeout.Duration != 90*time.Second ||
		c.Privacy.Dialogues.Duration != 30*24*time.Hour || c.Backup.Interval.Duration != 7*24*time.Hour {
		t.Errorf("read %v %v %v %v", c.Knowledge.ReloadInterval, c.LLM.Timeout, c.Privacy.Dialogues, c.Backup.Interval)
	}
	if _, err := Load(write(t, "[privacy]\ndialogues = \"1 maand\"\n")); err == nil || !strings.Contains(err.Error(), "use days or weeks") {
		t.Errorf("a month accepted or unclear: %v", err)
	}
	ex, err := Load(filepath.Join("..", "..", "..", "config.example.toml"))
	if err != nil {
		t.Fatal(err)
	}
	if ex.Privacy.Feedback.Duration != 365*24*time.Hour || ex.Knowledge.ReloadInterval.Duration != 30*time.Second ||
		ex.Events.Retention.Duration != 90*24*time.Hour {
		t.Errorf("example read as %v %v %v", ex.Privacy.Feedback, ex.Knowledge.ReloadInterval, ex.Events.Retention)
	}
}
