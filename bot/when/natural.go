package when

import (
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/noaber/noaber/bot/clock"
	"github.com/noaber/noaber/knowledge/natural"
	"github.com/noaber/noaber/knowledge/termijn"
)

// The natural-language part of Parse: Dutch and English words for days,
// months, relative offsets and times of day. It reads the whole text or
// nothing: a word it does not know makes the text unreadable, so the bot
// asks again instead of guessing.

// monthNames are shared with the answer parsers of the checks.
var monthNames = natural.MonthNames

var weekdayNames = map[string]time.Weekday{
	"zondag": 0, "sunday": 0, "zo": 0, "sun": 0,
	"maandag": 1, "monday": 1, "ma": 1, "mon": 1,
	"dinsdag": 2, "tuesday": 2, "di": 2, "tue": 2, "tues": 2,
	"woensdag": 3, "wednesday": 3, "wo": 3, "wed": 3,
	"donderdag": 4, "thursday": 4, "do": 4, "thu": 4, "thurs": 4,
	"vrijdag": 5, "friday": 5, "vr": 5, "fri": 5,
	"zaterdag": 6, "saturday": 6, "za": 6, "sat": 6,
}

type unitKind int

const (
	uSecond unitKind = iota
	uMinute
	uHour
	uDay
	uWorkday
	uWeek
	uMonth
	uYear
)

var unitNames = map[string]unitKind{
	"s": uSecond, "sec": uSecond, "seconde": uSecond, "seconden": uSecond, "second": uSecond, "seconds": uSecond, "secs": uSecond,
	"min": uMinute, "minuut": uMinute, "minuten": uMinute, "minute": uMinute, "minutes": uMinute, "mins": uMinute,
	"u": uHour, "uur": uHour, "uren": uHour, "hour": uHour, "hours": uHour, "h": uHour,
	"d": uDay, "dag": uDay, "dagen": uDay, "day": uDay, "days": uDay,
	"werkdag": uWorkday, "werkdagen": uWorkday, "workday": uWorkday, "workdays": uWorkday,
	"w": uWeek, "week": uWeek, "weken": uWeek, "weeks": uWeek,
	"maand": uMonth, "maanden": uMonth, "month": uMonth, "months": uMonth,
	"jaar": uYear, "jaren": uYear, "year": uYear, "years": uYear,
}

// filler words that carry no date information.
var filler = map[string]bool{"om": true, "at": true, "op": true, "on": true, "de": true, "the": true, "van": true, "of": true, "rond": true, "around": true, "uiterlijk": true, "by": true}

var numberWords = map[string]int{"een": 1, "één": 1, "a": 1, "an": 1, "one": 1, "twee": 2, "two": 2, "drie": 3, "three": 3, "vier": 4, "four": 4, "vijf": 5, "five": 5, "zes": 6, "six": 6, "zeven": 7, "seven": 7, "acht": 8, "eight": 8, "negen": 9, "nine": 9, "tien": 10, "ten": 10, "twaalf": 12, "twelve": 12}

// Part-of-month words: "begin maart", "half maart", "eind januari".
const (
	partBegin = iota + 1
	partMiddle
	partEnd
)

var partWords = map[string]int{
	"begin": partBegin, "start": partBegin, "early": partBegin, "beginning": partBegin,
	"half": partMiddle, "medio": partMiddle, "midden": partMiddle, "mid": partMiddle, "middle": partMiddle,
	"eind": partEnd, "einde": partEnd, "eend": partEnd, "end": partEnd, "late": partEnd, "ultimo": partEnd,
}

var (
	// "31-12", "31/12", "31-12-2026", "31/12/26", "2026-12-31"
	dmToken  = regexp.MustCompile(`^(\d{1,2})[-/](\d{1,2})(?:[-/](\d{4}|\d{2}))?$`)
	isoToken = regexp.MustCompile(`^(\d{4})-(\d{1,2})-(\d{1,2})$`)
	// "17u30", "17h30"
	uhToken = regexp.MustCompile(`^(\d{1,2})[uh](\d{2})$`)
)

