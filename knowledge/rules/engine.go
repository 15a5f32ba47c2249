package rules

import (
	"fmt"
	"maps"
	"slices"
	"time"
)

// Values are facts by id: bool (yesno), string (choice id, text), float64
// (amount, number), time.Time (date) or nil for a fact without a value
// (skipped, not applicable).
type Values map[string]any

// Options steer an evaluation.
type Options struct {
	// Today is the current date in Europe/Amsterdam; only its calendar
	// date counts. It is the reference date when the check has no date
	// fact or the date fact is filled by default.
	Today time.Time
	// UseDefaults fills facts that have a default (a date fact with
	// default "today") when they are not given, instead of asking them.
	// The command line sets it; a conversation asks.
	UseDefaults bool
}

// State is what a rule evaluated to.
type State string

// The states of a rule.
const (
	True    State = "true"
	False   State = "false"
	Unknown State = "unknown" // facts are missing
)

// Step is one rule in the trace of an evaluation.
type Step struct {
	Rule    *Rule
	State   State
	Missing []string // facts the rule still needs, when Unknown
	// Decisive is false for rules after the one that decided, which were
	// evaluated only to show them.
	Decisive bool
}

// ParamUse is a parameter value an evaluation used.
type ParamUse struct {
	Param *Parameter
	Value ParamValue
}

// Result is the outcome of an evaluation with its explanation.
type Result struct {
	Check   *Check
	Outcome Outcome
	// Reasons are the rules that fired for the outcome: the deciding rule,
	// later rules with the same outcome, and notes.
	Reasons []*Rule
	Trace   []Step
	// Missing lists the facts still needed, in the order the check
	// declares them (when Incomplete).
	Missing []string
	// Next is the fact to ask next (when Incomplete).
	Next string
	// Date is the reference date for parameters; DateDefault says it is
	// today because no date was given.
	Date        time.Time
	DateDefault bool
	Params      []ParamUse
	// Values are the facts (given and resolved) and the derived values
	// that could be computed.
	Values Values
}

type evaluation struct {
	c       *Check
	vals    Values
	today   time.Time
	derived map[string]tv
	// derivedSpec caches derived values computed speculatively.
	derivedSpec map[string]tv
	busy        map[string]bool
	params      []ParamUse
}

