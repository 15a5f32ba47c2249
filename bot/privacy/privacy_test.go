package privacy

import (
	"context"
	"encoding/json"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/noaber/noaber/bot"
	"github.com/noaber/noaber/bot/calendar"
	"github.com/noaber/noaber/bot/clock"
	"github.com/noaber/noaber/bot/outbox"
	"github.com/noaber/noaber/bot/runtime"
	"github.com/noaber/noaber/bot/store"
	"github.com/noaber/noaber/bot/store/storetest"
	"github.com/noaber/noaber/units"
)

// signups is a fake feature that keeps sign-ups in its own bucket and, like
// the events capability, promotes the waitlist when someone is erased.
type signups struct{}

func (signups) Name() string { return "events" }
func (signups) Handle(context.Context, *bot.Request) ([]bot.Reply, bool, error) {
	return nil, false, nil
}

func (signups) ExportUser(tx *store.Tx, userID string) (any, error) {
	var out []string
	err := tx.Bucket("fake_signups").ForEach(func(k, v []byte) error {
		if string(v) == userID {
			out = append(out, string(k))
		}
		return nil
	})
	return out, err
}

func (signups) EraseUser(tx *store.Tx, userID string) (int, error) {
	b := tx.Bucket("fake_signups")
	var mine []string
	_ = b.ForEach(func(k, v []byte) error {
		if string(v) == userID {
			mine = append(mine, string(k))
		}
		return nil
	})
	for _, k := range mine {
		if err := b.Delete([]byte(k)); err != nil {
			return 0, err
		}
		// The first waitlisted gets the place, in the same transaction.
		if w := tx.Bucket("fake_waitlist").Get([]byte(k)); w != nil {
			if err := b.Put([]byte(k), append([]byte(nil), w...)); err != nil {
				return 0, err
			}
			if err := tx.Bucket("fake_waitlist").Delete([]byte(k)); err != nil {
				return 0, err
			}
		}
	}
	return len(mine), nil
}

// nothing holds nothing and says so with a typed nil.
type nothing struct{}

func (nothing) Name() string { return "check" }
func (nothing) Handle(context.Context, *bot.Request) ([]bot.Reply, bool, error) {
	return nil, false, nil
}
func (nothing) ExportUser(*store.Tx, string) (any, error) { return []int(nil), nil }
func (nothing) EraseUser(*store.Tx, string) (int, error)  { return 0, nil }

const alice, bob = "discord:alice", "discord:bob"

var t0 = time.Date(2026, 3, 2, 10, 0, 0, 0, time.UTC)

