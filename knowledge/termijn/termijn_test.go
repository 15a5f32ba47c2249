package termijn

import (
	"testing"
	"time"
)

func TestEaster(t *testing.T) {
	// Known Easter Sundays (Gregorian), including the earliest (22 March)
	// and latest (25 April) possible dates.
	known := map[int]Date{
		1818: {1818, time.March, 22}, 1943: {1943, time.April, 25}, 2000: {2000, time.April, 23},
		2008: {2008, time.March, 23}, 2011: {2011, time.April, 24}, 2019: {2019, time.April, 21},
		2024: {2024, time.March, 31}, 2025: {2025, time.April, 20}, 2026: {2026, time.April, 5},
		2027: {2027, time.March, 28}, 2028: {2028, time.April, 16}, 2029: {2029, time.April, 1},
		2030: {2030, time.April, 21}, 2038: {2038, time.April, 25}, 2285: {2285, time.March, 22},
	}
	for y, want := range known {
		if got := Easter(y); got != want {
			t.Errorf("Easter(%d) = %v, want %v", y, got, want)
		}
		if Easter(y).Weekday() != time.Sunday {
			t.Errorf("Easter(%d) is not a Sunday", y)
		}
	}
	for y := 1900; y <= 2200; y++ {
		e := Easter(y)
		if e.Weekday() != time.Sunday || e.Before(D(y, time.March, 22)) || e.After(D(y, time.April, 25)) {
			t.Errorf("Easter(%d) = %v outside 22 March–25 April or not a Sunday", y, e)
		}
	}
}

func TestHolidayTables(t *testing.T) {
	tables := map[int][]string{
		2024: {"2024-01-01", "2024-03-29", "2024-04-01", "2024-04-27", "2024-05-05", "2024-05-09", "2024-05-20", "2024-12-25", "2024-12-26"},
		// 27 April 2025 is a Sunday: Koningsdag on Saturday the 26th.
		2025: {"2025-01-01", "2025-04-18", "2025-04-21", "2025-04-26", "2025-05-05", "2025-05-29", "2025-06-09", "2025-12-25", "2025-12-26"},
		2026: {"2026-01-01", "2026-04-03", "2026-04-06", "2026-04-27", "2026-05-05", "2026-05-14", "2026-05-25", "2026-12-25", "2026-12-26"},
		2027: {"2027-01-01", "2027-03-26", "2027-03-29", "2027-04-27", "2027-05-05", "2027-05-06", "2027-05-17", "2027-12-25", "2027-12-26"},
		2028: {"2028-01-01", "2028-04-14", "2028-04-17", "2028-04-27", "2028-05-05", "2028-05-25", "2028-06-05", "2028-12-25", "2028-12-26"},
		2029: {"2029-01-01", "2029-03-30", "2029-04-02", "2029-04-27", "2029-05-05", "2029-05-10", "2029-05-21", "2029-12-25", "2029-12-26"},
		2030: {"2030-01-01", "2030-04-19", "2030-04-22", "2030-04-27", "2030-05-05", "2030-05-30", "2030-06-10", "2030-12-25", "2030-12-26"},
		// Queen's Day: 30 April 2006 was a Sunday, so the 29th.
		2006: {"2006-01-01", "2006-04-14", "2006-04-17", "2006-04-29", "2006-05-05", "2006-05-25", "2006-06-05", "2006-12-25", "2006-12-26"},
	}
	for y, want := range tables {
		hs := Holidays(y)
		if len(hs) != len(want) {
			t.Fatalf("%d: %d holidays, want %d", y, len(hs), len(want))
		}
		for i, h := range hs {
			if h.Date.String() != want[i] {
				t.Errorf("%d: holiday %d (%s) = %s, want %s", y, i, h.ID, h.Date, want[i])
			}
		}
	}
	// 5 May is a general holiday every year for the Atw, not only every fifth.
	for y := 2020; y <= 2035; y++ {
		if h, ok := HolidayOn(D(y, time.May, 5)); !ok || h.ID != "bevrijdingsdag" {
			t.Errorf("5 May %d not a holiday", y)
		}
	}
	// King's day: 2031 and 2036 have 27 April on a Sunday.
	for _, y := range []int{2025, 2031, 2036} {
		if got := KingsDay(y); got != D(y, time.April, 26) {
			t.Errorf("KingsDay(%d) = %v", y, got)
		}
	}
}

