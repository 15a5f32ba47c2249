package when

import (
	"os"
	"strings"
	"testing"
	"time"

	"github.com/noaber/noaber/bot/clock"
	"github.com/noaber/noaber/i18n"
)

var now = time.Date(2026, 11, 25, 10, 0, 0, 0, clock.Amsterdam) // a Wednesday

func TestParse(t *testing.T) {
	ams := func(y int, m time.Month, d, h, mi, s int) time.Time {
		return time.Date(y, m, d, h, mi, s, 0, clock.Amsterdam)
	}
	tests := []struct {
		in       string
		want     time.Time
		dateOnly bool
	}{
		{"12 december 17:00", ams(2026, 12, 12, 17, 0, 0), false},
		{"vrijdag", ams(2026, 11, 27, 0, 0, 0), true},
		{"Friday", ams(2026, 11, 27, 0, 0, 0), true},
		{"over 2 weken", ams(2026, 12, 9, 0, 0, 0), true},
		{"over 40 seconden", ams(2026, 11, 25, 10, 0, 40), false},
		{"in 30 seconds", ams(2026, 11, 25, 10, 0, 30), false},
		{"15-3-2026", ams(2026, 3, 15, 0, 0, 0), true},
		{"15-03-2026 9:30", ams(2026, 3, 15, 9, 30, 0), false},
		{"2026-03-15", ams(2026, 3, 15, 0, 0, 0), true},
		{"2026-12-01T14:05", ams(2026, 12, 1, 14, 5, 0), false},
		{"morgen 14:00", ams(2026, 11, 26, 14, 0, 0), false},
		{"1 januari 2027 9:30", ams(2027, 1, 1, 9, 30, 0), false},
		{"volgende week dinsdag", ams(2026, 12, 1, 0, 0, 0), true},
		{"next friday 10am", ams(2026, 11, 27, 10, 0, 0), false},
		{"december 12 at 5pm", ams(2026, 12, 12, 17, 0, 0), false},
		{"December 12, 2027", ams(2027, 12, 12, 0, 0, 0), true},
		{"vrijdag 17:00", ams(2026, 11, 27, 17, 0, 0), false},
		{"vrijdag om 17.00 uur", ams(2026, 11, 27, 17, 0, 0), false},
		{"woensdag", ams(2026, 12, 2, 0, 0, 0), true}, // said on a Wednesday: next week's
		{"over een week", ams(2026, 12, 2, 0, 0, 0), true},
		{"in 2 hours", ams(2026, 11, 25, 12, 0, 0), false},
		{"over 3 maanden", ams(2027, 2, 25, 0, 0, 0), true},
		{"morgen om 9.30", ams(2026, 11, 26, 9, 30, 0), false},
		{"12 dec 2026 17u", ams(2026, 12, 12, 17, 0, 0), false},
		{"1 maart", ams(2027, 3, 1, 0, 0, 0), true}, // already past this year: next year's
		{"17:00", ams(2026, 11, 25, 17, 0, 0), false},
		{"9:00", ams(2026, 11, 26, 9, 0, 0), false}, // passed today: tomorrow
		{"vandaag", ams(2026, 11, 25, 0, 0, 0), true},
		{"gisteren 10:00", ams(2026, 11, 24, 10, 0, 0), false},
		{"Overmorgen 14:00", ams(2026, 11, 27, 14, 0, 0), false},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			m, err := Parse(tt.in, now)
			if err != nil {
				t.Fatalf("Parse: %v", err)
			}
			if !m.Time.Equal(tt.want) || m.DateOnly != tt.dateOnly {
				t.Errorf("got %v dateOnly=%v, want %v dateOnly=%v", m.Time, m.DateOnly, tt.want, tt.dateOnly)
			}
		})
	}
}

func TestParseRejects(t *testing.T) {
	for _, in := range []string{"", "   ", "blah", "31-2-2026", "2026-13-01", "32-1-2026 10:00",
		"in 2 uur vrijdag", "blah vrijdag", "31 februari 2027", "vrijdag donderdag", "25:00", "13pm", "2 weken", "over -3 dagen", "over 0 dagen"} {
		if m, err := Parse(in, now); err == nil {
			t.Errorf("Parse(%q) = %v, want an error", in, m)
		}
	}
}

func TestAtDefaultsDateOnly(t *testing.T) {
	m, _ := Parse("15-3-2026", now)
	if got := m.At(23, 59); got.Hour() != 23 || got.Minute() != 59 || got.Day() != 15 {
		t.Errorf("At = %v", got)
	}
	// Across the spring DST change the wall clock is kept.
	m, _ = Parse("29-3-2026", now)
	if got := m.At(23, 59); got.Format("15:04 MST") != "23:59 CEST" {
		t.Errorf("At on DST day = %v", got)
	}
}

