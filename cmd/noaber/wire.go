package main

import (
	"fmt"

	"github.com/noaber/noaber/bot"
	"github.com/noaber/noaber/bot/calendar"
	"github.com/noaber/noaber/bot/events"
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

	// -- privacy (bot/privacy)

	// -- questions (bot/ask): must stay last

	a.caps = caps
	a.feeds.Mount(a.mux)
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