func TestWorkingDays(t *testing.T) {
	for d, want := range map[string]bool{
		"2026-04-03": false, // Goede Vrijdag
		"2026-04-02": true,
		"2026-04-04": false, // Saturday
		"2026-05-15": false, // Friday after Ascension, equated by Royal Decree (Atw art. 3 lid 3)
		"2029-05-11": true,  // Friday after Ascension 2029: no known decree
		"2026-12-24": true,
		"2026-12-28": true,
	} {
		dt := parseISO(t, d)
		if got := IsWorkingDay(dt); got != want {
			t.Errorf("IsWorkingDay(%s) = %v", d, got)
		}
	}
	if got := NextWorkingDay(parseISO(t, "2026-12-25")); got.String() != "2026-12-28" {
		t.Errorf("NextWorkingDay(Christmas 2026) = %v", got)
	}
	if got := NextWorkingDay(parseISO(t, "2027-12-25")); got.String() != "2027-12-27" {
		t.Errorf("NextWorkingDay(Christmas 2027, a Saturday) = %v", got)
	}
}

func TestCompute(t *testing.T) {
	tests := []struct {
		name        string
		start       string
		term        Term
		plain, end  string
		rules       []Rule
		workingDays int
	}{
		{"6 weeks plain", "2026-03-11", Term{6, Weeks}, "2026-04-22", "2026-04-22", nil, 0},
		{"20 days ending on Saturday", "2026-01-02", Term{20, Days}, "2026-01-22", "2026-01-22", nil, 0},
		{"20 days to a Sunday → Monday", "2026-01-05", Term{20, Days}, "2026-01-25", "2026-01-26", []Rule{Art1}, 0},
		{"ends on Goede Vrijdag → Tuesday after Easter", "2026-03-20", Term{2, Weeks}, "2026-04-03", "2026-04-07", []Rule{Art1}, 0},
		{"ends on Koningsdag 2026 (Monday)", "2026-03-16", Term{6, Weeks}, "2026-04-27", "2026-04-28", []Rule{Art1}, 0},
		{"ends on Koningsdag 2025 (Saturday 26th)", "2025-03-15", Term{6, Weeks}, "2025-04-26", "2025-04-28", []Rule{Art1}, 0},
		{"ends on 5 May 2026", "2026-03-24", Term{6, Weeks}, "2026-05-05", "2026-05-06", []Rule{Art1}, 0},
		{"ends on Ascension 2026 → Monday: the Friday is a decree day", "2026-03-19", Term{8, Weeks}, "2026-05-14", "2026-05-18", []Rule{Art1}, 0},
		{"ends on Ascension 2029 → Friday: no known decree", "2029-03-29", Term{6, Weeks}, "2029-05-10", "2029-05-11", []Rule{Art1}, 0},
		{"ends on Christmas → 28 December", "2026-11-13", Term{6, Weeks}, "2026-12-25", "2026-12-28", []Rule{Art1}, 0},
		{"year end: New Year's Day → 4 January", "2026-11-20", Term{6, Weeks}, "2027-01-01", "2027-01-04", []Rule{Art1}, 0},
		{"month end: 31 January + 1 month", "2026-01-31", Term{1, Months}, "2026-02-28", "2026-03-02", []Rule{Art1}, 0},
		{"month end in a leap year", "2028-01-31", Term{1, Months}, "2028-02-29", "2028-02-29", nil, 0},
		{"leap day + 12 months", "2028-02-29", Term{12, Months}, "2029-02-28", "2029-02-28", nil, 0},
		{"31 March + 1 month", "2026-03-31", Term{1, Months}, "2026-04-30", "2026-04-30", nil, 0},
		{"leap day counted in days", "2028-02-20", Term{10, Days}, "2028-03-01", "2028-03-01", nil, 0},
		{"art. 2: 3 days from Friday", "2026-01-09", Term{3, Days}, "2026-01-12", "2026-01-13", []Rule{Art2}, 2},
		{"art. 1 then art. 2 over Easter", "2026-04-02", Term{3, Days}, "2026-04-05", "2026-04-08", []Rule{Art1, Art2}, 2},
		{"art. 2 does not apply below three days", "2026-01-09", Term{2, Days}, "2026-01-11", "2026-01-12", []Rule{Art1}, 1},
		{"Christmas 2027: two working days without art. 2", "2027-12-23", Term{3, Days}, "2027-12-26", "2027-12-27", []Rule{Art1}, 2},
		{"art. 2 from Christmas Eve 2027", "2027-12-24", Term{3, Days}, "2027-12-27", "2027-12-28", []Rule{Art2}, 2},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := Compute(parseISO(t, tt.start), tt.term)
			if r.Plain.String() != tt.plain || r.End.String() != tt.end {
				t.Errorf("plain %s end %s, want %s %s (steps %+v)", r.Plain, r.End, tt.plain, tt.end, r.Steps)
			}
			if r.First != parseISO(t, tt.start).AddDays(1) {
				t.Errorf("first %v", r.First)
			}
			if len(r.Steps) != len(tt.rules) {
				t.Fatalf("steps %+v, want rules %v", r.Steps, tt.rules)
			}
			for i, s := range r.Steps {
				if s.Rule != tt.rules[i] {
					t.Errorf("step %d rule %s, want %s", i, s.Rule, tt.rules[i])
				}
			}
			if !IsWorkingDay(r.End) {
				t.Errorf("end %v is not a working day", r.End)
			}
			if tt.workingDays != 0 && r.WorkingDays != tt.workingDays {
				t.Errorf("working days %d, want %d", r.WorkingDays, tt.workingDays)
			}
		})
	}
}

