package check

import (
	"context"
	"embed"
	"errors"
	"fmt"
	"log/slog"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/noaber/noaber/bot"
	"github.com/noaber/noaber/bot/clock"
	"github.com/noaber/noaber/bot/metrics"
	"github.com/noaber/noaber/i18n"
	"github.com/noaber/noaber/knowledge"
	"github.com/noaber/noaber/knowledge/rules"
	"github.com/noaber/noaber/knowledge/understand"
)

//go:embed messages/*.toml
var messagesFS embed.FS

// Msgs is the package's message catalog.
var Msgs = i18n.MustLoadDir("check", messagesFS, "messages")

// Name is the capability's name, the prefix of its choice ids and the
// owner of its dialogues.
const Name = "check"

// Dialogue steps.
const (
	stepAsk  = "ask"  // a question is open
	stepDone = "done" // a verdict was given; "waarom" and "terug" still work
)

// Capability runs checks in conversation.
type Capability struct {
	set *rules.Set
	log *slog.Logger
}

var (
	_ bot.Capability = (*Capability)(nil)
	_ bot.Helper     = (*Capability)(nil)
	_ bot.Resumer    = (*Capability)(nil)
)

// New builds the capability from configuration: the built-in checks plus
// those in cfg.Dir. log may be nil (slog.Default()).
func New(cfg Config, log *slog.Logger) (*Capability, error) {
	set, err := cfg.Checks()
	if err != nil {
		return nil, err
	}
	return NewWithSet(set, log), nil
}

// NewWithSet builds the capability over a set of checks.
func NewWithSet(set *rules.Set, log *slog.Logger) *Capability {
	if log == nil {
		log = slog.Default()
	}
	return &Capability{set: set, log: log.With("capability", Name)}
}

// Name returns "check".
func (c *Capability) Name() string { return Name }

// Help lists the check commands.
func (c *Capability) Help(lang bot.Lang, _ []bot.Role) []bot.HelpEntry {
	why, name := "waarom", "check <naam>"
	if lang == bot.EN {
		why, name = "why", "check <name>"
	}
	return []bot.HelpEntry{
		{Command: "check", Text: Msgs.T(lang, "help.list")},
		{Command: name, Text: Msgs.T(lang, "help.start")},
		{Command: why, Text: Msgs.T(lang, "help.why")},
	}
}

// state is what the dialogue stores: the check and the answers so far, in
// the order given (so "terug" can undo the last).
type state struct {
	Check   string   `json:"check"`
	Answers []answer `json:"answers,omitempty"`
	Asking  string   `json:"asking,omitempty"` // the fact asked now
}

type answer struct {
	Fact  string `json:"fact"`
	Value string `json:"value"` // rules.Fact.Encode form; "" = no value
}

// genericTriggers start the list of checks rather than one check.
var genericTriggers = []string{
	"komen wij in aanmerking", "komen we in aanmerking", "kom ik in aanmerking", "welke checks", "welke check",
	"are we eligible", "am i eligible", "which checks",
}

// Handle takes check commands, button clicks, answers in an open check
// dialogue and questions that match a check's triggers.
func (c *Capability) Handle(ctx context.Context, r *bot.Request) ([]bot.Reply, bool, error) {
	if r.IsAction() {
		return c.action(r)
	}
	lower := strings.ToLower(strings.TrimSpace(r.Text))
	cmd, arg, _ := strings.Cut(lower, " ")
	if cmd == "check" || cmd == "checks" || cmd == "/check" {
		arg = strings.TrimSpace(arg)
		if arg == "" || arg == "--list" || arg == "list" || arg == "lijst" {
			return []bot.Reply{c.list(r.Lang, "")}, true, nil
		}
		ch, ok := c.find(arg)
		if !ok {
			return []bot.Reply{c.list(r.Lang, Msgs.T(r.Lang, "list.unknown"))}, true, nil
		}
		reps, err := c.start(r, ch)
		return reps, true, err
	}
	if d := r.Dialogue; d != nil && d.Owner == Name {
		var st state
		if err := d.Decode(&st); err != nil || st.Check == "" {
			r.EndDialogue()
			return []bot.Reply{{Text: Msgs.T(r.Lang, "dialogue.restarted")}, c.list(r.Lang, "")}, true, nil
		}
		ch, ok := c.set.Get(st.Check)
		if !ok { // the check was removed from the configuration
			r.EndDialogue()
			return []bot.Reply{c.list(r.Lang, Msgs.T(r.Lang, "list.unknown"))}, true, nil
		}
		if reps, handled, err := c.inDialogue(r, ch, &st, d.Step, lower); handled || err != nil {
			return reps, handled, err
		}
	}
	if isQuestionAbout(lower) {
		return nil, false, nil
	}
	for _, ch := range c.set.Checks() {
		for _, t := range ch.Triggers {
			if strings.Contains(lower, strings.ToLower(t)) {
				reps, err := c.startWith(r, ch, prefill(r, ch))
				return reps, true, err
			}
		}
	}
	for _, t := range genericTriggers {
		if strings.Contains(lower, t) {
			return []bot.Reply{c.list(r.Lang, "")}, true, nil
		}
	}
	return nil, false, nil
}

