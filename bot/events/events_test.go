package events

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/noaber/noaber/bot"
	"github.com/noaber/noaber/bot/calendar"
	"github.com/noaber/noaber/bot/calendar/calendartest"
	"github.com/noaber/noaber/bot/outbox"
	"github.com/noaber/noaber/bot/schedule"
	"github.com/noaber/noaber/bot/store"
	"github.com/noaber/noaber/units"
)

func TestCatalog(t *testing.T) {
	if err := Msgs.Check(); err != nil {
		t.Fatal(err)
	}
}

func TestConfigValidate(t *testing.T) {
	tests := []struct {
		name string
		cfg  Config
		want string // prefix of the error; "" for none
	}{
		{"zero", Config{}, ""},
		{"reminders", Config{Reminders: []string{"1d", "2u", "30m"}}, ""},
		{"bad reminder", Config{Reminders: []string{"1d", "soon"}}, "events.reminders: "},
		{"zero reminder", Config{Reminders: []string{"0h"}}, "events.reminders: "},
		{"negative retention", Config{Retention: units.Duration{Duration: -time.Hour}}, "events.retention: "},
		{"short retention", Config{Retention: units.Duration{Duration: time.Hour}}, "events.retention: "},
		{"long default", Config{DefaultDuration: units.Duration{Duration: 30 * 24 * time.Hour}}, "events.default_duration: "},
		{"negative max", Config{MaxCapacity: -1}, "events.max_capacity: "},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := tt.cfg.Validate()
			if tt.want == "" && err != nil || tt.want != "" && (err == nil || !strings.HasPrefix(err.Error(), tt.want)) {
				t.Errorf("Validate() = %v, want prefix %q", err, tt.want)
			}
		})
	}
	if got := (Config{}).offsets(); len(got) != 2 || got[0] != 24*time.Hour || got[1] != time.Hour {
		t.Errorf("default offsets %v", got)
	}
	if got := (Config{NoReminders: true}).offsets(); len(got) != 0 {
		t.Errorf("no_reminders offsets %v", got)
	}
}

func TestCreateOneLineRepeatsMomentInWords(t *testing.T) {
	h := newHarness(t, Config{})
	got := text(h.say("discord:org", "evenement nieuw 12 december 19:30 | Netwerkavond | max 40 | locatie Buurthuis De Linde | tot 10 december | vraag Namens welke organisatie?"))
	mustContain(t, got, "#1", "Netwerkavond", "zaterdag 12 december 2026 19:30–21:30", "Buurthuis De Linde", "0 van 40", "donderdag 10 december 2026 23:59")
	ev := h.event(1)
	if ev.Capacity != 40 || ev.Question != "Namens welke organisatie?" || !ev.IsOrganiser("discord:org") || ev.End.Sub(ev.Start) != 2*time.Hour {
		t.Errorf("stored %+v", ev)
	}
	got = text(h.say("discord:org", "event new 2026-12-14 14:00 | Market day | location https://meet.example/x | end 17:00"))
	mustContain(t, got, "Event #2", "Monday 14 December 2026 14:00–17:00", "https://meet.example/x")
}

func TestCreateRefusedAndErrorsLeaveNothing(t *testing.T) {
	h := newHarness(t, Config{})
	tests := []struct {
		user, line, want string
	}{
		{"discord:bob", "evenement nieuw 12 december 19:30 | Feest", "alleen organisatoren"},
		{"discord:org", "evenement nieuw 12 december | Feest", "hoe laat"},
		{"discord:org", "evenement nieuw gisteren 10:00 | Feest", "voorbij"},
		{"discord:org", "evenement nieuw blabla | Feest", "niet lezen"},
		{"discord:org", "evenement nieuw 12 december 19:30 | Feest | max nul", "aantal plaatsen"},
		{"discord:org", "evenement nieuw 12 december 19:30 | Feest | kleur rood", "kleur rood"},
		{"discord:org", "evenement nieuw 12 december 19:30 | Feest | tot 20 december", "vóór het begin"},
		{"discord:org", "evenement nieuw 12 december 19:30 | Feest | max 3 | max 4", "twee keer"},
		{"discord:org", "evenement nieuw 12 december 19:30", "Zo maak je"},
		{"discord:org", "evenement nieuw 12 december 19:30 | Feest | eind 18:00", "na het begin"},
	}
	for _, tt := range tests {
		got := text(h.say(tt.user, tt.line))
		mustContain(t, got, tt.want)
	}
	_ = h.db.View(func(tx *store.Tx) error {
		if n := tx.Bucket(rootB, itemsB).Len(); n != 0 {
			t.Errorf("%d events stored after refusals", n)
		}
		if n := schedule.Count(tx); n != 0 {
			t.Errorf("%d jobs scheduled after refusals", n)
		}
		return nil
	})
}

