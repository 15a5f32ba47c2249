package deadlines

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"slices"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/noaber/noaber/bot"
	"github.com/noaber/noaber/bot/calendar"
	"github.com/noaber/noaber/bot/calendar/calendartest"
	"github.com/noaber/noaber/bot/outbox"
	"github.com/noaber/noaber/bot/store"
)

func TestReminderOnceOnTimeToWholeAudience(t *testing.T) {
	h := newHarness(t, wed, Config{})
	h.say(ann, chann, "deadline nieuw 12 december 17:00 | Ronde | herinner 1d, 2u | voor ambtenaren")
	h.say(bob, dm(bob), "volg 1")
	if got := h.tick(ams(2026, 12, 11, 16, 59)); len(got) != 0 {
		t.Fatalf("early: %+v", got)
	}
	got := h.tick(ams(2026, 12, 11, 17, 0))
	var to []string
	for _, s := range got {
		to = append(to, s.to.User+s.to.Conversation)
		mustContain(t, s.reply.Text, "Herinnering", "Ronde", "over 1 dag", "zaterdag 12 december 2026 17:00")
		if strings.Contains(s.reply.Text, "later dan gepland") {
			t.Error("on-time reminder says it is late")
		}
		if s.reply.Nonce == "" || !strings.HasPrefix(s.reply.Nonce, "reminder:1:1:86400:") {
			t.Errorf("nonce %q", s.reply.Nonce)
		}
	}
	sort.Strings(to)
	if want := []string{"test:ann", "test:bob", "test:carol", "test:chan"}; !slices.Equal(to, want) {
		t.Errorf("recipients %v, want %v", to, want)
	}
	if got := h.tick(ams(2026, 12, 11, 18, 0)); len(got) != 0 {
		t.Errorf("repeated: %+v", got)
	}
	if got := h.tick(ams(2026, 12, 12, 15, 0)); len(got) != 4 {
		t.Errorf("2h reminder: %d messages", len(got))
	}
}

// A job that runs twice (a crash after the outbox write but before the
// job's removal cannot happen — they commit together — but a handler may be
// retried) queues each message once: the key is stable.
func TestReminderKeyIsStable(t *testing.T) {
	h := newHarness(t, wed, Config{})
	h.say(ann, dm(ann), "deadline nieuw 12 december 17:00 | Ronde | herinner 1d")
	job := h.jobs("deadline:1:")[0]
	now := job.Due
	for range 2 {
		if err := h.db.Update(func(tx *store.Tx) error { return h.cap.fireReminder(context.Background(), tx, job, now) }); err != nil {
			t.Fatal(err)
		}
	}
	s, _ := outbox.Stats(h.db)
	if s.Pending != 1 {
		t.Errorf("%d pending, want 1", s.Pending)
	}
}

func TestLateAfterDowntimeSaysSo(t *testing.T) {
	h := newHarness(t, wed, Config{})
	h.say(ann, dm(ann), "deadline nieuw 12 december 17:00 | Ronde | herinner 1d")
	// The bot was down from before the reminder until two hours after it.
	got := h.tick(ams(2026, 12, 11, 19, 0))
	if len(got) != 1 {
		t.Fatalf("got %+v", got)
	}
	mustContain(t, got[0].reply.Text, "later dan gepland", "vrijdag 11 december 2026 17:00", "over 22 uur")
	if got := h.tick(ams(2026, 12, 11, 20, 0)); len(got) != 0 {
		t.Errorf("sent again: %+v", got)
	}
}