func TestComputeHolidayNamed(t *testing.T) {
	r := Compute(parseISO(t, "2026-03-16"), Term{6, Weeks})
	if r.Steps[0].Holiday == nil || r.Steps[0].Holiday.ID != "koningsdag" {
		t.Errorf("step %+v does not name Koningsdag", r.Steps[0])
	}
}

// Every computed end, for every start over several years, is a working
// day, never before the plain end, and at most a few days after it.
func TestComputeProperties(t *testing.T) {
	for d := D(2024, 1, 1); d.Before(D(2031, 1, 1)); d = d.AddDays(1) {
		for _, term := range []Term{{1, Days}, {3, Days}, {20, Days}, {6, Weeks}, {8, Weeks}, {1, Months}} {
			r := Compute(d, term)
			if !IsWorkingDay(r.End) || r.End.Before(r.Plain) || r.Plain.DaysUntil(r.End) > 6 {
				t.Fatalf("Compute(%v, %v) = %+v", d, term, r)
			}
			if term.Days() >= 3 && r.WorkingDays < 2 {
				t.Fatalf("Compute(%v, %v): %d working days", d, term, r.WorkingDays)
			}
		}
	}
}

func TestParse(t *testing.T) {
	tests := []struct {
		in   string
		term Term
		kind string
	}{
		{"6 weken", Term{6, Weeks}, ""},
		{"20 dagen standstill", Term{20, Days}, "standstill"},
		{"standstill", Term{20, Days}, "standstill"},
		{"bezwaar", Term{6, Weeks}, "bezwaar"},
		{"beslissing", Term{8, Weeks}, "beslissing"},
		{"objection", Term{6, Weeks}, "bezwaar"},
		{"3 maanden", Term{3, Months}, ""},
		{"10 weeks decision", Term{10, Weeks}, "beslissing"},
		{"14d", Term{14, Days}, ""},
		{"termijn van 2 weken", Term{2, Weeks}, ""},
	}
	for _, tt := range tests {
		term, kind, err := Parse(tt.in)
		if err != nil {
			t.Errorf("Parse(%q): %v", tt.in, err)
			continue
		}
		id := ""
		if kind != nil {
			id = kind.ID
		}
		if term != tt.term || id != tt.kind {
			t.Errorf("Parse(%q) = %v %q, want %v %q", tt.in, term, id, tt.term, tt.kind)
		}
	}
	for _, in := range []string{"", "blah", "0 dagen", "6", "6 jaar", "99999 dagen", "6 weken 3 dagen", "bezwaar standstill", "-3 dagen"} {
		if term, kind, err := Parse(in); err == nil {
			t.Errorf("Parse(%q) = %v %v, want an error", in, term, kind)
		}
	}
}

func FuzzParse(f *testing.F) {
	for _, s := range []string{"6 weken", "20 dagen standstill", "bezwaar", "3 maanden", "14d", "99999 d", "1 mnd", "10 dagen vóór", "48 uur", "13 weken"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		term, _, err := Parse(s)
		if err != nil {
			return
		}
		if term.N == 0 || term.Days() > MaxDays {
			t.Fatalf("Parse(%q) = %v", s, term)
		}
		r := Compute(D(2026, 1, 1), term)
		if r.Excluded == "" && !IsWorkingDay(r.End) {
			t.Fatalf("Compute end %v not a working day", r.End)
		}
		if r.Excluded != "" && r.End != r.Plain {
			t.Fatalf("excluded term (%s) moved: %+v", r.Excluded, r)
		}
	})
}

func parseISO(t *testing.T, s string) Date {
	t.Helper()
	tm, err := time.Parse("2006-01-02", s)
	if err != nil {
		t.Fatal(err)
	}
	return DateOf(tm)
}
