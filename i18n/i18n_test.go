package i18n

import (
	"strings"
	"testing"
	"testing/fstest"

	"golang.org/x/text/language"
)

func TestCatalog(t *testing.T) {
	fsys := fstest.MapFS{
		"nl.toml": {Data: []byte("hello = \"Hallo {name}\"\n[deadline]\nsaved = \"Opgeslagen: {title}\"\nonly_nl = \"x\"\n")},
		"en.toml": {Data: []byte("hello = \"Hello {name}\"\n[deadline]\nsaved = \"Saved: {when}\"\n")},
	}
	c, err := Load("test", fsys)
	if err != nil {
		t.Fatal(err)
	}
	if got := c.T(EN, "hello", "name", "Ann"); got != "Hello Ann" {
		t.Errorf("T = %q", got)
	}
	if got := c.T(EN, "deadline.only_nl"); got != "x" {
		t.Errorf("fallback to Dutch = %q", got)
	}
	if got := c.T(NL, "nope"); got != "nope" {
		t.Errorf("missing id = %q", got)
	}
	err = c.Check()
	if err == nil || !strings.Contains(err.Error(), "only_nl") || !strings.Contains(err.Error(), "placeholders") {
		t.Errorf("Check = %v, want missing id and placeholder mismatch", err)
	}
}

func TestParseLang(t *testing.T) {
	for in, want := range map[string]Lang{"NL": NL, "english": EN, "Engels": EN} {
		if got, ok := ParseLang(in); !ok || got != want {
			t.Errorf("ParseLang(%q) = %q, %v", in, got, ok)
		}
	}
	if _, ok := ParseLang("fr"); ok {
		t.Error("fr accepted")
	}
}

func TestPlural(t *testing.T) {
	c, err := Load("p", fstest.MapFS{
		"nl.toml": {Data: []byte("[volgers]\none = \"{n} volger van {t}\"\nother = \"{n} volgers van {t}\"\n")},
		"en.toml": {Data: []byte("[volgers]\none = \"{n} follower of {t}\"\nother = \"{n} followers of {t}\"\n")},
	})
	if err != nil {
		t.Fatal(err)
	}
	for n, want := range map[int]string{0: "0 volgers van X", 1: "1 volger van X", 2: "2 volgers van X"} {
		if got := c.N(NL, "volgers", n, "t", "X"); got != want {
			t.Errorf("N(%d) = %q, want %q", n, got, want)
		}
	}
	for n, want := range map[int]string{0: "0 followers of X", 1: "1 follower of X", 2: "2 followers of X"} {
		if got := c.N(EN, "volgers", n, "t", "X"); got != want {
			t.Errorf("en N(%d) = %q, want %q", n, got, want)
		}
	}
}

// TestPluralRulesAreCLDR: the forms come from the CLDR rules, not from a
// rule of our own: Dutch and English use one and other; a language whose
// rules have more forms gets them from the same table (Polish: 2 is
// "few", 5 "many"), which an "n == 1" rule could not give.
func TestPluralRulesAreCLDR(t *testing.T) {
	for _, l := range Langs {
		if got := pluralForms(l); strings.Join(got, ",") != "one,other" {
			t.Errorf("%s forms: %v", l, got)
		}
		for n, want := range map[int]string{0: "other", 1: "one", 2: "other", 11: "other", 101: "other", -1: "one"} {
			if got := PluralForm(l, n); got != want {
				t.Errorf("PluralForm(%s, %d) = %q, want %q", l, n, got, want)
			}
		}
	}
	tags["pl"] = language.Polish
	defer delete(tags, "pl")
	for n, want := range map[int]string{1: "one", 2: "few", 5: "many", 22: "few"} {
		if got := PluralForm("pl", n); got != want {
			t.Errorf("PluralForm(pl, %d) = %q, want %q", n, got, want)
		}
	}
}

// TestCheckPlurals: the completeness check covers plural entries: a form
// the language's rules need is reported missing, in either language.
func TestCheckPlurals(t *testing.T) {
	c, err := Load("p", fstest.MapFS{
		"nl.toml": {Data: []byte("[a]\nother = \"{n} volgers\"\n[b]\none = \"{n} ding\"\nother = \"{n} dingen\"\n")},
		"en.toml": {Data: []byte("[a]\nother = \"{n} followers\"\n[b]\none = \"{n} thing\"\n")},
	})
	if err != nil {
		t.Fatal(err)
	}
	err = c.Check()
	for _, want := range []string{`nl: plural "a" lacks the form "one"`, `en: plural "a" lacks the form "one"`, `en: plural "b" lacks the form "other"`} {
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("Check() = %v; want it to say %s", err, want)
		}
	}
	// A missing form falls back to other rather than to the id.
	if got := c.N(NL, "a", 1); got != "1 volgers" {
		t.Errorf("fallback: %q", got)
	}
}
