package deadlines

import (
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/noaber/noaber/bot"
	"github.com/noaber/noaber/bot/calendar/calendartest"
	"github.com/noaber/noaber/bot/store"
	"github.com/noaber/noaber/bot/when"
)

func TestCatalog(t *testing.T) {
	if err := Msgs.Check(); err != nil {
		t.Fatal(err)
	}
}

func TestCreateOneLineSavesAtOnceWithUndo(t *testing.T) {
	h := newHarness(t, wed, Config{})
	rs := h.say(ann, dm(ann), "deadline nieuw 12 december 17:00 | Subsidieronde sluit | herinner 30d, 3d, 2u")
	mustContain(t, text(rs), "Opgeslagen als deadline 1", "zaterdag 12 december 2026 17:00", "30 dagen", "sla ik over", "deadline annuleer 1")
	if ids := choiceIDs(rs); !slices.Contains(ids, "deadlines:undo:1") || !slices.Contains(ids, "deadlines:ics:1") {
		t.Errorf("choices %v", ids)
	}
	d := h.deadline(1)
	if d == nil || d.Title != "Subsidieronde sluit" || !d.Moment.Equal(ams(2026, 12, 12, 17, 0)) || d.Owner != ann.ID {
		t.Fatalf("stored %+v", d)
	}
	if !slices.Equal(d.Followers, []string{ann.ID}) || d.Channel != "" {
		t.Errorf("DM deadline audience: followers %v channel %q", d.Followers, d.Channel)
	}
	jobs := h.jobs("deadline:1:")
	if len(jobs) != 2 || !jobs[0].Due.Equal(ams(2026, 12, 9, 17, 0)) || !jobs[1].Due.Equal(ams(2026, 12, 12, 15, 0)) {
		t.Errorf("jobs %+v", jobs)
	}
	// Undo removes deadline and jobs.
	rs = h.click(ann, dm(ann), "deadlines:undo:1")
	mustContain(t, text(rs), "weer verwijderd")
	if h.deadline(1) != nil || len(h.jobs("deadline:1:")) != 0 {
		t.Error("undo left the deadline or its jobs")
	}
}

func TestCreateEnglishDefaultsAndChannel(t *testing.T) {
	h := newHarness(t, wed, Config{DefaultOffsets: []string{"1d", "2u"}})
	rs := h.say(ann, chann, "deadline new in 2 weeks | Grant round closes")
	mustContain(t, text(rs), "Saved as deadline 1", "Wednesday 9 December 2026 23:59", "1 day before", "2 hours before")
	d := h.deadline(1)
	if d.Channel != chann.ID || len(d.Followers) != 0 || len(d.Offsets) != 2 {
		t.Errorf("channel deadline %+v", d)
	}
}

func TestCreateRefusedForResidents(t *testing.T) {
	h := newHarness(t, wed, Config{})
	for _, line := range []string{"deadline nieuw 12 december 17:00 | X", "deadline nieuw"} {
		rs := h.say(bob, dm(bob), line)
		mustContain(t, text(rs), "Alleen ambtenaren", "niets opgeslagen")
	}
	var n int
	_ = h.db.View(func(tx *store.Tx) error { n = tx.Bucket(bucket).Len(); return nil })
	if n != 0 {
		t.Errorf("%d deadlines saved by a resident", n)
	}
	// No dialogue was left open: the next message is not taken as a date.
	if rs := h.say(bob, dm(bob), "vrijdag"); strings.Contains(text(rs), "titel") {
		t.Errorf("resident got a dialogue: %s", text(rs))
	}
}

