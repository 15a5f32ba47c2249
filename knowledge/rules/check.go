package rules

import (
	"fmt"
	"time"

	"github.com/noaber/noaber/i18n"
)

// Text is a sentence in Dutch and English.
type Text struct {
	NL string `toml:"nl"`
	EN string `toml:"en"`
}

// In returns the text in lang (Dutch when lang is not English).
func (t Text) In(lang i18n.Lang) string {
	if lang == i18n.EN {
		return t.EN
	}
	return t.NL
}

// Type is the type of a fact, derived value or parameter.
type Type string

// The types.
const (
	YesNo  Type = "yesno"  // true or false
	Choice Type = "choice" // one of the options, by id
	Amount Type = "amount" // euros, float64
	Date   Type = "date"   // a calendar date, time.Time at midnight UTC
	Number Type = "number" // float64
	String Type = "text"   // free text
)

// Outcome is the verdict of a check.
type Outcome string

// The outcomes. Incomplete means facts are still missing.
const (
	Yes        Outcome = "yes"
	No         Outcome = "no"
	Depends    Outcome = "depends"
	Incomplete Outcome = "incomplete"
)

// Option is one answer to a choice fact.
type Option struct {
	ID    string `toml:"id"`
	Label Text   `toml:"label"`
	// Aliases are other words that select this option when typed.
	Aliases []string `toml:"aliases"`
}

// Fact is something the check may ask.
type Fact struct {
	ID       string   `toml:"id"`
	Type     Type     `toml:"type"`
	Label    Text     `toml:"label"`    // short name, shown with the facts used
	Question Text     `toml:"question"` // what the bot asks
	Help     Text     `toml:"help"`     // optional: why it matters, how to find it
	Options  []Option `toml:"options"`  // choice facts only
	// AskIf is an expression; when it is false the fact does not apply,
	// is not asked and has no value (nil).
	AskIf string `toml:"ask_if"`
	// AbsentIf is an expression; when it is true and the fact was not
	// given, the fact has no value (nil). It lets a caller give an
	// alternative (a monthly amount instead of a total value).
	AbsentIf string `toml:"absent_if"`
	// Optional facts may be answered with "skip" (Skip is the button
	// label), which gives them no value.
	Optional bool `toml:"optional"`
	Skip     Text `toml:"skip"`
	// Default fills the fact when it is not given and the caller asks for
	// defaults (the command line): "today" for a date fact (the reference
	// date), an option id for a choice ("onbekend"). A conversation asks.
	Default string   `toml:"default"`
	Min     *float64 `toml:"min"`
	Max     *float64 `toml:"max"`
	Integer bool     `toml:"integer"`
	// Unit "months" lets people answer in years ("4 jaar" = 48).
	Unit string `toml:"unit"`
	// Aliases map words to a value for number and amount facts
	// ("onbepaald" = 0).
	Aliases map[string]float64 `toml:"aliases"`

	line     int
	askIf    *node
	absentIf *node
}

// Option returns the option with id.
func (f *Fact) Option(id string) (Option, bool) {
	for _, o := range f.Options {
		if o.ID == id {
			return o, true
		}
	}
	return Option{}, false
}

// Derived is a value computed from facts and parameters.
type Derived struct {
	ID    string `toml:"id"`
	Type  Type   `toml:"type"`
	Label Text   `toml:"label"`
	Expr  string `toml:"expr"`

	line int
	node *node
}

// Period is a validity period; Until is inclusive and zero when open.
type Period struct {
	From  time.Time `toml:"from"`
	Until time.Time `toml:"until"`
}

// Contains reports whether the calendar date d falls in the period.
func (p Period) Contains(d time.Time) bool {
	d = civil(d)
	return !d.Before(civil(p.From)) && (p.Until.IsZero() || !d.After(civil(p.Until)))
}

// String formats the period as "2024-01-01..2025-12-31" ("2024-01-01.." when open).
func (p Period) String() string {
	s := p.From.Format(time.DateOnly) + ".."
	if !p.Until.IsZero() {
		s += p.Until.Format(time.DateOnly)
	}
	return s
}

// ParamValue is the value of a parameter in one period.
type ParamValue struct {
	Period
	Value  float64 `toml:"value"`
	Source string  `toml:"source"` // id of a source of the check
}

// Parameter is a legal figure whose value depends on the reference date.
type Parameter struct {
	ID     string       `toml:"id"`
	Type   Type         `toml:"type"` // amount or number
	Label  Text         `toml:"label"`
	Values []ParamValue `toml:"values"`

	line int
}

// At returns the value valid on date d.
func (p *Parameter) At(d time.Time) (ParamValue, bool) {
	for _, v := range p.Values {
		if v.Contains(d) {
			return v, true
		}
	}
	return ParamValue{}, false
}