func TestLongDowntimeSummarisesPerRecipient(t *testing.T) {
	h := newHarness(t, wed, Config{})
	for i, day := range []int{1, 2, 3} {
		line := fmt.Sprintf("deadline nieuw %d december 2026 12:00 | Ronde %d | herinner 3d", day+5, i+1)
		mustContain(t, text(h.say(ann, chann, line)), "Opgeslagen")
	}
	h.say(bob, dm(bob), "volg 1")
	h.say(bob, dm(bob), "volg 3")
	// Reminders due 3, 4 and 5 December 12:00. Down until 5 December 13:00:
	// the first two are more than 24h late, the third one hour.
	got := h.tick(ams(2026, 12, 5, 13, 0))
	byTo := map[string][]string{}
	for _, s := range got {
		byTo[s.to.User+s.to.Conversation] = append(byTo[s.to.User+s.to.Conversation], s.reply.Text)
	}
	if len(byTo["test:chan"]) != 2 || len(byTo["test:bob"]) != 2 {
		t.Fatalf("messages %v", byTo)
	}
	chanText := strings.Join(byTo["test:chan"], "\n---\n")
	mustContain(t, chanText, "blijven liggen", "Ronde 1", "Ronde 2", "later dan gepland", "Ronde 3")
	bobText := strings.Join(byTo["test:bob"], "\n---\n")
	mustContain(t, bobText, "1 herinnering blijven liggen", "Ronde 1", "Ronde 3")
	if strings.Contains(bobText, "Ronde 2") {
		t.Error("bob got a reminder for a deadline he does not follow")
	}
	if got := h.tick(ams(2026, 12, 6, 13, 0)); len(got) != 0 {
		t.Errorf("again after: %+v", got)
	}
	var left int
	_ = h.db.View(func(tx *store.Tx) error { left = tx.Bucket(missedBucket).Len(); return nil })
	if left != 0 {
		t.Errorf("%d missed entries left", left)
	}
}

func TestSummaryFloodBecomesOneMessage(t *testing.T) {
	h := newHarness(t, wed, Config{})
	for i := range 40 {
		h.say(ann, dm(ann), fmt.Sprintf("deadline nieuw 10 december 2026 %02d:%02d | D%d | herinner 1d, 2d, 3d", 8+i/6, (i%6)*10, i))
	}
	got := h.tick(ams(2026, 12, 20, 9, 0))
	if len(got) != 1 {
		t.Fatalf("%d messages, want 1 summary", len(got))
	}
	mustContain(t, got[0].reply.Text, "120 herinneringen blijven liggen", "en meer")
	if n := strings.Count(got[0].reply.Text, "\n- "); n != maxSummaryLines {
		t.Errorf("%d lines", n)
	}
}

// Europe/Amsterdam skips 02:00–03:00 on 29 March 2026. Reminders around and
// in that hour arrive once, none lost.
func TestDSTSpring(t *testing.T) {
	h := newHarness(t, ams(2026, 3, 27, 12, 0), Config{})
	lines := []string{
		"deadline nieuw 29-3-2026 03:30 | A | herinner 30m, 1u, 2u, 90s", // 03:00 CEST, 01:30, 00:30 CET
		"deadline nieuw 30-3-2026 02:30 | B | herinner 1d",               // wall 29 March 02:30 does not exist
		"deadline nieuw 29-3-2026 02:30 | C | herinner 1u",               // itself in the gap: 03:30 CEST
	}
	for _, l := range lines {
		mustContain(t, text(h.say(ann, dm(ann), l)), "Opgeslagen")
	}
	if d := h.deadline(3); d.Moment.In(amsterdam()).Format("15:04 MST") != "03:30 CEST" {
		t.Errorf("moment in the gap = %v", d.Moment)
	}
	want := map[string]int{}
	for _, j := range h.jobs("deadline:") {
		want[j.ID] = 0
	}
	if len(want) != 6 {
		t.Fatalf("jobs %v", want)
	}
	deliveries := walk(t, h, ams(2026, 3, 28, 23, 0), ams(2026, 3, 30, 4, 0), time.Minute)
	if len(deliveries) != 6 {
		t.Errorf("%d deliveries, want 6: %v", len(deliveries), deliveries)
	}
	seen := map[string]bool{}
	for _, d := range deliveries {
		if seen[d] {
			t.Errorf("delivered twice: %s", d)
		}
		seen[d] = true
	}
}

