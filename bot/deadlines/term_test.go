package deadlines

import (
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/noaber/noaber/knowledge/termijn"
	"github.com/noaber/noaber/units"
)

func TestTermCalculator(t *testing.T) {
	h := newHarness(t, wed, Config{})
	rs := h.say(ann, dm(ann), "termijn 16-3-2026 bezwaar")
	mustContain(t, text(rs), "bezwaartermijn", "6 weken", "dinsdag 17 maart 2026", "maandag 27 april 2026", "Koningsdag", "art. 1", "**Laatste dag: dinsdag 28 april 2026**")
	var refs []string
	for _, s := range rs[0].Sources {
		refs = append(refs, s.Ref)
	}
	if !slices.Contains(refs, "Awb art. 6:7") || !slices.Contains(refs, "Atw art. 1") {
		t.Errorf("sources %v", refs)
	}
	// The end lies in the past: the button would say so rather than save.
	ids := choiceIDs(rs)
	if len(ids) != 1 || ids[0] != "deadlines:term:2026-04-28:bezwaar:2026-03-16" {
		t.Fatalf("choices %v", ids)
	}
	mustContain(t, text(h.click(ann, dm(ann), ids[0])), "al voorbij")

	// Standstill: whether the Atw or Reg. 1182/71 applies is unverified,
	// but both move a Sunday end to Monday: one end, one button.
	rs = h.say(ann, dm(ann), "termijn 30-11-2026 + 20 dagen standstill")
	mustContain(t, text(rs), "zondag 20 december 2026", "maandag 21 december 2026", "niet geverifieerd", "1182/71")
	ids = choiceIDs(rs)
	if len(ids) != 1 {
		t.Fatalf("choices %v", ids)
	}
	rs = h.click(ann, dm(ann), ids[0])
	mustContain(t, text(rs), "Opgeslagen als deadline 1", "maandag 21 december 2026 23:59", "Einde opschortende termijn")
	if d := h.deadline(1); d == nil || !d.Moment.Equal(ams(2026, 12, 21, 23, 59)) {
		t.Errorf("deadline from term %+v", d)
	}

	// English, art. 2, and residents get no button.
	rs = h.say(bob, dm(bob), "term 2027-01-08 + 3 days")
	mustContain(t, text(rs), "Monday 11 January 2027", "Tuesday 12 January 2027", "Atw art. 2", "statutory")
	if len(choiceIDs(rs)) != 0 {
		t.Error("resident got a make-deadline button")
	}
	mustContain(t, text(h.click(bob, dm(bob), "deadlines:term:2027-01-12:-:2027-01-08")), "Only officials")

	for in, want := range map[string]string{
		"termijn":                    "Schrijf bijvoorbeeld",
		"termijn bezwaar":            "Van welke datum",
		"termijn gisteren + 0 dagen": "minstens 1 dag",
		"termijn 1-1-2026 + 6 jaren": "begrijp ik niet",
		"termijn blub + 6 weken":     "startdatum kan ik niet lezen",
	} {
		mustContain(t, text(h.say(ann, dm(ann), in)), want)
	}
}

func TestParseTermInput(t *testing.T) {
	now := wed
	for in, want := range map[string]string{
		"15-3-2026 + 6 weken":           "2026-03-15 6 weken",
		"15-3-2026 bezwaar":             "2026-03-15 6 weken bezwaar",
		"bezwaar 15-3-2026":             "2026-03-15 6 weken bezwaar",
		"2026-03-15 + 8 weeks decision": "2026-03-15 8 weken beslissing",
		"vandaag + 20 dagen standstill": "2026-11-25 20 dagen standstill",
		"31-1-2026 + 1 maand":           "2026-01-31 1 maand",
	} {
		in2, errID := parseTermInput(in, now)
		if errID != "" {
			t.Errorf("%q: %s", in, errID)
			continue
		}
		got := in2.start.String() + " " + in2.term.String()
		if in2.kind != nil {
			got += " " + in2.kind.ID
		}
		if got != want {
			t.Errorf("%q = %q, want %q", in, got, want)
		}
	}
}

func FuzzTermInput(f *testing.F) {
	for _, s := range []string{"15-3-2026 + 6 weken", "bezwaar 15-3-2026", "vandaag + 20 dagen standstill", "+", "1 + 1", "2026-02-29 + 1 mnd", "99999-1-1 + 1 d"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		in, errID := parseTermInput(s, wed)
		if errID != "" {
			if !Msgs.Has(errID) {
				t.Fatalf("unknown message id %q", errID)
			}
			return
		}
		if in.term.N == 0 || in.term.Days() > termijn.MaxDays || in.start.Year < 1950 {
			t.Fatalf("%q gave %+v", s, in)
		}
		r := termijn.Compute(in.start, in.term)
		if r.Excluded != "" && r.End != r.Plain {
			t.Fatalf("%q: excluded term moved: %+v", s, r)
		}
		if r.Excluded == "" && (!termijn.IsWorkingDay(r.End) || r.End.Before(r.Plain)) {
			t.Fatalf("%q: %+v", s, r)
		}
	})
}

