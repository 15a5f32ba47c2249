package runtime

import (
	"bytes"
	"context"
	"fmt"
	"log/slog"
	"runtime/debug"
	"strings"
	"sync"
	"time"
	"unicode/utf8"

	"github.com/noaber/noaber/bot"
	"github.com/noaber/noaber/bot/clock"
	"github.com/noaber/noaber/bot/metrics"
	"github.com/noaber/noaber/bot/store"
	"github.com/noaber/noaber/i18n"
)

// RouterConfig configures a Router. Zero values are documented per field.
type RouterConfig struct {
	DB    *store.DB    // required: dialogues and profiles
	Roles *Roles       // nil: only adapter-derived roles
	Clock clock.Clock  // nil: the real clock
	Log   *slog.Logger // nil: slog.Default()
	// DefaultLang is used when a message gives no signal and the user has
	// no history. Zero means Dutch.
	DefaultLang bot.Lang
	// MaxMessageLen is the longest message read, in characters. Zero means 4000.
	MaxMessageLen int
	// MessageLimit limits messages and clicks per user; over the limit the
	// user is told once and further messages are dropped unanswered until
	// the bucket refills. Nil means no limit.
	MessageLimit *bot.Limiter
	// ExpensiveLimit limits expensive work per user (LLM calls);
	// capabilities ask Request.AllowExpensive. Nil means no limit.
	ExpensiveLimit *bot.Limiter
	// MaxParallel bounds how many messages are handled at once (messages
	// of one user in one conversation are always handled one at a time, in
	// arrival order). Zero means 16.
	MaxParallel int
}

// Router hands each inbound event to the first capability that takes it.
type Router struct {
	cfg    RouterConfig
	caps   []bot.Capability
	byName map[string]bot.Capability
	order  *gate         // one message per (user, conversation) at a time
	slots  chan struct{} // bounds messages handled at once
	writes sync.Map      // *bot.Request → its *store.Writes, while handled

}

// NewRouter returns a router over caps, tried in the order given. Put the
// question-answering capability last: it takes any text.
func NewRouter(cfg RouterConfig, caps ...bot.Capability) (*Router, error) {
	if cfg.DB == nil {
		return nil, fmt.Errorf("router: no database")
	}
	if cfg.Clock == nil {
		cfg.Clock = clock.Real{}
	}
	if cfg.Log == nil {
		cfg.Log = slog.Default()
	}
	if cfg.DefaultLang == "" {
		cfg.DefaultLang = bot.NL
	}
	if cfg.MaxMessageLen == 0 {
		cfg.MaxMessageLen = 4000
	}
	if cfg.Roles == nil {
		cfg.Roles = NewRoles(nil, nil)
	}
	if cfg.MaxParallel <= 0 {
		cfg.MaxParallel = 16
	}
	rt := &Router{cfg: cfg, byName: map[string]bot.Capability{}, order: newGate(), slots: make(chan struct{}, cfg.MaxParallel)}
	for _, c := range caps {
		if _, dup := rt.byName[c.Name()]; dup || c.Name() == coreName {
			return nil, fmt.Errorf("router: capability name %q used twice", c.Name())
		}
		rt.byName[c.Name()] = c
		rt.caps = append(rt.caps, c)
	}
	return rt, nil
}

// Capabilities returns the registered capabilities in order.
func (rt *Router) Capabilities() []bot.Capability { return rt.caps }

const coreName = "core"

var _ bot.Handler = (*Router)(nil)

// Handle answers one inbound event. It never panics and never returns an
// empty answer to a message, unless ctx ends while the message waits for
// its turn (then it returns nil, having done nothing). Events of one user in one conversation are
// handled one at a time, in the order Handle is called, so the dialogue
// each reads is the one the previous wrote; other conversations go on in
// parallel, at most MaxParallel at once. Adapters may call Handle from as
// many goroutines as they like.
func (rt *Router) Handle(ctx context.Context, in bot.Inbound) []bot.Reply {
	key := in.User.ID + "\x00" + in.Conv.ID
	// First the turn, then a slot: a slot is never held while waiting.
	// A message whose context ends while it waits (the adapter shuts down,
	// the platform gave up) is dropped unanswered.
	if err := rt.order.enter(ctx, key); err != nil {
		return nil
	}
	defer rt.order.leave(key)
	select {
	case rt.slots <- struct{}{}:
	case <-ctx.Done():
		return nil
	}
	defer func() { <-rt.slots }()
	return rt.handle(ctx, in)
}