// On 25 October 2026 the hour 02:00–03:00 happens twice. Reminders in both
// passes arrive once each.
func TestDSTAutumn(t *testing.T) {
	h := newHarness(t, ams(2026, 10, 23, 12, 0), Config{})
	mustContain(t, text(h.say(ann, dm(ann), "deadline nieuw 25-10-2026 03:30 | A | herinner 1u, 2u")), "Opgeslagen")
	mustContain(t, text(h.say(ann, dm(ann), "deadline nieuw 26-10-2026 02:30 | B | herinner 1d")), "Opgeslagen")
	jobs := h.jobs("deadline:1:")
	// 03:30 CET is 02:30 UTC: one hour before is 02:30 CET, two hours 02:30 CEST.
	if len(jobs) != 2 || jobs[0].Due.Sub(jobs[1].Due) != -time.Hour || jobs[0].Due.UTC().Format("15:04") != "00:30" {
		t.Fatalf("jobs %+v", jobs)
	}
	// Pin Go's choice for the repeated wall time: the second pass (CET).
	if b := h.jobs("deadline:2:"); len(b) != 1 || b[0].Due.In(amsterdam()).Format("15:04 MST") != "02:30 CET" {
		t.Fatalf("B jobs %+v", b)
	}
	deliveries := walk(t, h, ams(2026, 10, 24, 23, 0), ams(2026, 10, 25, 5, 0), time.Minute)
	if len(deliveries) != 3 {
		t.Errorf("%d deliveries, want 3: %v", len(deliveries), deliveries)
	}
}

// walk ticks the clock from a to b in steps, checking each message comes
// within one step of its due time, and returns the delivered keys.
func walk(t *testing.T, h *harness, a, b time.Time, step time.Duration) []string {
	t.Helper()
	var keys []string
	for now := a; !now.After(b); now = now.Add(step) {
		for _, s := range h.tick(now) {
			keys = append(keys, s.reply.Nonce)
			if strings.Contains(s.reply.Text, "later dan gepland") {
				t.Errorf("late at %v: %s", now, s.reply.Text)
			}
		}
	}
	return keys
}

func TestLeapDayAndYearEnd(t *testing.T) {
	h := newHarness(t, ams(2028, 2, 27, 12, 0), Config{})
	mustContain(t, text(h.say(ann, dm(ann), "deadline nieuw 1-3-2028 09:00 | Na schrikkeldag | herinner 1d, 2d")), "woensdag 1 maart 2028 09:00")
	if got := h.tick(ams(2028, 2, 28, 9, 0)); len(got) != 1 {
		t.Errorf("2d before: %+v", got)
	}
	if got := h.tick(ams(2028, 2, 29, 9, 0)); len(got) != 1 {
		t.Errorf("1d before, on the leap day: %+v", got)
	}
	h2 := newHarness(t, ams(2026, 12, 30, 12, 0), Config{})
	mustContain(t, text(h2.say(ann, dm(ann), "deadline nieuw 1-1-2027 | Jaarwisseling | herinner 1d, 2u")), "vrijdag 1 januari 2027 23:59")
	// A date-only deadline ends at 23:59, but its reminders go out at
	// 09:00 on the reminder day, not at 23:59 or 21:59.
	if got := h2.tick(ams(2026, 12, 31, 8, 59)); len(got) != 0 {
		t.Errorf("before 09:00: %+v", got)
	}
	if got := h2.tick(ams(2026, 12, 31, 9, 0)); len(got) != 1 {
		t.Errorf("1d before over year end: %+v", got)
	} else {
		mustContain(t, got[0].reply.Text, "is morgen: vrijdag 1 januari 2027, tot het einde van de dag")
	}
	if got := h2.tick(ams(2027, 1, 1, 9, 0)); len(got) != 1 {
		t.Errorf("2h before, on the day: %+v", got)
	} else {
		mustContain(t, got[0].reply.Text, "is vandaag")
	}
}

