package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"os"
	"strings"

	"github.com/noaber/noaber/bot"
	"github.com/noaber/noaber/bot/ask"
	"github.com/noaber/noaber/bot/check"
	"github.com/noaber/noaber/bot/store"
	"github.com/noaber/noaber/cmd/noaber/config"
	"github.com/noaber/noaber/i18n"
	"github.com/noaber/noaber/knowledge"
	"github.com/noaber/noaber/knowledge/llm"
)

func init() {
	register(&command{name: "ask", args: "[--lang nl|en] [--json] QUESTION",
		short: "answer one question from the knowledge base and exit", run: runAsk})
	register(&command{name: "eval", args: "[-v] [--half tune|test|holdout] [--llm] FILE",
		short: "measure answer quality: lead accuracy per category on an answer eval (knowledge/eval/leads.toml, knowledge/eval/holdout*.toml, knowledge/eval/train/*.toml), or document recall on a question set", run: runEval})
	register(&command{name: "feedback", args: "[--db PATH]",
		short: "list the 👍/👎 votes users gave to answers", run: runFeedback})
}

// askJSON is the --json output: exactly these keys, so scripts can rely
// on them.
type askJSON struct {
	Answer  string       `json:"answer"`
	Lang    i18n.Lang    `json:"lang"`
	Found   bool         `json:"found"`
	Sources []sourceJSON `json:"sources"`
	// Kind is answer, check (a computed verdict), clarify, refuse or
	// smalltalk; Choices are a clarifying question's options.
	Kind    knowledge.Kind     `json:"kind"`
	Choices []knowledge.Choice `json:"choices,omitempty"`
}

type sourceJSON struct {
	ID    string `json:"id"`
	Title string `json:"title"`
	URL   string `json:"url"`
}

func runAsk(ctx context.Context, e *env) error {
	langFlag := e.Flags.String("lang", "", "answer in `LANG` (nl or en); default: detected from the question")
	asJSON := e.Flags.Bool("json", false, "print one JSON object {answer, lang, found, sources, kind, choices}")
	args, err := e.Parse()
	if err != nil {
		return err
	}
	q := strings.TrimSpace(strings.Join(args, " "))
	if q == "" {
		return usagef("give a question, e.g. noaber ask \"wat is het drempelbedrag voor diensten?\"")
	}
	cfg, err := e.Config()
	if err != nil {
		return err
	}
	lang := cfg.Bot.Lang()
	if *langFlag != "" {
		l, ok := i18n.ParseLang(*langFlag)
		if !ok {
			return usagef("--lang %q: use nl or en", *langFlag)
		}
		lang = l
	} else if l, ok := bot.DetectLang(q); ok {
		lang = l
	}
	eng, err := newKnowledge(cfg, newLogger(cfg, e.Stderr, slog.LevelWarn), e.Clock)
	if err != nil {
		return err
	}
	res, err := eng.Answer(ctx, q, lang)
	if err != nil {
		return err
	}
	if *asJSON {
		out := askJSON{Answer: res.Answer, Lang: res.Lang, Found: res.Found, Sources: []sourceJSON{}, Kind: res.Kind, Choices: res.Choices}
		for _, s := range res.Sources {
			out.Sources = append(out.Sources, sourceJSON{ID: s.ID, Title: s.Title, URL: s.URL})
		}
		enc := json.NewEncoder(e.Stdout)
		enc.SetEscapeHTML(false)
		return enc.Encode(out)
	}
	checks, err := check.New(cfg.Rules, newLogger(cfg, e.Stderr, slog.LevelWarn))
	if err != nil {
		return err
	}
	printAnswer(e.Stdout, res, lang, checks)
	return nil
}

