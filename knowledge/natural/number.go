package natural

import (
	"math"
	"strings"
	"unicode"
)

// Number reads a plain number: "36", "2,5", "2.5", "1.000". Words after
// the number are ignored only when they are units the caller passes
// (case-insensitive), so "36 maanden" reads as 36 with units "maanden".
func Number(s string, units ...string) (float64, error) {
	t := strings.ToLower(strings.TrimSpace(s))
	t = strings.TrimRight(t, " .!?")
	i := strings.IndexFunc(t, unicode.IsLetter)
	num, word := t, ""
	if i >= 0 {
		num, word = strings.TrimSpace(t[:i]), strings.TrimSpace(t[i:])
	}
	if word != "" && !contains(units, word) {
		return 0, fail(KindNumber, s, "")
	}
	neg := strings.HasPrefix(num, "-")
	num = strings.TrimPrefix(num, "-")
	v, err := decimal(strings.Join(strings.Fields(num), ""), false, 6)
	if err != nil {
		return 0, fail(KindNumber, s, err.Error())
	}
	if neg {
		v = -v
	}
	if math.IsNaN(v) || math.IsInf(v, 0) {
		return 0, fail(KindNumber, s, "")
	}
	return v, nil
}

var yearWords = []string{"jaar", "jaren", "year", "years", "jr"}
var monthWords = []string{"maand", "maanden", "month", "months", "mnd", "mnd."}

// Months reads a duration in months: "36", "36 maanden", "3 jaar",
// "2,5 years" (30). Fractions of a month are refused.
func Months(s string) (float64, error) {
	t := strings.ToLower(strings.TrimSpace(s))
	t = strings.TrimRight(t, " .!?")
	i := strings.IndexFunc(t, unicode.IsLetter)
	if i >= 0 && contains(yearWords, strings.TrimSpace(t[i:])) {
		v, err := Number(t[:i])
		if err != nil {
			return 0, fail(KindNumber, s, "")
		}
		v *= 12
		if v != math.Trunc(v) {
			return 0, fail(KindNumber, s, "not a whole number of months")
		}
		return v, nil
	}
	return Number(t, monthWords...)
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}
