package natural

import (
	"errors"
	"testing"
	"time"
)

func TestAmount(t *testing.T) {
	ok := []struct {
		in   string
		want float64
	}{
		{"250000", 250000},
		{"€ 250.000", 250000},
		{"€250,000", 250000},
		{"250.000,50", 250000.50},
		{"1,250,000.50", 1250000.50},
		{"1.250.000", 1250000},
		{"250k", 250000},
		{"250 K", 250000},
		{"1,2 miljoen", 1200000},
		{"1.2 miljoen", 1200000},
		{"2.5 million", 2500000},
		{"2,5m", 2500000},
		{"1,250 miljoen", 1250000},
		{"3 ton", 300000},
		{"€ 5.000,-", 5000},
		{"5000 euro", 5000},
		{"EUR 5000 excl. btw", 5000},
		{"ongeveer 10 duizend", 10000},
		{"250 000", 250000},
		{"1,5", 1.5},
		{"0", 0},
		{"216000.", 216000},
	}
	for _, c := range ok {
		t.Run(c.in, func(t *testing.T) {
			got, err := Amount(c.in)
			if err != nil || got != c.want {
				t.Errorf("Amount(%q) = %v, %v; want %v", c.in, got, err, c.want)
			}
		})
	}
	bad := []string{"", "abc", "-5", "min 5", "1.2.3,4,5", "25.00.00", "12 appels", "1e5", "€", "1,2345", "99999999999999", "1.000.0000"}
	for _, in := range bad {
		t.Run("bad "+in, func(t *testing.T) {
			_, err := Amount(in)
			var e *Error
			if !errors.As(err, &e) || e.Kind != KindAmount {
				t.Errorf("Amount(%q) err = %v, want an amount error", in, err)
			}
		})
	}
}

func TestDate(t *testing.T) {
	ams, _ := time.LoadLocation("Europe/Amsterdam")
	today := time.Date(2025, 11, 20, 0, 0, 0, 0, ams)
	d := func(y int, m time.Month, dd int) time.Time { return time.Date(y, m, dd, 0, 0, 0, 0, ams) }
	ok := []struct {
		in   string
		want time.Time
	}{
		{"2026-03-15", d(2026, 3, 15)},
		{"15-3-2026", d(2026, 3, 15)},
		{"15/03/2026", d(2026, 3, 15)},
		{"3/15/2026", d(2026, 3, 15)},
		{"1-2-2026", d(2026, 2, 1)}, // day first, as in Dutch
		{"15.3.26", d(2026, 3, 15)},
		{"vandaag", today},
		{"Today", today},
		{"morgen", d(2025, 11, 21)},
		{"volgend jaar", d(2026, 1, 1)},
		{"next year", d(2026, 1, 1)},
		{"1 januari 2026", d(2026, 1, 1)},
		{"1 jan. 2026", d(2026, 1, 1)},
		{"January 1, 2026", d(2026, 1, 1)},
		{"15 maart", d(2025, 3, 15)},
		{"maart 2026", d(2026, 3, 1)},
		{"in 2027", d(2027, 1, 1)},
		{"op 31 december 2025", d(2025, 12, 31)},
	}
	for _, c := range ok {
		if c.want.IsZero() {
			continue
		}
		t.Run(c.in, func(t *testing.T) {
			got, err := Date(c.in, today)
			if err != nil || !got.Equal(c.want) {
				t.Errorf("Date(%q) = %v, %v; want %v", c.in, got, err, c.want)
			}
		})
	}
	for _, in := range []string{"", "gisterenavond", "31-2-2026", "13/13/2026", "2026-13-01", "1 smarch 2026", "volgende week dinsdag", "12345", "1-2", "0-0-0"} {
		t.Run("bad "+in, func(t *testing.T) {
			_, err := Date(in, today)
			var e *Error
			if !errors.As(err, &e) || e.Kind != KindDate {
				t.Errorf("Date(%q) err = %v, want a date error", in, err)
			}
		})
	}
}

func TestYesNo(t *testing.T) {
	for in, want := range map[string]bool{
		"ja": true, "Ja!": true, "yes": true, "J": true, "klopt": true, "ja, dat klopt": true, "jazeker": true,
		"nee": false, "No.": false, "nee hoor": false, "klopt niet": false, "n": false, "not true": false,
	} {
		got, err := YesNo(in)
		if err != nil || got != want {
			t.Errorf("YesNo(%q) = %v, %v; want %v", in, got, err, want)
		}
	}
	for _, in := range []string{"", "misschien", "ja nee", "no yes", "weet ik niet", "250"} {
		if _, err := YesNo(in); err == nil {
			t.Errorf("YesNo(%q) accepted", in)
		}
	}
}

func TestNumberAndMonths(t *testing.T) {
	for in, want := range map[string]float64{"36": 36, "36 maanden": 36, "3 jaar": 36, "2,5 years": 30, "1 month": 1, "0": 0, "60 mnd": 60} {
		got, err := Months(in)
		if err != nil || got != want {
			t.Errorf("Months(%q) = %v, %v; want %v", in, got, err, want)
		}
	}
	for _, in := range []string{"", "drie", "1,3 jaar", "36 appels", "ja"} {
		if _, err := Months(in); err == nil {
			t.Errorf("Months(%q) accepted", in)
		}
	}
	for in, want := range map[string]float64{"12": 12, "2,5": 2.5, "-3": -3, "1.000": 1000, "0.125": 0.125} {
		got, err := Number(in)
		if err != nil || got != want {
			t.Errorf("Number(%q) = %v, %v; want %v", in, got, err, want)
		}
	}
}
