package main

import (
	"strings"

	"github.com/noaber/noaber/adapters/mattermost"
	"github.com/noaber/noaber/bot"
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
	if mc := a.cfg.Mattermost; mc.Enabled {
		public := a.cfg.HTTP.PublicURL
		if public == "" && a.cfg.HTTP.Listen != "" {
			host := a.cfg.HTTP.Listen
			if strings.HasPrefix(host, ":") {
				host = "localhost" + host
			}
			public = "http://" + host
		}
		mm, err := mattermost.New(mc, mattermost.Deps{Log: a.log, PublicURL: public})
		if err != nil {
			return nil, err
		}
		mm.Mount(a.mux)
		out = append(out, mm)
	}

	return out, nil
}
