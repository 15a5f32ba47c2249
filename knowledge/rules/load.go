package rules

import (
	"errors"
	"fmt"
	"io/fs"
	"maps"
	"os"
	"path"
	"regexp"
	"slices"
	"sort"
	"strings"

	"github.com/BurntSushi/toml"
)

// ScenarioSuffix ends the names of scenario files; every other .toml file
// in a rules directory is a check.
const ScenarioSuffix = ".scenarios.toml"

// Set is a collection of checks by id.
type Set struct {
	checks map[string]*Check
}

// Get returns the check with id.
func (s *Set) Get(id string) (*Check, bool) {
	c, ok := s.checks[id]
	return c, ok
}

// Checks returns the checks, ordered by Order and then id.
func (s *Set) Checks() []*Check {
	out := make([]*Check, 0, len(s.checks))
	for _, c := range s.checks {
		out = append(out, c)
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].Order != out[j].Order {
			return out[i].Order < out[j].Order
		}
		return out[i].ID < out[j].ID
	})
	return out
}

// With returns a set with the checks of s, plus those of over; a check in
// over replaces the check with the same id (a municipality's own Right to
// Challenge conditions).
func (s *Set) With(over *Set) *Set {
	out := &Set{checks: map[string]*Check{}}
	for id, c := range s.checks {
		out.checks[id] = c
	}
	if over != nil {
		for id, c := range over.checks {
			out.checks[id] = c
		}
	}
	return out
}

// LoadDir loads the checks in a directory (see Load).
func LoadDir(dir string) (*Set, error) {
	st, err := os.Stat(dir)
	if err != nil {
		return nil, fmt.Errorf("rules directory: %w", err)
	}
	if !st.IsDir() {
		return nil, fmt.Errorf("rules directory %s: not a directory", dir)
	}
	return Load(os.DirFS(dir))
}

// Load reads every *.toml file in the root of fsys except scenario files
// as a check. It reports every problem it finds, each with file and line,
// as FileErrors; two files with the same check id are an error.
func Load(fsys fs.FS) (*Set, error) { return load(fsys, fileLimits) }

// load is Load within the bounds lim (tests use small ones).
func load(fsys fs.FS, lim limits) (*Set, error) {
	names, err := fs.Glob(fsys, "*.toml")
	if err != nil {
		return nil, err
	}
	set := &Set{checks: map[string]*Check{}}
	var errs FileErrors
	files, total := 0, int64(0)
	for _, name := range names {
		if strings.HasSuffix(name, ScenarioSuffix) {
			continue
		}
		// The limits are checked before a file is read or parsed: a huge
		// or deeply nested file costs memory before any other check.
		if files++; files > lim.Files {
			return nil, FileErrors{{File: name, Msg: fmt.Sprintf("more than %d check files in the directory; keep only the checks in use", lim.Files)}}
		}
		if info, err := fs.Stat(fsys, name); err == nil {
			if info.Size() > lim.FileBytes {
				errs = append(errs, &FileError{File: name, Msg: fmt.Sprintf("%d KB, more than the %d KB a check file may have", info.Size()>>10, lim.FileBytes>>10)})
				continue
			}
			if total += info.Size(); total > lim.TotalBytes {
				return nil, append(errs, &FileError{File: name, Msg: fmt.Sprintf("the check files together exceed %d KB", lim.TotalBytes>>10)})
			}
		}
		data, err := fs.ReadFile(fsys, name)
		if err != nil {
			return nil, fmt.Errorf("read %s: %w", name, err)
		}
		if line, depth := nesting(data); depth > lim.Depth {
			errs = append(errs, &FileError{File: name, Line: line, Msg: fmt.Sprintf("brackets nested %d deep, more than %d; write the expression in steps (derived values)", depth, lim.Depth)})
			continue
		}
		c, err := Parse(name, data)
		if err != nil {
			var fe FileErrors
			if errors.As(err, &fe) {
				errs = append(errs, fe...)
				continue
			}
			return nil, err
		}
		if prev, dup := set.checks[c.ID]; dup {
			errs = append(errs, &FileError{File: name, Line: newLocator(string(data)).top("id"),
				Msg: fmt.Sprintf("duplicate check id %q (also in %s)", c.ID, prev.File)})
			continue
		}
		set.checks[c.ID] = c
	}
	if len(errs) > 0 {
		return nil, errs
	}
	return set, nil
}

