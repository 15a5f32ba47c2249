package knowledge

import (
	"math"
	"strconv"
	"strings"
	"time"

	"github.com/noaber/noaber/bot/i18n"
	"github.com/noaber/noaber/knowledge/rules"
	"github.com/noaber/noaber/knowledge/understand"
)

// More case questions computed from their facts, beside the
// aanbestedingsplicht verdict of caseAnswer: whether aid stays within the
// de minimis ceiling (the sums of the question added up), and whether a
// share of disabled or disadvantaged employees meets the 30% of a reserved
// contract. Each shows the sum, the limit and its source, and asks what it
// does not know in the same turn.

// Check ids of the built-in checks these answers lean on.
const (
	deMinimisCheck = "de_minimis"
	reservedCheck  = "voorbehouden_opdracht"
)

// reservedShare is the share of disabled or disadvantaged employees a
// reserved contract under Aw art. 2.82 asks for, in per cent.
const reservedShare = 30

// containsAny reports whether low contains one of words.
func containsAny(low string, words ...string) bool {
	for _, w := range words {
		if strings.Contains(low, w) {
			return true
		}
	}
	return false
}

// checkAnswer computes a de minimis or reserved-contract question.
func (e *Engine) checkAnswer(q understand.Query, lang i18n.Lang, now time.Time) (Result, bool) {
	low := strings.ToLower(q.Text)
	if r, ok := e.reservedAnswer(q, low, lang); ok {
		return r, true
	}
	if r, ok := e.lotAnswer(q, low, lang); ok {
		return r, true
	}
	if r, ok := e.sroiAnswer(q, low, lang); ok {
		return r, true
	}
	return e.deMinimisAnswer(q, low, lang, now)
}

// reservedAnswer answers a question about reserving a contract that gives
// the share of employees: "van onze 40 medewerkers hebben er 10 een
// arbeidsbeperking, mag de gemeente een opdracht aan ons voorbehouden?".
// Art. 2.82a has other conditions than a share, so a question about it is
// left to the cards.
func (e *Engine) reservedAnswer(q understand.Query, low string, lang i18n.Lang) (Result, bool) {
	s := q.Slots
	if s.StaffPercent <= 0 || strings.Contains(low, "2.82a") ||
		!containsAny(low, "voorbehoud", "voorbehouden", "reserved", "reserve ", "2.82", "sociale werkplaats", "sheltered") {
		return Result{}, false
	}
	ch, ok := e.checks().Get(reservedCheck)
	if !ok {
		return Result{}, false
	}
	share := formatPercent(s.StaffPercent, lang)
	staff := Msgs.T(lang, "case.staff_pct", "share", share)
	if s.StaffWhole > 0 {
		staff = Msgs.T(lang, "case.staff_of", "part", strconv.Itoa(s.StaffPart), "whole", strconv.Itoa(s.StaffWhole), "share", share)
	}
	var b strings.Builder
	outcome := rules.Depends
	if s.StaffPercent >= reservedShare {
		b.WriteString(Msgs.T(lang, "case.reserved_yes", "staff", staff))
		if f, ok := ch.Fact("integratiedoel"); ok {
			b.WriteString(" ")
			b.WriteString(Msgs.T(lang, "case.ask", "question", f.Question.In(lang), "check", ch.ID))
		}
	} else {
		outcome = rules.No
		b.WriteString(Msgs.T(lang, "case.reserved_no", "staff", staff))
		b.WriteString(" ")
		b.WriteString(Msgs.T(lang, "case.reserved_other", "check", ch.ID))
	}
	res := Result{Lang: lang, Kind: KindCheck, Found: true, Answer: b.String(),
		Check: &CaseResult{Check: ch.ID, Outcome: string(outcome), Given: map[string]string{}}}
	if outcome == rules.Depends {
		res.Check.Next = "integratiedoel"
		res.Check.Given["dertig_procent"] = "yes"
	}
	if src, ok := ch.Source("aw_2_82"); ok {
		res.Sources = append(res.Sources, Source{ID: ch.ID, Title: src.Title, URL: src.URL, Ref: src.Ref})
	}
	return res, true
}

// formatPercent writes 25 as "25%" and 33.33… as "33,3%" (Dutch) or
// "33.3%" (English).
func formatPercent(v float64, lang i18n.Lang) string {
	r := math.Round(v*10) / 10
	s := strconv.FormatFloat(r, 'f', -1, 64)
	if lang != i18n.EN {
		s = strings.Replace(s, ".", ",", 1)
	}
	return s + "%"
}

// ceilingValues are the de minimis ceilings, old and new: a question that
// names only one of them asks about the ceiling, not about its own sums.
var ceilingValues = map[float64]bool{200000: true, 300000: true, 500000: true, 750000: true}

