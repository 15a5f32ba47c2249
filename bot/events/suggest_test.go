package events

import (
	"strings"
	"testing"
	"time"

	"github.com/noaber/noaber/bot"
	"github.com/noaber/noaber/bot/clock"
	"github.com/noaber/noaber/bot/schedule"
	"github.com/noaber/noaber/bot/store"
	"github.com/noaber/noaber/bot/store/storetest"
)

func TestSuggestUpcomingEvents(t *testing.T) {
	db := storetest.Open(t)
	clk := clock.NewFake(time.Date(2026, 11, 25, 10, 0, 0, 0, clock.Amsterdam))
	s, err := New(Config{}, Deps{DB: db, Clock: clk})
	if err != nil {
		t.Fatal(err)
	}
	long := strings.Repeat("Netwerkavond maatschappelijk aanbesteden ", 5)
	for _, title := range []string{"Buurtkamer open dag", long} {
		if _, err := s.Create(Event{Title: title, Start: clk.Now().Add(48 * time.Hour), End: clk.Now().Add(50 * time.Hour)}, "console:operator"); err != nil {
			t.Fatal(err)
		}
	}
	got := s.Suggest("buurt", bot.NL)
	if len(got) != 1 || got[0].ID != "1" || !strings.Contains(got[0].Label, "Buurtkamer") {
		t.Fatalf("Suggest(buurt) = %+v", got)
	}
	all := s.Suggest("", bot.NL)
	if len(all) != 2 || len(all[1].Label) > 100 {
		t.Errorf("Suggest('') = %+v", all)
	}
}

func TestRegisterAppliesChangedReminderConfig(t *testing.T) {
	db := storetest.Open(t)
	clk := clock.NewFake(time.Date(2026, 11, 25, 10, 0, 0, 0, clock.Amsterdam))
	old, err := New(Config{Reminders: []string{"1d"}}, Deps{DB: db, Clock: clk})
	if err != nil {
		t.Fatal(err)
	}
	ev, err := old.Create(Event{Title: "Netwerkavond", Start: clk.Now().Add(72 * time.Hour), End: clk.Now().Add(74 * time.Hour)}, "console:operator")
	if err != nil {
		t.Fatal(err)
	}
	// The operator changes [events] reminders and restarts.
	changed, err := New(Config{Reminders: []string{"2d", "1h"}}, Deps{DB: db, Clock: clk})
	if err != nil {
		t.Fatal(err)
	}
	if err := changed.Register(schedule.New(db, clk, nil)); err != nil {
		t.Fatal(err)
	}
	db.View(func(tx *store.Tx) error {
		for off, want := range map[string]bool{"24h0m0s": false, "48h0m0s": true, "1h0m0s": true} {
			_, ok, _ := schedule.Get(tx, jobPrefix(ev.ID)+"remind:"+off)
			if ok != want {
				t.Errorf("reminder %s scheduled = %v, want %v", off, ok, want)
			}
		}
		return nil
	})
}