type parsed struct {
	date    time.Time // midnight of the day, when set
	hasDate bool
	exact   time.Time // a full moment from a short relative offset
	isExact bool
	hour    int
	minute  int
	hasTime bool
	// weekday is a named day ("vrijdag"), checked against the date when
	// one is given and otherwise the next such day.
	weekday    time.Weekday
	hasWeekday bool
	// nextWeek is "volgende week" without a day yet; thisWeek is "deze
	// week", which needs a day.
	nextWeek, thisWeek bool
	// pm is "'s avonds", "vanavond": an hour below 12 is in the afternoon.
	pm bool
	// approx is "eind januari": a proposal to confirm.
	approx bool
	// shortWeekday is "vr", "fri": only read next to a date.
	shortWeekday bool
	// err is why the text cannot be a moment although every word was read.
	err error
}

// readNatural parses s (lower case, single spaces) relative to now.
func readNatural(s string, now time.Time) (Moment, error) {
	s = strings.NewReplacer(",", " ", "'s ", "", "’s ", "").Replace(s)
	toks := strings.Fields(s)
	for i, t := range toks {
		// "dec." and "18." lose their full stop; "17.00" keeps its own.
		toks[i] = strings.TrimSuffix(t, ".")
	}
	var p parsed
	today := midnight(now)
	for i := 0; i < len(toks); {
		n, ok := p.step(toks, i, now, today)
		if p.err != nil {
			return Moment{}, p.err
		}
		if !ok {
			return Moment{}, ErrUnknown
		}
		i += n
	}
	if p.shortWeekday && !p.hasDate {
		return Moment{}, ErrUnknown
	}
	if p.shortWeekday && !p.hasDate {
		return Moment{}, ErrUnknown
	}
	if p.thisWeek {
		if p.hasDate || !p.hasWeekday {
			return Moment{}, ErrUnknown
		}
		monday := today.AddDate(0, 0, -((int(today.Weekday()) + 6) % 7))
		p.date, p.hasDate, p.hasWeekday = monday.AddDate(0, 0, (int(p.weekday)+6)%7), true, false
	}
	if p.nextWeek {
		monday := today.AddDate(0, 0, 7-((int(today.Weekday())+6)%7))
		if p.hasDate {
			return Moment{}, ErrUnknown
		}
		if p.hasWeekday {
			p.date, p.hasDate, p.hasWeekday = monday.AddDate(0, 0, (int(p.weekday)+6)%7), true, false
		} else {
			p.date, p.hasDate = today.AddDate(0, 0, 7), true
		}
	}
	if p.hasWeekday {
		if !p.hasDate {
			p.date, p.hasDate = nextWeekday(today, p.weekday), true
		} else if p.date.Weekday() != p.weekday {
			return Moment{}, ErrWeekday
		}
	}
	if p.pm && p.hasTime && p.hour < 12 {
		p.hour += 12
	}
	switch {
	case p.isExact:
		if p.hasDate || p.hasTime {
			return Moment{}, ErrUnknown // "in 2 uur vrijdag": contradictory
		}
		return Moment{Time: p.exact}, nil
	case p.hasDate && p.hasTime:
		y, m, d := p.date.Date()
		return Moment{Time: time.Date(y, m, d, p.hour, p.minute, 0, 0, clock.Amsterdam), Approx: p.approx}, nil
	case p.hasDate:
		return Moment{Time: p.date, DateOnly: true, Approx: p.approx}, nil
	case p.hasTime:
		// A time alone means today, or tomorrow when it has passed.
		t := time.Date(now.Year(), now.Month(), now.Day(), p.hour, p.minute, 0, 0, clock.Amsterdam)
		if !t.After(now) {
			t = t.AddDate(0, 0, 1)
		}
		return Moment{Time: t}, nil
	}
	return Moment{}, ErrUnknown
}

