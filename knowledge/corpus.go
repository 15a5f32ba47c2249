package knowledge

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"net/url"
	"path"
	"sort"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/BurntSushi/toml"

	"github.com/noaber/noaber/i18n"
)

// Source is a reference an answer cites: a web page, a law article or a
// publication. ID is the id of the corpus document that lists it.
type Source struct {
	ID    string `json:"id"`
	Title string `json:"title"`
	URL   string `json:"url,omitempty"`
	Ref   string `json:"ref,omitempty"`
}

// Document is one corpus file: front matter plus Markdown, split into
// passages at its "##" headings.
type Document struct {
	ID       string
	Topic    string // shared by the Dutch and English version of a document
	Title    string
	Lang     i18n.Lang
	Reviewed time.Time
	// ValidFrom and ValidTo bound the period the document's rules and
	// figures apply to (both days included), for documents about one
	// period such as the thresholds of 2026-2027. Zero means open-ended.
	// Answers prefer documents valid today unless the question names a
	// year.
	ValidFrom, ValidTo time.Time
	Tags               []string
	Sources            []Source
	File               string // where it was loaded from, for error messages
	Local              bool   // from the deployment's docs_dir rather than embedded
	Passages           []*Passage
	// Cards are the curated answers of the document (<topic>.cards.toml),
	// in file order; nil for a document without cards.
	Cards []*Card

	idLine int // line of the id key, for duplicate-id errors
}

// Passage is the text under one "##" heading of a document (or the text
// before the first heading). It is the unit the index ranks.
type Passage struct {
	Doc     *Document
	Heading string // "" for the introduction before the first "##"
	Text    string // Markdown, without the heading line
	Line    int    // line of the heading in the file, for debugging

	card *Card // set on a card's retrieval unit, which is no passage of the text
}

// ValidOn reports whether the document applies on day t: t is within
// ValidFrom–ValidTo (whole days, either bound may be open).
func (d *Document) ValidOn(t time.Time) bool {
	day := time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, time.UTC)
	return (d.ValidFrom.IsZero() || !day.Before(dateOf(d.ValidFrom))) &&
		(d.ValidTo.IsZero() || !day.After(dateOf(d.ValidTo)))
}

// ValidInYear reports whether the document applies on some day of year.
// A document without a validity period applies in every year.
func (d *Document) ValidInYear(year int) bool {
	return (d.ValidFrom.IsZero() || d.ValidFrom.Year() <= year) &&
		(d.ValidTo.IsZero() || d.ValidTo.Year() >= year)
}

// Dated reports whether the document has a validity period.
func (d *Document) Dated() bool { return !d.ValidFrom.IsZero() || !d.ValidTo.IsZero() }

func dateOf(t time.Time) time.Time {
	return time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, time.UTC)
}

// ID names the passage stably: document id and passage number.
func (p *Passage) ID() string {
	for i, q := range p.Doc.Passages {
		if q == p {
			return fmt.Sprintf("%s#%d", p.Doc.ID, i)
		}
	}
	return p.Doc.ID
}

// frontMatter mirrors the TOML between the "+++" lines.
type frontMatter struct {
	ID        string   `toml:"id"`
	Topic     string   `toml:"topic"`
	Title     string   `toml:"title"`
	Lang      string   `toml:"lang"`
	Reviewed  any      `toml:"reviewed"`
	ValidFrom any      `toml:"valid_from"`
	ValidTo   any      `toml:"valid_to"`
	Tags      []string `toml:"tags"`
	Sources   []struct {
		Title string `toml:"title"`
		URL   string `toml:"url"`
		Ref   string `toml:"ref"`
	} `toml:"sources"`
}

const fence = "+++"

// maxDocBytes bounds what one document may weigh; a corpus document is a
// page or two, so anything bigger is a mistake (a binary dropped in the
// folder), not text to index.
const maxDocBytes = 1 << 20

