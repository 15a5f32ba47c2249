package console

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/noaber/noaber/bot"
)

// echo answers every message with its text and offers two choices; a click
// answers with the choice id.
type echo struct{ got []bot.Inbound }

func (e *echo) Handle(ctx context.Context, in bot.Inbound) []bot.Reply {
	e.got = append(e.got, in)
	if in.Action != nil {
		return []bot.Reply{{Text: "clicked " + in.Action.ID}}
	}
	if in.Text == "ask" {
		return []bot.Reply{{Text: "Ja of nee?", Choices: []bot.Choice{{ID: "t:yes", Label: "Ja"}, {ID: "t:no", Label: "Nee"}}}}
	}
	return []bot.Reply{{Text: "you said " + in.Text, Sources: []bot.Source{{Title: "Aanbestedingswet 2012", Ref: "art. 2.17", URL: "https://wetten.overheid.nl/BWBR0032203"}}}}
}

func TestChoicesByNumberAndSources(t *testing.T) {
	var out bytes.Buffer
	a := New(Config{User: "ann"}, strings.NewReader("ask\n2\n2\nhello\n"), &out)
	h := &echo{}
	if err := a.Run(context.Background(), h); err != nil {
		t.Fatal(err)
	}
	src := "  📎 Aanbestedingswet 2012 (art. 2.17) — https://wetten.overheid.nl/BWBR0032203\n"
	// "2" after a choice clicks it; the second "2" has no choices to answer, so it is text.
	want := "Ja of nee?\n[1] Ja  [2] Nee\nclicked t:no\nyou said 2\n" + src + "you said hello\n" + src
	if out.String() != want {
		t.Errorf("transcript:\n%s\nwant:\n%s", out.String(), want)
	}
	if h.got[0].User.ID != "console:ann" || h.got[0].User.Roles != nil {
		t.Errorf("user %+v: only the operator has roles", h.got[0].User)
	}
}

func TestOperatorHasAllRoles(t *testing.T) {
	a := New(Config{}, strings.NewReader(""), &bytes.Buffer{})
	if a.User().ID != "console:operator" || len(a.User().Roles) != len(bot.AllRoles) {
		t.Errorf("operator = %+v", a.User())
	}
}

func TestSendOnlyToTheUserAtTheKeyboard(t *testing.T) {
	var out bytes.Buffer
	a := New(Config{User: "u3"}, strings.NewReader(""), &out)
	if !a.Accepts(bot.ToUser("console:u3")) || a.Accepts(bot.ToUser("console:u1")) || !a.Accepts(bot.ToConversation(Channel)) {
		t.Fatal("Accepts")
	}
	if err := a.Send(context.Background(), bot.ToUser("console:u3"), bot.Reply{Text: "Je bent van de wachtlijst af!"}); err != nil {
		t.Fatal(err)
	}
	if out.String() != "🔔 Je bent van de wachtlijst af!\n" {
		t.Errorf("out %q", out.String())
	}
	if err := a.Send(context.Background(), bot.ToUser("console:u1"), bot.Reply{Text: "x"}); err == nil {
		t.Error("sent to another user")
	}
}

func TestFilesAreSaved(t *testing.T) {
	var out bytes.Buffer
	dir := t.TempDir()
	a := New(Config{FilesDir: dir}, strings.NewReader(""), &out)
	a.write(bot.Reply{Text: "invite", Files: []bot.File{{Name: "../../evil.ics", Data: []byte("BEGIN:VCALENDAR")}}}, false)
	if !strings.Contains(out.String(), dir+"/evil.ics") {
		t.Errorf("out %q", out.String())
	}
}

// Attachments go to a private folder: mode 0700, a symbolic link planted
// at a file's name is replaced rather than written through, a folder that
// is a symbolic link is refused, and without a configured folder each
// adapter gets its own random one.
func TestFilesFolderIsPrivate(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "d.db.files")
	outside := filepath.Join(t.TempDir(), "victim")
	if err := os.WriteFile(outside, []byte("keep"), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.Mkdir(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(outside, filepath.Join(dir, "x.ics")); err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	a := New(Config{FilesDir: dir}, strings.NewReader(""), &out)
	path, err := a.saveFile(bot.File{Name: "x.ics", Data: []byte("BEGIN:VCALENDAR")})
	if err != nil {
		t.Fatal(err)
	}
	if got, _ := os.ReadFile(outside); string(got) != "keep" {
		t.Errorf("wrote through a symbolic link: %q", got)
	}
	if fi, err := os.Lstat(path); err != nil || !fi.Mode().IsRegular() || fi.Mode().Perm() != 0o600 {
		t.Errorf("saved file %v %v", fi.Mode(), err)
	}
	if fi, _ := os.Stat(dir); fi.Mode().Perm() != 0o700 {
		t.Errorf("folder mode %v", fi.Mode().Perm())
	}

	link := filepath.Join(t.TempDir(), "link")
	if err := os.Symlink(t.TempDir(), link); err != nil {
		t.Fatal(err)
	}
	if _, err := New(Config{FilesDir: link}, strings.NewReader(""), &out).saveFile(bot.File{Name: "y.ics"}); err == nil {
		t.Error("saved into a folder that is a symbolic link")
	}

	p1, err1 := New(Config{}, strings.NewReader(""), &out).saveFile(bot.File{Name: "z.ics"})
	p2, err2 := New(Config{}, strings.NewReader(""), &out).saveFile(bot.File{Name: "z.ics"})
	if err1 != nil || err2 != nil || filepath.Dir(p1) == filepath.Dir(p2) {
		t.Errorf("default folders %s and %s (%v, %v)", p1, p2, err1, err2)
	}
	for _, p := range []string{p1, p2} {
		if fi, err := os.Stat(filepath.Dir(p)); err != nil || fi.Mode().Perm() != 0o700 {
			t.Errorf("default folder %s: %v", p, err)
		}
		os.RemoveAll(filepath.Dir(p))
	}
}

func TestConfigValidate(t *testing.T) {
	if err := (Config{User: "a b"}).Validate(); err == nil || !strings.HasPrefix(err.Error(), "console.user") {
		t.Errorf("err = %v", err)
	}
}

func TestPlainDropsEmphasis(t *testing.T) {
	in := "**Vraag 1.** Wat?\n_Werken is bouwen._\nsnake_case_name en `code_x`"
	want := "Vraag 1. Wat?\nWerken is bouwen.\nsnake_case_name en `code_x`"
	if got := plain(in); got != want {
		t.Errorf("plain = %q, want %q", got, want)
	}
}