func midnight(t time.Time) time.Time {
	y, m, d := t.In(clock.Amsterdam).Date()
	return time.Date(y, m, d, 0, 0, 0, 0, clock.Amsterdam)
}

func (p *parsed) setDate(d time.Time) bool {
	if p.hasDate || d.IsZero() {
		return false
	}
	p.date, p.hasDate = d, true
	return true
}

// setDay sets a calendar date that may not exist ("31 februari"): that is
// refused as impossible rather than unreadable.
func (p *parsed) setDay(d time.Time, ok bool) bool {
	if !ok {
		p.err = ErrImpossible
		return false
	}
	return p.setDate(d)
}

func (p *parsed) setTime(h, m int) bool {
	if p.hasTime || h > 23 || m > 59 || h < 0 || m < 0 {
		return false
	}
	p.hour, p.minute, p.hasTime = h, m, true
	return true
}

func (p *parsed) setWeekday(wd time.Weekday) bool {
	if p.hasWeekday {
		return false
	}
	p.weekday, p.hasWeekday = wd, true
	return true
}

// step reads the phrase at toks[i] and returns how many tokens it used.
func (p *parsed) step(toks []string, i int, now, today time.Time) (int, bool) {
	t := toks[i]
	next := func(k int) string {
		if i+k < len(toks) {
			return toks[i+k]
		}
		return ""
	}
	prev := ""
	if i > 0 {
		prev = toks[i-1]
	}
	if filler[t] {
		if (t == "om" || t == "at") && next(1) == "" {
			return 0, false // "morgen om": the time is missing
		}
		return 1, true
	}
	switch t {
	case "vandaag", "today", "vanochtend", "vanmorgen":
		return 1, p.setDate(today)
	case "vanavond", "tonight", "vanmiddag":
		p.pm = true
		return 1, p.setDate(today)
	case "avonds", "middags", "evening", "afternoon", "pm":
		// "om 8 uur 's avonds" ("'s " is dropped above); "5 in the evening"
		if p.pm {
			return 0, false
		}
		p.pm = true
		return 1, true
	case "ochtends", "morgens", "morning", "am":
		return 1, true
	case "morgen", "tomorrow":
		return 1, p.setDate(today.AddDate(0, 0, 1))
	case "gisteren", "yesterday":
		return 1, p.setDate(today.AddDate(0, 0, -1)) // callers refuse the past with a question
	case "overmorgen":
		return 1, p.setDate(today.AddDate(0, 0, 2))
	case "noon", "middag":
		return 1, p.setTime(12, 0)
	case "middernacht", "midnight":
		return 1, p.setTime(23, 59)
	case "week":
		// "vrijdag volgende week" is read at "volgende"; a bare "week" is not a moment.
		return 0, false
	case "volgende", "volgend", "next", "komende", "aanstaande", "this", "deze", "coming":
		// "volgende week [dinsdag]", "next month", "next friday"
		switch u := next(1); {
		case u == "week":
			if p.nextWeek || p.thisWeek {
				return 0, false
			}
			if t == "deze" || t == "this" {
				p.thisWeek = true // "deze week vrijdag": this week's, not next week's
			} else {
				p.nextWeek = true
			}
			return 2, true
		case u == "maand" || u == "month":
			if t == "deze" || t == "this" {
				return 0, false // "deze maand" is no day; "eind deze maand" is read at "eind"
			}
			return 2, p.setDate(today.AddDate(0, 1, 0))
		case u == "jaar" || u == "year":
			if t == "deze" || t == "this" {
				return 0, false
			}
			return 2, p.setDate(today.AddDate(1, 0, 0))
		}
		if wd, ok := weekdayNames[next(1)]; ok && len(next(1)) > 2 {
			return 2, p.setDate(nextWeekday(today, wd)) && p.setWeekday(wd)
		}
		return 0, false
	case "over", "in", "binnen", "within":
		n, used := number(next(1))
		if used && n > 0 {
			if u, ok := unitNames[next(2)]; ok {
				return 3, p.relative(n, u, now, today)
			}
			// "in 3 working days", "in 2 business days"
			if (next(2) == "working" || next(2) == "business") && (next(3) == "days" || next(3) == "day") {
				return 4, p.relative(n, uWorkday, now, today)
			}
		}
		if t == "in" && next(1) == "the" && (next(2) == "evening" || next(2) == "afternoon" || next(2) == "morning") {
			return 2, true // the part of the day is read next
		}
		// "over een week" also parses through number(); anything else is unknown.
		return 0, false
	}
	if part, ok := partWords[t]; ok {
		return p.partOfMonth(part, toks, i, today)
	}
	if wd, ok := weekdayNames[t]; ok {
		// Short names ("vr", "fri") only with a date: "vr 18 dec".
		if len(t) <= 3 {
			p.shortWeekday = true
		}
		return 1, p.setWeekday(wd)
	}
	if m := isoToken.FindStringSubmatch(t); m != nil {
		d, ok := calendarDay(atoi(m[1]), time.Month(atoi(m[2])), atoi(m[3]))
		if atoi(m[2]) < 1 || atoi(m[2]) > 12 {
			return 0, false
		}
		return 1, p.setDay(d, ok)
	}
	if m := dmToken.FindStringSubmatch(t); m != nil {
		day, mon := atoi(m[1]), atoi(m[2])
		if mon < 1 || mon > 12 || day < 1 || day > 31 {
			return 0, false
		}
		y := 0
		if m[3] != "" {
			y = atoi(m[3])
			if len(m[3]) == 2 {
				y += 2000
			}
		}
		d, ok := dayOfMonth(today, day, time.Month(mon), y)
		return 1, p.setDay(d, ok)
	}
	if m := uhToken.FindStringSubmatch(t); m != nil {
		return 1, p.setTime(atoi(m[1]), atoi(m[2]))
	}
	// "17:00", "17.00", "9:30u", "5:30pm"
	if h, m, suffix, ok := clockTime(t); ok {
		n := 1
		if suffix == "" {
			suffix = next(1)
			if suffix == "uur" || suffix == "u" || suffix == "h" {
				n, suffix = 2, ""
			} else if suffix == "pm" || suffix == "am" {
				n = 2
			} else {
				suffix = ""
			}
		}
		if suffix != "" {
			var ok2 bool
			if h, ok2 = ampm(h, suffix); !ok2 {
				return 0, false
			}
		}
		return n, p.setTime(h, m)
	}
	// "5pm", "10am"
	if strings.HasSuffix(t, "am") || strings.HasSuffix(t, "pm") {
		if h, err := strconv.Atoi(strings.TrimSuffix(strings.TrimSuffix(t, "am"), "pm")); err == nil {
			if h, ok := ampm(h, t[len(t)-2:]); ok {
				return 1, p.setTime(h, 0)
			}
		}
		return 0, false
	}
	// "17u", "17h"
	if strings.HasSuffix(t, "u") || strings.HasSuffix(t, "h") {
		if h, err := strconv.Atoi(t[:len(t)-1]); err == nil {
			return 1, p.setTime(h, 0)
		}
	}
	if n, ok := ordinal(t); ok {
		// "12 december [2026]", "18th of December", "17 uur", "5 pm",
		// "om 10" / "at 10"; "2 weken" without over/in is unknown.
		k := 1
		if next(k) == "of" || next(k) == "van" {
			k++
		}
		if m, ok := monthNames[next(k)]; ok {
			y, used := yearAfter(next(k + 1))
			d, ok := dayOfMonth(today, n, m, y)
			return k + 1 + used, p.setDay(d, ok)
		}
		if strings.Trim(t, "0123456789") != "" {
			return 0, false // "18th" without a month
		}
		switch next(1) {
		case "uur", "u", "h", "o'clock":
			return 2, p.setTime(n, 0)
		case "am", "pm":
			h, ok := ampm(n, next(1))
			return 2, ok && p.setTime(h, 0)
		}
		if (prev == "om" || prev == "at") && len(t) <= 2 {
			return 1, p.setTime(n, 0)
		}
		return 0, false
	}
	if m, ok := monthNames[t]; ok {
		// "december 12[,] [2026]", "Dec 18th" (English order)
		d, ok := ordinal(next(1))
		if !ok {
			return 0, false
		}
		y, used := yearAfter(next(2))
		day, ok := dayOfMonth(today, d, m, y)
		return 2 + used, p.setDay(day, ok)
	}
	return 0, false
}

