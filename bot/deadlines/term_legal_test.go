package deadlines

import (
	"slices"
	"strings"
	"testing"

	"github.com/noaber/noaber/bot"
	"github.com/noaber/noaber/knowledge/legalcheck"
)

// The term calculator's answers for each article of the Algemene
// termijnenwet, the Royal Decree days, start dates without a year and the
// standstill period. The clock is Wednesday 25 November 2026.
func TestTermCalculatorAtw(t *testing.T) {
	h := newHarness(t, wed, Config{})
	refs := func(rs []bot.Reply) []string {
		var out []string
		for _, s := range rs[0].Sources {
			out = append(out, s.Ref)
		}
		return out
	}
	mustNot := func(t *testing.T, got string, bad ...string) {
		t.Helper()
		for _, b := range bad {
			if strings.Contains(got, b) {
				t.Errorf("%q in\n%s", b, got)
			}
		}
	}

	// No year: the most recent past 16 March (a decision already made),
	// not 16 March 2027. 16-3-2026 + 6 weeks = Monday 27 April
	// (Koningsdag) → Tuesday 28 April.
	rs := h.say(ann, dm(ann), "termijn 16 maart bezwaar")
	mustContain(t, text(rs), "maandag 16 maart 2026", "**Laatste dag: dinsdag 28 april 2026**")
	// 1 December has not come yet this year: 1 December 2025.
	mustContain(t, text(h.say(ann, dm(ann), "termijn 1 december bezwaar")), "maandag 1 december 2025")
	// Today counts as past; an explicit year and relative words stay.
	mustContain(t, text(h.say(ann, dm(ann), "termijn 25 november bezwaar")), "woensdag 25 november 2026")
	mustContain(t, text(h.say(ann, dm(ann), "termijn 1-12-2026 bezwaar")), "dinsdag 1 december 2026")
	mustContain(t, text(h.say(ann, dm(ann), "termijn morgen + 3 dagen")), "donderdag 26 november 2026")

	// Ascension 2026: 2-4-2026 + 6 weeks = Thursday 14 May; Friday 15 May
	// is equated by Royal Decree; weekend → Monday 18 May.
	rs = h.say(ann, dm(ann), "termijn 2-4-2026 bezwaar")
	mustContain(t, text(rs), "Hemelvaartsdag", "vrijdag 15 mei 2026", "koninklijk besluit", "art. 3 lid 3",
		"**Laatste dag: maandag 18 mei 2026**", "Staatsblad")
	mustNot(t, text(rs), "Laatste dag: vrijdag 15 mei")
	// The same in English, the decree named in English words.
	rs = h.say(bob, dm(bob), "term 2026-04-03 objection")
	mustContain(t, text(rs), "Friday 15 May 2026", "Royal Decree", "**Last day: Monday 18 May 2026**", "comes from the decree \"Besluit gelijkstelling", "Staatsblad")
	// A day of the previous decree: 18-4-2025 + 6 weeks = Friday 30 May
	// 2025 (decree), weekend → Monday 2 June.
	rs = h.say(bob, dm(bob), "term 2025-04-18 objection")
	mustContain(t, text(rs), "**Last day: Monday 2 June 2025**", "the previous decree (2023–2025)")

	// Past the last known decree (2028): said so.
	rs = h.say(ann, dm(ann), "termijn 1-4-2029 bezwaar")
	mustContain(t, text(rs), "31 december 2028", "koninklijk besluit")
	rs = h.say(bob, dm(bob), "term 2029-04-01 objection")
	mustContain(t, text(rs), "31 December 2028", "Royal Decree")

	// Art. 4: 27-3-2026 + 6 months = Sunday 27 September, not extended.
	rs = h.say(ann, dm(ann), "termijn 27-3-2026 + 6 maanden")
	mustContain(t, text(rs), "art. 4", "**Laatste dag: zondag 27 september 2026**")
	mustNot(t, text(rs), "maandag 28 september")
	if r := refs(rs); !slices.Contains(r, "Atw art. 4") || slices.Contains(r, "Atw art. 2") {
		t.Errorf("sources %v", r)
	}
	if ids := choiceIDs(rs); len(ids) != 1 || !strings.Contains(ids[0], "2026-09-27") {
		t.Errorf("choices %v", ids)
	}
	// 5-1-2026 + 13 weeks = Monday 6 April (Easter Monday), not extended.
	rs = h.say(ann, dm(ann), "termijn 5-1-2026 + 13 weken")
	mustContain(t, text(rs), "art. 4", "**Laatste dag: maandag 6 april 2026**")
	// 12 weeks is still extended: 12-1-2026 + 12 weeks = 6 April → 7 April.
	mustContain(t, text(h.say(ann, dm(ann), "termijn 12-1-2026 + 12 weken")), "dinsdag 7 april 2026")
	// Hours: art. 4, not computed.
	mustContain(t, text(h.say(ann, dm(ann), "termijn 1-6-2026 + 48 uur")), "art. 4", "uren")
	mustContain(t, text(h.say(bob, dm(bob), "term 2026-06-01 + 24 hours")), "art. 4", "hours")

	// Art. 1 lid 2: 1-6-2026 − 9 days = Saturday 23 May, not moved.
	rs = h.say(ann, dm(ann), "termijn 9 dagen vóór 1-6-2026")
	mustContain(t, text(rs), "9 dagen vóór maandag 1 juni 2026 is zaterdag 23 mei 2026", "art. 1 lid 2")
	mustNot(t, text(rs), "-9", "art. 4", "maandag 25 mei", "dinsdag 26 mei")
	if len(choiceIDs(rs)) != 0 {
		t.Errorf("backward term offers a deadline button: %v", choiceIDs(rs))
	}

	// Standstill: never a Sunday end date, under either regime.
	for _, in := range []string{"termijn 5-1-2026 standstill", "term 2026-01-05 + 20 days standstill"} {
		rs = h.say(ann, dm(ann), in)
		mustContain(t, text(rs), "1182/71")
		mustNot(t, text(rs), "Laatste dag: zondag", "Last day: Sunday", "Zonder de Algemene termijnenwet", "Without the General")
		if ids := choiceIDs(rs); len(ids) != 1 || !strings.Contains(ids[0], "2026-01-26") {
			t.Errorf("%s: choices %v", in, ids)
		}
	}
}

// Every message of the deadlines and term calculator holds to the
// corrected legal facts: backward terms under Atw art. 1 lid 2, art. 4 with
// its limits, Royal Decree days counted, no Sunday end for the standstill.
func TestMessagesHoldToCorrectedFacts(t *testing.T) {
	ids := Msgs.IDs()
	for _, id := range ids {
		for _, l := range []bot.Lang{bot.NL, bot.EN} {
			for _, p := range legalcheck.TextProblems(Msgs.T(l, id)) {
				t.Errorf("message %s (%s): %s", id, l, p)
			}
		}
	}
	if len(ids) < 50 {
		t.Fatalf("only %d messages", len(ids))
	}
}
