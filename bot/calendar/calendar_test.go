package calendar

import (
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	ics "github.com/arran4/golang-ical"

	"github.com/noaber/noaber/bot/store"
	"github.com/noaber/noaber/bot/store/storetest"
)

type fixed map[string][]Entry

func (f fixed) CalendarEntries(ctx context.Context, userID string) ([]Entry, error) {
	return f[userID], nil
}

func TestICSRoundTrip(t *testing.T) {
	start := time.Date(2026, 12, 12, 16, 0, 0, 0, time.UTC)
	data := ICS("Test", Entry{UID: "deadline-1@noaber", Title: "Subsidieronde, sluit", Start: start, Alarms: []time.Duration{24 * time.Hour, 2 * time.Hour}})
	cal, err := ics.ParseCalendar(strings.NewReader(string(data)))
	if err != nil {
		t.Fatal(err)
	}
	evs := cal.Events()
	if len(evs) != 1 {
		t.Fatalf("%d events", len(evs))
	}
	got, err := evs[0].GetStartAt()
	if err != nil || !got.Equal(start) {
		t.Errorf("start %v %v", got, err)
	}
	if s := evs[0].GetProperty(ics.ComponentPropertySummary).Value; s != "Subsidieronde, sluit" {
		t.Errorf("summary %q", s)
	}
	if !strings.Contains(string(data), "TRIGGER:-P1D") || !strings.Contains(string(data), "TRIGGER:-PT2H") {
		t.Errorf("alarms missing:\n%s", data)
	}
}

func TestFeeds(t *testing.T) {
	db := storetest.Open(t)
	src := fixed{
		"":          {{UID: "pub", Title: "Public", Start: time.Now()}},
		"console:a": {{UID: "mine", Title: "Mine", Start: time.Now()}},
	}
	mux := http.NewServeMux()
	(&Feeds{DB: db, Sources: []Source{src}}).Mount(mux)
	srv := httptest.NewServer(mux)
	defer srv.Close()

	get := func(path string) (int, string) {
		res, err := http.Get(srv.URL + path)
		if err != nil {
			t.Fatal(err)
		}
		defer res.Body.Close()
		b, _ := io.ReadAll(res.Body)
		return res.StatusCode, string(b)
	}
	if code, body := get(PublicPath); code != 200 || !strings.Contains(body, "Public") || strings.Contains(body, "Mine") {
		t.Errorf("public feed %d:\n%s", code, body)
	}
	tok, err := Token(db, "console:a")
	if err != nil {
		t.Fatal(err)
	}
	if again, _ := Token(db, "console:a"); again != tok {
		t.Error("token not stable")
	}
	if code, body := get(PersonalPath + tok + ".ics"); code != 200 || !strings.Contains(body, "Mine") {
		t.Errorf("personal feed %d:\n%s", code, body)
	}
	if code, _ := get(PersonalPath + "guess.ics"); code != 404 {
		t.Errorf("unknown token gave %d", code)
	}
	db.Update(func(tx *store.Tx) error { _, err := RevokeToken(tx, "console:a"); return err })
	if code, _ := get(PersonalPath + tok + ".ics"); code != 404 {
		t.Errorf("revoked token gave %d", code)
	}
}
