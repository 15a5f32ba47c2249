package check

import (
	"context"
	"embed"
	"errors"
	"fmt"
	"log/slog"
	"maps"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"
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
	// cases keeps a question that started a check with its case as the
	// conversation's follow-up context (see KeepCasesWith); nil keeps none.
	cases CaseKeeper
}

// CaseKeeper keeps a question as the follow-up context of its
// conversation, so that "en als het 40.000 per jaar is?" after a case
// question that started a check is read against that case. The question
// capability (bot/ask) is one.
type CaseKeeper interface {
	KeepCase(ctx context.Context, r *bot.Request)
}

// KeepCasesWith makes every question that starts a check from its case
// the follow-up context of its conversation, kept by k.
func (c *Capability) KeepCasesWith(k CaseKeeper) { c.cases = k }

var (
	_ bot.Capability = (*Capability)(nil)
	_ bot.Commander  = (*Capability)(nil)
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

// Commands is the check command table (bot.Commander): "check" lists the
// checks or starts one; "waarom" is a word of the open dialogue, in help
// only.
func (c *Capability) Commands() []bot.Command { return commands() }

var commands = sync.OnceValue(func() []bot.Command {
	t := func(id string) map[bot.Lang]string { return bot.CatalogText(Msgs, id) }
	return []bot.Command{
		{ID: Name + ".list", Words: bot.CatalogWords(Msgs, "cmd.check.words"), Usage: t("cmd.check.usage"), Help: t("help.list"),
			Menu: true, Desc: t("cmd.check.desc"),
			Args: []bot.Arg{{Name: t("cmd.check.arg"), Desc: t("cmd.check.arg_desc"), Autocomplete: CompleteChecks}}},
		{ID: Name + ".start", Usage: t("cmd.start.usage"), Help: t("help.start")},
		{ID: Name + ".why", Usage: t("cmd.why.usage"), Help: t("help.why")},
	}
})

// CompleteChecks is the autocomplete source of check ids.
const CompleteChecks = "checks"

// Complete suggests checks for what the user typed so far
// (bot.Completer, source CompleteChecks).
func (c *Capability) Complete(source, prefix string, lang bot.Lang) []bot.Choice {
	if source != CompleteChecks {
		return nil
	}
	if out := c.Suggest(prefix, lang); out != nil {
		return out
	}
	return []bot.Choice{}
}

// command reads "check [id]": ok is false for anything else; arg is the
// rest in lower case.
func (c *Capability) command(text string) (arg string, ok bool) {
	cmd, rest, ok := bot.Match(c.Commands(), text)
	if !ok || cmd.ID != Name+".list" {
		return "", false
	}
	return strings.ToLower(rest), true
}

// state is what the dialogue stores: the check and the answers so far, in
// the order given (so "terug" can undo the last).
type state struct {
	Check   string   `json:"check"`
	Answers []answer `json:"answers,omitempty"`
	Asking  string   `json:"asking,omitempty"` // the fact asked now
	// Given are the facts among Answers that the question which started
	// the check filled in (and its reference date), not the user: the
	// questions are numbered by what the user is asked.
	Given []string `json:"given,omitempty"`
}

type answer struct {
	Fact  string `json:"fact"`
	Value string `json:"value"` // rules.Fact.Encode form; "" = no value
}

// genericTriggers are phrases (from the catalog) that start the list of
// checks rather than one check, wherever they stand in a message.
var genericTriggers = sync.OnceValue(func() []string {
	var out []string
	for _, ws := range bot.CatalogWords(Msgs, "words.generic") {
		out = append(out, ws...)
	}
	return out
})

// Handle takes check commands, button clicks, answers in an open check
// dialogue and questions that match a check's triggers.
func (c *Capability) Handle(ctx context.Context, r *bot.Request) ([]bot.Reply, bool, error) {
	if r.IsAction() {
		return c.action(r)
	}
	lower := strings.ToLower(strings.TrimSpace(r.Text))
	if arg, ok := c.command(r.Text); ok {
		if arg == "" || arg == "--list" || bot.IsWord(Msgs, "words.list", arg) {
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
				reps, err := c.startCase(r, ch)
				if err == nil && c.cases != nil {
					c.cases.KeepCase(ctx, r)
				}
				return reps, true, err
			}
		}
	}
	for _, t := range genericTriggers() {
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
	if isStop(r.Text) || bot.IsWord(Msgs, "words.back", r.Text) {
		return true
	}
	if _, ok := c.command(r.Text); ok {
		return true
	}
	_, err := c.parse(f, r.Text, r.Lang, today(r.Now))
	return err == nil
}

// Resume asks the open question again (bot.Resumer).
func (c *Capability) Resume(r *bot.Request) ([]bot.Reply, error) {
	ch, st, f, ok := c.open(r)
	if !ok {
		return []bot.Reply{{Text: bot.Msgs.T(r.Lang, "dialogue.nothing_open")}}, nil
	}
	return []bot.Reply{c.question(r, ch, st, f)}, nil
}

func (c *Capability) inDialogue(r *bot.Request, ch *rules.Check, st *state, step, lower string) ([]bot.Reply, bool, error) {
	switch {
	case isStop(lower):
		r.EndDialogue()
		return []bot.Reply{{Text: Msgs.T(r.Lang, "dialogue.stopped")}}, true, nil
	case bot.IsWord(Msgs, "words.back", lower):
		reps, err := c.back(r, ch, st)
		return reps, true, err
	case bot.IsWord(Msgs, "words.why", lower):
		if step == stepDone {
			reps, err := c.why(r, ch, st)
			return reps, true, err
		}
	case bot.IsWord(Msgs, "words.save", lower):
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
		case "-", strings.ToLower(f.Skip.NL), strings.ToLower(f.Skip.EN):
			return nil, nil
		}
		if bot.IsWord(Msgs, "words.skip", t) {
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
// betaalt voor 4 jaar?"), so the check asks only what is still missing:
// fromQuestion are the facts the question gave, vals those plus the
// reference date. Both are nil when the question gives no case.
func prefill(r *bot.Request, q understand.Query, ch *rules.Check) (fromQuestion, vals rules.Values) {
	fromQuestion, ok := knowledge.CaseFacts(q, ch, today(r.Now))
	if !ok {
		return nil, nil
	}
	vals = maps.Clone(fromQuestion)
	// The question gave the case; a reference date it did not give is
	// today, as on the command line, rather than one more question.
	if ch.DateFact != "" {
		if _, given := vals[ch.DateFact]; !given {
			t := today(r.Now)
			vals[ch.DateFact] = time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, time.UTC)
		}
	}
	return fromQuestion, vals
}

// startCase starts check ch from a question that names it. When the
// question carries the facts of the asker's case, the first reply is the
// verdict the engine computes from them (the same as `noaber ask`: the
// sum, the threshold valid on the date with its source, and what it
// assumed), the facts taken from the question, and then the check's
// question for what is still missing, so the user can make it certain.
func (c *Capability) startCase(r *bot.Request, ch *rules.Check) ([]bot.Reply, error) {
	q := understand.Parse(r.Text, string(r.Lang))
	fromQuestion, vals := prefill(r, q, ch)
	if len(vals) == 0 {
		return c.startWith(r, ch, nil)
	}
	metrics.Checks.WithLabelValues("started", "").Inc()
	st := &state{Check: ch.ID}
	// The reference date first, then the question's facts in the check's
	// order: "terug" undoes the question's facts from the last one.
	for _, id := range append([]string{ch.DateFact}, factIDs(ch)...) {
		v, ok := vals[id]
		if _, given := st.get(id); ok && !given {
			f, _ := ch.Fact(id)
			st.set(id, f.Encode(v))
			st.Given = append(st.Given, id)
		}
	}
	reps, err := c.advance(r, ch, st)
	if err != nil || len(reps) == 0 {
		return reps, err
	}
	var head []string
	v, ok := knowledge.ComputeCase(q, ch, fromQuestion, r.Lang, today(r.Now))
	verdict := ok && v.Text != "" && len(v.Sources) > 0 && st.Asking != ""
	if verdict {
		text := v.Text
		if v.Assumption != "" {
			text = v.Assumption + " " + text
		}
		if v.Amounts != "" {
			text += "\n" + v.Amounts
		}
		head = append(head, text)
		for _, s := range v.Sources {
			reps[0].Sources = append(reps[0].Sources, bot.Source{Title: s.In(r.Lang), URL: s.URL, Ref: s.RefIn(r.Lang)})
		}
	} else {
		head = append(head, Msgs.T(r.Lang, "start.intro", "title", ch.Title.In(r.Lang)))
	}
	if line := fromLine(ch, fromQuestion, v.Assumed, r.Lang); line != "" {
		head = append(head, line)
	}
	text := reps[0].Text
	if verdict {
		text = c.sure(r, ch, st) + "\n" + text
	}
	reps[0].Text = strings.Join(append(head, text), "\n\n")
	return reps, nil
}

// factIDs are the ids of the check's facts in the order it declares them.
func factIDs(ch *rules.Check) []string {
	ids := make([]string, len(ch.Facts))
	for i, f := range ch.Facts {
		ids[i] = f.ID
	}
	return ids
}

// fromLine says which facts were taken from the question, which were
// assumed, and how to change one ("" when none has a value to show).
func fromLine(ch *rules.Check, vals rules.Values, assumed []string, lang bot.Lang) string {
	var stated, guessed []string
	for _, f := range ch.Facts {
		if v, ok := vals[f.ID]; ok && v != nil {
			part := f.Label.In(lang) + ": " + ch.Format(f.ID, v, lang)
			if slices.Contains(assumed, f.ID) {
				guessed = append(guessed, part)
			} else {
				stated = append(stated, part)
			}
		}
	}
	var lines []string
	if len(stated) > 0 {
		lines = append(lines, Msgs.T(lang, "start.from_question", "facts", strings.Join(stated, "; ")))
	}
	if len(guessed) > 0 {
		lines = append(lines, Msgs.T(lang, "start.assumed", "facts", strings.Join(guessed, "; ")))
	}
	if len(lines) == 0 {
		return ""
	}
	return strings.Join(append(lines, Msgs.T(lang, "start.change")), " ")
}

// sure introduces the questions still open after a verdict on the
// question's facts: how many there are at most.
func (c *Capability) sure(r *bot.Request, ch *rules.Check, st *state) string {
	fewest, most, ok := c.remaining(r, ch, st)
	switch {
	case !ok || most < 1:
		return Msgs.T(r.Lang, "sure.some")
	case fewest == most:
		return Msgs.N(r.Lang, "sure.count", most)
	default:
		return Msgs.N(r.Lang, "sure.most", most)
	}
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
		reps, err := c.ask(r, ch, st, f)
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
		return c.ask(r, ch, st, f)
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
			break
		}
	}
	st.Given = slices.DeleteFunc(st.Given, func(id string) bool { return id == fact })
}