// deMinimisAnswer adds up the de minimis aid a question names and compares
// it with the ceiling through the de_minimis check: the last-dated sum is
// the new aid, the others are earlier aid, each dated by the year (and
// month) the question gives it. The check's rolling three-year period
// decides which earlier aid counts. Without earlier aid in the question
// the verdict is for no earlier aid, and the question asks for it.
func (e *Engine) deMinimisAnswer(q understand.Query, low string, lang i18n.Lang, now time.Time) (Result, bool) {
	amounts := q.Slots.Amounts
	if len(amounts) == 0 || !(strings.Contains(low, "minimis") ||
		containsAny(low, "plafond", "ceiling") && containsAny(low, "steun", " aid")) {
		return Result{}, false
	}
	if len(amounts) == 1 && ceilingValues[amounts[0].Value] {
		return Result{}, false
	}
	for _, a := range amounts {
		if a.Per != understand.Total {
			return Result{}, false // a rate is no grant
		}
	}
	ch, ok := e.checks().Get(deMinimisCheck)
	if !ok {
		return Result{}, false
	}
	daeb := containsAny(low, "daeb", "sgei", "algemeen economisch belang", "general economic interest")
	// The new aid: the sum with the latest year, the last named on a tie;
	// a sum without a year is the one asked about now ("nu wil de gemeente
	// ons 200.000 euro geven").
	year := func(a understand.Amount) int {
		if a.Year == 0 {
			return now.Year()
		}
		return a.Year
	}
	newest := len(amounts) - 1
	for i, a := range amounts {
		if year(a) > year(amounts[newest]) {
			newest = i
		}
	}
	date := now
	if y := amounts[newest].Year; y != 0 && y != now.Year() {
		m := max(amounts[newest].Month, 1)
		date = time.Date(y, time.Month(m), 1, 0, 0, 0, 0, time.UTC)
	}
	kind := "algemeen"
	if daeb {
		kind = "daeb"
	}
	grants := []rules.Grant{}
	for i, a := range amounts {
		if i == newest {
			continue
		}
		d := date // undated earlier aid counts: the safe side of the ceiling
		if a.Year != 0 {
			// Without a month, the end of the year: the latest it can be,
			// so the aid is counted whenever it may fall in the period.
			d = time.Date(a.Year, 12, 31, 0, 0, 0, 0, time.UTC)
			if a.Month != 0 {
				d = time.Date(a.Year, time.Month(a.Month), 1, 0, 0, 0, 0, time.UTC)
			}
			if d.After(date) {
				d = date
			}
		}
		grants = append(grants, rules.Grant{Amount: a.Value, Kind: kind, Date: d})
	}
	given := rules.Values{
		"economische_activiteit": "ja",
		"daeb":                   daeb,
		"eerdere_steun":          grants,
		"nieuw_bedrag":           amounts[newest].Value,
		"datum":                  date,
	}
	r, err := ch.Evaluate(given, rules.Options{Today: now, UseDefaults: true})
	if err != nil || r.Outcome == rules.Incomplete {
		return Result{}, false
	}
	var b strings.Builder
	b.WriteString(r.Headline(lang))
	shown := 0
	for _, rule := range r.Reasons {
		if rule.Lead || shown == 3 {
			continue
		}
		if t := strings.TrimSpace(r.Render(rule.Text, lang)); t != "" {
			b.WriteString(" ")
			b.WriteString(t)
			shown++
		}
	}
	b.WriteString(" ")
	b.WriteString(Msgs.T(lang, "case.assumed_economic"))
	if len(grants) == 0 {
		if f, ok := ch.Fact("eerdere_steun"); ok {
			b.WriteString("\n\n")
			b.WriteString(Msgs.T(lang, "case.none_earlier"))
			b.WriteString(" ")
			b.WriteString(Msgs.T(lang, "case.ask", "question", f.Question.In(lang), "check", ch.ID))
		}
	} else {
		b.WriteString("\n\n")
		b.WriteString(Msgs.T(lang, "case.more", "check", ch.ID))
	}
	res := Result{Lang: lang, Kind: KindCheck, Found: true, Answer: b.String()}
	cr := &CaseResult{Check: ch.ID, Outcome: string(r.Outcome), Given: map[string]string{}}
	for id, v := range given {
		if f, ok := ch.Fact(id); ok {
			cr.Given[id] = f.Encode(v)
		}
	}
	if len(grants) == 0 {
		delete(cr.Given, "eerdere_steun")
		cr.Next = "eerdere_steun"
	}
	res.Check = cr
	for _, s := range r.Sources() {
		if len(res.Sources) == maxSources {
			break
		}
		res.Sources = append(res.Sources, Source{ID: ch.ID, Title: s.Title, URL: s.URL, Ref: s.Ref})
	}
	return res, true
}

