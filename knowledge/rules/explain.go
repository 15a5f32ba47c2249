package rules

import (
	"fmt"
	"regexp"
	"slices"
	"strings"

	"github.com/noaber/noaber/i18n"
)

var placeholderRE = regexp.MustCompile(`\{([a-z][a-z0-9_]*)\}`)

// Render fills the {id} placeholders of a check text with the values of
// facts, derived values and parameters, formatted for lang. A value that
// is not known is shown as "?".
func (r *Result) Render(t Text, lang i18n.Lang) string {
	return placeholderRE.ReplaceAllStringFunc(t.In(lang), func(m string) string {
		id := m[1 : len(m)-1]
		if v, ok := r.Values[id]; ok {
			return r.Check.Format(id, v, lang)
		}
		for _, u := range r.Params {
			if u.Param.ID == id {
				return r.Check.Format(id, u.Value.Value, lang)
			}
		}
		return "?"
	})
}

// UsedFacts lists "label: value" for the known facts and derived values a
// rule uses, leaving out facts that have no value.
func (r *Result) UsedFacts(rule *Rule, lang i18n.Lang) []string {
	var out []string
	ids := slices.Clone(rule.facts)
	for _, id := range rule.refs {
		if _, ok := r.Check.derived[id]; ok {
			ids = append(ids, id)
		}
	}
	for _, id := range ids {
		v, ok := r.Values[id]
		if !ok || v == nil {
			continue
		}
		out = append(out, r.Check.label(id, lang)+": "+r.Check.Format(id, v, lang))
	}
	return out
}

// Sources returns the sources of the reasons and the outcome, each once,
// in the order they are first cited.
func (r *Result) Sources() []*Source {
	var ids []string
	for _, rule := range r.Reasons {
		ids = merge(ids, rule.Sources)
	}
	if o, ok := r.Check.Outcomes[string(r.Outcome)]; ok {
		ids = merge(ids, o.Sources)
	}
	for _, u := range r.Params {
		if u.Value.Source != "" {
			ids = merge(ids, []string{u.Value.Source})
		}
	}
	var out []*Source
	for _, id := range ids {
		if s, ok := r.Check.sources[id]; ok {
			out = append(out, s)
		}
	}
	return out
}

// Offers returns the ids of the other checks the reasons offer, each
// once, in the order they are first named. The ids are not looked up: a
// caller shows only those it knows.
func (r *Result) Offers() []string {
	var ids []string
	for _, rule := range r.Reasons {
		ids = merge(ids, rule.Offer)
	}
	return ids
}

// ParamLine describes a parameter value used: label, value, validity
// period and source.
func (r *Result) ParamLine(u ParamUse, lang i18n.Lang) string {
	period := msgs.T(lang, "explain.period_open", "from", FormatDate(u.Value.From, lang))
	if !u.Value.Until.IsZero() {
		period = msgs.T(lang, "explain.period_closed", "from", FormatDate(u.Value.From, lang), "until", FormatDate(u.Value.Until, lang))
	}
	src := u.Value.Source
	if s, ok := r.Check.sources[src]; ok {
		src = s.In(lang)
	}
	return msgs.T(lang, "explain.param", "label", u.Param.Label.In(lang),
		"value", r.Check.Format(u.Param.ID, u.Value.Value, lang), "period", period, "source", src)
}

// DateLine names the reference date used for parameters, or "" when no
// parameter was used.
func (r *Result) DateLine(lang i18n.Lang) string {
	if len(r.Params) == 0 || r.Date.IsZero() {
		return ""
	}
	if r.DateDefault {
		return msgs.T(lang, "explain.date_today", "date", FormatDate(r.Date, lang))
	}
	return msgs.T(lang, "explain.date", "date", FormatDate(r.Date, lang))
}

// Headline is the outcome's title from the check ("Ja: dit moet Europees
// worden aanbesteed.") or the generic word for the outcome.
func (r *Result) Headline(lang i18n.Lang) string {
	var lead []string
	for _, rule := range r.Reasons {
		if rule.Lead {
			lead = append(lead, r.Render(rule.Text, lang))
		}
	}
	title := msgs.T(lang, "outcome."+string(r.Outcome))
	if o, ok := r.Check.Outcomes[string(r.Outcome)]; ok && o.Title.In(lang) != "" {
		title = r.Render(o.Title, lang)
	}
	return strings.Join(append(lead, title), " ")
}

// Closing is the outcome's closing text (what follows from it), or "".
func (r *Result) Closing(lang i18n.Lang) string {
	if o, ok := r.Check.Outcomes[string(r.Outcome)]; ok {
		return r.Render(o.Text, lang)
	}
	return ""
}

// Explanation is the verdict as plain text (Markdown subset): headline,
// reasons with the facts they used, the amounts used with their period,
// and what follows. For an incomplete result it lists the missing facts.
func (r *Result) Explanation(lang i18n.Lang) string {
	var b strings.Builder
	b.WriteString(r.Headline(lang))
	if r.Outcome == Incomplete {
		labels := make([]string, len(r.Missing))
		for i, id := range r.Missing {
			labels[i] = r.Check.label(id, lang)
		}
		b.WriteString("\n" + msgs.T(lang, "explain.missing", "facts", strings.Join(labels, ", ")))
		return b.String()
	}
	heading := msgs.T(lang, "explain.reasons")
	if o, ok := r.Check.Outcomes[string(r.Outcome)]; ok && o.Reasons.In(lang) != "" {
		heading = o.Reasons.In(lang)
	}
	b.WriteString("\n\n" + heading)
	for _, rule := range r.Reasons {
		if rule.Lead {
			continue // in the headline
		}
		fmt.Fprintf(&b, "\n- %s", r.Render(rule.Text, lang))
		if used := r.UsedFacts(rule, lang); len(used) > 0 {
			b.WriteString(" (" + msgs.T(lang, "explain.facts", "facts", strings.Join(used, "; ")) + ")")
		}
	}
	if len(r.Params) > 0 {
		b.WriteString("\n\n" + msgs.T(lang, "explain.params"))
		for _, u := range r.Params {
			b.WriteString("\n- " + r.ParamLine(u, lang))
		}
		b.WriteString("\n" + r.DateLine(lang))
	}
	if c := r.Closing(lang); c != "" {
		b.WriteString("\n\n" + c)
	}
	return b.String()
}

// OutcomeWord is the plain word for an outcome ("Ja", "It depends").
func OutcomeWord(o Outcome, lang i18n.Lang) string { return msgs.T(lang, "outcome."+string(o)) }
