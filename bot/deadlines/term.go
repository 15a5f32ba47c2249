package deadlines

import (
	"fmt"
	"regexp"
	"strings"
	"time"

	"github.com/noaber/noaber/bot"
	"github.com/noaber/noaber/bot/when"
	"github.com/noaber/noaber/knowledge/termijn"
)

// termInput is a parsed "termijn <start> + <term> [<soort>]" line.
type termInput struct {
	start termijn.Date
	term  termijn.Term
	kind  *termijn.Kind
}

// parseTermInput reads the text after "termijn". errID names the message
// for the user when it cannot.
func parseTermInput(s string, now time.Time) (termInput, string) {
	s = strings.TrimSpace(s)
	if s == "" {
		return termInput{}, "usage.term"
	}
	if len(s) > 200 {
		return termInput{}, "term.bad_term"
	}
	if left, right, ok := strings.Cut(s, "+"); ok {
		start, ok := parseStart(left, now)
		if !ok {
			return termInput{}, "term.bad_start"
		}
		term, kind, err := termijn.Parse(right)
		if err != nil {
			switch err {
			case termijn.ErrTermRange:
				return termInput{}, "term.range"
			case termijn.ErrHours:
				return termInput{}, "term.hours"
			}
			return termInput{}, "term.bad_term"
		}
		return termInput{start, term, kind}, ""
	}
	// Without "+": a start and a term in either order ("15-3-2026
	// bezwaar", "bezwaar 15-3-2026").
	words := strings.Fields(s)
	for i := 1; i < len(words); i++ {
		for _, order := range [2]bool{true, false} {
			startText, termText := strings.Join(words[:i], " "), strings.Join(words[i:], " ")
			if !order {
				startText, termText = termText, startText
			}
			term, kind, err := termijn.Parse(termText)
			if err != nil {
				continue
			}
			if start, ok := parseStart(startText, now); ok {
				return termInput{start, term, kind}, ""
			}
		}
	}
	if _, _, err := termijn.Parse(s); err == nil {
		return termInput{}, "term.no_start"
	}
	for _, w := range words {
		if _, _, err := termijn.Parse("1 " + w); err == termijn.ErrHours {
			return termInput{}, "term.hours"
		}
	}
	return termInput{}, "usage.term"
}

// yearless matches a day and month without a year: "16 maart", "16-3",
// "march 16". A start date written so is the most recent past occurrence:
// the decision or event that starts a statutory term has already happened.
var (
	yearless   = regexp.MustCompile(`(?i)(\d{1,2}\s*[-/.]\s*\d{1,2}\b|jan|feb|maa?r|apr|mei|may|jun|jul|aug|sep|o[ck]t|nov|dec)`)
	hasYear    = regexp.MustCompile(`\b\d{4}\b`)
	isRelative = regexp.MustCompile(`(?i)\b(over|in|vandaag|gisteren|morgen|today|yesterday|tomorrow|volgende|next|vorige|last|ago|geleden)\b`)
)

// parseStart reads the start date; a time of day is ignored. A start may
// well lie in the past, and a day and month without a year mean the most
// recent one on or before today.
func parseStart(s string, now time.Time) (termijn.Date, bool) {
	s = strings.TrimSpace(s)
	if s == "" || s == "+" {
		return termijn.Date{}, false
	}
	m, err := when.Parse(s, now)
	if err != nil {
		return termijn.Date{}, false
	}
	d := termijn.DateOf(m.Time.In(amsterdam()))
	today := termijn.DateOf(now.In(amsterdam()))
	if d.After(today) && yearless.MatchString(s) && !hasYear.MatchString(s) && !isRelative.MatchString(s) {
		// The same day and month in an earlier year; 29 February goes
		// back to the last leap year.
		for y := today.Year; y > today.Year-8; y-- {
			if c := termijn.D(y, d.Month, d.Day); c.Day == d.Day && !c.After(today) {
				d = c
				break
			}
		}
	}
	if d.Year < 1950 || d.Year > 2200 {
		return termijn.Date{}, false
	}
	return d, true
}

