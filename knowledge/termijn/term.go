package termijn

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
)

// Unit is what a term is counted in.
type Unit int

// The units of a term.
const (
	Days Unit = iota
	Weeks
	Months
)

// Term is a length of time in whole calendar days, weeks or months,
// counted forward from the day after an event or, when N is negative,
// back from an event ("uiterlijk 10 dagen vóór ...").
type Term struct {
	N    int
	Unit Unit
}

// Backward reports whether the term counts back from its event.
func (t Term) Backward() bool { return t.N < 0 }

// Art4Excluded reports whether the Atw does not apply to the term because
// it is longer than three months, twelve weeks or ninety days (Atw art. 4).
func (t Term) Art4Excluded() bool {
	n := max(t.N, -t.N)
	switch t.Unit {
	case Weeks:
		return n > 12
	case Months:
		return n > 3
	}
	return n > 90
}

// Atw says whether the Algemene termijnenwet applies to a kind of term.
type Atw int

// How certain it is that the Atw applies.
const (
	// AtwIfStatutory: the Atw applies only when the term is set by law;
	// the calculator cannot know, so it shows both ends.
	AtwIfStatutory Atw = iota
	// AtwApplies: a statutory term to which the Atw applies.
	AtwApplies
	// AtwOrEU: whether the Atw or Regulation 1182/71 applies is not
	// settled in our sources (EU procurement time limits). Under either, a
	// period ending on a Saturday, Sunday or holiday ends on the next
	// working day (Atw art. 1; Reg. 1182/71 art. 3(4)), so there is one
	// end date; the answer says which regimes were considered.
	AtwOrEU
)

// Source is a legal source for a rule.
type Source struct {
	Ref string // "Awb art. 6:7"
	URL string
}

// Kind is a known statutory term.
type Kind struct {
	ID   string
	Term Term
	// NL and EN name the term; StartNL and StartEN name the start event.
	NL, EN           string
	StartNL, StartEN string
	Atw              Atw
	Sources          []Source
}

// Kinds are the terms the calculator knows by name.
var Kinds = []Kind{
	{
		ID: "standstill", Term: Term{20, Days},
		NL: "opschortende termijn (standstill)", EN: "standstill period",
		StartNL: "verzending van de gunningsbeslissing", StartEN: "sending of the award decision",
		Atw: AtwOrEU,
		Sources: []Source{
			{Ref: "Aw art. 2.127", URL: "https://wetten.overheid.nl/jci1.3:c:BWBR0032203&artikel=2.127"},
			{Ref: "Verordening (EEG, Euratom) nr. 1182/71", URL: "https://eur-lex.europa.eu/legal-content/NL/TXT/?uri=CELEX:31971R1182"},
		},
	},
	{
		ID: "bezwaar", Term: Term{6, Weeks},
		NL: "bezwaartermijn", EN: "objection period",
		StartNL: "bekendmaking van het besluit", StartEN: "announcement of the decision",
		Atw: AtwApplies,
		Sources: []Source{
			{Ref: "Awb art. 6:7", URL: "https://wetten.overheid.nl/jci1.3:c:BWBR0005537&artikel=6:7"},
			{Ref: "Awb art. 6:8", URL: "https://wetten.overheid.nl/jci1.3:c:BWBR0005537&artikel=6:8"},
		},
	},
	{
		ID: "beslissing", Term: Term{8, Weeks},
		NL: "beslistermijn", EN: "decision period",
		StartNL: "ontvangst van de aanvraag", StartEN: "receipt of the application",
		Atw: AtwApplies,
		Sources: []Source{
			{Ref: "Awb art. 4:13", URL: "https://wetten.overheid.nl/jci1.3:c:BWBR0005537&artikel=4:13"},
			{Ref: "Awb art. 4:15", URL: "https://wetten.overheid.nl/jci1.3:c:BWBR0005537&artikel=4:15"},
		},
	},
}

// AtwSources are the articles of the Algemene termijnenwet the calculator applies.
var AtwSources = []Source{
	{Ref: "Atw art. 1", URL: "https://wetten.overheid.nl/jci1.3:c:BWBR0002448&artikel=1"},
	{Ref: "Atw art. 2", URL: "https://wetten.overheid.nl/jci1.3:c:BWBR0002448&artikel=2"},
	{Ref: "Atw art. 3", URL: "https://wetten.overheid.nl/jci1.3:c:BWBR0002448&artikel=3"},
}

// Art4Source is the article that excludes terms in hours and terms longer
// than three months, twelve weeks or ninety days.
var Art4Source = Source{Ref: "Atw art. 4", URL: "https://wetten.overheid.nl/jci1.3:c:BWBR0002448&artikel=4"}