// limits bound a rules directory, so a mistaken file cannot take hundreds
// of megabytes at start. Our largest check file is 18 KB and its deepest
// expression 4 brackets deep.
type limits struct {
	FileBytes, TotalBytes int64
	Files, Depth          int
}

// fileLimits are the bounds Load applies.
var fileLimits = limits{FileBytes: 256 << 10, TotalBytes: 2 << 20, Files: 100, Depth: 32}

// nesting returns the deepest nesting of ( [ { in data, and its line.
// Brackets inside strings count too: the limit is far above any real file.
func nesting(data []byte) (line, depth int) {
	cur, ln := 0, 1
	for _, b := range data {
		switch b {
		case '\n':
			ln++
		case '(', '[', '{':
			if cur++; cur > depth {
				depth, line = cur, ln
			}
		case ')', ']', '}':
			if cur > 0 {
				cur--
			}
		}
	}
	return line, depth
}

var idRE = regexp.MustCompile(`^[a-z][a-z0-9_]*$`)

// reserved names clash with expr's builtins and operators.
var reserved = []string{"abs", "all", "and", "any", "ceil", "count", "date", "duration", "false", "filter", "find", "first",
	"float", "floor", "in", "int", "last", "len", "map", "matches", "max", "min", "nil", "none", "not", "now", "one",
	"or", "round", "string", "sum", "true", "contains", "let", "if", "else"}

// Parse reads one check file. name is used in error messages.
func Parse(name string, data []byte) (*Check, error) {
	c := &Check{File: name}
	src := string(data)
	loc := newLocator(src)
	v := &validator{file: name, loc: loc}
	md, err := toml.Decode(src, c)
	if err != nil {
		var pe toml.ParseError
		if errors.As(err, &pe) {
			return nil, FileErrors{{File: name, Line: pe.Position.Line, Msg: pe.Message}}
		}
		return nil, FileErrors{{File: name, Line: tomlLine(err, loc), Msg: oneLine(err)}}
	}
	for _, k := range md.Undecoded() {
		v.add(loc.anyKey(k[len(k)-1]), "unknown key %q", k.String())
	}
	v.check(c)
	if len(v.errs) > 0 {
		return nil, v.errs
	}
	return c, nil
}

// tomlLine digs a line number out of a decode error ("line 12").
func tomlLine(err error, _ *locator) int {
	m := regexp.MustCompile(`line (\d+)`).FindStringSubmatch(err.Error())
	if m == nil {
		return 0
	}
	n := 0
	fmt.Sscan(m[1], &n)
	return n
}

func oneLine(err error) string {
	s := err.Error()
	if i := strings.IndexByte(s, '\n'); i >= 0 {
		s = s[:i]
	}
	return s
}

type validator struct {
	file string
	loc  *locator
	errs FileErrors
}

func (v *validator) add(line int, format string, args ...any) {
	v.errs = append(v.errs, &FileError{File: v.file, Line: line, Msg: fmt.Sprintf(format, args...)})
}

func (v *validator) text(line int, what string, t Text) {
	switch {
	case t.NL == "" && t.EN == "":
		v.add(line, "%s: missing nl and en text", what)
	case t.NL == "":
		v.add(line, "%s: missing nl text", what)
	case t.EN == "":
		v.add(line, "%s: missing en text", what)
	}
}

func (v *validator) id(line int, what, id string, max int) bool {
	switch {
	case id == "":
		v.add(line, "%s: missing id", what)
	case !idRE.MatchString(id) || len(id) > max:
		v.add(line, "%s: id %q must be lower-case letters, digits and _ (at most %d characters), starting with a letter", what, id, max)
	case slices.Contains(reserved, id):
		v.add(line, "%s: id %q is a reserved word in expressions", what, id)
	default:
		return true
	}
	return false
}