// isQuestionAbout spots "wat is …" questions, which are for the
// knowledge base even when they name a check's subject.
func isQuestionAbout(lower string) bool {
	for _, p := range []string{"wat is", "wat zijn", "wat betekent", "what is", "what are", "what does", "uitleg over", "explain"} {
		if strings.HasPrefix(lower, p) {
			return true
		}
	}
	return false
}

// open returns the check and state of a dialogue that waits for an answer.
func (c *Capability) open(r *bot.Request) (*rules.Check, *state, *rules.Fact, bool) {
	d := r.Dialogue
	if d == nil || d.Owner != Name || d.Step != stepAsk {
		return nil, nil, nil, false
	}
	var st state
	if d.Decode(&st) != nil {
		return nil, nil, nil, false
	}
	ch, ok := c.set.Get(st.Check)
	if !ok {
		return nil, nil, nil, false
	}
	f, ok := ch.Fact(st.Asking)
	if !ok {
		return nil, nil, nil, false
	}
	return ch, &st, f, true
}

// Waiting reports whether a check question is open (bot.Resumer).
func (c *Capability) Waiting(r *bot.Request) (string, bool) {
	ch, _, _, ok := c.open(r)
	if !ok {
		return "", false
	}
	return Msgs.T(r.Lang, "dialogue.open", "id", ch.ID), true
}

// Expects reports whether r answers the open question or is one of the
// check's own words (stop, terug, check …) (bot.Resumer).
func (c *Capability) Expects(r *bot.Request) bool {
	_, _, f, ok := c.open(r)
	if !ok {
		return false
	}
	lower := strings.ToLower(strings.TrimSpace(r.Text))
	switch strings.Trim(lower, " .!?") {
	case "stop", "stoppen", "annuleer", "cancel", "quit", "klaar", "terug", "back", "vorige", "previous", "undo":
		return true
	}
	if cmd, _, _ := strings.Cut(lower, " "); cmd == "check" || cmd == "checks" || cmd == "/check" {
		return true
	}
	_, err := c.parse(f, r.Text, r.Lang, today(r.Now))
	return err == nil
}

// Resume asks the open question again (bot.Resumer).
func (c *Capability) Resume(r *bot.Request) ([]bot.Reply, error) {
	_, st, f, ok := c.open(r)
	if !ok {
		return []bot.Reply{{Text: bot.Msgs.T(r.Lang, "dialogue.nothing_open")}}, nil
	}
	return []bot.Reply{c.question(r.Lang, st, f)}, nil
}

func (c *Capability) inDialogue(r *bot.Request, ch *rules.Check, st *state, step, lower string) ([]bot.Reply, bool, error) {
	word := strings.Trim(lower, " .!?")
	switch word {
	case "stop", "stoppen", "annuleer", "cancel", "quit", "klaar":
		r.EndDialogue()
		return []bot.Reply{{Text: Msgs.T(r.Lang, "dialogue.stopped")}}, true, nil
	case "terug", "back", "vorige", "previous", "undo":
		reps, err := c.back(r, ch, st)
		return reps, true, err
	case "waarom", "why", "waarom?", "uitleg", "explain":
		if step == stepDone {
			reps, err := c.why(r, ch, st)
			return reps, true, err
		}
	case "bewaar", "bewaren", "opslaan", "save", "keep":
		if step == stepDone {
			reps, err := c.save(r, ch, st)
			return reps, true, err
		}
	}
	if step != stepAsk {
		return nil, false, nil // after a verdict, other messages are for others
	}
	f, ok := ch.Fact(st.Asking)
	if !ok {
		reps, err := c.advance(r, ch, st)
		return reps, true, err
	}
	v, err := c.parse(f, r.Text, r.Lang, today(r.Now))
	if err != nil {
		reps := c.reask(r, ch, st, f, err)
		return reps, true, nil
	}
	st.set(f.ID, f.Encode(v))
	reps, err := c.advance(r, ch, st)
	return reps, true, err
}

