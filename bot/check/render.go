package check

import (
	"fmt"
	"strings"

	"github.com/noaber/noaber/bot"
	"github.com/noaber/noaber/knowledge/rules"
)

// verdict renders a decided result: headline, reasons with the facts they
// used, amounts with their validity period, what follows, and sources.
func (c *Capability) verdict(lang bot.Lang, res *rules.Result) bot.Reply {
	text := res.Explanation(lang)
	if h := res.Headline(lang); strings.HasPrefix(text, h) {
		text = "**" + h + "**" + text[len(h):]
	}
	text += "\n\n" + Msgs.T(lang, "verdict.footer")
	var choices []bot.Choice
	// The checks the reasons offer come first, so the next step is one
	// click; a check this deployment does not have is left out.
	for _, id := range res.Offers() {
		if ch, ok := c.set.Get(id); ok {
			choices = append(choices, bot.Choice{ID: Name + ":start:" + ch.ID, Label: ch.Title.In(lang)})
		}
	}
	choices = append(choices,
		bot.Choice{ID: Name + ":why", Label: Msgs.T(lang, "button.why")},
		bot.Choice{ID: Name + ":save", Label: Msgs.T(lang, "button.save")},
		bot.Choice{ID: Name + ":back", Label: Msgs.T(lang, "button.back")},
		bot.Choice{ID: Name + ":list", Label: Msgs.T(lang, "button.list")},
	)
	return bot.Reply{Text: text, Sources: sources(res, lang), Choices: choices}
}

func sources(res *rules.Result, lang bot.Lang) []bot.Source {
	var out []bot.Source
	for _, s := range res.Sources() {
		out = append(out, bot.Source{Title: s.In(lang), URL: s.URL, Ref: s.RefIn(lang)})
	}
	return out
}

// why renders the full trace: every answer, every rule in order with its
// state and condition, and the amounts used.
func (c *Capability) why(r *bot.Request, ch *rules.Check, st *state) ([]bot.Reply, error) {
	lang := r.Lang
	vals, err := st.values(ch)
	if err != nil {
		return []bot.Reply{{Text: Msgs.T(lang, "why.none")}}, nil
	}
	res, err := ch.Evaluate(vals, rules.Options{Today: today(r.Now)})
	if err != nil || res.Outcome == rules.Incomplete {
		return []bot.Reply{{Text: Msgs.T(lang, "why.none")}}, nil
	}
	var b strings.Builder
	b.WriteString(Msgs.T(lang, "why.title", "title", ch.Title.In(lang)))
	b.WriteString("\n\n" + Msgs.T(lang, "why.answers"))
	for _, a := range st.Answers {
		f, ok := ch.Fact(a.Fact)
		if !ok {
			continue
		}
		fmt.Fprintf(&b, "\n- %s: %s", f.Label.In(lang), ch.Format(f.ID, vals[f.ID], lang))
	}
	b.WriteString("\n\n" + Msgs.T(lang, "why.rules"))
	for i, s := range res.Trace {
		kind := Msgs.T(lang, "why.note")
		if s.Rule.Outcome != "" {
			kind = Msgs.T(lang, "why.outcome") + " " + strings.ToLower(rules.OutcomeWord(rules.Outcome(s.Rule.Outcome), lang))
		}
		fmt.Fprintf(&b, "\n%d. `%s` (%s): `%s` → **%s**", i+1, s.Rule.ID, kind, s.Rule.When, Msgs.T(lang, "why."+string(s.State)))
		if s.State != rules.True {
			continue
		}
		if used := res.UsedFacts(s.Rule, lang); len(used) > 0 {
			b.WriteString("\n   " + strings.Join(used, "; "))
		}
		// Each part that holds names where it comes from.
		if refs := sourceRefs(ch, s.Rule.Sources, lang); refs != "" {
			b.WriteString("\n   " + Msgs.T(lang, "why.sources", "refs", refs))
		}
	}
	if len(res.Params) > 0 {
		b.WriteString("\n\n" + res.DateLine(lang))
		for _, u := range res.Params {
			b.WriteString("\n- " + res.ParamLine(u, lang))
		}
	}
	b.WriteString("\n\n" + res.Headline(lang))
	return []bot.Reply{{Text: b.String(), Sources: sources(res, lang)}}, nil
}

// sourceRefs is the short references ("Kruiter e.a. 2015") of the sources
// with ids, joined by "; ".
func sourceRefs(ch *rules.Check, ids []string, lang bot.Lang) string {
	var refs []string
	for _, id := range ids {
		if src, ok := ch.Source(id); ok {
			ref := src.RefIn(lang)
			if ref == "" {
				ref = src.In(lang)
			}
			refs = append(refs, ref)
		}
	}
	return strings.Join(refs, "; ")
}