func TestSignupWaitlistWithdrawPromotes(t *testing.T) {
	h := newHarness(t, Config{})
	h.say("discord:org", "evenement nieuw 12 december 19:30 | Netwerkavond | max 2")
	mustContain(t, text(h.say("discord:ann", "aanmelden 1")), "Je bent aangemeld", "#1 Netwerkavond")
	// A second click changes nothing.
	rs := h.click("discord:ann", "events:rsvp:1:yes")
	mustContain(t, text(rs), "al aangemeld", "niets veranderd")
	mustContain(t, text(h.say("mattermost:bea", "rsvp 1 yes")), "signed up")
	mustContain(t, text(h.say("console:cor", "aanmelden 1")), "wachtlijst, op plaats 1")
	mustContain(t, text(h.say("mattermost:dirk", "rsvp 1 yes")), "waitlist, in place 2")
	mustContain(t, text(h.say("console:cor", "aanmelden 1")), "al op de wachtlijst", "plaats 1")
	ev := h.event(1)
	if ev.Confirmed != 2 || ev.Waitlist != 2 {
		t.Fatalf("counts %d/%d", ev.Confirmed, ev.Waitlist)
	}
	mustContain(t, text(h.say("discord:ann", "afmelden 1")), "afgemeld")
	ev = h.event(1)
	if ev.Confirmed != 2 || ev.Waitlist != 1 {
		t.Fatalf("after withdrawal %d/%d", ev.Confirmed, ev.Waitlist)
	}
	p := h.pending("console:cor")
	if len(p) != 1 || p[0].Kind != "promotion" || !strings.Contains(p[0].Reply.Text, "plek vrijgekomen") || len(p[0].Reply.Files) != 1 {
		t.Fatalf("promotion message %+v", p)
	}
	mustContain(t, text(h.say("console:cor", "mijn evenementen")), "aangemeld")
	mustContain(t, text(h.say("mattermost:dirk", "my events")), "waitlist (place 1)")
	mustContain(t, text(h.say("discord:ann", "afmelden 1")), "niet aangemeld")
	checkInvariants(t, h.db)
}

func TestMaybeTakesNoPlace(t *testing.T) {
	h := newHarness(t, Config{})
	ev := h.create("Borrel", 1, t0.Add(48*time.Hour))
	mustContain(t, text(h.click("discord:a", "events:rsvp:1:maybe")), "misschien", "geen plek")
	if got := h.event(ev.ID); got.Confirmed != 0 || got.Maybe != 1 {
		t.Fatalf("maybe counted as %+v", got)
	}
	mustContain(t, text(h.say("discord:b", "aanmelden 1")), "Je bent aangemeld")
	// a maybe that becomes yes joins the waitlist like anyone else
	mustContain(t, text(h.say("discord:a", "rsvp 1 ja")), "wachtlijst")
	// yes → maybe gives the place up and promotes the waitlist
	h.say("discord:b", "rsvp 1 misschien")
	got := h.event(ev.ID)
	if got.Confirmed != 1 || got.Maybe != 1 || got.Waitlist != 0 {
		t.Fatalf("after yes→maybe %+v", got)
	}
	if len(h.pending("discord:a")) != 1 {
		t.Error("a was not told of the promotion")
	}
	checkInvariants(t, h.db)
}

func TestDeadlineAndStartEnforced(t *testing.T) {
	h := newHarness(t, Config{})
	h.say("discord:org", "evenement nieuw 12 december 19:30 | Avond | tot 1 december")
	h.say("discord:a", "aanmelden 1")
	h.clock.Set(time.Date(2026, 12, 2, 9, 0, 0, 0, t0.Location()))
	mustContain(t, text(h.say("discord:b", "aanmelden 1")), "kan niet meer", "dinsdag 1 december 2026 23:59")
	mustContain(t, text(h.say("discord:a", "aanmelden 1")), "al aangemeld")
	// withdrawing stays possible until the start, but not after
	h.clock.Set(time.Date(2026, 12, 12, 19, 45, 0, 0, t0.Location()))
	mustContain(t, text(h.say("discord:a", "afmelden 1")), "al begonnen")
	if h.event(1).Confirmed != 1 {
		t.Error("late withdrawal changed the count")
	}
}