// get returns the stored answer to fact.
func (st *state) get(fact string) (string, bool) {
	for _, a := range st.Answers {
		if a.Fact == fact {
			return a.Value, true
		}
	}
	return "", false
}

// ask stores the dialogue at fact f and returns the question with its
// buttons.
func (c *Capability) ask(r *bot.Request, ch *rules.Check, st *state, f *rules.Fact) ([]bot.Reply, error) {
	st.Asking = f.ID
	if err := r.SetDialogue(Name, stepAsk, st); err != nil {
		return nil, err
	}
	return []bot.Reply{c.question(r, ch, st, f)}, nil
}

// number is the heading of the open question: "Vraag 3." in a check the
// user answers from the start; in a check the question filled in, the
// number among the questions the user is asked and how many there are
// ("Vraag 1 van 2."), or none when this is the only one.
func (c *Capability) number(r *bot.Request, ch *rules.Check, st *state, f *rules.Fact) string {
	q := f.Question.In(r.Lang)
	if len(st.Given) == 0 || ch == nil {
		return Msgs.T(r.Lang, "ask.question", "n", len(st.Answers)+1, "question", q)
	}
	n := len(st.Answers) - len(st.Given) + 1
	fewest, most, ok := c.remaining(r, ch, st)
	switch {
	case !ok || most < 1:
		return Msgs.T(r.Lang, "ask.question", "n", n, "question", q)
	case n == 1 && most == 1:
		return q
	case fewest == most:
		return Msgs.T(r.Lang, "ask.question_of", "n", n, "total", n-1+most, "question", q)
	default:
		return Msgs.T(r.Lang, "ask.question_of_most", "n", n, "total", n-1+most, "question", q)
	}
}

