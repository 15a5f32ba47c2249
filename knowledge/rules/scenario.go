package rules

import (
	"errors"
	"fmt"
	"io/fs"
	"maps"
	"slices"
	"sort"
	"strings"
	"time"

	"github.com/BurntSushi/toml"
	"github.com/noaber/noaber/i18n"
)

// Scenario is one test case: facts in, the expected result out.
type Scenario struct {
	Name string `toml:"name"`
	// Today is the current date for the scenario; the file's today when
	// zero.
	Today time.Time `toml:"today"`
	// Ask evaluates as a conversation does (no defaults: a date fact is
	// asked, not filled with today).
	Ask   bool           `toml:"ask"`
	Facts map[string]any `toml:"facts"`
	// Outcome is yes, no, depends or incomplete; Error "no_parameter"
	// expects that no parameter value is known for the date.
	Outcome string `toml:"outcome"`
	Error   string `toml:"error"`
	// Reasons are the ids of the rules that must fire (exactly these).
	Reasons []string `toml:"reasons"`
	// Next and Missing are checked when set (for incomplete results).
	Next    string   `toml:"next"`
	Missing []string `toml:"missing"`
	// Contains are phrases the Dutch and English explanations must hold
	// (each phrase in either language).
	Contains []string `toml:"contains"`
	// Offers are the other checks the result must offer (exactly these,
	// in order); checked when set.
	Offers []string `toml:"offers"`

	line int
}

// ScenarioFile is a NAME.scenarios.toml file.
type ScenarioFile struct {
	// Check is the id of the check; the file name before .scenarios.toml
	// when empty.
	Check     string     `toml:"check"`
	Today     time.Time  `toml:"today"`
	Scenarios []Scenario `toml:"scenario"`
}

// ScenarioResult is the result of one scenario.
type ScenarioResult struct {
	File, Check, Scenario string
	Line                  int
	// Problems is empty when the scenario passed.
	Problems []string
}

// Failed reports whether the scenario failed.
func (r ScenarioResult) Failed() bool { return len(r.Problems) > 0 }

// String formats a failure as "file:line: scenario "name": problems".
func (r ScenarioResult) String() string {
	status := "ok"
	if r.Failed() {
		status = strings.Join(r.Problems, "; ")
	}
	return fmt.Sprintf("%s:%d: scenario %q: %s", r.File, r.Line, r.Scenario, status)
}

// RunScenarios runs every *.scenarios.toml file in fsys against set. A
// malformed scenario file is an error (FileErrors); a scenario whose result
// differs is a failed ScenarioResult.
func RunScenarios(set *Set, fsys fs.FS) ([]ScenarioResult, error) {
	names, err := fs.Glob(fsys, "*"+ScenarioSuffix)
	if err != nil {
		return nil, err
	}
	var out []ScenarioResult
	var errs FileErrors
	for _, name := range names {
		data, err := fs.ReadFile(fsys, name)
		if err != nil {
			return nil, fmt.Errorf("read %s: %w", name, err)
		}
		res, err := runScenarioFile(set, name, data)
		if err != nil {
			var fe FileErrors
			if errors.As(err, &fe) {
				errs = append(errs, fe...)
				continue
			}
			return nil, err
		}
		out = append(out, res...)
	}
	if len(errs) > 0 {
		return out, errs
	}
	return out, nil
}