// term answers the term calculator.
func (c *Capability) term(r *bot.Request, arg string) ([]bot.Reply, error) {
	in, errID := parseTermInput(arg, r.Now)
	l := r.Lang
	if errID != "" {
		text := Msgs.T(l, errID, "max", termijn.MaxDays)
		if errID != "usage.term" {
			text += "\n" + Msgs.T(l, "usage.term")
		}
		return reply(text), nil
	}
	res := termijn.Compute(in.start, in.term)
	atw := termijn.AtwIfStatutory
	name := Msgs.T(l, "term.name_custom")
	startEvent := Msgs.T(l, "term.start_custom")
	var sources []bot.Source
	if in.kind != nil {
		atw = in.kind.Atw
		name, startEvent = in.kind.NL, in.kind.StartNL
		if l == bot.EN {
			name, startEvent = in.kind.EN, in.kind.StartEN
		}
		for _, s := range in.kind.Sources {
			sources = append(sources, bot.Source{Title: lawName(s.Ref, l), Ref: s.Ref, URL: s.URL})
		}
	}
	atwSources := termijn.AtwSources
	if res.Excluded == termijn.Art4 {
		atwSources = []termijn.Source{termijn.Art4Source}
	} else if res.Excluded == termijn.Art1Lid2 {
		atwSources = atwSources[:1]
	}
	for _, s := range atwSources {
		sources = append(sources, bot.Source{Title: Msgs.T(l, "term.atw_title"), Ref: s.Ref, URL: s.URL})
	}
	date := func(d termijn.Date) string { return when.FormatDate(d.In(amsterdam(), 12, 0), l) }
	var b strings.Builder
	b.WriteString(Msgs.T(l, "term.head", "name", name, "term", termWords(in.term, l)) + "\n")
	if res.Excluded == termijn.Art1Lid2 {
		// Counted back from the event: Atw art. 1 lid 2, never moved.
		b.WriteString(Msgs.T(l, "term.backward", "term", termWords(in.term, l), "start", date(res.Start), "plain", date(res.Plain)))
		return []bot.Reply{{Text: b.String(), Sources: sources}}, nil
	}
	b.WriteString(Msgs.T(l, "term.first", "event", startEvent, "start", date(res.Start), "first", date(res.First)) + "\n")
	b.WriteString(Msgs.T(l, "term.plain", "term", termWords(in.term, l), "plain", date(res.Plain)))
	if res.Excluded == termijn.Art4 {
		b.WriteString("\n" + Msgs.T(l, "term.art4", "end", date(res.End)))
	}
	for _, st := range res.Steps {
		b.WriteString("\n")
		switch {
		case st.Rule == termijn.Art2:
			b.WriteString(Msgs.N(l, "term.art2", st.WorkingDays, "to", date(st.To)))
		case st.Holiday != nil:
			h := st.Holiday.NL
			if l == bot.EN {
				h = st.Holiday.EN
			}
			b.WriteString(Msgs.T(l, "term.art1_holiday", "from", date(st.From), "holiday", h, "to", date(st.To)))
		default:
			b.WriteString(Msgs.T(l, "term.art1_weekend", "from", date(st.From), "to", date(st.To)))
		}
		for _, also := range st.Also {
			h := also.NL
			if l == bot.EN {
				h = also.EN
			}
			b.WriteString(" " + Msgs.T(l, "term.art1_also", "day", date(also.Date), "holiday", h))
		}
	}
	if res.Excluded == termijn.Art4 {
		// Not extended, whatever the kind: one end date.
		atw = termijn.AtwApplies
	}
	b.WriteString("\n")
	differ := res.End != res.Plain
	switch {
	case atw == termijn.AtwApplies:
		b.WriteString(Msgs.T(l, "term.end", "end", date(res.End)))
	case atw == termijn.AtwOrEU:
		// Under the Atw and under Reg. 1182/71 an end on a Saturday,
		// Sunday or holiday moves to the next working day: one end date,
		// never the Sunday.
		b.WriteString(Msgs.T(l, "term.end", "end", date(res.End)) + "\n" + Msgs.T(l, "term.either_regime"))
	case differ:
		b.WriteString(Msgs.T(l, "term.end_statutory", "plain", date(res.Plain), "end", date(res.End)))
	default:
		b.WriteString(Msgs.T(l, "term.end", "end", date(res.End)) + "\n" + Msgs.T(l, "term.statutory_note"))
	}
	b.WriteString(decreeNote(res, l, date))
	out := bot.Reply{Text: b.String(), Sources: sources}
	if r.Has(bot.RoleOfficial) {
		kindID := "-"
		if in.kind != nil {
			kindID = in.kind.ID
		}
		ends := []termijn.Date{res.End}
		if differ && atw == termijn.AtwIfStatutory {
			ends = append(ends, res.Plain)
		}
		for _, e := range ends {
			out.Choices = append(out.Choices, bot.Choice{
				ID:    fmt.Sprintf("%s:term:%s:%s:%s", Name, e, kindID, res.Start),
				Label: Msgs.T(l, "button.term", "end", date(e)),
			})
		}
	}
	return []bot.Reply{out}, nil
}