func TestDateOnlyReminderTimeConfigurable(t *testing.T) {
	h := newHarness(t, wed, Config{DateOnlyReminderTime: "07:30"})
	out := text(h.say(ann, dm(ann), "deadline nieuw 4-12-2026 | Ronde | herinner 3d, 2u, 1u"))
	mustContain(t, out, "3 dagen van tevoren (dinsdag 1 december 2026 07:30)", "2 uur van tevoren (vrijdag 4 december 2026 07:30)")
	// "2u" and "1u" fall on the same moment: one reminder, not two.
	if jobs := h.jobs(jobPrefix(1)); len(jobs) != 2 {
		t.Errorf("%d jobs, want 2: %+v", len(jobs), jobs)
	}
	if got := h.tick(ams(2026, 12, 1, 7, 30)); len(got) != 1 {
		t.Errorf("3 days before: %+v", got)
	} else {
		mustContain(t, got[0].reply.Text, "is over 3 dagen: vrijdag 4 december 2026")
	}
	if got := h.tick(ams(2026, 12, 4, 7, 30)); len(got) != 1 {
		t.Errorf("on the day: %+v", got)
	}
	if _, err := (Config{DateOnlyReminderTime: "9 uur"}).resolve(); err == nil || !strings.Contains(err.Error(), "deadlines.date_only_reminder_time") {
		t.Errorf("bad time accepted: %v", err)
	}
}

// A reminder held up says how much time is really left, and that it is
// late once it is more than late_after (1m) behind.
func TestLateReminderRecomputesItsText(t *testing.T) {
	h := newHarness(t, wed, Config{})
	h.say(ann, dm(ann), "deadline nieuw 12:00 | Kort | herinner 2m")
	got := h.tick(ams(2026, 11, 25, 11, 58).Add(30 * time.Second))
	if len(got) != 1 {
		t.Fatalf("got %+v", got)
	}
	mustContain(t, got[0].reply.Text, "over 90 seconden")
	if strings.Contains(got[0].reply.Text, "2 minuten") || strings.Contains(got[0].reply.Text, "later dan gepland") {
		t.Errorf("stale or wrongly late: %s", got[0].reply.Text)
	}
	h2 := newHarness(t, wed, Config{})
	h2.say(ann, dm(ann), "deadline nieuw 12:00 | Kort | herinner 2m")
	got = h2.tick(ams(2026, 11, 25, 11, 59).Add(2 * time.Second))
	if len(got) != 1 {
		t.Fatalf("got %+v", got)
	}
	mustContain(t, got[0].reply.Text, "over 58 seconden", "later dan gepland")
}

func TestDigestOnWorkingDays(t *testing.T) {
	h := newHarness(t, ams(2026, 12, 22, 9, 0), Config{}) // Tuesday
	h.say(ann, dm(ann), "digest aan")
	h.say(ann, chann, "deadline nieuw 4-1-2027 12:00 | Na de feestdagen")
	h.say(ann, chann, "deadline nieuw 20-1-2027 12:00 | Te ver weg")
	days := map[string]bool{}
	for now := ams(2026, 12, 22, 9, 0); now.Before(ams(2027, 1, 6, 0, 0)); now = now.Add(15 * time.Minute) {
		for _, s := range h.tick(now) {
			if s.to.User != ann.ID || !strings.Contains(s.reply.Text, "Goedemorgen") {
				continue
			}
			day := now.Format("2006-01-02 15:04")
			days[day] = true
			mustContain(t, s.reply.Text, "Na de feestdagen")
			if strings.Contains(s.reply.Text, "Te ver weg") && now.Before(ams(2027, 1, 6, 0, 0)) {
				t.Errorf("%s digest looks too far ahead", day)
			}
		}
	}
	// Working days only: not 25/26 December (holidays, 26th a Saturday),
	// not the weekends, not 1 January; and not 5 January, when nothing
	// falls in the coming 14 days (an empty digest is not sent).
	want := []string{"2026-12-23 08:30", "2026-12-24 08:30", "2026-12-28 08:30", "2026-12-29 08:30", "2026-12-30 08:30", "2026-12-31 08:30", "2027-01-04 08:30"}
	var got []string
	for d := range days {
		got = append(got, d)
	}
	sort.Strings(got)
	if !slices.Equal(got, want) {
		t.Errorf("digest days %v, want %v", got, want)
	}
}

