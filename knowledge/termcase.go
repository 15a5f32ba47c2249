package knowledge

import (
	"math"
	"regexp"
	"strconv"
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
	"too early", "te vroeg", "op tijd", "in time", "deadline",
	// with a start date, "how long" asks for the end too
	"hoe lang", "hoelang", "how long", "hoeveel tijd", "how much time", "by when",
	// the day it starts from: "from which date does it start counting?"
	"which date", "what date", "which day", "what day", "welke datum", "welke dag", "vanaf wanneer", "from when"}

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
	if kindID == "" && containsAny(low, "beslis", "decide", "decision on") && containsAny(low, "aanvraag", "application", "verzoek", "request") {
		// "als we de aanvraag op 14 december indienen, wanneer moet de
		// gemeente dan beslissen?"
		kindID = "beslissing"
	}
	kind, ok := termijn.KindByID(kindID)
	if !ok {
		return Result{}, false
	}
	startT, ok := firstDay(q, low, now)
	if !ok {
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
	check := "termijn:" + kind.ID
	if asksStart(low) {
		// "from which date does the standstill start counting?": the
		// first day leads, then the end
		first := rules.FormatDate(startT.AddDate(0, 0, 1), lang)
		text = Msgs.T(lang, "term.start", "name", name, "first", first, "end", end, "term", termText(kind.Term, lang), "start", start, "refs", strings.Join(refs, ", "))
		check += ":start"
	}
	if r.End != r.Plain {
		text += " " + Msgs.T(lang, "term.moved", "plain", rules.FormatDate(dateTime(r.Plain), lang), "end", end)
	}
	text += "\n\n" + Msgs.T(lang, "term.more", "date", startT.Format("2-1-2006"), "kind", kind.ID)
	res := Result{Lang: lang, Kind: KindCheck, Found: true, Answer: text, Check: &CaseResult{Check: check, Outcome: dateTime(r.End).Format(time.DateOnly)}}
	for _, s := range append(append([]termijn.Source(nil), kind.Sources...), termijn.AtwSources...) {
		if len(res.Sources) == maxSources {
			break
		}
		res.Sources = append(res.Sources, Source{ID: "termijn", Title: s.Ref, URL: s.URL, Ref: s.Ref})
	}
	return res, true
}

// asksStart reports a question for the day a term starts running, not
// for its end: "vanaf welke datum telt de termijn?", "from which date does
// the standstill start counting?".
func asksStart(low string) bool {
	return containsAny(low, "begint", "beginnen", "gaat in", "gaat de termijn in", "start", "begin", "counting", "telt de termijn", "tellen we",
		"vanaf welke", "vanaf wanneer", "from which", "from when", "from what date") &&
		!termEndRe.MatchString(low)
}

// termEndRe asks for the end of a term ("when does it end?"; "send" is
// no end).
var termEndRe = regexp.MustCompile(`\b(?:eindig\w*|afloop\w*|loopt af|laatste dag|uiterlijk|tot wanneer|ends?|ending|last day|until|expires?)\b`)

// termText writes a term's length: "6 weken", "1 maand", "8 weeks".
func termText(t termijn.Term, lang i18n.Lang) string {
	return Msgs.N(lang, unitIDs[t.Unit], max(t.N, -t.N))
}

// unitIDs are the catalog entries of the units, plural tables.
var unitIDs = map[termijn.Unit]string{termijn.Days: "unit.days", termijn.Weeks: "unit.weeks", termijn.Months: "unit.months"}

func dateTime(d termijn.Date) time.Time {
	return time.Date(d.Year, d.Month, d.Day, 0, 0, 0, 0, time.UTC)
}