func TestPublicRepliesShowCountsNeverNames(t *testing.T) {
	h := newHarness(t, Config{})
	h.say("discord:org", "evenement nieuw 12 december 19:30 | Avond | max 1 | vraag Welke organisatie?")
	h.say("discord:ann", "aanmelden 1")
	h.say("discord:ann", "Stichting Groen")
	h.say("discord:bea", "aanmelden 1")
	for _, rs := range [][]bot.Reply{h.say("discord:carl", "evenement 1"), h.say("discord:carl", "evenementen"), h.say("discord:org", "evenement aankondigen 1")} {
		for _, r := range rs {
			mustNotContain(t, r.Text, "Ann", "Bea", "Stichting Groen")
		}
		mustContain(t, text(rs), "1 van 1")
	}
	announce := h.say("discord:org", "evenement aankondigen 1")
	if announce[0].Visibility != bot.Public || len(announce[0].Choices) != 4 || announce[0].Choices[0].ID != "events:rsvp:1:yes:anl" {
		t.Errorf("announcement %+v", announce[0])
	}
	if ch := h.event(1).Channels; len(ch) != 1 || ch[0] != "discord:chan" {
		t.Errorf("channels %v", ch)
	}
	// Attendees: only organisers, only by DM.
	mustContain(t, text(h.say("discord:bea", "evenement deelnemers 1")), "alleen organisatoren")
	mustContain(t, text(h.say("mattermost:org2", "evenement deelnemers 1")), "geen organisator van evenement #1")
	rs := h.say("discord:org", "evenement deelnemers 1")
	var dm string
	for _, r := range rs {
		if r.Visibility == bot.DM {
			dm += r.Text
		} else {
			mustNotContain(t, r.Text, "Ann", "Bea")
		}
	}
	mustContain(t, dm, "Ann (discord)", "aangemeld", `"Stichting Groen"`, "Bea (discord)", "wachtlijst (plaats 1)")
	// Admins manage every event.
	mustContain(t, text(h.say("console:admin", "evenement deelnemers 1")), "Ann (discord)")
}

func TestQuestionDialogueAndAnswerCommand(t *testing.T) {
	h := newHarness(t, Config{})
	h.say("discord:org", "evenement nieuw 12 december 19:30 | Avond | vraag Welke organisatie?")
	mustContain(t, text(h.say("discord:ann", "aanmelden 1")), "Welke organisatie?")
	mustContain(t, text(h.say("discord:ann", "Buurtkracht")), "bewaard")
	mustContain(t, text(h.say("discord:bob", "aanmelden 1")), "Welke organisatie?")
	mustContain(t, text(h.say("discord:bob", "overslaan")), "geen antwoord")
	mustContain(t, text(h.sayDM("discord:bob", "antwoord 1 Wijkteam Noord")), "bewaard")
	mustContain(t, text(h.say("discord:carl", "antwoord 1 iets")), "niet aangemeld")
	_ = h.db.View(func(tx *store.Tx) error {
		a, _, _ := GetSignup(tx, 1, "discord:ann")
		b, _, _ := GetSignup(tx, 1, "discord:bob")
		if a.Answer != "Buurtkracht" || b.Answer != "Wijkteam Noord" {
			t.Errorf("answers %q %q", a.Answer, b.Answer)
		}
		return nil
	})
}

func TestGuidedCreation(t *testing.T) {
	h := newHarness(t, Config{})
	mustContain(t, text(h.sayDM("discord:org", "evenement nieuw")), "Wanneer begint het")
	mustContain(t, text(h.sayDM("discord:org", "12 december")), "hoe laat", "Wanneer begint het")
	mustContain(t, text(h.sayDM("discord:org", "12 december 19:30")), "zaterdag 12 december 2026 19:30", "Hoe heet")
	mustContain(t, text(h.sayDM("discord:org", "Netwerkavond")), "Hoeveel plaatsen")
	mustContain(t, text(h.sayDM("discord:org", "veel")), "geen goed aantal")
	mustContain(t, text(h.sayDM("discord:org", "25")), "Waar is het")
	mustContain(t, text(h.sayDM("discord:org", "geen")), "één vraag")
	mustContain(t, text(h.sayDM("discord:org", "Namens wie kom je?")), "Evenement #1 staat erin", "0 van 25")
	ev := h.event(1)
	if ev.Title != "Netwerkavond" || ev.Capacity != 25 || ev.Location != "" || ev.Question != "Namens wie kom je?" {
		t.Errorf("guided event %+v", ev)
	}
	// stop ends it; nothing is saved
	h.sayDM("discord:org", "evenement nieuw")
	mustContain(t, text(h.sayDM("discord:org", "stop")), "Gestopt")
	mustContain(t, text(h.sayDM("discord:org", "evenementen")), "#1")
}