// parse reads a typed answer, including the skip label of optional facts.
func (c *Capability) parse(f *rules.Fact, text string, lang bot.Lang, today time.Time) (any, error) {
	t := strings.ToLower(strings.Trim(strings.TrimSpace(text), ".!?"))
	if f.Optional {
		switch t {
		case "-", "overslaan", "skip", "sla over", "geen", "none", strings.ToLower(f.Skip.NL), strings.ToLower(f.Skip.EN):
			return nil, nil
		}
	}
	return f.Parse(text, today)
}

// today is the calendar date in Europe/Amsterdam.
func today(now time.Time) time.Time { return now.In(clock.Amsterdam) }

func (st *state) set(fact, value string) {
	for i, a := range st.Answers {
		if a.Fact == fact {
			st.Answers = append(st.Answers[:i], st.Answers[i+1:]...)
			break
		}
	}
	st.Answers = append(st.Answers, answer{Fact: fact, Value: value})
}

func (st *state) values(ch *rules.Check) (rules.Values, error) {
	vals := rules.Values{}
	for _, a := range st.Answers {
		f, ok := ch.Fact(a.Fact)
		if !ok {
			continue // the check file changed; the fact is gone
		}
		v, err := f.Decode(a.Value)
		if err != nil {
			return nil, err
		}
		vals[a.Fact] = v
	}
	return vals, nil
}

func (c *Capability) find(arg string) (*rules.Check, bool) {
	checks := c.set.Checks()
	if n, err := strconv.Atoi(arg); err == nil && n >= 1 && n <= len(checks) {
		return checks[n-1], true
	}
	arg = strings.ReplaceAll(arg, "-", "_")
	if ch, ok := c.set.Get(arg); ok {
		return ch, true
	}
	if ch, ok := c.set.Get(strings.ReplaceAll(arg, " ", "_")); ok {
		return ch, true
	}
	if f := strings.Fields(arg); len(f) > 1 { // "check uitdaagrecht please"
		if ch, ok := c.set.Get(f[0]); ok {
			return ch, true
		}
		arg = f[0]
	}
	// A unique start of an id: "check voorbehouden", "check subsidie".
	var found *rules.Check
	for _, ch := range checks {
		if strings.HasPrefix(ch.ID, arg) && arg != "" {
			if found != nil {
				return nil, false
			}
			found = ch
		}
	}
	return found, found != nil
}

func (c *Capability) list(lang bot.Lang, prefix string) bot.Reply {
	var b strings.Builder
	if prefix != "" {
		b.WriteString(prefix + " ")
	}
	b.WriteString(Msgs.T(lang, "list.intro"))
	var choices []bot.Choice
	for _, ch := range c.set.Checks() {
		b.WriteString("\n- " + Msgs.T(lang, "list.item", "title", ch.Title.In(lang), "id", ch.ID, "description", ch.Description.In(lang)))
		choices = append(choices, bot.Choice{ID: Name + ":start:" + ch.ID, Label: ch.Title.In(lang)})
	}
	return bot.Reply{Text: b.String(), Choices: choices}
}

func (c *Capability) start(r *bot.Request, ch *rules.Check) ([]bot.Reply, error) {
	return c.startWith(r, ch, nil)
}

// prefill takes the facts of the asker's case from a question that starts
// a check ("moeten we aanbesteden als de gemeente ons 80.000 per jaar
// betaalt voor 4 jaar?"), so the check asks only what is still missing.
func prefill(r *bot.Request, ch *rules.Check) rules.Values {
	vals, ok := knowledge.CaseFacts(understand.Parse(r.Text, string(r.Lang)), ch, today(r.Now))
	if !ok {
		return nil
	}
	// The question gave the case; a reference date it did not give is
	// today, as on the command line, rather than one more question.
	if ch.DateFact != "" {
		if _, given := vals[ch.DateFact]; !given {
			t := today(r.Now)
			vals[ch.DateFact] = time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, time.UTC)
		}
	}
	return vals
}