// The end of a statutory term that the question names ("onze bezwaartermijn
// eindigt op tweede Pinksterdag 2027", "the period ends on Saturday 2
// January 2027"): the Algemene termijnenwet moves it to the next day that
// is no Saturday, Sunday or general holiday (art. 1 and 3), except for a
// term counted back from an event (art. 1 lid 2), in hours, or longer
// than three months, twelve weeks or ninety days (art. 4).
var (
	// endRe is the phrase that says the named day is the end.
	endRe = regexp.MustCompile(`\b(?:eindigt|eindigen|afloopt|loopt(?:\s+[a-z]+){0,3}?\s+af|valt|vallen|verloopt|ends?|ending|expires?|falls?|runs?\s+out)\b(?:\s+(?:dan|nu|precies|then|now|exactly))?\s+(?:op|on)\b`)
	// endAfterRe is the Dutch order, the day before the verb: "op
	// Hemelvaartsdag 2027 valt", "op zaterdag 2 januari eindigt".
	endAfterRe = regexp.MustCompile(`\bop\s+([^,;?!.]{1,40}?)\s+(?:valt|vallen|eindigt|eindigen|afloopt|aflopen|verloopt)\b`)
	// termRe names a term.
	termRe = regexp.MustCompile(`termijn|\bterm\b|\bperiod\b|deadline|time limit|\bstandstill\b|\balcatel`)
	// hoursRe, weeksRe and daysRe find a term's length when it decides
	// whether the Atw applies.
	hoursRe = regexp.MustCompile(`\b\d+\s*-?\s*(?:uur|uren|hours?)\b|\b(?:in|van|of) (?:uren|hours)\b`)
	weeksRe = regexp.MustCompile(`\b(\d+)\s*-?\s*(?:weken|week|weeks)\b`)
	daysRe  = regexp.MustCompile(`\b(\d+)\s*-?\s*(?:dagen|dag|days?)\b`)
	// backRe counts a term back from an event: "uiterlijk 14 dagen vóór".
	backRe = regexp.MustCompile(`\b(?:dagen|weken|days|weeks)\s+(?:voor|vóór|before|prior to)(?:[^\pL]|$)`)
)

// holidayNames are the general holidays by the names people type, with
// the ids of termijn.Holidays.
var holidayNames = []struct{ name, id string }{
	{"nieuwjaarsdag", "nieuwjaarsdag"}, {"new year's day", "nieuwjaarsdag"}, {"new years day", "nieuwjaarsdag"},
	{"goede vrijdag", "goede-vrijdag"}, {"good friday", "goede-vrijdag"},
	{"tweede paasdag", "tweede-paasdag"}, {"2e paasdag", "tweede-paasdag"}, {"paasmaandag", "tweede-paasdag"}, {"easter monday", "tweede-paasdag"},
	{"koningsdag", "koningsdag"}, {"king's day", "koningsdag"}, {"kings day", "koningsdag"},
	{"bevrijdingsdag", "bevrijdingsdag"}, {"liberation day", "bevrijdingsdag"},
	{"hemelvaartsdag", "hemelvaartsdag"}, {"hemelvaart", "hemelvaartsdag"}, {"ascension day", "hemelvaartsdag"},
	{"tweede pinksterdag", "tweede-pinksterdag"}, {"2e pinksterdag", "tweede-pinksterdag"}, {"pinkstermaandag", "tweede-pinksterdag"}, {"whit monday", "tweede-pinksterdag"},
	{"eerste kerstdag", "eerste-kerstdag"}, {"1e kerstdag", "eerste-kerstdag"}, {"christmas day", "eerste-kerstdag"},
	{"tweede kerstdag", "tweede-kerstdag"}, {"2e kerstdag", "tweede-kerstdag"}, {"boxing day", "tweede-kerstdag"},
}

// namesHoliday reports a general holiday named in low.
func namesHoliday(low string) bool {
	for _, h := range holidayNames {
		if strings.Contains(low, h.name) {
			return true
		}
	}
	return false
}

// namedHoliday finds a holiday named in low (after the end phrase) and
// returns its date: in the year the question names, else the next one
// from now.
func namedHoliday(low string, years []int, now time.Time) (termijn.Date, bool) {
	for _, h := range holidayNames {
		if !strings.Contains(low, h.name) {
			continue
		}
		find := func(y int) (termijn.Date, bool) {
			for _, hd := range termijn.Holidays(y) {
				if hd.ID == h.id {
					return hd.Date, true
				}
			}
			return termijn.Date{}, false
		}
		if len(years) > 0 {
			return find(years[0])
		}
		d, ok := find(now.Year())
		if ok && d.Before(termijn.DateOf(now)) {
			d, ok = find(now.Year() + 1)
		}
		return d, ok
	}
	return termijn.Date{}, false
}