func TestEditCancelMessage(t *testing.T) {
	h := newHarness(t, Config{})
	h.say("discord:org", "evenement nieuw 12 december 19:30 | Avond | max 1")
	h.say("discord:a", "aanmelden 1")
	h.say("discord:b", "aanmelden 1")
	h.say("discord:c", "rsvp 1 maybe")
	mustContain(t, text(h.say("discord:b", "evenement wijzig 1 | max 5")), "alleen organisatoren")
	mustContain(t, text(h.say("discord:org", "evenement wijzig 1 | max 2 | locatie Het Dorpshuis")), "gewijzigd", "1 persoon van de wachtlijst is aangemeld", "Het Dorpshuis")
	if ev := h.event(1); ev.Confirmed != 2 || ev.Waitlist != 0 {
		t.Errorf("after raising capacity %+v", ev)
	}
	mustContain(t, text(h.say("discord:org", "evenement wijzig 1 | max 1")), "meer mensen aangemeld")
	mustContain(t, text(h.say("discord:org", "evenement bericht 1 | Neem een jas mee")), "2 aangemelde")
	for _, u := range []string{"discord:a", "discord:b"} {
		var found bool
		for _, it := range h.pending(u) {
			found = found || strings.Contains(it.Reply.Text, "Neem een jas mee")
		}
		if !found {
			t.Errorf("%s did not get the organiser's message", u)
		}
	}
	for _, it := range h.pending("discord:c") {
		if strings.Contains(it.Reply.Text, "jas") {
			t.Error("a maybe got the attendee message")
		}
	}
	sched := schedule.New(h.db, h.clock, nil)
	if err := h.ev.Register(sched); err != nil {
		t.Fatal(err)
	}
	told := func(u string) bool {
		for _, it := range h.pending(u) {
			if it.Kind == "cancellation" {
				return true
			}
		}
		return false
	}
	// Cancelling asks first.
	rs := h.say("discord:org", "evenement annuleer 1")
	mustContain(t, text(rs), "Weet je zeker", "3 aangemelde mensen krijgen dan bericht")
	if ids := choiceIDs(rs); len(ids) != 2 || ids[0] != "events:cancel:1" || ids[1] != "events:keep:1" {
		t.Fatalf("choices %v", ids)
	}
	mustContain(t, text(h.click("discord:org", "events:keep:1")), "gaat gewoon door")
	if h.event(1).Cancelled {
		t.Fatal("cancelled without confirmation")
	}
	if ids := choiceIDs(h.click("discord:b", "events:cancel:1")); len(ids) != 0 || h.event(1).Cancelled {
		t.Fatal("a non-organiser confirmed a cancellation")
	}
	rs = h.click("discord:org", "events:cancel:1")
	mustContain(t, text(rs), "afgelast", "3 aangemelde mensen", "een minuut")
	if ids := choiceIDs(rs); len(ids) != 1 || ids[0] != "events:uncancel:1" {
		t.Fatalf("undo choices %v", ids)
	}
	if told("discord:a") {
		t.Error("told before the undo minute passed")
	}
	h.clock.Advance(61 * time.Second)
	if _, err := sched.RunDue(context.Background()); err != nil {
		t.Fatal(err)
	}
	for _, u := range []string{"discord:a", "discord:b", "discord:c"} {
		if !told(u) {
			t.Errorf("%s was not told of the cancellation", u)
		}
	}
	mustContain(t, text(h.click("discord:org", "events:uncancel:1")), "niet meer ongedaan")
	_ = h.db.View(func(tx *store.Tx) error {
		return schedule.Each(tx, time.Time{}, func(j schedule.Job) (bool, error) {
			if strings.HasPrefix(j.ID, jobPrefix(1)) {
				t.Errorf("job %s left after cancel", j.ID)
			}
			return true, nil
		})
	})
	mustContain(t, text(h.say("discord:d", "aanmelden 1")), "afgelast")
	mustContain(t, text(h.say("discord:d", "evenementen")), "geen evenementen")
	checkInvariants(t, h.db)
}