// ParseDocument parses one corpus file. name is used in error messages.
// Every problem is reported as a *DocError with the line it is on.
func ParseDocument(name string, data []byte) (*Document, error) {
	bad := func(line int, format string, args ...any) error {
		return &DocError{File: name, Line: line, Msg: fmt.Sprintf(format, args...)}
	}
	if len(data) > maxDocBytes {
		return nil, bad(0, "document is larger than %d bytes", maxDocBytes)
	}
	if !utf8.Valid(data) {
		return nil, bad(0, "document is not valid UTF-8 text")
	}
	text := strings.ReplaceAll(string(bytes.TrimPrefix(data, []byte("\ufeff"))), "\r\n", "\n")
	lines := strings.Split(text, "\n")
	if len(lines) == 0 || strings.TrimSpace(lines[0]) != fence {
		return nil, bad(1, "document must start with a %q line opening the TOML front matter", fence)
	}
	end := -1
	for i := 1; i < len(lines); i++ {
		if strings.TrimSpace(lines[i]) == fence {
			end = i
			break
		}
	}
	if end < 0 {
		return nil, bad(1, "front matter is not closed by a second %q line", fence)
	}
	var fm frontMatter
	if _, err := toml.Decode(strings.Join(lines[1:end], "\n"), &fm); err != nil {
		line := 1
		var pe toml.ParseError
		if errors.As(err, &pe) {
			line = 1 + pe.Position.Line
			return nil, bad(line, "front matter: %s", pe.Message)
		}
		return nil, bad(line, "front matter: %v", err)
	}
	// Field checks point at the line the field is on, or at the front
	// matter's first line when it is missing.
	lineOf := func(key string) int {
		for i := 1; i < end; i++ {
			k, _, ok := strings.Cut(lines[i], "=")
			if ok && strings.TrimSpace(k) == key {
				return i + 1
			}
		}
		return 1
	}
	doc := &Document{File: name}
	doc.ID = strings.TrimSpace(fm.ID)
	switch {
	case doc.ID == "":
		return nil, bad(1, "front matter: id is missing")
	case strings.IndexFunc(doc.ID, func(r rune) bool { return unicode.IsSpace(r) || r == '#' }) >= 0:
		return nil, bad(lineOf("id"), "front matter: id %q must not contain spaces or '#'", doc.ID)
	}
	doc.idLine = lineOf("id")
	doc.Title = strings.TrimSpace(fm.Title)
	if doc.Title == "" {
		return nil, bad(1, "front matter: title is missing")
	}
	if strings.TrimSpace(fm.Lang) == "" {
		return nil, bad(1, "front matter: lang is missing (use \"nl\" or \"en\")")
	}
	doc.Lang = i18n.Lang(strings.TrimSpace(fm.Lang))
	if !doc.Lang.Valid() {
		return nil, bad(lineOf("lang"), "front matter: lang %q is not supported (use \"nl\" or \"en\")", fm.Lang)
	}
	doc.Topic = strings.TrimSpace(fm.Topic)
	if doc.Topic == "" {
		// A deployment's own one-language document may have no twin; its id
		// then stands for its topic.
		doc.Topic = doc.ID
	}
	switch r := fm.Reviewed.(type) {
	case nil:
	case time.Time:
		doc.Reviewed = r
	default:
		return nil, bad(lineOf("reviewed"), "front matter: reviewed must be a TOML date like 2026-01-31, not %v", r)
	}
	for _, f := range []struct {
		key string
		v   any
		dst *time.Time
	}{{"valid_from", fm.ValidFrom, &doc.ValidFrom}, {"valid_to", fm.ValidTo, &doc.ValidTo}} {
		switch d := f.v.(type) {
		case nil:
		case time.Time:
			*f.dst = d
		default:
			return nil, bad(lineOf(f.key), "front matter: %s must be a TOML date like 2026-01-01, not %v", f.key, d)
		}
	}
	if !doc.ValidFrom.IsZero() && !doc.ValidTo.IsZero() && doc.ValidTo.Before(doc.ValidFrom) {
		return nil, bad(lineOf("valid_to"), "front matter: valid_to %s is before valid_from %s", doc.ValidTo.Format(time.DateOnly), doc.ValidFrom.Format(time.DateOnly))
	}
	for _, t := range fm.Tags {
		if t = strings.TrimSpace(t); t != "" {
			doc.Tags = append(doc.Tags, t)
		}
	}
	if len(fm.Sources) == 0 {
		return nil, bad(1, "front matter: no [[sources]]; every document must say where its facts come from")
	}
	for i, s := range fm.Sources {
		src := Source{ID: doc.ID, Title: strings.TrimSpace(s.Title), URL: strings.TrimSpace(s.URL), Ref: strings.TrimSpace(s.Ref)}
		if src.Title == "" {
			return nil, bad(sourceLine(lines[:end], i), "front matter: source %d has no title", i+1)
		}
		if src.URL != "" {
			u, err := url.Parse(src.URL)
			if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
				return nil, bad(sourceLine(lines[:end], i), "front matter: source %d: url %q must be an http(s) URL", i+1, src.URL)
			}
		}
		doc.Sources = append(doc.Sources, src)
	}
	doc.Passages = splitPassages(doc, lines, end+1)
	if len(doc.Passages) == 0 {
		return nil, bad(end+2, "document has no text after the front matter")
	}
	return doc, nil
}

// sourceLine finds the line of the i-th [[sources]] table header.
func sourceLine(lines []string, i int) int {
	n := 0
	for l, s := range lines {
		if strings.TrimSpace(s) == "[[sources]]" {
			if n == i {
				return l + 1
			}
			n++
		}
	}
	return 1
}

