package main

import (
	"context"
	"crypto/rand"
	"fmt"
	"strings"
	"time"

	"github.com/noaber/noaber/adapters/discord"
	"github.com/noaber/noaber/adapters/matrix"
	"github.com/noaber/noaber/adapters/mattermost"
	"github.com/noaber/noaber/adapters/web"
	"github.com/noaber/noaber/bot"
	"github.com/noaber/noaber/bot/admin"
	"github.com/noaber/noaber/bot/ask"
	"github.com/noaber/noaber/bot/calendar"
	"github.com/noaber/noaber/bot/check"
	"github.com/noaber/noaber/bot/deadlines"
	"github.com/noaber/noaber/bot/events"
	"github.com/noaber/noaber/bot/outbox"
	"github.com/noaber/noaber/bot/privacy"
	"github.com/noaber/noaber/bot/store"
)

// wire builds the capabilities in routing order: the first that takes a
// message handles it, so specific commands come first and the question
// answerer, which takes any text, comes last. Each feature adds its block
// here, registers its scheduled-job handlers on a.sched, mounts its HTTP
// handlers on a.mux and appends background loops to a.loops (every
// instance) or a.leaderLoops (the leader only: work that must happen once).
func (a *app) wire() error {
	caps := []bot.Capability{}

	// Calendar feeds (public and personal); deadlines and events add their
	// Source below.
	a.feeds = &calendar.Feeds{DB: a.db, Log: a.log.With("component", "calendar")}
	a.feeds.Mount(a.mux)

	// -- eligibility checks (bot/check)
	checks, err := check.New(a.cfg.Rules, a.log)
	if err != nil {
		return err
	}
	caps = append(caps, checks)

	// -- deadlines (bot/deadlines)
	dl, err := deadlines.New(a.cfg.Deadlines, deadlines.Deps{
		DB: a.db, Sched: a.sched, Roles: a.roles, Clock: a.clock, Log: a.log,
		FeedURL: a.publicURL(), DefaultLang: a.cfg.Bot.Lang(),
	})
	if err != nil {
		return err
	}
	caps = append(caps, dl)
	a.feeds.Sources = append(a.feeds.Sources, dl)

	// -- events (bot/events)
	ev, err := events.New(a.cfg.Events, events.Deps{DB: a.db, Clock: a.clock, Log: a.log, FeedURL: a.publicURL()})
	if err != nil {
		return fmt.Errorf("events: %w", err)
	}
	if err := ev.Register(a.sched); err != nil {
		return fmt.Errorf("events: schedule retention: %w", err)
	}
	caps = append(caps, ev)
	a.feeds.Sources = append(a.feeds.Sources, ev)
	// Reminders held up in the outbox are written again when they go out.
	a.outbox.Render("reminder", func(it outbox.Item, now time.Time) (bot.Reply, bool) {
		if r, ok := dl.RenderReminder(it, now); ok {
			return r, true
		}
		return ev.RenderReminder(it, now)
	})

	// -- privacy (bot/privacy) and role grants (bot/admin): before the
	// question answerer, so "mijn gegevens" is never taken for a question.
	priv, err := privacy.New(privacy.Deps{DB: a.db, Roles: a.roles, Log: a.log,
		Capabilities: a.dataCapabilities})
	if err != nil {
		return err
	}
	adm, err := admin.New(a.db, a.roles, a.log)
	if err != nil {
		return err
	}
	caps = append(caps, priv, adm)
	a.leaderLoops = append(a.leaderLoops, privacy.RetentionLoop(a.db, func() []bot.Capability { return a.router.Capabilities() },
		a.cfg.Privacy.Retention(), a.clock, a.log.With("component", "retention")))
	if a.cfg.Backup.Dir != "" {
		a.leaderLoops = append(a.leaderLoops, a.backupLoop)
	}

	// -- matrix (adapters/matrix): the direct room kept per user, for
	// "mijn gegevens" / "vergeet mij"; it answers no message.
	if a.cfg.Matrix.Enabled {
		caps = append(caps, matrix.Privacy{})
	}

	// -- questions (bot/ask): must stay last
	eng, err := newKnowledge(a.cfg, a.log, a.clock)
	if err != nil {
		return err
	}
	asker, err := ask.New(ask.Deps{Engine: eng, DB: a.db, Log: a.log, Checks: checks})
	if err != nil {
		return err
	}
	caps = append(caps, asker)
	// a case question that starts a check is the context of its follow-ups
	checks.KeepCasesWith(asker)
	a.loops = append(a.loops,
		func(ctx context.Context) error { eng.Watch(ctx); return nil },
		reloadOnHUP(eng, a.log))

	a.caps = caps
	return nil
}