// termEndAnswer answers when a statutory term really ends whose end day
// the question names.
func (e *Engine) termEndAnswer(q understand.Query, lang i18n.Lang, now time.Time) (Result, bool) {
	low := strings.ToLower(q.Text)
	if containsAny(low, "contract", "overeenkomst", "afspraak", "agreement") {
		// a contract's own deadline is not a statutory term
		if containsAny(low, offDayWords...) && containsAny(low, moveWords...) || containsAny(low, "termijnenwet", "atw") {
			src := termijn.AtwSources[0]
			return Result{Lang: lang, Kind: KindCheck, Found: true, Answer: Msgs.T(lang, "term.contract_rule"),
				Check:   &CaseResult{Check: "termijn:einde", Outcome: "not_statutory"},
				Sources: []Source{{ID: "termijn", Title: src.Ref, URL: src.URL, Ref: src.Ref}}}, true
		}
		return Result{}, false
	}
	if !termRe.MatchString(low) {
		return e.termNotMoved(q, low, lang)
	}
	var after string
	if loc := endRe.FindStringIndex(low); loc != nil {
		after = low[loc[1]:]
	} else if m := endAfterRe.FindStringSubmatch(low); m != nil {
		// Dutch puts the verb last: "als de termijn op Hemelvaartsdag
		// 2027 valt"
		after = m[1]
	} else {
		return e.termNotMoved(q, low, lang)
	}
	var end termijn.Date
	ok := false
	for _, d := range q.Slots.Dates {
		// the day named after the end phrase: "27 december" is not the
		// 7th; without a year it is in the year of the case's other day
		// ("verstuurd op 7 december 2026 … afloopt op 27 december")
		if !dayNamedIn(after, d.Day) {
			continue
		}
		if d.Year == 0 {
			d.Year = yearBeside(q.Slots.Dates, d)
		}
		t := time.Date(d.Year, time.Month(d.Month), d.Day, 0, 0, 0, 0, time.UTC)
		if d.Year != 0 && t.Month() == time.Month(d.Month) {
			end, ok = termijn.DateOf(t), true
			break
		}
	}
	if !ok {
		end, ok = namedHoliday(after, q.Slots.Years, now)
	}
	if !ok {
		return e.termNotMoved(q, low, lang)
	}
	day := dayName(end, lang)
	refs := termijn.AtwSources
	var text string
	switch {
	case backRe.MatchString(low):
		text = Msgs.T(lang, "term.end_back", "day", day)
		refs = refs[:1]
	case hoursRe.MatchString(low) || longTerm(low, q.Slots.Months):
		text = Msgs.T(lang, "term.end_long", "day", day)
		refs = []termijn.Source{termijn.Art4Source}
	default:
		next := termijn.NextWorkingDay(end)
		if next == end {
			text = Msgs.T(lang, "term.end_same", "day", day)
		} else {
			what := Msgs.T(lang, "term.weekend")
			if h, ok := termijn.HolidayOn(end); ok {
				what = h.NL
				if lang == i18n.EN {
					what = h.EN
				}
				what = Msgs.T(lang, "term.holiday", "name", what)
			}
			text = Msgs.T(lang, "term.end_moved", "day", day, "what", what, "end", dayName(next, lang))
		}
		text += " " + Msgs.T(lang, "term.end_not")
	}
	text = strings.ToUpper(text[:1]) + text[1:] // "maandag 17 mei …" opens a sentence
	res := Result{Lang: lang, Kind: KindCheck, Found: true, Answer: text, Check: &CaseResult{Check: "termijn:einde", Outcome: end.String()}}
	for _, s := range refs {
		res.Sources = append(res.Sources, Source{ID: "termijn", Title: s.Ref, URL: s.URL, Ref: s.Ref})
	}
	return res, true
}