func TestNextDigestAcrossDST(t *testing.T) {
	h := newHarness(t, wed, Config{DigestTime: "07:45"})
	for from, want := range map[time.Time]string{
		ams(2026, 3, 27, 9, 0):  "2026-03-30 07:45 CEST", // Friday → Monday, across the spring change
		ams(2026, 10, 23, 9, 0): "2026-10-26 07:45 CET",
		ams(2026, 4, 2, 7, 0):   "2026-04-02 07:45 CEST", // Maundy Thursday, a working day
		ams(2026, 4, 2, 8, 0):   "2026-04-07 07:45 CEST", // past Good Friday and Easter Monday
		ams(2026, 4, 24, 9, 0):  "2026-04-28 07:45 CEST", // past Koningsdag (Monday 27th)
	} {
		if got := h.cap.nextDigest(from).Format("2006-01-02 15:04 MST"); got != want {
			t.Errorf("nextDigest(%v) = %s, want %s", from, got, want)
		}
	}
}

func TestDigestSkippedWhenTooLate(t *testing.T) {
	h := newHarness(t, wed, Config{})
	h.say(ann, dm(ann), "digest aan")
	h.say(ann, chann, "deadline nieuw 30-11-2026 12:00 | X")
	// Down from before Thursday's digest until Saturday noon: Thursday's is
	// more than 24h late and skipped; the next one is Monday.
	for _, s := range h.tick(ams(2026, 11, 28, 12, 0)) {
		if strings.Contains(s.reply.Text, "Goedemorgen") {
			t.Errorf("stale digest sent: %s", s.reply.Text)
		}
	}
	var due time.Time
	for _, j := range h.jobs(digestJobID) {
		due = j.Due
	}
	if !due.Equal(ams(2026, 11, 30, 8, 30)) {
		t.Errorf("next digest %v", due)
	}
}

func TestEraseAndExport(t *testing.T) {
	h := newHarness(t, wed, Config{})
	h.say(ann, chann, "deadline nieuw 12 december 17:00 | Ronde")
	h.say(bob, dm(bob), "volg 1")
	h.say(ann, dm(ann), "digest aan")
	var ex any
	_ = h.db.View(func(tx *store.Tx) (err error) { ex, err = h.cap.ExportUser(tx, ann.ID); return })
	e := ex.(userExport)
	if len(e.Owned) != 1 || !e.Digest {
		t.Errorf("export %+v", e)
	}
	var n int
	if err := h.db.Update(func(tx *store.Tx) (err error) { n, err = h.cap.EraseUser(tx, ann.ID); return }); err != nil {
		t.Fatal(err)
	}
	if n != 2 {
		t.Errorf("erased %d records", n)
	}
	if d := h.deadline(1); d == nil || d.Owner != "" || d.Cancelled {
		t.Errorf("after erase %+v", d)
	}
	_ = h.db.View(func(tx *store.Tx) (err error) { ex, err = h.cap.ExportUser(tx, ann.ID); return })
	if ex != nil {
		t.Errorf("export after erase %+v", ex)
	}
	h.db.Update(func(tx *store.Tx) (err error) { _, err = h.cap.EraseUser(tx, bob.ID); return })
	if d := h.deadline(1); len(d.Followers) != 0 {
		t.Errorf("follower kept: %v", d.Followers)
	}
	// The deadline still reminds its channel, and officials can manage it.
	mustContain(t, text(h.say(carol, chann, "deadline wijzig 1 | titel Nog steeds")), "gewijzigd")
}

