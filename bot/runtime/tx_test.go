package runtime_test

import (
	"context"
	"errors"
	"testing"

	"github.com/noaber/noaber/bot"
	"github.com/noaber/noaber/bot/runtime"
	"github.com/noaber/noaber/bot/store"
	"github.com/noaber/noaber/bot/store/storetest"
)

// keeper stores a note through the message's write set and opens a
// dialogue; "bad" queues a write that fails; "preload" reports what it
// preloaded.
type keeper struct{ db *store.DB }

func (keeper) Name() string { return "keeper" }
func (k keeper) Preload(tx *store.Tx, r *bot.Request) any {
	return string(tx.Bucket("notes").Get([]byte(r.User.ID)))
}
func (k keeper) Handle(ctx context.Context, r *bot.Request) ([]bot.Reply, bool, error) {
	switch r.Text {
	case "preload":
		v, ok := runtime.Preloaded(ctx, "keeper")
		if !ok {
			return []bot.Reply{{Text: "nothing preloaded"}}, true, nil
		}
		return []bot.Reply{{Text: "preloaded " + v.(string)}}, true, nil
	case "bad":
		_ = k.db.Write(ctx, func(tx *store.Tx) error { return errors.New("disk says no") })
	}
	if err := k.db.Write(ctx, func(tx *store.Tx) error {
		return tx.Bucket("notes").Put([]byte(r.User.ID), []byte(r.Text))
	}); err != nil {
		return nil, true, err
	}
	return []bot.Reply{{Text: "noted"}}, true, r.SetDialogue("keeper", "more", r.Text)
}

func delta(db *store.DB, do func()) store.Stats {
	before := db.Stats()
	do()
	after := db.Stats()
	return store.Stats{Reads: after.Reads - before.Reads, Writes: after.Writes - before.Writes, Commits: after.Commits - before.Commits}
}

// The capability's write, the dialogue and the language the message
// taught commit together; what a capability preloads it finds in the
// message's one read.
func TestOneReadOneWritePerMessage(t *testing.T) {
	db := storetest.Open(t)
	rt := newRouter(t, db, keeper{db})
	s := delta(db, func() { say(rt, "dit is een nieuwe notitie") })
	if s.Reads != 1 || s.Writes != 1 || s.Commits != 1 {
		t.Errorf("note, dialogue and language: %+v, want 1 read, 1 write", s)
	}
	_ = db.View(func(tx *store.Tx) error {
		p, _ := runtime.LoadProfile(tx, alice.ID)
		ds, _ := runtime.UserDialogues(tx, alice.ID)
		if string(tx.Bucket("notes").Get([]byte(alice.ID))) != "dit is een nieuwe notitie" || len(ds) != 1 || p.LastLang != bot.NL {
			t.Errorf("not all kept: note %q, dialogues %v, profile %+v", tx.Bucket("notes").Get([]byte(alice.ID)), ds, p)
		}
		return nil
	})
	var got string
	s = delta(db, func() { got = say(rt, "preload") })
	if got != "preloaded dit is een nieuwe notitie" || s.Reads != 1 {
		t.Errorf("preload: %q with %+v", got, s)
	}
	s = delta(db, func() { say(rt, "taal en") })
	if s.Writes != 1 {
		t.Errorf("taal: %d writes", s.Writes)
	}
}

// A message's writes are all kept or none: when one fails, the user is
// told it went wrong and neither the note nor the dialogue changed.
func TestFailedCommitKeepsNothing(t *testing.T) {
	db := storetest.Open(t)
	rt := newRouter(t, db, keeper{db})
	say(rt, "eerste notitie")
	got := say(rt, "bad")
	if got != bot.Msgs.T(bot.NL, "unclear.error") {
		t.Errorf("a failed commit answered %q, want the apology", got)
	}
	_ = db.View(func(tx *store.Tx) error {
		ds, _ := runtime.UserDialogues(tx, alice.ID)
		var step string
		if len(ds) == 1 {
			_ = ds[0].Decode(&step)
		}
		if n := string(tx.Bucket("notes").Get([]byte(alice.ID))); n != "eerste notitie" || step != "eerste notitie" {
			t.Errorf("partial write: note %q, dialogue data %q", n, step)
		}
		return nil
	})
}
