package natural

import (
	"math"
	"strconv"
	"strings"
	"unicode"
)

// MaxAmount is the largest amount Amount accepts (one hundred billion
// euros): anything larger is a typing error, not a public contract.
const MaxAmount = 1e11

// multipliers maps number words to their factor. "ton" is Dutch for one
// hundred thousand ("3 ton" = € 300.000).
var multipliers = map[string]float64{
	"k": 1e3, "duizend": 1e3, "thousand": 1e3, "dzd": 1e3,
	"ton": 1e5,
	"m":   1e6, "mln": 1e6, "mln.": 1e6, "mio": 1e6, "miljoen": 1e6, "million": 1e6, "millions": 1e6, "mil": 1e6,
	"mld": 1e9, "mrd": 1e9, "miljard": 1e9, "billion": 1e9, "bn": 1e9,
}

// noise is removed before reading: currency names and VAT remarks.
var noise = []string{
	"exclusief btw", "excl. btw", "excl btw", "ex btw", "ex. btw", "zonder btw", "excluding vat", "excl. vat", "excl vat", "ex vat",
	"euros", "euro's", "euro", "eur", "€", "ongeveer", "circa", "ca.", "about", "around", "approximately", "zo'n",
}

// Amount reads an amount in euros. It accepts Dutch and English
// separators ("250.000", "250,000", "1.250.000,50", "1,250,000.50"),
// multipliers ("250k", "1,2 miljoen", "2.5 million", "3 ton") and currency
// noise ("€ 5.000,-", "5000 euro", "EUR 5000 excl. btw"). A single
// separator followed by exactly three digits is a thousands separator; with
// one or two digits it is a decimal comma or point. The result is rounded
// to cents. Negative amounts are refused.
func Amount(s string) (float64, error) {
	in := s
	t := strings.ToLower(strings.TrimSpace(s))
	t = strings.TrimRight(t, " .!?")
	t = strings.TrimSuffix(t, ",-")
	t = strings.TrimSuffix(t, ".-")
	t = strings.TrimSuffix(t, ",--")
	for _, n := range noise {
		t = strings.ReplaceAll(t, n, " ")
	}
	t = strings.TrimSpace(t)
	if strings.HasPrefix(t, "-") || strings.HasPrefix(t, "min ") || strings.HasPrefix(t, "minus") {
		return 0, fail(KindAmount, in, "negative amount")
	}
	// Split the number from a trailing multiplier word ("1,2 miljoen",
	// "250k", "2.5m").
	i := strings.IndexFunc(t, func(r rune) bool { return unicode.IsLetter(r) })
	num, word := t, ""
	if i >= 0 {
		num, word = t[:i], strings.TrimSpace(t[i:])
	}
	num = strings.Join(strings.Fields(num), "") // "250 000" → "250000"
	num = strings.TrimSuffix(num, ",-")
	if num == "" {
		return 0, fail(KindAmount, in, "no number")
	}
	mult := 1.0
	if word != "" {
		m, ok := multipliers[word]
		if !ok {
			return 0, fail(KindAmount, in, "unknown word "+strconvQuote(word))
		}
		mult = m
	}
	v, err := decimal(num, word != "", 2)
	if err != nil {
		return 0, fail(KindAmount, in, err.Error())
	}
	v *= mult
	if math.IsNaN(v) || math.IsInf(v, 0) || v > MaxAmount {
		return 0, fail(KindAmount, in, "too large")
	}
	return math.Round(v*100) / 100, nil
}

func strconvQuote(s string) string { return strconv.Quote(clip(s)) }

type parseErr string

func (e parseErr) Error() string { return string(e) }

// decimal reads digits with thousands and decimal separators. preferDecimal
// makes a lone separator a decimal one even before three digits ("1,250
// miljoen" is 1.25 million, never 1250 million). maxFrac limits the
// number of decimals.
func decimal(s string, preferDecimal bool, maxFrac int) (float64, error) {
	if s == "" {
		return 0, parseErr("no number")
	}
	for _, r := range s {
		if !(r >= '0' && r <= '9') && r != '.' && r != ',' {
			return 0, parseErr("unexpected character " + strconv.QuoteRune(r))
		}
	}
	dots, commas := strings.Count(s, "."), strings.Count(s, ",")
	var intPart, frac string
	switch {
	case dots == 0 && commas == 0:
		intPart = s
	case dots > 0 && commas > 0:
		// The last separator is the decimal one; the other groups thousands.
		dec, thou := ",", "."
		if strings.LastIndex(s, ".") > strings.LastIndex(s, ",") {
			dec, thou = ".", ","
		}
		if strings.Count(s, dec) != 1 {
			return 0, parseErr("mixed separators")
		}
		k := strings.LastIndex(s, dec)
		intPart, frac = s[:k], s[k+1:]
		if strings.Contains(frac, thou) {
			return 0, parseErr("mixed separators")
		}
		var ok bool
		if intPart, ok = groups(intPart, thou); !ok {
			return 0, parseErr("badly grouped thousands")
		}
	default:
		sep := "."
		if commas > 0 {
			sep = ","
		}
		n := dots + commas
		k := strings.LastIndex(s, sep)
		tail := s[k+1:]
		// "0.125" and ".125" cannot be grouped thousands.
		if n == 1 && (preferDecimal || len(tail) != 3 || s[:k] == "" || s[:k] == "0") {
			intPart, frac = s[:k], tail
			break
		}
		var ok bool
		if intPart, ok = groups(s, sep); !ok {
			return 0, parseErr("badly grouped thousands")
		}
	}
	if intPart == "" {
		intPart = "0"
	}
	if len(frac) > maxFrac && !preferDecimal {
		return 0, parseErr("more than two decimals")
	}
	if len(intPart) > 15 || len(frac) > 15 {
		return 0, parseErr("too many digits")
	}
	v, err := strconv.ParseFloat(intPart+"."+frac+"0", 64)
	if err != nil {
		return 0, parseErr("not a number")
	}
	return v, nil
}

// groups removes thousands separators sep from s after checking that every
// group after the first has three digits.
func groups(s, sep string) (string, bool) {
	parts := strings.Split(s, sep)
	if len(parts[0]) == 0 || len(parts[0]) > 3 {
		return "", false
	}
	for _, p := range parts[1:] {
		if len(p) != 3 {
			return "", false
		}
	}
	return strings.Join(parts, ""), true
}