func TestGuidedCreate(t *testing.T) {
	h := newHarness(t, wed, Config{})
	mustContain(t, text(h.say(ann, dm(ann), "deadline nieuw")), "Wanneer is de deadline?")
	mustContain(t, text(h.say(ann, dm(ann), "vrijdag")), "vrijdag 27 november 2026 23:59", "titel")
	rs := h.say(ann, dm(ann), "Raadsvoorstel indienen")
	mustContain(t, text(rs), "Klopt dit?", "Raadsvoorstel indienen", "vrijdag 27 november 2026 23:59")
	if ids := choiceIDs(rs); !slices.Equal(ids, []string{"deadlines:save", "deadlines:discard"}) {
		t.Fatalf("choices %v", ids)
	}
	if h.deadline(1) != nil {
		t.Fatal("saved before confirmation")
	}
	rs = h.click(ann, dm(ann), "deadlines:save")
	mustContain(t, text(rs), "Opgeslagen als deadline 1")
	if d := h.deadline(1); d == nil || !d.Moment.Equal(ams(2026, 11, 27, 23, 59)) || !d.DateOnly {
		t.Fatalf("stored %+v", d)
	}
	// The dialogue is over: the button no longer saves twice.
	mustContain(t, text(h.click(ann, dm(ann), "deadlines:save")), "werkt niet meer")
}

func TestGuidedCreateSetsRemindersAndAudience(t *testing.T) {
	h := newHarness(t, wed, Config{})
	h.say(ann, dm(ann), "deadline nieuw")
	h.say(ann, dm(ann), "vrijdag 17:00")
	mustContain(t, text(h.say(ann, dm(ann), "Raadsvoorstel")), "Klopt dit?", "herinner 3d, 2u")
	mustContain(t, text(h.say(ann, dm(ann), "herinner 1d, 2u")), "Klopt dit?", "1 dag", "2 uur")
	mustContain(t, text(h.say(ann, dm(ann), "herinner morgen")), "herinner") // unreadable: asked again, nothing lost
	mustContain(t, text(h.say(ann, dm(ann), "voor ambtenaren")), "alle ambtenaren")
	h.click(ann, dm(ann), "deadlines:save")
	d := h.deadline(1)
	if d == nil || !slices.Equal(d.Offsets, []time.Duration{24 * time.Hour, 2 * time.Hour}) || d.Role != bot.RoleOfficial {
		t.Fatalf("stored %+v", d)
	}
}

func TestPastMomentAsksNotGuesses(t *testing.T) {
	h := newHarness(t, wed, Config{})
	rs := h.say(ann, dm(ann), "deadline nieuw 15-3-2026 | Jaarverslag")
	mustContain(t, text(rs), "al voorbij", "zondag 15 maart 2026 23:59", "maandag 15 maart 2027 23:59")
	if ids := choiceIDs(rs); !slices.Equal(ids, []string{"deadlines:pick:0", "deadlines:other"}) {
		t.Fatalf("choices %v", ids)
	}
	if h.deadline(1) != nil {
		t.Fatal("a past moment was saved")
	}
	mustContain(t, text(h.click(ann, dm(ann), "deadlines:pick:0")), "Klopt dit?", "Jaarverslag", "15 maart 2027")
	h.click(ann, dm(ann), "deadlines:save")
	if d := h.deadline(1); d == nil || d.Moment.Year() != 2027 {
		t.Fatalf("stored %+v", d)
	}
}

func TestAmbiguousAndUnreadableMoments(t *testing.T) {
	h := newHarness(t, wed, Config{})
	rs := h.say(ann, dm(ann), "deadline nieuw 3/4 | X")
	mustContain(t, text(rs), "twee dingen", "3 april 2027", "4 maart 2027")
	if len(choiceIDs(rs)) != 3 {
		t.Errorf("choices %v", choiceIDs(rs))
	}
	mustContain(t, text(h.click(ann, dm(ann), "deadlines:pick:1")), "donderdag 4 maart 2027")
	h.say(ann, dm(ann), "stop")

	mustContain(t, text(h.say(ann, dm(ann), "deadline nieuw 12 | X")), "welke dag")
	mustContain(t, text(h.say(ann, dm(ann), "stop")), "Gestopt")
	mustContain(t, text(h.say(ann, dm(ann), "deadline nieuw blabla | X")), "niet als datum lezen", "Wanneer")
	// The answer to the question is read as the moment; the title is kept.
	mustContain(t, text(h.say(ann, dm(ann), "1 februari 2027 12:00")), "Klopt dit?", "**X**", "maandag 1 februari 2027 12:00")
	if h.deadline(1) != nil {
		t.Error("saved without confirmation")
	}
}

