package main

import (
	"context"
	"fmt"

	"github.com/noaber/noaber/adapters/discord"
	"github.com/noaber/noaber/bot"
	"github.com/noaber/noaber/bot/admin"
	"github.com/noaber/noaber/bot/ask"
	"github.com/noaber/noaber/bot/calendar"
	"github.com/noaber/noaber/bot/check"
	"github.com/noaber/noaber/bot/events"
	"github.com/noaber/noaber/bot/privacy"
)

// wire builds the capabilities in routing order: the first that takes a
// message handles it, so specific commands come first and the question
// answerer, which takes any text, comes last. Each feature adds its block
// here, registers its scheduled-job handlers on a.sched, mounts its HTTP
// handlers on a.mux and appends background loops to a.loops.
func (a *app) wire() error {
	caps := []bot.Capability{}
	a.feeds = &calendar.Feeds{DB: a.db, Log: a.log}

	// -- eligibility checks (bot/check)
	checks, err := check.New(a.cfg.Rules, a.log)
	if err != nil {
		return err
	}
	caps = append(caps, checks)

	// -- deadlines (bot/deadlines)

	// -- events (bot/events)
	ev, err := events.New(a.cfg.Events, events.Deps{DB: a.db, Clock: a.clock, Log: a.log})
	if err != nil {
		return fmt.Errorf("events: %w", err)
	}
	if err := ev.Register(a.sched); err != nil {
		return fmt.Errorf("events: schedule retention: %w", err)
	}
	caps = append(caps, ev)
	a.feeds.Sources = append(a.feeds.Sources, ev)

	// -- privacy (bot/privacy) and role grants (bot/admin): before the
	// question answerer, so "mijn gegevens" is never taken for a question.
	priv, err := privacy.New(privacy.Deps{DB: a.db, Roles: a.roles, Log: a.log,
		Capabilities: func() []bot.Capability { return a.router.Capabilities() }})
	if err != nil {
		return err
	}
	adm, err := admin.New(a.db, a.roles, a.log)
	if err != nil {
		return err
	}
	caps = append(caps, priv, adm)
	a.loops = append(a.loops, privacy.RetentionLoop(a.db, func() []bot.Capability { return a.router.Capabilities() },
		a.cfg.Privacy.Retention(), a.clock, a.log.With("component", "retention")))
	if a.cfg.Backup.Dir != "" {
		a.loops = append(a.loops, a.backupLoop)
	}

	// -- questions (bot/ask): must stay last
	eng, err := newKnowledge(a.cfg, a.log)
	if err != nil {
		return err
	}
	asker, err := ask.New(ask.Deps{Engine: eng, DB: a.db, Log: a.log})
	if err != nil {
		return err
	}
	caps = append(caps, asker)
	a.loops = append(a.loops,
		func(ctx context.Context) error { eng.Watch(ctx); return nil },
		reloadOnHUP(eng, a.log))

	a.caps = caps
	a.feeds.Mount(a.mux)
	return nil
}

// platformAdapters builds the chat-platform adapters that are configured
// (serve runs them all in one process).
func (a *app) platformAdapters() ([]bot.Adapter, error) {
	var out []bot.Adapter

	// -- discord (adapters/discord)
	if a.cfg.Discord.Enabled {
		d, err := discord.New(a.cfg.Discord, discord.Deps{Log: a.log})
		if err != nil {
			return nil, err
		}
		out = append(out, d)
	}

	// -- mattermost (adapters/mattermost)

	return out, nil
}