// decreeNote says when the equated days (Atw art. 3 lid 3) are not known
// for the end date, or when a decree day that moved the end comes from an
// unverified source.
func decreeNote(res termijn.Result, l bot.Lang, date func(termijn.Date) string) string {
	if res.Excluded != "" {
		return ""
	}
	from, until := termijn.DecreeCoverage()
	if !termijn.DecreeKnown(res.Plain) || !termijn.DecreeKnown(res.End) {
		return "\n" + Msgs.T(l, "term.decree_unknown", "from", date(from), "until", date(until))
	}
	for _, st := range res.Steps {
		hs := st.Also
		if st.Holiday != nil {
			hs = append([]termijn.Holiday{*st.Holiday}, hs...)
		}
		for _, h := range hs {
			if h.Decree != nil && !h.Decree.Verified {
				title := h.Decree.Title
				if l == bot.EN {
					title = h.Decree.TitleEN
				}
				return "\n" + Msgs.T(l, "term.decree_unverified", "title", title)
			}
		}
	}
	return ""
}

// lawName names the law a reference is from, for the source list.
func lawName(ref string, l bot.Lang) string {
	switch {
	case strings.HasPrefix(ref, "Awb"):
		return Msgs.T(l, "law.awb")
	case strings.HasPrefix(ref, "Aw "):
		return Msgs.T(l, "law.aw")
	}
	return Msgs.T(l, "law.eu")
}

// termWords writes a term's length: "1 week", "6 weken", "3 days".
func termWords(t termijn.Term, l bot.Lang) string {
	return Msgs.N(l, unitIDs[t.Unit], max(t.N, -t.N))
}

// unitIDs are the catalog entries of the units, plural tables.
var unitIDs = map[termijn.Unit]string{termijn.Days: "unit.days", termijn.Weeks: "unit.weeks", termijn.Months: "unit.months"}

// termToDeadline makes a deadline of a computed end date in one step.
func (c *Capability) termToDeadline(r *bot.Request, parts []string) ([]bot.Reply, error) {
	if !r.Has(bot.RoleOfficial) {
		return reply(Msgs.T(r.Lang, "new.refused")), nil
	}
	if len(parts) != 3 {
		return []bot.Reply{{Text: Msgs.T(r.Lang, "button.expired"), Visibility: bot.Private}}, nil
	}
	end, err1 := time.ParseInLocation("2006-01-02", parts[0], amsterdam())
	start, err2 := time.ParseInLocation("2006-01-02", parts[2], amsterdam())
	if err1 != nil || err2 != nil {
		return []bot.Reply{{Text: Msgs.T(r.Lang, "button.expired"), Visibility: bot.Private}}, nil
	}
	moment := time.Date(end.Year(), end.Month(), end.Day(), c.set.dateH, c.set.dateM, 0, 0, amsterdam())
	if !moment.After(r.Now) {
		return reply(Msgs.T(r.Lang, "term.end_passed", "end", when.Format(moment, r.Lang))), nil
	}
	name := Msgs.T(r.Lang, "term.name_custom")
	if k, ok := termijn.KindByID(parts[1]); ok {
		name = k.NL
		if r.Lang == bot.EN {
			name = k.EN
		}
	}
	title := cleanText(Msgs.T(r.Lang, "term.title", "name", name, "start", when.FormatDate(start, r.Lang)), maxTitle)
	return c.save(r, draft{Moment: moment, DateOnly: true, Title: title}, true)
}
