// Package calendartest checks iCalendar data the way a calendar app would
// read it: line by line against RFC 5545, then with an independent parser
// (github.com/emersion/go-ical, not the library that wrote it). Tests only;
// never linked into the binary.
package calendartest

import (
	"bytes"
	"fmt"
	"strconv"
	"strings"
	"testing"
	"time"

	ical "github.com/emersion/go-ical"
)

// Event is one VEVENT as the independent parser read it.
type Event struct {
	UID      string
	Summary  string
	Status   string
	Sequence int
	Start    time.Time
	AllDay   bool
	Alarms   []string // TRIGGER values
}

// Validate fails t unless data is a valid iCalendar stream, and returns
// its events by UID.
func Validate(t testing.TB, data []byte) map[string]Event {
	t.Helper()
	for _, p := range Problems(data) {
		t.Error(p)
	}
	evs, err := Parse(data)
	if err != nil {
		t.Fatalf("independent parser: %v\n%s", err, data)
	}
	return evs
}

// Problems lists the ways data breaks RFC 5545's syntax rules that calendar
// apps trip over: line endings, line length, folding, required properties,
// time zones.
func Problems(data []byte) []string {
	var out []string
	if !bytes.HasSuffix(data, []byte("\r\n")) {
		out = append(out, "the last line does not end with CRLF")
	}
	if n := bytes.Count(data, []byte("\n")); n != bytes.Count(data, []byte("\r\n")) {
		out = append(out, fmt.Sprintf("%d of %d line breaks are not CRLF (RFC 5545 3.1)", n-bytes.Count(data, []byte("\r\n")), n))
	}
	lines := strings.Split(strings.TrimSuffix(string(data), "\r\n"), "\r\n")
	var unfolded []string
	for i, l := range lines {
		if len(l) > 75 {
			out = append(out, fmt.Sprintf("line %d is %d octets, more than 75 (RFC 5545 3.1)", i+1, len(l)))
		}
		if strings.HasPrefix(l, " ") || strings.HasPrefix(l, "\t") {
			if len(unfolded) == 0 {
				out = append(out, "the first line is a continuation")
				continue
			}
			unfolded[len(unfolded)-1] += l[1:]
			continue
		}
		unfolded = append(unfolded, l)
	}
	tzids := map[string]bool{}
	usedTZ := map[string]bool{}
	var stack []string
	props := map[string]int{}
	for _, l := range unfolded {
		name, value, ok := strings.Cut(l, ":")
		if !ok {
			out = append(out, fmt.Sprintf("content line without a colon: %q", l))
			continue
		}
		prop, params, _ := strings.Cut(name, ";")
		for _, p := range strings.Split(params, ";") {
			if v, ok := strings.CutPrefix(p, "TZID="); ok {
				usedTZ[v] = true
			}
		}
		switch prop {
		case "BEGIN":
			stack = append(stack, value)
			if value == "VEVENT" || value == "VCALENDAR" {
				props = map[string]int{}
			}
			continue
		case "END":
			if len(stack) == 0 || stack[len(stack)-1] != value {
				out = append(out, fmt.Sprintf("END:%s does not close %v", value, stack))
				continue
			}
			stack = stack[:len(stack)-1]
			if value == "VEVENT" {
				for _, req := range []string{"UID", "DTSTAMP", "DTSTART"} {
					if props[req] != 1 {
						out = append(out, fmt.Sprintf("a VEVENT has %d %s (RFC 5545 3.6.1 wants exactly one)", props[req], req))
					}
				}
				if props["DTEND"] > 0 && props["DURATION"] > 0 {
					out = append(out, "a VEVENT has both DTEND and DURATION")
				}
			}
			continue
		}
		if len(stack) > 0 && stack[len(stack)-1] == "VTIMEZONE" && prop == "TZID" {
			tzids[value] = true
		}
		if len(stack) > 0 && stack[len(stack)-1] == "VEVENT" {
			props[prop]++
			switch prop {
			case "DTSTART", "DTEND", "DTSTAMP", "LAST-MODIFIED":
				isDate := strings.Contains(params, "VALUE=DATE") && !strings.Contains(params, "VALUE=DATE-TIME")
				if !isDate && !strings.Contains(params, "TZID=") && !strings.HasSuffix(value, "Z") {
					out = append(out, fmt.Sprintf("%s %q is floating: neither UTC nor with a TZID", prop, value))
				}
			case "SEQUENCE":
				if n, err := strconv.Atoi(value); err != nil || n < 0 {
					out = append(out, fmt.Sprintf("SEQUENCE %q is not a non-negative integer", value))
				}
			}
		}
	}
	if len(stack) != 0 {
		out = append(out, fmt.Sprintf("components left open: %v", stack))
	}
	for tz := range usedTZ {
		if !tzids[tz] {
			out = append(out, fmt.Sprintf("TZID=%s is used without a VTIMEZONE (RFC 5545 3.2.19)", tz))
		}
	}
	return out
}

// Parse reads data with the independent parser.
func Parse(data []byte) (map[string]Event, error) {
	cal, err := ical.NewDecoder(bytes.NewReader(data)).Decode()
	if err != nil {
		return nil, err
	}
	if v := cal.Props.Get(ical.PropVersion); v == nil || v.Value != "2.0" {
		return nil, fmt.Errorf("VERSION is not 2.0")
	}
	if cal.Props.Get(ical.PropProductID) == nil {
		return nil, fmt.Errorf("no PRODID")
	}
	out := map[string]Event{}
	for _, ev := range cal.Events() {
		uid, err := ev.Props.Text(ical.PropUID)
		if err != nil || uid == "" {
			return nil, fmt.Errorf("event without UID: %v", err)
		}
		if _, dup := out[uid]; dup {
			return nil, fmt.Errorf("UID %s twice in one stream", uid)
		}
		e := Event{UID: uid}
		e.Summary, _ = ev.Props.Text(ical.PropSummary)
		e.Status, _ = ev.Props.Text(ical.PropStatus)
		if p := ev.Props.Get(ical.PropSequence); p != nil {
			if e.Sequence, err = p.Int(); err != nil {
				return nil, fmt.Errorf("%s: SEQUENCE: %v", uid, err)
			}
		}
		if e.Start, err = ev.DateTimeStart(time.UTC); err != nil {
			return nil, fmt.Errorf("%s: DTSTART: %v", uid, err)
		}
		if p := ev.Props.Get(ical.PropDateTimeStart); p != nil {
			e.AllDay = p.ValueType() == ical.ValueDate
		}
		if _, err := ev.DateTimeEnd(time.UTC); err != nil {
			return nil, fmt.Errorf("%s: DTEND: %v", uid, err)
		}
		if _, err := ev.Props.DateTime(ical.PropDateTimeStamp, time.UTC); err != nil {
			return nil, fmt.Errorf("%s: DTSTAMP: %v", uid, err)
		}
		for _, c := range ev.Children {
			if c.Name != ical.CompAlarm {
				continue
			}
			tr := c.Props.Get(ical.PropTrigger)
			if tr == nil {
				return nil, fmt.Errorf("%s: VALARM without TRIGGER", uid)
			}
			if _, err := tr.Duration(); err != nil {
				return nil, fmt.Errorf("%s: TRIGGER %q: %v", uid, tr.Value, err)
			}
			e.Alarms = append(e.Alarms, tr.Value)
		}
		out[uid] = e
	}
	return out, nil
}
