package main

import (
	"context"
	"testing"
	"time"

	"github.com/noaber/noaber/bot"
	"github.com/noaber/noaber/bot/outbox"
)

// TestAdapterWiringKeepsMarksAndQueuesReplies: the Mattermost adapter's
// catch-up mark survives in the database, and a reply it could not
// deliver waits in the outbox.
func TestAdapterWiringKeepsMarksAndQueuesReplies(t *testing.T) {
	a := securityApp(t)
	m := storeMarks{a.db}
	if _, ok, err := m.Mark("mattermost.catch_up"); ok || err != nil {
		t.Fatalf("fresh database has a mark: %v %v", ok, err)
	}
	at := time.UnixMilli(1764000000123)
	if err := m.SetMark("mattermost.catch_up", at); err != nil {
		t.Fatal(err)
	}
	if got, ok, _ := m.Mark("mattermost.catch_up"); !ok || !got.Equal(at) {
		t.Errorf("mark = %v %v, want %v", got, ok, at)
	}
	if err := a.queueReply(context.Background(), bot.Address{User: "mattermost:abc"}, bot.Reply{Text: "Je bent aangemeld."}); err != nil {
		t.Fatal(err)
	}
	if s, _ := outbox.Stats(a.db); s.Pending != 1 {
		t.Errorf("pending %d, want the queued reply", s.Pending)
	}
}