func TestOffsets(t *testing.T) {
	got, err := ParseOffsets("14d, 3d, 1d, 2u")
	if err != nil {
		t.Fatal(err)
	}
	want := []time.Duration{14 * 24 * time.Hour, 3 * 24 * time.Hour, 24 * time.Hour, 2 * time.Hour}
	if len(got) != len(want) {
		t.Fatalf("got %v", got)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("offset %d = %v, want %v", i, got[i], want[i])
		}
	}
	for in, want := range map[string]time.Duration{"30s": 30 * time.Second, "1 week": 7 * 24 * time.Hour, "90 minutes": 90 * time.Minute, "1 dag 2 uur": 26 * time.Hour} {
		if got, err := ParseDuration(in); err != nil || got != want {
			t.Errorf("ParseDuration(%q) = %v, %v", in, got, err)
		}
	}
	for _, in := range []string{"", "x", "0d", "3 maanden", "-1d", "500ms", "1.5s"} {
		if _, err := ParseOffsets(in); err == nil {
			t.Errorf("ParseOffsets(%q) accepted", in)
		}
	}
}

func TestFormat(t *testing.T) {
	tm := time.Date(2026, 12, 12, 17, 0, 0, 0, clock.Amsterdam)
	if got := Format(tm, i18n.NL); got != "zaterdag 12 december 2026 17:00" {
		t.Errorf("nl: %q", got)
	}
	if got := Format(tm, i18n.EN); got != "Saturday 12 December 2026 17:00" {
		t.Errorf("en: %q", got)
	}
	if got := FormatDuration(14*24*time.Hour, i18n.NL); got != "2 weken" {
		t.Errorf("duration: %q", got)
	}
	if got := FormatDuration(2*time.Hour, i18n.EN); got != "2 hours" {
		t.Errorf("duration: %q", got)
	}
}

func FuzzParse(f *testing.F) {
	for _, s := range []string{"12 december 17:00", "vrijdag", "over 2 weken", "15-3-2026", "2026-03-15T10:00", "in 30 seconds", "31-2-2026", "99999-1-1",
		"eind januari", "over 3 werkdagen", "vr 18 dec 17:00", "18th of December at 5 pm", "om 8 uur 's avonds", "31/12 17:00"} {
		f.Add(s)
	}
	if data, err := os.ReadFile("testdata/phrasings.txt"); err == nil {
		for _, line := range strings.Split(string(data), "\n") {
			if in, _, ok := strings.Cut(line, "=>"); ok && !strings.HasPrefix(line, "#") {
				f.Add(strings.TrimSpace(in))
			}
		}
	}
	f.Fuzz(func(t *testing.T, s string) {
		m, err := Parse(s, now)
		if err != nil {
			return
		}
		if m.Time.IsZero() || m.Time.Year() < 1900 {
			t.Fatalf("Parse(%q) = %v without error", s, m.Time)
		}
		if m.DateOnly && (m.Time.Hour() != 0 || m.Time.Minute() != 0) {
			t.Errorf("Parse(%q): date-only moment %v is not at midnight", s, m.Time)
		}
		// What the bot writes back must read as the same moment, in both
		// languages, so a user can copy it.
		if m.Time.Year() > 2200 || m.Time.Second() != 0 {
			return
		}
		for _, l := range []i18n.Lang{i18n.NL, i18n.EN} {
			out := Format(m.Time, l)
			if m.DateOnly {
				out = FormatDate(m.Time, l)
			}
			back, err := Parse(out, now)
			if err != nil || !back.Time.Equal(m.Time) || back.DateOnly != m.DateOnly {
				t.Errorf("Parse(%q) = %v, but its text %q reads as %v, %v", s, m.Time, out, back.Time, err)
			}
		}
	})
}

func FuzzParseOffsets(f *testing.F) {
	for _, s := range []string{"14d, 3d, 1d, 2u", "30s", "1 week", "2 en 3"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		ds, err := ParseOffsets(s)
		if err == nil {
			for _, d := range ds {
				if d <= 0 {
					t.Errorf("ParseOffsets(%q) gave %v", s, d)
				}
			}
		}
	})
}

// TestFormatDurationPlural: the words follow the CLDR plural form of the
// count in both languages, for 0, 1 and 2 units; the catalog is complete.
func TestFormatDurationPlural(t *testing.T) {
	if err := Msgs.Check(); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		d    time.Duration
		lang i18n.Lang
		want string
	}{
		{24 * time.Hour, i18n.NL, "1 dag"}, {48 * time.Hour, i18n.NL, "2 dagen"}, {7 * 24 * time.Hour, i18n.NL, "1 week"},
		{time.Hour, i18n.NL, "1 uur"}, {2 * time.Hour, i18n.NL, "2 uur"}, {time.Second, i18n.NL, "1 seconde"},
		{24 * time.Hour, i18n.EN, "1 day"}, {2 * time.Minute, i18n.EN, "2 minutes"}, {time.Hour, i18n.EN, "1 hour"},
		{0, i18n.NL, "0s"},
	} {
		if got := FormatDuration(tc.d, tc.lang); got != tc.want {
			t.Errorf("FormatDuration(%v, %s) = %q, want %q", tc.d, tc.lang, got, tc.want)
		}
	}
}