func (rt *Router) handle(ctx context.Context, in bot.Inbound) (replies []bot.Reply) {
	start := time.Now()
	capName := "none"
	lang := rt.cfg.DefaultLang
	defer func() {
		if p := recover(); p != nil {
			rt.cfg.Log.Error("capability panicked", "capability", capName, "panic", p, "stack", string(debug.Stack()))
			replies = []bot.Reply{{Text: bot.Msgs.T(lang, "unclear.error"), Visibility: bot.Private}}
		}
		platform := bot.PlatformOf(in.User.ID)
		metrics.MessagesIn.WithLabelValues(platform, capName).Inc()
		metrics.HandleSeconds.WithLabelValues(capName).Observe(time.Since(start).Seconds())
		if len(replies) > 0 {
			metrics.MessagesOut.WithLabelValues(platform, "reply").Add(float64(len(replies)))
		}
	}()

	text := strings.Join(strings.Fields(in.Text), " ")
	now := rt.cfg.Clock.Now()

	// The limit comes before anything that touches the store, so a flood
	// costs no writes; the user is told once, then ignored until it eases.
	if ok, first := rt.cfg.MessageLimit.AllowOnce(in.User.ID, now); !ok {
		capName = "limited"
		metrics.RateLimited.WithLabelValues("message").Inc()
		if !first {
			return []bot.Reply{}
		}
		l := rt.language(in.User.ID, text, in.Lang)
		return []bot.Reply{{Text: bot.Msgs.T(l, "limit.messages"), Visibility: bot.Private}}
	}

	w := rt.cfg.DB.NewWrites() // the message's one write, committed by Handle
	r, lang, preload := rt.read(in, text, now, w)
	if in.Action == nil {
		if text == "" {
			return rt.commit(w, lang, []bot.Reply{{Text: bot.Msgs.T(lang, "unclear.empty")}})
		}
		if n := utf8.RuneCountInString(text); n > rt.cfg.MaxMessageLen {
			return rt.commit(w, lang, []bot.Reply{{Text: bot.Msgs.T(lang, "unclear.too_long", "len", n, "max", rt.cfg.MaxMessageLen)}})
		}
	}

	rt.writes.Store(r, w)
	defer rt.writes.Delete(r)
	var err error
	replies, err = rt.dispatch(bot.WithRequest(store.WithWrites(withPreloaded(ctx, preload), w), r), r, &capName)
	if err != nil {
		rt.cfg.Log.Error("handle message", "capability", capName, "err", err)
		replies = append(replies, bot.Reply{Text: bot.Msgs.T(lang, "unclear.error")})
	}
	if set, ended := r.DialogueChange(); set != nil || ended {
		rt.saveDialogue(w, r, set, capName)
	}
	if len(replies) == 0 && in.Action == nil {
		replies = []bot.Reply{{Text: bot.Msgs.T(lang, "unclear.text")}}
	}
	return rt.commit(w, lang, replies)
}

// dispatch finds the capability for r; *capName tracks who is handling it
// so a panic is attributed in the log.
func (rt *Router) dispatch(ctx context.Context, r *bot.Request, capName *string) ([]bot.Reply, error) {
	try := func(c bot.Capability) ([]bot.Reply, bool, error) {
		*capName = c.Name()
		lang := r.Lang
		if r.Dialogue != nil && c.Name() == r.Dialogue.Owner && r.DialogueLang().Valid() {
			r.Lang = r.DialogueLang() // its dialogue goes on in the language it started in
		}
		replies, handled, err := c.Handle(ctx, r)
		if !handled && err == nil {
			*capName = "none"
			r.Lang = lang
		}
		return replies, handled || err != nil, err
	}
	if r.In.Action != nil {
		name, _, _ := strings.Cut(r.In.Action.ID, ":")
		if c, ok := rt.byName[name]; ok {
			if replies, done, err := try(c); done {
				return replies, err
			}
		}
		*capName = coreName
		return []bot.Reply{{Text: bot.Msgs.T(r.Lang, "unclear.action"), Visibility: bot.Private}}, nil
	}
	resumable := r.Dialogue == nil // "verder" with nothing open is answered here
	if d := r.Dialogue; d != nil {
		if owner, ok := rt.byName[d.Owner]; ok {
			if res, ok := owner.(bot.Resumer); ok {
				if _, waiting := res.Waiting(r); waiting {
					return rt.stepAside(ctx, r, owner, res, try, capName)
				}
				resumable = true
			}
		}
	}
	if resumable && bot.IsContinue(r.Text) {
		*capName = coreName
		return []bot.Reply{{Text: bot.Msgs.T(r.Lang, "dialogue.nothing_open")}}, nil
	}
	if replies, ok := rt.builtin(r); ok {
		*capName = coreName
		return replies, nil
	}
	if r.Dialogue != nil {
		for _, c := range rt.caps {
			if c.Name() != r.Dialogue.Owner && interrupts(c, r) {
				if replies, done, err := try(c); done {
					return replies, err
				}
			}
		}
	}
	if d := r.Dialogue; d != nil {
		if c, ok := rt.byName[d.Owner]; ok {
			if replies, done, err := try(c); done {
				return replies, err
			}
		} else {
			r.EndDialogue() // its capability is no longer configured
		}
	}
	if bot.IsStop(r.Text) {
		*capName = coreName
		if r.Dialogue != nil {
			r.EndDialogue()
			return []bot.Reply{{Text: bot.Msgs.T(r.Lang, "dialogue.stopped")}}, nil
		}
		return []bot.Reply{{Text: bot.Msgs.T(r.Lang, "dialogue.nothing")}}, nil
	}
	for _, c := range rt.caps {
		if replies, done, err := try(c); done {
			return replies, err
		}
	}
	return []bot.Reply{{Text: bot.Msgs.T(r.Lang, "unclear.text")}}, nil
}

