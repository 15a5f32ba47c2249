package when

import (
	"strconv"
	"strings"
	"time"

	"github.com/noaber/noaber/bot/clock"
	"github.com/noaber/noaber/knowledge/natural"
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
	"dinsdag": 2, "tuesday": 2, "di": 2, "tue": 2,
	"woensdag": 3, "wednesday": 3, "wo": 3, "wed": 3,
	"donderdag": 4, "thursday": 4, "do": 4, "thu": 4,
	"vrijdag": 5, "friday": 5, "vr": 5, "fri": 5,
	"zaterdag": 6, "saturday": 6, "za": 6, "sat": 6,
}

type unitKind int

const (
	uSecond unitKind = iota
	uMinute
	uHour
	uDay
	uWeek
	uMonth
	uYear
)

var unitNames = map[string]unitKind{
	"s": uSecond, "sec": uSecond, "seconde": uSecond, "seconden": uSecond, "second": uSecond, "seconds": uSecond, "secs": uSecond,
	"min": uMinute, "minuut": uMinute, "minuten": uMinute, "minute": uMinute, "minutes": uMinute, "mins": uMinute,
	"u": uHour, "uur": uHour, "uren": uHour, "hour": uHour, "hours": uHour, "h": uHour,
	"d": uDay, "dag": uDay, "dagen": uDay, "day": uDay, "days": uDay,
	"w": uWeek, "week": uWeek, "weken": uWeek, "weeks": uWeek,
	"maand": uMonth, "maanden": uMonth, "month": uMonth, "months": uMonth,
	"jaar": uYear, "jaren": uYear, "year": uYear, "years": uYear,
}

// filler words that carry no date information.
var filler = map[string]bool{"om": true, "at": true, "op": true, "on": true, "de": true, "the": true, "van": true, "of": true, "rond": true, "around": true, "uiterlijk": true, "by": true}

var numberWords = map[string]int{"een": 1, "één": 1, "a": 1, "an": 1, "one": 1, "twee": 2, "two": 2, "drie": 3, "three": 3, "vier": 4, "four": 4, "vijf": 5, "five": 5, "zes": 6, "six": 6, "zeven": 7, "seven": 7, "acht": 8, "eight": 8, "negen": 9, "nine": 9, "tien": 10, "ten": 10, "twaalf": 12, "twelve": 12}

type parsed struct {
	date    time.Time // midnight of the day, when set
	hasDate bool
	exact   time.Time // a full moment from a short relative offset
	isExact bool
	hour    int
	minute  int
	hasTime bool
}

// readNatural parses s (lower case, single spaces) relative to now.
func readNatural(s string, now time.Time) (Moment, bool) {
	s = strings.NewReplacer(",", " ", "'s ", "", "’s ", "").Replace(s)
	toks := strings.Fields(s)
	var p parsed
	today := midnight(now)
	for i := 0; i < len(toks); {
		n, ok := p.step(toks, i, now, today)
		if !ok {
			return Moment{}, false
		}
		i += n
	}
	switch {
	case p.isExact:
		if p.hasDate || p.hasTime {
			return Moment{}, false // "in 2 uur vrijdag": contradictory
		}
		return Moment{Time: p.exact}, true
	case p.hasDate && p.hasTime:
		y, m, d := p.date.Date()
		return Moment{Time: time.Date(y, m, d, p.hour, p.minute, 0, 0, clock.Amsterdam)}, true
	case p.hasDate:
		return Moment{Time: p.date, DateOnly: true}, true
	case p.hasTime:
		// A time alone means today, or tomorrow when it has passed.
		t := time.Date(now.Year(), now.Month(), now.Day(), p.hour, p.minute, 0, 0, clock.Amsterdam)
		if !t.After(now) {
			t = t.AddDate(0, 0, 1)
		}
		return Moment{Time: t}, true
	}
	return Moment{}, false
}

func midnight(t time.Time) time.Time {
	y, m, d := t.In(clock.Amsterdam).Date()
	return time.Date(y, m, d, 0, 0, 0, 0, clock.Amsterdam)
}

func (p *parsed) setDate(d time.Time) bool {
	if p.hasDate {
		return false
	}
	p.date, p.hasDate = d, true
	return true
}