func runScenarioFile(set *Set, name string, data []byte) ([]ScenarioResult, error) {
	var sf ScenarioFile
	loc := newLocator(string(data))
	md, err := toml.Decode(string(data), &sf)
	if err != nil {
		var pe toml.ParseError
		if errors.As(err, &pe) {
			return nil, FileErrors{{File: name, Line: pe.Position.Line, Msg: pe.Message}}
		}
		return nil, FileErrors{{File: name, Line: tomlLine(err, loc), Msg: oneLine(err)}}
	}
	var errs FileErrors
	add := func(line int, format string, args ...any) {
		errs = append(errs, &FileError{File: name, Line: line, Msg: fmt.Sprintf(format, args...)})
	}
	for _, k := range md.Undecoded() {
		add(loc.anyKey(k[len(k)-1]), "unknown key %q", k.String())
	}
	id := sf.Check
	if id == "" {
		id = strings.TrimSuffix(name, ScenarioSuffix)
	}
	c, ok := set.Get(id)
	if !ok {
		add(loc.top("check"), "%v %q", ErrUnknownCheck, id)
		return nil, errs
	}
	if len(sf.Scenarios) == 0 {
		add(0, "no [[scenario]]")
	}
	seen := map[string]bool{}
	type prepared struct {
		sc    Scenario
		today time.Time
		vals  Values
	}
	var todo []prepared
	for i, sc := range sf.Scenarios {
		sc.line = loc.elem("scenario", i)
		if sc.Name == "" {
			add(sc.line, "scenario %d: missing name", i+1)
		} else if seen[sc.Name] {
			add(sc.line, "duplicate scenario name %q", sc.Name)
		}
		seen[sc.Name] = true
		today := sc.Today
		if today.IsZero() {
			today = sf.Today
		}
		if today.IsZero() {
			add(sc.line, "scenario %q: no today (set it in the scenario or at the top of the file)", sc.Name)
			continue
		}
		switch sc.Outcome {
		case "yes", "no", "depends", "incomplete":
		case "":
			if sc.Error != "no_parameter" {
				add(loc.elemKey("scenario", i, "outcome"), "scenario %q: want outcome yes, no, depends or incomplete, or error = \"no_parameter\"", sc.Name)
			}
		default:
			add(loc.elemKey("scenario", i, "outcome"), "scenario %q: bad outcome %q", sc.Name, sc.Outcome)
		}
		if sc.Error != "" && sc.Error != "no_parameter" {
			add(loc.elemKey("scenario", i, "error"), "scenario %q: the only error is \"no_parameter\"", sc.Name)
		}
		for _, r := range sc.Reasons {
			if _, ok := c.Rule(r); !ok {
				add(loc.elemKey("scenario", i, "reasons"), "scenario %q: unknown rule %q", sc.Name, r)
			}
		}
		for _, f := range append(slices.Clone(sc.Missing), sc.Next) {
			if _, ok := c.facts[f]; f != "" && !ok {
				add(loc.elemKey("scenario", i, "missing"), "scenario %q: %v %q", sc.Name, ErrUnknownFact, f)
			}
		}
		vals := Values{}
		for _, k := range slices.Sorted(maps.Keys(sc.Facts)) { // errors in a stable order
			v := sc.Facts[k]
			f, ok := c.facts[k]
			if !ok {
				add(loc.elemKey("scenario", i, "facts"), "scenario %q: %v %q", sc.Name, ErrUnknownFact, k)
				continue
			}
			x, err := f.FromTOML(v, civil(today))
			if err != nil {
				add(loc.elemKey("scenario", i, "facts"), "scenario %q: %v", sc.Name, err)
				continue
			}
			vals[k] = x
		}
		todo = append(todo, prepared{sc, today, vals})
	}
	if len(errs) > 0 {
		return nil, errs
	}
	var out []ScenarioResult
	for _, p := range todo {
		out = append(out, runScenario(c, name, p.sc, p.today, p.vals))
	}
	return out, nil
}

func runScenario(c *Check, file string, sc Scenario, today time.Time, vals Values) ScenarioResult {
	r := ScenarioResult{File: file, Check: c.ID, Scenario: sc.Name, Line: sc.line}
	fail := func(format string, args ...any) { r.Problems = append(r.Problems, fmt.Sprintf(format, args...)) }
	res, err := c.Evaluate(vals, Options{Today: today, UseDefaults: !sc.Ask})
	var npe *NoParameterError
	switch {
	case sc.Error == "no_parameter" && errors.As(err, &npe):
		return r
	case sc.Error == "no_parameter":
		fail("want error no_parameter, got %v", describe(res, err))
		return r
	case err != nil:
		fail("evaluate: %v", err)
		return r
	}
	if string(res.Outcome) != sc.Outcome {
		fail("outcome %s, want %s", res.Outcome, sc.Outcome)
	}
	if sc.Reasons != nil {
		got := make([]string, len(res.Reasons))
		for i, rule := range res.Reasons {
			got[i] = rule.ID
		}
		want := slices.Clone(sc.Reasons)
		sort.Strings(got)
		sort.Strings(want)
		if !slices.Equal(got, want) {
			fail("reasons %v, want %v", got, want)
		}
	}
	if sc.Next != "" && res.Next != sc.Next {
		fail("next question %q, want %q", res.Next, sc.Next)
	}
	if sc.Missing != nil && !slices.Equal(res.Missing, sc.Missing) {
		fail("missing %v, want %v", res.Missing, sc.Missing)
	}
	if sc.Offers != nil && !slices.Equal(res.Offers(), sc.Offers) {
		fail("offers %v, want %v", res.Offers(), sc.Offers)
	}
	if len(sc.Contains) > 0 {
		text := res.Explanation(i18n.NL) + "\n" + res.Explanation(i18n.EN)
		for _, s := range sc.Contains {
			if !strings.Contains(text, s) {
				fail("explanation lacks %q", s)
			}
		}
	}
	return r
}

func describe(res *Result, err error) string {
	if err != nil {
		return err.Error()
	}
	return "outcome " + string(res.Outcome)
}
