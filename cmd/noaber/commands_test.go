package main

import (
	"go/ast"
	"go/parser"
	"go/token"
	"io/fs"
	"log/slog"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/noaber/noaber/adapters/mattermost"
	"github.com/noaber/noaber/bot"
)

// featureDirs maps a capability (the first part of its command ids) to
// the package that owns its words.
var featureDirs = map[string]string{
	"check": "bot/check", "deadlines": "bot/deadlines", "events": "bot/events",
	"privacy": "bot/privacy", "admin": "bot/admin", "ask": "bot/ask",
}

// notWords are literals that read like another feature's command word but
// are identifiers, each with why.
var notWords = map[string]string{
	"bot/deadlines/term.go\x00event":       "a placeholder name in a catalog text",
	"bot/metrics/metrics.go\x00event":      "a metric label name",
	"bot/events/parse.go\x00follow":        "a verb id, also in button ids",
	"bot/events/parse.go\x00unfollow":      "a verb id",
	"bot/privacy/privacy.go\x00roles":      "a data kind id in exports",
	"bot/runtime/router.go\x00roles":       "a placeholder name in a catalog text",
	"cmd/noaber/cmd_events.go\x00answer":   "a CSV column of the attendee export",
	"cmd/noaber/config/config.go\x00roles": "a configuration key",
}

// TestNoFeatureWordOutsideItsFeature: the words users type for a feature's
// commands live in that feature's catalog. A Go string literal anywhere
// else in bot/, adapters/ or cmd/ (tests aside) that is such a word — an
// adapter's own copy of "evenement", a hand-made map from Discord names to
// features — fails, so a new language or a renamed command is one catalog
// edit.
func TestNoFeatureWordOutsideItsFeature(t *testing.T) {
	a := securityApp(t)
	words := map[string]string{} // word → owning package dir
	for _, c := range a.router.Commands() {
		owner, _, _ := strings.Cut(c.ID, ".")
		dir, ok := featureDirs[owner]
		if !ok {
			continue // the core's own words (hulp, taal) and test capabilities
		}
		for _, ws := range c.Words {
			for _, w := range ws {
				if len(w) > 3 && !isCapabilityName(w) {
					words[w] = dir
				}
			}
		}
		for _, n := range []string{c.MenuName(bot.NL), c.MenuName(bot.EN)} {
			if len(n) > 3 && !isCapabilityName(n) {
				words[n] = dir
			}
		}
	}
	for _, must := range []string{"evenement", "deadline", "vergeet mij", "mijngegevens", "rol geef"} {
		if words[must] == "" {
			t.Fatalf("the tables lack %q: the scan would see nothing", must)
		}
	}
	root := "../.."
	scanned := 0
	used := map[string]bool{}
	for _, top := range []string{"bot", "adapters", "cmd"} {
		err := filepath.WalkDir(filepath.Join(root, top), func(path string, d fs.DirEntry, err error) error {
			if err != nil || d.IsDir() || !strings.HasSuffix(path, ".go") || strings.HasSuffix(path, "_test.go") {
				return err
			}
			rel, _ := filepath.Rel(root, path)
			rel = filepath.ToSlash(rel)
			f, err := parser.ParseFile(token.NewFileSet(), path, nil, parser.SkipObjectResolution)
			if err != nil {
				return err
			}
			scanned++
			ast.Inspect(f, func(n ast.Node) bool {
				lit, ok := n.(*ast.BasicLit)
				if !ok || lit.Kind != token.STRING {
					return true
				}
				s, err := strconv.Unquote(lit.Value)
				if err != nil {
					return true
				}
				w := bot.Normalise(s)
				if notWords[rel+"\x00"+w] != "" {
					used[rel+"\x00"+w] = true
					return true
				}
				if dir, ok := words[w]; ok && !strings.HasPrefix(rel, dir+"/") {
					t.Errorf("%s: %s is a word of %s; take it from that feature's command table", rel, lit.Value, dir)
				}
				return true
			})
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	if scanned < 50 {
		t.Fatalf("scanned only %d files", scanned)
	}
	for k := range notWords {
		if !used[k] {
			t.Errorf("notWords lists %q, which no longer occurs: remove it", strings.ReplaceAll(k, "\x00", ": "))
		}
	}
}

// isCapabilityName: a capability's name ("check", "events") is its id in
// logs, metrics and button ids, not a word for users, though it may read
// the same.
func isCapabilityName(w string) bool {
	_, ok := featureDirs[w]
	return ok
}

// TestMenuCommandsOfTheWiredBot: the slash commands Discord registers (the
// table's Menu commands) of the bot as serve wires it, by name in both
// languages; every one has words or takes any text, and a description.
func TestMenuCommandsOfTheWiredBot(t *testing.T) {
	a := securityApp(t)
	var names []string
	for _, c := range a.router.Commands() {
		if !c.Menu {
			continue
		}
		names = append(names, c.MenuName(bot.NL)+"/"+c.MenuName(bot.EN))
		for _, l := range []bot.Lang{bot.NL, bot.EN} {
			if d := c.MenuDesc(l); d == "" || len([]rune(d)) > 100 || strings.Contains(d, "cmd.") {
				t.Errorf("%s: %s description %q", c.ID, l, d)
			}
			// Discord takes option names of lower-case letters without
			// spaces and descriptions of at most 100 characters.
			for _, arg := range c.Args {
				n, d := bot.In(arg.Name, l), bot.In(arg.Desc, l)
				if n == "" || n != strings.ToLower(n) || strings.ContainsAny(n, " .") || d == "" || len([]rune(d)) > 100 || strings.Contains(d, ".arg") {
					t.Errorf("%s: %s option %q, description %q", c.ID, l, n, d)
				}
				for _, ch := range arg.Choices {
					if bot.In(ch.Label, l) == "" || strings.Contains(bot.In(ch.Label, l), "cmd.") {
						t.Errorf("%s: %s choice %q without a label", c.ID, l, ch.Value)
					}
					if !slices.ContainsFunc(a.router.Commands(), func(o bot.Command) bool { return o.ID == ch.Command && o.Word(l) != "" }) {
						t.Errorf("%s: choice %q stands for %q, which has no words", c.ID, ch.Value, ch.Command)
					}
				}
			}
		}
	}
	want := []string{"check/check", "deadline/deadline", "evenement/event", "mijngegevens/mydata", "vraag/ask", "hulp/help"}
	if !slices.Equal(names, want) {
		t.Errorf("menu commands = %v, want %v", names, want)
	}
	// Mattermost's slash command hint, from the same table.
	mm, err := mattermost.New(mattermost.Config{URL: "http://127.0.0.1:1", Token: "t", ActionSecret: strings.Repeat("s", 32)},
		mattermost.Deps{PublicURL: "http://127.0.0.1:2", Commands: a.router, Log: slog.New(slog.DiscardHandler)})
	if err != nil {
		t.Fatal(err)
	}
	if hint, desc := mm.Autocomplete(bot.NL); hint != "[check … | deadline … | evenement … | mijn gegevens | hulp]" ||
		desc != "Stel een vraag over maatschappelijk aanbesteden" {
		t.Errorf("mattermost autocomplete = %q, %q", hint, desc)
	}
	if hint, _ := mm.Autocomplete(bot.EN); hint != "[check … | deadline … | event … | my data | help]" {
		t.Errorf("mattermost autocomplete (en) = %q", hint)
	}
}