// dayNamedIn reports day of the month named in text as a number of its
// own: "27 december" names the 27th, not the 7th.
func dayNamedIn(text string, day int) bool {
	n := strconv.Itoa(day)
	for i := strings.Index(text, n); i >= 0; {
		end := i + len(n)
		if (i == 0 || !isASCIIDigit(text[i-1])) && (end == len(text) || !isASCIIDigit(text[end])) {
			return true
		}
		j := strings.Index(text[i+1:], n)
		if j < 0 {
			break
		}
		i += 1 + j
	}
	return false
}

// yearBeside gives a day named without a year the year of another day
// of the question that has one, the occurrence nearest to it: 27 december
// beside 7 december 2026 is in 2026, 4 januari beside 20 december 2026 in
// 2027. 0 when no day of the question has a year.
func yearBeside(days []understand.Day, d understand.Day) int {
	for _, o := range days {
		if o.Year == 0 {
			continue
		}
		at := time.Date(o.Year, time.Month(o.Month), o.Day, 0, 0, 0, 0, time.UTC)
		best, gap := 0, math.MaxFloat64
		for _, y := range []int{o.Year - 1, o.Year, o.Year + 1} {
			t := time.Date(y, time.Month(d.Month), d.Day, 0, 0, 0, 0, time.UTC)
			if g := math.Abs(t.Sub(at).Hours()); g < gap {
				best, gap = y, g
			}
		}
		return best
	}
	return 0
}

// longTerm reports a term the question gives as longer than three months,
// twelve weeks or ninety days (Atw art. 4).
func longTerm(low string, months int) bool {
	if months > 3 {
		return true
	}
	if m := weeksRe.FindStringSubmatch(low); m != nil {
		if n, _ := strconv.Atoi(m[1]); n > 12 {
			return true
		}
	}
	if m := daysRe.FindStringSubmatch(low); m != nil {
		if n, _ := strconv.Atoi(m[1]); n > 90 {
			return true
		}
	}
	return false
}

// dayName writes a day with its weekday: "maandag 28 december 2026".
func dayName(d termijn.Date, lang i18n.Lang) string {
	t := dateTime(d)
	wd := weekdaysNL[t.Weekday()]
	if lang == i18n.EN {
		wd = t.Weekday().String()
	}
	return wd + " " + rules.FormatDate(t, lang)
}

var weekdaysNL = [...]string{"zondag", "maandag", "dinsdag", "woensdag", "donderdag", "vrijdag", "zaterdag"}

// offDayWords name a day a term may end on that is not a working day;
// moveWords ask whether the end moves.
var (
	offDayWords = []string{"zaterdag", "zondag", "weekend", "feestdag", "saturday", "sunday", "holiday"}
	moveWords   = []string{"schuift", "opschuiven", "doorschuiven", "verlengd", "verlengt", "verlengen", "verlenging", "door naar", "maandag", "move", "moves", "shift",
		"extended", "extend", "extends", "monday", "next working day", "volgende werkdag"}
)

// termNotMoved answers, without a date, whether a term counted back from an
// event, or one in hours or longer than three months, moves when it ends
// on a weekend day or holiday: it does not (Atw art. 1 lid 2, art. 4).
func (e *Engine) termNotMoved(q understand.Query, low string, lang i18n.Lang) (Result, bool) {
	// "extends the Atw a limit counted back?" names the law instead of
	// the weekend day
	atw := containsAny(low, "termijnenwet", "atw", "time limits act", "time-limits act")
	if !containsAny(low, offDayWords...) && !atw || !containsAny(low, moveWords...) || namesHoliday(low) {
		// "telt tweede paasdag als feestdag?" asks about the day: its
		// card answers
		return Result{}, false
	}
	var key string
	var src termijn.Source
	switch {
	case backRe.MatchString(low):
		key, src = "term.back_rule", termijn.AtwSources[0]
	case hoursRe.MatchString(low) || longTerm(low, q.Slots.Months):
		key, src = "term.long_rule", termijn.Art4Source
	case termRe.MatchString(low) || containsAny(low, "standstill", "alcatel", "bezwaar", "objection"):
		// "the 20-day standstill ends on a Sunday: does it move to the
		// Monday?"
		key, src = "term.moves_rule", termijn.AtwSources[0]
	default:
		return Result{}, false
	}
	return Result{Lang: lang, Kind: KindCheck, Found: true, Answer: Msgs.T(lang, key),
		Check:   &CaseResult{Check: "termijn:einde", Outcome: "not_moved"},
		Sources: []Source{{ID: "termijn", Title: src.Ref, URL: src.URL, Ref: src.Ref}}}, true
}

