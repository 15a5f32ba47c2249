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

// A story may name what the asker does before what the municipality asks
// of them: "our foundation does home care and the council wants us to mow
// the grass for €250,000". The contract is the mowing: the kind the asker's
// own work names is not its kind, and its threshold (€ 750.000 for social
// services) not the contract's.

// askedToRe finds what the municipality asks the asker to do.
var askedToRe = regexp.MustCompile(`\b(?:wants|want|asks|asked|would like|wil|willen|vraagt|vroeg|vragen)\s+(?:us|ons|dat wij|dat we)\s+(?:to\s+)?`)

// kindAskedFor returns kind, the kind of contract read from low, unless
// only the words before what the municipality asks name it: then the kind
// that what is asked names, "" when it names none (the verdict is then
// given for each kind, with each threshold).
func kindAskedFor(low, kind string) string {
	loc := askedToRe.FindStringIndex(low)
	if loc == nil {
		return kind
	}
	after := kindIn(words(low[loc[1]:]))
	if after != kind && kindIn(words(low[:loc[0]])) == kind {
		return after // what is asked names its own kind, or none
	}
	return kind
}
