package termijn

import (
	"bytes"
	_ "embed"
	"errors"
	"fmt"
	"regexp"
	"time"

	"github.com/BurntSushi/toml"
)

// Decree is a Royal Decree that equates days with a general holiday for
// the Algemene termijnenwet (art. 3 lid 3), for the years of its period.
type Decree struct {
	// Title names the decree in Dutch, TitleEN in English.
	Title   string `toml:"title"`
	TitleEN string `toml:"title_en"`
	// From and Until bound the period the decree covers (inclusive).
	From  Date   `toml:"-"`
	Until Date   `toml:"-"`
	Basis string `toml:"basis"` // "Atw art. 3 lid 3"
	URL   string `toml:"url"`
	// Source says where the list comes from; Verified is false while the
	// decree itself (Staatsblad) has not been read.
	Source   string      `toml:"source"`
	Verified bool        `toml:"verified"`
	Days     []DecreeDay `toml:"-"`
}

// DecreeDay is one equated day; NL and EN say which day it is ("de
// vrijdag na Hemelvaartsdag").
type DecreeDay struct {
	Date   Date
	NL, EN string
}

// decreeFile is the TOML form of the decree data.
type decreeFile struct {
	Decrees []struct {
		Decree
		FromT  time.Time `toml:"from"`
		UntilT time.Time `toml:"until"`
		Days   []struct {
			Date time.Time `toml:"date"`
			NL   string    `toml:"nl"`
			EN   string    `toml:"en"`
		} `toml:"days"`
	} `toml:"decrees"`
}

var deepLaw = regexp.MustCompile(`^https://wetten\.overheid\.nl/jci1\.3:c:BWBR\d{7}&artikel=[0-9a-z:.]+$`)

// LoadDecrees reads and validates decree data: every decree has a title,
// a source and a deep link to its legal basis, periods do not overlap and
// come in order, and every day lies in its decree's period on a weekday
// that is not already a general holiday.
func LoadDecrees(data []byte) ([]Decree, error) {
	var f decreeFile
	md, err := toml.NewDecoder(bytes.NewReader(data)).Decode(&f)
	if err != nil {
		return nil, err
	}
	if und := md.Undecoded(); len(und) > 0 {
		return nil, fmt.Errorf("unknown key %s", und[0])
	}
	if len(f.Decrees) == 0 {
		return nil, errors.New("no decrees")
	}
	var out []Decree
	for i, fd := range f.Decrees {
		d := fd.Decree
		d.From, d.Until = DateOf(fd.FromT), DateOf(fd.UntilT)
		where := fmt.Sprintf("decree %d (%s)", i+1, d.Title)
		switch {
		case d.Title == "" || d.TitleEN == "" || d.Source == "" || d.Basis == "":
			return nil, fmt.Errorf("%s: title, title_en, basis and source are required", where)
		case !deepLaw.MatchString(d.URL):
			return nil, fmt.Errorf("%s: url %q is not a deep link to an article on wetten.overheid.nl", where, d.URL)
		case fd.FromT.IsZero() || fd.UntilT.IsZero() || d.Until.Before(d.From):
			return nil, fmt.Errorf("%s: period %v..%v is not a period", where, d.From, d.Until)
		case len(out) > 0 && !out[len(out)-1].Until.Before(d.From):
			return nil, fmt.Errorf("%s: period overlaps or precedes the previous decree", where)
		case len(fd.Days) == 0:
			return nil, fmt.Errorf("%s: no days", where)
		}
		for _, fday := range fd.Days {
			day := DecreeDay{Date: DateOf(fday.Date), NL: fday.NL, EN: fday.EN}
			if fday.Date.IsZero() || day.NL == "" || day.EN == "" {
				return nil, fmt.Errorf("%s: a day needs a date and nl and en names", where)
			}
			if day.Date.Before(d.From) || day.Date.After(d.Until) {
				return nil, fmt.Errorf("%s: %v lies outside the decree's period", where, day.Date)
			}
			if wd := day.Date.Weekday(); wd == time.Saturday || wd == time.Sunday {
				return nil, fmt.Errorf("%s: %v is a %v", where, day.Date, wd)
			}
			if h, ok := generalHoliday(day.Date); ok {
				return nil, fmt.Errorf("%s: %v is already %s", where, day.Date, h.NL)
			}
			if n := len(d.Days); n > 0 && !d.Days[n-1].Date.Before(day.Date) {
				return nil, fmt.Errorf("%s: days not in date order at %v", where, day.Date)
			}
			d.Days = append(d.Days, day)
		}
		out = append(out, d)
	}
	return out, nil
}

//go:embed data/gelijkgestelde_dagen.toml
var decreeData []byte

// Decrees are the known decrees, oldest first. The data is tested; an
// error here is a programming error.
var Decrees = mustDecrees(decreeData)

func mustDecrees(b []byte) []Decree {
	d, err := LoadDecrees(b)
	if err != nil {
		panic("termijn: " + err.Error())
	}
	return d
}

// DecreeCoverage is the period for which the equated days are known: from
// the start of the first known decree to the end of the last.
func DecreeCoverage() (from, until Date) {
	return Decrees[0].From, Decrees[len(Decrees)-1].Until
}

// DecreeKnown reports whether d lies in the period of a known decree, so
// that the equated days on and around d are known.
func DecreeKnown(d Date) bool {
	from, until := DecreeCoverage()
	return !d.Before(from) && !d.After(until)
}

// decreeDayOn returns the equated day on d and its decree, if any.
func decreeDayOn(d Date) (DecreeDay, *Decree, bool) {
	for i := range Decrees {
		dec := &Decrees[i]
		if d.Before(dec.From) || d.After(dec.Until) {
			continue
		}
		for _, day := range dec.Days {
			if day.Date == d {
				return day, dec, true
			}
		}
	}
	return DecreeDay{}, nil, false
}
