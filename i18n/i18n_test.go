package i18n

import (
	"strings"
	"testing"
	"testing/fstest"
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
	if got := c.N(EN, "volgers", 1, "t", "X"); got != "1 follower of X" {
		t.Errorf("en: %q", got)
	}
}
