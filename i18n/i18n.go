// Package i18n holds message catalogs: every sentence the bot says, in Dutch
// and English, looked up by id. Each feature package embeds its own
// catalog (nl.toml, en.toml) so texts live next to the code that says them.
package i18n

import (
	"fmt"
	"io/fs"
	"regexp"
	"sort"
	"strings"

	"github.com/BurntSushi/toml"
)

// Lang is a language code.
type Lang string

// The languages Noaber speaks.
const (
	NL Lang = "nl"
	EN Lang = "en"
)

// Langs lists the supported languages, the default first.
var Langs = []Lang{NL, EN}

// Valid reports whether l is a supported language.
func (l Lang) Valid() bool { return l == NL || l == EN }

// Other returns the other language.
func (l Lang) Other() Lang {
	if l == EN {
		return NL
	}
	return EN
}

// ParseLang accepts "nl", "en", "dutch", "nederlands", "engels", "english".
func ParseLang(s string) (Lang, bool) {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "nl", "nederlands", "dutch", "nl-nl":
		return NL, true
	case "en", "engels", "english", "en-gb", "en-us":
		return EN, true
	}
	return "", false
}

// Catalog maps message ids to texts per language.
type Catalog struct {
	name string
	msgs map[Lang]map[string]string
}

// Load reads nl.toml and en.toml from fsys. Each file is a flat table of
// id = "text"; dotted keys ("deadline.saved") nest as TOML tables and are
// flattened. Texts use {name} placeholders.
func Load(name string, fsys fs.FS) (*Catalog, error) {
	c := &Catalog{name: name, msgs: map[Lang]map[string]string{}}
	for _, l := range Langs {
		data, err := fs.ReadFile(fsys, string(l)+".toml")
		if err != nil {
			return nil, fmt.Errorf("catalog %s: %w", name, err)
		}
		var raw map[string]any
		if _, err := toml.Decode(string(data), &raw); err != nil {
			return nil, fmt.Errorf("catalog %s/%s.toml: %w", name, l, err)
		}
		flat := map[string]string{}
		if err := flatten("", raw, flat); err != nil {
			return nil, fmt.Errorf("catalog %s/%s.toml: %w", name, l, err)
		}
		c.msgs[l] = flat
	}
	return c, nil
}

// MustLoad is Load for package-level catalogs embedded in the binary, where a
// broken catalog is a programming error caught by the package's tests.
func MustLoad(name string, fsys fs.FS) *Catalog {
	c, err := Load(name, fsys)
	if err != nil {
		panic(err)
	}
	return c
}

// MustLoadDir is MustLoad over the folder dir of fsys: the usual
//
//	//go:embed messages/*.toml
//	var messagesFS embed.FS
//	var Msgs = i18n.MustLoadDir("check", messagesFS, "messages")
func MustLoadDir(name string, fsys fs.FS, dir string) *Catalog {
	sub, err := fs.Sub(fsys, dir)
	if err != nil {
		panic(err)
	}
	return MustLoad(name, sub)
}

func flatten(prefix string, in map[string]any, out map[string]string) error {
	for k, v := range in {
		key := k
		if prefix != "" {
			key = prefix + "." + k
		}
		switch v := v.(type) {
		case string:
			out[key] = v
		case map[string]any:
			if err := flatten(key, v, out); err != nil {
				return err
			}
		default:
			return fmt.Errorf("%s: want a string, got %T", key, v)
		}
	}
	return nil
}

// T returns the text for id in lang with {name} placeholders filled from
// args, given as name, value pairs. A missing text falls back to Dutch, then
// to the id itself, so a missing entry shows up but never breaks a reply;
// Check catches it in tests.
func (c *Catalog) T(lang Lang, id string, args ...any) string {
	s, ok := c.msgs[lang][id]
	if !ok {
		if s, ok = c.msgs[NL][id]; !ok {
			return id
		}
	}
	if len(args) == 0 {
		return s
	}
	pairs := make([]string, 0, len(args))
	for i := 0; i+1 < len(args); i += 2 {
		pairs = append(pairs, "{"+fmt.Sprint(args[i])+"}", fmt.Sprint(args[i+1]))
	}
	return strings.NewReplacer(pairs...).Replace(s)
}

// N is T for a text that depends on a count: it uses id+".one" when n is
// 1 and id+".other" otherwise ("1 volger", "3 volgers"), with n also
// filled in as {n}.
func (c *Catalog) N(lang Lang, id string, n int, args ...any) string {
	form := id + ".other"
	if n == 1 {
		form = id + ".one"
	}
	return c.T(lang, form, append([]any{"n", n}, args...)...)
}

// Has reports whether the catalog has id.
func (c *Catalog) Has(id string) bool {
	_, ok := c.msgs[NL][id]
	return ok
}

// IDs returns the ids of the Dutch catalog, sorted.
func (c *Catalog) IDs() []string {
	ids := make([]string, 0, len(c.msgs[NL]))
	for id := range c.msgs[NL] {
		ids = append(ids, id)
	}
	sort.Strings(ids)
	return ids
}

var placeholder = regexp.MustCompile(`\{[a-zA-Z0-9_]+\}`)

// Check reports ids present in one language but not the other, empty texts,
// and texts whose placeholders differ between languages. Every package with
// a catalog calls it in a test.
func (c *Catalog) Check() error {
	var problems []string
	for _, l := range Langs {
		for id, s := range c.msgs[l] {
			if strings.TrimSpace(s) == "" {
				problems = append(problems, fmt.Sprintf("%s: %q is empty", l, id))
			}
			o := c.msgs[l.Other()]
			os, ok := o[id]
			if !ok {
				problems = append(problems, fmt.Sprintf("%q is in %s but not in %s", id, l, l.Other()))
				continue
			}
			if l == NL && !samePlaceholders(s, os) {
				problems = append(problems, fmt.Sprintf("%q has placeholders %v in nl but %v in en", id, set(s), set(os)))
			}
		}
	}
	if len(problems) == 0 {
		return nil
	}
	sort.Strings(problems)
	return fmt.Errorf("catalog %s:\n  %s", c.name, strings.Join(problems, "\n  "))
}

func set(s string) []string {
	m := map[string]bool{}
	for _, p := range placeholder.FindAllString(s, -1) {
		m[p] = true
	}
	out := make([]string, 0, len(m))
	for p := range m {
		out = append(out, p)
	}
	sort.Strings(out)
	return out
}

func samePlaceholders(a, b string) bool {
	return strings.Join(set(a), ",") == strings.Join(set(b), ",")
}
