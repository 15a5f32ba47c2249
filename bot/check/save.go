package check

import (
	"fmt"
	"strings"

	"github.com/noaber/noaber/bot"
	"github.com/noaber/noaber/knowledge/rules"
)

// save returns the verdict of the finished check as a short plain-text
// file both sides can keep: the check, the date, every answer, the
// verdict with its reasons, and the sources. It is built from the
// dialogue's answers each time and is not stored by Noaber.
func (c *Capability) save(r *bot.Request, ch *rules.Check, st *state) ([]bot.Reply, error) {
	lang := r.Lang
	vals, err := st.values(ch)
	if err != nil {
		return []bot.Reply{{Text: Msgs.T(lang, "save.none")}}, nil
	}
	res, err := ch.Evaluate(vals, rules.Options{Today: today(r.Now)})
	if err != nil || res.Outcome == rules.Incomplete {
		return []bot.Reply{{Text: Msgs.T(lang, "save.none")}}, nil
	}
	date := today(r.Now)
	var b strings.Builder
	b.WriteString(ch.Title.In(lang) + "\n")
	b.WriteString(Msgs.T(lang, "save.made", "date", rules.FormatDate(date, lang)) + "\n\n")
	b.WriteString(Msgs.T(lang, "why.answers") + "\n")
	for _, a := range st.Answers {
		if f, ok := ch.Fact(a.Fact); ok {
			fmt.Fprintf(&b, "- %s: %s\n", f.Label.In(lang), ch.Format(f.ID, vals[f.ID], lang))
		}
	}
	b.WriteString("\n" + plain(res.Explanation(lang)) + "\n")
	if srcs := res.Sources(); len(srcs) > 0 {
		b.WriteString("\n" + Msgs.T(lang, "save.sources") + "\n")
		for _, s := range srcs {
			line := "- " + s.In(lang)
			if s.URL != "" {
				line += " " + s.URL
			}
			b.WriteString(line + "\n")
		}
	}
	b.WriteString("\n" + Msgs.T(lang, "save.disclaimer") + "\n")
	name := fmt.Sprintf("%s-%s.txt", ch.ID, date.Format("2006-01-02"))
	return []bot.Reply{{
		Text:  Msgs.T(lang, "save.here", "name", name),
		Files: []bot.File{{Name: name, ContentType: "text/plain; charset=utf-8", Data: []byte(b.String())}},
	}}, nil
}

// plain drops the Markdown bold and code marks, for a text file.
func plain(s string) string {
	return strings.NewReplacer("**", "", "`", "").Replace(s)
}
