package mattermost

import (
	"context"
	"errors"

	"github.com/noaber/noaber/bot"
)

var _ bot.CallbackServer = (*Adapter)(nil)

// ServeCallbacks answers the slash command and button clicks (mounted by
// Mount) until ctx ends, without the websocket. With several instances
// every instance runs it, and only the leader runs Run. It asks who the
// bot is first (replies by direct message need the bot's id), retrying
// while the server is unreachable; it returns an error only when the
// server refuses the token.
func (a *Adapter) ServeCallbacks(ctx context.Context, h bot.Handler) error {
	a.callbacks.Store(&h)
	defer a.callbacks.Store(nil)
	backoff := a.minBackoff
	for {
		if id, _ := a.self(); id != "" {
			break
		}
		err := a.identify(ctx)
		if err == nil {
			break
		}
		if errors.Is(err, bot.ErrPermanent) {
			return err
		}
		if ctx.Err() != nil {
			return nil
		}
		a.log.Warn("cannot reach mattermost for the callbacks", "err", err)
		if !sleep(ctx, jitter(backoff)) {
			return nil
		}
		backoff = min(backoff*2, a.cfg.MaxBackoff.Duration)
	}
	<-ctx.Done()
	return nil
}

// callbackHandler is the handler the HTTP callbacks use: Run's while the
// websocket runs here, else ServeCallbacks's; nil when neither runs.
func (a *Adapter) callbackHandler() *bot.Handler {
	if h := a.handler.Load(); h != nil {
		return h
	}
	return a.callbacks.Load()
}