// printAnswer writes the answer as the chat would show it, sources below.
func printAnswer(w io.Writer, res knowledge.Result, lang i18n.Lang, checks ask.CheckFinder) {
	r := ask.Render(res, lang, checks)
	fmt.Fprintln(w, r.Text)
	if len(r.Sources) == 0 {
		return
	}
	fmt.Fprintln(w, "\n"+ask.Msgs.T(lang, "cli.sources"))
	for _, s := range r.Sources {
		line := "- " + s.Title
		if s.Ref != "" {
			line += " (" + s.Ref + ")"
		}
		if s.URL != "" {
			line += " — " + s.URL
		}
		fmt.Fprintln(w, line)
	}
}

func runEval(ctx context.Context, e *env) error {
	verbose := e.Flags.Bool("v", false, "list the questions answered wrongly (for an answer eval: of the tune half only)")
	half := e.Flags.String("half", "", "answer eval: run only the `HALF` tune, test or holdout (default every half in the file, reported apart)")
	withLLM := e.Flags.Bool("llm", false, "answer with the LLM of [llm] (and its rewrite, if on), to measure it; without it the engine is measured alone, as the gates in go test do")
	args, err := e.Parse()
	if err != nil {
		return err
	}
	if len(args) != 1 {
		return usagef("give one question file, e.g. knowledge/eval/leads.toml or knowledge/eval/questions.toml")
	}
	if *half != "" && !knowledge.ValidHalf(*half) {
		return usagef("--half %q: use tune, test or holdout", *half)
	}
	data, err := os.ReadFile(args[0])
	if err != nil {
		return fmt.Errorf("open question set: %w", err)
	}
	leads, leadErr := knowledge.ReadLeads(bytes.NewReader(data))
	if leadErr == nil {
		return runLeadEval(ctx, e, leads, *half, *verbose, *withLLM)
	}
	if bytes.Contains(data, []byte("\nhalf")) {
		// An answer eval (it splits its questions into halves) that is
		// malformed: say what is wrong with it, not with the other format.
		return fmt.Errorf("%s: %w", args[0], leadErr)
	}
	qs, err := knowledge.ReadEval(bytes.NewReader(data))
	if err != nil {
		return fmt.Errorf("%s: %w", args[0], err)
	}
	cfg, err := evalConfig(e, *withLLM)
	if err != nil {
		return err
	}
	eng, err := newKnowledge(cfg, newLogger(cfg, e.Stderr, slog.LevelWarn), e.Clock)
	if err != nil {
		return err
	}
	rep, err := eng.Evaluate(ctx, qs)
	if err != nil {
		return err
	}
	fmt.Fprintf(e.Stdout, "questions:         %d in scope, %d out of scope\n", rep.InScope, rep.OutOfScope)
	fmt.Fprintf(e.Stdout, "recall@1:          %.3f\n", rep.RecallAt1)
	fmt.Fprintf(e.Stdout, "recall@3:          %.3f\n", rep.RecallAt3)
	fmt.Fprintf(e.Stdout, "MRR:               %.3f\n", rep.MRR)
	fmt.Fprintf(e.Stdout, "refusal accuracy:  %.3f\n", rep.RefusalAccuracy)
	fmt.Fprintf(e.Stdout, "answer rate:       %.3f\n", rep.AnswerRate)
	if *verbose {
		for _, m := range rep.Misses {
			want := strings.Join(m.Question.Expect, ",")
			if m.Question.OutOfScope {
				want = "(refuse)"
			}
			fmt.Fprintf(e.Stdout, "miss [%s] %q want %s; answered=%v coverage=%.2f got %v\n",
				m.Question.Lang, m.Question.Text, want, m.Found, m.Coverage, m.Got[:min(3, len(m.Got))])
		}
	}
	return nil
}