func TestRemindersThroughScheduler(t *testing.T) {
	h := newHarness(t, Config{})
	sched := schedule.New(h.db, h.clock, nil)
	if err := h.ev.Register(sched); err != nil {
		t.Fatal(err)
	}
	start := t0.Add(72 * time.Hour)
	h.create("Avond", 0, start)
	h.say("discord:a", "aanmelden 1")
	h.say("discord:b", "rsvp 1 maybe")
	ctx := context.Background()
	// moving the event reschedules its reminders in the edit's transaction
	h.say("discord:org", "evenement wijzig 1 | wanneer "+start.Add(24*time.Hour).Format("2006-01-02 15:04"))
	reminders := func(u string) int {
		n := 0
		for _, it := range h.pending(u) {
			if it.Kind == "reminder" {
				n++
			}
		}
		return n
	}
	h.clock.Set(start.Add(-time.Hour)) // the old 1h moment: its job went with the edit
	if _, err := sched.RunDue(ctx); err != nil {
		t.Fatal(err)
	}
	if n := reminders("discord:a"); n != 0 {
		t.Fatalf("old reminder moment sent %d", n)
	}
	h.clock.Set(start.Add(time.Minute)) // the new start minus 1d, plus a minute
	if _, err := sched.RunDue(ctx); err != nil {
		t.Fatal(err)
	}
	if n := reminders("discord:a"); n != 1 {
		t.Fatalf("after 1d moment: %d reminders", n)
	}
	h.clock.Set(start.Add(23 * time.Hour))
	sched.RunDue(ctx)
	sched.RunDue(ctx) // a second run sends nothing twice
	if n := reminders("discord:a"); n != 2 {
		t.Errorf("after 1h moment: %d reminders", n)
	}
	if n := reminders("discord:b"); n != 0 {
		t.Errorf("maybe got %d reminders", n)
	}
	var it outbox.Item
	for _, p := range h.pending("discord:a") {
		if p.Kind == "reminder" {
			it = p
		}
	}
	if !strings.Contains(it.Reply.Text, "Herinnering") || len(it.Reply.Files) != 1 {
		t.Errorf("reminder %+v", it.Reply.Text)
	}
}

func TestRetentionKeepsCounts(t *testing.T) {
	h := newHarness(t, Config{Retention: units.Duration{Duration: 30 * 24 * time.Hour}})
	sched := schedule.New(h.db, h.clock, nil)
	if err := h.ev.Register(sched); err != nil {
		t.Fatal(err)
	}
	h.create("Oud", 2, t0.Add(time.Hour))
	h.create("Later", 2, t0.Add(60*24*time.Hour))
	for _, u := range []string{"discord:a", "discord:b", "discord:c"} {
		h.say(u, "aanmelden 1")
		h.say(u, "aanmelden 2")
	}
	h.clock.Set(t0.Add(31 * 24 * time.Hour))
	if _, err := sched.RunDue(context.Background()); err != nil {
		t.Fatal(err)
	}
	old, later := h.event(1), h.event(2)
	if !old.Purged || old.Confirmed != 2 || old.Waitlist != 1 || later.Purged {
		t.Errorf("after retention: %+v / %+v", old, later)
	}
	_ = h.db.View(func(tx *store.Tx) error {
		if ss, _ := Signups(tx, 1); len(ss) != 0 {
			t.Errorf("%d sign-ups left of the old event", len(ss))
		}
		if ss, _ := UserSignups(tx, "discord:a"); len(ss) != 1 || ss[0].EventID != 2 {
			t.Errorf("a's sign-ups %+v", ss)
		}
		j, ok, _ := schedule.Get(tx, retentionJobID)
		if !ok || !j.Due.After(h.clock.Now()) {
			t.Errorf("retention job not rescheduled: %+v %v", j, ok)
		}
		return nil
	})
	mustContain(t, text(h.say("discord:org", "evenement deelnemers 1")), "bewaartermijn")
	checkInvariants(t, h.db)
}

func TestPrivacyExportErase(t *testing.T) {
	h := newHarness(t, Config{})
	h.say("discord:org", "evenement nieuw 12 december 19:30 | Avond | max 1 | vraag Welke organisatie?")
	h.say("discord:a", "aanmelden 1")
	h.say("discord:a", "Stichting A")
	h.say("discord:b", "aanmelden 1")
	var export any
	_ = h.db.View(func(tx *store.Tx) (err error) { export, err = h.ev.ExportUser(tx, "discord:a"); return err })
	x, ok := export.(Export)
	if !ok || len(x.Signups) != 1 || x.Signups[0].Answer != "Stichting A" || x.Signups[0].Status != StatusConfirmed {
		t.Fatalf("export %+v", export)
	}
	_ = h.db.View(func(tx *store.Tx) error {
		if v, _ := h.ev.ExportUser(tx, "discord:nobody"); v != nil {
			t.Errorf("export of a stranger: %+v", v)
		}
		return nil
	})
	var n int
	if err := h.db.Update(func(tx *store.Tx) (err error) { n, err = h.ev.EraseUser(tx, "discord:a"); return err }); err != nil {
		t.Fatal(err)
	}
	if n != 1 {
		t.Errorf("erased %d records", n)
	}
	if ev := h.event(1); ev.Confirmed != 1 || ev.Waitlist != 0 {
		t.Errorf("after erase %+v", ev)
	}
	if len(h.pending("discord:b")) != 1 {
		t.Error("erase did not promote b")
	}
	_ = h.db.View(func(tx *store.Tx) error {
		if _, had, _ := GetSignup(tx, 1, "discord:a"); had {
			t.Error("a's sign-up survived the erase")
		}
		return nil
	})
	checkInvariants(t, h.db)
}

