package knowledge

import (
	"fmt"
	"math"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/noaber/noaber/i18n"
	"github.com/noaber/noaber/knowledge/rules"
	"github.com/noaber/noaber/knowledge/understand"
)

// More case questions computed from their facts, beside the
// aanbestedingsplicht verdict of caseAnswer and the terms of termAnswer:
// whether aid stays within the de minimis ceiling (the sums of the
// question added up), whether a share of disabled or disadvantaged
// employees meets the 30% of a reserved contract (Aw art. 2.82), whether a
// lot may go outside the EU procedure (Aw art. 2.18(3)), the social return
// of a contract value, the term of a 2.82a reservation, a subsidy that can
// be settled directly and the age of a gedragsverklaring aanbesteden. Each
// shows the sum, the limit and its source, and asks what it does not know
// in the same turn. Every limit is from facts.md with its source.

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

// checkAnswer computes the first of these case questions the question is.
func (e *Engine) checkAnswer(q understand.Query, lang i18n.Lang, now time.Time) (Result, bool) {
	low := strings.ToLower(q.Text)
	for _, compute := range []func() (Result, bool){
		func() (Result, bool) { return e.reservedAnswer(q, low, lang) },
		func() (Result, bool) { return e.lotAnswer(q, low, lang) },
		func() (Result, bool) { return e.sroiAnswer(q, low, lang) },
		func() (Result, bool) { return e.reservedAgainAnswer(q, low, lang, now) },
		func() (Result, bool) { return e.reservedProfitAnswer(low, lang) },
		func() (Result, bool) { return e.grantOrContractAnswer(low, lang, now) },
		func() (Result, bool) { return e.reservedTermAnswer(q, low, lang) },
		func() (Result, bool) { return e.smallSubsidyAnswer(q, low, lang) },
		func() (Result, bool) { return e.gvaAgeAnswer(low, lang, now) },
		func() (Result, bool) { return e.deMinimisAnswer(q, low, lang, now) },
		func() (Result, bool) { return e.maxRateAnswer(q, low, lang, now) },
		func() (Result, bool) { return e.thresholdAtAnswer(q, low, lang, now) },
		func() (Result, bool) { return e.tenderCloseAnswer(q, low, lang, now) },
		func() (Result, bool) { return e.tenderPeriodAnswer(q, low, lang) },
	} {
		// A verdict names what it rests on; a deployment without that
		// source (its own checks or corpus) gets the search instead.
		if r, ok := compute(); ok && len(r.Sources) > 0 {
			return r, true
		}
	}
	return Result{}, false
}

// reservedAnswer answers a question about reserving a contract that gives
// the share of employees: "van onze 40 medewerkers hebben er 10 een
// arbeidsbeperking, mag de gemeente een opdracht aan ons voorbehouden?".
// Art. 2.82a has other conditions than a share, so a question about it is
// left to the cards.
func (e *Engine) reservedAnswer(q understand.Query, low string, lang i18n.Lang) (Result, bool) {
	s := q.Slots
	if strings.Contains(low, "2.82a") ||
		!containsAny(low, "voorbehoud", "voorbehouden", "reserved", "reserve ", "2.82", "sociale werkplaats", "sheltered") {
		return Result{}, false
	}
	ch, ok := e.checks().Get(reservedCheck)
	if !ok {
		return Result{}, false
	}
	if s.StaffPercent <= 0 {
		// "can the municipality reserve that contract for us?" without the
		// share: the 30% it asks for, and the question for the share
		if !containsAny(low, "for us", "to us", "aan ons", "voor ons", "aan onze", "for our") {
			return Result{}, false
		}
		res := Result{Lang: lang, Kind: KindCheck, Found: true, Answer: Msgs.T(lang, "case.reserved_ask"),
			Check: &CaseResult{Check: ch.ID, Outcome: string(rules.Incomplete), Given: map[string]string{}, Next: "dertig_procent"}}
		if src, ok := ch.Source("aw_2_82"); ok {
			res.Sources = append(res.Sources, ruleSource(ch.ID, src, lang))
		}
		return res, true
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
		res.Sources = append(res.Sources, ruleSource(ch.ID, src, lang))
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
		containsAny(low, "plafond", "ceiling") && containsAny(low, "staatssteun", "state aid")) {
		return Result{}, false
	}
	if len(amounts) == 1 && ceilingValues[amounts[0].Value] && amounts[0].Year == 0 {
		// a sum with a year is a grant ("in 2021 kregen we 200.000")
		return Result{}, false
	}
	rateLine := ""
	if total, line, ok := aidOverTerm(q, lang); ok {
		// "€ 280.000 compensatie per jaar, drie jaar lang": the aid of
		// the whole term is the new aid
		amounts, rateLine = []understand.Amount{{Value: total, Per: understand.Total}}, line
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
	if asksRoom(low) {
		return e.deMinimisRoom(ch, amounts, daeb, lang, now)
	}
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
		grants = append(grants, rules.Grant{Amount: a.Value, Kind: kind, Date: aidDate(a, date)})
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
	// A grant dated by its year alone ("200.000 in 2023") may fall just
	// before or inside the three years that count: it counts from the
	// day the right to it arose (Reg. 2023/2831 art. 3(3); facts.md §13).
	// When the verdict turns on it, the answer says so first.
	unsure := ""
	if y, ok := yearOnlyGrantAtEdge(amounts, newest, date); ok {
		kept := []rules.Grant{}
		for i, a := range amounts {
			if i != newest && !(a.Year == y && a.Month == 0) {
				kept = append(kept, rules.Grant{Amount: a.Value, Kind: kind, Date: aidDate(a, date)})
			}
		}
		without := rules.Values{}
		for k, v := range given {
			without[k] = v
		}
		without["eerdere_steun"] = kept
		if r2, err := ch.Evaluate(without, rules.Options{Today: now, UseDefaults: true}); err == nil && r2.Outcome != r.Outcome {
			unsure = Msgs.T(lang, "case.aid_year_unsure", "year", strconv.Itoa(y), "start", rules.FormatDate(date.AddDate(-3, 0, 0), lang))
		}
	}
	var b strings.Builder
	if unsure != "" {
		b.WriteString(unsure)
		b.WriteString(" ")
	}
	if rateLine != "" {
		b.WriteString(rateLine)
		b.WriteString(" ")
	}
	// The verdict rests on an assumption the question did not state: it
	// says so first, as the aanbestedingsplicht verdict does.
	b.WriteString(Msgs.T(lang, "case.assumed_economic"))
	b.WriteString(" ")
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
	if unsure != "" {
		b.WriteString(" ")
		b.WriteString(Msgs.T(lang, "case.aid_year_without"))
	}
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
	if unsure != "" {
		cr.Outcome = string(rules.Depends)
	}
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
		res.Sources = append(res.Sources, ruleSource(ch.ID, s, lang))
	}
	return res, true
}