func TestCalendarEntries(t *testing.T) {
	h := newHarness(t, wed, Config{})
	h.say(ann, chann, "deadline nieuw 12 december 17:00 | Openbaar | herinner 1d")
	h.say(ann, dm(ann), "deadline nieuw 13 december 17:00 | Prive | privé")
	h.say(bob, dm(bob), "volg 1")
	pub, _ := h.cap.CalendarEntries(context.Background(), "")
	if len(pub) != 1 || pub[0].Title != "Openbaar" || pub[0].UID != calendar.UID("deadline", 1, calendar.Namespace(h.db)) || len(pub[0].Alarms) != 1 {
		t.Errorf("public %+v", pub)
	}
	mine, _ := h.cap.CalendarEntries(context.Background(), ann.ID)
	if len(mine) != 2 {
		t.Errorf("ann's %+v", mine)
	}
	bobs, _ := h.cap.CalendarEntries(context.Background(), bob.ID)
	if len(bobs) != 1 || bobs[0].Title != "Openbaar" {
		t.Errorf("bob's %+v", bobs)
	}
	h.say(ann, dm(ann), "deadline annuleer 1")
	pub, _ = h.cap.CalendarEntries(context.Background(), "")
	if len(pub) != 1 || !pub[0].Cancelled {
		t.Errorf("cancelled entry %+v", pub)
	}
	ics := string(h.cap.icsFile(h.deadline(1)).Data)
	mustContain(t, ics, "STATUS:CANCELLED", "UID:deadline-1-"+calendar.Namespace(h.db)+"@noaber")
}

func TestReminderForRemovedRoleHolderAndLanguage(t *testing.T) {
	h := newHarness(t, wed, Config{})
	h.say(bob, dm(bob), "language en")
	h.say(ann, chann, "deadline nieuw 12 december 17:00 | Ronde | herinner 1d")
	h.say(bob, dm(bob), "follow 1")
	got := h.tick(ams(2026, 12, 11, 17, 0))
	for _, s := range got {
		if s.to.User == bob.ID {
			mustContain(t, s.reply.Text, "Reminder", "in 1 day", "Saturday 12 December 2026 17:00")
			if len(s.reply.Choices) != 1 || s.reply.Choices[0].ID != "deadlines:unfollow:1" {
				t.Errorf("choices %+v", s.reply.Choices)
			}
		}
	}
	_ = bot.NL
}

// "digest" previews the next digest now; "digest om 07:45" moves one
// official's digest without moving anyone else's.
func TestDigestPreviewAndOwnTime(t *testing.T) {
	h := newHarness(t, wed, Config{})
	h.say(ann, chann, "deadline nieuw 1 december 17:00 | Binnenkort")
	h.say(ann, chann, "deadline nieuw 1 maart 2027 17:00 | Later")
	out := text(h.say(carol, dm(carol), "digest"))
	mustContain(t, out, "digest aan", "Zo ziet het overzicht er nu uit", "Binnenkort")
	if strings.Contains(out, "Later") {
		t.Errorf("preview beyond digest_days: %s", out)
	}
	mustContain(t, text(h.say(bob, dm(bob), "digest")), "voor ambtenaren")
	mustContain(t, text(h.say(ann, dm(ann), "digest aan")), "om 08:30")
	mustContain(t, text(h.say(carol, dm(carol), "digest om 7.45")), "om 07:45", "donderdag 26 november 2026 07:45")
	mustContain(t, text(h.say(carol, dm(carol), "digest om 25:00")), "geen tijd die ik ken")
	mustContain(t, text(h.say(carol, dm(carol), "digest")), "om 07:45", "Binnenkort")
	got := h.tick(ams(2026, 11, 26, 7, 45))
	if len(got) != 1 || got[0].to.User != carol.ID || !strings.Contains(got[0].reply.Text, "Binnenkort") {
		t.Fatalf("07:45: %+v", got)
	}
	got = h.tick(ams(2026, 11, 26, 8, 30))
	if len(got) != 1 || got[0].to.User != ann.ID {
		t.Fatalf("08:30: %+v", got)
	}
	// Friday: carol's own job was rescheduled.
	if got := h.tick(ams(2026, 11, 27, 7, 45)); len(got) != 1 || got[0].to.User != carol.ID {
		t.Fatalf("friday 07:45: %+v", got)
	}
	h.say(carol, dm(carol), "digest uit")
	if len(h.jobs(userDigestJob(carol.ID))) != 0 {
		t.Error("job left after digest uit")
	}
	for _, s := range h.tick(ams(2026, 11, 30, 7, 45)) {
		if s.to.User == carol.ID {
			t.Errorf("sent after digest uit: %+v", s)
		}
	}
	h.say(carol, dm(carol), "digest 9 uur")
	h.db.Update(func(tx *store.Tx) (err error) { _, err = h.cap.EraseUser(tx, carol.ID); return })
	if len(h.jobs(userDigestJob(carol.ID))) != 0 {
		t.Error("job left after erase")
	}
}