func runFeedback(ctx context.Context, e *env) error {
	if _, err := e.Parse(); err != nil {
		return err
	}
	cfg, err := e.Config()
	if err != nil {
		return err
	}
	path := cfg.DBPath()
	if _, err := os.Stat(path); os.IsNotExist(err) && !cfg.Store.Etcd() {
		fmt.Fprintf(e.Stdout, "no database at %s yet, so no feedback\n", path)
		return nil
	}
	db, done, err := openStoreForReading(cfg)
	if err != nil {
		return err
	}
	defer done()
	var fbs []ask.Feedback
	if err := db.View(func(tx *store.Tx) error {
		fbs, err = ask.ListFeedback(tx)
		return err
	}); err != nil {
		return err
	}
	if len(fbs) == 0 {
		fmt.Fprintln(e.Stdout, "no feedback yet")
		return nil
	}
	up := 0
	for _, f := range fbs {
		mark := "👎"
		if f.Vote == "up" {
			mark, up = "👍", up+1
		}
		found := ""
		if !f.Found {
			found = " (not found)"
		}
		fmt.Fprintf(e.Stdout, "%s %s [%s] %s%s — %s\n", f.Time.Format("2006-01-02 15:04"), mark, f.Lang, strings.Join(f.Topics, ","), found, shown(f.Question))
	}
	fmt.Fprintf(e.Stdout, "%d votes: %d 👍, %d 👎\n", len(fbs), up, len(fbs)-up)
	return nil
}

// runLeadEval grades what a person reads: the lead of each answer, per
// half and per category. Misses are listed for the tune half only: the
// test and holdout halves are run, never tuned on.
func runLeadEval(ctx context.Context, e *env, qs []knowledge.LeadQuestion, half string, verbose, withLLM bool) error {
	cfg, err := evalConfig(e, withLLM)
	if err != nil {
		return err
	}
	eng, err := newKnowledge(cfg, newLogger(cfg, e.Stderr, slog.LevelWarn), e.Clock)
	if err != nil {
		return err
	}
	halves := knowledge.LeadHalves(qs)
	if half != "" {
		halves = []string{half}
	}
	for _, h := range halves {
		rep, err := eng.EvaluateLeads(ctx, qs, h)
		if err != nil {
			return err
		}
		fmt.Fprintf(e.Stdout, "%s half (%d questions)\n", h, rep.All.N)
		fmt.Fprintf(e.Stdout, "  lead accuracy:     %.3f (%d/%d)\n", rep.Lead.Rate(), rep.Lead.Right, rep.Lead.N)
		fmt.Fprintf(e.Stdout, "  refusal accuracy:  %.3f (%d/%d)\n", rep.Refusal.Rate(), rep.Refusal.Right, rep.Refusal.N)
		fmt.Fprintf(e.Stdout, "  clarify rate:      %.3f\n", rep.ClarifyRate)
		fmt.Fprintf(e.Stdout, "  small talk:        %.3f (%d/%d)\n", rep.SmallTalk.Rate(), rep.SmallTalk.Right, rep.SmallTalk.N)
		if withLLM {
			fmt.Fprintf(e.Stdout, "  LLM answers:       %d\n", rep.Generated)
			fmt.Fprintf(e.Stdout, "  rewritten queries: %d\n", rep.Rewritten)
		}
		fmt.Fprintf(e.Stdout, "  per category:\n")
		for _, tag := range rep.Tags() {
			s := rep.ByTag[tag]
			fmt.Fprintf(e.Stdout, "    %-13s %.3f (%d/%d)\n", tag, s.Rate(), s.Right, s.N)
		}
		if verbose && h == "tune" {
			for _, m := range rep.Misses {
				fmt.Fprintf(e.Stdout, "  miss %s [%s] %q want %s; got %s: %q\n", m.Question.ID, m.Question.Lang, m.Question.Text, m.Question.Expect, m.Kind, m.Lead)
			}
		}
	}
	return nil
}

// evalConfig is the configuration an eval runs with: without the [llm]
// section unless withLLM, so the figures are the engine's own, as in the
// gates of go test.
func evalConfig(e *env, withLLM bool) (*config.Config, error) {
	cfg, err := e.Config()
	if err != nil {
		return nil, err
	}
	if !withLLM {
		c := *cfg
		c.LLM = llm.Config{}
		return &c, nil
	}
	if !cfg.LLM.Enabled() {
		return nil, usagef("--llm: no LLM configured (set [llm] base_url and model)")
	}
	return cfg, nil
}
