// Package ask is the capability that answers questions: any message no
// other capability took is a question for the knowledge engine. Answers
// carry their sources and 👍/👎 buttons; votes are kept as feedback for
// whoever maintains the corpus.
//
// Privacy: to attach a vote to the question it rates, each answer is
// remembered for AnswerRetention under its answer id — the question text,
// language, topics, time and the asker's user id. The user id is kept only
// so that only the asker can rate the answer and so that "mijn gegevens" /
// "vergeet mij" can find and erase it; after AnswerRetention the record is
// deleted. A vote is stored in the feedback bucket with the question,
// answer id, vote, language, topics and time, and without any user id.
// EraseUser deletes a user's remembered answers and the votes on them.
package ask

import (
	"context"
	"embed"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/noaber/noaber/bot"
	"github.com/noaber/noaber/bot/metrics"
	"github.com/noaber/noaber/bot/runtime"
	"github.com/noaber/noaber/bot/store"
	"github.com/noaber/noaber/i18n"
	"github.com/noaber/noaber/knowledge"
)

//go:embed messages/*.toml
var messagesFS embed.FS

// Msgs is the capability's message catalog.
var Msgs = i18n.MustLoadDir("ask", messagesFS, "messages")

// Answerer answers a question; *knowledge.Engine is one.
type Answerer interface {
	// Ask answers a question with the conversation's follow-up context.
	Ask(ctx context.Context, in knowledge.Input) (knowledge.Result, error)
	// AnswerCard answers with one card: a choice of a clarifying question.
	AnswerCard(key string, lang i18n.Lang) (knowledge.Result, bool)
}

// Name is the capability's name and the prefix of its choice ids.
const Name = "ask"

// Buckets the capability writes.
const (
	answersBucket  = "ask_answers"
	feedbackBucket = "feedback"
	// contextBucket keeps, per user and conversation, the last question
	// as understood, for ContextTTL, so "en voor werken?" can follow it.
	contextBucket = "ask_context"
	// contextDueBucket indexes the contexts by the time they were kept
	// (8-byte nanoseconds, then the context's key), so expired ones are
	// found without reading the others.
	contextDueBucket = "ask_context_due"
)

// AnswerRetention is how long an answer (with its asker) is remembered so
// it can be rated; afterwards its buttons stop working.
const AnswerRetention = 14 * 24 * time.Hour

// Deps are the capability's collaborators.
type Deps struct {
	// Engine answers questions. Required.
	Engine Answerer
	// DB stores answers and votes. Nil means no feedback buttons (the
	// one-shot CLI).
	DB *store.DB
	// Log; nil means slog.Default().
	Log *slog.Logger
	// Checks finds the eligibility check an answer points to (the check
	// capability, from its rule files). Nil means no check tips.
	Checks CheckFinder
}

// CheckFinder finds the loaded eligibility check that fits documents with
// tags, or "".
type CheckFinder interface {
	CheckFor(tags []string) string
}

// Capability answers questions. Register it last: it takes any text.
type Capability struct {
	eng    Answerer
	db     *store.DB
	log    *slog.Logger
	checks CheckFinder
}

var (
	_ bot.Capability   = (*Capability)(nil)
	_ bot.Commander    = (*Capability)(nil)
	_ store.DataHolder = (*Capability)(nil)
)

// New returns the capability.
func New(deps Deps) (*Capability, error) {
	if deps.Engine == nil {
		return nil, errors.New("ask: no knowledge engine")
	}
	if deps.Log == nil {
		deps.Log = slog.Default()
	}
	return &Capability{eng: deps.Engine, db: deps.DB, log: deps.Log.With("capability", Name), checks: deps.Checks}, nil
}

// TakesAnyText marks the capability as the one that answers any text
// (bot.Fallback): during an open check it gets only clear questions.
func (c *Capability) TakesAnyText() {}

var _ bot.Fallback = (*Capability)(nil)

// Name implements bot.Capability.
func (c *Capability) Name() string { return Name }

// Commands is the question's table entry (bot.Commander): no words, since
// any text is a question, but a line in help and a command in menus
// ("/vraag").
func (c *Capability) Commands() []bot.Command { return commands() }