func TestCalendarSourceAndICS(t *testing.T) {
	h := newHarness(t, Config{})
	h.say("discord:org", "evenement nieuw 12 december 19:30 | Avond")
	h.say("discord:org", "evenement nieuw 13 december 19:30 | Stil")
	h.say("discord:org", "evenement aankondigen 1")
	h.say("discord:a", "aanmelden 2")
	pub, err := h.ev.CalendarEntries(context.Background(), "")
	if err != nil || len(pub) != 1 || pub[0].Title != "Avond" || pub[0].UID != calendar.UID("event", 1, calendar.Namespace(h.db)) {
		t.Errorf("public feed %+v %v", pub, err)
	}
	mine, _ := h.ev.CalendarEntries(context.Background(), "discord:a")
	if len(mine) != 1 || mine[0].Title != "Stil" {
		t.Errorf("personal feed %+v", mine)
	}
	rs := h.say("discord:a", "evenement 2 agenda")
	if len(rs) != 1 || len(rs[0].Files) != 1 || !strings.Contains(string(rs[0].Files[0].Data), "SUMMARY:Stil") {
		t.Errorf("ics reply %+v", rs)
	}
	calendartest.Validate(t, rs[0].Files[0].Data)
	rs = h.click("discord:a", "events:ics:1")
	if len(rs) != 1 || len(rs[0].Files) != 1 {
		t.Fatalf("ics button %+v", rs)
	}
	calendartest.Validate(t, rs[0].Files[0].Data)
}

func TestUnknownEventAndNotOurs(t *testing.T) {
	h := newHarness(t, Config{})
	mustContain(t, text(h.say("discord:a", "aanmelden 9")), "geen evenement met nummer 9")
	mustContain(t, text(h.say("discord:a", "evenement 9")), "geen evenement met nummer 9")
	mustContain(t, text(h.click("discord:a", "events:rsvp:9:yes")), "geen evenement")
	mustContain(t, text(h.say("discord:a", "evenement")), "evenementen")
	// questions about events are not commands: the capability leaves them
	ev := h.ev
	for _, q := range []string{"hoe organiseer ik een evenement voor de buurt?", "evenement organiseren", "events in Utrecht", "mijn vraag"} {
		r := &bot.Request{Text: q, Lang: bot.NL, Now: t0}
		if _, handled, _ := ev.Handle(context.Background(), r); handled {
			t.Errorf("%q was taken by events", q)
		}
	}
}

func TestRespondErrors(t *testing.T) {
	h := newHarness(t, Config{})
	if _, err := h.ev.Respond(1, user("discord:a"), Yes); !errors.Is(err, ErrNotFound) {
		t.Errorf("unknown event: %v", err)
	}
	h.create("X", 0, t0.Add(time.Hour))
	if _, err := h.ev.Respond(1, user("discord:a"), No); !errors.Is(err, ErrNotSignedUp) {
		t.Errorf("withdraw without sign-up: %v", err)
	}
}

func TestHelpByRole(t *testing.T) {
	h := newHarness(t, Config{})
	everyone := bot.HelpOf(h.ev.Commands(), bot.NL, nil)
	org := bot.HelpOf(h.ev.Commands(), bot.EN, []bot.Role{bot.RoleOrganiser})
	if len(org) <= len(everyone) {
		t.Errorf("organiser help %d entries, everyone %d", len(org), len(everyone))
	}
	for _, e := range append(everyone, org...) {
		if e.Command == "" || strings.Contains(e.Command, "help.") {
			t.Errorf("help entry %+v", e)
		}
	}
}

