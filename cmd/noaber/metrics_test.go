package main

import (
	"io"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/noaber/noaber/bot"
	"github.com/noaber/noaber/bot/metrics"
	"github.com/noaber/noaber/bot/outbox"
	"github.com/noaber/noaber/bot/store"
	"github.com/noaber/noaber/cmd/noaber/config"
)

// TestMetricsRegistryPerApp: each app serves its own registry, so two apps
// in one process neither panic on duplicate registration nor report each
// other's outbox. (With the former global registry the gauges read
// whichever app was built last.)
func TestMetricsRegistryPerApp(t *testing.T) {
	newTestApp := func(name string) *app {
		cfg, err := config.Load("")
		if err != nil {
			t.Fatal(err)
		}
		cfg.Bot.DB = filepath.Join(t.TempDir(), name+".db")
		a, err := newApp(cfg, newLogger(cfg, io.Discard, 0), nil)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { a.Close() })
		return a
	}
	a, b := newTestApp("a"), newTestApp("b")
	if err := a.db.Update(func(tx *store.Tx) error {
		for range 2 {
			if _, err := outbox.Enqueue(tx, outbox.Item{To: bot.Address{User: "nowhere:u"},
				Reply: bot.Reply{Text: "x"}, NextAttempt: time.Now().Add(time.Hour)}); err != nil {
				return err
			}
		}
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	scrape := func(x *app) string {
		rec := httptest.NewRecorder()
		x.mux.ServeHTTP(rec, httptest.NewRequest("GET", "/metrics", nil))
		if rec.Code != 200 {
			t.Fatalf("/metrics: %d", rec.Code)
		}
		return rec.Body.String()
	}
	if body := scrape(a); !strings.Contains(body, "\nnoaber_outbox_depth 2\n") {
		t.Errorf("app a reports:\n%s", grep(body, "noaber_outbox_depth"))
	}
	if body := scrape(b); !strings.Contains(body, "\nnoaber_outbox_depth 0\n") {
		t.Errorf("app b reports:\n%s", grep(body, "noaber_"))
	}
	// A registry of one's own takes Noaber's metrics once, and says so
	// the second time instead of panicking.
	reg := metrics.NewRegistry()
	if err := metrics.Register(reg); err == nil {
		t.Error("registering twice on one registry gave no error")
	}
}