// Evaluate decides the check from the given facts. It returns an error
// for a fact the check does not declare or a value of the wrong type
// (*FactError), a parameter without a value on the reference date
// (*NoParameterError), or a rule that cannot be evaluated (a fault in the
// check file that its scenarios should catch).
func (c *Check) Evaluate(given Values, opt Options) (*Result, error) {
	if opt.Today.IsZero() {
		return nil, fmt.Errorf("check %s: evaluate without a date for today", c.ID)
	}
	// in the order of the facts' names: with two bad facts, the error
	// names the same one every time
	for _, id := range slices.Sorted(maps.Keys(given)) {
		v := given[id]
		f, ok := c.facts[id]
		if !ok {
			return nil, &FactError{Fact: id, Err: fmt.Errorf("%w for check %s", ErrUnknownFact, c.ID)}
		}
		if err := f.validate(v); err != nil {
			return nil, &FactError{Fact: id, Err: err}
		}
	}
	ev := &evaluation{c: c, today: civil(opt.Today)}
	if err := ev.resolve(given, opt.UseDefaults); err != nil {
		return nil, err
	}
	res := &Result{Check: c}
	res.Date, res.DateDefault = ev.refDate()

	var (
		decided  *Rule
		blocked  *Rule // first decisive rule still unknown
		missing  []string
		stopMiss bool
	)
	for _, r := range c.Rules {
		if r.Outcome == "" {
			continue
		}
		spec := decided != nil || blocked != nil
		t, err := ev.rule(r, spec)
		if err != nil {
			return nil, err
		}
		st := stateOf(t)
		res.Trace = append(res.Trace, Step{Rule: r, State: st, Missing: t.missing, Decisive: !spec})
		switch {
		case decided != nil:
			if st == True && r.Outcome == decided.Outcome {
				res.Reasons = append(res.Reasons, r)
			}
		case st == Unknown:
			if blocked == nil {
				blocked = r
			}
			if !stopMiss {
				missing = merge(missing, t.missing)
			}
		case st == True && blocked != nil:
			stopMiss = true // later rules cannot matter
		case st == True:
			decided = r
			res.Outcome = Outcome(r.Outcome)
			res.Reasons = append(res.Reasons, r)
		}
	}
	// Notes explain; they never ask and never fail the verdict.
	for _, r := range c.Rules {
		if r.Outcome != "" {
			continue
		}
		t, err := ev.rule(r, true)
		if err != nil {
			return nil, err
		}
		st := stateOf(t)
		res.Trace = append(res.Trace, Step{Rule: r, State: st, Missing: t.missing})
		if st == True && decided != nil && (len(r.ShowWith) == 0 || slices.Contains(r.ShowWith, decided.Outcome)) {
			res.Reasons = append(res.Reasons, r)
		}
	}
	// Compute what else can be known, for placeholders in texts.
	for _, d := range c.Derived {
		if _, _, _, err := ev.value(d.ID, true); err != nil {
			return nil, err
		}
	}
	res.Params = ev.params
	res.Values = ev.known()
	if decided != nil {
		return res, nil
	}
	res.Outcome = Incomplete
	if blocked == nil {
		return nil, fmt.Errorf("check %s: no rule fires for these facts; add a last rule that always applies", c.ID)
	}
	var first []string
	for _, s := range res.Trace {
		if s.Rule == blocked {
			first = s.Missing
		}
	}
	next := ev.askable(first, 0)
	if len(next) == 0 {
		return nil, fmt.Errorf("check %s: rule %s cannot be decided from the facts it may ask", c.ID, blocked.ID)
	}
	res.Next = next[0]
	res.Missing = ev.askable(missing, 0)
	return res, nil
}

func stateOf(t tv) State {
	switch {
	case !t.known:
		return Unknown
	case truthy(t.v):
		return True
	}
	return False
}

// rule evaluates a rule's condition and its needs.
func (ev *evaluation) rule(r *Rule, spec bool) (tv, error) {
	t, err := ev.eval(r.node, spec)
	if err != nil {
		return tv{}, err
	}
	var need []string
	for _, id := range r.Needs {
		if _, ok := ev.vals[id]; !ok {
			need = append(need, id)
		}
	}
	if len(need) > 0 && !(t.known && !truthy(t.v)) {
		return tv{missing: merge(t.missing, need)}, nil
	}
	return t, nil
}

// resolve fills the facts that were not given but are settled: defaults,
// facts whose absent_if is true and facts whose ask_if is false.
func (ev *evaluation) resolve(given Values, defaults bool) error {
	ev.vals = maps.Clone(given)
	if ev.vals == nil {
		ev.vals = Values{}
	}
	for range len(ev.c.Facts) + 1 {
		changed := false
		for _, f := range ev.c.Facts {
			if _, ok := ev.vals[f.ID]; ok {
				continue
			}
			ev.reset()
			switch {
			case defaults && f.Default == "today":
				ev.vals[f.ID] = ev.today
			case defaults && f.Default != "" && f.Type == Choice:
				ev.vals[f.ID] = f.Default
			case f.absentIf != nil && ev.settled(f.absentIf, true):
				ev.vals[f.ID] = nil
			case f.askIf != nil && ev.settled(f.askIf, false):
				ev.vals[f.ID] = nil
			default:
				continue
			}
			changed = true
		}
		if !changed {
			break
		}
	}
	ev.reset()
	return nil
}

// settled reports whether n is known to be want.
func (ev *evaluation) settled(n *node, want bool) bool {
	t, err := ev.eval(n, true)
	return err == nil && t.known && truthy(t.v) == want
}

func (ev *evaluation) reset() {
	ev.derived, ev.derivedSpec, ev.busy, ev.params = map[string]tv{}, map[string]tv{}, map[string]bool{}, nil
}

