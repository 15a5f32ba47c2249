// Package units holds the one Duration type of the configuration files and
// the one parser behind it and behind durations typed in chat ("14d",
// "3 dagen"). It is a leaf: it imports nothing of Noaber, so the bot, the
// adapters and knowledge/ can all use it.
package units

import (
	"errors"
	"fmt"
	"math"
	"strings"
	"time"
)

// Duration is a time.Duration that reads from configuration files as text
// in the notation ParseDuration accepts ("90s", "15m", "2h", "1d", "7d",
// "1 dag") and writes back in Go's notation ("24h0m0s").
type Duration struct{ time.Duration }

// UnmarshalText parses a duration with ParseDuration.
func (d *Duration) UnmarshalText(b []byte) error {
	v, err := ParseDuration(string(b))
	if err != nil {
		return err
	}
	d.Duration = v
	return nil
}

// MarshalText writes the duration in Go's notation, which ParseDuration
// reads back to the same value.
func (d Duration) MarshalText() ([]byte, error) { return []byte(d.Duration.String()), nil }

// unitNames maps every unit word ParseDuration knows to its length. Go's
// own units (ns to h) come first, then the Dutch and English words; "u" is
// the Dutch abbreviation of uur. Months and years are left out on purpose:
// their length varies, so "1 maand" is an error that says so.
var unitNames = map[string]time.Duration{
	"ns": time.Nanosecond, "us": time.Microsecond, "µs": time.Microsecond, "μs": time.Microsecond, "ms": time.Millisecond,
	"s": time.Second, "sec": time.Second, "seconde": time.Second, "seconden": time.Second, "second": time.Second, "seconds": time.Second,
	"m": time.Minute, "min": time.Minute, "minuut": time.Minute, "minuten": time.Minute, "minute": time.Minute, "minutes": time.Minute,
	"h": time.Hour, "u": time.Hour, "uur": time.Hour, "uren": time.Hour, "hour": time.Hour, "hours": time.Hour,
	"d": day, "dag": day, "dagen": day, "day": day, "days": day,
	"w": week, "wk": week, "week": week, "weken": week, "weeks": week,
}

const (
	day  = 24 * time.Hour
	week = 7 * day
)

// months are the words that read as a duration but have no fixed length.
var months = map[string]bool{"maand": true, "maanden": true, "month": true, "months": true, "mnd": true,
	"jaar": true, "jaren": true, "year": true, "years": true, "jr": true, "y": true}

// ErrSyntax is wrapped by every error of ParseDuration.
var ErrSyntax = errors.New("not a duration")

// ParseDuration reads a duration: one or more parts of a number and a unit,
// with or without spaces between them. It accepts everything Go's
// time.ParseDuration accepts ("90s", "1h30m", "1.5h", "-5m", "0") and
// also days and weeks, in Dutch and English words: "1d", "7d", "2w",
// "2u", "1 dag", "3 dagen", "2 uur", "1 week", "90 minutes", "1 dag 2 uur".
// Case and surrounding space are ignored. Months and years are refused
// (their length varies; write days or weeks), as are values beyond about
// 292 years. A sign, when given, applies to the whole duration.
func ParseDuration(text string) (time.Duration, error) {
	s := strings.ToLower(strings.TrimSpace(text))
	bad := func(why string) error {
		return fmt.Errorf("%w: %q %s; write e.g. \"90s\", \"15m\", \"2h\", \"1d\", \"7d\" or \"1 dag\"", ErrSyntax, clip(text), why)
	}
	neg := false
	if s != "" && (s[0] == '-' || s[0] == '+') {
		neg = s[0] == '-'
		s = strings.TrimSpace(s[1:])
	}
	if s == "0" {
		return 0, nil
	}
	if s == "" {
		return 0, bad("is empty")
	}
	var total time.Duration
	for s != "" {
		// The number: digits, optionally a fraction.
		i := 0
		for i < len(s) && s[i] >= '0' && s[i] <= '9' {
			i++
		}
		whole := s[:i]
		frac := ""
		if i < len(s) && s[i] == '.' {
			j := i + 1
			for j < len(s) && s[j] >= '0' && s[j] <= '9' {
				j++
			}
			frac, i = s[i+1:j], j
		}
		if whole == "" && frac == "" {
			return 0, bad("has no number where one is needed")
		}
		s = strings.TrimLeft(s[i:], " ")
		// The unit: letters up to the next digit, space or end.
		j := 0
		for j < len(s) && (s[j] < '0' || s[j] > '9') && s[j] != ' ' && s[j] != '.' {
			j++
		}
		word := s[:j]
		s = strings.TrimLeft(s[j:], " ")
		unit, ok := unitNames[word]
		switch {
		case word == "":
			return 0, bad("has a number without a unit")
		case months[word]:
			return 0, bad("counts months or years, which vary in length; use days or weeks")
		case !ok:
			return 0, bad(fmt.Sprintf("has the unknown unit %q", clip(word)))
		}
		part, ok := scale(whole, frac, unit)
		if !ok || part > math.MaxInt64-total {
			return 0, bad("is too long")
		}
		total += part
	}
	if neg {
		return -total, nil
	}
	return total, nil
}

// scale returns whole.frac × unit, or false when it does not fit. The
// fraction is applied as time.ParseDuration does, through float64 (exact
// to the nanosecond for every unit up to a week), so both agree.
func scale(whole, frac string, unit time.Duration) (time.Duration, bool) {
	var w int64
	for _, c := range whole {
		if w > (math.MaxInt64-9)/10 {
			return 0, false
		}
		w = w*10 + int64(c-'0')
	}
	if w > math.MaxInt64/int64(unit) {
		return 0, false
	}
	d := w * int64(unit)
	var f int64
	sc := 1.0
	for _, c := range frac {
		if f > (math.MaxInt64-9)/10 {
			break // further digits are below a nanosecond
		}
		f, sc = f*10+int64(c-'0'), sc*10
	}
	if f > 0 {
		add := int64(float64(f) * (float64(unit) / sc))
		if d > math.MaxInt64-add {
			return 0, false
		}
		d += add
	}
	return time.Duration(d), true
}

// clip shortens text quoted in an error message.
func clip(s string) string {
	if r := []rune(s); len(r) > 40 {
		return string(r[:40]) + "…"
	}
	return s
}