func (v *validator) check(c *Check) {
	l := v.loc
	if v.id(l.top("id"), "check", c.ID, 40) {
		// The file name should say which check it holds.
		if base := strings.TrimSuffix(path.Base(v.file), ".toml"); base != c.ID {
			v.add(l.top("id"), "check id %q differs from the file name %q", c.ID, base)
		}
	}
	v.text(l.top("title"), "title", c.Title)
	v.text(l.top("description"), "description", c.Description)

	c.facts, c.derived, c.params, c.sources = map[string]*Fact{}, map[string]*Derived{}, map[string]*Parameter{}, map[string]*Source{}
	names := map[string]string{} // id → what, one namespace for expressions

	for i, s := range c.Sources {
		line := l.elem("sources", i)
		if !v.id(line, "source", s.ID, 64) {
			continue
		}
		if _, dup := c.sources[s.ID]; dup {
			v.add(line, "duplicate source id %q", s.ID)
		}
		if s.Title == "" {
			v.add(line, "source %s: missing title", s.ID)
		}
		c.sources[s.ID] = s
	}
	srcRefs := func(line int, what string, ids []string) {
		for _, id := range ids {
			if _, ok := c.sources[id]; !ok {
				v.add(line, "%s: unknown source %q", what, id)
			}
		}
	}
	claim := func(line int, what, id string) bool {
		if prev, dup := names[id]; dup {
			v.add(line, "duplicate id %q (%s and %s)", id, prev, what)
			return false
		}
		names[id] = what
		return true
	}

	for i, f := range c.Facts {
		f.line = l.elem("facts", i)
		what := "fact " + f.ID
		if !v.id(f.line, "fact", f.ID, 32) || !claim(f.line, "fact", f.ID) {
			continue
		}
		c.facts[f.ID] = f
		switch f.Type {
		case YesNo, Choice, Amount, Date, Number, String, Grants:
		case "":
			v.add(l.elemKey("facts", i, "type"), "%s: missing type", what)
		default:
			v.add(l.elemKey("facts", i, "type"), "%s: bad type %q (want yesno, choice, amount, date, number, text or grants)", what, f.Type)
		}
		v.text(l.elemKey("facts", i, "label"), what+" label", f.Label)
		v.text(l.elemKey("facts", i, "question"), what+" question", f.Question)
		if f.Help != (Text{}) {
			v.text(l.elemKey("facts", i, "help"), what+" help", f.Help)
		}
		optLine := l.elemKey("facts", i, "options")
		if f.Type == Choice || f.Type == Grants {
			if len(f.Options) < 2 {
				v.add(optLine, "%s: a choice or grants fact needs at least two options (kinds)", what)
			}
			seen := map[string]bool{}
			for _, o := range f.Options {
				if !v.id(optLine, what+" option", o.ID, 32) {
					continue
				}
				if seen[o.ID] {
					v.add(optLine, "%s: duplicate option %q", what, o.ID)
				}
				seen[o.ID] = true
				v.text(optLine, what+" option "+o.ID+" label", o.Label)
			}
		} else if len(f.Options) > 0 {
			v.add(optLine, "%s: only a choice has options", what)
		}
		if f.Optional {
			v.text(l.elemKey("facts", i, "skip"), what+" skip", f.Skip)
		}
		if _, isOption := f.Option(f.Default); f.Default != "" && !(f.Default == "today" && f.Type == Date) && !(f.Type == Choice && isOption) {
			v.add(l.elemKey("facts", i, "default"), "%s: a default is \"today\" for a date or an option id for a choice", what)
		}
		if (f.Min != nil || f.Max != nil || f.Integer || len(f.Aliases) > 0) && f.Type != Amount && f.Type != Number {
			v.add(f.line, "%s: min, max, integer and aliases are for amounts and numbers", what)
		}
		if f.Unit != "" && (f.Unit != "months" || f.Type != Number) {
			v.add(l.elemKey("facts", i, "unit"), "%s: the only unit is \"months\", for a number", what)
		}
	}
	if c.DateFact != "" {
		if f, ok := c.facts[c.DateFact]; !ok || f.Type != Date {
			v.add(l.top("date_fact"), "date_fact %q is not a date fact", c.DateFact)
		}
	}
	for i, p := range c.Parameters {
		p.line = l.elem("parameters", i)
		what := "parameter " + p.ID
		if !v.id(p.line, "parameter", p.ID, 40) || !claim(p.line, "parameter", p.ID) {
			continue
		}
		c.params[p.ID] = p
		if p.Type != Amount && p.Type != Number {
			v.add(l.elemKey("parameters", i, "type"), "%s: type must be amount or number", what)
		}
		v.text(l.elemKey("parameters", i, "label"), what+" label", p.Label)
		vline := l.elemKey("parameters", i, "values")
		if len(p.Values) == 0 {
			v.add(vline, "%s: no values", what)
		}
		for j, pv := range p.Values {
			if pv.From.IsZero() {
				v.add(vline, "%s: value %d has no from date", what, j+1)
			}
			if !pv.Until.IsZero() && pv.Until.Before(pv.From) {
				v.add(vline, "%s: value %d ends (%s) before it starts", what, j+1, pv.Period)
			}
			if pv.Source == "" {
				v.add(vline, "%s: value %d has no source", what, j+1)
			} else {
				srcRefs(vline, what, []string{pv.Source})
			}
			for _, q := range p.Values[:j] {
				if overlaps(q.Period, pv.Period) {
					v.add(vline, "%s: periods %s and %s overlap", what, q.Period, pv.Period)
				}
			}
		}
	}
	for i, d := range c.Derived {
		d.line = l.elem("derived", i)
		if v.id(d.line, "derived value", d.ID, 40) && claim(d.line, "derived value", d.ID) {
			c.derived[d.ID] = d
		}
		switch d.Type {
		case YesNo, Amount, Date, Number, String:
		default:
			v.add(l.elemKey("derived", i, "type"), "derived value %s: bad type %q (want yesno, amount, date, number or text)", d.ID, d.Type)
		}
		v.text(l.elemKey("derived", i, "label"), "derived value "+d.ID+" label", d.Label)
	}
	if len(v.errs) > 0 {
		return // expressions need a sound set of names
	}

	// Compile derived values in dependency order, so each sees the ones
	// it uses; a cycle is an error.
	v.orderDerived(c)
	for i, d := range c.Derived {
		n, err := c.compile(d.Expr, d.Type)
		if err != nil {
			v.add(l.elemKey("derived", i, "expr"), "derived value %s: %v", d.ID, err)
			continue
		}
		d.node = n
	}
	for i, f := range c.Facts {
		for _, e := range []struct {
			key, src string
			dst      **node
		}{{"ask_if", f.AskIf, &f.askIf}, {"absent_if", f.AbsentIf, &f.absentIf}} {
			if e.src == "" {
				continue
			}
			n, err := c.compile(e.src, YesNo)
			if err != nil {
				v.add(l.elemKey("facts", i, e.key), "fact %s %s: %v", f.ID, e.key, err)
				continue
			}
			*e.dst = n
		}
	}

	ruleIDs := map[string]bool{}
	decisive := 0
	for i, r := range c.Rules {
		r.line = l.elem("rules", i)
		what := "rule " + r.ID
		if v.id(r.line, "rule", r.ID, 40) {
			if ruleIDs[r.ID] {
				v.add(r.line, "duplicate rule id %q", r.ID)
			}
			ruleIDs[r.ID] = true
		}
		switch r.Outcome {
		case "yes", "no", "depends":
			decisive++
			if _, ok := c.Outcomes[r.Outcome]; !ok {
				v.add(l.elemKey("rules", i, "outcome"), "%s: outcome %q has no [outcomes.%s] text", what, r.Outcome, r.Outcome)
			}
		case "":
		default:
			v.add(l.elemKey("rules", i, "outcome"), "%s: bad outcome %q (want yes, no, depends, or none for a note)", what, r.Outcome)
		}
		if strings.TrimSpace(r.When) == "" {
			v.add(r.line, "%s: missing when", what)
		} else if n, err := c.compile(r.When, YesNo); err != nil {
			v.add(l.elemKey("rules", i, "when"), "%s: %v", what, err)
		} else {
			r.node = n
			r.refs = c.refsTree(n)
			r.facts = c.factsOf(r.refs)
		}
		for _, id := range r.Needs {
			if _, ok := c.facts[id]; !ok {
				v.add(l.elemKey("rules", i, "needs"), "%s: needs unknown fact %q", what, id)
			}
		}
		r.facts = c.factsOf(merge(r.refs, r.Needs))
		if r.Lead && r.Outcome != "" {
			v.add(l.elemKey("rules", i, "lead"), "%s: lead is for notes", what)
		}
		for _, id := range r.Offer {
			if id == c.ID {
				v.add(l.elemKey("rules", i, "offer"), "%s: a check cannot offer itself", what)
			} else {
				v.id(l.elemKey("rules", i, "offer"), what+" offer", id, 40)
			}
		}
		for _, o := range r.ShowWith {
			if r.Outcome != "" || (o != "yes" && o != "no" && o != "depends") {
				v.add(l.elemKey("rules", i, "show_with"), "%s: show_with is for notes and lists yes, no or depends", what)
			}
		}
		v.text(l.elemKey("rules", i, "text"), what+" text", r.Text)
		v.placeholders(c, l.elemKey("rules", i, "text"), what, r.Text)
		srcRefs(l.elemKey("rules", i, "sources"), what, r.Sources)
	}
	if decisive == 0 {
		v.add(0, "no rule has an outcome")
	}
	for _, key := range slices.Sorted(maps.Keys(c.Outcomes)) { // errors in a stable order
		o := c.Outcomes[key]
		line := l.table("outcomes." + key)
		if key != "yes" && key != "no" && key != "depends" {
			v.add(line, "unknown outcome %q (want yes, no or depends)", key)
			continue
		}
		v.text(line, "outcome "+key+" title", o.Title)
		v.text(line, "outcome "+key+" text", o.Text)
		if o.Reasons != (Text{}) {
			v.text(line, "outcome "+key+" reasons", o.Reasons)
		}
		v.placeholders(c, line, "outcome "+key, o.Title)
		v.placeholders(c, line, "outcome "+key, o.Text)
		srcRefs(line, "outcome "+key, o.Sources)
	}
}