// Small lots (Aw art. 2.18 lid 3 and 2.19 lid 3): a lot of services or
// supplies up to €80,000, or of works up to €1,000,000, may be awarded
// outside the EU procedure as long as such lots together are at most 20%
// of the value of all lots (facts.md §1).
const (
	smallLotServices = 80000
	smallLotWorks    = 1000000
	smallLotsShare   = 20
)

// lotAnswer answers a question that carves a lot out of a larger contract
// and names both sums: "een dienstenopdracht van 500.000 euro, kunnen we
// een perceel van 70.000 apart gunnen?". The largest sum is the whole, the
// others are the small lots.
func (e *Engine) lotAnswer(q understand.Query, low string, lang i18n.Lang) (Result, bool) {
	amounts := q.Slots.Amounts
	if len(amounts) < 2 || !containsAny(low, "perceel", "percelen", " lot ", " lots", "lot of", "a lot worth") {
		return Result{}, false
	}
	whole := 0
	for i, a := range amounts {
		if a.Per != understand.Total {
			return Result{}, false
		}
		if a.Value > amounts[whole].Value {
			whole = i
		}
	}
	var lots, largest float64
	for i, a := range amounts {
		if i != whole {
			lots += a.Value
			largest = max(largest, a.Value)
		}
	}
	total := amounts[whole].Value
	limit := float64(smallLotServices)
	if q.Slots.Kind == "werken" {
		limit = smallLotWorks
	}
	share := 100 * lots / total
	money := func(v float64) string { return rules.FormatAmount(v, lang) }
	args := []any{"lot", money(lots), "limit", money(limit), "total", money(total), "share", formatPercent(share, lang)}
	var key string
	outcome := rules.Yes
	switch {
	case largest > limit:
		key, outcome = "case.lot_too_big", rules.No
		args[1] = money(largest)
	case share > smallLotsShare:
		key, outcome = "case.lot_too_much", rules.No
	default:
		key = "case.lot_yes"
	}
	text := Msgs.T(lang, key, args...) + " " + Msgs.T(lang, "case.lot_all_count") + "\n\n" + Msgs.T(lang, "case.lot_ask")
	res := Result{Lang: lang, Kind: KindCheck, Found: true, Answer: text,
		Check: &CaseResult{Check: "percelen", Outcome: string(outcome), Given: map[string]string{}}}
	if ch, ok := e.checks().Get(procurementCheck); ok {
		if src, ok := ch.Source("aw_2_18"); ok {
			res.Sources = append(res.Sources, Source{ID: ch.ID, Title: src.Title, URL: src.URL, Ref: src.Ref})
		}
	}
	return res, true
}

// sroiShare is the most common social-return requirement: 5% of the
// contract value (facts.md §6; heerde.nl "5%-regeling"). It is policy,
// not law: each municipality sets its own.
const sroiShare = 5

// sroiAnswer works out the social-return obligation for a contract value
// the question names ("hoeveel SROI bij een opdracht van 1,2 miljoen?"),
// with the common 5%, and asks which percentage the municipality uses.
func (e *Engine) sroiAnswer(q understand.Query, low string, lang i18n.Lang) (Result, bool) {
	if len(q.Slots.Amounts) == 0 || !containsAny(low, "sroi", "social return") ||
		containsAny(low, "vanaf welk", "boven welk", "from what", "from which", "above what", "drempel", "grens", "threshold") {
		// "vanaf welk bedrag geldt SROI, is dat 250.000?" asks about a
		// threshold, not about the asker's contract
		return Result{}, false
	}
	value, _, ok := q.Slots.Total()
	if !ok || value < 1000 {
		return Result{}, false
	}
	money := func(v float64) string { return rules.FormatAmount(v, lang) }
	text := Msgs.T(lang, "case.sroi", "value", money(value), "sroi", money(value*sroiShare/100)) + "\n\n" + Msgs.T(lang, "case.sroi_ask")
	res := Result{Lang: lang, Kind: KindCheck, Found: true, Answer: text,
		Check: &CaseResult{Check: "sroi", Outcome: string(rules.Depends), Given: map[string]string{}}}
	for _, d := range e.snap.Load().docs {
		if d.Topic != "sroi" || d.Lang != lang {
			continue
		}
		for _, src := range d.Sources {
			if strings.Contains(strings.ToLower(src.Title), "5%") {
				res.Sources = append(res.Sources, src)
			}
		}
	}
	return res, true
}
