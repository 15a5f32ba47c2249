package calendar_test

import (
	"strings"
	"testing"
	"time"

	"github.com/noaber/noaber/bot/calendar"
	"github.com/noaber/noaber/bot/calendar/calendartest"
	"github.com/noaber/noaber/bot/clock"
	"github.com/noaber/noaber/bot/store/storetest"
)

// Every kind of entry we write passes RFC 5545's syntax checks and reads
// back, with the same meaning, in an independent parser.
func TestICSMeetsRFC5545(t *testing.T) {
	start := time.Date(2026, 12, 18, 17, 0, 0, 0, clock.Amsterdam)
	long := strings.Repeat("Subsidieronde maatschappelijk aanbesteden — wijkteam Noord-Oost ", 4)
	data := calendar.ICS("Noaber — agenda",
		calendar.Entry{UID: "deadline-1-abc@noaber", Title: long, Description: "Regel 1\nRegel 2; met, tekens", Start: start,
			Updated: start.Add(-time.Hour), Sequence: 3, Alarms: []time.Duration{24 * time.Hour, 90 * time.Minute}, URL: "https://example.nl/x?a=1&b=2"},
		calendar.Entry{UID: "deadline-2-abc@noaber", Title: "Hele dag", Start: start, AllDay: true, Alarms: []time.Duration{15 * time.Hour, -9 * time.Hour}},
		calendar.Entry{UID: "event-1-abc@noaber", Title: "Afgelast", Start: start, End: start.Add(2 * time.Hour), Cancelled: true, Location: "Buurthuis, zaal 2"},
	)
	evs := calendartest.Validate(t, data)
	if len(evs) != 3 {
		t.Fatalf("%d events", len(evs))
	}
	d1 := evs["deadline-1-abc@noaber"]
	if d1.Summary != strings.TrimSpace(long) && d1.Summary != long {
		t.Errorf("folded summary came back as %q", d1.Summary)
	}
	if !d1.Start.Equal(start) || d1.Sequence != 3 || d1.Status != "CONFIRMED" || strings.Join(d1.Alarms, ",") != "-P1D,-PT1H30M" {
		t.Errorf("deadline 1: %+v", d1)
	}
	d2 := evs["deadline-2-abc@noaber"]
	if !d2.AllDay || d2.Start.Format("2006-01-02") != "2026-12-18" || strings.Join(d2.Alarms, ",") != "-PT15H,PT9H" {
		t.Errorf("all-day deadline: %+v", d2)
	}
	if e := evs["event-1-abc@noaber"]; e.Status != "CANCELLED" {
		t.Errorf("cancelled event: %+v", e)
	}
	if !strings.Contains(string(data), "DTSTART:20261218T160000Z\r\n") {
		t.Errorf("times are not UTC:\n%s", data)
	}
}

// The checker itself catches what calendar apps trip over, so a passing
// check means something.
func TestProblemsFindsBrokenFiles(t *testing.T) {
	good := "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:x\r\nBEGIN:VEVENT\r\nUID:a\r\nDTSTAMP:20261201T000000Z\r\nDTSTART:20261201T000000Z\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n"
	if p := calendartest.Problems([]byte(good)); len(p) != 0 {
		t.Fatalf("good file: %v", p)
	}
	for name, bad := range map[string]string{
		"LF line endings":        strings.ReplaceAll(good, "\r\n", "\n"),
		"long line":              strings.Replace(good, "UID:a", "UID:"+strings.Repeat("a", 80), 1),
		"no UID":                 strings.Replace(good, "UID:a\r\n", "", 1),
		"floating time":          strings.Replace(good, "DTSTART:20261201T000000Z", "DTSTART:20261201T000000", 1),
		"TZID without VTIMEZONE": strings.Replace(good, "DTSTART:20261201T000000Z", "DTSTART;TZID=Europe/Amsterdam:20261201T000000", 1),
		"bad SEQUENCE":           strings.Replace(good, "UID:a", "UID:a\r\nSEQUENCE:-1", 1),
		"unclosed":               strings.Replace(good, "END:VEVENT\r\n", "", 1),
	} {
		if p := calendartest.Problems([]byte(bad)); len(p) == 0 {
			t.Errorf("%s: not caught", name)
		}
	}
}

// UIDs carry a random namespace per database: two installations never
// collide, and one database keeps its namespace.
func TestUIDNamespacePerDatabase(t *testing.T) {
	a, b := storetest.Open(t), storetest.Open(t)
	nsA, nsB := calendar.Namespace(a), calendar.Namespace(b)
	if len(nsA) < 16 || nsA == nsB {
		t.Fatalf("namespaces %q and %q", nsA, nsB)
	}
	if again := calendar.Namespace(a); again != nsA {
		t.Errorf("namespace changed: %q then %q", nsA, again)
	}
	if uid := calendar.UID("deadline", 1, nsA); uid != "deadline-1-"+nsA+"@noaber" || uid == calendar.UID("deadline", 1, nsB) {
		t.Errorf("uid %q", uid)
	}
}