func TestCreateRejectsBadParts(t *testing.T) {
	h := newHarness(t, wed, Config{})
	for line, want := range map[string]string{
		"deadline nieuw 12 december | X | herinner soms":                               "herinneringen begrijp ik niet",
		"deadline nieuw 12 december | X | link javascript:x()":                         "link kan ik niet",
		"deadline nieuw 12 december | X | Y":                                           "begrijp ik niet",
		"deadline nieuw 12 december | X | herinner 1d,2d,3d,4d,5d,6d,7d,8d,9d,10d,11d": "te veel",
		"deadline nieuw over 20 jaar | X":                                              "tien jaar",
	} {
		mustContain(t, text(h.say(ann, dm(ann), line)), want)
		h.say(ann, dm(ann), "stop")
	}
	if h.deadline(1) != nil {
		t.Error("a bad line was saved")
	}
}

func TestListShowFollowMine(t *testing.T) {
	h := newHarness(t, wed, Config{})
	h.say(ann, chann, "deadline nieuw 12 december 17:00 | Openbare ronde")
	h.say(ann, dm(ann), "deadline nieuw 13 december 17:00 | Intern stuk | privé")
	rs := h.say(bob, dm(bob), "deadlines")
	mustContain(t, text(rs), "Openbare ronde")
	if strings.Contains(text(rs), "Intern stuk") {
		t.Error("resident sees a private deadline of an official")
	}
	mustContain(t, text(h.say(bob, dm(bob), "deadline 2")), "Ik ken geen deadline 2")
	rs = h.say(bob, dm(bob), "deadline 1")
	mustContain(t, text(rs), "**Openbare ronde** (deadline 1)", "zaterdag 12 december 2026 17:00", "over 17 dagen", "dit kanaal")
	if len(rs[0].Files) != 1 || !strings.Contains(string(rs[0].Files[0].Data), "BEGIN:VCALENDAR") {
		t.Fatalf("no calendar file: %+v", rs[0].Files)
	}
	calendartest.Validate(t, rs[0].Files[0].Data)
	if strings.Contains(text(rs), "deadline wijzig") {
		t.Error("resident is told how to edit")
	}
	if ids := choiceIDs(rs); !slices.Equal(ids, []string{"deadlines:follow:1"}) {
		t.Errorf("choices %v", ids)
	}
	mustContain(t, text(h.click(bob, dm(bob), "deadlines:follow:1")), "Je volgt nu deadline 1")
	mustContain(t, text(h.say(bob, dm(bob), "my deadlines")), "Your coming deadlines", "Openbare ronde")
	mustContain(t, text(h.say(bob, dm(bob), "mijn deadlines")), "Jouw komende deadlines", "Openbare ronde")
	mustContain(t, text(h.say(bob, dm(bob), "ontvolg 1")), "niet meer")
	mustContain(t, text(h.say(bob, dm(bob), "mijn deadlines")), "Je volgt geen")
	mustContain(t, text(h.say(bob, dm(bob), "volg 2")), "Ik ken geen deadline 2")
	mustContain(t, text(h.say(ann, dm(ann), "deadlines")), "Openbare ronde", "Intern stuk")
}