// backwardWords make a term count back from its event ("10 dagen vóór").
var backwardWords = map[string]bool{"voor": true, "vóór": true, "voorafgaand": true, "voorafgaande": true, "before": true, "prior": true, "terug": true}

var kindAliases = map[string]string{
	"standstill": "standstill", "standstilltermijn": "standstill", "opschortende": "standstill", "opschortend": "standstill",
	"alcatel": "standstill", "alcateltermijn": "standstill",
	"bezwaar": "bezwaar", "bezwaartermijn": "bezwaar", "beroep": "bezwaar", "beroepstermijn": "bezwaar",
	"objection": "bezwaar", "appeal": "bezwaar",
	"beslissing": "beslissing", "beslistermijn": "beslissing", "besluit": "beslissing", "decision": "beslissing",
}

// KindByID returns the known kind with id.
func KindByID(id string) (Kind, bool) {
	for _, k := range Kinds {
		if k.ID == id {
			return k, true
		}
	}
	return Kind{}, false
}

var unitWords = map[string]Unit{
	"d": Days, "dag": Days, "dagen": Days, "day": Days, "days": Days, "kalenderdag": Days, "kalenderdagen": Days,
	"w": Weeks, "wk": Weeks, "week": Weeks, "weken": Weeks, "weeks": Weeks,
	"mnd": Months, "maand": Months, "maanden": Months, "month": Months, "months": Months,
}

var hourWords = map[string]bool{"u": true, "uur": true, "uren": true, "h": true, "hour": true, "hours": true}

// Errors Parse returns; callers translate them.
var (
	// ErrHours: a term in hours, to which the Atw does not apply (art. 4)
	// and which the calculator does not count.
	ErrHours     = errors.New("term in hours")
	ErrNoTerm    = errors.New("no term given")
	ErrBadTerm   = errors.New("term not understood")
	ErrTermRange = errors.New("term out of range")
)

// MaxDays bounds a term, so nonsense input cannot run the calculator for
// centuries: ten years.
const MaxDays = 3660

// Parse reads a term and an optional kind: "6 weken", "20 dagen
// standstill", "bezwaar", "3 maanden", "8 weeks decision". A kind alone
// gives its statutory term. Filler words ("termijn", "kalender") are
// ignored.
func Parse(s string) (Term, *Kind, error) {
	fields := strings.Fields(strings.ToLower(strings.NewReplacer(",", " ", "(", " ", ")", " ").Replace(s)))
	var term *Term
	var kind *Kind
	backward := false
	for i := 0; i < len(fields); i++ {
		f := fields[i]
		if backwardWords[f] {
			backward = true
			continue
		}
		if id, ok := kindAliases[f]; ok {
			if kind != nil && kind.ID != id {
				return Term{}, nil, ErrBadTerm
			}
			k, _ := KindByID(id)
			kind = &k
			continue
		}
		switch f {
		case "termijn", "term", "period", "periode", "kalender", "calendar", "van", "of", "+":
			continue
		}
		num, unit := splitNumber(f)
		if num == "" {
			return Term{}, nil, ErrBadTerm
		}
		if unit == "" && i+1 < len(fields) {
			i++
			unit = fields[i]
		}
		n, err := strconv.Atoi(num)
		if hourWords[unit] {
			return Term{}, nil, ErrHours
		}
		u, ok := unitWords[unit]
		if err != nil || !ok || term != nil {
			return Term{}, nil, ErrBadTerm
		}
		term = &Term{n, u}
	}
	if term == nil {
		if kind == nil || backward {
			return Term{}, nil, ErrNoTerm
		}
		return kind.Term, kind, nil
	}
	if backward && kind != nil {
		// The known kinds all count forward from their event.
		return Term{}, nil, ErrBadTerm
	}
	if term.N < 1 || term.Days() > MaxDays {
		return Term{}, nil, ErrTermRange
	}
	if backward {
		term.N = -term.N
	}
	return *term, kind, nil
}

// splitNumber splits "20d" into "20", "d" and "20" into "20", "".
func splitNumber(f string) (num, unit string) {
	i := 0
	for i < len(f) && f[i] >= '0' && f[i] <= '9' {
		i++
	}
	if i == 0 || i > 5 {
		return "", ""
	}
	return f[:i], f[i:]
}

// Days is the term's length in days, counting a month as 31 (an upper
// bound); never negative.
func (t Term) Days() int {
	n := max(t.N, -t.N)
	switch t.Unit {
	case Weeks:
		return 7 * n
	case Months:
		return 31 * n
	}
	return n
}

