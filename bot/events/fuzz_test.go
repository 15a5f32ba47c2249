package events

import (
	"strings"
	"testing"
	"unicode/utf8"
)

func FuzzParseNewLine(f *testing.F) {
	for _, s := range []string{
		"12 december 19:30 | Netwerkavond | max 40 | locatie Buurthuis | tot 10 december | vraag Namens wie?",
		"2026-12-14 14:00 | Market | location https://x | end 17:00",
		"morgen 10:00 | A | duur 3u",
		"vrijdag 20:00 | B | max geen | eind 23:30 | beschrijving Hallo",
		"| |", "x | y | max -1", "12-12-2026 10:00 | t | tot 1-1-1900",
		"over 2 weken 9:00 | Titel | eind 31.12.2026 10:00",
	} {
		f.Add(s)
	}
	cfg := Config{}
	f.Fuzz(func(t *testing.T, line string) {
		fields, e := parseNewLine(line)
		if e != nil {
			if !Msgs.Has(e.id) {
				t.Fatalf("error id %q not in the catalog", e.id)
			}
			return
		}
		var ev Event
		if e := apply(&ev, fields, t0, cfg, true); e != nil {
			if !Msgs.Has(e.id) {
				t.Fatalf("error id %q not in the catalog", e.id)
			}
			return
		}
		switch {
		case ev.Title == "" || utf8.RuneCountInString(ev.Title) > maxTitle:
			t.Fatalf("title %q", ev.Title)
		case !ev.Start.After(t0):
			t.Fatalf("start %v not in the future", ev.Start)
		case !ev.End.After(ev.Start):
			t.Fatalf("end %v not after start %v", ev.End, ev.Start)
		case ev.Capacity < 0 || ev.Capacity > cfg.maxCapacity():
			t.Fatalf("capacity %d", ev.Capacity)
		case !ev.Deadline.IsZero() && (ev.Deadline.After(ev.Start) || !ev.Deadline.After(t0)):
			t.Fatalf("deadline %v for start %v", ev.Deadline, ev.Start)
		}
	})
}

func FuzzParseCommand(f *testing.F) {
	for _, s := range []string{
		"aanmelden 3", "afmelden #3", "rsvp 3 yes", "rsvp 3 misschien", "sign up 12", "sign up for 2",
		"evenement 3", "evenement 3 agenda", "evenement nieuw 12 dec | x", "event edit 3 | max 4",
		"evenement bericht 3 | hallo | daar", "mijn evenementen", "events", "antwoord 3 Stichting X",
		"events:rsvp:3:yes", "events:ics:4", "rsvp 99999999999999999999 yes", "evenement annuleer 0",
		"event|0", "evenement | x", // a pipe right after the word once indexed past the words
		"events:cancel:3", "events:keep:3", "events:uncancel:3", "events:rsvp:3:yes:anl", "events:rsvp:3:no:a", "events:rsvp:3:maybe:aen:x",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, text string) {
		check := func(c command, ok bool) {
			if !ok {
				return
			}
			switch c.verb {
			case vRSVP:
				if c.id == 0 || (c.choice != Yes && c.choice != No && c.choice != Maybe) {
					t.Fatalf("%q → %+v", text, c)
				}
				if c.announcement != "" && !c.announcement.Valid() {
					t.Fatalf("%q → announcement language %q", text, c.announcement)
				}
			case vShow, vICS, vCancel, vAnnounce, vAttendees, vAnswer, vCancelYes, vKeep, vUncancel:
				if c.id == 0 {
					t.Fatalf("%q → %+v without an event number", text, c)
				}
			case vEdit, vMessage:
				if c.id == 0 || strings.TrimSpace(c.rest) == "" {
					t.Fatalf("%q → %+v", text, c)
				}
			case vList, vMine, vNew, vUsage:
			default:
				t.Fatalf("%q → unknown verb %q", text, c.verb)
			}
		}
		c, ok := parseCommand(text)
		check(c, ok)
		c, ok = parseAction(text)
		check(c, ok)
		if ok && c.verb == vRSVP && !strings.HasPrefix(text, "events:rsvp:") {
			t.Fatalf("action %q parsed as rsvp", text)
		}
	})
}
