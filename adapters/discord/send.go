package discord

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/bwmarrin/discordgo"

	"github.com/noaber/noaber/bot"
	"github.com/noaber/noaber/bot/metrics"
)

// errNotConnected is returned by Send while the gateway is down, so the
// outbox keeps the message and tries again later instead of waiting here.
var errNotConnected = errors.New("discord: not connected to the gateway")

// Send delivers a proactive message: to a channel or thread, or by direct
// message to a user (Conversation empty, or Visibility Private or DM with a
// user, since nothing outside an interaction can be ephemeral). Reply.Nonce
// goes to Discord as the message nonce with enforce_nonce, so a repeat
// after a crash is dropped by Discord. It returns at once while the gateway
// is down, and waits out a rate limit only when that fits in ctx.
func (a *Adapter) Send(ctx context.Context, to bot.Address, r bot.Reply) error {
	if h := a.Health(); !h.Connected {
		return fmt.Errorf("%w (%s)", errNotConnected, h.Detail)
	}
	if r.Visibility != bot.Public && to.User != "" {
		to.Conversation = ""
	}
	return a.deliver(ctx, to, r, nil)
}

// deliver posts r to an address; ref, when set, makes the first message a
// reply to the message it answers.
func (a *Adapter) deliver(ctx context.Context, to bot.Address, r bot.Reply, ref *discordgo.MessageReference) error {
	channelID, err := a.channelFor(ctx, to)
	if err != nil {
		return err
	}
	for i, m := range render(r) {
		if m.isEmpty() {
			continue
		}
		if err := a.post(ctx, channelID, m, ref, nonceFor(r.Nonce, i)); err != nil {
			return err
		}
		ref = nil
	}
	return nil
}

// channelFor resolves an address to a channel id, opening (and
// remembering) the DM channel for a user.
func (a *Adapter) channelFor(ctx context.Context, to bot.Address) (string, error) {
	if to.Conversation != "" {
		id, ok := strings.CutPrefix(to.Conversation, "discord:")
		if !ok || !isSnowflake(id) {
			return "", fmt.Errorf("discord: %q is not a Discord conversation: %w", to.Conversation, bot.ErrPermanent)
		}
		return id, nil
	}
	userID, ok := strings.CutPrefix(to.User, "discord:")
	if !ok || !isSnowflake(userID) {
		return "", fmt.Errorf("discord: %q is not a Discord user: %w", to.User, bot.ErrPermanent)
	}
	a.mu.Lock()
	ch, ok := a.dmChannels[userID]
	a.mu.Unlock()
	if ok {
		return ch, nil
	}
	c, err := call(ctx, func(opts ...discordgo.RequestOption) (*discordgo.Channel, error) {
		return a.s.UserChannelCreate(userID, opts...)
	})
	if err != nil {
		return "", fmt.Errorf("discord: open direct message channel: %w", classify(err))
	}
	a.mu.Lock()
	if len(a.dmChannels) > 100000 {
		clear(a.dmChannels)
	}
	a.dmChannels[userID] = c.ID
	a.mu.Unlock()
	return c.ID, nil
}

// messagePayload is POST /channels/{id}/messages. discordgo's MessageSend
// has no nonce, so the adapter sends its own.
type messagePayload struct {
	Content         string                            `json:"content,omitempty"`
	Embeds          []*discordgo.MessageEmbed         `json:"embeds,omitempty"`
	Components      []discordgo.MessageComponent      `json:"components,omitempty"`
	AllowedMentions *discordgo.MessageAllowedMentions `json:"allowed_mentions,omitempty"`
	Reference       *discordgo.MessageReference       `json:"message_reference,omitempty"`
	Nonce           string                            `json:"nonce,omitempty"`
	EnforceNonce    bool                              `json:"enforce_nonce,omitempty"`
}