var commands = sync.OnceValue(func() []bot.Command {
	t := func(id string) map[bot.Lang]string { return bot.CatalogText(Msgs, id) }
	return []bot.Command{{ID: Name + ".question", Usage: t("help.command"), Help: t("help.text"),
		Menu: true, Name: t("cmd.menu"), Desc: t("cmd.desc"),
		Args: []bot.Arg{{Name: t("cmd.arg"), Desc: t("cmd.arg_desc"), Required: true}}}}
})

// Handle answers any text, and the feedback buttons of earlier answers.
func (c *Capability) Handle(ctx context.Context, r *bot.Request) ([]bot.Reply, bool, error) {
	if r.IsAction() {
		if key, ok := strings.CutPrefix(r.ActionID(), Name+":card:"); ok {
			return c.card(ctx, r, key)
		}
		return c.vote(r)
	}
	if r.Text == "" {
		return nil, false, nil
	}
	start := time.Now()
	res, err := c.eng.Ask(ctx, knowledge.Input{Text: r.Text, Lang: r.Lang, Prev: c.context(ctx, r), Now: r.Now})
	metrics.AnswerSeconds.Observe(time.Since(start).Seconds())
	if err != nil {
		return nil, true, fmt.Errorf("answer: %w", err)
	}
	return c.reply(ctx, r, res), true, nil
}

// card answers a clarifying question's choice.
func (c *Capability) card(ctx context.Context, r *bot.Request, key string) ([]bot.Reply, bool, error) {
	res, ok := c.eng.AnswerCard(key, r.Lang)
	if !ok {
		return []bot.Reply{{Text: Msgs.T(r.Lang, "feedback.expired"), Visibility: bot.Private}}, true, nil
	}
	return c.reply(ctx, r, res), true, nil
}

// reply renders a result, keeps its follow-up context and, for an answer
// someone can rate, adds the 👍/👎 buttons.
func (c *Capability) reply(ctx context.Context, r *bot.Request, res knowledge.Result) []bot.Reply {
	metrics.Answers.WithLabelValues(strconv.FormatBool(res.Found), strconv.FormatBool(res.LLM)).Inc()
	reply := Render(res, r.Lang, c.checks)
	if c.db == nil || res.Kind == knowledge.KindSmallTalk {
		return []bot.Reply{reply}
	}
	id, err := c.remember(ctx, r, res)
	if err != nil {
		c.log.Error("remember answer", "err", err)
		return []bot.Reply{reply}
	}
	if res.Kind == knowledge.KindClarify {
		return []bot.Reply{reply}
	}
	reply.Choices = append(reply.Choices,
		bot.Choice{ID: Name + ":up:" + id, Label: Msgs.T(r.Lang, "feedback.up")},
		bot.Choice{ID: Name + ":down:" + id, Label: Msgs.T(r.Lang, "feedback.down")},
	)
	return []bot.Reply{reply}
}

// context returns the follow-up context of the user's conversation, nil
// when there is none or it has expired. Under the router it was read in
// the message's read transaction (Preload).
func (c *Capability) context(ctx context.Context, r *bot.Request) *knowledge.Context {
	if c.db == nil {
		return nil
	}
	if v, ok := runtime.Preloaded(ctx, Name); ok {
		kc, _ := v.(*knowledge.Context)
		return kc
	}
	var kc *knowledge.Context
	_ = c.db.View(func(tx *store.Tx) error {
		kc = readContext(tx, r)
		return nil
	})
	return kc
}

// Preload implements runtime.Preloader: the follow-up context, read in the
// message's read transaction.
func (c *Capability) Preload(tx *store.Tx, r *bot.Request) any {
	if c.db == nil || r.IsAction() {
		return (*knowledge.Context)(nil)
	}
	return readContext(tx, r)
}

var _ runtime.Preloader = (*Capability)(nil)

func readContext(tx *store.Tx, r *bot.Request) *knowledge.Context {
	var kc knowledge.Context
	found, err := tx.Bucket(contextBucket).GetJSON(contextKey(r), &kc)
	if err != nil || !found || r.Now.Sub(kc.Time) > knowledge.ContextTTL {
		return nil
	}
	return &kc
}

func contextKey(r *bot.Request) []byte {
	return []byte(r.User.ID + "\x00" + r.In.Conv.ID)
}

