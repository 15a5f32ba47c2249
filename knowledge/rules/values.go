package rules

import (
	"errors"
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"

	"github.com/noaber/noaber/i18n"
	"github.com/noaber/noaber/knowledge/natural"
)

// InputError is an answer that does not fit its fact. Kind says what was
// expected, for a translated hint: "amount", "date", "yesno", "number",
// "choice", "text", "min", "max", "integer".
type InputError struct {
	Fact  string
	Kind  string
	Limit float64 // for min and max
	Input string
}

// Error describes the problem in English.
func (e *InputError) Error() string {
	switch e.Kind {
	case "min":
		return fmt.Sprintf("fact %s: %q is below the minimum %v", e.Fact, e.Input, e.Limit)
	case "max":
		return fmt.Sprintf("fact %s: %q is above the maximum %v", e.Fact, e.Input, e.Limit)
	case "integer":
		return fmt.Sprintf("fact %s: %q is not a whole number", e.Fact, e.Input)
	case "choice":
		return fmt.Sprintf("fact %s: %q is not one of the options", e.Fact, e.Input)
	case "grants":
		return fmt.Sprintf("fact %s: %q is not a list of grants (amount, kind and date each)", e.Fact, e.Input)
	}
	article := "a"
	if e.Kind == "amount" {
		article = "an"
	}
	return fmt.Sprintf("fact %s: %q is not %s %s", e.Fact, e.Input, article, e.Kind)
}

// Parse reads a typed answer for the fact: "ja", "€ 250.000",
// "1-1-2026", "vandaag", an option's id, label or alias. today resolves
// relative dates.
func (f *Fact) Parse(s string, today time.Time) (any, error) {
	s = strings.TrimSpace(s)
	in := clipInput(s)
	bad := func(kind string) error { return &InputError{Fact: f.ID, Kind: kind, Input: in} }
	switch f.Type {
	case YesNo:
		b, err := natural.YesNo(s)
		if err != nil {
			return nil, bad("yesno")
		}
		return b, nil
	case Choice:
		if o, ok := f.matchOption(s); ok {
			return o.ID, nil
		}
		return nil, bad("choice")
	case Date:
		d, err := natural.Date(s, today)
		if err != nil {
			if t, err2 := time.Parse(time.DateOnly, s); err2 == nil {
				return civil(t), nil
			}
			return nil, bad("date")
		}
		return civil(d), nil
	case String:
		if s == "" || len(s) > 1000 {
			return nil, bad("text")
		}
		return s, nil
	case Grants:
		gs, err := f.parseGrants(s, today)
		if err != nil {
			return nil, err
		}
		return gs, nil
	}
	// amount, number
	if v, ok := f.Aliases[strings.ToLower(strings.TrimRight(s, " .!?"))]; ok {
		return v, nil
	}
	var v float64
	var err error
	switch {
	case f.Type == Amount:
		v, err = natural.Amount(s)
	case f.Unit == "months":
		v, err = natural.Months(s)
	default:
		v, err = natural.Number(s)
	}
	if err != nil {
		kind := "number"
		if f.Type == Amount {
			kind = "amount"
		}
		return nil, bad(kind)
	}
	if err := f.checkRange(v, in); err != nil {
		return nil, err
	}
	return v, nil
}

func (f *Fact) checkRange(v float64, in string) error {
	switch {
	case f.Min != nil && v < *f.Min:
		return &InputError{Fact: f.ID, Kind: "min", Limit: *f.Min, Input: in}
	case f.Max != nil && v > *f.Max:
		return &InputError{Fact: f.ID, Kind: "max", Limit: *f.Max, Input: in}
	case f.Integer && v != math.Trunc(v):
		return &InputError{Fact: f.ID, Kind: "integer", Input: in}
	}
	return nil
}

func clipInput(s string) string {
	r := []rune(strings.ToValidUTF8(s, "?"))
	if len(r) > 40 {
		return string(r[:40]) + "…"
	}
	return string(r)
}

// matchOption finds the option an answer names: its id, its label in
// either language, an alias, or its number in the list ("2").
func (f *Fact) matchOption(s string) (Option, bool) {
	t := strings.ToLower(strings.Trim(strings.TrimSpace(s), ".!?\"'"))
	if n, err := strconv.Atoi(t); err == nil && n >= 1 && n <= len(f.Options) {
		return f.Options[n-1], true
	}
	for _, o := range f.Options {
		if t == o.ID || t == strings.ToLower(o.Label.NL) || t == strings.ToLower(o.Label.EN) {
			return o, true
		}
		for _, a := range o.Aliases {
			if t == strings.ToLower(a) {
				return o, true
			}
		}
	}
	// Typed as people type a label: without its explanation in brackets
	// or its article ("overheidsopdracht" for "Een overheidsopdracht (de
	// gemeente koopt in)", "a public contract" for "Public contract").
	if core := optionCore(t); core != "" {
		for _, o := range f.Options {
			if core == optionCore(o.Label.NL) || core == optionCore(o.Label.EN) {
				return o, true
			}
		}
	}
	return Option{}, false
}

// optionCore is a label or typed answer without what is in brackets, its
// leading article and its case: what is compared when the whole does not
// match.
func optionCore(s string) string {
	s = strings.ToLower(s)
	if i := strings.Index(s, "("); i > 0 {
		s = s[:i]
	}
	ws := strings.Fields(strings.Trim(s, " .!?\"':;,"))
	if len(ws) > 1 {
		switch ws[0] {
		case "a", "an", "the", "een", "de", "het":
			ws = ws[1:]
		}
	}
	return strings.Join(ws, " ")
}