func (a *Adapter) post(ctx context.Context, channelID string, m outMsg, ref *discordgo.MessageReference, nonce string) error {
	p := messagePayload{Content: m.Content, Embeds: m.Embeds, Components: m.Components,
		AllowedMentions: noMentions(), Reference: ref, Nonce: nonce, EnforceNonce: nonce != ""}
	endpoint := discordgo.EndpointChannelMessages(channelID)
	_, err := call(ctx, func(opts ...discordgo.RequestOption) ([]byte, error) {
		if len(m.Files) > 0 {
			ct, body, err := discordgo.MultipartBodyWithJSON(p, discordFiles(m.Files))
			if err != nil {
				return nil, err
			}
			return a.s.RequestRaw(http.MethodPost, endpoint, ct, body, endpoint, 0, opts...)
		}
		body, err := json.Marshal(p)
		if err != nil {
			return nil, err
		}
		return a.s.RequestRaw(http.MethodPost, endpoint, "application/json", body, endpoint, 0, opts...)
	})
	if err != nil {
		return fmt.Errorf("discord: post to channel %s: %w", channelID, classify(err))
	}
	return nil
}

// noMentions keeps the bot's messages from pinging anyone: text the core
// repeats from users cannot reach @everyone or a role.
func noMentions() *discordgo.MessageAllowedMentions {
	return &discordgo.MessageAllowedMentions{Parse: []discordgo.AllowedMentionType{}}
}

// nonceFor derives the Discord nonce (at most 25 characters) for the i-th
// message of a reply from its outbox key.
func nonceFor(key string, i int) string {
	if key == "" {
		return ""
	}
	sum := sha256.Sum256([]byte(key + "#" + strconv.Itoa(i)))
	return hex.EncodeToString(sum[:])[:25]
}

// call runs one REST request under ctx. It returns when ctx ends even if
// discordgo is still sleeping on a rate-limit bucket, and honours a 429's
// Retry-After only when the wait fits before ctx's deadline: an outbox send
// waits it out, an interactive reply gives up at its deadline.
func call[T any](ctx context.Context, f func(opts ...discordgo.RequestOption) (T, error)) (T, error) {
	var zero T
	for {
		type result struct {
			v   T
			err error
		}
		res := make(chan result, 1)
		go func() {
			v, err := f(discordgo.WithContext(ctx), discordgo.WithRetryOnRatelimit(false), discordgo.WithRestRetries(1))
			res <- result{v, err}
		}()
		var r result
		select {
		case r = <-res:
		case <-ctx.Done():
			return zero, fmt.Errorf("discord request: %w", ctx.Err())
		}
		var rl *discordgo.RateLimitError
		if !errors.As(r.err, &rl) {
			return r.v, r.err
		}
		wait := rl.RetryAfter
		if d, ok := ctx.Deadline(); ok && time.Until(d) < wait {
			return zero, fmt.Errorf("discord: rate limited for %s, more than the time left: %w", wait, r.err)
		}
		select {
		case <-time.After(wait):
		case <-ctx.Done():
			return zero, fmt.Errorf("discord request: %w", ctx.Err())
		}
	}
}

// callback is call for an interaction's first response: a 5xx from
// Discord is retried once when the deadline leaves room, since a lost
// callback means "The application did not respond" for the user.
func callback(ctx context.Context, f func(opts ...discordgo.RequestOption) (struct{}, error)) error {
	_, err := call(ctx, f)
	var re *discordgo.RESTError
	if !errors.As(err, &re) || re.Response == nil || re.Response.StatusCode < 500 {
		return err
	}
	if d, ok := ctx.Deadline(); ok && time.Until(d) < 300*time.Millisecond {
		return err
	}
	select {
	case <-time.After(100 * time.Millisecond):
	case <-ctx.Done():
		return err
	}
	_, err = call(ctx, f)
	return err
}

// classify marks errors that no retry can fix as bot.ErrPermanent: the
// channel or user does not exist, the bot may not post there, or Discord
// rejects the message itself.
func classify(err error) error {
	if isPermanent(err) {
		return fmt.Errorf("%w: %w", bot.ErrPermanent, err)
	}
	return err
}

func isPermanent(err error) bool {
	var re *discordgo.RESTError
	if !errors.As(err, &re) || re.Response == nil {
		return false
	}
	switch re.Response.StatusCode {
	case http.StatusBadRequest, http.StatusForbidden, http.StatusNotFound, http.StatusRequestEntityTooLarge:
		return true
	}
	return false
}

// replyFailed makes a failed answer visible: logged with the reason and
// counted, since no outbox retries it.
func (a *Adapter) replyFailed(err error, what string) {
	metrics.OutboxFailures.WithLabelValues("discord").Inc()
	a.log.Error("could not deliver answer", "what", what, "err", err)
}