// splitPassages cuts the Markdown body at "##" headings. A "#" title line
// is context, not content: the title already comes from the front matter.
// Headings inside fenced code blocks are text.
func splitPassages(doc *Document, lines []string, start int) []*Passage {
	var out []*Passage
	cur := &Passage{Doc: doc, Line: start + 1}
	var body []string
	flush := func() {
		t := strings.TrimSpace(strings.Join(body, "\n"))
		if t != "" {
			cur.Text = t
			out = append(out, cur)
		}
		body = body[:0]
	}
	inCode := false
	for i := start; i < len(lines); i++ {
		l := lines[i]
		trim := strings.TrimSpace(l)
		if strings.HasPrefix(trim, "```") || strings.HasPrefix(trim, "~~~") {
			inCode = !inCode
		}
		if !inCode {
			if h, ok := strings.CutPrefix(l, "## "); ok {
				flush()
				cur = &Passage{Doc: doc, Heading: strings.TrimSpace(strings.TrimRight(h, "# ")), Line: i + 1}
				continue
			}
			if strings.HasPrefix(l, "# ") {
				continue
			}
		}
		body = append(body, l)
	}
	flush()
	return out
}

// docLimits bound a deployment's own knowledge folder, so a mistaken copy
// (a data dump, a book) cannot take minutes and gigabytes at every start
// and reload. Our largest document is 6 KB.
type docLimits struct {
	FileBytes, TotalBytes int64
	Files                 int
}

// folderLimits are the bounds ParseFS applies to a local folder.
var folderLimits = docLimits{FileBytes: 256 << 10, TotalBytes: 8 << 20, Files: 1000}

// ParseFS parses every *.md file under fsys (recursively), in path order.
// It returns the documents that are sound and one error per document that
// is not, so a caller can decide whether a bad file is fatal (the embedded
// corpus) or only worth a log line (a deployment's own folder).
//
// A deployment's folder (local) is bounded by folderLimits: a file too large
// is skipped with an error, and reading stops at the file or total limit.
func ParseFS(fsys fs.FS, local bool) ([]*Document, []error) {
	return parseFS(fsys, local, folderLimits)
}

// parseFS is ParseFS within the bounds lim (tests use small ones).
func parseFS(fsys fs.FS, local bool, lim docLimits) ([]*Document, []error) {
	var docs []*Document
	var errs []error
	files, total := 0, int64(0)
	full := false
	err := fs.WalkDir(fsys, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			errs = append(errs, fmt.Errorf("read %s: %w", p, err))
			if d != nil && d.IsDir() && p != "." {
				return fs.SkipDir
			}
			return nil
		}
		if d.IsDir() {
			if p != "." && strings.HasPrefix(d.Name(), ".") {
				return fs.SkipDir
			}
			return nil
		}
		// A README describes the folder to its writers; it is no document.
		if path.Ext(p) != ".md" || strings.HasPrefix(d.Name(), ".") || strings.EqualFold(d.Name(), "README.md") {
			return nil
		}
		if local {
			if full {
				return nil
			}
			info, err := d.Info()
			if err != nil {
				errs = append(errs, fmt.Errorf("read %s: %w", p, err))
				return nil
			}
			if info.Size() > lim.FileBytes {
				errs = append(errs, fmt.Errorf("%s: %d KB, more than the %d KB a document may have; split it into documents per subject", p, info.Size()>>10, lim.FileBytes>>10))
				return nil
			}
			files++
			total += info.Size()
			if files > lim.Files || total > lim.TotalBytes {
				errs = append(errs, fmt.Errorf("%s and later files not read: the folder holds more than %d documents or %d MB; keep only what the bot should answer from", p, lim.Files, lim.TotalBytes>>20))
				full = true
				return nil
			}
		}
		data, err := fs.ReadFile(fsys, p)
		if err != nil {
			errs = append(errs, fmt.Errorf("read %s: %w", p, err))
			return nil
		}
		doc, err := ParseDocument(p, data)
		if err != nil {
			errs = append(errs, err)
			return nil
		}
		cardsPath := strings.TrimSuffix(p, ".md") + CardsSuffix
		if cdata, err := fs.ReadFile(fsys, cardsPath); err == nil {
			if err := ParseCards(cardsPath, cdata, doc); err != nil {
				errs = append(errs, err)
				return nil
			}
		} else if !errors.Is(err, fs.ErrNotExist) {
			errs = append(errs, fmt.Errorf("read %s: %w", cardsPath, err))
			return nil
		}
		doc.Local = local
		docs = append(docs, doc)
		return nil
	})
	if err != nil {
		errs = append(errs, err)
	}
	return docs, errs
}

// merge joins the embedded documents with a deployment's own, dropping
// (and reporting) any document whose id is already taken: the first one
// wins, so a local file can never silently replace a reviewed embedded one.
func merge(sets ...[]*Document) ([]*Document, []error) {
	seen := map[string]*Document{}
	var out []*Document
	var errs []error
	for _, set := range sets {
		for _, d := range set {
			if prev, dup := seen[d.ID]; dup {
				errs = append(errs, &DocError{File: d.File, Line: d.idLine, Msg: fmt.Sprintf("duplicate id %q (already used by %s)", d.ID, prev.File)})
				continue
			}
			seen[d.ID] = d
			out = append(out, d)
		}
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].ID < out[j].ID })
	return out, errs
}
