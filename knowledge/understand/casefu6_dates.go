package understand

import (
	"regexp"
	"strconv"
)

// A follow-up that names only another moment for a case of dated sums
// ("en als we wachten tot na maart 2027?" after "kreeg op 1 maart 2024
// 500.000 euro … nu willen we per 1 december 2026 nog eens 300.000
// euro") moves the sum asked about — the latest — to that moment; the
// earlier sums keep their dates. "na"/"after" a month is the month after
// it.

// laterMomentRe finds a month and year, with "na"/"after" before it.
var laterMomentRe = regexp.MustCompile(`\b(na|after|vanaf|from|in|per|op|on|tot|until)?\s*(januari|februari|maart|april|mei|juni|juli|augustus|september|oktober|november|december|january|february|march|may|june|july|august|october)\s+(20\d\d)\b`)

// movedLatest returns prev's sums with the latest dated one moved to the
// month and year next (lower case, folded) names; ok is false when next
// names no month with a year, or prev has no dated sum.
func movedLatest(prev []Amount, low string) ([]Amount, bool) {
	m := laterMomentRe.FindStringSubmatch(low)
	if m == nil {
		return nil, false
	}
	latest := -1
	for i, a := range prev {
		if a.Year == 0 {
			continue
		}
		if latest < 0 || a.Year > prev[latest].Year || a.Year == prev[latest].Year && a.Month >= prev[latest].Month {
			latest = i
		}
	}
	if latest < 0 {
		return nil, false
	}
	y, _ := strconv.Atoi(m[3])
	mon := monthNumber[m[2]]
	if mon == 0 {
		return nil, false
	}
	if m[1] == "na" || m[1] == "after" {
		mon++
		if mon > 12 {
			mon, y = 1, y+1
		}
	}
	out := append([]Amount(nil), prev...)
	out[latest].Year, out[latest].Month = y, mon
	return out, true
}