// askable orders facts for asking, in declaration order; a fact whose
// ask_if is still unknown is replaced by the facts that ask_if needs.
func (ev *evaluation) askable(ids []string, depth int) []string {
	var out []string
	if depth > len(ev.c.Facts) {
		return out
	}
	for _, f := range ev.c.Facts {
		if !slices.Contains(ids, f.ID) {
			continue
		}
		if _, known := ev.vals[f.ID]; known {
			continue
		}
		if f.askIf != nil {
			// A fact whose ask_if is still open is not needed yet: ask
			// what decides whether it applies.
			t, err := ev.eval(f.askIf, true)
			if err != nil || !t.known {
				out = merge(out, ev.askable(t.missing, depth+1))
				continue
			}
		}
		out = merge(out, []string{f.ID})
	}
	return out
}

// refDate is the reference date for parameters and whether it is today
// by default.
func (ev *evaluation) refDate() (time.Time, bool) {
	if ev.c.DateFact == "" {
		return ev.today, true
	}
	v, ok := ev.vals[ev.c.DateFact]
	if !ok {
		return time.Time{}, false
	}
	if d, ok := v.(time.Time); ok {
		return civil(d), civil(d).Equal(ev.today)
	}
	return ev.today, true
}

// value returns what ev knows of a fact, derived value or parameter.
func (ev *evaluation) value(id string, spec bool) (any, bool, []string, error) {
	c := ev.c
	if _, ok := c.facts[id]; ok {
		v, known := ev.vals[id]
		if !known {
			return nil, false, []string{id}, nil
		}
		return v, true, nil, nil
	}
	if d, ok := c.derived[id]; ok {
		// Speculative results are kept apart: a value first met in a
		// speculative branch must still fail loudly (and record the
		// parameters it uses) when it is really needed.
		if t, ok := ev.derived[id]; ok {
			return t.v, t.known, t.missing, nil
		}
		if t, ok := ev.derivedSpec[id]; ok && spec {
			return t.v, t.known, t.missing, nil
		}
		if ev.busy[id] {
			return nil, false, nil, fmt.Errorf("check %s: derived value %s depends on itself", c.ID, id)
		}
		ev.busy[id] = true
		t, err := ev.eval(d.node, spec)
		delete(ev.busy, id)
		if err != nil {
			return nil, false, nil, err
		}
		if t.known {
			t.v = normalise(d.Type, t.v)
		}
		if spec {
			ev.derivedSpec[id] = t
		} else {
			ev.derived[id] = t
		}
		return t.v, t.known, t.missing, nil
	}
	p := c.params[id]
	date, _ := ev.refDate()
	if date.IsZero() {
		return nil, false, []string{c.DateFact}, nil
	}
	pv, ok := p.At(date)
	if !ok {
		if spec {
			return nil, false, nil, nil
		}
		var periods []Period
		for _, v := range p.Values {
			periods = append(periods, v.Period)
		}
		return nil, false, nil, &NoParameterError{Check: c.ID, Param: id, Date: date, Periods: periods}
	}
	if !spec && !slices.ContainsFunc(ev.params, func(u ParamUse) bool { return u.Param == p }) {
		ev.params = append(ev.params, ParamUse{Param: p, Value: pv})
	}
	return pv.Value, true, nil, nil
}

// known returns the facts and the derived values computed so far.
func (ev *evaluation) known() Values {
	out := maps.Clone(ev.vals)
	for _, m := range []map[string]tv{ev.derivedSpec, ev.derived} {
		for id, t := range m {
			if t.known {
				out[id] = t.v
			}
		}
	}
	return out
}

// normalise turns expr's ints into float64 for number-like types.
func normalise(t Type, v any) any {
	switch t {
	case Amount, Number:
		switch n := v.(type) {
		case int:
			return float64(n)
		case int64:
			return float64(n)
		case float32:
			return float64(n)
		}
	}
	return v
}
