package events

import (
	"context"
	"log/slog"
	"strings"
	"testing"
	"time"

	"github.com/noaber/noaber/bot"
	"github.com/noaber/noaber/bot/clock"
	"github.com/noaber/noaber/bot/outbox"
	"github.com/noaber/noaber/bot/runtime"
	"github.com/noaber/noaber/bot/schedule"
	"github.com/noaber/noaber/bot/store"
)

// restart builds a new capability, router and scheduler over the same
// database and clock, as a new process would.
func (h *harness) restart(cfg Config) *schedule.Scheduler {
	h.t.Helper()
	ev, err := New(cfg, Deps{DB: h.db, Clock: h.clock, Log: slog.New(slog.DiscardHandler), FeedURL: "https://noaber.example"})
	if err != nil {
		h.t.Fatal(err)
	}
	roles := runtime.NewRoles(h.db, map[bot.Role][]string{bot.RoleOrganiser: {"discord:org"}})
	rt, err := runtime.NewRouter(runtime.RouterConfig{DB: h.db, Roles: roles, Clock: h.clock}, ev)
	if err != nil {
		h.t.Fatal(err)
	}
	h.ev, h.rt = ev, rt
	sched := schedule.New(h.db, h.clock, slog.New(slog.DiscardHandler))
	if err := ev.Register(sched); err != nil {
		h.t.Fatal(err)
	}
	return sched
}

// kinds counts the pending outbox messages of userID by kind.
func (h *harness) kinds(userID string) map[string]int {
	out := map[string]int{}
	for _, it := range h.pending(userID) {
		out[it.Kind]++
	}
	return out
}

func (h *harness) item(userID, kind string) outbox.Item {
	h.t.Helper()
	for _, it := range h.pending(userID) {
		if it.Kind == kind {
			return it
		}
	}
	h.t.Fatalf("no %s message for %s", kind, userID)
	return outbox.Item{}
}

func runDue(t *testing.T, s *schedule.Scheduler) {
	t.Helper()
	if _, err := s.RunDue(context.Background()); err != nil {
		t.Fatal(err)
	}
}

// A new event reaches two followers once each, however often it is
// announced; the weekly overview goes out at the configured moment (Friday
// 17:00 Amsterdam) after a restart in between, once, and a moment missed
// while the bot was down still goes out after the next restart.
func TestBulletinFakeClock(t *testing.T) {
	cfg := Config{BulletinDay: "vrijdag", BulletinTime: "17:00"}
	h := newHarness(t, cfg) // Wednesday 25 November 2026, 10:00
	h.restart(cfg)
	mustContain(t, text(h.sayDM("discord:ann", "volg evenementen wekelijks")), "vrijdag om 17:00")
	h.sayDM("mattermost:bob", "language en")
	mustContain(t, text(h.sayDM("mattermost:bob", "follow events")), "Friday at 17:00")
	h.click("mattermost:bob", "events:bulletin:weekly")
	h.sayDM("discord:cat", "volg evenementen") // announcements only
	h.sayDM("discord:org", "volg evenementen") // organiser of the event

	h.create("Netwerkavond", 30, t0.Add(14*24*time.Hour))
	if got := h.kinds("discord:ann"); got["event_bulletin"] != 0 {
		t.Fatalf("told before the announcement: %v", got)
	}
	h.say("discord:org", "evenement aankondigen 1")
	h.rt.Handle(context.Background(), bot.Inbound{User: user("discord:org"),
		Conv: bot.Conversation{ID: "discord:other", Kind: bot.Channel}, Text: "evenement aankondigen 1"})
	for user, want := range map[string]int{"discord:ann": 1, "mattermost:bob": 1, "discord:cat": 1, "discord:org": 0} {
		if got := h.kinds(user)["event_bulletin"]; got != want {
			t.Errorf("%s: %d announcements, want %d", user, got, want)
		}
	}
	ann := h.item("discord:ann", "event_bulletin")
	mustContain(t, ann.Reply.Text, "Netwerkavond", "aanmelden 1", "https://noaber.example/calendar/public.ics", "ontvolg evenementen")
	if ids := strings.Join(choiceIDs([]bot.Reply{ann.Reply}), " "); !strings.Contains(ids, "events:rsvp:1:yes") {
		t.Errorf("no sign-up button: %s", ids)
	}
	mustContain(t, h.item("mattermost:bob", "event_bulletin").Reply.Text, "New event", "rsvp 1 yes")

	sched := h.restart(cfg) // the process restarts before Friday
	h.clock.Set(time.Date(2026, 11, 27, 16, 59, 0, 0, clock.Amsterdam))
	runDue(t, sched)
	if got := h.kinds("discord:ann")["event_weekly"]; got != 0 {
		t.Fatalf("overview before 17:00: %d", got)
	}
	h.clock.Set(time.Date(2026, 11, 27, 17, 0, 0, 0, clock.Amsterdam))
	runDue(t, sched)
	runDue(t, sched)
	for user, want := range map[string]int{"discord:ann": 1, "mattermost:bob": 1, "discord:cat": 0, "discord:org": 0} {
		if got := h.kinds(user)["event_weekly"]; got != want {
			t.Errorf("%s: %d overviews, want %d", user, got, want)
		}
	}
	mustContain(t, h.item("discord:ann", "event_weekly").Reply.Text, "weekoverzicht", "Netwerkavond")
	mustContain(t, h.item("mattermost:bob", "event_weekly").Reply.Text, "weekly overview", "Netwerkavond")

	// Down over the next Friday 17:00; up again at 20:00: it still goes out.
	h.clock.Set(time.Date(2026, 12, 4, 20, 0, 0, 0, clock.Amsterdam))
	sched = h.restart(cfg)
	runDue(t, sched)
	if got := h.kinds("discord:ann")["event_weekly"]; got != 2 {
		t.Errorf("after a missed moment: %d overviews, want 2", got)
	}
	var next schedule.Job
	h.db.View(func(tx *store.Tx) (err error) { next, _, err = schedule.Get(tx, bulletinJobID); return err })
	if want := time.Date(2026, 12, 11, 17, 0, 0, 0, clock.Amsterdam); !next.Due.Equal(want) {
		t.Errorf("next overview %v, want %v", next.Due, want)
	}
}

