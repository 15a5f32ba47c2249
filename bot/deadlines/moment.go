package deadlines

import (
	"errors"
	"regexp"
	"strconv"
	"time"

	"github.com/noaber/noaber/bot/when"
)

// problem is why a typed moment cannot be saved as it is.
type problem int

const (
	momentOK problem = iota
	momentUnknown
	momentNumber    // "12": which 12th, which month?
	momentAmbiguous // "3/4": 3 April or 4 March?
	momentPast
	momentFar
	momentImpossible // "31 februari"
	momentWeekday    // "vrijdag 19 december 2026", a Saturday
	momentApprox     // "eind januari": read as a proposal, to confirm
)

// resolved is a typed moment, read.
type resolved struct {
	t        time.Time
	dateOnly bool
	problem  problem
	// options are the moments the user may have meant (for momentPast the
	// suggestion, for momentAmbiguous both readings), in the future.
	options []time.Time
}

var (
	bareNumber = regexp.MustCompile(`^\d{1,2}$`)
	dayMonth   = regexp.MustCompile(`^(\d{1,2})[-/](\d{1,2})$`)
)

// maxAhead bounds how far ahead a deadline may lie: ten years.
const maxAhead = 10 * 366 * 24 * time.Hour

// resolveMoment reads text as the moment of a deadline. It never guesses:
// a moment that could mean two things, or lies in the past, comes back with
// a problem and the options to ask about.
func (c *Capability) resolveMoment(text string, now time.Time) resolved {
	now = now.In(amsterdam())
	if bareNumber.MatchString(text) {
		return resolved{problem: momentNumber}
	}
	if m := dayMonth.FindStringSubmatch(text); m != nil {
		a, _ := strconv.Atoi(m[1])
		b, _ := strconv.Atoi(m[2])
		if a >= 1 && b >= 1 && a <= 12 && b <= 12 && a != b {
			return resolved{problem: momentAmbiguous, options: []time.Time{c.nextOccurrence(a, b, now), c.nextOccurrence(b, a, now)}}
		}
		if b >= 1 && b <= 12 && a >= 1 && a <= daysInMonth(2028, time.Month(b)) {
			t := c.nextOccurrence(a, b, now)
			return resolved{t: t, dateOnly: true}
		}
		if b >= 1 && b <= 12 && a >= 1 && a <= 31 {
			return resolved{problem: momentImpossible}
		}
		return resolved{problem: momentUnknown}
	}
	m, err := when.Parse(text, now)
	switch {
	case errors.Is(err, when.ErrImpossible):
		return resolved{problem: momentImpossible}
	case errors.Is(err, when.ErrWeekday):
		return resolved{problem: momentWeekday}
	case err != nil:
		return resolved{problem: momentUnknown}
	}
	res := checkFuture(resolved{t: m.At(c.set.dateH, c.set.dateM), dateOnly: m.DateOnly}, now)
	if m.Approx && res.problem == momentOK {
		// "eind januari": propose the concrete moment, confirm with a button.
		res.problem, res.options = momentApprox, []time.Time{res.t}
	}
	return res
}

// checkFuture marks a moment in the past, suggesting the same time
// tomorrow (when it passed less than a day ago) or the same date in a
// later year, and a moment implausibly far ahead.
func checkFuture(res resolved, now time.Time) resolved {
	t := res.t
	switch {
	case !t.After(now):
		res.problem = momentPast
		s := t
		if now.Sub(t) < 24*time.Hour {
			s = t.AddDate(0, 0, 1)
		}
		for i := 0; !s.After(now) && i < 20; i++ {
			s = t.AddDate(i+1, 0, 0)
		}
		if s.After(now) && s.Sub(now) < maxAhead {
			res.options = []time.Time{s}
		}
	case t.Sub(now) > maxAhead:
		res.problem = momentFar
	}
	return res
}

// nextOccurrence is day/month at the date-only time, this year or next,
// whichever is first in the future.
func (c *Capability) nextOccurrence(day, month int, now time.Time) time.Time {
	for y := now.Year(); y <= now.Year()+8; y++ { // 29-2: the next leap year
		if day > daysInMonth(y, time.Month(month)) {
			continue
		}
		t := time.Date(y, time.Month(month), day, c.set.dateH, c.set.dateM, 0, 0, amsterdam())
		if t.After(now) {
			return t
		}
	}
	return time.Date(now.Year()+2, time.Month(month), min(day, 28), c.set.dateH, c.set.dateM, 0, 0, amsterdam())
}

func daysInMonth(y int, m time.Month) int {
	return time.Date(y, m+1, 0, 0, 0, 0, 0, time.UTC).Day()
}