// partOfMonth reads "eind januari [2027]", "begin volgende maand", "end of
// the month", "mid March": a proposal, marked approximate.
func (p *parsed) partOfMonth(part int, toks []string, i int, today time.Time) (int, bool) {
	k := i + 1
	for k < len(toks) && (toks[k] == "van" || toks[k] == "of" || toks[k] == "de" || toks[k] == "the") {
		k++
	}
	at := func(j int) string {
		if j < len(toks) {
			return toks[j]
		}
		return ""
	}
	var y int
	var m time.Month
	used := 0
	explicit := false
	switch w := at(k); {
	case monthNames[w] != 0:
		m = monthNames[w]
		var yu int
		y, yu = yearAfter(at(k + 1))
		explicit = yu == 1
		used = k - i + 1 + yu
	case w == "maand" || w == "month":
		y, m, _ = today.Date()
		used = k - i + 1
	case (w == "deze" || w == "this" || w == "volgende" || w == "next") && (at(k+1) == "maand" || at(k+1) == "month"):
		y, m, _ = today.Date()
		if w == "volgende" || w == "next" {
			first := time.Date(y, m, 1, 0, 0, 0, 0, clock.Amsterdam).AddDate(0, 1, 0)
			y, m = first.Year(), first.Month()
		}
		used = k - i + 2
	default:
		return 0, false
	}
	if y == 0 {
		y = today.Year()
	}
	day := func(y int) time.Time {
		switch part {
		case partBegin:
			return time.Date(y, m, 1, 0, 0, 0, 0, clock.Amsterdam)
		case partMiddle:
			return time.Date(y, m, 15, 0, 0, 0, 0, clock.Amsterdam)
		}
		return time.Date(y, m, daysIn(y, m), 0, 0, 0, 0, clock.Amsterdam)
	}
	d := day(y)
	if !explicit && d.Before(today) {
		d = day(y + 1) // "eind januari" said in November: next January
	}
	p.approx = true
	return used, p.setDate(d)
}