// validate checks that v has the Go type the fact needs.
func (f *Fact) validate(v any) error {
	if v == nil {
		return nil
	}
	ok := false
	switch f.Type {
	case YesNo:
		_, ok = v.(bool)
	case Choice:
		var s string
		if s, ok = v.(string); ok {
			if _, ok = f.Option(s); !ok {
				return &InputError{Fact: f.ID, Kind: "choice", Input: clipInput(s)}
			}
		}
	case String:
		_, ok = v.(string)
	case Date:
		_, ok = v.(time.Time)
	case Grants:
		return f.validateGrants(v)
	case Amount, Number:
		var n float64
		if n, ok = v.(float64); ok {
			if math.IsNaN(n) || math.IsInf(n, 0) {
				return fmt.Errorf("not a finite number")
			}
			return f.checkRange(n, strconv.FormatFloat(n, 'f', -1, 64))
		}
	}
	if !ok {
		return fmt.Errorf("value %v (%T) is not a %s", v, v, f.Type)
	}
	return nil
}

// Encode writes a value in its stable text form (for storage): yes/no,
// an option id, a decimal number, a date as 2006-01-02; "" for nil.
func (f *Fact) Encode(v any) string {
	switch x := v.(type) {
	case nil:
		return ""
	case bool:
		if x {
			return "yes"
		}
		return "no"
	case float64:
		return strconv.FormatFloat(x, 'f', -1, 64)
	case time.Time:
		return x.Format(time.DateOnly)
	case string:
		return x
	case []Grant:
		return encodeGrants(x)
	}
	return fmt.Sprint(v)
}

// Decode reads the text form Encode wrote.
func (f *Fact) Decode(s string) (any, error) {
	if s == "" && f.Type != String {
		return nil, nil
	}
	var v any
	var err error
	switch f.Type {
	case YesNo:
		switch s {
		case "yes", "true":
			v = true
		case "no", "false":
			v = false
		default:
			err = errors.New("not yes or no")
		}
	case Amount, Number:
		v, err = strconv.ParseFloat(s, 64)
	case Date:
		var t time.Time
		t, err = time.Parse(time.DateOnly, s)
		v = t
	case Grants:
		if s == noGrants {
			v = []Grant{}
			break
		}
		v, err = f.parseGrants(s, time.Time{})
	default:
		v = s
	}
	if err != nil {
		return nil, &FactError{Fact: f.ID, Err: err}
	}
	if err := f.validate(v); err != nil {
		return nil, &FactError{Fact: f.ID, Err: err}
	}
	return v, nil
}

// FromTOML converts a value decoded from a TOML file (int64, float64,
// bool, string, time.Time) to the fact's type. Strings go through Parse.
func (f *Fact) FromTOML(v any, today time.Time) (any, error) {
	switch x := v.(type) {
	case string:
		if x == "" && f.Optional {
			return nil, nil
		}
		return f.Parse(x, today)

	case int64:
		v = float64(x)
	case time.Time:
		v = civil(x)
	}
	if err := f.validate(v); err != nil {
		return nil, err
	}
	return v, nil
}

var monthsNL = []string{"januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus", "september", "oktober", "november", "december"}

// FormatAmount writes euros the way each language does: "€ 216.000" and
// "€ 4.500,50" in Dutch, "€216,000" and "€4,500.50" in English.
func FormatAmount(v float64, lang i18n.Lang) string {
	cents := int64(math.Round(math.Abs(v) * 100))
	whole, frac := cents/100, cents%100
	thou, dec, prefix := ".", ",", "€ "
	if lang == i18n.EN {
		thou, dec, prefix = ",", ".", "€"
	}
	s := group(strconv.FormatInt(whole, 10), thou)
	if frac != 0 {
		s += dec + fmt.Sprintf("%02d", frac)
	}
	if v < 0 {
		prefix = "-" + prefix
	}
	return prefix + s
}

func group(digits, sep string) string {
	var b strings.Builder
	for i, r := range digits {
		if i > 0 && (len(digits)-i)%3 == 0 {
			b.WriteString(sep)
		}
		b.WriteRune(r)
	}
	return b.String()
}

// FormatDate writes "1 januari 2026" or "1 January 2026".
func FormatDate(d time.Time, lang i18n.Lang) string {
	if lang == i18n.EN {
		return d.Format("2 January 2006")
	}
	return fmt.Sprintf("%d %s %d", d.Day(), monthsNL[d.Month()-1], d.Year())
}

func formatNumber(v float64, lang i18n.Lang) string {
	if v == math.Trunc(v) && math.Abs(v) < 1e15 {
		return strconv.FormatInt(int64(v), 10)
	}
	s := strconv.FormatFloat(v, 'f', 2, 64)
	if lang != i18n.EN {
		s = strings.Replace(s, ".", ",", 1)
	}
	return s
}

// Format writes the value of a fact, derived value or parameter for
// people: an option's label, "ja"/"yes", an amount in euros, a date.
func (c *Check) Format(id string, v any, lang i18n.Lang) string {
	if v == nil {
		return msgs.T(lang, "value.none")
	}
	switch x := v.(type) {
	case bool:
		if x {
			return msgs.T(lang, "value.yes")
		}
		return msgs.T(lang, "value.no")
	case time.Time:
		return FormatDate(x, lang)
	case float64:
		if c.typeOf(id) == Amount {
			return FormatAmount(x, lang)
		}
		return formatNumber(x, lang)
	case int:
		return formatNumber(float64(x), lang)
	case []Grant:
		return c.formatGrants(id, x, lang)
	case string:
		if f, ok := c.facts[id]; ok && f.Type == Choice {
			if o, ok := f.Option(x); ok {
				return o.Label.In(lang)
			}
		}
		return x
	}
	return fmt.Sprint(v)
}