// pastWords say the start has happened ("is verstuurd", "we received");
// comingWords that it is still to come ("we versturen", "if we submit").
var (
	pastWords   = []string{"verstuurd", "verzonden", "bekendgemaakt", "ontvangen", "gekregen", "kreeg", "kregen", "genomen", "gedateerd", "gepubliceerd", "ingediend", " was ", " waren ", "were sent", "was sent", "received", " got ", "published", "dated", "came", "submitted"}
	comingWords = []string{"versturen", "verzenden", "sturen", "indienen", "dienen", "publiceren", "gaan", "zullen", "willen", "will ", "going to", "plan", "als we", "als wij", "if we", "when we", "send", "submit"}
)

// yearOf gives a day named without a year its year: the last occurrence
// up to today for a start that has happened, the next one from today for
// one still to come, else the occurrence nearest to today.
func yearOf(low string, d understand.Day, now time.Time) int {
	if y, ok := yearByWeekday(low, d, now); ok {
		return y
	}
	today := time.Date(now.Year(), now.Month(), now.Day(), 0, 0, 0, 0, time.UTC)
	this := time.Date(now.Year(), time.Month(d.Month), d.Day, 0, 0, 0, 0, time.UTC)
	past, coming := containsAny(" "+low+" ", pastWords...), containsAny(" "+low+" ", comingWords...)
	switch {
	case past && !coming:
		if this.After(today) {
			return now.Year() - 1
		}
		return now.Year()
	case coming && !past:
		if this.Before(today) {
			return now.Year() + 1
		}
		return now.Year()
	}
	// the nearest of last year's, this year's and next year's
	best, gap := now.Year(), math.MaxFloat64
	for _, y := range []int{now.Year() - 1, now.Year(), now.Year() + 1} {
		t := time.Date(y, time.Month(d.Month), d.Day, 0, 0, 0, 0, time.UTC)
		if g := math.Abs(t.Sub(today).Hours()); g < gap {
			best, gap = y, g
		}
	}
	return best
}

// closeWords ask for the last day to tender; noticeWords name the notice
// the tender period counts from.
var (
	closeWords  = []string{"sluitingsdatum", "sluit de inschrijving", "sluiten", "uiterste datum", "vroegst", "inschrijftermijn", "inschrijvingstermijn", "deadline", "closing date", "close", "earliest", "tender period", "time limit for tenders"}
	noticeWords = []string{"aankondiging", "publiceren", "gepubliceerd", "publicatie", "notice", "publish", "published"}
)