// maxPaths bounds the evaluations remaining makes.
const maxPaths = 256

// remaining counts the questions still to ask, the open one included:
// the fewest and the most over the answers the user can give (each
// option of a choice, yes and no, skipping an optional fact; one value
// for an amount, number or date, which in a check decides a verdict
// rather than which questions follow). ok is false when the answers
// cannot be read or there are too many paths to count.
func (c *Capability) remaining(r *bot.Request, ch *rules.Check, st *state) (fewest, most int, ok bool) {
	vals, err := st.values(ch)
	if err != nil {
		return 0, 0, false
	}
	opt := rules.Options{Today: today(r.Now)}
	budget := maxPaths
	var walk func(vals rules.Values, depth int) (int, int, bool)
	walk = func(vals rules.Values, depth int) (int, int, bool) {
		if budget--; budget < 0 || depth > len(ch.Facts) {
			return 0, 0, false
		}
		res, err := ch.Evaluate(vals, opt)
		if err != nil {
			return 0, 0, false
		}
		if res.Outcome != rules.Incomplete {
			return 0, 0, true
		}
		f, ok := ch.Fact(res.Next)
		if !ok {
			return 0, 0, false
		}
		lo, hi := -1, 0
		for _, v := range candidates(f, opt.Today) {
			next := maps.Clone(vals)
			next[f.ID] = v
			l, h, ok := walk(next, depth+1)
			if !ok {
				return 0, 0, false
			}
			if lo < 0 || l < lo {
				lo = l
			}
			hi = max(hi, h)
		}
		return lo + 1, hi + 1, lo >= 0
	}
	return walk(vals, 0)
}