func (p *parsed) setTime(h, m int) bool {
	if p.hasTime || h > 23 || m > 59 || h < 0 {
		return false
	}
	p.hour, p.minute, p.hasTime = h, m, true
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
	if filler[t] {
		return 1, true
	}
	switch t {
	case "vandaag", "today", "vanavond", "tonight":
		return 1, p.setDate(today)
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
	case "volgende", "volgend", "next", "komende", "aanstaande", "this", "deze":
		// "volgende week [dinsdag]", "next month", "next friday"
		switch u := next(1); {
		case u == "week":
			if wd, ok := weekdayNames[next(2)]; ok {
				monday := today.AddDate(0, 0, 7-((int(today.Weekday())+6)%7))
				return 3, p.setDate(monday.AddDate(0, 0, (int(wd)+6)%7))
			}
			return 2, p.setDate(today.AddDate(0, 0, 7))
		case u == "maand" || u == "month":
			return 2, p.setDate(today.AddDate(0, 1, 0))
		case u == "jaar" || u == "year":
			return 2, p.setDate(today.AddDate(1, 0, 0))
		}
		if wd, ok := weekdayNames[next(1)]; ok {
			return 2, p.setDate(nextWeekday(today, wd))
		}
		return 0, false
	case "over", "in", "binnen", "within":
		n, used := number(next(1))
		if used && n > 0 {
			if u, ok := unitNames[next(2)]; ok {
				return 3, p.relative(n, u, now, today)
			}
		}
		// "over een week" also parses through number(); anything else is unknown.
		return 0, false
	}
	if wd, ok := weekdayNames[t]; ok && len(t) > 3 {
		return 1, p.setDate(nextWeekday(today, wd))
	}
	// "17:00", "17.00", "9:30u"
	if h, m, ok := clockTime(t); ok {
		n := 1
		if s := next(1); s == "uur" || s == "u" || s == "h" {
			n = 2
		}
		if s := next(1); s == "pm" || s == "am" {
			var ok2 bool
			if h, ok2 = ampm(h, s); !ok2 {
				return 0, false
			}
			n = 2
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
	if n, err := strconv.Atoi(t); err == nil {
		// "12 december [2026]", "17 uur", "5 pm", "2 weken" (without over/in: unknown)
		if m, ok := monthNames[next(1)]; ok {
			y, used := yearAfter(next(2))
			return 2 + used, p.setDate(dayOfMonth(today, n, m, y))
		}
		switch next(1) {
		case "uur", "u", "h":
			return 2, p.setTime(n, 0)
		case "am", "pm":
			h, ok := ampm(n, next(1))
			return 2, ok && p.setTime(h, 0)
		}
		return 0, false
	}
	if m, ok := monthNames[t]; ok {
		// "december 12[,] [2026]" (English order)
		d, err := strconv.Atoi(strings.TrimRight(next(1), "stndrh"))
		if err != nil {
			return 0, false
		}
		y, used := yearAfter(next(2))
		return 2 + used, p.setDate(dayOfMonth(today, d, m, y))
	}
	return 0, false
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
	n, err := strconv.Atoi(s)
	return n, err == nil
}

func yearAfter(s string) (int, int) {
	if len(s) == 4 {
		if y, err := strconv.Atoi(s); err == nil && y >= 1900 && y <= 2200 {
			return y, 1
		}
	}
	return 0, 0
}

// dayOfMonth is day d of month m in year y, or — without a year — the next
// such day from today on. An impossible date gives the zero time, which
// makes the whole text unreadable.
func dayOfMonth(today time.Time, d int, m time.Month, y int) time.Time {
	explicit := y != 0
	if !explicit {
		y = today.Year()
	}
	if d < 1 || d > daysIn(y, m) {
		if explicit || d > daysIn(y+1, m) || d < 1 {
			return time.Time{}
		}
	}
	t := time.Date(y, m, d, 0, 0, 0, 0, clock.Amsterdam)
	if !explicit && t.Before(today) {
		t = time.Date(y+1, m, d, 0, 0, 0, 0, clock.Amsterdam)
	}
	if t.Day() != d {
		return time.Time{}
	}
	return t
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

func clockTime(s string) (int, int, bool) {
	s = strings.TrimSuffix(strings.TrimSuffix(s, "u"), "h")
	sep := strings.IndexAny(s, ":.")
	if sep < 1 || sep > 2 || len(s)-sep-1 != 2 {
		return 0, 0, false
	}
	h, err1 := strconv.Atoi(s[:sep])
	m, err2 := strconv.Atoi(s[sep+1:])
	if err1 != nil || err2 != nil || h > 23 || m > 59 {
		return 0, 0, false
	}
	return h, m, true
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