func TestEditReschedulesAndTellsFollowers(t *testing.T) {
	h := newHarness(t, wed, Config{})
	h.say(ann, chann, "deadline nieuw 12 december 17:00 | Ronde | herinner 1d")
	h.say(bob, dm(bob), "volg 1")
	mustContain(t, text(h.say(bob, dm(bob), "deadline wijzig 1 | 19 december 17:00")), "Alleen wie deadline 1 maakte")
	rs := h.say(carol, dm(carol), "deadline wijzig 1 | 19 december 17:00")
	mustContain(t, text(rs), "Deadline 1 is gewijzigd", "zaterdag 19 december 2026 17:00", "krijgen hiervan bericht")
	jobs := h.jobs("deadline:1:")
	if len(jobs) != 1 || !jobs[0].Due.Equal(ams(2026, 12, 18, 17, 0)) {
		t.Fatalf("jobs after move %+v", jobs)
	}
	got := h.tick(h.clk.Now())
	var toBob, toChan int
	for _, s := range got {
		if s.to.User == bob.ID && strings.Contains(s.reply.Text, "verplaatst naar zaterdag 19 december") {
			toBob++
		}
		if s.to.Conversation == chann.ID {
			toChan++
		}
	}
	if toBob != 1 || toChan != 1 {
		t.Errorf("notices %+v", got)
	}
	// Nothing at the old reminder moment, one at the new.
	if got := h.tick(ams(2026, 12, 11, 17, 1)); len(got) != 0 {
		t.Errorf("old reminder sent: %+v", got)
	}
	if got := h.tick(ams(2026, 12, 18, 17, 0)); len(got) != 2 {
		t.Errorf("new reminder: %+v", got)
	}
	// Title and offsets.
	mustContain(t, text(h.say(ann, dm(ann), "deadline wijzig 1 | titel Nieuwe naam | herinner 2u")), "Nieuwe naam")
	if d := h.deadline(1); d.Title != "Nieuwe naam" || len(d.Offsets) != 1 || d.Offsets[0] != 2*time.Hour {
		t.Errorf("after edit %+v", d)
	}
	// A past moment in an edit is a question with a button, not a change.
	rs = h.say(ann, dm(ann), "deadline wijzig 1 | 1-1-2026")
	mustContain(t, text(rs), "al voorbij")
	if ids := choiceIDs(rs); len(ids) != 1 || !strings.HasPrefix(ids[0], "deadlines:move:1:") {
		t.Fatalf("choices %v", ids)
	}
	mustContain(t, text(h.click(ann, dm(ann), choiceIDs(rs)[0])), "vrijdag 1 januari 2027")
	mustContain(t, text(h.say(ann, dm(ann), "deadline wijzig x | 1-1-2027")), "Schrijf bijvoorbeeld")
}

func TestCancelTellsFollowersAndStopsReminders(t *testing.T) {
	h := newHarness(t, wed, Config{})
	h.say(ann, dm(ann), "deadline nieuw 12 december 17:00 | Ronde | herinner 1d | voor ambtenaren | privé")
	mustContain(t, text(h.say(bob, dm(bob), "deadline annuleer 1")), "Ik ken geen deadline 1")
	rs := h.say(ann, dm(ann), "deadline annuleer 1")
	mustContain(t, text(rs), "is geannuleerd", "1 volger of kanaal krijgt hiervan bericht")
	if len(h.jobs("deadline:1:")) != 0 {
		t.Error("jobs left after cancel")
	}
	got := h.tick(h.clk.Now())
	if len(got) != 1 || got[0].to.User != carol.ID || !strings.Contains(got[0].reply.Text, "geannuleerd") {
		t.Errorf("cancel notices %+v", got)
	}
	if got := h.tick(ams(2026, 12, 12, 18, 0)); len(got) != 0 {
		t.Errorf("reminder after cancel: %+v", got)
	}
	mustContain(t, text(h.say(ann, dm(ann), "deadline annuleer 1")), "al geannuleerd")
	mustContain(t, text(h.say(ann, dm(ann), "volg 1")), "al geannuleerd")
}

func TestDigestOptIn(t *testing.T) {
	h := newHarness(t, wed, Config{})
	mustContain(t, text(h.say(bob, dm(bob), "digest aan")), "voor ambtenaren")
	mustContain(t, text(h.say(ann, dm(ann), "digest aan")), "donderdag 26 november 2026 08:30")
	mustContain(t, text(h.say(ann, dm(ann), "digest")), "volgende komt op")
	mustContain(t, text(h.say(ann, dm(ann), "digest off")), "geen dagelijks overzicht meer")
	mustContain(t, text(h.say(ann, dm(ann), "digest")), "digest aan")
}

