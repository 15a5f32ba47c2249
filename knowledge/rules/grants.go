package rules

import (
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"

	"github.com/noaber/noaber/i18n"
	"github.com/noaber/noaber/knowledge/natural"
)

// Grants is the type of a fact that lists earlier grants, each with an
// amount, a kind (one of the fact's options) and the date the right to it
// was conferred. In expressions it is a list of Grant: sum(map(filter(x,
// .Kind == 'daeb'), .Amount)).
const Grants Type = "grants"

// Grant is one entry of a grants fact.
type Grant struct {
	Amount float64
	Kind   string // an option id of the fact
	Date   time.Time
}

// MaxGrants bounds a list, so one answer cannot grow without end.
const MaxGrants = 50

// noGrants is the stable text form of an empty list, and a button value.
const noGrants = "none"

var grantFiller = map[string]bool{"op": true, "van": true, "per": true, "d.d.": true, "dd": true, "on": true, "dated": true, "of": true, "toegekend": true, "granted": true, "verleend": true}

var noGrantWords = map[string]bool{"geen": true, "nee": true, "niets": true, "nul": true, "0": true, "none": true, "no": true, "nothing": true, "geen eerdere steun": true, "no earlier aid": true}

// parseGrants reads "50.000 algemeen 1-3-2024; 20.000 daeb 15 juni 2025":
// entries separated by ";" or new lines, each an amount, a kind and a
// date in any order. "geen" is the empty list.
func (f *Fact) parseGrants(s string, today time.Time) ([]Grant, error) {
	in := clipInput(s)
	bad := &InputError{Fact: f.ID, Kind: "grants", Input: in}
	t := strings.ToLower(strings.TrimSpace(strings.TrimRight(s, " .!")))
	if noGrantWords[t] {
		return []Grant{}, nil
	}
	if t == "" || len(s) > 2000 {
		return nil, bad
	}
	entries := strings.FieldsFunc(s, func(r rune) bool { return r == ';' || r == '\n' })
	if len(entries) > MaxGrants {
		return nil, bad
	}
	out := []Grant{}
	for _, e := range entries {
		if strings.TrimSpace(e) == "" {
			continue
		}
		g, ok := f.parseGrant(e, today)
		if !ok {
			return nil, bad
		}
		out = append(out, g)
	}
	if len(out) == 0 {
		return nil, bad
	}
	return out, nil
}

func (f *Fact) parseGrant(e string, today time.Time) (Grant, bool) {
	var g Grant
	var rest []string
	for _, w := range strings.Fields(strings.Trim(e, " ,")) {
		w = strings.Trim(w, ",()")
		if o, ok := f.matchOption(w); ok && !isDigits(w) {
			if g.Kind != "" {
				return Grant{}, false
			}
			g.Kind = o.ID
			continue
		}
		if grantFiller[strings.ToLower(w)] || w == "" {
			continue
		}
		rest = append(rest, w)
	}
	// An amount and a date take a few words at most ("1,2 miljoen",
	// "15 juni 2025"); longer entries are not a grant.
	if g.Kind == "" || len(rest) < 2 || len(rest) > 8 {
		return Grant{}, false
	}
	// The amount and the date split the rest; try each split, both ways.
	for i := 1; i < len(rest); i++ {
		for _, amountFirst := range []bool{true, false} {
			a, d := strings.Join(rest[:i], " "), strings.Join(rest[i:], " ")
			if !amountFirst {
				d, a = strings.Join(rest[:i], " "), strings.Join(rest[i:], " ")
			}
			amount, err1 := natural.Amount(a)
			date, err2 := natural.Date(d, today)
			if err2 != nil {
				if t, err := time.Parse(time.DateOnly, d); err == nil {
					date, err2 = t, nil
				}
			}
			if err1 == nil && err2 == nil && amount >= 0 && !math.IsInf(amount, 0) {
				g.Amount, g.Date = amount, civil(date)
				return g, true
			}
		}
	}
	return Grant{}, false
}

func isDigits(s string) bool {
	_, err := strconv.Atoi(s)
	return err == nil
}

// validateGrants checks a list given as a Go value.
func (f *Fact) validateGrants(v any) error {
	gs, ok := v.([]Grant)
	if !ok {
		return fmt.Errorf("value %v (%T) is not a list of grants", v, v)
	}
	if len(gs) > MaxGrants {
		return fmt.Errorf("more than %d grants", MaxGrants)
	}
	for _, g := range gs {
		if _, ok := f.Option(g.Kind); !ok {
			return &InputError{Fact: f.ID, Kind: "grants", Input: clipInput(g.Kind)}
		}
		if math.IsNaN(g.Amount) || math.IsInf(g.Amount, 0) || g.Amount < 0 || g.Date.IsZero() {
			return &InputError{Fact: f.ID, Kind: "grants", Input: fmt.Sprint(g.Amount)}
		}
	}
	return nil
}

// encodeGrants writes the stable text form parseGrants reads back.
func encodeGrants(gs []Grant) string {
	if len(gs) == 0 {
		return noGrants
	}
	parts := make([]string, len(gs))
	for i, g := range gs {
		parts[i] = strconv.FormatFloat(g.Amount, 'f', -1, 64) + " " + g.Kind + " " + g.Date.Format(time.DateOnly)
	}
	return strings.Join(parts, "; ")
}

// formatGrants writes "€ 50.000 (Algemeen, 1 maart 2024); …" or "geen".
func (c *Check) formatGrants(id string, gs []Grant, lang i18n.Lang) string {
	if len(gs) == 0 {
		return msgs.T(lang, "value.no_grants")
	}
	f := c.facts[id]
	parts := make([]string, len(gs))
	for i, g := range gs {
		kind := g.Kind
		if f != nil {
			if o, ok := f.Option(g.Kind); ok {
				kind = o.Label.In(lang)
			}
		}
		parts[i] = fmt.Sprintf("%s (%s, %s)", FormatAmount(g.Amount, lang), kind, FormatDate(g.Date, lang))
	}
	return strings.Join(parts, "; ")
}
