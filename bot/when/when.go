// Package when reads moments and durations the way people type them in
// Dutch or English ("12 december 17:00", "vrijdag", "over 2 weken", "in 30
// seconds", "15-3-2026", ISO), in Europe/Amsterdam, and writes them back in
// words ("vrijdag 12 december 2026 17:00") so the bot can repeat what it
// understood before saving.
//
// The parser is our own, for exactly two languages. We first used
// go-dateparser (200 languages); it loads all its locale data when the
// program starts — 0.45 s and 95 MB of allocations measured with
// GODEBUG=inittrace=1 — for every noaber command, and it read some Dutch
// input wrongly. A text this package cannot read whole is refused, never
// half-read.
package when

import (
	"embed"
	"errors"
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/noaber/noaber/bot/clock"
	"github.com/noaber/noaber/i18n"
	"github.com/noaber/noaber/units"
)

// Moment is a parsed point in time.
type Moment struct {
	// Time is in Europe/Amsterdam. For a DateOnly moment it is midnight at
	// the start of that day; use At to give it a time of day.
	Time time.Time
	// DateOnly is true when the text named a day but no time of day.
	DateOnly bool
	// Approx is true for a vague period read as a proposal ("eind
	// januari" is read as 31 January): callers ask before using it.
	Approx bool
}

// At returns the moment, with hour:minute applied when only a date was given.
func (m Moment) At(hour, minute int) time.Time {
	if !m.DateOnly {
		return m.Time
	}
	y, mo, d := m.Time.Date()
	return time.Date(y, mo, d, hour, minute, 0, 0, clock.Amsterdam)
}

// Errors Parse returns; callers translate them for the user.
var (
	// ErrEmpty: nothing was typed.
	ErrEmpty = errors.New("no date or time given")
	// ErrUnknown: the text is not a moment this package can read whole.
	ErrUnknown = errors.New("not a date or time I can read")
	// ErrImpossible: a calendar date that does not exist ("31 februari",
	// "29-2-2027").
	ErrImpossible = errors.New("that date does not exist")
	// ErrWeekday: the named weekday is not the weekday of the date
	// ("vrijdag 19 december 2026" is a Saturday).
	ErrWeekday = errors.New("the weekday does not match the date")
)

var (
	isoDate = regexp.MustCompile(`^(\d{4})-(\d{1,2})-(\d{1,2})(?:[ tT](\d{1,2})[:.](\d{2})(?::(\d{2}))?)?$`)
	dmyDate = regexp.MustCompile(`^(\d{1,2})[-/.](\d{1,2})[-/.](\d{4})(?:\s+(?:om\s+|at\s+)?(\d{1,2})[:.](\d{2}))?(?:\s*uur)?$`)
)

// Parse reads text as a moment relative to now.
func Parse(text string, now time.Time) (Moment, error) {
	s := strings.TrimSpace(strings.ToLower(text))
	s = strings.Join(strings.Fields(s), " ")
	if s == "" {
		return Moment{}, ErrEmpty
	}
	if len(s) > 100 {
		return Moment{}, ErrUnknown
	}
	now = now.In(clock.Amsterdam)
	if m, ok, err := exact(s); ok {
		return m, err
	}
	m, err := readNatural(s, now)
	if err == nil && m.Time.IsZero() {
		err = ErrUnknown
	}
	return m, err
}

func exact(s string) (Moment, bool, error) {
	var y, mo, d, h, mi int
	var hasTime bool
	if m := isoDate.FindStringSubmatch(s); m != nil {
		y, mo, d = atoi(m[1]), atoi(m[2]), atoi(m[3])
		if m[4] != "" {
			h, mi, hasTime = atoi(m[4]), atoi(m[5]), true
		}
	} else if m := dmyDate.FindStringSubmatch(s); m != nil {
		d, mo, y = atoi(m[1]), atoi(m[2]), atoi(m[3])
		if m[4] != "" {
			h, mi, hasTime = atoi(m[4]), atoi(m[5]), true
		}
	} else {
		return Moment{}, false, nil
	}
	if mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59 || y < 1900 || y > 2200 {
		return Moment{}, true, ErrUnknown
	}
	if d > daysIn(y, time.Month(mo)) {
		return Moment{}, true, ErrImpossible
	}
	t := time.Date(y, time.Month(mo), d, h, mi, 0, 0, clock.Amsterdam)
	return Moment{Time: t, DateOnly: !hasTime}, true, nil
}

