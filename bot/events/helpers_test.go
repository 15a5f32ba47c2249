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
	"github.com/noaber/noaber/bot/store"
	"github.com/noaber/noaber/bot/store/storetest"
)

// t0 is a Wednesday morning in Amsterdam.
var t0 = time.Date(2026, 11, 25, 10, 0, 0, 0, clock.Amsterdam)

type harness struct {
	t     *testing.T
	db    *store.DB
	clock *clock.Fake
	ev    *Events
	rt    *runtime.Router
}

func newHarness(t *testing.T, cfg Config) *harness {
	t.Helper()
	db := storetest.Open(t)
	clk := clock.NewFake(t0)
	ev, err := New(cfg, Deps{DB: db, Clock: clk, Log: slog.New(slog.DiscardHandler)})
	if err != nil {
		t.Fatal(err)
	}
	roles := runtime.NewRoles(db, map[bot.Role][]string{
		bot.RoleOrganiser: {"discord:org", "mattermost:org2"},
		bot.RoleAdmin:     {"console:admin"},
	})
	rt, err := runtime.NewRouter(runtime.RouterConfig{DB: db, Roles: roles, Clock: clk}, ev)
	if err != nil {
		t.Fatal(err)
	}
	return &harness{t: t, db: db, clock: clk, ev: ev, rt: rt}
}

func user(id string) bot.User {
	_, name, _ := strings.Cut(id, ":")
	return bot.User{ID: id, Name: strings.ToUpper(name[:1]) + name[1:]}
}

// say sends text from userID in a channel and returns the replies.
func (h *harness) say(userID, text string) []bot.Reply {
	return h.rt.Handle(context.Background(), bot.Inbound{User: user(userID),
		Conv: bot.Conversation{ID: bot.PlatformOf(userID) + ":chan", Kind: bot.Channel}, Text: text})
}

// sayDM sends text in a direct conversation.
func (h *harness) sayDM(userID, text string) []bot.Reply {
	return h.rt.Handle(context.Background(), bot.Inbound{User: user(userID),
		Conv: bot.Conversation{ID: bot.PlatformOf(userID) + ":dm:" + userID, Kind: bot.Direct}, Text: text})
}

func (h *harness) click(userID, action string) []bot.Reply {
	return h.rt.Handle(context.Background(), bot.Inbound{User: user(userID),
		Conv: bot.Conversation{ID: bot.PlatformOf(userID) + ":chan", Kind: bot.Channel}, Action: &bot.Action{ID: action}})
}

func text(rs []bot.Reply) string {
	var b strings.Builder
	for _, r := range rs {
		b.WriteString(r.Text + "\n")
	}
	return b.String()
}

func mustContain(t *testing.T, got string, wants ...string) {
	t.Helper()
	for _, w := range wants {
		if !strings.Contains(got, w) {
			t.Errorf("reply %q\ndoes not contain %q", got, w)
		}
	}
}

func mustNotContain(t *testing.T, got string, bad ...string) {
	t.Helper()
	for _, w := range bad {
		if strings.Contains(got, w) {
			t.Errorf("reply %q\ncontains %q", got, w)
		}
	}
}

// pending returns the outbox messages waiting for userID.
func (h *harness) pending(userID string) []outbox.Item {
	h.t.Helper()
	var items []outbox.Item
	if err := h.db.View(func(tx *store.Tx) error {
		var err error
		items, err = outbox.PendingFor(tx, userID)
		return err
	}); err != nil {
		h.t.Fatal(err)
	}
	return items
}

func (h *harness) event(id uint64) Event {
	h.t.Helper()
	var ev Event
	if err := h.db.View(func(tx *store.Tx) (err error) { ev, err = Get(tx, id); return err }); err != nil {
		h.t.Fatal(err)
	}
	return ev
}

// create makes an event directly, as discord:org.
func (h *harness) create(title string, capacity int, start time.Time) Event {
	h.t.Helper()
	ev, err := h.ev.Create(Event{Title: title, Start: start, End: start.Add(2 * time.Hour), Capacity: capacity}, "discord:org")
	if err != nil {
		h.t.Fatal(err)
	}
	return ev
}

// checkInvariants verifies that the stored counts match the sign-ups, the
// waitlist index matches the waitlisted sign-ups, the capacity holds and
// the per-user index matches.
func checkInvariants(t testing.TB, db *store.DB) {
	t.Helper()
	err := db.View(func(tx *store.Tx) error {
		return Each(tx, func(ev Event) (bool, error) {
			ss, err := Signups(tx, ev.ID)
			if err != nil {
				return false, err
			}
			n := map[Status]int{}
			for _, s := range ss {
				n[s.Status]++
				if st := tx.Bucket(rootB, byUserB).Get(userKey(s.User, ev.ID)); string(st) != string(s.Status) {
					t.Errorf("event %d: index for %s says %q, sign-up says %q", ev.ID, s.User, st, s.Status)
				}
			}
			if ev.Purged {
				return true, nil
			}
			if n[StatusConfirmed] != ev.Confirmed || n[StatusWaitlist] != ev.Waitlist || n[StatusMaybe] != ev.Maybe {
				t.Errorf("event %d: counts %d/%d/%d, records %v", ev.ID, ev.Confirmed, ev.Waitlist, ev.Maybe, n)
			}
			if ev.Capacity > 0 && ev.Confirmed > ev.Capacity {
				t.Errorf("event %d: %d confirmed, capacity %d", ev.ID, ev.Confirmed, ev.Capacity)
			}
			if ev.Waitlist > 0 && ev.Capacity > 0 && ev.Confirmed < ev.Capacity {
				t.Errorf("event %d: waitlist of %d while %d places are free", ev.ID, ev.Waitlist, ev.Capacity-ev.Confirmed)
			}
			if wl := WaitlistOrder(tx, ev.ID); len(wl) != ev.Waitlist {
				t.Errorf("event %d: waitlist index has %d, count %d", ev.ID, len(wl), ev.Waitlist)
			}
			return true, nil
		})
	})
	if err != nil {
		t.Fatal(err)
	}
}

func choiceIDs(rs []bot.Reply) []string {
	var ids []string
	for _, r := range rs {
		for _, c := range r.Choices {
			ids = append(ids, c.ID)
		}
	}
	return ids
}
