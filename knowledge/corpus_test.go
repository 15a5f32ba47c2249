package knowledge

import (
	"errors"
	"strings"
	"testing"
	"testing/fstest"
)

const goodDoc = `+++
id = "nl-test"
topic = "test"
title = "Test"
lang = "nl"
reviewed = 2026-01-15
tags = ["a", "b"]
[[sources]]
title = "Bron"
url = "https://example.org"
ref = "art. 1"
+++
# Test

Intro tekst.

## Eerste kop
Tekst een.

` + "```" + `
## geen kop in code
` + "```" + `

## Tweede kop ##
Tekst twee.
`

func TestParseDocument(t *testing.T) {
	doc, err := ParseDocument("good.md", []byte(goodDoc))
	if err != nil {
		t.Fatal(err)
	}
	if doc.ID != "nl-test" || doc.Topic != "test" || doc.Lang != "nl" || doc.Reviewed.Year() != 2026 || len(doc.Tags) != 2 {
		t.Errorf("front matter = %+v", doc)
	}
	if len(doc.Sources) != 1 || doc.Sources[0].ID != "nl-test" || doc.Sources[0].Ref != "art. 1" {
		t.Errorf("sources = %+v", doc.Sources)
	}
	var heads []string
	for _, p := range doc.Passages {
		heads = append(heads, p.Heading+"="+strings.Fields(p.Text)[0])
	}
	if got, want := strings.Join(heads, "|"), "=Intro|Eerste kop=Tekst|Tweede kop=Tekst"; got != want {
		t.Errorf("passages = %q, want %q", got, want)
	}
	if !strings.Contains(doc.Passages[1].Text, "## geen kop in code") {
		t.Errorf("a heading inside a code block split the passage: %q", doc.Passages[1].Text)
	}
	if doc.Passages[2].ID() != "nl-test#2" {
		t.Errorf("passage id = %s", doc.Passages[2].ID())
	}
}

func TestParseDocumentErrors(t *testing.T) {
	replace := func(old, new string) string { return strings.Replace(goodDoc, old, new, 1) }
	tests := []struct {
		name, doc, want string
	}{
		{"no fence", "# Titel\n", "bad.md:1: document must start"},
		{"unclosed", strings.Replace(goodDoc, "+++\n# Test", "# Test", 1), "bad.md:1: front matter is not closed"},
		{"no id", replace(`id = "nl-test"`, ""), "bad.md:1: front matter: id is missing"},
		{"space in id", replace(`id = "nl-test"`, `id = "nl test"`), "bad.md:2: front matter: id"},
		{"no title", replace(`title = "Test"`, ""), "bad.md:1: front matter: title is missing"},
		{"no lang", replace(`lang = "nl"`, ""), "bad.md:1: front matter: lang is missing"},
		{"bad lang", replace(`lang = "nl"`, `lang = "de"`), `bad.md:5: front matter: lang "de" is not supported`},
		{"no sources", replace("[[sources]]\ntitle = \"Bron\"\nurl = \"https://example.org\"\nref = \"art. 1\"\n", ""), "bad.md:1: front matter: no [[sources]]"},
		{"source without title", replace(`title = "Bron"`, ""), "bad.md:8: front matter: source 1 has no title"},
		{"bad url", replace(`url = "https://example.org"`, `url = "javascript:alert(1)"`), "bad.md:8: front matter: source 1: url"},
		{"bad toml", replace(`tags = ["a", "b"]`, `tags = ["a", `), "bad.md:8: front matter:"},
		{"reviewed not a date", replace(`reviewed = 2026-01-15`, `reviewed = "gisteren"`), "bad.md:6: front matter: reviewed must be a TOML date"},
		{"no text", strings.SplitAfter(goodDoc, "+++\n")[0] + strings.SplitAfter(goodDoc, "+++\n")[1], "bad.md:13: document has no text"},
		{"not utf8", "+++\n\xff\n+++\n", "bad.md: document is not valid UTF-8"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := ParseDocument("bad.md", []byte(tt.doc))
			if err == nil {
				t.Fatal("no error")
			}
			if !errors.Is(err, ErrMalformed) {
				t.Errorf("error %v does not wrap ErrMalformed", err)
			}
			if !strings.HasPrefix(err.Error(), tt.want) {
				t.Errorf("error = %q, want prefix %q", err, tt.want)
			}
		})
	}
}

func TestTopicDefaultsToID(t *testing.T) {
	doc, err := ParseDocument("x.md", []byte(strings.Replace(goodDoc, `topic = "test"`, "", 1)))
	if err != nil {
		t.Fatal(err)
	}
	if doc.Topic != "nl-test" {
		t.Errorf("topic = %q, want the id", doc.Topic)
	}
}

func TestParseFSSkipsBadAndMergeRejectsDuplicates(t *testing.T) {
	fsys := fstest.MapFS{
		"nl/a.md":      {Data: []byte(goodDoc)},
		"nl/b.md":      {Data: []byte(goodDoc)}, // same id
		"nl/bad.md":    {Data: []byte("no front matter")},
		"nl/notes.txt": {Data: []byte("ignored")},
	}
	docs, errs := ParseFS(fsys, true)
	if len(docs) != 2 || len(errs) != 1 || !strings.Contains(errs[0].Error(), "nl/bad.md:1") {
		t.Fatalf("docs=%d errs=%v", len(docs), errs)
	}
	merged, errs := merge(docs)
	if len(merged) != 1 || len(errs) != 1 || !strings.Contains(errs[0].Error(), `nl/b.md:2: duplicate id "nl-test"`) {
		t.Fatalf("merged=%d errs=%v", len(merged), errs)
	}
}

// The shipped corpus must always load: a broken document fails this test
// rather than the bot's start.
func TestEmbeddedCorpusLoads(t *testing.T) {
	docs, errs := ParseFS(Corpus(), false)
	if err := errors.Join(errs...); err != nil {
		t.Fatal(err)
	}
	if _, errs := merge(docs); len(errs) > 0 {
		t.Fatal(errors.Join(errs...))
	}
	if len(docs) == 0 {
		t.Fatal("embedded corpus is empty")
	}
}
