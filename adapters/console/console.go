// Package console is the terminal adapter: it reads lines from an
// io.Reader and writes replies to an io.Writer, so it serves a person at a
// keyboard, a piped script and the transcript tests alike. Choices render as
// numbered options that can be answered by number.
package console

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"unicode/utf8"

	"github.com/noaber/noaber/bot"
)

// Config configures the console adapter.
type Config struct {
	// User is the console user name; the id becomes "console:<User>".
	// Empty means "operator", the local operator, who has every role.
	User string `toml:"user"`
	// FilesDir is where attachments (calendar files) are written: a
	// private folder (mode 0700) that is never a symbolic link. Empty means
	// a new folder with a random name in the system's temp directory, so
	// no two processes share one; noaber chat sets "<database>.files".
	FilesDir string `toml:"files_dir"`
}

// Validate checks the configuration.
func (c Config) Validate() error {
	if c.User != "" && strings.ContainsAny(c.User, ": \t\n") {
		return fmt.Errorf("console.user: %q may not contain spaces or colons", c.User)
	}
	return nil
}

// Operator is the default console user, the local operator.
const Operator = "operator"

// Channel is the one conversation the console has; messages for it reach
// whoever is at the keyboard.
const Channel = "console:channel"

// Adapter is the console adapter.
type Adapter struct {
	in    io.Reader
	out   io.Writer
	user  bot.User
	files string
	// Prompt is printed before each line is read when set (interactive use).
	Prompt string

	filesMu  sync.Mutex   // guards files
	mu       sync.Mutex   // guards out
	numbered bot.Numbered // the choices shown last, answered by number
}

var (
	_ bot.Adapter  = (*Adapter)(nil)
	_ bot.Acceptor = (*Adapter)(nil)
)

// New returns a console adapter reading in and writing out.
func New(cfg Config, in io.Reader, out io.Writer) *Adapter {
	name := cfg.User
	if name == "" {
		name = Operator
	}
	u := bot.User{ID: "console:" + name, Name: name}
	if name == Operator {
		u.Roles = bot.AllRoles
	}
	return &Adapter{in: in, out: out, user: u, files: cfg.FilesDir}
}

// Name is "console".
func (a *Adapter) Name() string { return "console" }

// User is the user at the keyboard.
func (a *Adapter) User() bot.User { return a.user }

// Accepts reports whether to is the console's channel or the user at the
// keyboard: messages for other console users wait for their next session.
func (a *Adapter) Accepts(to bot.Address) bool {
	if to.Conversation != "" {
		return to.Conversation == Channel || strings.HasPrefix(to.Conversation, "console:dm:"+a.user.ID)
	}
	return to.User == a.user.ID
}

// Run reads lines until the input ends or ctx is cancelled. It returns nil
// at the end of the input.
func (a *Adapter) Run(ctx context.Context, h bot.Handler) error {
	lines := make(chan string)
	errc := make(chan error, 1)
	go func() {
		sc := bufio.NewScanner(a.in)
		sc.Buffer(make([]byte, 64*1024), 1024*1024)
		for sc.Scan() {
			select {
			case lines <- sc.Text():
			case <-ctx.Done():
				return
			}
		}
		errc <- sc.Err()
	}()
	conv := bot.Conversation{ID: Channel, Kind: bot.Direct}
	for {
		a.prompt()
		select {
		case <-ctx.Done():
			return nil
		case err := <-errc:
			if err != nil {
				return fmt.Errorf("read console input: %w", err)
			}
			return nil
		case line := <-lines:
			if !utf8.ValidString(line) {
				line = strings.ToValidUTF8(line, "�")
			}
			in := bot.Inbound{User: a.user, Conv: conv, Text: line}
			if act := a.numbered.Resolve(a.key(), line); act != nil {
				in.Text, in.Action = "", act
			}
			replies := h.Handle(ctx, in)
			a.numbered.Forget(a.key()) // numbers answer only the choices shown last
			for _, r := range replies {
				a.write(r, false)
			}
		}
	}
}

func (a *Adapter) prompt() {
	if a.Prompt == "" {
		return
	}
	a.mu.Lock()
	defer a.mu.Unlock()
	fmt.Fprint(a.out, a.Prompt)
}