// tenderCloseAnswer computes the earliest closing date of an EU open
// procedure from the day its notice is sent: "we versturen de
// aankondiging op 2 december 2026, wat is de vroegste sluitingsdatum?".
// Tenders stay open at least 45 days from the dispatch of the notice (Aw
// art. 2.71 lid 1), 40 with electronic submission (Aw § 2.3.2.3); a last
// day on a Saturday, Sunday or public holiday runs on to the next working
// day (Regulation 1182/71 art. 3(4); facts.md §12). Social services under
// the light regime have no statutory minimum, and other procedures their
// own periods: those are left to the cards.
func (e *Engine) tenderCloseAnswer(q understand.Query, low string, lang i18n.Lang, now time.Time) (Result, bool) {
	if len(q.Slots.Dates) == 0 || !containsAny(low, closeWords...) || !containsAny(low, noticeWords...) ||
		!containsAny(low, "openbare", "open procedure", "open eu", "europe", " eu ", "eu-") ||
		containsAny(low, "niet-openbare", "niet openbare", "restricted", "spoed", "urgen", "vooraankondiging", "prior information", "onderhandeling",
			"negotiat", "dialo", "sociale", "social", "verlicht", "light regime", "xiv", "nationa") || q.Slots.Kind == "sociale_diensten" {
		return Result{}, false
	}
	srcs := e.docSources(tenderPeriodTopicID, lang)
	if len(srcs) == 0 {
		return Result{}, false
	}
	startT, ok := firstDay(q, low, now)
	if !ok {
		return Result{}, false // 31 februari
	}
	start := termijn.DateOf(startT)
	closeOn := func(days int) (string, string) {
		r := termijn.Compute(start, termijn.Term{N: days, Unit: termijn.Days})
		moved := ""
		if r.End != r.Plain {
			moved = Msgs.T(lang, "term.close_moved", "plain", dayName(r.Plain, lang), "end", dayName(r.End, lang))
		}
		return dayName(r.End, lang), moved
	}
	electronic := containsAny(low, "elektronisch", "electronic", "digitaal", "digital", "tenderned", "online")
	var text string
	if electronic {
		end, moved := closeOn(openProcedureDays - electronicCutDays)
		text = strings.TrimSpace(Msgs.T(lang, "term.close_electronic", "start", dayName(start, lang), "end", end) + " " + moved)
	} else {
		end, moved := closeOn(openProcedureDays)
		end40, _ := closeOn(openProcedureDays - electronicCutDays)
		text = strings.Join(strings.Fields(Msgs.T(lang, "term.close_open", "start", dayName(start, lang), "end", end)+" "+moved+" "+Msgs.T(lang, "term.close_if_electronic", "end", end40)), " ")
	}
	text += "\n\n" + Msgs.T(lang, "term.close_more")
	return Result{Lang: lang, Kind: KindCheck, Found: true, Answer: text, Sources: srcs[:min(len(srcs), maxSources)],
		Check: &CaseResult{Check: "inschrijvingstermijn", Outcome: string(rules.Depends), Given: map[string]string{"verzonden": startT.Format(time.DateOnly)}}}, true
}

// weekdayDayRe finds a weekday named right before a day of the month:
// "vrijdag 18 dec", "on Friday 18 December".
var weekdayDayRe = regexp.MustCompile(`\b(maandag|dinsdag|woensdag|donderdag|vrijdag|zaterdag|zondag|monday|tuesday|wednesday|thursday|friday|saturday|sunday),?\s+(?:the\s+)?(\d{1,2})(?:st|nd|rd|th|e|ste|de)?\b`)

var weekdayNumbers = map[string]time.Weekday{"zondag": time.Sunday, "maandag": time.Monday, "dinsdag": time.Tuesday, "woensdag": time.Wednesday,
	"donderdag": time.Thursday, "vrijdag": time.Friday, "zaterdag": time.Saturday, "sunday": time.Sunday, "monday": time.Monday,
	"tuesday": time.Tuesday, "wednesday": time.Wednesday, "thursday": time.Thursday, "friday": time.Friday, "saturday": time.Saturday}

// yearByWeekday gives a day named without a year, with its weekday
// ("vrijdag 18 dec"), the one year around now in which it falls on that
// weekday; ok is false when no weekday is named or it fits none or
// several of last year, this year and next year.
func yearByWeekday(low string, d understand.Day, now time.Time) (int, bool) {
	for _, m := range weekdayDayRe.FindAllStringSubmatch(low, -1) {
		if n, _ := strconv.Atoi(m[2]); n != d.Day {
			continue
		}
		year, found := 0, 0
		for _, y := range []int{now.Year() - 1, now.Year(), now.Year() + 1} {
			t := time.Date(y, time.Month(d.Month), d.Day, 0, 0, 0, 0, time.UTC)
			if t.Month() == time.Month(d.Month) && t.Weekday() == weekdayNumbers[m[1]] {
				year, found = y, found+1
			}
		}
		return year, found == 1
	}
	return 0, false
}

// firstDay is the first date of the question as a day, its year from the
// question or, when it names none, the one yearOf picks; false for a day
// that does not exist ("31 februari").
func firstDay(q understand.Query, low string, now time.Time) (time.Time, bool) {
	d := q.Slots.Dates[0]
	year := d.Year
	if year == 0 {
		year = yearOf(low, d, now)
	}
	t := time.Date(year, time.Month(d.Month), d.Day, 0, 0, 0, 0, time.UTC)
	return t, t.Month() == time.Month(d.Month)
}