func atoi(s string) int { n, _ := strconv.Atoi(s); return n }

func daysIn(y int, m time.Month) int {
	return time.Date(y, m+1, 0, 0, 0, 0, 0, time.UTC).Day()
}

// ParseDuration reads one positive duration typed in chat: "14d",
// "3 dagen", "2u", "2 uur", "30s", "1 week", "90 minutes", "1 dag 2 uur".
// It is units.ParseDuration (the parser of the configuration files too)
// held to whole seconds of at least one second. Months are not durations
// (their length varies); use whole days or weeks.
func ParseDuration(text string) (time.Duration, error) {
	d, err := units.ParseDuration(text)
	if err != nil {
		return 0, err
	}
	if d < time.Second || d%time.Second != 0 {
		return 0, fmt.Errorf("%q: a reminder offset is a whole number of seconds, at least one", text)
	}
	return d, nil
}

// ParseOffsets reads a list of durations separated by commas or "en"/"and":
// "14d, 3d, 1d, 2u".
func ParseOffsets(text string) ([]time.Duration, error) {
	s := strings.ToLower(text)
	for _, sep := range []string{" en ", " and ", ";"} {
		s = strings.ReplaceAll(s, sep, ",")
	}
	var out []time.Duration
	seen := map[time.Duration]bool{}
	for _, part := range strings.Split(s, ",") {
		part = strings.TrimSpace(part)
		if part == "" {
			continue
		}
		d, err := ParseDuration(part)
		if err != nil {
			return nil, err
		}
		if !seen[d] {
			seen[d] = true
			out = append(out, d)
		}
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("no reminder offsets given; write e.g. 14d, 3d, 1d, 2u")
	}
	return out, nil
}

// FormatDuration writes d compactly in lang, in its largest whole unit:
// "14 dagen", "1 week", "2 uur", "30 seconds"; the words come from the
// catalog by the CLDR plural form of the count.
func FormatDuration(d time.Duration, lang i18n.Lang) string {
	units := []struct {
		d  time.Duration
		id string
	}{
		{7 * 24 * time.Hour, "duration.week"}, {24 * time.Hour, "duration.day"}, {time.Hour, "duration.hour"},
		{time.Minute, "duration.minute"}, {time.Second, "duration.second"},
	}
	for _, u := range units {
		if d >= u.d && d%u.d == 0 {
			return Msgs.N(lang, u.id, int(d/u.d))
		}
	}
	return d.String()
}

//go:embed messages/*.toml
var messagesFS embed.FS

// Msgs holds the words of durations.
var Msgs = i18n.MustLoadDir("when", messagesFS, "messages")

// FormatRough writes d rounded to its largest sensible unit, for "over 3
// dagen", "over 5 uur", "over 58 seconden": days from two days up, hours
// from two hours, minutes from two minutes, else seconds (at least one).
func FormatRough(d time.Duration, lang i18n.Lang) string {
	switch {
	case d >= 48*time.Hour:
		d = d.Round(24 * time.Hour)
	case d >= 2*time.Hour:
		d = d.Round(time.Hour)
	case d >= 2*time.Minute:
		d = d.Round(time.Minute)
	default:
		d = max(d.Round(time.Second), time.Second)
	}
	return FormatDuration(d, lang)
}

var (
	nlDays   = []string{"zondag", "maandag", "dinsdag", "woensdag", "donderdag", "vrijdag", "zaterdag"}
	nlMonths = []string{"januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus", "september", "oktober", "november", "december"}
)

// Format writes t in Amsterdam time in words: "vrijdag 12 december 2026
// 17:00" or "Friday 12 December 2026 17:00".
func Format(t time.Time, lang i18n.Lang) string {
	return FormatDate(t, lang) + t.In(clock.Amsterdam).Format(" 15:04")
}

// FormatDate writes the date only: "vrijdag 12 december 2026".
func FormatDate(t time.Time, lang i18n.Lang) string {
	t = t.In(clock.Amsterdam)
	if lang == i18n.EN {
		return t.Format("Monday 2 January 2006")
	}
	return fmt.Sprintf("%s %d %s %d", nlDays[t.Weekday()], t.Day(), nlMonths[t.Month()-1], t.Year())
}