// candidates are the answers remaining tries for f.
func candidates(f *rules.Fact, today time.Time) []any {
	var out []any
	switch f.Type {
	case rules.Choice:
		for _, o := range f.Options {
			out = append(out, o.ID)
		}
	case rules.YesNo:
		out = append(out, true, false)
	case rules.Date:
		out = append(out, time.Date(today.Year(), today.Month(), today.Day(), 0, 0, 0, 0, time.UTC))
	case rules.Grants:
		out = append(out, []rules.Grant{})
	case rules.Amount, rules.Number:
		v := 0.0
		if f.Min != nil {
			v = *f.Min
		}
		out = append(out, v)
	default:
		out = append(out, "")
	}
	if f.Optional {
		out = append(out, nil)
	}
	return out
}

func (c *Capability) question(r *bot.Request, ch *rules.Check, st *state, f *rules.Fact) bot.Reply {
	lang := r.Lang
	text := c.number(r, ch, st, f)
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
	q := c.question(r, ch, st, f)
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
	st.drop(last.Fact) // a fact from the question is now the user's to give
	f, ok := ch.Fact(last.Fact)
	if !ok {
		return c.advance(r, ch, st)
	}
	return c.ask(r, ch, st, f)
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

// isStop reports whether text stops the check: the bot's stop words, or
// the check's own ("klaar").
func isStop(text string) bool { return bot.IsStop(text) || bot.IsWord(Msgs, "words.stop", text) }
