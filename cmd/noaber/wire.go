package main

import (
	"github.com/noaber/noaber/bot"
	"github.com/noaber/noaber/bot/admin"
	"github.com/noaber/noaber/bot/privacy"
)

// wire builds the capabilities in routing order: the first that takes a
// message handles it, so specific commands come first and the question
// answerer, which takes any text, comes last. Each feature adds its block
// here, registers its scheduled-job handlers on a.sched, mounts its HTTP
// handlers on a.mux and appends background loops to a.loops.
func (a *app) wire() error {
	caps := []bot.Capability{}

	// -- eligibility checks (bot/check)

	// -- deadlines (bot/deadlines)

	// -- events (bot/events)

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

	a.caps = caps
	return nil
}

// platformAdapters builds the chat-platform adapters that are configured
// (serve runs them all in one process).
func (a *app) platformAdapters() ([]bot.Adapter, error) {
	var out []bot.Adapter

	// -- discord (adapters/discord)

	// -- mattermost (adapters/mattermost)

	return out, nil
}