// key is where the choices shown at this console are remembered: one
// keyboard, one user, so every message shares it.
func (a *Adapter) key() string { return bot.NumberedKey(Channel, a.user.ID) }

// Send prints a proactive message.
func (a *Adapter) Send(ctx context.Context, to bot.Address, r bot.Reply) error {
	if !a.Accepts(to) {
		return fmt.Errorf("console: %s is not at this console: %w", to.User, bot.ErrPermanent)
	}
	a.write(r, true)
	return nil
}

func (a *Adapter) write(r bot.Reply, proactive bool) {
	a.mu.Lock()
	defer a.mu.Unlock()
	var b strings.Builder
	if proactive {
		b.WriteString("🔔 ")
	}
	b.WriteString(plain(r.Text))
	b.WriteString("\n")
	if len(r.Sources) > 0 {
		for _, s := range r.Sources {
			b.WriteString("  📎 " + s.Title)
			if s.Ref != "" {
				b.WriteString(" (" + s.Ref + ")")
			}
			if s.URL != "" {
				b.WriteString(" — " + s.URL)
			}
			b.WriteString("\n")
		}
	}
	for _, f := range r.Files {
		path, err := a.saveFile(f)
		if err != nil {
			fmt.Fprintf(&b, "  (%s kon niet worden opgeslagen / could not be saved)\n", f.Name)
			continue
		}
		fmt.Fprintf(&b, "  📄 %s\n", path)
	}
	if len(r.Choices) > 0 {
		b.WriteString(bot.NumberedLabels(r.Choices) + "\n")
		a.numbered.Remember(a.key(), r.Choices)
	}
	fmt.Fprint(a.out, b.String())
}

func (a *Adapter) saveFile(f bot.File) (string, error) {
	dir, err := a.filesDir()
	if err != nil {
		return "", err
	}
	name := filepath.Base(f.Name)
	if name == "." || name == ".." || name == string(filepath.Separator) {
		name = "bijlage"
	}
	// Write a new file with a random name, then rename it into place: the
	// rename replaces whatever is at the path, a symbolic link included,
	// instead of writing through it.
	tmp, err := os.CreateTemp(dir, ".part-*")
	if err != nil {
		return "", err
	}
	_, err = tmp.Write(f.Data)
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(tmp.Name(), filepath.Join(dir, name))
	}
	if err != nil {
		os.Remove(tmp.Name())
		return "", err
	}
	return filepath.Join(dir, name), nil
}

// filesDir makes sure the attachment folder exists, is a real folder (not
// a symbolic link to somewhere else) and only its owner can read it.
func (a *Adapter) filesDir() (string, error) {
	a.filesMu.Lock()
	defer a.filesMu.Unlock()
	if a.files == "" {
		dir, err := os.MkdirTemp("", "noaber-files-*") // mode 0700, random name
		if err != nil {
			return "", err
		}
		a.files = dir
	}
	if err := os.Mkdir(a.files, 0o700); err != nil && !os.IsExist(err) {
		return "", err
	}
	fi, err := os.Lstat(a.files)
	if err != nil {
		return "", err
	}
	if fi.Mode()&os.ModeSymlink != 0 || !fi.IsDir() {
		return "", fmt.Errorf("attachment folder %s is not a plain folder", a.files)
	}
	if fi.Mode().Perm() != 0o700 {
		if err := os.Chmod(a.files, 0o700); err != nil {
			return "", err
		}
	}
	return a.files, nil
}

// plain drops the Markdown emphasis a terminal cannot show: **bold**, and
// lines written wholly in _italics_ (help texts under a question). Words
// and code spans stay as they are.
func plain(text string) string {
	lines := strings.Split(strings.TrimRight(text, "\n"), "\n")
	for i, l := range lines {
		l = strings.ReplaceAll(l, "**", "")
		if len(l) > 2 && strings.HasPrefix(l, "_") && strings.HasSuffix(l, "_") && !strings.HasPrefix(l, "__") {
			l = l[1 : len(l)-1]
		}
		lines[i] = l
	}
	return strings.Join(lines, "\n")
}