// fixture stores something of every kind about alice, and a little about bob.
func fixture(t *testing.T) (*store.DB, *runtime.Roles, *runtime.Router, *clock.Fake) {
	t.Helper()
	db := storetest.Open(t)
	roles := runtime.NewRoles(db, nil)
	clk := clock.NewFake(t0)
	var rt *runtime.Router
	p, err := New(Deps{DB: db, Roles: roles, Capabilities: func() []bot.Capability { return rt.Capabilities() }})
	if err != nil {
		t.Fatal(err)
	}
	rt, err = runtime.NewRouter(runtime.RouterConfig{DB: db, Roles: roles, Clock: clk}, p, signups{}, nothing{})
	if err != nil {
		t.Fatal(err)
	}
	err = db.Update(func(tx *store.Tx) error {
		must := func(err error) {
			if err != nil {
				t.Fatal(err)
			}
		}
		must(runtime.SaveProfile(tx, alice, runtime.Profile{Lang: bot.NL}))
		must(runtime.SaveProfile(tx, bob, runtime.Profile{Lang: bot.EN}))
		must(roles.Grant(tx, alice, bot.RoleOrganiser))
		must(tx.Bucket("fake_signups").Put([]byte("event1"), []byte(alice)))
		must(tx.Bucket("fake_waitlist").Put([]byte("event1"), []byte(bob)))
		_, err := outbox.Enqueue(tx, outbox.Item{Key: "r1", To: bot.ToUser(alice), Reply: bot.Reply{Text: "herinnering"}, Created: t0})
		must(err)
		_, err = outbox.Enqueue(tx, outbox.Item{Key: "r2", To: bot.ToUser(bob), Reply: bot.Reply{Text: "reminder"}, Created: t0})
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := calendar.Token(db, alice); err != nil {
		t.Fatal(err)
	}
	// An open dialogue, stored by the router itself.
	_ = db.Update(func(tx *store.Tx) error {
		raw, _ := json.Marshal(bot.Dialogue{Owner: "check", Step: "q1", Started: t0, Updated: t0})
		return tx.Bucket("dialogues").Put([]byte(alice+"\x00discord:chan"), raw)
	})
	return db, roles, rt, clk
}

func say(rt *runtime.Router, user, text string) []bot.Reply {
	return rt.Handle(context.Background(), bot.Inbound{User: bot.User{ID: user}, Conv: bot.Conversation{ID: "discord:chan", Kind: bot.Channel}, Text: text})
}

func click(rt *runtime.Router, user, id string) []bot.Reply {
	return rt.Handle(context.Background(), bot.Inbound{User: bot.User{ID: user}, Conv: bot.Conversation{ID: "discord:chan", Kind: bot.Channel}, Action: &bot.Action{ID: id}})
}

func TestExportCollectsEveryKind(t *testing.T) {
	db, roles, rt, _ := fixture(t)
	rep, err := Export(db, Holders(rt.Capabilities()), roles, alice, t0)
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]int{}
	for _, c := range rep.Counts() {
		got[c.Kind] = c.N
	}
	want := map[string]int{KindProfile: 1, KindDialogues: 1, KindRoles: 1, KindMessages: 1, KindCalendar: 1, "events": 1}
	for k, n := range want {
		if got[k] != n {
			t.Errorf("%s: %d, want %d (all: %v)", k, got[k], n, got)
		}
	}
	if _, ok := rep.Features["check"]; ok {
		t.Error("a holder with nothing (typed nil) appears in the export")
	}
	if rep.Messages[0].Reply.Text != "herinnering" {
		t.Error("bob's message in alice's export")
	}
}

func TestMyDataIsSentByDirectMessage(t *testing.T) {
	_, _, rt, _ := fixture(t)
	for _, text := range []string{"mijn gegevens", "My data!", "/mijngegevens"} {
		replies := say(rt, alice, text)
		if len(replies) != 2 {
			t.Fatalf("%q: %d replies, want a DM and a pointer to it", text, len(replies))
		}
		dm := replies[0]
		if dm.Visibility != bot.DM || len(dm.Files) != 1 || !strings.Contains(dm.Text, "rollen: 1") && !strings.Contains(dm.Text, "roles: 1") {
			t.Fatalf("%q: DM = %+v", text, dm)
		}
		var rep Report
		if err := json.Unmarshal(dm.Files[0].Data, &rep); err != nil || rep.UserID != alice || len(rep.Features["events"].([]any)) != 1 {
			t.Fatalf("%q: file = %s (%v)", text, dm.Files[0].Data, err)
		}
		if replies[1].Visibility != bot.Private {
			t.Errorf("%q: the pointer to the DM is public", text)
		}
	}
}

func TestForgetMeNeedsConfirmationAndErasesAll(t *testing.T) {
	db, roles, rt, clk := fixture(t)
	bobBefore, _ := Export(db, Holders(rt.Capabilities()), roles, bob, t0)

	replies := say(rt, alice, "vergeet mij")
	if len(replies) != 1 || len(replies[0].Choices) != 2 || replies[0].Visibility != bot.Private {
		t.Fatalf("confirmation = %+v", replies)
	}
	// Nothing is gone before the click.
	if rep, _ := Export(db, Holders(rt.Capabilities()), roles, alice, t0); rep.Empty() {
		t.Fatal("erased before confirmation")
	}
	yes := replies[0].Choices[0].ID

	// Bob clicking alice's button erases nothing.
	if r := click(rt, bob, yes); !strings.Contains(r[0].Text, Msgs.T(bot.EN, "forget.not_yours")) {
		t.Fatalf("bob's click: %+v", r)
	}
	clk.Advance(time.Minute)
	r := click(rt, alice, yes)
	if len(r) != 1 || !strings.HasPrefix(r[0].Text, Msgs.T(bot.NL, "forget.done")) || !r[0].Replace {
		t.Fatalf("erase reply: %+v", r)
	}
	for _, kind := range []string{"taalkeuze: 1", "rollen: 1", "aanmeldingen en evenementen: 1", "persoonlijke agenda-link: 1", "lopende gesprekken: 1"} {
		if !strings.Contains(r[0].Text, kind) {
			t.Errorf("erase reply lacks %q:\n%s", kind, r[0].Text)
		}
	}
	rep, err := Export(db, Holders(rt.Capabilities()), roles, alice, t0)
	if err != nil || !rep.Empty() {
		t.Fatalf("after erase alice still has %+v (%v)", rep, err)
	}
	if slices.Contains(roles.Of(bot.User{ID: alice}), bot.RoleOrganiser) {
		t.Error("granted role survived")
	}
	// Bob kept his data and got alice's place.
	bobAfter, _ := Export(db, Holders(rt.Capabilities()), roles, bob, t0)
	if len(bobAfter.Messages) != len(bobBefore.Messages) || bobAfter.Profile == nil {
		t.Error("bob lost data")
	}
	if n := records(bobAfter.Features["events"]); n != 1 {
		t.Errorf("bob was not promoted from the waitlist: %v", bobAfter.Features)
	}
}

func TestForgetButtonExpiresAndNoKeeps(t *testing.T) {
	db, roles, rt, clk := fixture(t)
	yes := say(rt, alice, "forget me")[0].Choices[0].ID
	clk.Advance(ConfirmTTL + time.Second)
	if r := click(rt, alice, yes); r[0].Text != Msgs.T(bot.NL, "forget.expired") {
		t.Fatalf("expired click: %+v", r)
	}
	if r := click(rt, alice, actKeep); r[0].Text != Msgs.T(bot.NL, "forget.kept") {
		t.Fatalf("no: %+v", r)
	}
	if rep, _ := Export(db, Holders(rt.Capabilities()), roles, alice, t0); rep.Empty() {
		t.Fatal("data erased without a valid confirmation")
	}
}

func TestEraseIsAllOrNothing(t *testing.T) {
	db, roles, rt, _ := fixture(t)
	hs := append(Holders(rt.Capabilities()), Holder{Name: "broken", DataHolder: failing{}})
	if _, err := Erase(db, hs, roles, alice); err == nil || !strings.Contains(err.Error(), "broken") {
		t.Fatalf("erase with a failing holder: %v", err)
	}
	if rep, _ := Export(db, Holders(rt.Capabilities()), roles, alice, t0); len(rep.Features["events"].([]string)) != 1 || rep.Profile == nil {
		t.Fatal("a failed erase removed something")
	}
}

type failing struct{}

func (failing) ExportUser(*store.Tx, string) (any, error) { return nil, nil }
func (failing) EraseUser(*store.Tx, string) (int, error)  { return 0, errBroken }

var errBroken = &json.UnsupportedValueError{Str: "broken on purpose"}

func TestRetentionPurgesOldDialoguesAndDeadLetters(t *testing.T) {
	db, _, rt, _ := fixture(t)
	_ = db.Update(func(tx *store.Tx) error {
		raw, _ := json.Marshal(bot.Dialogue{Owner: "check", Updated: t0.Add(-40 * 24 * time.Hour)})
		return tx.Bucket("dialogues").Put([]byte(bob+"\x00discord:chan"), raw)
	})
	keep := Config{}.Retention()
	if db.ScrubDue() {
		t.Fatal("scrub due before anything was deleted")
	}
	removed, err := Purge(db, rt.Capabilities(), keep, t0)
	if err != nil {
		t.Fatal(err)
	}
	if removed[KindDialogues] != 1 {
		t.Errorf("removed %v, want bob's old dialogue only", removed)
	}
	// The deleted dialogue must leave the file: a compaction is due.
	if !db.ScrubDue() {
		t.Error("retention deleted personal data without marking the file for compaction")
	}
	if ran, err := db.Scrub(); !ran || err != nil {
		t.Errorf("scrub: %v %v", ran, err)
	}
	if _, err := Purge(db, rt.Capabilities(), keep, t0); err != nil || db.ScrubDue() {
		t.Errorf("a retention run that removed nothing marked the file: %v", err)
	}
	var left []bot.Dialogue
	_ = db.View(func(tx *store.Tx) error { left, _ = runtime.UserDialogues(tx, alice); return nil })
	if len(left) != 1 {
		t.Error("a fresh dialogue was purged")
	}
}

func TestConfigValidateAndDefaults(t *testing.T) {
	if r := (Config{}).Retention(); r.Dialogues != DefaultDialogues || r.Feedback != DefaultFeedback {
		t.Errorf("defaults = %+v", r)
	}
	bad := Config{Dialogues: units.Duration{Duration: time.Hour}}
	if err := bad.Validate(); err == nil || !strings.HasPrefix(err.Error(), "privacy.dialogues:") {
		t.Errorf("an hour of dialogues: %v", err)
	}
	if err := (Config{Feedback: units.Duration{Duration: -time.Hour}}).Validate(); err == nil || !strings.HasPrefix(err.Error(), "privacy.feedback:") {
		t.Errorf("negative feedback: %v", err)
	}
}

func TestParse(t *testing.T) {
	for text, want := range map[string]Command{
		"mijn gegevens": Show, "  Mijn   Gegevens? ": Show, "/mydata": Show, "@noaber my data": Show,
		"vergeet mij": Forget, "Forget me!": Forget, "verwijder mijn gegevens": Forget,
		"privacy": Info, "wat doen jullie met mijn gegevens?": None, "my data is wrong": None, "": None,
	} {
		if got := Parse(text); got != want {
			t.Errorf("Parse(%q) = %v, want %v", text, got, want)
		}
	}
}

func FuzzParse(f *testing.F) {
	for _, s := range []string{"mijn gegevens", "vergeet mij", "/forget me!", "@noaber privacy", "\x00", "privacy:forget:1:ab"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		c := Parse(s)
		if c != None && normalise(s) == "" {
			t.Errorf("empty text parsed as %v", c)
		}
		// Surrounding punctuation and space never matter.
		if c != None && Parse("  "+s+"?! ") != c {
			t.Errorf("%q is %v, but not with punctuation around it", s, c)
		}
		if at, tag, ok := parseForgetAction(s); ok && (tag == "" || at.Unix() < 0) {
			t.Errorf("parseForgetAction(%q) = %v %q", s, at, tag)
		}
	})
}

func TestCatalog(t *testing.T) {
	if err := Msgs.Check(); err != nil {
		t.Fatal(err)
	}
}