// Render turns a result into a reply without buttons: the answer, a hint
// at a matching eligibility check (from checks; nil gives none) or term
// calculation, and the sources.
func Render(res knowledge.Result, lang i18n.Lang, checks CheckFinder) bot.Reply {
	text := res.Answer
	if res.Found && res.Kind != knowledge.KindCheck {
		if term, ok := TermFor(res.Tags); ok {
			text += "\n\n" + Msgs.T(lang, "tip.term", "kind", term)
		} else if checks != nil {
			if id := checks.CheckFor(res.Tags); id != "" {
				text += "\n\n" + Msgs.T(lang, "tip.check", "check", id)
			}
		}
	}
	reply := bot.Reply{Text: text}
	for _, ch := range res.Choices {
		reply.Choices = append(reply.Choices, bot.Choice{ID: Name + ":card:" + ch.ID, Label: ch.Title})
	}
	for _, s := range res.Sources {
		reply.Sources = append(reply.Sources, bot.Source{Title: s.Title, URL: s.URL, Ref: s.Ref})
	}
	return reply
}

// termHints maps words in document tags to the kind of statutory time
// limit the term calculator computes for that subject. They come before
// the checks' hints: an objection document also mentions subsidies. Tags
// are free text, so they are compared without case, spaces, hyphens and
// underscores.
var termHints = []struct{ tag, term string }{
	{"bezwaar", "bezwaar"},
	{"objection", "bezwaar"},
	{"beslistermijn", "beslissing"},
	{"decisionperiod", "beslissing"},
	{"standstill", "standstill"},
	{"alcatel", "standstill"},
}

// TermFor returns the term kind that fits documents with tags.
func TermFor(tags []string) (string, bool) {
	for _, h := range termHints {
		for _, t := range tags {
			if strings.Contains(squash(t), h.tag) {
				return h.term, true
			}
		}
	}
	return "", false
}

// squash lowercases s and drops spaces, hyphens and underscores.
func squash(s string) string {
	return strings.Map(func(r rune) rune {
		if r == ' ' || r == '-' || r == '_' {
			return -1
		}
		return r
	}, strings.ToLower(s))
}

// answerRecord is what is remembered of an answer until it can no longer
// be rated.
type answerRecord struct {
	Question string    `json:"question"`
	Lang     i18n.Lang `json:"lang"`
	Found    bool      `json:"found"`
	Topics   []string  `json:"topics,omitempty"`
	User     string    `json:"user"` // only the asker may rate; found again by EraseUser
	Time     time.Time `json:"time"`
}

// Feedback is one vote on an answer. It holds no user id.
type Feedback struct {
	AnswerID string    `json:"answer_id"`
	Question string    `json:"question"`
	Vote     string    `json:"vote"` // "up" or "down"
	Lang     i18n.Lang `json:"lang"`
	Found    bool      `json:"found"`
	Topics   []string  `json:"topics,omitempty"`
	Time     time.Time `json:"time"`
}

// remember stores the answer under a new id and the follow-up context,
// and drops answers past retention, in one write: the message's own
// (store.DB.Write), so a plain question costs one group-committed write.
// The id is reserved now, for the buttons; the write keeps it taken.
func (c *Capability) remember(ctx context.Context, r *bot.Request, res knowledge.Result) (string, error) {
	seq, err := c.db.Reserve(answersBucket)
	if err != nil {
		return "", err
	}
	rec := answerRecord{Question: r.Text, Lang: r.Lang, Found: res.Found, Topics: res.Topics, User: r.User.ID, Time: r.Now}
	key, kc, now := contextKey(r), res.Context, r.Now
	err = c.db.Write(ctx, func(tx *store.Tx) error {
		b := tx.Bucket(answersBucket)
		if n, err := prune(b, now.Add(-AnswerRetention)); err != nil {
			return err
		} else if n > 0 {
			tx.Scrub()
		}
		if err := b.KeepSequence(seq); err != nil {
			return err
		}
		if err := b.PutJSON(store.U64(seq), rec); err != nil {
			return err
		}
		return keepContext(tx, key, kc, now)
	})
	return strconv.FormatUint(seq, 36), err
}