// stepAside dispatches a message while owner's dialogue waits for an
// answer. In order: a privacy request (never an answer); input the owner
// expects; "verder" re-asks the open question; help and language; an
// explicit command of another capability, or a clear question for the
// question answerer — each answered with a reminder that the dialogue is
// still open; anything else goes to the owner, which asks again.
func (rt *Router) stepAside(ctx context.Context, r *bot.Request, owner bot.Capability, res bot.Resumer,
	try func(bot.Capability) ([]bot.Reply, bool, error), capName *string) ([]bot.Reply, error) {
	remind := func(replies []bot.Reply) []bot.Reply {
		if set, ended := r.DialogueChange(); set != nil || ended || !rt.dialogueStillOpen(r, *capName) {
			return replies // the aside started, ended or erased a dialogue
		}
		what, _ := res.Waiting(r) // again: the aside may have changed the language
		return append(replies, bot.Reply{Text: bot.Msgs.T(r.Lang, "dialogue.open", "what", what), Visibility: bot.Private})
	}
	for _, c := range rt.caps {
		if c != owner && interrupts(c, r) {
			if replies, done, err := try(c); done {
				return remind(replies), err
			}
		}
	}
	if res.Expects(r) {
		if replies, done, err := try(owner); done {
			return replies, err
		}
	}
	if bot.IsContinue(r.Text) {
		*capName = owner.Name()
		if r.DialogueLang().Valid() {
			r.Lang = r.DialogueLang()
		}
		return res.Resume(r)
	}
	if replies, ok := rt.builtin(r); ok {
		*capName = coreName
		return remind(replies), nil
	}
	question := isQuestion(r.Text)
	for _, c := range rt.caps {
		if c == owner {
			continue
		}
		if _, fb := c.(bot.Fallback); fb && !question {
			continue
		}
		if replies, done, err := try(c); done {
			return remind(replies), err
		}
	}
	if replies, done, err := try(owner); done {
		return replies, err
	}
	*capName = owner.Name()
	if r.DialogueLang().Valid() {
		r.Lang = r.DialogueLang()
	}
	return res.Resume(r)
}

// dialogueStillOpen reports whether the dialogue r was handled in is still
// stored unchanged after capName took an aside. Only a command that
// interrupts dialogues (a privacy request: "vergeet mij") can erase it
// meanwhile, so only then is it read again; any other aside keeps the
// message at one read.
func (rt *Router) dialogueStillOpen(r *bot.Request, capName string) bool {
	if c, ok := rt.byName[capName]; !ok || !interrupts(c, r) {
		return true
	}
	still := false
	_ = rt.cfg.DB.View(func(tx *store.Tx) error {
		read := r.StoredDialogue()
		still = read != nil && bytes.Equal(storedDialogue(tx, r.User.ID, r.In.Conv.ID), read)
		return nil
	})
	return still
}

// countedLimit counts the refusals of an expensive-work limit in
// noaber_rate_limited_total.
type countedLimit struct{ l *bot.Limiter }

func (c countedLimit) Allow(userID string, now time.Time) bool {
	if c.l.Allow(userID, now) {
		return true
	}
	metrics.RateLimited.WithLabelValues("expensive").Inc()
	return false
}

// questionWords open a question in Dutch or English.
var questionWords = set(`wat wie waar wanneer waarom hoe hoeveel hoelang welke welk mag mogen moet moeten kan kunnen
	what who where when why how which can may must should do does`)

// isQuestion reports whether text is clearly a question rather than an
// answer: it ends in a question mark, or opens with a question word and
// says more than one word.
func isQuestion(text string) bool {
	t := strings.TrimSpace(text)
	if strings.HasSuffix(t, "?") && len(strings.Fields(t)) > 1 {
		return true
	}
	f := strings.Fields(strings.ToLower(t))
	return len(f) > 2 && questionWords[f[0]]
}