// startWith starts a check with the facts given already filled in.
func (c *Capability) startWith(r *bot.Request, ch *rules.Check, given rules.Values) ([]bot.Reply, error) {
	metrics.Checks.WithLabelValues("started", "").Inc()
	st := &state{Check: ch.ID}
	ids := make([]string, 0, len(given))
	for id := range given {
		ids = append(ids, id)
	}
	sort.Strings(ids)
	for _, id := range ids {
		if f, ok := ch.Fact(id); ok {
			st.set(id, f.Encode(given[id]))
		}
	}
	reps, err := c.advance(r, ch, st)
	if err != nil {
		return nil, err
	}
	intro := Msgs.T(r.Lang, "start.intro", "title", ch.Title.In(r.Lang))
	if len(reps) > 0 {
		reps[0].Text = intro + "\n\n" + reps[0].Text
	}
	return reps, nil
}

// advance evaluates the answers so far and asks the next question or
// gives the verdict.
func (c *Capability) advance(r *bot.Request, ch *rules.Check, st *state) ([]bot.Reply, error) {
	vals, err := st.values(ch)
	if err != nil {
		r.EndDialogue()
		return []bot.Reply{{Text: Msgs.T(r.Lang, "dialogue.restarted")}, c.list(r.Lang, "")}, nil
	}
	res, err := ch.Evaluate(vals, rules.Options{Today: today(r.Now)})
	var npe *rules.NoParameterError
	if errors.As(err, &npe) && ch.DateFact != "" {
		// Never guess a threshold: ask for another date.
		st.drop(ch.DateFact)
		f, _ := ch.Fact(ch.DateFact)
		var periods []string
		for _, p := range npe.Periods {
			periods = append(periods, periodText(p, r.Lang))
		}
		msg := Msgs.T(r.Lang, "verdict.no_parameter", "date", rules.FormatDate(npe.Date, r.Lang), "periods", strings.Join(periods, "; "))
		reps, err := c.ask(r, st, f)
		if err != nil {
			return nil, err
		}
		reps[0].Text = msg + "\n\n" + reps[0].Text
		return reps, nil
	}
	if err != nil {
		return nil, fmt.Errorf("check %s: %w", ch.ID, err)
	}
	if res.Outcome == rules.Incomplete {
		f, _ := ch.Fact(res.Next)
		return c.ask(r, st, f)
	}
	metrics.Checks.WithLabelValues("finished", string(res.Outcome)).Inc()
	st.Asking = ""
	if err := r.SetDialogue(Name, stepDone, st); err != nil {
		return nil, err
	}
	return []bot.Reply{c.verdict(r.Lang, res)}, nil
}

func periodText(p rules.Period, lang bot.Lang) string {
	if p.Until.IsZero() {
		return rules.FormatDate(p.From, lang) + " –"
	}
	return rules.FormatDate(p.From, lang) + " – " + rules.FormatDate(p.Until, lang)
}

func (st *state) drop(fact string) {
	for i, a := range st.Answers {
		if a.Fact == fact {
			st.Answers = append(st.Answers[:i], st.Answers[i+1:]...)
			return
		}
	}
}

// ask stores the dialogue at fact f and returns the question with its
// buttons.
func (c *Capability) ask(r *bot.Request, st *state, f *rules.Fact) ([]bot.Reply, error) {
	st.Asking = f.ID
	if err := r.SetDialogue(Name, stepAsk, st); err != nil {
		return nil, err
	}
	return []bot.Reply{c.question(r.Lang, st, f)}, nil
}

func (c *Capability) question(lang bot.Lang, st *state, f *rules.Fact) bot.Reply {
	text := Msgs.T(lang, "ask.question", "n", len(st.Answers)+1, "question", f.Question.In(lang))
	if h := f.Help.In(lang); h != "" {
		text += "\n_" + h + "_"
	}
	prefix := Name + ":a:" + f.ID + ":"
	var choices []bot.Choice
	switch f.Type {
	case rules.Choice:
		for _, o := range f.Options {
			choices = append(choices, bot.Choice{ID: prefix + o.ID, Label: o.Label.In(lang)})
		}
	case rules.YesNo:
		choices = append(choices, bot.Choice{ID: prefix + "yes", Label: Msgs.T(lang, "button.yes")},
			bot.Choice{ID: prefix + "no", Label: Msgs.T(lang, "button.no")})
	case rules.Date:
		choices = append(choices, bot.Choice{ID: prefix + "today", Label: Msgs.T(lang, "button.today")})
	case rules.Grants:
		// "none" is the stored form of an empty list.
		choices = append(choices, bot.Choice{ID: prefix + "none", Label: Msgs.T(lang, "button.none")})
	}
	if f.Optional {
		choices = append(choices, bot.Choice{ID: prefix + "-", Label: f.Skip.In(lang)})
	}
	if len(st.Answers) > 0 {
		choices = append(choices, bot.Choice{ID: Name + ":back", Label: Msgs.T(lang, "button.back")})
	}
	choices = append(choices, bot.Choice{ID: Name + ":stop", Label: Msgs.T(lang, "button.stop"), Style: bot.Danger})
	return bot.Reply{Text: text, Choices: choices}
}