func (p *parsed) relative(n int, u unitKind, now, today time.Time) bool {
	if n > 10000 {
		return false
	}
	switch u {
	case uSecond, uMinute, uHour:
		if p.isExact {
			return false
		}
		d := map[unitKind]time.Duration{uSecond: time.Second, uMinute: time.Minute, uHour: time.Hour}[u]
		p.exact, p.isExact = now.Add(time.Duration(n)*d), true
		return true
	case uDay:
		return p.setDate(today.AddDate(0, 0, n))
	case uWorkday:
		if n > 1000 {
			return false
		}
		// Working days as the term calculator counts them: no weekends and
		// no general holidays (Algemene termijnenwet).
		d := termijn.DateOf(today)
		for left := n; left > 0; {
			d = d.AddDays(1)
			if termijn.IsWorkingDay(d) {
				left--
			}
		}
		return p.setDate(d.In(clock.Amsterdam, 0, 0))
	case uWeek:
		return p.setDate(today.AddDate(0, 0, 7*n))
	case uMonth:
		return p.setDate(today.AddDate(0, n, 0))
	default:
		return p.setDate(today.AddDate(n, 0, 0))
	}
}

func number(s string) (int, bool) {
	if n, ok := numberWords[s]; ok {
		return n, true
	}
	if len(s) > 6 {
		return 0, false
	}
	n, err := strconv.Atoi(s)
	return n, err == nil
}