// The announced events' feed reads in an independent parser, and after an
// edit and a cancellation the same UID comes back with a higher SEQUENCE
// and STATUS:CANCELLED.
func TestEventFeedFollowsChanges(t *testing.T) {
	h := newHarness(t, Config{})
	h.say("discord:org", "evenement nieuw 12 december 19:30 | Avond")
	h.say("discord:org", "evenement aankondigen 1")
	feed := func() calendartest.Event {
		t.Helper()
		pub, err := h.ev.CalendarEntries(context.Background(), "")
		if err != nil {
			t.Fatal(err)
		}
		evs := calendartest.Validate(t, calendar.ICS("Noaber", pub...))
		uid := calendar.UID("event", 1, calendar.Namespace(h.db))
		e, ok := evs[uid]
		if !ok || strings.Contains(uid, "event-1@") {
			t.Fatalf("no %s in %+v", uid, evs)
		}
		return e
	}
	if e := feed(); e.Sequence != 0 || e.Status != "CONFIRMED" {
		t.Errorf("new: %+v", e)
	}
	h.say("discord:org", "evenement wijzig 1 | locatie Het Dorpshuis")
	if e := feed(); e.Sequence != 1 || e.Status != "CONFIRMED" {
		t.Errorf("edited: %+v", e)
	}
	h.say("discord:org", "evenement annuleer 1")
	h.click("discord:org", "events:cancel:1")
	if e := feed(); e.Sequence != 2 || e.Status != "CANCELLED" {
		t.Errorf("cancelled: %+v", e)
	}
}

// Undo within the minute: the event is on again with its reminders, and
// nobody ever hears of the cancellation.
func TestCancelUndoWithinAMinute(t *testing.T) {
	h := newHarness(t, Config{})
	sched := schedule.New(h.db, h.clock, nil)
	if err := h.ev.Register(sched); err != nil {
		t.Fatal(err)
	}
	h.create("Avond", 0, t0.Add(72*time.Hour))
	h.say("discord:a", "aanmelden 1")
	jobs := func() int {
		n := 0
		_ = h.db.View(func(tx *store.Tx) error {
			return schedule.Each(tx, time.Time{}, func(j schedule.Job) (bool, error) {
				if strings.HasPrefix(j.ID, jobPrefix(1)+"remind:") {
					n++
				}
				return true, nil
			})
		})
		return n
	}
	before := jobs()
	h.say("discord:org", "evenement annuleer 1")
	mustContain(t, text(h.click("discord:org", "events:cancel:1")), "1 aangemelde persoon krijgt een bericht")
	h.clock.Advance(30 * time.Second)
	mustContain(t, text(h.click("discord:org", "events:uncancel:1")), "gaat toch door")
	if ev := h.event(1); ev.Cancelled || ev.Seq != 2 {
		t.Errorf("after undo %+v", ev)
	}
	if n := jobs(); n != before || n == 0 {
		t.Errorf("%d reminder jobs after undo, %d before", n, before)
	}
	h.clock.Advance(10 * time.Minute)
	if _, err := sched.RunDue(context.Background()); err != nil {
		t.Fatal(err)
	}
	for _, it := range h.pending("discord:a") {
		if it.Kind == "cancellation" {
			t.Errorf("told of an undone cancellation: %s", it.Reply.Text)
		}
	}
	mustContain(t, text(h.click("discord:org", "events:uncancel:1")), "niet meer ongedaan")
}

// A click on an announcement's button brings the announcement up to date
// (a Replace reply, first), so it says "Vol" once the event is full.
func TestAnnouncementKeptCurrent(t *testing.T) {
	h := newHarness(t, Config{})
	h.say("discord:org", "evenement nieuw 12 december 19:30 | Avond | max 2")
	h.say("discord:b", "aanmelden 1")
	ann := h.say("discord:org", "evenement aankondigen 1")
	mustContain(t, text(ann), "nog 1 plaats vrij")
	yes := ann[0].Choices[0].ID
	rs := h.click("discord:a", yes)
	if len(rs) < 2 || !rs[0].Replace || rs[0].Visibility != bot.Public {
		t.Fatalf("no refreshed announcement first: %+v", rs)
	}
	mustContain(t, rs[0].Text, "Nieuw evenement", "Vol: 2 van 2 plaatsen bezet")
	mustNotContain(t, rs[0].Text, "vrij")
	if len(rs[0].Choices) != 4 || rs[0].Choices[0].ID != yes {
		t.Errorf("buttons lost: %+v", rs[0].Choices)
	}
	if rs[1].Replace || rs[1].Visibility != bot.Private {
		t.Errorf("the clicker's own answer: %+v", rs[1])
	}
	// An English announcement stays English whoever clicks.
	en := h.say("discord:org", "event announce 1")
	rs = h.click("discord:c", en[0].Choices[0].ID)
	mustContain(t, rs[0].Text, "Full: 2 of 2")
	// The buttons under "evenement 1" do not replace anything.
	for _, r := range h.click("discord:d", "events:rsvp:1:maybe") {
		if r.Replace {
			t.Errorf("plain rsvp replaced a message: %+v", r)
		}
	}
	if _, ok := parseAction("events:rsvp:1:yes:axx"); ok {
		t.Error("unknown announcement language accepted")
	}
}