// KeepCase keeps r's question as the follow-up context of its
// conversation when another capability answered it — the check capability,
// for a question that starts a check from its case ("moeten we aanbesteden
// als de gemeente ons 80.000 euro per jaar betaalt voor 4 jaar?"): the
// engine reads it as it would have answered it, and the context it would
// have kept is kept, so "en als het 40.000 per jaar is?" leans on that case.
// No answer is recorded (there are no buttons to rate it); a failure is
// logged, and costs only the follow-up.
func (c *Capability) KeepCase(ctx context.Context, r *bot.Request) {
	if c.db == nil || r.Text == "" {
		return
	}
	res, err := c.eng.Ask(ctx, knowledge.Input{Text: r.Text, Lang: r.Lang, Prev: c.context(ctx, r), Now: r.Now})
	if err != nil || res.Context == nil {
		return
	}
	key, kc, now := contextKey(r), res.Context, r.Now
	err = c.db.Write(ctx, func(tx *store.Tx) error {
		return keepContext(tx, key, kc, now)
	})
	if err != nil {
		c.log.Error("keep case context", "err", err)
	}
}

// keepContext stores the follow-up context of an answer (or drops the old
// one when the answer has none) and removes the contexts that have
// expired, found through the time index: the cost is the number expired,
// not the number kept. An expired context holds a question, so removing
// one scrubs the file: no trace of it stays.
func keepContext(tx *store.Tx, key []byte, kc *knowledge.Context, now time.Time) error {
	cb, db := tx.Bucket(contextBucket), tx.Bucket(contextDueBucket)
	cutoff := now.Add(-knowledge.ContextTTL)
	var due [][]byte
	cur := db.Cursor()
	for k, _ := cur.First(); len(k) >= 8 && store.ParseU64(k[:8]) < uint64(cutoff.UnixNano()); k, _ = cur.Next() {
		due = append(due, append([]byte(nil), k...))
	}
	scrub := false
	for _, k := range due {
		ck := k[8:]
		var old knowledge.Context
		if found, err := cb.GetJSON(ck, &old); err == nil && found && old.Time.Before(cutoff) {
			if err := cb.Delete(ck); err != nil {
				return err
			}
			scrub = true
		}
		if err := db.Delete(k); err != nil {
			return err
		}
	}
	if scrub {
		tx.Scrub()
	}
	if kc == nil {
		return cb.Delete(key)
	}
	if err := cb.PutJSON(key, kc); err != nil {
		return err
	}
	return db.Put(append(store.U64(uint64(kc.Time.UnixNano())), key...), []byte{1})
}

// prune deletes answers older than before. Keys are sequence numbers, so
// the oldest come first and the walk stops at the first young one.
func prune(b *store.Bucket, before time.Time) (int, error) {
	var old [][]byte
	c := b.Cursor()
	for k, v := c.First(); k != nil; k, v = c.Next() {
		var rec answerRecord
		if err := json.Unmarshal(v, &rec); err == nil && !rec.Time.Before(before) {
			break
		}
		old = append(old, append([]byte(nil), k...))
	}
	for _, k := range old {
		if err := b.Delete(k); err != nil {
			return 0, err
		}
	}
	return len(old), nil
}

// vote stores a 👍/👎 click. Only the asker may vote; a later click
// replaces the earlier vote.
func (c *Capability) vote(r *bot.Request) ([]bot.Reply, bool, error) {
	rest, ok := strings.CutPrefix(r.ActionID(), Name+":")
	if !ok {
		return nil, false, nil
	}
	kind, id, _ := strings.Cut(rest, ":")
	seq, err := strconv.ParseUint(id, 36, 64)
	if (kind != "up" && kind != "down") || err != nil || c.db == nil {
		return []bot.Reply{{Text: Msgs.T(r.Lang, "feedback.expired"), Visibility: bot.Private}}, true, nil
	}
	var msg string
	err = c.db.Batch(func(tx *store.Tx) error {
		msg = "feedback.thanks"
		var rec answerRecord
		found, err := tx.Bucket(answersBucket).GetJSON(store.U64(seq), &rec)
		if err != nil {
			return err
		}
		if !found || r.Now.Sub(rec.Time) > AnswerRetention {
			msg = "feedback.expired"
			return nil
		}
		if rec.User != r.User.ID {
			msg = "feedback.not_yours"
			return nil
		}
		return tx.Bucket(feedbackBucket).PutJSON(store.U64(seq), Feedback{
			AnswerID: id, Question: rec.Question, Vote: kind, Lang: rec.Lang, Found: rec.Found, Topics: rec.Topics, Time: r.Now,
		})
	})
	if err != nil {
		return nil, true, fmt.Errorf("store vote: %w", err)
	}
	return []bot.Reply{{Text: Msgs.T(r.Lang, msg), Visibility: bot.Private}}, true, nil
}

