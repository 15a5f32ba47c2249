package termijn

import (
	"sort"
	"time"
)

// Holiday is a general holiday in the sense of Atw art. 3.
type Holiday struct {
	Date Date
	// ID names the holiday independent of language ("goede-vrijdag").
	ID string
	// NL and EN are its names.
	NL, EN string
	// Decree is set for a day equated with a general holiday by Royal
	// Decree (Atw art. 3 lid 3); ID is then "kb-gelijkgesteld".
	Decree *Decree
}

// Easter returns Easter Sunday of year in the Gregorian calendar (the
// anonymous "Meeus/Jones/Butcher" computus).
func Easter(year int) Date {
	a := year % 19
	b := year / 100
	c := year % 100
	d := b / 4
	e := b % 4
	f := (b + 8) / 25
	g := (b - f + 1) / 3
	h := (19*a + b - d - g + 15) % 30
	i := c / 4
	k := c % 4
	l := (32 + 2*e + 2*i - h - k) % 7
	m := (a + 11*h + 22*l) / 451
	month := (h + l - 7*m + 114) / 31
	day := (h+l-7*m+114)%31 + 1
	return Date{year, time.Month(month), day}
}

// KingsDay returns the day the monarch's birthday is celebrated: 27 April
// (26 April when the 27th is a Sunday) from 2014; before that Queen's Day,
// 30 April (29 April when the 30th is a Sunday).
func KingsDay(year int) Date {
	if year >= 2014 {
		if d := D(year, time.April, 27); d.Weekday() != time.Sunday {
			return d
		}
		return D(year, time.April, 26)
	}
	if d := D(year, time.April, 30); d.Weekday() != time.Sunday {
		return d
	}
	return D(year, time.April, 29)
}

// Holidays returns the general holidays of Atw art. 3 in year, in date
// order, with Goede Vrijdag (art. 3(2)) and 5 May every year. Easter
// Sunday and Whit Sunday are Sundays and so not listed.
func Holidays(year int) []Holiday {
	e := Easter(year)
	hs := []Holiday{
		{D(year, time.January, 1), "nieuwjaarsdag", "Nieuwjaarsdag", "New Year's Day", nil},
		{e.AddDays(-2), "goede-vrijdag", "Goede Vrijdag", "Good Friday", nil},
		{e.AddDays(1), "tweede-paasdag", "Tweede Paasdag", "Easter Monday", nil},
		{KingsDay(year), "koningsdag", "Koningsdag", "King's Day", nil},
		{D(year, time.May, 5), "bevrijdingsdag", "5 mei (Bevrijdingsdag)", "5 May (Liberation Day)", nil},
		{e.AddDays(39), "hemelvaartsdag", "Hemelvaartsdag", "Ascension Day", nil},
		{e.AddDays(50), "tweede-pinksterdag", "Tweede Pinksterdag", "Whit Monday", nil},
		{D(year, time.December, 25), "eerste-kerstdag", "Eerste Kerstdag", "Christmas Day", nil},
		{D(year, time.December, 26), "tweede-kerstdag", "Tweede Kerstdag", "Boxing Day", nil},
	}
	if year < 2014 {
		hs[3].ID, hs[3].NL, hs[3].EN = "koninginnedag", "Koninginnedag", "Queen's Day"
	}
	sort.SliceStable(hs, func(i, j int) bool { return hs[i].Date.Before(hs[j].Date) })
	return hs
}

// HolidayOn returns the general holiday on d, or the day equated with one
// by a known Royal Decree, if any.
func HolidayOn(d Date) (Holiday, bool) {
	if h, ok := generalHoliday(d); ok {
		return h, true
	}
	if day, dec, ok := decreeDayOn(d); ok {
		return Holiday{
			Date: d, ID: "kb-gelijkgesteld", Decree: dec,
			NL: day.NL + ", bij koninklijk besluit gelijkgesteld met een feestdag (Atw art. 3 lid 3)",
			EN: day.EN + ", equated with a general holiday by Royal Decree (Atw art. 3(3))",
		}, true
	}
	return Holiday{}, false
}

// generalHoliday returns the general holiday of Atw art. 3 lid 1 and 2 on
// d, if any.
func generalHoliday(d Date) (Holiday, bool) {
	for _, h := range Holidays(d.Year) {
		if h.Date == d {
			return h, true
		}
	}
	return Holiday{}, false
}

// IsWorkingDay reports whether d is neither a Saturday, a Sunday, a
// general holiday nor a day a known Royal Decree equates with one: the
// days that count for Atw art. 1 and 2.
func IsWorkingDay(d Date) bool {
	if wd := d.Weekday(); wd == time.Saturday || wd == time.Sunday {
		return false
	}
	_, h := HolidayOn(d)
	return !h
}

// NextWorkingDay returns d when it is a working day, else the first
// working day after it.
func NextWorkingDay(d Date) Date {
	for !IsWorkingDay(d) {
		d = d.AddDays(1)
	}
	return d
}
