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
	"golang.org/x/text/feature/plural"
	"golang.org/x/text/language"
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

// N is T for a text that depends on a count n, filled in as {n}. The
// entry is a table of plural forms, named as CLDR names them:
//
//	[volgers]
//	one = "{n} volger"
//	other = "{n} volgers"
//
// and the form is picked by the CLDR cardinal rules of lang (the Unicode
// plural rules, from golang.org/x/text): Dutch and English say "one" for
// 1 and "other" for 0, 2, 3, …; a language with more forms (few, many)
// gets them without code changes. A form the entry lacks falls back to
// "other"; Check reports missing forms.
func (c *Catalog) N(lang Lang, id string, n int, args ...any) string {
	form := id + "." + PluralForm(lang, n)
	if _, ok := c.msgs[lang][form]; !ok {
		form = id + ".other"
	}
	return c.T(lang, form, append([]any{"n", n}, args...)...)
}

// tags are the BCP 47 tags of the languages, for the CLDR rules.
var tags = map[Lang]language.Tag{NL: language.Dutch, EN: language.English}

// formNames are CLDR's names of the plural forms, the keys of a plural
// entry in a catalog.
var formNames = map[plural.Form]string{plural.Other: "other", plural.Zero: "zero", plural.One: "one",
	plural.Two: "two", plural.Few: "few", plural.Many: "many"}

// PluralForm returns the CLDR cardinal plural form of the whole number n
// in lang: "one" or "other" for Dutch and English.
func PluralForm(lang Lang, n int) string {
	if n < 0 {
		n = -n // the rules take the absolute value
	}
	if n < 0 { // the most negative int
		n = 0
	}
	// The rules need n only modulo 10,000,000 (golang.org/x/text says so).
	return formNames[plural.Cardinal.MatchPlural(tags[lang], n%10_000_000, 0, 0, 0, 0)]
}

// pluralForms returns the forms whole numbers take in lang, "other" last:
// the keys every plural entry needs.
func pluralForms(lang Lang) []string {
	seen := map[string]bool{}
	for n := range 1000 {
		seen[PluralForm(lang, n)] = true
	}
	var out []string
	for _, f := range []string{"zero", "one", "two", "few", "many", "other"} {
		if seen[f] {
			out = append(out, f)
		}
	}
	return out
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
		// A plural entry (a table whose keys are all plural form names)
		// has every form the language's CLDR rules use.
		groups := map[string]bool{} // table → all its keys are form names
		for id := range c.msgs[l] {
			if dot := strings.LastIndexByte(id, '.'); dot > 0 {
				g := id[:dot]
				all, seen := groups[g]
				groups[g] = isFormName(id[dot+1:]) && (all || !seen)
			}
		}
		for g, plural := range groups {
			if !plural {
				continue
			}
			for _, f := range pluralForms(l) {
				if _, ok := c.msgs[l][g+"."+f]; !ok {
					problems = append(problems, fmt.Sprintf("%s: plural %q lacks the form %q", l, g, f))
				}
			}
		}
	}
	if len(problems) == 0 {
		return nil
	}
	sort.Strings(problems)
	return fmt.Errorf("catalog %s:\n  %s", c.name, strings.Join(problems, "\n  "))
}

func isFormName(s string) bool {
	switch s {
	case "zero", "one", "two", "few", "many", "other":
		return true
	}
	return false
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