// ListFeedback returns every stored vote, oldest answer first.
func ListFeedback(tx *store.Tx) ([]Feedback, error) {
	var out []Feedback
	err := tx.Bucket(feedbackBucket).ForEach(func(k, v []byte) error {
		var f Feedback
		if err := json.Unmarshal(v, &f); err != nil {
			return fmt.Errorf("feedback %d: %w", store.ParseU64(k), err)
		}
		out = append(out, f)
		return nil
	})
	return out, err
}

// UserAnswer is what ExportUser reports per remembered answer.
type UserAnswer struct {
	Question string    `json:"question"`
	Lang     i18n.Lang `json:"lang"`
	Time     time.Time `json:"time"`
	Vote     string    `json:"vote,omitempty"`
}

// ExportUser implements store.DataHolder: the questions the user asked that
// are still remembered, with their votes.
func (c *Capability) ExportUser(tx *store.Tx, userID string) (any, error) {
	var out []UserAnswer
	fb := tx.Bucket(feedbackBucket)
	err := tx.Bucket(answersBucket).ForEach(func(k, v []byte) error {
		var rec answerRecord
		if err := json.Unmarshal(v, &rec); err != nil || rec.User != userID {
			return nil
		}
		ua := UserAnswer{Question: rec.Question, Lang: rec.Lang, Time: rec.Time}
		var f Feedback
		if ok, _ := fb.GetJSON(k, &f); ok {
			ua.Vote = f.Vote
		}
		out = append(out, ua)
		return nil
	})
	if err != nil || len(out) == 0 {
		return nil, err
	}
	return out, nil
}

// EraseUser implements store.DataHolder: it deletes the user's remembered
// answers and the votes on them, and returns how many records went.
func (c *Capability) EraseUser(tx *store.Tx, userID string) (int, error) {
	ab, fb := tx.Bucket(answersBucket), tx.Bucket(feedbackBucket)
	cb := tx.Bucket(contextBucket)
	var ctxKeys [][]byte
	if err := cb.ForEach(func(k, _ []byte) error {
		if strings.HasPrefix(string(k), userID+"\x00") {
			ctxKeys = append(ctxKeys, append([]byte(nil), k...))
		}
		return nil
	}); err != nil {
		return 0, err
	}
	for _, k := range ctxKeys {
		if err := cb.Delete(k); err != nil {
			return 0, err
		}
	}
	// The time index names the context's key, which holds the user id.
	db := tx.Bucket(contextDueBucket)
	var dueKeys [][]byte
	if err := db.ForEach(func(k, _ []byte) error {
		if len(k) > 8 && strings.HasPrefix(string(k[8:]), userID+"\x00") {
			dueKeys = append(dueKeys, append([]byte(nil), k...))
		}
		return nil
	}); err != nil {
		return 0, err
	}
	for _, k := range dueKeys {
		if err := db.Delete(k); err != nil {
			return 0, err
		}
	}
	var keys [][]byte
	err := ab.ForEach(func(k, v []byte) error {
		var rec answerRecord
		if json.Unmarshal(v, &rec) == nil && rec.User == userID {
			keys = append(keys, append([]byte(nil), k...))
		}
		return nil
	})
	if err != nil {
		return 0, err
	}
	n := len(ctxKeys)
	for _, k := range keys {
		if fb.Get(k) != nil {
			if err := fb.Delete(k); err != nil {
				return n, err
			}
			n++
		}
		if err := ab.Delete(k); err != nil {
			return n, err
		}
		n++
	}
	return n, nil
}

// HintTerms lists the term kinds the hints point to, so a test over the
// wired bot can make sure each one exists.
func HintTerms() []string {
	var terms []string
	for _, h := range termHints {
		terms = append(terms, h.term)
	}
	return terms
}