// String writes the term in Dutch ("6 weken", "10 dagen vóór").
func (t Term) String() string {
	names := map[Unit][2]string{Days: {"dag", "dagen"}, Weeks: {"week", "weken"}, Months: {"maand", "maanden"}}[t.Unit]
	n, back := max(t.N, -t.N), ""
	if t.Backward() {
		back = " vóór"
	}
	if n == 1 {
		return "1 " + names[0] + back
	}
	return fmt.Sprintf("%d %s%s", n, names[1], back)
}

// Rule names a rule that moved the end date.
type Rule string

// The rules of the Algemene termijnenwet.
const (
	Art1 Rule = "atw-1" // end on a Saturday, Sunday or general holiday → next working day
	Art2 Rule = "atw-2" // at least two working days in a term of three days or more
	// Art1Lid2: art. 1 lid 2 — no extension of a term counted backwards
	// from a moment or event.
	Art1Lid2 Rule = "atw-1-2"
	// Art4: art. 4 — the Atw does not apply to terms in hours or longer
	// than three months, twelve weeks or ninety days.
	Art4 Rule = "atw-4"
)

// Step is one extension of the end date.
type Step struct {
	Rule     Rule
	From, To Date
	// Holiday is set when art. 1 applied because From is a general
	// holiday (else From was a Saturday or Sunday).
	Holiday *Holiday
	// WorkingDays is, for art. 2, how many working days the term had
	// before the extension.
	WorkingDays int
	// Also are, for art. 1, the holidays after From and before To that
	// kept the end moving (the Friday after Ascension Day, say).
	Also []Holiday
}

// Result is a computed term.
type Result struct {
	Start Date // the day of the event that starts the term
	First Date // the first day of the term: the day after Start
	Term  Term
	// Plain is the end counted in calendar days, weeks or months only.
	Plain Date
	// End is Plain extended by Atw art. 1 and 2; equal to Plain when
	// nothing applied.
	End   Date
	Steps []Step
	// Excluded names the article that keeps the Atw from extending the
	// term (Art1Lid2, Art4); then End equals Plain and Steps is empty.
	Excluded Rule
	// WorkingDays counts the working days from First to End inclusive.
	WorkingDays int
}

// Compute returns the end of term counted from the day after start, with
// and without the Algemene termijnenwet. The term includes its last day:
// 6 weeks from Wednesday 11 March 2026 end at the end of Wednesday 22 April.
// A backward term (Term.Backward) gives the day that many days, weeks or
// months before start, never moved (Atw art. 1 lid 2); a term longer than
// three months, twelve weeks or ninety days is not extended (Atw art. 4).
func Compute(start Date, term Term) Result {
	r := Result{Start: start, First: start.AddDays(1), Term: term}
	n := term.N
	switch term.Unit {
	case Weeks:
		r.Plain = start.AddDays(7 * n)
	case Months:
		r.Plain = start.AddMonths(n)
	default:
		r.Plain = start.AddDays(n)
	}
	switch {
	case term.Backward():
		r.First, r.End, r.Excluded = r.Plain, r.Plain, Art1Lid2
		r.WorkingDays = workingDays(r.Plain, start.AddDays(-1))
		return r
	case term.Art4Excluded():
		r.End, r.Excluded = r.Plain, Art4
		r.WorkingDays = workingDays(r.First, r.End)
		return r
	}
	end := r.Plain
	// Art. 1: an end on a Saturday, Sunday or general holiday moves to the
	// next day that is none of these.
	if !IsWorkingDay(end) {
		to := NextWorkingDay(end)
		st := Step{Rule: Art1, From: end, To: to}
		if h, ok := HolidayOn(end); ok {
			st.Holiday = &h
		}
		for d := end.AddDays(1); d.Before(to); d = d.AddDays(1) {
			if h, ok := HolidayOn(d); ok {
				st.Also = append(st.Also, h)
			}
		}
		r.Steps = append(r.Steps, st)
		end = to
	}
	// Art. 2: a term of at least three days must include at least two
	// working days.
	if r.First.DaysUntil(r.Plain)+1 >= 3 {
		if n := workingDays(r.First, end); n < 2 {
			to := end
			for workingDays(r.First, to) < 2 {
				to = NextWorkingDay(to.AddDays(1))
			}
			r.Steps = append(r.Steps, Step{Rule: Art2, From: end, To: to, WorkingDays: n})
			end = to
		}
	}
	r.End = end
	r.WorkingDays = workingDays(r.First, end)
	return r
}

// workingDays counts working days from a to b inclusive.
func workingDays(a, b Date) int {
	n := 0
	for d := a; !d.After(b); d = d.AddDays(1) {
		if IsWorkingDay(d) {
			n++
		}
	}
	return n
}
