package main

import (
	"context"
	"log/slog"
	"os"
	"os/signal"
	"syscall"

	"github.com/noaber/noaber/cmd/noaber/config"
	"github.com/noaber/noaber/knowledge"
	"github.com/noaber/noaber/knowledge/llm"
)

// newKnowledge builds the answer engine from [knowledge] and [llm].
func newKnowledge(cfg *config.Config, log *slog.Logger) (*knowledge.Engine, error) {
	deps := knowledge.Deps{Log: log}
	if cfg.LLM.Enabled() {
		c, err := llm.New(cfg.LLM)
		if err != nil {
			return nil, err
		}
		deps.Generator, deps.GeneratorTimeout = c, c.Timeout()
	}
	return knowledge.New(cfg.Knowledge, deps)
}

// reloadOnHUP reloads the engine's local documents on SIGHUP until ctx
// ends: the operator's way to apply an edit without waiting for the poll.
func reloadOnHUP(eng *knowledge.Engine, log *slog.Logger) func(ctx context.Context) error {
	return func(ctx context.Context) error {
		ch := make(chan os.Signal, 1)
		signal.Notify(ch, syscall.SIGHUP)
		defer signal.Stop(ch)
		for {
			select {
			case <-ctx.Done():
				return nil
			case <-ch:
				if err := eng.Reload(); err != nil {
					log.Warn("reload knowledge", "err", err)
				}
			}
		}
	}
}
