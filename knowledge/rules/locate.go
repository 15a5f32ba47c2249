package rules

import (
	"regexp"
	"strings"
)

// locator finds the line of a key in a TOML file, so load errors can say
// where the problem is. BurntSushi/toml does not expose key positions;
// the files are simple enough (one key a line, [[facts]]-style arrays) to
// find them by scanning. A key it cannot find gets line 0 (no line).
type locator struct{ lines []string }

func newLocator(src string) *locator { return &locator{lines: strings.Split(src, "\n")} }

var headerRE = regexp.MustCompile(`^\s*\[\[?\s*([A-Za-z0-9_.\-"]+)\s*\]\]?`)

func keyRE(key string) *regexp.Regexp {
	return regexp.MustCompile(`^\s*` + regexp.QuoteMeta(key) + `\s*=`)
}

// top is the line of a top-level key.
func (l *locator) top(key string) int {
	re := keyRE(key)
	for i, s := range l.lines {
		if headerRE.MatchString(s) {
			break
		}
		if re.MatchString(s) {
			return i + 1
		}
	}
	return 0
}

// elem is the line of the n-th (0-based) [[table]] header.
func (l *locator) elem(table string, n int) int {
	seen := 0
	for i, s := range l.lines {
		if m := headerRE.FindStringSubmatch(s); m != nil && m[1] == table && strings.Contains(s, "[[") {
			if seen == n {
				return i + 1
			}
			seen++
		}
	}
	return 0
}

// elemKey is the line of key inside the n-th [[table]] (or of a
// [table.key] sub-table header there); the header line when not found.
func (l *locator) elemKey(table string, n int, key string) int {
	start := l.elem(table, n)
	if start == 0 {
		return 0
	}
	re := keyRE(key)
	for i := start; i < len(l.lines); i++ {
		s := l.lines[i]
		if m := headerRE.FindStringSubmatch(s); m != nil {
			if m[1] == table+"."+key {
				return i + 1
			}
			if !strings.HasPrefix(m[1], table+".") {
				break
			}
			continue
		}
		if re.MatchString(s) {
			return i + 1
		}
	}
	return start
}

// table is the line of a [name] header, or of "last = " under its parent
// table ([outcomes] yes = …).
func (l *locator) table(name string) int {
	parent, last := "", name
	if i := strings.LastIndex(name, "."); i >= 0 {
		parent, last = name[:i], name[i+1:]
	}
	in := parent == ""
	re := keyRE(last)
	for i, s := range l.lines {
		if m := headerRE.FindStringSubmatch(s); m != nil {
			if m[1] == name {
				return i + 1
			}
			in = m[1] == parent
			continue
		}
		if in && re.MatchString(s) {
			return i + 1
		}
	}
	return 0
}

// anyKey is the first line that sets key anywhere.
func (l *locator) anyKey(key string) int {
	re := keyRE(key)
	for i, s := range l.lines {
		if re.MatchString(s) {
			return i + 1
		}
	}
	return 0
}
