package natural

import (
	"math"
	"strings"
	"testing"
	"time"
	"unicode/utf8"
)

// The fuzz targets check that no input panics, that a success is a sane
// value and that an error is an *Error whose message stays short.

func FuzzAmount(f *testing.F) {
	for _, s := range []string{"€ 250.000", "250k", "1,2 miljoen", "2.5 million", "3 ton", "1.250.000,50", "-5", ",", ".,", "1e308", "9,999,999,999,999,999"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		v, err := Amount(s)
		if err != nil {
			checkErr(t, err)
			return
		}
		if math.IsNaN(v) || v < 0 || v > MaxAmount {
			t.Fatalf("Amount(%q) = %v", s, v)
		}
	})
}

func FuzzDate(f *testing.F) {
	for _, s := range []string{"15-3-2026", "2026-03-15", "vandaag", "volgend jaar", "1 januari 2026", "January 1, 2026", "31/2/2026", "1st", "maart"} {
		f.Add(s)
	}
	today := time.Date(2026, 1, 10, 0, 0, 0, 0, time.UTC)
	f.Fuzz(func(t *testing.T, s string) {
		d, err := Date(s, today)
		if err != nil {
			checkErr(t, err)
			return
		}
		if d.Year() < 1900 || d.Year() > 2200 || d.Hour() != 0 {
			t.Fatalf("Date(%q) = %v", s, d)
		}
	})
}

func FuzzYesNoNumber(f *testing.F) {
	for _, s := range []string{"ja", "nee hoor", "klopt niet", "36 maanden", "3 jaar", "2,5", "-1"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if _, err := YesNo(s); err != nil {
			checkErr(t, err)
		}
		if _, err := Months(s); err != nil {
			checkErr(t, err)
		}
		if v, err := Number(s); err != nil {
			checkErr(t, err)
		} else if math.IsNaN(v) || math.IsInf(v, 0) {
			t.Fatalf("Number(%q) = %v", s, v)
		}
	})
}

func checkErr(t *testing.T, err error) {
	t.Helper()
	e, ok := err.(*Error)
	if !ok {
		t.Fatalf("error %T %v is not *Error", err, err)
	}
	if msg := e.Error(); utf8.RuneCountInString(msg) > 300 || strings.Contains(msg, "strconv") {
		t.Fatalf("error message %q", msg)
	}
}
