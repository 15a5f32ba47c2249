package main

import (
	"github.com/noaber/noaber/bot"
	"github.com/noaber/noaber/bot/check"
)

// wire builds the capabilities in routing order: the first that takes a
// message handles it, so specific commands come first and the question
// answerer, which takes any text, comes last. Each feature adds its block
// here, registers its scheduled-job handlers on a.sched, mounts its HTTP
// handlers on a.mux and appends background loops to a.loops.
func (a *app) wire() error {
	caps := []bot.Capability{}

	// -- eligibility checks (bot/check)
	checks, err := check.New(a.cfg.Rules, a.log)
	if err != nil {
		return err
	}
	caps = append(caps, checks)

	// -- deadlines (bot/deadlines)

	// -- events (bot/events)

	// -- privacy (bot/privacy)

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