// aidOverTerm turns the one sum of a de minimis question that is a rate
// ("€ 280.000 per jaar", "5.000 a month") into the aid of its term, when
// the question gives a term of at most the three years the ceiling counts
// over: every payment then falls in one period of three years, however
// the aid is granted. A longer term, or none, gives no sum to compare.
func aidOverTerm(q understand.Query, lang i18n.Lang) (total float64, line string, ok bool) {
	s := q.Slots
	if len(s.Amounts) != 1 || s.Amounts[0].Per == understand.Total || s.Months <= 0 || s.Months > deMinimisMonths || s.Indefinite {
		return 0, "", false
	}
	total, months, ok := s.Total()
	if !ok || months != s.Months {
		return 0, "", false
	}
	money := func(v float64) string { return rules.FormatAmount(v, lang) }
	per := Msgs.T(lang, "case.per_"+string(s.Amounts[0].Per))
	return total, Msgs.T(lang, "case.dm_rate", "rate", money(s.Amounts[0].Value), "per", per, "term", termOf(s.Months, lang), "total", money(total)), true
}

// deMinimisMonths is the period the de minimis ceilings count over: three
// years (Regulations (EU) 2023/2831 and 2023/2832; facts.md §5).
const deMinimisMonths = 36

// Small lots (Aw art. 2.18 lid 3 and 2.19 lid 3): a lot of services or
// supplies up to €80,000, or of works up to €1,000,000, may be awarded
// outside the EU procedure as long as such lots together are at most 20%
// of the value of all lots (facts.md §1).
const (
	smallLotServices = 80000
	smallLotWorks    = 1000000
	smallLotsShare   = 20
)

// lotRe finds a lot of a contract ("perceel", "lot"); muchRe finds "a
// lot of money", which is taken out first ("a lot of €90,000" stays).
var (
	lotRe  = regexp.MustCompile(`\b(?:perce(?:el|len)|kavels?|lots?)\b`)
	muchRe = regexp.MustCompile(`\b(?:a lot|lots) of\s+[^€\d\s]`)
)