// reask repeats the open question with a hint about what went wrong.
func (c *Capability) reask(r *bot.Request, ch *rules.Check, st *state, f *rules.Fact, err error) []bot.Reply {
	kind, limit := "text", 0.0
	var ie *rules.InputError
	if errors.As(err, &ie) {
		kind, limit = ie.Kind, ie.Limit
	}
	hint := Msgs.T(r.Lang, "hint."+kind, "limit", strconv.FormatFloat(limit, 'f', -1, 64))
	if kind == "choice" {
		var labels []string
		for _, o := range f.Options {
			labels = append(labels, o.Label.In(r.Lang))
		}
		hint += " " + Msgs.T(r.Lang, "hint.options", "options", strings.Join(labels, ", "))
	}
	q := c.question(r.Lang, st, f)
	q.Text = Msgs.T(r.Lang, "hint.again", "hint", hint) + "\n\n" + q.Text
	return []bot.Reply{q}
}

// back undoes the last answer and asks that question again.
func (c *Capability) back(r *bot.Request, ch *rules.Check, st *state) ([]bot.Reply, error) {
	if len(st.Answers) == 0 {
		reps, err := c.advance(r, ch, st)
		if err != nil {
			return nil, err
		}
		reps[0].Text = Msgs.T(r.Lang, "dialogue.back_first") + "\n\n" + reps[0].Text
		return reps, nil
	}
	last := st.Answers[len(st.Answers)-1]
	st.Answers = st.Answers[:len(st.Answers)-1]
	f, ok := ch.Fact(last.Fact)
	if !ok {
		return c.advance(r, ch, st)
	}
	return c.ask(r, st, f)
}

// action handles a click on one of the capability's buttons.
func (c *Capability) action(r *bot.Request) ([]bot.Reply, bool, error) {
	id := strings.TrimPrefix(r.ActionID(), Name+":")
	kind, rest, _ := strings.Cut(id, ":")
	switch kind {
	case "list":
		return []bot.Reply{c.list(r.Lang, "")}, true, nil
	case "start":
		ch, ok := c.set.Get(rest)
		if !ok {
			return []bot.Reply{c.list(r.Lang, Msgs.T(r.Lang, "list.unknown"))}, true, nil
		}
		reps, err := c.start(r, ch)
		return reps, true, err
	}
	d := r.Dialogue
	var st state
	if d == nil || d.Owner != Name || d.Decode(&st) != nil {
		return nil, false, nil // the router says the button no longer works
	}
	ch, ok := c.set.Get(st.Check)
	if !ok {
		return nil, false, nil
	}
	switch kind {
	case "stop":
		r.EndDialogue()
		return []bot.Reply{{Text: Msgs.T(r.Lang, "dialogue.stopped")}}, true, nil
	case "back":
		reps, err := c.back(r, ch, &st)
		return reps, true, err
	case "why":
		reps, err := c.why(r, ch, &st)
		return reps, true, err
	case "save":
		reps, err := c.save(r, ch, &st)
		return reps, true, err
	case "a":
		factID, value, _ := strings.Cut(rest, ":")
		f, ok := ch.Fact(factID)
		if !ok || d.Step != stepAsk || factID != st.Asking {
			reps, err := c.advance(r, ch, &st)
			if err != nil {
				return nil, true, err
			}
			reps[0].Text = Msgs.T(r.Lang, "dialogue.stale") + "\n\n" + reps[0].Text
			return reps, true, nil
		}
		var v any
		switch {
		case value == "-" && f.Optional:
			v = nil
		case value == "today" && f.Type == rules.Date:
			t := today(r.Now)
			v = time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, time.UTC)
		default:
			var err error
			if v, err = f.Decode(value); err != nil {
				return c.reask(r, ch, &st, f, err), true, nil
			}
		}
		st.set(f.ID, f.Encode(v))
		reps, err := c.advance(r, ch, &st)
		return reps, true, err
	}
	return nil, false, nil
}
