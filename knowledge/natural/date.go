package natural

import (
	"strconv"
	"strings"
	"time"
)

// MonthNames maps Dutch and English month names and their usual
// abbreviations, in lower case, to months. bot/when reads them too.
var MonthNames = map[string]time.Month{
	"januari": 1, "jan": 1, "january": 1,
	"februari": 2, "feb": 2, "february": 2,
	"maart": 3, "mrt": 3, "mar": 3, "march": 3,
	"april": 4, "apr": 4,
	"mei": 5, "may": 5,
	"juni": 6, "jun": 6, "june": 6,
	"juli": 7, "jul": 7, "july": 7,
	"augustus": 8, "aug": 8, "august": 8,
	"september": 9, "sep": 9, "sept": 9,
	"oktober": 10, "okt": 10, "oct": 10, "october": 10,
	"november": 11, "nov": 11,
	"december": 12, "dec": 12,
}

// Date reads a calendar date and returns it at midnight in today's
// location. today is the current date in the time zone that counts
// (Europe/Amsterdam for Dutch law).
//
// Accepted: "2026-03-15"; "15-3-2026", "15/3/2026", "15.3.2026" (day
// first, as in Dutch; month first only when the day-first reading is
// impossible, as in "3/15/2026"); "1 januari 2026", "1 jan 2026",
// "January 1, 2026", "15 maart" (this year); "maart 2026" (the first of
// the month); a bare year "2027" (1 January); and the words "vandaag",
// "today", "morgen", "tomorrow", "gisteren", "yesterday", "volgend jaar",
// "next year" (1 January of next year), "dit jaar", "this year" (today).
func Date(s string, today time.Time) (time.Time, error) {
	in := s
	t := strings.ToLower(strings.TrimSpace(s))
	t = strings.TrimRight(t, " .!?")
	t = strings.TrimPrefix(t, "op ")
	t = strings.TrimPrefix(t, "on ")
	t = strings.TrimPrefix(t, "per ")
	t = strings.TrimPrefix(t, "in ")
	t = strings.TrimPrefix(t, "vanaf ")
	t = strings.TrimPrefix(t, "from ")
	t = strings.TrimSpace(t)
	y, m, d := today.Date()
	loc := today.Location()
	day := func(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, loc) }
	switch t {
	case "vandaag", "today", "nu", "now", "dit jaar", "this year":
		return day(y, m, d), nil
	case "morgen", "tomorrow":
		return day(y, m, d+1), nil
	case "gisteren", "yesterday":
		return day(y, m, d-1), nil
	case "volgend jaar", "volgende jaar", "next year":
		return day(y+1, 1, 1), nil
	case "vorig jaar", "last year":
		return day(y-1, 1, 1), nil
	}
	if t == "" || len(t) > 40 {
		return time.Time{}, fail(KindDate, in, "")
	}
	// Numeric forms.
	if f := strings.FieldsFunc(t, func(r rune) bool { return r == '-' || r == '/' || r == '.' }); len(f) == 3 && allDigits(f) {
		a, b, c := atoi(f[0]), atoi(f[1]), atoi(f[2])
		switch {
		case len(f[0]) == 4: // 2026-03-15
			return valid(in, a, b, c, loc)
		case len(f[2]) == 4 || len(f[2]) == 2:
			year := c
			if len(f[2]) == 2 {
				year = 2000 + c
			}
			if b > 12 && a <= 12 { // 3/15/2026: only the month-first reading works
				a, b = b, a
			}
			return valid(in, year, b, a, loc)
		}
		return time.Time{}, fail(KindDate, in, "")
	}
	// Words: "1 januari 2026", "january 1, 2026", "15 maart", "maart 2026", "2027".
	words := strings.Fields(strings.NewReplacer(",", " ", "-", " ", "/", " ").Replace(t))
	var dd, yy int
	var mm time.Month
	for _, w := range words {
		w = strings.TrimSuffix(w, ".")
		if mo, ok := MonthNames[w]; ok && mm == 0 {
			mm = mo
			continue
		}
		w = strings.TrimRight(w, "stndrhe") // 1st, 2nd, 3rd, 4th, 1e, 2de
		if w == "" || !allDigits([]string{w}) {
			return time.Time{}, fail(KindDate, in, "")
		}
		n := atoi(w)
		switch {
		case len(w) == 4 && yy == 0:
			yy = n
		case len(w) <= 2 && dd == 0:
			dd = n
		default:
			return time.Time{}, fail(KindDate, in, "")
		}
	}
	switch {
	case mm != 0 && dd != 0 && yy == 0:
		yy = y
	case mm != 0 && dd == 0 && yy != 0:
		dd = 1
	case mm == 0 && dd == 0 && yy != 0:
		mm, dd = 1, 1
	case mm != 0 && dd != 0:
	default:
		return time.Time{}, fail(KindDate, in, "")
	}
	return valid(in, yy, int(mm), dd, loc)
}

func valid(in string, y, m, d int, loc *time.Location) (time.Time, error) {
	if y < 1900 || y > 2200 {
		return time.Time{}, fail(KindDate, in, "year out of range")
	}
	if m < 1 || m > 12 || d < 1 || d > 31 {
		return time.Time{}, fail(KindDate, in, "no such day")
	}
	t := time.Date(y, time.Month(m), d, 0, 0, 0, 0, loc)
	if t.Day() != d { // 31 februari
		return time.Time{}, fail(KindDate, in, "no such day")
	}
	return t, nil
}

func allDigits(ss []string) bool {
	for _, s := range ss {
		if s == "" || len(s) > 4 {
			return false
		}
		for _, r := range s {
			if r < '0' || r > '9' {
				return false
			}
		}
	}
	return true
}

func atoi(s string) int { n, _ := strconv.Atoi(s); return n }
