package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestChatKeepsLogLinesOutOfTheConversation: a warning raised while the
// terminal conversation runs (here: a broken document in the deployment's
// knowledge folder) is written to <db>.log, not among the replies; with -v
// it is shown, so the warning really happens.
func TestChatKeepsLogLinesOutOfTheConversation(t *testing.T) {
	dir := t.TempDir()
	docs := filepath.Join(dir, "docs")
	if err := os.MkdirAll(filepath.Join(docs, "nl"), 0o700); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(docs, "nl", "kapot.md"), []byte("geen kop, geen bronnen\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	conf := filepath.Join(dir, "noaber.toml")
	if err := os.WriteFile(conf, []byte("[knowledge]\ndocs_dir = \""+docs+"\"\n[console]\nfiles_dir = \""+filepath.Join(dir, "files")+"\"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	db := filepath.Join(dir, "data", "noaber.db")

	out, errOut, code := noaber(t, "wat is het uitdaagrecht?\nhulp\n", "chat", "--db", db, "--config", conf)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	transcript := out + errOut
	for _, level := range []string{"level=WARN", "level=INFO", "skipping local document"} {
		if strings.Contains(transcript, level) {
			t.Errorf("the conversation shows a log line (%s):\n%s", level, transcript)
		}
	}
	if !strings.Contains(out, "uitdaagrecht") {
		t.Errorf("no answer in the conversation:\n%s", out)
	}
	logged, err := os.ReadFile(db + ".log")
	if err != nil || !strings.Contains(string(logged), "level=WARN") || !strings.Contains(string(logged), "skipping local document") {
		t.Errorf("the warning is not in %s.log (%v):\n%s", db, err, logged)
	}
	if info, err := os.Stat(db + ".log"); err == nil && info.Mode().Perm() != 0o600 {
		t.Errorf("log file mode %v, want 0600", info.Mode().Perm())
	}

	_, errOut, _ = noaber(t, "hulp\n", "chat", "-v", "--db", db, "--config", conf)
	if !strings.Contains(errOut, "skipping local document") {
		t.Errorf("-v does not show the warning:\n%s", errOut)
	}
}