func TestParseCommand(t *testing.T) {
	tests := []struct {
		in   string
		verb verb
		id   uint64
		arg  string
	}{
		{"deadlines", verbList, 0, ""},
		{"Deadline 12", verbShow, 12, ""},
		{"deadline #7", verbShow, 7, ""},
		{"deadline nieuw vrijdag | Stuk", verbNew, 0, "vrijdag | Stuk"},
		{"deadline new Friday | Grant", verbNew, 0, "Friday | Grant"},
		{"deadline wijzig 12 | 19 december", verbEdit, 12, "19 december"},
		{"deadline edit 3 | title X", verbEdit, 3, "title X"},
		{"deadline annuleer 4", verbCancel, 4, ""},
		{"volg 5", verbFollow, 5, ""},
		{"volg deadline 5", verbFollow, 5, ""},
		{"unfollow 6", verbUnfollow, 6, ""},
		{"mijn deadlines", verbMine, 0, ""},
		{"My calendar", verbCalendar, 0, ""},
		{"digest aan", verbDigest, 0, ""},
		{"termijn 1-2-2026 + 6 weken", verbTerm, 0, "1-2-2026 + 6 weken"},
		{"term 2026-02-01 objection", verbTerm, 0, "2026-02-01 objection"},
	}
	for _, tt := range tests {
		c, ok := parseCommand(tt.in)
		if !ok || c.verb != tt.verb || c.id != tt.id || c.arg != tt.arg {
			t.Errorf("parseCommand(%q) = %+v %v", tt.in, c, ok)
		}
	}
}

func TestParseSpec(t *testing.T) {
	sp := parseSpec("12 december 17:00 | Subsidieronde | herinner 14d, 3d | link https://x.nl | info Zie mail | voor ambtenaren", false)
	if sp.when != "12 december 17:00" || sp.title != "Subsidieronde" || sp.offsets != "14d, 3d" || !sp.hasOffsets ||
		sp.link != "https://x.nl" || sp.info != "Zie mail" || !sp.officials || sp.extra != "" {
		t.Errorf("%+v", sp)
	}
	sp = parseSpec("morgen | Titel | remind: 1d | extra", false)
	if sp.offsets != "1d" || sp.extra != "extra" {
		t.Errorf("%+v", sp)
	}
	sp = parseSpec("titel Nieuwe titel | 19 december", true)
	if sp.title != "Nieuwe titel" || sp.when != "19 december" {
		t.Errorf("edit %+v", sp)
	}
}

func FuzzNewLine(f *testing.F) {
	for _, s := range []string{
		"deadline nieuw 12 december 17:00 | Subsidieronde | herinner 14d, 3d, 1d, 2u",
		"deadline new in 30 seconds | Test | remind 10s",
		"deadline nieuw over 40 seconden | Test | herinner 30s",
		"deadline nieuw | | |", "deadline nieuw 3/4 | x | link https://a.nl", "deadline wijzig 1 | titel x | herinner 1w",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		c, ok := parseCommand(s)
		if !ok {
			return
		}
		sp := parseSpec(c.arg, c.verb == verbEdit)
		for _, part := range []string{sp.when, sp.title, sp.offsets, sp.link, sp.info} {
			if strings.Contains(part, "|") {
				t.Fatalf("%q: part %q keeps a separator", s, part)
			}
		}
		if title := cleanText(sp.title, maxTitle); len([]rune(title)) > maxTitle || strings.ContainsAny(title, "|\n") {
			t.Fatalf("title %q", title)
		}
		if sp.hasOffsets {
			if offs, msg := parseOffsets(sp.offsets, "nl"); msg == "" {
				for _, o := range offs {
					if o <= 0 || o > 366*24*time.Hour {
						t.Fatalf("offset %v", o)
					}
				}
			}
		}
	})
}

func TestConfigValidate(t *testing.T) {
	for cfg, want := range map[*Config]string{
		{DefaultOffsets: []string{"soms"}}: "deadlines.default_offsets:",
		{DateOnlyTime: "25:00"}:            "deadlines.date_only_time:",
		{DigestTime: "8.30"}:               "deadlines.digest_time:",
		{DigestDays: -1}:                   "deadlines.digest_days:",
		{DigestDays: 400}:                  "deadlines.digest_days:",
		{Retention: units.Duration{Duration: -24 * time.Hour}}: "deadlines.retention:",
		{Retention: units.Duration{Duration: 23 * time.Hour}}:  "deadlines.retention:",
	} {
		err := cfg.Validate()
		if err == nil || !strings.HasPrefix(err.Error(), want) {
			t.Errorf("%+v: %v, want prefix %q", *cfg, err, want)
		}
	}
	if err := (Config{}).Validate(); err != nil {
		t.Errorf("zero config: %v", err)
	}
	s, _ := Config{}.resolve()
	if len(s.offsets) != 4 || s.dateH != 23 || s.dateM != 59 || s.maxLateness != 24*time.Hour || s.digestH != 8 || s.digestM != 30 || s.digestDays != 14 || s.retention != 365*24*time.Hour {
		t.Errorf("defaults %+v", s)
	}
	if s, err := (Config{Retention: units.Duration{Duration: 24 * time.Hour}}).resolve(); err != nil || s.retention != 24*time.Hour {
		t.Errorf("retention of one day: %v, %v", s.retention, err)
	}
}