// builtin handles help and language choice, the core's own commands.
func (rt *Router) builtin(r *bot.Request) ([]bot.Reply, bool) {
	cmd, arg, ok := bot.Match(coreCommands(), r.Text)
	if !ok {
		return nil, false
	}
	switch cmd.ID {
	case "core.help":
		return []bot.Reply{rt.helpReply(r)}, true
	case "core.lang":
		l, ok := i18n.ParseLang(bot.Normalise(arg))
		if !ok {
			return []bot.Reply{{Text: bot.Msgs.T(r.Lang, "lang.usage")}}, true
		}
		err := rt.write(r, func(tx *store.Tx) error {
			p, err := LoadProfile(tx, r.User.ID)
			if err != nil {
				return err
			}
			p.Lang = l
			return SaveProfile(tx, r.User.ID, p)
		})
		if err != nil {
			rt.cfg.Log.Error("save language", "err", err)
			return []bot.Reply{{Text: bot.Msgs.T(r.Lang, "unclear.error")}}, true
		}
		r.Lang = l // what follows this reply (a reminder of an open check) is in the new language
		return []bot.Reply{{Text: bot.Msgs.T(l, "lang.set")}}, true
	}
	return nil, false
}

// coreCommands are the router's own commands: help and language choice.
var coreCommands = sync.OnceValue(func() []bot.Command {
	return []bot.Command{
		{ID: "core.help", Words: bot.CatalogWords(bot.Msgs, "words.help"), Whole: true,
			Help: bot.CatalogText(bot.Msgs, "help.help"), Menu: true, Desc: bot.CatalogText(bot.Msgs, "menu.help")},
		{ID: "core.lang", Words: bot.CatalogWords(bot.Msgs, "words.lang"), Usage: bot.CatalogText(bot.Msgs, "usage.lang"),
			Help: bot.CatalogText(bot.Msgs, "help.lang")},
	}
})

// Commands is every command the bot knows, the capabilities' tables in
// routing order and then the core's: what help lists, command menus offer
// and adapters register.
func (rt *Router) Commands() []bot.Command {
	var out []bot.Command
	for _, c := range rt.caps {
		if cm, ok := c.(bot.Commander); ok {
			out = append(out, cm.Commands()...)
		}
	}
	return append(out, coreCommands()...)
}

// Complete asks the capability that serves source for suggestions (Discord's
// autocomplete); nil when none does.
func (rt *Router) Complete(source, prefix string, lang bot.Lang) []bot.Choice {
	for _, c := range rt.caps {
		if cp, ok := c.(bot.Completer); ok {
			if out := cp.Complete(source, prefix, lang); out != nil {
				return out
			}
		}
	}
	return nil
}

// interrupts reports whether c takes r even inside another capability's
// open dialogue: r opens one of c's commands marked Interrupts, or c says
// so itself (bot.Interrupter).
func interrupts(c bot.Capability, r *bot.Request) bool {
	if r.IsAction() {
		return false
	}
	if i, ok := c.(bot.Interrupter); ok && i.Interrupts(r) {
		return true
	}
	cm, ok := c.(bot.Commander)
	if !ok {
		return false
	}
	cmd, _, ok := bot.Match(cm.Commands(), r.Text)
	return ok && cmd.Interrupts
}

// HelpText is the overview of what the bot can do for someone with roles,
// built from the command tables: the capabilities' in routing order, then
// the core's.
func (rt *Router) HelpText(lang bot.Lang, roles []bot.Role) string {
	var b strings.Builder
	b.WriteString(bot.Msgs.T(lang, "help.intro"))
	b.WriteString("\n")
	line := func(e bot.HelpEntry) { fmt.Fprintf(&b, "- `%s`: %s\n", e.Command, e.Text) }
	for _, e := range bot.HelpOf(rt.Commands(), lang, roles) {
		line(e)
	}
	b.WriteString(bot.Msgs.T(lang, "help.outro"))
	if len(roles) > 0 {
		names := make([]string, len(roles))
		for i, r := range roles {
			names[i] = string(r)
		}
		b.WriteString("\n" + bot.Msgs.T(lang, "help.roles", "roles", strings.Join(names, ", ")))
	}
	return b.String()
}

func (rt *Router) helpReply(r *bot.Request) bot.Reply {
	return bot.Reply{Text: rt.HelpText(r.Lang, r.User.Roles)}
}

// language picks the reply language (pickLang) from the stored profile,
// writing nothing: for a message that is refused.
func (rt *Router) language(userID, text string, client bot.Lang) bot.Lang {
	var p Profile
	_ = rt.cfg.DB.View(func(tx *store.Tx) error {
		var err error
		p, err = LoadProfile(tx, userID)
		return err
	})
	l, _, _ := pickLang(p, text, client, rt.cfg.DefaultLang)
	return l
}

func set(words string) map[string]bool {
	m := map[string]bool{}
	for _, w := range strings.Fields(words) {
		m[w] = true
	}
	return m
}
