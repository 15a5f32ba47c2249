package main

import (
	"context"
	"errors"
	"github.com/noaber/noaber/bot/clock"
	"log/slog"
	"os"
	"os/signal"
	"syscall"

	"github.com/noaber/noaber/bot"
	"github.com/noaber/noaber/cmd/noaber/config"
	"github.com/noaber/noaber/knowledge"
	"github.com/noaber/noaber/knowledge/llm"
)

// newKnowledge builds the answer engine from [knowledge] and [llm].
// clk tells the date, so the documents valid today are preferred; nil means
// the real clock.
func newKnowledge(cfg *config.Config, log *slog.Logger, clk clock.Clock) (*knowledge.Engine, error) {
	deps := knowledge.Deps{Log: log}
	if clk != nil {
		deps.Now = clk.Now
	}
	if cfg.LLM.Enabled() {
		c, err := llm.New(cfg.LLM)
		if err != nil {
			return nil, err
		}
		deps.Generator, deps.GeneratorTimeout = limitedGenerator{c}, c.Timeout()
		if cfg.LLM.Rewrite {
			deps.Rewriter, deps.RewriteTimeout = limitedGenerator{c}, c.RewriteTimeout()
		}
	}
	return knowledge.New(cfg.Knowledge, deps)
}

// limitedGenerator applies the per-user limit on expensive work ([limits]
// expensive_per_minute) to LLM calls: the router puts the request in the
// context, so the limit needs no change to the engine. Over the limit the
// engine gets an error and answers extractively, from the knowledge base.
type limitedGenerator struct{ knowledge.Generator }

// errLLMLimited is what the engine sees when the user is over the limit.
var errLLMLimited = errors.New("over the per-user limit on LLM calls; answering without the LLM")

// Complete calls the LLM when the user is within the limit.
func (g limitedGenerator) Complete(ctx context.Context, system, user string) (string, error) {
	if !bot.AllowExpensive(ctx) {
		return "", errLLMLimited
	}
	return g.Generator.Complete(ctx, system, user)
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