func overlaps(a, b Period) bool {
	aEndsBefore := !a.Until.IsZero() && a.Until.Before(b.From)
	bEndsBefore := !b.Until.IsZero() && b.Until.Before(a.From)
	return !aEndsBefore && !bEndsBefore
}

func (v *validator) placeholders(c *Check, line int, what string, t Text) {
	for _, s := range []string{t.NL, t.EN} {
		for _, m := range placeholderRE.FindAllStringSubmatch(s, -1) {
			if c.typeOf(m[1]) == "" {
				v.add(line, "%s: unknown placeholder {%s}", what, m[1])
			}
		}
	}
}

// orderDerived sorts c.Derived so each comes after the derived values it
// uses, and reports a cycle.
func (v *validator) orderDerived(c *Check) {
	deps := map[string][]string{}
	re := regexp.MustCompile(`[A-Za-z_][A-Za-z0-9_]*`)
	for _, d := range c.Derived {
		for _, w := range re.FindAllString(d.Expr, -1) {
			if _, ok := c.derived[w]; ok && !slices.Contains(deps[d.ID], w) {
				deps[d.ID] = append(deps[d.ID], w)
			}
		}
	}
	var out []*Derived
	state := map[string]int{} // 1 visiting, 2 done
	var visit func(d *Derived) bool
	visit = func(d *Derived) bool {
		switch state[d.ID] {
		case 1:
			v.add(d.line, "derived value %s depends on itself", d.ID)
			return false
		case 2:
			return true
		}
		state[d.ID] = 1
		for _, dep := range deps[d.ID] {
			if !visit(c.derived[dep]) {
				return false
			}
		}
		state[d.ID] = 2
		out = append(out, d)
		return true
	}
	for _, d := range c.Derived {
		if !visit(d) {
			return
		}
	}
	c.Derived, c.order = out, out
}

// refsTree lists the names a compiled expression uses.
func (c *Check) refsTree(n *node) []string {
	if n.kind == leaf {
		return n.refs
	}
	var out []string
	for _, k := range n.kids {
		out = merge(out, c.refsTree(k))
	}
	return out
}

// factsOf expands names to the facts behind them (through derived values
// and, for parameters, the date fact), in declaration order.
func (c *Check) factsOf(refs []string) []string {
	set := map[string]bool{}
	var walk func(id string, depth int)
	walk = func(id string, depth int) {
		if depth > 50 {
			return
		}
		if _, ok := c.facts[id]; ok {
			set[id] = true
		}
		if d, ok := c.derived[id]; ok && d.node != nil {
			for _, r := range c.refsTree(d.node) {
				walk(r, depth+1)
			}
		}
		if _, ok := c.params[id]; ok && c.DateFact != "" {
			set[c.DateFact] = true
		}
	}
	for _, r := range refs {
		walk(r, 0)
	}
	var out []string
	for _, f := range c.Facts {
		if set[f.ID] {
			out = append(out, f.ID)
		}
	}
	return out
}
