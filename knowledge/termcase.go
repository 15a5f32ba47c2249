package knowledge

import (
	"regexp"
	"strings"
	"time"

	"github.com/noaber/noaber/i18n"
	"github.com/noaber/noaber/knowledge/rules"
	"github.com/noaber/noaber/knowledge/termijn"
	"github.com/noaber/noaber/knowledge/understand"
)

// termWords name the statutory terms the calculator knows, by kind id.
var termWords = map[string][]string{
	"bezwaar":    {"bezwaar", "bezwaartermijn", "bezwaarschrift", "objection", "object", "beroepstermijn"},
	"standstill": {"opschortende", "standstill", "alcatel", "alcateltermijn", "gunningsbeslissing", "award decision", "sign the contract", "contract tekenen"},
	"beslissing": {"beslistermijn", "decision period", "moet de gemeente beslissen", "must the municipality decide", "aanvraag ingediend", "application submitted"},
}

// whenWords mark a question for the end of a term.
var whenWords = []string{"wanneer", "tot wanneer", "uiterlijk", "eindigt", "afloopt", "laatste dag", "when", "until", "ends", "last day",
	"too early", "te vroeg", "op tijd", "in time", "deadline"}

// endDateRe finds a day named as the end of a term ("eindigt op 26
// december", "loopt af op 3-7", "ends on 5 May").
var endDateRe = regexp.MustCompile(`\b(?:eindigt|afloopt|loopt\s+af|verloopt|ends|expires|runs\s+out)\s+(?:op\s+|on\s+)?(?:de\s+|the\s+)?(?:[a-z]+dag\s+|[a-z]+day\s+)?\d{1,2}\b`)

// termAnswer computes the end of a statutory term from a date the question
// names: "het besluit is op dinsdag 24 maart 2026 bekendgemaakt, wanneer
// eindigt de bezwaartermijn?" — with the Algemene termijnenwet applied.
func (e *Engine) termAnswer(q understand.Query, lang i18n.Lang, now time.Time) (Result, bool) {
	if len(q.Slots.Dates) == 0 {
		return Result{}, false
	}
	low := strings.ToLower(q.Text)
	asksWhen := false
	for _, w := range whenWords {
		if strings.Contains(low, w) {
			asksWhen = true
			break
		}
	}
	if !asksWhen || endDateRe.MatchString(low) {
		// "Onze termijn eindigt op 26 december": the day named is
		// the end, not the start to count from
		return Result{}, false
	}
	kindID := ""
	for _, id := range []string{"standstill", "bezwaar", "beslissing"} {
		for _, w := range termWords[id] {
			if strings.Contains(low, w) {
				kindID = id
				break
			}
		}
		if kindID != "" {
			break
		}
	}
	kind, ok := termijn.KindByID(kindID)
	if !ok {
		return Result{}, false
	}
	d := q.Slots.Dates[0]
	year := d.Year
	if year == 0 {
		// A start without a year is a decision already taken: the most
		// recent occurrence of that day.
		year = now.Year()
		if time.Date(year, time.Month(d.Month), d.Day, 0, 0, 0, 0, time.UTC).After(now) {
			year--
		}
	}
	startT := time.Date(year, time.Month(d.Month), d.Day, 0, 0, 0, 0, time.UTC)
	if startT.Month() != time.Month(d.Month) {
		return Result{}, false // 31 februari
	}
	r := termijn.Compute(termijn.DateOf(startT), kind.Term)
	name := kind.NL
	if lang == i18n.EN {
		name = kind.EN
	}
	end := rules.FormatDate(dateTime(r.End), lang)
	start := rules.FormatDate(startT, lang)
	var refs []string
	for _, s := range kind.Sources {
		refs = append(refs, s.Ref)
	}
	text := Msgs.T(lang, "term.end", "name", name, "end", end, "term", termText(kind.Term, lang), "start", start, "refs", strings.Join(refs, ", "))
	if r.End != r.Plain {
		text += " " + Msgs.T(lang, "term.moved", "plain", rules.FormatDate(dateTime(r.Plain), lang), "end", end)
	}
	text += "\n\n" + Msgs.T(lang, "term.more", "date", startT.Format("2-1-2006"), "kind", kind.ID)
	res := Result{Lang: lang, Kind: KindCheck, Found: true, Answer: text, Check: &CaseResult{Check: "termijn:" + kind.ID, Outcome: dateTime(r.End).Format(time.DateOnly)}}
	for _, s := range append(append([]termijn.Source(nil), kind.Sources...), termijn.AtwSources...) {
		if len(res.Sources) == maxSources {
			break
		}
		res.Sources = append(res.Sources, Source{ID: "termijn", Title: s.Ref, URL: s.URL, Ref: s.Ref})
	}
	return res, true
}

// termText writes a term's length: "6 weken", "1 maand", "8 weeks".
func termText(t termijn.Term, lang i18n.Lang) string {
	return Msgs.N(lang, unitIDs[t.Unit], max(t.N, -t.N))
}

// unitIDs are the catalog entries of the units, plural tables.
var unitIDs = map[termijn.Unit]string{termijn.Days: "unit.days", termijn.Weeks: "unit.weeks", termijn.Months: "unit.months"}

func dateTime(d termijn.Date) time.Time {
	return time.Date(d.Year, d.Month, d.Day, 0, 0, 0, 0, time.UTC)
}