// A subscribed calendar follows a deadline: the public feed, fetched over
// HTTP and read by an independent parser after each step, keeps one UID
// and raises SEQUENCE on an edit; a cancel gives STATUS:CANCELLED. A
// date-only deadline is a whole day with its alarms at 09:00.
func TestFeedFollowsEditAndCancel(t *testing.T) {
	h := newHarness(t, wed, Config{})
	h.say(ann, chann, "deadline nieuw 12 december 17:00 | Ronde | herinner 1d")
	h.say(ann, chann, "deadline nieuw 18-12-2026 | Hele dag | herinner 1d, 2u")
	mux := http.NewServeMux()
	(&calendar.Feeds{DB: h.db, Sources: []calendar.Source{h.cap}}).Mount(mux)
	srv := httptest.NewServer(mux)
	defer srv.Close()
	uid := calendar.UID("deadline", 1, calendar.Namespace(h.db))
	feed := func() map[string]calendartest.Event {
		t.Helper()
		res, err := http.Get(srv.URL + calendar.PublicPath)
		if err != nil {
			t.Fatal(err)
		}
		defer res.Body.Close()
		data, _ := io.ReadAll(res.Body)
		return calendartest.Validate(t, data)
	}
	evs := feed()
	if e := evs[uid]; e.Sequence != 0 || e.Status != "CONFIRMED" || !e.Start.Equal(ams(2026, 12, 12, 17, 0)) {
		t.Errorf("new: %+v", evs)
	}
	day := evs[calendar.UID("deadline", 2, calendar.Namespace(h.db))]
	if !day.AllDay || strings.Join(day.Alarms, ",") != "-PT15H,PT9H" {
		t.Errorf("date-only deadline: %+v", day)
	}
	h.say(ann, chann, "deadline wijzig 1 | 14 december 17:00")
	if e := feed()[uid]; e.Sequence != 1 || !e.Start.Equal(ams(2026, 12, 14, 17, 0)) {
		t.Errorf("moved: %+v", e)
	}
	h.say(ann, chann, "deadline wijzig 1 | titel Ronde 2")
	if e := feed()[uid]; e.Sequence != 2 || e.Summary != "Ronde 2" {
		t.Errorf("renamed: %+v", e)
	}
	h.say(ann, chann, "deadline annuleer 1")
	if e := feed()[uid]; e.Sequence != 3 || e.Status != "CANCELLED" {
		t.Errorf("cancelled: %+v", e)
	}
}

// A reminder queued on time but held up because the platform was down is
// written again when it finally goes out.
func TestReminderHeldUpInOutboxIsRewritten(t *testing.T) {
	h := newHarness(t, wed, Config{})
	h.say(ann, dm(ann), "deadline nieuw 12:00 | Kort | herinner 2m")
	h.rec.mu.Lock()
	h.rec.down = true
	h.rec.mu.Unlock()
	if got := h.tick(ams(2026, 11, 25, 11, 58)); len(got) != 0 {
		t.Fatalf("sent while down: %+v", got)
	}
	h.rec.mu.Lock()
	h.rec.down = false
	h.rec.mu.Unlock()
	got := h.tick(ams(2026, 11, 25, 11, 59).Add(2 * time.Second))
	if len(got) != 1 {
		t.Fatalf("got %+v", got)
	}
	mustContain(t, got[0].reply.Text, "over 58 seconden", "later dan gepland")
	if strings.Contains(got[0].reply.Text, "2 minuten") {
		t.Errorf("stale text: %s", got[0].reply.Text)
	}
	if got[0].reply.Nonce == "" {
		t.Error("the rewritten reply lost its nonce")
	}
}