// ordinal reads a day number: "18", "18th", "1st", "2nd", "3rd", "18e",
// "2de".
func ordinal(s string) (int, bool) {
	digits := strings.TrimRight(s, "stndrhe")
	if digits == "" || len(digits) > 4 {
		return 0, false
	}
	if rest := s[len(digits):]; rest != "" && rest != "st" && rest != "nd" && rest != "rd" && rest != "th" && rest != "e" && rest != "de" && rest != "ste" {
		return 0, false
	}
	n, err := strconv.Atoi(digits)
	return n, err == nil && n >= 0
}

func yearAfter(s string) (int, int) {
	if len(s) == 4 {
		if y, err := strconv.Atoi(s); err == nil && y >= 1900 && y <= 2200 {
			return y, 1
		}
	}
	return 0, 0
}

// calendarDay is y-m-d at midnight, and false when that day does not exist.
func calendarDay(y int, m time.Month, d int) (time.Time, bool) {
	if m < 1 || m > 12 || d < 1 || d > daysIn(y, m) || y < 1900 || y > 2200 {
		return time.Time{}, false
	}
	return time.Date(y, m, d, 0, 0, 0, 0, clock.Amsterdam), true
}

// dayOfMonth is day d of month m in year y, or — without a year — the next
// such day from today on (29 February: the next leap year). It reports
// false for a day that does not exist ("31 februari", "31 april").
func dayOfMonth(today time.Time, d int, m time.Month, y int) (time.Time, bool) {
	if y != 0 {
		return calendarDay(y, m, d)
	}
	if d < 1 || d > 31 || m < 1 || m > 12 {
		return time.Time{}, false
	}
	for y := today.Year(); y <= today.Year()+8; y++ {
		if t, ok := calendarDay(y, m, d); ok && !t.Before(today) {
			return t, true
		}
	}
	return time.Time{}, false
}

// nextWeekday is the first wd after today: "vrijdag" said on a Friday means
// next week's Friday, as people mean it when they set a deadline.
func nextWeekday(today time.Time, wd time.Weekday) time.Time {
	diff := (int(wd) - int(today.Weekday()) + 7) % 7
	if diff == 0 {
		diff = 7
	}
	return today.AddDate(0, 0, diff)
}

// clockTime reads "17:00", "17.00", "9:30u", "5:30pm"; suffix is "am" or
// "pm" when it was attached.
func clockTime(s string) (h, m int, suffix string, ok bool) {
	if strings.HasSuffix(s, "am") || strings.HasSuffix(s, "pm") {
		s, suffix = s[:len(s)-2], s[len(s)-2:]
	} else {
		s = strings.TrimSuffix(strings.TrimSuffix(s, "u"), "h")
	}
	sep := strings.IndexAny(s, ":.")
	if sep < 1 || sep > 2 || len(s)-sep-1 != 2 {
		return 0, 0, "", false
	}
	h, err1 := strconv.Atoi(s[:sep])
	m, err2 := strconv.Atoi(s[sep+1:])
	if err1 != nil || err2 != nil || h > 23 || m > 59 || h < 0 || m < 0 {
		return 0, 0, "", false
	}
	return h, m, suffix, true
}

func ampm(h int, suffix string) (int, bool) {
	if h < 1 || h > 12 {
		return 0, false
	}
	if suffix == "pm" && h != 12 {
		h += 12
	}
	if suffix == "am" && h == 12 {
		h = 0
	}
	return h, true
}
