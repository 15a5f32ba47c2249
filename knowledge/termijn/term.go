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

// Term is a length of time in whole calendar days, weeks or months.
type Term struct {
	N    int
	Unit Unit
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
	// AtwUnverified: whether the Atw applies is not settled in our
	// sources (EU procurement time limits); show both ends and say so.
	AtwUnverified
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
		Atw: AtwUnverified,
		Sources: []Source{
			{Ref: "Aw art. 2.127", URL: "https://wetten.overheid.nl/BWBR0032203/"},
			{Ref: "Verordening (EEG, Euratom) nr. 1182/71", URL: "https://eur-lex.europa.eu/legal-content/NL/TXT/?uri=CELEX:31971R1182"},
		},
	},
	{
		ID: "bezwaar", Term: Term{6, Weeks},
		NL: "bezwaartermijn", EN: "objection period",
		StartNL: "bekendmaking van het besluit", StartEN: "announcement of the decision",
		Atw: AtwApplies,
		Sources: []Source{
			{Ref: "Awb art. 6:7", URL: "https://wetten.overheid.nl/BWBR0005537/"},
			{Ref: "Awb art. 6:8", URL: "https://wetten.overheid.nl/BWBR0005537/"},
		},
	},
	{
		ID: "beslissing", Term: Term{8, Weeks},
		NL: "beslistermijn", EN: "decision period",
		StartNL: "ontvangst van de aanvraag", StartEN: "receipt of the application",
		Atw: AtwApplies,
		Sources: []Source{
			{Ref: "Awb art. 4:13", URL: "https://wetten.overheid.nl/BWBR0005537/"},
			{Ref: "Awb art. 4:15", URL: "https://wetten.overheid.nl/BWBR0005537/"},
		},
	},
}

// AtwSources are the articles of the Algemene termijnenwet the calculator applies.
var AtwSources = []Source{
	{Ref: "Atw art. 1, 2 en 3", URL: "https://wetten.overheid.nl/BWBR0002448/"},
}

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

// Errors Parse returns; callers translate them.
var (
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
	for i := 0; i < len(fields); i++ {
		f := fields[i]
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
		u, ok := unitWords[unit]
		if err != nil || !ok || term != nil {
			return Term{}, nil, ErrBadTerm
		}
		term = &Term{n, u}
	}
	if term == nil {
		if kind == nil {
			return Term{}, nil, ErrNoTerm
		}
		return kind.Term, kind, nil
	}
	if term.N < 1 || term.Days() > MaxDays {
		return Term{}, nil, ErrTermRange
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

// Days is the term's length in days, counting a month as 31 (an upper bound).
func (t Term) Days() int {
	switch t.Unit {
	case Weeks:
		return 7 * t.N
	case Months:
		return 31 * t.N
	}
	return t.N
}

// String writes the term in Dutch ("6 weken").
func (t Term) String() string {
	names := map[Unit][2]string{Days: {"dag", "dagen"}, Weeks: {"week", "weken"}, Months: {"maand", "maanden"}}[t.Unit]
	if t.N == 1 {
		return "1 " + names[0]
	}
	return fmt.Sprintf("%d %s", t.N, names[1])
}

// Rule names a rule that moved the end date.
type Rule string

// The rules of the Algemene termijnenwet.
const (
	Art1 Rule = "atw-1" // end on a Saturday, Sunday or general holiday → next working day
	Art2 Rule = "atw-2" // at least two working days in a term of three days or more
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
	// WorkingDays counts the working days from First to End inclusive.
	WorkingDays int
}

// Compute returns the end of term counted from the day after start, with
// and without the Algemene termijnenwet. The term includes its last day:
// 6 weeks from Wednesday 11 March 2026 end at the end of Wednesday 22 April.
func Compute(start Date, term Term) Result {
	r := Result{Start: start, First: start.AddDays(1), Term: term}
	switch term.Unit {
	case Weeks:
		r.Plain = start.AddDays(7 * term.N)
	case Months:
		r.Plain = start.AddMonths(term.N)
	default:
		r.Plain = start.AddDays(term.N)
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