func TestCalendarLink(t *testing.T) {
	h := newHarness(t, wed, Config{})
	rs := h.say(bob, dm(bob), "mijn agenda")
	mustContain(t, text(rs), "https://noaber.example.nl/calendar/u/", "https://noaber.example.nl/calendar/public.ics")
	if rs[0].Visibility != bot.Private {
		t.Error("personal feed link shown publicly")
	}
	h.cap.deps.FeedURL = ""
	mustContain(t, text(h.say(bob, dm(bob), "my calendar")), "[http] listen")
}

func TestHelpAndUnrelatedText(t *testing.T) {
	h := newHarness(t, wed, Config{})
	help := bot.HelpOf(h.cap.Commands(), bot.NL, nil)
	for _, e := range help {
		if strings.Contains(e.Command, "nieuw") {
			t.Error("residents see the create command")
		}
	}
	if len(bot.HelpOf(h.cap.Commands(), bot.EN, []bot.Role{bot.RoleOfficial})) != len(help)+4 {
		t.Error("officials miss commands")
	}
	for _, q := range []string{"wat is de termijn voor bezwaar?", "hoe werkt een deadline", "volg je mij", "term sheets"} {
		cmd, ok := parseCommand(q)
		if ok {
			t.Errorf("%q taken as %+v", q, cmd)
		}
	}
}

// Dates as people type them, through the deadline dialogue: an impossible
// date is called impossible (not "al voorbij … jaar 1"), a mismatched
// weekday is asked about, a vague period is proposed with a button, and
// working days skip the weekend.
func TestMomentsAsPeopleTypeThem(t *testing.T) {
	h := newHarness(t, wed, Config{})
	out := text(h.say(ann, dm(ann), "deadline nieuw 31 februari 12:00 | X"))
	mustContain(t, out, "bestaat niet", "Wanneer")
	if strings.Contains(out, "voorbij") || strings.Contains(out, " 1 12:00") {
		t.Errorf("impossible date read as a moment: %s", out)
	}
	h.say(ann, dm(ann), "stop")
	mustContain(t, text(h.say(ann, dm(ann), "deadline nieuw 31-4 | X")), "bestaat niet")
	h.say(ann, dm(ann), "stop")
	mustContain(t, text(h.say(ann, dm(ann), "deadline nieuw vrijdag 19 december 2026 | X")), "passen de dag en de datum niet")
	h.say(ann, dm(ann), "stop")

	rs := h.say(ann, dm(ann), "deadline nieuw eind januari | Jaarplan")
	mustContain(t, text(rs), "als zondag 31 januari 2027 23:59", "Klopt dat?")
	if ids := choiceIDs(rs); !slices.Equal(ids, []string{"deadlines:pick:0", "deadlines:other"}) {
		t.Fatalf("choices %v", ids)
	}
	if h.deadline(1) != nil {
		t.Fatal("a proposal was saved without confirmation")
	}
	mustContain(t, text(h.click(ann, dm(ann), "deadlines:pick:0")), "Klopt dit?", "31 januari 2027")
	h.click(ann, dm(ann), "deadlines:save")
	if d := h.deadline(1); d == nil || !d.Moment.Equal(ams(2027, 1, 31, 23, 59)) {
		t.Fatalf("stored %+v", d)
	}

	mustContain(t, text(h.say(ann, chann, "deadline nieuw over 3 werkdagen | Reactie")), "maandag 30 november 2026 23:59")
	mustContain(t, text(h.say(ann, chann, "deadline nieuw donderdag 14 januari om 20:00 | Raad")), "donderdag 14 januari 2027 20:00")
	mustContain(t, text(h.say(ann, chann, "deadline nieuw 31/12 17:00 | Jaareinde")), "donderdag 31 december 2026 17:00")
}