// lotAnswer answers a question that carves a lot out of a larger contract
// and names both sums: "een dienstenopdracht van 500.000 euro, kunnen we
// een perceel van 70.000 apart gunnen?". The largest sum is the whole, the
// others are the small lots.
func (e *Engine) lotAnswer(q understand.Query, low string, lang i18n.Lang) (Result, bool) {
	amounts := q.Slots.Amounts
	if len(amounts) < 2 || !lotRe.MatchString(muchRe.ReplaceAllString(low, " ")) {
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
	case largest > limit && q.Slots.Kind == "" && largest <= smallLotWorks && share <= smallLotsShare:
		// the kind is not named: too big for services, not for works
		key, outcome = "case.lot_depends", rules.Depends
		args[1] = money(largest)
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
			res.Sources = append(res.Sources, ruleSource(ch.ID, src, lang))
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

// docSources returns the sources of the document on topic in lang.
func (e *Engine) docSources(topic string, lang i18n.Lang) []Source {
	for _, d := range e.snap.Load().docs {
		if d.Topic == topic && d.Lang == lang {
			return append([]Source(nil), d.Sources...)
		}
	}
	return nil
}

// reservedTermMonths is the longest term of a contract reserved under Aw
// art. 2.82a: three years (facts.md §3).
const reservedTermMonths = 36

// reservedTermAnswer compares the term of a contract reserved under art.
// 2.82a with its maximum of three years: "het contract zou 5 jaar moeten
// lopen, kan dat?".
func (e *Engine) reservedTermAnswer(q understand.Query, low string, lang i18n.Lang) (Result, bool) {
	if q.Slots.Months == 0 || !strings.Contains(low, "2.82a") {
		return Result{}, false
	}
	ch, ok := e.checks().Get(reservedCheck)
	if !ok {
		return Result{}, false
	}
	key, outcome := "case.reserved_term_ok", rules.Depends
	if q.Slots.Months > reservedTermMonths {
		key, outcome = "case.reserved_term_long", rules.No
	}
	text := Msgs.T(lang, key, "term", termOf(q.Slots.Months, lang)) + " " + Msgs.T(lang, "case.reserved_term_more", "check", ch.ID)
	res := Result{Lang: lang, Kind: KindCheck, Found: true, Answer: text,
		Check: &CaseResult{Check: ch.ID, Outcome: string(outcome), Given: map[string]string{"looptijd_jaren": strconv.FormatFloat(float64(q.Slots.Months)/12, 'f', -1, 64)}}}
	if src, ok := ch.Source("aw_2_82a"); ok {
		res.Sources = append(res.Sources, ruleSource(ch.ID, src, lang))
	}
	return res, true
}

// termOf writes a term in months as years when it is whole years.
func termOf(months int, lang i18n.Lang) string {
	if months%12 == 0 {
		return Msgs.T(lang, "case.years", "n", strconv.Itoa(months/12))
	}
	return Msgs.T(lang, "case.months", "n", strconv.Itoa(months))
}

// smallSubsidy is the amount up to which the VNG model bylaw lets a
// subsidy be settled directly (Model ASV 2013 art. 13(1); facts.md §4).
const smallSubsidy = 5000

// smallSubsidyAnswer compares a subsidy the question names with the €5,000
// up to which it can be settled at once, for a question about accounting
// for it afterwards or settling it.
func (e *Engine) smallSubsidyAnswer(q understand.Query, low string, lang i18n.Lang) (Result, bool) {
	if len(q.Slots.Amounts) != 1 || q.Slots.Amounts[0].Per != understand.Total ||
		!containsAny(low, "subsid", "beschikking", "grant", "direct vast", "meteen vast", "settled directly") ||
		!containsAny(low, "verantwoord", "direct vast", "meteen vast", "vastgesteld", "vaststelling", "vaststellen", "achteraf", "afreken", "eindverslag", "account for", "settled directly",
			"settle it directly", "report on", "final report") ||
		containsAny(low, "plafond", "ceiling", "minimis", "bezwaar", "objection", "object ", "beroep", "appeal") {
		// an objection against the subsidy decision is another question
		return Result{}, false
	}
	v := q.Slots.Amounts[0].Value
	key := "case.small_subsidy_yes"
	outcome := rules.Yes
	if v > smallSubsidy {
		key, outcome = "case.small_subsidy_no", rules.No
	}
	text := Msgs.T(lang, key, "amount", rules.FormatAmount(v, lang), "limit", rules.FormatAmount(smallSubsidy, lang)) + " " + Msgs.T(lang, "case.small_subsidy_own")
	res := Result{Lang: lang, Kind: KindCheck, Found: true, Answer: text, Sources: e.docSources("kleine-subsidies", lang),
		Check: &CaseResult{Check: "kleine-subsidie", Outcome: string(outcome), Given: map[string]string{}}}
	return res, true
}

// gvaMaxMonths is how old a gedragsverklaring aanbesteden may be when it is
// used: two years (Aw art. 1.20; facts.md §12).
const gvaMaxMonths = 24

// gvaRe finds the abbreviation of the gedragsverklaring aanbesteden.
var gvaRe = regexp.MustCompile(`\bgva\b`)

// monthYearRe finds "januari 2024", "March 2026" in a folded, lower-case
// question.
var monthYearRe = regexp.MustCompile(`\b(januari|februari|maart|april|mei|juni|juli|augustus|september|oktober|november|december|january|february|march|may|june|july|august|october|jan|feb|mrt|mar|apr|jun|jul|aug|sept|sep|okt|oct|nov|dec)\.?\s+((?:19|20)\d\d)\b`)

var monthNames = map[string]int{"januari": 1, "january": 1, "februari": 2, "february": 2, "maart": 3, "march": 3, "april": 4,
	"mei": 5, "may": 5, "juni": 6, "june": 6, "juli": 7, "july": 7, "augustus": 8, "august": 8, "september": 9,
	"oktober": 10, "october": 10, "november": 11, "december": 12,
	"jan": 1, "feb": 2, "mrt": 3, "mar": 3, "apr": 4, "jun": 6, "jul": 7, "aug": 8, "sep": 9, "sept": 9, "okt": 10, "oct": 10, "nov": 11, "dec": 12}

// gvaAgeAnswer works out the age of a gedragsverklaring aanbesteden from
// the month it was issued and the month it is used (today when the
// question names one month only), against the two years it may be old.
func (e *Engine) gvaAgeAnswer(low string, lang i18n.Lang, now time.Time) (Result, bool) {
	if !strings.Contains(low, "gedragsverklaring") && !gvaRe.MatchString(low) {
		return Result{}, false
	}
	ms := monthYearRe.FindAllStringSubmatch(low, -1)
	if len(ms) == 0 {
		return Result{}, false
	}
	at := func(m []string) (int, int) { y, _ := strconv.Atoi(m[2]); return y, monthNames[m[1]] }
	iy, im := at(ms[0])
	uy, um := now.Year(), int(now.Month())
	if len(ms) > 1 {
		uy, um = at(ms[len(ms)-1])
	}
	age := (uy-iy)*12 + um - im
	if age < 0 {
		return Result{}, false
	}
	issued := rules.FormatDate(time.Date(iy, time.Month(im), 1, 0, 0, 0, 0, time.UTC), lang)
	used := rules.FormatDate(time.Date(uy, time.Month(um), 1, 0, 0, 0, 0, time.UTC), lang)
	// only the month is known: "1 maart 2026" is shown as "maart 2026"
	issued, used = issued[strings.Index(issued, " ")+1:], used[strings.Index(used, " ")+1:]
	var key string
	outcome := rules.Yes
	switch {
	case age > gvaMaxMonths:
		key, outcome = "case.gva_old", rules.No
	case age == gvaMaxMonths:
		key, outcome = "case.gva_day", rules.Depends
	default:
		key = "case.gva_ok"
	}
	text := Msgs.T(lang, key, "issued", issued, "used", used, "age", termOf(age, lang))
	return Result{Lang: lang, Kind: KindCheck, Found: true, Answer: text, Sources: e.docSources("gedragsverklaring-aanbesteden", lang),
		Check: &CaseResult{Check: "gedragsverklaring", Outcome: string(outcome), Given: map[string]string{}}}, true
}

// roomRe asks how much aid is still possible, or whether earlier aid still
// counts: "hoeveel mogen we nog krijgen?", "hoeveel ruimte houden we
// over?", "how much can we still get?", "telt dat nog mee?".
var roomRe = regexp.MustCompile(`\b(?:hoeveel|how much)\b.*\b(?:nog|over|ruimte|still|left|remain\w*|more)\b|\bruimte\b|\b(?:left|remaining)\b|\btel(?:t|len)\b.*\bmee\b|\bstill count|\bcounts? (?:towards|toward)\b`)

func asksRoom(low string) bool { return roomRe.MatchString(low) }

// deMinimisRoom answers how much de minimis aid is still possible today:
// every sum the question names is earlier aid, dated by the year (and
// month) it gives (the end of that year without a month, undated aid
// today), and the check's rolling three years decide which of it counts.
// The room is the ceiling minus what counts; aid outside the period is
// named first, as it is what "telt dat nog mee?" asks.
func (e *Engine) deMinimisRoom(ch *rules.Check, amounts []understand.Amount, daeb bool, lang i18n.Lang, now time.Time) (Result, bool) {
	kind := "algemeen"
	if daeb {
		kind = "daeb"
	}
	today := time.Date(now.Year(), now.Month(), now.Day(), 0, 0, 0, 0, time.UTC)
	var grants []rules.Grant
	for _, a := range amounts {
		grants = append(grants, rules.Grant{Amount: a.Value, Kind: kind, Date: aidDate(a, today)})
	}
	given := rules.Values{"economische_activiteit": "ja", "daeb": daeb, "eerdere_steun": grants, "nieuw_bedrag": float64(0), "datum": today}
	r, err := ch.Evaluate(given, rules.Options{Today: now, UseDefaults: true})
	if err != nil || r.Outcome == rules.Incomplete {
		return Result{}, false
	}
	num := func(id string) float64 { v, _ := r.Values[id].(float64); return v }
	ceiling := func(id string) (float64, *rules.Source) {
		p, ok := ch.Parameter(id)
		if !ok {
			return 0, nil
		}
		v, ok := p.At(today)
		if !ok {
			return 0, nil
		}
		src, _ := ch.Source(v.Source)
		return v.Value, src
	}
	general, daebAid := num("eerder_algemeen"), num("eerder_daeb")
	top, src := ceiling("plafond_algemeen")
	counted := general
	key := "case.dm_room"
	if daeb {
		top, src = ceiling("plafond_daeb")
		counted = general + daebAid // general and SGEI aid cumulate up to the SGEI ceiling
		key = "case.dm_room_daeb"
	}
	if top == 0 || src == nil {
		return Result{}, false
	}
	money := func(v float64) string { return rules.FormatAmount(v, lang) }
	var b strings.Builder
	b.WriteString(Msgs.T(lang, "case.assumed_economic"))
	if out := num("buiten_venster"); out > 0 {
		b.WriteString(" ")
		b.WriteString(Msgs.T(lang, "case.dm_outside", "amount", money(out), "start", rules.FormatDate(r.Values["venster_start"].(time.Time), lang), "date", rules.FormatDate(today, lang)))
	}
	if counted == 0 {
		key += "_none" // nothing counts: the whole ceiling is free
	}
	b.WriteString(" ")
	b.WriteString(Msgs.T(lang, key, "counted", money(counted), "ceiling", money(top), "room", money(max(0, top-counted)),
		"start", rules.FormatDate(r.Values["venster_start"].(time.Time), lang), "date", rules.FormatDate(today, lang)))
	b.WriteString("\n\n")
	b.WriteString(Msgs.T(lang, "case.more", "check", ch.ID))
	res := Result{Lang: lang, Kind: KindCheck, Found: true, Answer: b.String(),
		Check:   &CaseResult{Check: ch.ID, Outcome: string(rules.Depends), Given: map[string]string{}},
		Sources: []Source{ruleSource(ch.ID, src, lang)}}
	for id, v := range given {
		if f, ok := ch.Fact(id); ok && id != "nieuw_bedrag" {
			res.Check.Given[id] = f.Encode(v)
		}
	}
	res.Check.Next = "nieuw_bedrag"
	return res, true
}

// againWords ask about a second reservation to the same organisation.
var againWords = []string{"weer", "opnieuw", "nog een", "nog eens", "nieuwe", "again", "new one", "another", "once more", "a new"}

// reservedAgainAnswer answers whether the same authority may reserve a
// contract under art. 2.82a again for an organisation it reserved one for
// before: not within the 3 years before the award (Aw art. 2.82a,
// condition d; facts.md §3). With the month or year of the earlier award
// it counts the time since; without it, it gives the rule.
func (e *Engine) reservedAgainAnswer(q understand.Query, low string, lang i18n.Lang, now time.Time) (Result, bool) {
	if !strings.Contains(low, "2.82a") || !containsAny(low, againWords...) {
		return Result{}, false
	}
	ch, ok := e.checks().Get(reservedCheck)
	if !ok {
		return Result{}, false
	}
	// the earlier award: the first month and year named, else the first
	// year before this one
	var from, until time.Time // the earliest and latest day it can have been
	if ms := monthYearRe.FindAllStringSubmatch(low, -1); len(ms) > 0 {
		y, _ := strconv.Atoi(ms[0][2])
		from = time.Date(y, time.Month(monthNames[ms[0][1]]), 1, 0, 0, 0, 0, time.UTC)
		until = from.AddDate(0, 1, -1)
	} else {
		for _, y := range q.Slots.Years {
			if y < now.Year() {
				from, until = time.Date(y, 1, 1, 0, 0, 0, 0, time.UTC), time.Date(y, 12, 31, 0, 0, 0, 0, time.UTC)
				break
			}
		}
	}
	key, outcome := "case.reserved_again_rule", rules.No
	var args []any
	if !from.IsZero() {
		earlier := rules.FormatDate(from, lang)
		earlier = earlier[strings.Index(earlier, " ")+1:] // "oktober 2022"
		if until.Year() != from.Year() || until.Month() != from.Month() {
			earlier = strconv.Itoa(from.Year())
		}
		args = []any{"earlier", earlier, "free", rules.FormatDate(until.AddDate(3, 0, 1), lang)}
		switch {
		case !now.Before(until.AddDate(3, 0, 1)):
			key, outcome = "case.reserved_again_ok", rules.Depends
		case now.Before(from.AddDate(3, 0, 0)):
			key = "case.reserved_again_no"
		default:
			key, outcome = "case.reserved_again_day", rules.Depends
		}
	}
	text := Msgs.T(lang, key, args...) + " " + Msgs.T(lang, "case.reserved_term_more", "check", ch.ID)
	res := Result{Lang: lang, Kind: KindCheck, Found: true, Answer: text,
		Check: &CaseResult{Check: ch.ID, Outcome: string(outcome), Given: map[string]string{}}}
	if src, ok := ch.Source("aw_2_82a"); ok {
		res.Sources = append(res.Sources, ruleSource(ch.ID, src, lang))
	}
	return res, true
}

// thresholdWords ask for a threshold; publishWords name the moment that
// decides which one applies (the call for competition is sent).
var (
	thresholdWords = []string{"drempel", "threshold", "treshold", "threshhold"}
	publishWords   = regexp.MustCompile(`(?:publi\w*|aankondig\w*|verstu\w*|verzend\w*|send|sent|launch\w*|uitschrijv\w*|call for competition)\s+(?:\w+\s+){0,3}$`)
	periodYearRe   = regexp.MustCompile(`\b(20[2-3]\d)\b`)
	changeRe       = regexp.MustCompile(`\b(?:omhoog|omlaag|gestegen|gedaald|stijg\w*|daal\w*|verander\w*|gewijzigd|wijzig\w*|hoger|lager|verschil|up|down|chang\w*|rise|rose|fall|fell|increase\w*|decrease\w*|higher|lower|differen\w*)\b`)
)

// noticeDated reports a question that dates the sending of a notice
// ("we sent the contract notice in November 2025", "de aankondiging ging
// in december 2025 de deur uit"): a threshold asked for then is the EU
// one, whatever the kind of contract.
func noticeDated(low string) bool {
	for _, m := range monthYearRe.FindAllStringIndex(low, -1) {
		if publishWords.MatchString(low[:m[0]]) || noticeBeforeRe.MatchString(low[max(0, m[0]-60):m[0]]) {
			return true
		}
	}
	return false
}

// noticeDate is the day a question says the notice is (or was) sent,
// when it dates it: the first of the month of a month and year next to a
// word for publishing or a notice ("we publiceren in december 2025", "in
// november 2025 ging de aankondiging eruit"), else mid-year of a year
// next to one ("the notice goes out in 2025"); "vorig jaar" and "last
// year" are the year before now's ("we published the notice last year",
// "vorig jaar december hebben we de aankondiging verstuurd"). Which
// threshold applies depends on that day, not on the start of the
// contract (Dir. 2014/24 art. 5(4); facts.md §13).
func noticeDate(low string, now time.Time) (time.Time, bool) {
	near := func(start, end int) bool {
		return publishWords.MatchString(low[:start]) || noticeBeforeRe.MatchString(low[max(0, start-60):start]) ||
			noticeAfterRe.MatchString(low[end:])
	}
	for _, m := range monthYearRe.FindAllStringSubmatchIndex(low, -1) {
		if near(m[0], m[1]) {
			y, _ := strconv.Atoi(low[m[4]:m[5]])
			return time.Date(y, time.Month(monthNames[low[m[2]:m[3]]]), 1, 0, 0, 0, 0, time.UTC), true
		}
	}
	for _, m := range lastYearRe.FindAllStringSubmatchIndex(low, -1) {
		if !near(m[0], m[1]) {
			continue
		}
		month := 7
		for _, g := range [][2]int{{m[2], m[3]}, {m[4], m[5]}} {
			if g[0] >= 0 {
				month = monthNames[low[g[0]:g[1]]]
			}
		}
		return time.Date(now.Year()-1, time.Month(month), 1, 0, 0, 0, 0, time.UTC), true
	}
	for _, m := range periodYearRe.FindAllStringSubmatchIndex(low, -1) {
		if before := strings.TrimSuffix(low[:m[0]], "in "); publishWords.MatchString(before) || noticeBeforeRe.MatchString(before[max(0, len(before)-60):]) ||
			noticeAfterRe.MatchString(low[m[1]:]) {
			y, _ := strconv.Atoi(low[m[2]:m[3]])
			return time.Date(y, 7, 1, 0, 0, 0, 0, time.UTC), true
		}
	}
	return time.Time{}, false
}

// lastYearRe finds "last year" with the month it names, before or after:
// "vorig jaar", "december vorig jaar", "vorig jaar december", "in
// december van vorig jaar", "last year".
var lastYearRe = regexp.MustCompile(`(?:\b(januari|februari|maart|april|mei|juni|juli|augustus|september|oktober|november|december|january|february|march|april|may|june|july|august|september|october|november|december)\s+(?:van\s+)?)?\b(?:vorig|vorige|afgelopen|last)\s+(?:jaar|year)\b(?:\s+(januari|februari|maart|april|mei|juni|juli|augustus|september|oktober|november|december))?`)

// noticeAfterRe finds a notice or its sending right after a date: "(vorig
// jaar december) de aankondiging verstuurd", "(in 2025) gepubliceerd".
var noticeAfterRe = regexp.MustCompile(`^\s*(?:[^\s.,;:!?]+\s+){0,4}?(?:de\s+|the\s+|our\s+|onze\s+)?(?:aankondiging|notice|vooraankondiging|publicatie|gepubliceerd|verstuurd|verzonden|published|sent)\b`)

// noticeBeforeRe finds a notice named shortly before a month and year:
// "de aankondiging is in december 2025", "our notice went out in".
var noticeBeforeRe = regexp.MustCompile(`\b(?:aankondiging|notice)\b(?:\s+\S+){0,5}\s+$`)

// thresholdAtAnswer gives the EU thresholds valid in a year the question
// names, without a case value: "wat waren de drempels in 2024-2025 voor
// decentrale overheden?", "we publish in December 2025, which threshold?".
// The threshold of the moment the notice is sent applies (Dir. 2014/24
// art. 5(4); facts.md §13), so a month and year after a word for
// publishing decide; else the first year named.
func (e *Engine) thresholdAtAnswer(q understand.Query, low string, lang i18n.Lang, now time.Time) (Result, bool) {
	// "hoeveel mag de gemeente ons betalen zonder Europese aanbesteding?"
	// asks for the threshold without naming it
	upTo := containsAny(low, "hoeveel", "how much", "tot welk bedrag", "up to what", "what amount", "welk bedrag") &&
		containsAny(low, "zonder europese", "zonder europees", "without an eu", "without eu", "without a european", "without the eu")
	if len(q.Slots.Amounts) > 0 || !containsAny(low, thresholdWords...) && !upTo || changeRe.MatchString(strings.ToLower(q.Focus)) {
		// "is de drempel in 2026 omlaag gegaan?" asks about the change
		return Result{}, false
	}
	if !containsAny(low, "europe", " eu ", "eu-", "aanbested", "procurement", "tender", "werken", "dienst", "levering", "works", "service", "suppl", "decentra") &&
		(q.Slots.Kind == "" && !noticeDated(low) || !containsAny(low, "aankondiging", "notice")) ||
		containsAny(low, "sroi", "social return", "inkoopbeleid", "onderhands", "enkelvoudig", "meervoudig", "nationa", "subsid", "minimis", "beleid", "policy", "concessie", "concession", "nuts", "utilit", "sector") {
		// another threshold than the EU one: social return, a
		// municipality's own policy, a subsidy, de minimis
		return Result{}, false
	}
	kinds := understand.Kinds(q.Text)
	if containsAny(low, "sociale", "social", "specifieke", "specific", "xiv") {
		// "social and other specific services": the SAS threshold
		kinds["sociale_diensten"] = true
		delete(kinds, "diensten")
	}
	years := q.Slots.Years
	if len(years) == 0 && lastYearRe.MatchString(low) {
		// "which threshold applied last year for works?"
		years = []int{now.Year() - 1}
	}
	if len(years) == 0 && len(kinds) < 2 && !upTo {
		// without a year only a question for several kinds at once
		// ("the threshold now for works and for services"), which one
		// card does not answer
		return Result{}, false
	}
	ch, ok := e.checks().Get(procurementCheck)
	if !ok {
		return Result{}, false
	}
	var at time.Time
	for _, m := range monthYearRe.FindAllStringSubmatchIndex(low, -1) {
		y, _ := strconv.Atoi(low[m[4]:m[5]])
		d := time.Date(y, time.Month(monthNames[low[m[2]:m[3]]]), 1, 0, 0, 0, 0, time.UTC)
		if at.IsZero() || publishWords.MatchString(low[:m[0]]) {
			at = d
		}
	}
	key := "case.threshold_at"
	switch {
	case !at.IsZero():
	case len(years) == 0:
		at, key = time.Date(now.Year(), now.Month(), now.Day(), 0, 0, 0, 0, time.UTC), "case.threshold_now"
	default:
		y, err := strconv.Atoi(periodYearRe.FindString(low))
		if err != nil {
			y = years[0] // "last year"
		}
		at = time.Date(y, 7, 1, 0, 0, 0, 0, time.UTC)
	}
	value := func(id string) (float64, *rules.Source, rules.ParamValue, bool) {
		p, ok := ch.Parameter(id)
		if !ok {
			return 0, nil, rules.ParamValue{}, false
		}
		v, ok := p.At(at)
		if !ok {
			return 0, nil, rules.ParamValue{}, false
		}
		src, ok := ch.Source(v.Source)
		return v.Value, src, v, ok
	}
	type item struct{ param, key string }
	decentral, central := item{"drempel_decentraal", "case.th_decentral"}, item{"drempel_centraal", "case.th_central"}
	works, social := item{"drempel_werken", "case.th_works"}, item{"drempel_sociale_diensten", "case.th_social"}
	services := decentral
	if q.Slots.Authority == "rijk" {
		services = central
	}
	var items []item
	if kinds["diensten"] || kinds["leveringen"] {
		items = append(items, services)
	}
	if kinds["werken"] {
		items = append(items, works)
	}
	if kinds["sociale_diensten"] {
		items = append(items, social)
	}
	if len(items) == 0 {
		items = []item{services, works, social}
		if q.Slots.Authority == "" {
			items = append(items, central)
		}
	}
	if len(items) == 1 && !monthYearRe.MatchString(low) && !upTo {
		// one kind in today's period ("het drempelbedrag voor diensten in
		// 2026") is what its card answers, with more to read
		if p, ok := ch.Parameter(items[0].param); ok {
			a, okA := p.At(at)
			b, okB := p.At(now)
			if okA && okB && a.Period == b.Period {
				return Result{}, false
			}
		}
	}
	var parts []string
	var src *rules.Source
	var period rules.ParamValue
	for _, it := range items {
		v, s, pv, ok := value(it.param)
		if !ok {
			return Result{}, false // no threshold known for that date
		}
		if src == nil {
			src, period = s, pv
		}
		parts = append(parts, Msgs.T(lang, it.key, "amount", rules.FormatAmount(v, lang)))
	}
	when := rules.FormatDate(at, lang)
	when = when[strings.Index(when, " ")+1:]
	if at.Day() == 1 && at.Month() == 7 && !monthYearRe.MatchString(low) {
		when = strconv.Itoa(at.Year())
	}
	if key == "case.threshold_now" {
		when = rules.FormatDate(at, lang)
	}
	text := Msgs.T(lang, key, "when", when, "period", fmt.Sprintf("%d–%d", period.From.Year(), period.Until.Year()),
		"list", strings.Join(parts, "; "), "source", src.RefIn(lang))
	res := Result{Lang: lang, Kind: KindCheck, Found: true, Answer: text,
		Check:   &CaseResult{Check: ch.ID, Outcome: string(rules.Depends), Given: map[string]string{"datum": at.Format(time.DateOnly)}},
		Sources: []Source{ruleSource(ch.ID, src, lang)}}
	return res, true
}

// The minimum period for tenders in an EU open procedure: 45 days from
// the dispatch of the notice, 40 when tenders may be submitted
// electronically (Aw art. 2.71 lid 1, § 2.3.2.3; facts.md §0.1, §9).
const (
	openProcedureDays   = 45
	electronicCutDays   = 5
	tenderPeriodTopicID = "termijnen-europees-aanbesteden"
)

// periodRe finds a period in days or weeks: "drie weken", "30 dagen",
// "four weeks".
var periodRe = regexp.MustCompile(`\b(\d{1,3}|een|twee|drie|vier|vijf|zes|zeven|acht|one|two|three|four|five|six|seven|eight)\s*(dagen|dag|days?|weken|week|weeks)\b`)

var periodNumbers = map[string]int{"een": 1, "twee": 2, "drie": 3, "vier": 4, "vijf": 5, "zes": 6, "zeven": 7, "acht": 8,
	"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8}

// tenderPeriodAnswer compares the period for tenders a question gives for
// an EU procedure with the statutory minimum: "de inschrijvingstermijn van
// de Europese aanbesteding is maar drie weken, mag dat?". A restricted or
// urgent procedure, or one under the light regime, has other periods and
// is left to the cards.
func (e *Engine) tenderPeriodAnswer(q understand.Query, low string, lang i18n.Lang) (Result, bool) {
	if q.Slots.Kind == "sociale_diensten" && len(q.Slots.Amounts) > 0 && containsAny(low, "minimumtermijn", "minimale termijn", "minimum time limit", "minimum period",
		"45 dagen", "45 days", "inschrijvingstermijn", "inschrijftermijn", "tender period", "time limits", "termijnen") {
		// a case of social services under the light regime: no
		// statutory minimum (Aw art. 2.39 lid 2; facts.md §1c, §13); the
		// question in general is its card's
		srcs := e.docSources(tenderPeriodTopicID, lang)
		if len(srcs) == 0 {
			return Result{}, false
		}
		return Result{Lang: lang, Kind: KindCheck, Found: true, Answer: Msgs.T(lang, "case.period_sas"), Sources: srcs[:min(len(srcs), maxSources)],
			Check: &CaseResult{Check: "inschrijvingstermijn", Outcome: string(rules.No), Given: map[string]string{"soort": "sociale_diensten"}}}, true
	}
	if !containsAny(low, "inschrijvingstermijn", "inschrijftermijn", "termijn om in te schrijven", "tender period", "period for tenders",
		"time limit for tenders", "deadline for tenders", "time to tender", "tender deadline") ||
		!containsAny(low, "europe", " eu ", "eu-", "openbare procedure", "open procedure") ||
		containsAny(low, "niet-openbare", "niet openbare", "restricted", "spoed", "urgen", "vooraankondiging", "prior information", "onderhandeling", "negotiat", "dialo") ||
		q.Slots.Kind == "sociale_diensten" || len(q.Slots.Amounts) > 0 {
		return Result{}, false
	}
	m := periodRe.FindStringSubmatch(low)
	if m == nil {
		return Result{}, false
	}
	n, err := strconv.Atoi(m[1])
	if err != nil {
		n = periodNumbers[m[1]]
	}
	days := n
	if strings.HasPrefix(m[2], "we") {
		days = 7 * n
	}
	if days <= 0 {
		return Result{}, false
	}
	key := "case.period_ok"
	switch {
	case days < openProcedureDays-electronicCutDays:
		key = "case.period_short"
	case days < openProcedureDays:
		key = "case.period_electronic"
	}
	srcs := e.docSources(tenderPeriodTopicID, lang)
	if len(srcs) == 0 {
		return Result{}, false
	}
	text := Msgs.T(lang, key, "days", strconv.Itoa(days)) + " " + Msgs.T(lang, "case.period_more")
	return Result{Lang: lang, Kind: KindCheck, Found: true, Answer: text, Sources: srcs[:min(len(srcs), maxSources)],
		Check: &CaseResult{Check: "inschrijvingstermijn", Outcome: map[string]string{"case.period_ok": "yes", "case.period_short": "no", "case.period_electronic": "depends"}[key], Given: map[string]string{}}}, true
}

// profitOutRe says profits go to owners or shareholders; profitInWords say
// they are reinvested or shared on participatory grounds.
var (
	profitOutRe   = regexp.MustCompile(`\b(?:winst\w*|profits?|dividend\w*)\b.{0,60}\b(?:aandeelhouders?|eigenaars?|investeerders?|uitgekeerd|uitkeren|uitbetaald|shareholders?|owners?|investors?|distributed|paid out)\b|\b(?:aandeelhouders?|shareholders?|investors?)\b.{0,40}\b(?:winst\w*|profits?|dividend\w*)\b`)
	profitInWords = []string{"herinvest", "geherinvesteerd", "reinvest", "re-invest", "participat", "leden", "members", "werknemers", "employees"}
)

// reservedProfitAnswer answers whether an organisation whose profits go to
// its owners can get a contract reserved under art. 2.82a: condition b
// asks that profits are reinvested to achieve its objective, or
// distributed on participatory grounds (facts.md §3).
func (e *Engine) reservedProfitAnswer(low string, lang i18n.Lang) (Result, bool) {
	if !strings.Contains(low, "2.82a") || !profitOutRe.MatchString(low) || containsAny(low, profitInWords...) {
		return Result{}, false
	}
	ch, ok := e.checks().Get(reservedCheck)
	if !ok {
		return Result{}, false
	}
	text := Msgs.T(lang, "case.reserved_profit") + " " + Msgs.T(lang, "case.reserved_term_more", "check", ch.ID)
	res := Result{Lang: lang, Kind: KindCheck, Found: true, Answer: text,
		Check: &CaseResult{Check: ch.ID, Outcome: string(rules.Depends), Given: map[string]string{}, Next: "winst_herinvesteren"}}
	if src, ok := ch.Source("aw_2_82a"); ok {
		res.Sources = append(res.Sources, ruleSource(ch.ID, src, lang))
	}
	return res, true
}

// The facts of subsidie_of_opdracht that a story can state plainly: the
// municipality can enforce what it pays for, and whose interest it serves
// (facts.md §2, §13; PIANOo's five questions).
var (
	grantOrContractRe = regexp.MustCompile(`\b(?:subsidie|grant|subsidy)\b.{0,30}\b(?:of|or)\b.{0,20}\b(?:opdracht|overheidsopdracht|contract|public contract)\b|\b(?:opdracht|contract)\b.{0,20}\b(?:of|or)\b.{0,20}\b(?:subsidie|grant|subsidy)\b`)
	enforceRe         = regexp.MustCompile(`afdwing|\benforce|\bboetes?\b|\bbeboet|\bfine us\b|\bpenalt|\bontbind|\bterminate|\bsanction|\bclaim damages`)
	ownInterestRe     = regexp.MustCompile(`eigen belang|own (?:economic )?(?:interest|benefit)|\bowns? the (?:result|work|outcome)|eigenaar (?:wordt )?van (?:het|de) (?:resultaat|uitkomst|werk)|gemeente (?:wordt )?eigenaar|voor de gemeente zelf|for the municipality itself|the municipality uses the result|gebruikt het resultaat`)
	notEnforceableRe  = regexp.MustCompile(`geen afdwingba|niet afdwingba|geen (?:harde |afdwingbare )?eisen|no enforceable|not enforceable|cannot enforce|can't enforce|no (?:hard )?requirements`)
	ownInitiativeRe   = regexp.MustCompile(`eigen initiatief|op ons initiatief|own initiative|our initiative|on our own`)
	generalInterestRe = regexp.MustCompile(`algemeen belang|general interest|public interest|voor de buurt|for the neighbourhood|for the neighborhood|voor de bewoners|for (?:the )?residents|voor de wijk`)
)

// grantOrContractAnswer answers "subsidie of opdracht?" when the question
// states the two facts that decide it on their own (kern_opdracht: an
// enforceable performance in the municipality's own interest; or none of
// that, for the general interest, which still needs the commercial
// question): only a verdict the check gives is shown, else the cards and
// the check take over.
func (e *Engine) grantOrContractAnswer(low string, lang i18n.Lang, now time.Time) (Result, bool) {
	if grantOrContractRe.MatchString(low) && notEnforceableRe.MatchString(low) {
		return e.grantSignals(low, lang, now)
	}
	if !grantOrContractRe.MatchString(low) || !enforceRe.MatchString(low) || !ownInterestRe.MatchString(low) ||
		generalInterestRe.MatchString(low) || containsAny(low, "niet afdwing", "not enforce", "geen boete", "no penalt", "cannot enforce", "can't enforce") {
		return Result{}, false
	}
	ch, ok := e.checks().Get("subsidie_of_opdracht")
	if !ok {
		return Result{}, false
	}
	r, err := ch.Evaluate(rules.Values{"afdwingbaar": true, "belang": "gemeente"}, rules.Options{Today: now})
	if err != nil || r.Outcome != rules.Yes {
		return Result{}, false
	}
	var b strings.Builder
	b.WriteString(r.Headline(lang))
	for _, rule := range r.Reasons {
		if rule.Lead || rule.Outcome == "" {
			continue
		}
		b.WriteString(" ")
		b.WriteString(strings.TrimSpace(r.Render(rule.Text, lang)))
		break
	}
	b.WriteString("\n\n")
	b.WriteString(Msgs.T(lang, "case.more", "check", ch.ID))
	res := Result{Lang: lang, Kind: KindCheck, Found: true, Answer: b.String(),
		Check: &CaseResult{Check: ch.ID, Outcome: string(r.Outcome), Given: map[string]string{"afdwingbaar": "yes", "belang": "gemeente"}}}
	for _, s := range r.Sources() {
		if len(res.Sources) == maxSources {
			break
		}
		res.Sources = append(res.Sources, ruleSource(ch.ID, s, lang))
	}
	return res, true
}

// grantSignals answers "subsidie of opdracht?" for a story that says the
// municipality cannot enforce what it pays for: with the general interest
// too the check's verdict (a subsidy), else the points the story gives
// towards a subsidy from PIANOo's questions and the question that weighs
// most of those still open.
func (e *Engine) grantSignals(low string, lang i18n.Lang, now time.Time) (Result, bool) {
	ch, ok := e.checks().Get("subsidie_of_opdracht")
	if !ok {
		return Result{}, false
	}
	given := rules.Values{"afdwingbaar": false}
	notes := []string{"wijst_subsidie_afdwingbaar"}
	if ownInitiativeRe.MatchString(low) {
		given["initiatief"] = "aanbieder"
		notes = append(notes, "wijst_subsidie_initiatief")
	}
	if generalInterestRe.MatchString(low) {
		given["belang"] = "algemeen"
		notes = append(notes, "wijst_subsidie_belang")
	}
	r, err := ch.Evaluate(given, rules.Options{Today: now})
	if err != nil {
		return Result{}, false
	}
	var b strings.Builder
	b.WriteString(Msgs.T(lang, "case.grant_signals"))
	for _, id := range notes {
		if rule, ok := ch.Rule(id); ok {
			b.WriteString(" ")
			b.WriteString(strings.TrimSpace(rule.Text.In(lang)))
		}
	}
	if r.Outcome == rules.Incomplete {
		if f, ok := ch.Fact(r.Next); ok {
			b.WriteString("\n\n")
			b.WriteString(Msgs.T(lang, "case.ask", "question", f.Question.In(lang), "check", ch.ID))
		}
	} else {
		b.WriteString("\n\n")
		b.WriteString(r.Headline(lang))
	}
	res := Result{Lang: lang, Kind: KindCheck, Found: true, Answer: b.String(),
		Check: &CaseResult{Check: ch.ID, Outcome: string(r.Outcome), Next: r.Next, Given: map[string]string{}}}
	for id, v := range given {
		if f, ok := ch.Fact(id); ok {
			res.Check.Given[id] = f.Encode(v)
		}
	}
	if src, ok := ch.Source("pianoo_verschil"); ok {
		res.Sources = append(res.Sources, ruleSource(ch.ID, src, lang))
	}
	if src, ok := ch.Source("awb_4_21"); ok {
		res.Sources = append(res.Sources, ruleSource(ch.ID, src, lang))
	}
	return res, true
}

// aidDate is the date earlier aid counts from in the rolling three years:
// undated aid counts on ref (the safe side of the ceiling); a year without
// a month counts at its end — the latest it can be, so the aid is counted
// whenever it may fall in the period — and never after ref.
func aidDate(a understand.Amount, ref time.Time) time.Time {
	if a.Year == 0 {
		return ref
	}
	d := time.Date(a.Year, 12, 31, 0, 0, 0, 0, time.UTC)
	if a.Month != 0 {
		d = time.Date(a.Year, time.Month(a.Month), 1, 0, 0, 0, 0, time.UTC)
	}
	if d.After(ref) {
		return ref
	}
	return d
}

// yearOnlyGrantAtEdge returns the year of an earlier grant (not the new
// one, amounts[newest]) that the question dates by its year alone and
// whose year straddles the start of the three years before date: part of
// that year counts, part does not.
func yearOnlyGrantAtEdge(amounts []understand.Amount, newest int, date time.Time) (int, bool) {
	start := date.AddDate(-3, 0, 0)
	for i, a := range amounts {
		if i == newest || a.Year == 0 || a.Month != 0 {
			continue
		}
		first := time.Date(a.Year, 1, 1, 0, 0, 0, 0, time.UTC)
		last := time.Date(a.Year, 12, 31, 0, 0, 0, 0, time.UTC)
		if first.Before(start) && !last.Before(start) {
			return a.Year, true
		}
	}
	return 0, false
}

// ruleSource is a check's source as an answer cites it, in lang.
func ruleSource(check string, s *rules.Source, lang i18n.Lang) Source {
	return Source{ID: check, Title: s.In(lang), URL: s.URL, Ref: s.RefIn(lang)}
}

// maxRateAnswer answers how much a municipality may pay per month or per
// year for a term the question gives and stay below the EU threshold:
// "hoeveel mag de gemeente ons per maand betalen zonder Europees aan te
// besteden als het contract 3 jaar loopt?". The value counts the months of
// the term, at most 48 (and 48 without an end; Aw art. 2.17), so the rate
// must stay below the threshold divided by them. Services of a
// municipality unless the question names another kind or the State;
// works are not paid by the month and are left to the cards.
func (e *Engine) maxRateAnswer(q understand.Query, low string, lang i18n.Lang, now time.Time) (Result, bool) {
	s := q.Slots
	if len(s.Amounts) > 0 || s.Months <= 0 && !s.Indefinite || s.Kind == "werken" ||
		!containsAny(low, "hoeveel", "how much", "maximaal", "maximum", "at most", "tot welk bedrag", "up to what") ||
		!containsAny(low, "zonder europe", "zonder eu", "without an eu", "without eu", "without a european", "without the eu", "onder de drempel",
			"below the threshold", "under the threshold", "zonder aan te besteden", "zonder aanbesteding", "without tendering", "without a tender") {
		return Result{}, false
	}
	perYear := containsAny(low, "per jaar", "a year", "per year", "yearly", "annually", "jaarlijks", "per annum")
	if !perYear && !containsAny(low, "per maand", "a month", "per month", "monthly", "maandelijks") {
		return Result{}, false
	}
	ch, ok := e.checks().Get(procurementCheck)
	if !ok {
		return Result{}, false
	}
	param, kindKey := "drempel_decentraal", "case.th_decentral"
	switch {
	case s.Kind == "sociale_diensten":
		param, kindKey = "drempel_sociale_diensten", "case.th_social"
	case s.Authority == "rijk":
		param, kindKey = "drempel_centraal", "case.th_central"
	}
	p, ok := ch.Parameter(param)
	if !ok {
		return Result{}, false
	}
	pv, ok := p.At(now)
	if !ok {
		return Result{}, false
	}
	src, ok := ch.Source(pv.Source)
	if !ok {
		return Result{}, false
	}
	months := s.Months
	if s.Indefinite || months > 48 {
		months = 48
	}
	money := func(v float64) string { return rules.FormatAmount(v, lang) }
	perMonth := pv.Value / float64(months)
	key := "case.max_rate"
	if s.Indefinite || s.Months > 48 {
		key = "case.max_rate_48"
	}
	text := Msgs.T(lang, key, "term", termOf(s.Months, lang), "months", strconv.Itoa(months),
		"threshold", Msgs.T(lang, kindKey, "amount", money(pv.Value)), "source", src.RefIn(lang),
		"month", money(upToCent(perMonth)), "year", money(upToCent(pv.Value*12/float64(months))))
	res := Result{Lang: lang, Kind: KindCheck, Found: true, Answer: text,
		Check:   &CaseResult{Check: ch.ID, Outcome: string(rules.Depends), Given: map[string]string{}},
		Sources: []Source{ruleSource(ch.ID, src, lang)}}
	if a, ok := ch.Source("aw_2_17"); ok {
		res.Sources = append(res.Sources, ruleSource(ch.ID, a, lang))
	}
	return res, true
}

// upToCent rounds v up to a whole cent: "less than €2,916.67" a month
// keeps every amount in cents that stays below the threshold.
func upToCent(v float64) float64 { return math.Ceil(math.Round(v*1e6)/1e4) / 100 }

// A question may carry the figures a check needs and still ask for a fact:
// "We kregen in 2025 150.000 euro de-minimissteun. Wat is de-minimissteun
// eigenlijk?", "Bij een opdracht van 400.000 euro vraagt de gemeente 5%
// social return. Wie controleert dat?". A computed verdict answers neither.

var (
	// factDefinitionRe opens a question sentence that asks what
	// something is
	factDefinitionRe = regexp.MustCompile(`^(?:en |and |dus |so |maar |but )?(?:wat is|wat zijn|wat betekent|wat houdt|wat valt onder|what is|what are|what does|what counts as|what's|whats)\b`)
	// factWhoRe opens one that asks who or where; "wie heeft gelijk?"
	// asks to judge a claim
	factWhoRe = regexp.MustCompile(`^(?:en |and |dus |so |maar |but )?(?:wie|who|whom|waar|where)\b`)
	// figureAskRe names what a check computes: a day, a sum, a limit, a
	// condition — "wat is de laatste dag?" asks for the verdict
	figureAskRe = regexp.MustCompile(`\d|\b(?:dag|day|datum|date|max|maximum|bedrag|amount|waarde|value|plafond|ceiling|ruimte|room|totaal|total|drempel|drempels|threshold|thresholds|termijn|deadline|percentage|procent|percent|sluitingsdatum|closing|laatste|last|vroegst|earliest|limit|grens|som|sum|hoeveel|how much|how many|requirements?|conditions?|voorwaarden?|eisen|eis|right|gelijk)\b`)
)

// asksFactOnly reports a question whose last clause asks what something
// is, or who or where, and names nothing a check computes. A short text
// is all focus: its last clause is what it asks ("For a €500,000 tender,
// what counts as social return?").
func asksFactOnly(q understand.Query) bool {
	f := strings.ToLower(strings.TrimSpace(q.Focus))
	if i := strings.LastIndexAny(strings.TrimRight(f, "?!. "), ".!?;:,"); i >= 0 {
		f = strings.TrimSpace(f[i+1:])
	}
	// "waar staat dat?" asks what a verdict rests on: the verdict shows it
	return (factDefinitionRe.MatchString(f) || factWhoRe.MatchString(f)) && !figureAskRe.MatchString(f) && !asksSource(f)
}