func TestBulletinFollowStopPreviewAndPrivacy(t *testing.T) {
	h := newHarness(t, Config{})
	mustContain(t, text(h.sayDM("discord:ann", "ontvolg evenementen")), "volgde de evenementen niet")
	mustContain(t, text(h.sayDM("discord:ann", "volg evenementen")), "maandag om 09:00")

	var x any
	h.db.View(func(tx *store.Tx) (err error) { x, err = h.ev.ExportUser(tx, "discord:ann"); return err })
	if ex, ok := x.(Export); !ok || ex.Follows == nil || ex.Follows.Weekly {
		t.Fatalf("export = %+v", x)
	}
	var n int
	if err := h.db.Update(func(tx *store.Tx) (err error) { n, err = h.ev.EraseUser(tx, "discord:ann"); return err }); err != nil || n != 1 {
		t.Fatalf("erase: %d %v", n, err)
	}
	h.db.View(func(tx *store.Tx) (err error) { x, err = h.ev.ExportUser(tx, "discord:ann"); return err })
	if x != nil {
		t.Errorf("after erase, export = %+v", x)
	}

	h.sayDM("discord:bob", "volg evenementen")
	mustContain(t, text(h.click("discord:bob", "events:bulletin:stop")), "volgt de evenementen niet meer")
	h.create("Netwerkavond", 0, t0.Add(48*time.Hour))
	h.say("discord:org", "evenement aankondigen 1")
	if got := h.kinds("discord:bob")["event_bulletin"]; got != 0 {
		t.Errorf("told after unfollowing: %d", got)
	}

	mustContain(t, text(h.sayDM("discord:ann", "evenementen weekoverzicht")), "organisatoren")
	mustContain(t, text(h.sayDM("discord:org", "evenementen weekoverzicht")), "elke maandag om 09:00", "Netwerkavond")
}

func TestBulletinPreviewEmptyAndConfig(t *testing.T) {
	h := newHarness(t, Config{})
	mustContain(t, text(h.sayDM("discord:org", "evenementen weekoverzicht")), "geen komende evenementen")
	for _, bad := range []Config{{BulletinDay: "maandagochtend"}, {BulletinTime: "9"}, {BulletinTime: "25:00"}, {BulletinTime: "09:5"}} {
		if err := bad.Validate(); err == nil || !strings.HasPrefix(err.Error(), "events.bulletin_") {
			t.Errorf("%+v: %v", bad, err)
		}
	}
	// Across the end of summer time the overview stays at 09:00 local.
	c := Config{BulletinDay: "sunday", BulletinTime: "09:00"}
	got := c.nextBulletin(time.Date(2026, 10, 24, 12, 0, 0, 0, clock.Amsterdam))
	if want := time.Date(2026, 10, 25, 8, 0, 0, 0, time.UTC); !got.Equal(want) {
		t.Errorf("next = %v, want %v", got, want)
	}
}