// Event dates as people type them: impossible dates and mismatched
// weekdays get their own answer; a date without a year is the next one.
func TestEventDatesAsTyped(t *testing.T) {
	h := newHarness(t, Config{})
	mustContain(t, text(h.say("discord:org", "evenement nieuw 31 februari 19:30 | X")), "bestaat niet")
	mustContain(t, text(h.say("discord:org", "evenement nieuw vrijdag 19 december 2026 19:30 | X")), "passen de dag en de datum niet")
	mustContain(t, text(h.say("discord:org", "evenement nieuw donderdag 14 januari om 20:00 | Nieuwjaar")), "donderdag 14 januari 2027 20:00")
	mustContain(t, text(h.say("discord:org", "evenement nieuw 1 maart 19:30 | Voorjaar")), "maandag 1 maart 2027 19:30")
}

// An attendee's reminder says the time really left: when the bot ran late,
// and again when the outbox finally sends it after a platform outage.
func TestEventReminderSaysTimeLeft(t *testing.T) {
	h := newHarness(t, Config{})
	sched := schedule.New(h.db, h.clock, nil)
	if err := h.ev.Register(sched); err != nil {
		t.Fatal(err)
	}
	start := t0.Add(72 * time.Hour)
	h.create("Avond", 0, start)
	h.say("discord:a", "aanmelden 1")
	h.clock.Set(start.Add(-50 * time.Minute)) // the 1h reminder, ten minutes late
	if _, err := sched.RunDue(context.Background()); err != nil {
		t.Fatal(err)
	}
	var it outbox.Item
	for _, p := range h.pending("discord:a") {
		if p.Kind == "reminder" && strings.Contains(p.Reply.Text, "50 minuten") {
			it = p
		}
	}
	if it.Key == "" {
		t.Fatalf("no reminder saying 50 minuten: %+v", h.pending("discord:a"))
	}
	r, ok := h.ev.RenderReminder(it, start.Add(-20*time.Minute))
	if !ok || !strings.Contains(r.Text, "begint over 20 minuten") || len(r.Files) != 1 {
		t.Errorf("rendered %v %+v", ok, r)
	}
	if _, ok := h.ev.RenderReminder(it, start.Add(time.Minute)); ok {
		t.Error("rewrote a reminder after the start")
	}
	if _, ok := h.ev.RenderReminder(outbox.Item{Key: "reminder:1:1:60:u:x", To: bot.ToUser("discord:a")}, start); ok {
		t.Error("rewrote a deadline reminder")
	}
}

// A restart re-registers the reminders of every upcoming event one event
// per transaction and rewrites nothing that is already as it should be: a
// reminder whose delivery failed keeps its attempts (and so its backoff),
// and many events never make one transaction too large for a store on etcd.
func TestRegisterAtRestartRewritesNothing(t *testing.T) {
	h := newHarness(t, Config{})
	for i := range 60 {
		h.create(fmt.Sprintf("Avond %d", i), 10, t0.Add(time.Duration(48+i)*time.Hour))
	}
	if err := h.ev.Register(schedule.New(h.db, h.clock, nil)); err != nil {
		t.Fatal(err)
	}
	id := jobPrefix(1) + "remind:" + (24 * time.Hour).String()
	if err := h.db.Update(func(tx *store.Tx) error {
		j, ok, err := schedule.Get(tx, id)
		if err != nil || !ok {
			t.Fatalf("reminder %s: %v %v", id, ok, err)
		}
		j.Attempts = 2
		return schedule.Put(tx, j)
	}); err != nil {
		t.Fatal(err)
	}
	if err := h.ev.Register(schedule.New(h.db, h.clock, nil)); err != nil {
		t.Fatal(err)
	}
	n := 0
	h.db.View(func(tx *store.Tx) error {
		j, _, _ := schedule.Get(tx, id)
		if j.Attempts != 2 {
			t.Errorf("attempts = %d after a restart, want 2 (the job was rewritten)", j.Attempts)
		}
		n = schedule.Count(tx)
		return nil
	})
	if want := 60*2 + 2; n != want { // two reminders per event, the bulletin and retention jobs
		t.Errorf("%d jobs, want %d", n, want)
	}
}
