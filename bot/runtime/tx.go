package runtime

import (
	"context"
	"errors"
	"strings"
	"time"

	"github.com/noaber/noaber/bot"
	"github.com/noaber/noaber/bot/store"
)

// One read and at most one write per message. The router reads
// everything a message needs before any capability sees it — the user's
// profile (language), granted roles, the open dialogue and what
// capabilities preload (Preloader) — in one read transaction, closed
// before dispatch, so no slow capability (an LLM call) holds it open.
// Every write of the message is queued in its write set (store.Writes):
// the language it detected, "taal", the dialogue, and whatever the
// capability writes with store.DB.Write. The write set commits once, in a
// group commit (store.DB.Batch), after the capability returned and before
// the replies go out. A capability whose reply reports the outcome of a
// read-modify-write (a sign-up, a vote) commits that itself with Batch.

// Preloader is implemented by capabilities that read per message (the
// question answerer's follow-up context). Preload runs inside the
// message's one read transaction, before any capability handles it, for
// every message; what it returns the capability finds with Preloaded. It
// must only read, and quickly.
type Preloader interface {
	Preload(tx *store.Tx, r *bot.Request) any
}

type preloadKey struct{}

// Preloaded returns what the capability name preloaded for the message
// ctx is handling; ok is false outside the router (tests, the one-shot
// CLI), where the capability reads for itself.
func Preloaded(ctx context.Context, name string) (v any, ok bool) {
	m, _ := ctx.Value(preloadKey{}).(map[string]any)
	v, ok = m[name]
	return v, ok
}

// read builds the request for in from one read transaction and queues the
// language it learned in w.
func (rt *Router) read(in bot.Inbound, text string, now time.Time, w *store.Writes) (*bot.Request, bot.Lang, map[string]any) {
	user := in.User
	r := &bot.Request{In: in, Text: text, Now: now}
	var (
		p        Profile
		read     []byte
		explicit bool
		learned  bot.Lang
		preload  map[string]any
	)
	err := rt.cfg.DB.View(func(tx *store.Tx) error {
		var err error
		if p, err = LoadProfile(tx, user.ID); err != nil {
			rt.cfg.Log.Error("load profile", "err", err)
		}
		user.Roles = rt.cfg.Roles.OfTx(tx, in.User)
		r.User = user
		r.Lang, explicit, learned = pickLang(p, text, in.Lang, rt.cfg.DefaultLang)
		if r.Dialogue, err = loadDialogue(tx, user.ID, in.Conv.ID, now); err != nil {
			rt.cfg.Log.Error("load dialogue", "err", err)
		}
		read = storedDialogue(tx, user.ID, in.Conv.ID)
		for _, c := range rt.caps {
			if pl, ok := c.(Preloader); ok {
				if preload == nil {
					preload = map[string]any{}
				}
				preload[c.Name()] = pl.Preload(tx, r)
			}
		}
		return nil
	})
	if err != nil { // the file could not be read: go on with what is known
		rt.cfg.Log.Error("read message state", "err", err)
		r.User = user
		r.User.Roles = rt.cfg.Roles.OfTx(nil, in.User)
		r.Lang, explicit, learned = pickLang(Profile{}, text, in.Lang, rt.cfg.DefaultLang)
	}
	if learned.Valid() {
		// Read and write in one transaction: a "taal" set meanwhile from
		// another conversation is kept.
		w.Add(func(tx *store.Tx) error {
			p, err := LoadProfile(tx, user.ID)
			if err != nil {
				return err
			}
			p.LastLang = learned
			return SaveProfile(tx, user.ID, p)
		})
	}
	var dlang bot.Lang
	if d := r.Dialogue; d != nil && d.Lang.Valid() && !explicit {
		dlang = d.Lang // the dialogue goes on in the language it started in
	}
	r.Bind(read, dlang, countedLimit{rt.cfg.ExpensiveLimit})
	return r, r.Lang, preload
}

// withPreloaded returns ctx carrying what capabilities preloaded.
func withPreloaded(ctx context.Context, m map[string]any) context.Context {
	if m == nil {
		return ctx
	}
	return context.WithValue(ctx, preloadKey{}, m)
}

// saveDialogue queues the dialogue change of r: stored only when the
// stored record is still the one r read, so an erasure or purge that came
// in between wins.
func (rt *Router) saveDialogue(w *store.Writes, r *bot.Request, set *bot.Dialogue, capName string) {
	w.Add(func(tx *store.Tx) error {
		err := saveDialogueIf(tx, r.User.ID, r.In.Conv.ID, r.StoredDialogue(), set)
		if errors.Is(err, errDialogueChanged) {
			tx.OnCommit(func() {
				rt.cfg.Log.Info("dialogue changed meanwhile (erased or purged); left as it is", "capability", capName)
			})
			return nil
		}
		return err
	})
}

// commit commits the message's write set. When that fails nothing of the
// message was kept, and the user is told so instead of the replies that
// assumed it was.
func (rt *Router) commit(w *store.Writes, lang bot.Lang, replies []bot.Reply) []bot.Reply {
	if err := w.Commit(); err != nil {
		rt.cfg.Log.Error("commit message", "err", err)
		return []bot.Reply{{Text: bot.Msgs.T(lang, "unclear.error")}}
	}
	return replies
}

// write queues fn in the write set of the message r (builtin commands,
// which see only r).
func (rt *Router) write(r *bot.Request, fn func(*store.Tx) error) error {
	if w, ok := rt.writes.Load(r); ok {
		w.(*store.Writes).Add(fn)
		return nil
	}
	return rt.cfg.DB.Batch(fn)
}

// pickLang picks the reply language from the user's profile: the user's
// choice, else the language the message is clearly in, else the language
// of their last clear message, else the client's language (client, when
// the platform tells, for a message with nothing to read such as a button
// click), else def. The language sticks: once known, only a message of
// more than one word clearly in the other language changes it, never one
// word ("yes", "help"). explicit reports a choice made with
// "taal"/"language"; learned is a newly detected language to remember.
func pickLang(p Profile, text string, client, def bot.Lang) (lang bot.Lang, explicit bool, learned bot.Lang) {
	if p.Lang.Valid() {
		return p.Lang, true, ""
	}
	detected, ok := bot.DetectLang(text)
	if ok && p.LastLang.Valid() && detected != p.LastLang && len(strings.Fields(text)) < 2 {
		ok = false // too little to change a known language
	}
	if ok {
		if detected != p.LastLang {
			learned = detected
		}
		return detected, false, learned
	}
	// Nothing to read (a button click): the language of the user's client,
	// when the platform tells.
	if client.Valid() && !p.LastLang.Valid() {
		return client, false, ""
	}
	if p.LastLang.Valid() {
		return p.LastLang, false, ""
	}
	return def, false, ""
}