// Rule is a condition with an outcome, or a note when Outcome is empty.
type Rule struct {
	ID      string `toml:"id"`
	When    string `toml:"when"`
	Outcome string `toml:"outcome"`
	// Needs lists facts that must be known before the rule can fire, so
	// a verdict can report on all of them.
	Needs   []string `toml:"needs"`
	Text    Text     `toml:"text"`
	Sources []string `toml:"sources"`
	// ShowWith limits a note to verdicts with these outcomes ("no"), so
	// "missing for art. 2.82" is not shown when art. 2.82a fits.
	ShowWith []string `toml:"show_with"`
	// Lead puts a note that fires in front of the headline, on the first
	// line of the verdict (an assumption the verdict rests on), instead of
	// in the list of reasons.
	Lead bool `toml:"lead"`
	// Offer names other checks (by id) worth doing when the rule fires
	// ("subsidie_of_opdracht" when an initiative asks for money); a
	// conversation shows them as buttons.
	Offer []string `toml:"offer"`

	line  int
	node  *node
	facts []string // facts used, directly or through derived values, in declaration order
	refs  []string // identifiers used directly
}

// Facts returns the ids of the facts the rule uses, directly or through
// derived values, in the order the check declares them.
func (r *Rule) Facts() []string { return r.facts }

// OutcomeText is the headline and closing text of an outcome.
type OutcomeText struct {
	Title Text `toml:"title"`
	Text  Text `toml:"text"`
	// Reasons heads the list of reasons instead of the generic "Waarom:"
	// (a summary rather than a verdict: "Per waarde:"); optional.
	Reasons Text     `toml:"reasons"`
	Sources []string `toml:"sources"`
}

// Source is a law article, regulation or page a check relies on. Title is
// its Dutch title; TitleEN, when set, is what an English reader sees: the
// law's English name with the Dutch one in brackets, or a Dutch page's
// title with what it is about.
type Source struct {
	ID      string `toml:"id"`
	Title   string `toml:"title"`
	TitleEN string `toml:"title_en"`
	URL     string `toml:"url"`
	Ref     string `toml:"ref"`
	RefEN   string `toml:"ref_en"`
}

// In returns the source's title for a reader of lang: the English title
// when there is one, else the Dutch.
func (s *Source) In(lang i18n.Lang) string {
	if lang == i18n.EN && s.TitleEN != "" {
		return s.TitleEN
	}
	return s.Title
}

// RefIn returns the source's short reference for a reader of lang ("Aw
// art. 2.17" in both; "Directive 2014/24/EU art. 4" in English).
func (s *Source) RefIn(lang i18n.Lang) string {
	if lang == i18n.EN && s.RefEN != "" {
		return s.RefEN
	}
	return s.Ref
}

// Check is one eligibility check, as loaded from a file.
type Check struct {
	ID          string `toml:"id"`
	Title       Text   `toml:"title"`
	Description Text   `toml:"description"`
	// Order sorts the list of checks (lowest first, then by id).
	Order int `toml:"order"`
	// Triggers are phrases that start the check in conversation
	// ("moeten wij europees aanbesteden"); matched in lower case.
	Triggers []string `toml:"triggers"`
	// HintTags are words that, found in the tags of the documents an
	// answer used, make the answer point to this check ("uitdaagrecht");
	// compared without case, spaces, hyphens and underscores.
	HintTags []string `toml:"hint_tags"`
	// DateFact is the fact that holds the reference date for parameters;
	// when empty, the reference date is today.
	DateFact   string                  `toml:"date_fact"`
	Facts      []*Fact                 `toml:"facts"`
	Derived    []*Derived              `toml:"derived"`
	Parameters []*Parameter            `toml:"parameters"`
	Rules      []*Rule                 `toml:"rules"`
	Outcomes   map[string]*OutcomeText `toml:"outcomes"`
	Sources    []*Source               `toml:"sources"`

	// File is the file the check was loaded from.
	File string `toml:"-"`

	facts   map[string]*Fact
	derived map[string]*Derived
	params  map[string]*Parameter
	sources map[string]*Source
	order   []*Derived // derived values in dependency order
}

// Fact returns the fact with id.
func (c *Check) Fact(id string) (*Fact, bool) { f, ok := c.facts[id]; return f, ok }

// Source returns the source with id.
func (c *Check) Source(id string) (*Source, bool) { s, ok := c.sources[id]; return s, ok }

// Parameter returns the parameter with id.
func (c *Check) Parameter(id string) (*Parameter, bool) { p, ok := c.params[id]; return p, ok }

// Rule returns the rule with id.
func (c *Check) Rule(id string) (*Rule, bool) {
	for _, r := range c.Rules {
		if r.ID == id {
			return r, true
		}
	}
	return nil, false
}

// label returns the label of a fact, derived value or parameter.
func (c *Check) label(id string, lang i18n.Lang) string {
	if f, ok := c.facts[id]; ok {
		return f.Label.In(lang)
	}
	if d, ok := c.derived[id]; ok {
		return d.Label.In(lang)
	}
	if p, ok := c.params[id]; ok {
		return p.Label.In(lang)
	}
	return id
}

// typeOf returns the type of a fact, derived value or parameter.
func (c *Check) typeOf(id string) Type {
	if f, ok := c.facts[id]; ok {
		return f.Type
	}
	if d, ok := c.derived[id]; ok {
		return d.Type
	}
	if p, ok := c.params[id]; ok {
		return p.Type
	}
	return ""
}

func (c *Check) String() string { return fmt.Sprintf("check %s (%s)", c.ID, c.File) }

// civil returns the calendar date of t as midnight UTC, so dates compare
// by day whatever location they came in.
func civil(t time.Time) time.Time {
	y, m, d := t.Date()
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
}
