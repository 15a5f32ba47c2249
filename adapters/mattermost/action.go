package mattermost

import (
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/binary"
	"fmt"
	"strconv"
	"sync"
	"time"
)

// actionClaims is what a button's signed context binds a click to.
//
// A button meant for one user (in a direct message, an ephemeral reply or a
// dialogue step) carries that user and is single-use: the first valid click
// consumes its nonce, which every button of the same message shares. A
// button in a channel (RSVP, feedback) is reusable by everyone; it binds to
// its channel, thread, post and choice, and the clicking user is taken from
// Mattermost's request, never from the context.
type actionClaims struct {
	Choice  string // the bot.Choice id
	Channel string // the channel the post is in
	Root    string // the thread the post is in, or ""
	Kind    string // "c" channel, "t" thread, "d" direct
	User    string // the only user who may click, or "" for everyone
	Post    string // the post the buttons are on, when known at signing
	Nonce   string // random, shared by the buttons of one message
	Expires int64  // unix seconds
}

// Context keys. Short, because Mattermost stores the context with every
// button of every post.
const (
	ctxChoice  = "c"
	ctxChannel = "ch"
	ctxRoot    = "r"
	ctxKind    = "k"
	ctxUser    = "u"
	ctxPost    = "p"
	ctxNonce   = "n"
	ctxExpires = "x"
	ctxSig     = "s"
)

// click is what Mattermost's request says about a click.
type click struct {
	UserID, ChannelID, PostID string
}

// signer signs and verifies button contexts and remembers, for the expiry
// window, which single-use nonces were used and which post each nonce's
// buttons are on. Both memories live in the process: after a restart a
// single-use button could be clicked once more within its window, which
// capabilities tolerate because their actions are idempotent.
type signer struct {
	key []byte
	ttl time.Duration
	now func() time.Time

	mu    sync.Mutex
	used  map[string]int64   // nonce → expiry, single-use nonces consumed
	bound map[string]binding // nonce → post
	ops   int
}

type binding struct {
	post    string
	expires int64
}

func newSigner(key []byte, ttl time.Duration, now func() time.Time) *signer {
	return &signer{key: key, ttl: ttl, now: now, used: map[string]int64{}, bound: map[string]binding{}}
}

// newNonce returns 16 random bytes, base64url.
func newNonce() string {
	var b [16]byte
	_, _ = rand.Read(b[:]) // crypto/rand never fails on supported platforms
	return base64.RawURLEncoding.EncodeToString(b[:])
}

// sign returns the integration context for one button. Expires and Nonce
// are filled in when zero.
func (s *signer) sign(c actionClaims) map[string]any {
	if c.Expires == 0 {
		c.Expires = s.now().Add(s.ttl).Unix()
	}
	if c.Nonce == "" {
		c.Nonce = newNonce()
	}
	m := map[string]any{
		ctxChoice: c.Choice, ctxChannel: c.Channel, ctxNonce: c.Nonce,
		ctxExpires: strconv.FormatInt(c.Expires, 10), ctxSig: s.mac(c),
	}
	for k, v := range map[string]string{ctxRoot: c.Root, ctxKind: c.Kind, ctxUser: c.User, ctxPost: c.Post} {
		if v != "" {
			m[k] = v
		}
	}
	return m
}

// mac is HMAC-SHA256 over the length-prefixed fields, so no choice of
// field contents can make two different claims sign alike.
func (s *signer) mac(c actionClaims) string {
	h := hmac.New(sha256.New, s.key)
	h.Write([]byte("noaber-mm-action-v1"))
	for _, f := range []string{c.Choice, c.Channel, c.Root, c.Kind, c.User, c.Post, c.Nonce, strconv.FormatInt(c.Expires, 10)} {
		var n [binary.MaxVarintLen64]byte
		h.Write(n[:binary.PutUvarint(n[:], uint64(len(f)))])
		h.Write([]byte(f))
	}
	return base64.RawURLEncoding.EncodeToString(h.Sum(nil))
}

// parse checks the signature and expiry of a context as Mattermost sent it
// back and returns its claims.
func (s *signer) parse(ctx map[string]any) (actionClaims, error) {
	str := func(k string) (string, bool) {
		v, ok := ctx[k]
		if !ok {
			return "", true
		}
		sv, ok := v.(string)
		return sv, ok
	}
	var c actionClaims
	var exp, sig string
	for _, f := range []struct {
		key string
		dst *string
	}{{ctxChoice, &c.Choice}, {ctxChannel, &c.Channel}, {ctxRoot, &c.Root}, {ctxKind, &c.Kind}, {ctxUser, &c.User}, {ctxPost, &c.Post}, {ctxNonce, &c.Nonce}, {ctxExpires, &exp}, {ctxSig, &sig}} {
		v, ok := str(f.key)
		if !ok {
			return actionClaims{}, fmt.Errorf("%w: %s is not a string", ErrBadContext, f.key)
		}
		*f.dst = v
	}
	if c.Choice == "" || c.Channel == "" || c.Nonce == "" || sig == "" {
		return actionClaims{}, fmt.Errorf("%w: incomplete", ErrBadContext)
	}
	var err error
	if c.Expires, err = strconv.ParseInt(exp, 10, 64); err != nil || strconv.FormatInt(c.Expires, 10) != exp {
		return actionClaims{}, fmt.Errorf("%w: bad expiry", ErrBadContext)
	}
	if !hmac.Equal([]byte(sig), []byte(s.mac(c))) {
		return actionClaims{}, fmt.Errorf("%w: signature mismatch", ErrBadContext)
	}
	if s.now().Unix() >= c.Expires {
		return c, ErrExpired
	}
	return c, nil
}

// verify checks a click: signature, expiry, channel, user and post
// binding, then consumes a single-use nonce. Only a click that passes all
// checks changes the signer's memory.
func (s *signer) verify(ctx map[string]any, k click) (actionClaims, error) {
	c, err := s.parse(ctx)
	if err != nil {
		return c, err
	}
	if k.ChannelID != c.Channel {
		return c, fmt.Errorf("%w: channel", ErrWrongBinding)
	}
	if c.User != "" && k.UserID != c.User {
		return c, fmt.Errorf("%w: user", ErrWrongBinding)
	}
	if c.Post != "" && k.PostID != c.Post {
		return c, fmt.Errorf("%w: post", ErrWrongBinding)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.pruneLocked()
	if b, ok := s.bound[c.Nonce]; ok && b.post != k.PostID {
		return c, fmt.Errorf("%w: post", ErrWrongBinding)
	}
	if c.User != "" {
		if _, ok := s.used[c.Nonce]; ok {
			return c, ErrReplayed
		}
		s.used[c.Nonce] = c.Expires
	}
	if k.PostID != "" {
		s.bound[c.Nonce] = binding{post: k.PostID, expires: c.Expires}
	}
	return c, nil
}

// bind records the post that the buttons signed with nonce were put on.
func (s *signer) bind(nonce, postID string) {
	if nonce == "" || postID == "" {
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.pruneLocked()
	s.bound[nonce] = binding{post: postID, expires: s.now().Add(s.ttl).Unix()}
}

// pruneLocked forgets expired nonces now and then.
func (s *signer) pruneLocked() {
	s.ops++
	if s.ops%256 != 0 {
		return
	}
	now := s.now().Unix()
	for n, exp := range s.used {
		if now >= exp {
			delete(s.used, n)
		}
	}
	for n, b := range s.bound {
		if now >= b.expires {
			delete(s.bound, n)
		}
	}
}
