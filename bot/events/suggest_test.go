package events

import (
	"strings"
	"testing"
	"time"

	"github.com/noaber/noaber/bot"
	"github.com/noaber/noaber/bot/clock"
	"github.com/noaber/noaber/bot/store"
)

func TestSuggestUpcomingEvents(t *testing.T) {
	db := store.OpenTest(t)
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