// The guided dialogue's example dates lie ahead, whatever the date.
func TestAskWhenExamplesAreAhead(t *testing.T) {
	for _, now := range []time.Time{wed, ams(2027, 12, 30, 9, 0), ams(2028, 2, 20, 9, 0)} {
		h := newHarness(t, now, Config{})
		out := text(h.say(ann, dm(ann), "deadline nieuw"))
		for _, part := range strings.Split(out, "**") {
			if m, err := when.Parse(part, now); err == nil && !m.DateOnly && strings.Contains(part, "17:00") {
				if !m.Time.After(now) {
					t.Errorf("%v: example %q lies in the past", now, part)
				}
			} else if err == nil && strings.Count(part, "-") == 2 && !m.Time.After(now) {
				t.Errorf("%v: example %q lies in the past", now, part)
			}
		}
		mustContain(t, out, now.AddDate(0, 0, 35).Format("2-1-2006"))
	}
}

// A deadline made in a direct message is public unless "| privé" says
// otherwise; the confirmation says which, and "deadlines" counts the
// private ones of whoever asks.
func TestVisibilityIsExplicit(t *testing.T) {
	h := newHarness(t, wed, Config{})
	mustContain(t, text(h.say(ann, dm(ann), "deadline nieuw 12 december 17:00 | Subsidieronde")), "Iedereen kan deze deadline zien")
	mustContain(t, text(h.say(ann, dm(ann), "deadline nieuw 13 december 17:00 | Eigen notitie | privé")), "Deze deadline is privé")
	mustContain(t, text(h.say(ann, dm(ann), "deadline nieuw 14 december 17:00 | Ook eigen | private")), "privé")
	out := text(h.say(bob, dm(bob), "deadlines"))
	mustContain(t, out, "Subsidieronde")
	if strings.Contains(out, "Eigen notitie") || strings.Contains(out, "privé-deadline") {
		t.Errorf("bob sees private deadlines: %s", out)
	}
	mustContain(t, text(h.say(bob, dm(bob), "volg 1")), "Je volgt nu deadline 1")
	mustContain(t, text(h.say(bob, dm(bob), "volg 2")), "Ik ken geen deadline 2")
	out = text(h.say(ann, dm(ann), "deadlines"))
	mustContain(t, out, "Eigen notitie (privé)", "Je hebt 2 privé-deadlines")
	// Made public later, it is visible; a bare "Openbaar" before the title is a title.
	mustContain(t, text(h.say(ann, dm(ann), "deadline wijzig 2 | openbaar")), "Iedereen kan deze deadline zien")
	mustContain(t, text(h.say(bob, dm(bob), "deadline 2")), "Eigen notitie")
	mustContain(t, text(h.say(ann, dm(ann), "deadlines")), "Je hebt 1 privé-deadline;")
	mustContain(t, text(h.say(ann, dm(ann), "deadline nieuw 15 december 17:00 | Openbaar")), "**Openbaar**")
	// The guided dialogue takes "privé" before saving.
	h.say(ann, dm(ann), "deadline nieuw")
	h.say(ann, dm(ann), "16 december 17:00")
	mustContain(t, text(h.say(ann, dm(ann), "Dialoog")), "Iedereen kan")
	mustContain(t, text(h.say(ann, dm(ann), "privé")), "Deze deadline is privé")
	h.click(ann, dm(ann), "deadlines:save")
	if d := h.deadline(5); d == nil || d.IsPublic() {
		t.Fatalf("stored %+v", d)
	}
	// A deadline stored before visibility existed keeps its old meaning:
	// made in a direct message, private.
	legacy := &Deadline{ID: 99, Title: "Oud", Moment: ams(2026, 12, 20, 12, 0), Owner: ann.ID}
	if legacy.IsPublic() {
		t.Error("legacy DM deadline became public")
	}
	legacy.Channel = "test:chan"
	if !legacy.IsPublic() {
		t.Error("legacy channel deadline became private")
	}
}