// platformAdapters builds the chat-platform adapters that are configured
// (serve runs them all in one process).
func (a *app) platformAdapters() ([]bot.Adapter, error) {
	var out []bot.Adapter

	// -- discord (adapters/discord)
	if a.cfg.Discord.Enabled {
		// The command table and the autocomplete sources are the
		// router's, which the capabilities declare.
		d, err := discord.New(a.cfg.Discord, discord.Deps{Log: a.log, Commands: a.router})
		if err != nil {
			return nil, err
		}
		out = append(out, d)
	}

	// -- mattermost (adapters/mattermost)
	if mc := a.cfg.Mattermost; mc.Enabled {
		public := a.cfg.HTTP.PublicURL
		if public == "" && a.cfg.HTTP.Listen != "" {
			host := a.cfg.HTTP.Listen
			if strings.HasPrefix(host, ":") {
				host = "localhost" + host
			}
			public = "http://" + host
		}
		mm, err := mattermost.New(mc, mattermost.Deps{Log: a.log, PublicURL: public, Marks: storeMarks{a.db}, Retry: a.queueReply,
			Commands: a.router})
		if err != nil {
			return nil, err
		}
		out = append(out, mm)
	}

	// -- matrix (adapters/matrix)
	if a.cfg.Matrix.Enabled {
		mx, err := matrix.New(a.cfg.Matrix, matrix.Deps{DB: a.db, Log: a.log, Lang: a.cfg.Bot.Lang()})
		if err != nil {
			return nil, err
		}
		out = append(out, mx)
	}

	// -- web chat (adapters/web)
	if wc := a.cfg.Web; wc.Enabled {
		secret, err := webSecret(a.db)
		if err != nil {
			return nil, err
		}
		w, err := web.New(wc, web.Deps{Secret: secret, PublicURL: a.publicURL(), Wake: a.outbox.Wake,
			Log: a.log, Clock: a.clock, Lang: a.cfg.Bot.Lang()})
		if err != nil {
			return nil, err
		}
		out = append(out, w)
	}

	// Adapters that serve HTTP (Mattermost's callbacks, the web chat)
	// declare it; their routes are theirs to know.
	for _, ad := range out {
		if m, ok := ad.(bot.HTTPMounter); ok {
			m.Mount(a.mux)
		}
	}
	a.mu.Lock()
	a.holders = nil
	for _, ad := range out {
		if h, ok := ad.(store.DataHolder); ok {
			a.holders = append(a.holders, adapterHolder{ad, h})
		}
	}
	a.mu.Unlock()
	return out, nil
}

// adapterHolder lets an adapter that keeps data about users (the web
// chat's history) answer "mijn gegevens" and "vergeet mij" next to the
// capabilities; it handles no messages.
type adapterHolder struct {
	bot.Adapter
	store.DataHolder
}

func (adapterHolder) Handle(context.Context, *bot.Request) ([]bot.Reply, bool, error) {
	return nil, false, nil
}

// dataCapabilities are the router's capabilities and the adapters that
// hold data about users, for privacy export and erasure.
func (a *app) dataCapabilities() []bot.Capability {
	a.mu.Lock()
	defer a.mu.Unlock()
	out := append([]bot.Capability(nil), a.router.Capabilities()...)
	return append(out, a.holders...)
}

// webSecret is the key that signs web visitors' cookies: made once, kept
// in the store, so visitors stay known across restarts.
func webSecret(db *store.DB) ([]byte, error) {
	var key []byte
	err := db.Update(func(tx *store.Tx) error {
		b := tx.Bucket("web")
		if k := b.Get([]byte("cookie_secret")); len(k) >= 32 {
			key = append([]byte(nil), k...)
			return nil
		}
		key = make([]byte, 32)
		if _, err := rand.Read(key); err != nil {
			return err
		}
		return b.Put([]byte("cookie_secret"), key)
	})
	if err != nil {
		return nil, fmt.Errorf("web chat cookie secret: %w", err)
	}
	return key, nil
}
