package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"strings"
	"time"

	"github.com/noaber/noaber/bot/clock"
	"github.com/noaber/noaber/i18n"
	"github.com/noaber/noaber/knowledge/rules"
)

func init() {
	register(&command{name: "check", args: "--list [--json] | ID --fact KEY=VALUE … [--date YYYY-MM-DD] [--lang nl|en] [--json]",
		short: "list the eligibility checks, or evaluate one from facts without a conversation", run: runCheck})
	register(&command{name: "rules test", args: "[DIR]",
		short: "run the scenario files of the checks (the built-in ones without DIR); exits non-zero on a failure", run: runRulesTest})
}

// factFlags collects repeated --fact KEY=VALUE flags.
type factFlags []string

func (f *factFlags) String() string     { return strings.Join(*f, ",") }
func (f *factFlags) Set(s string) error { *f = append(*f, s); return nil }

// checkJSON is the --json output of one evaluation.
type checkJSON struct {
	Check       string            `json:"check"`
	Outcome     string            `json:"outcome"`
	Explanation string            `json:"explanation"`
	Missing     []string          `json:"missing"`
	Trace       []traceJSON       `json:"trace"`
	Sources     []checkSourceJSON `json:"sources"`
}

type traceJSON struct {
	Rule    string   `json:"rule"`
	Outcome string   `json:"outcome,omitempty"` // empty for a note
	When    string   `json:"when"`
	State   string   `json:"state"` // true, false, unknown
	Missing []string `json:"missing,omitempty"`
}

type checkSourceJSON struct {
	Title string `json:"title"`
	URL   string `json:"url,omitempty"`
	Ref   string `json:"ref,omitempty"`
}

type checkListJSON struct {
	ID          string `json:"id"`
	Title       string `json:"title"`
	Description string `json:"description"`
}

func runCheck(ctx context.Context, e *env) error {
	var facts factFlags
	list := e.Flags.Bool("list", false, "list the checks")
	asJSON := e.Flags.Bool("json", false, "print JSON")
	date := e.Flags.String("date", "", "reference `DATE` (YYYY-MM-DD) for thresholds and for a date fact not given; default today in Europe/Amsterdam")
	langFlag := e.Flags.String("lang", "nl", "language of the explanation: nl or en")
	e.Flags.Var(&facts, "fact", "a fact as `KEY=VALUE` (repeatable); see --list and the check file for the keys")
	pos, err := e.Parse()
	if err != nil {
		return err
	}
	lang, ok := i18n.ParseLang(*langFlag)
	if !ok {
		return usagef("--lang %q: use nl or en", *langFlag)
	}
	cfg, err := e.Config()
	if err != nil {
		return err
	}
	set, err := cfg.Rules.Checks()
	if err != nil {
		return err
	}
	if *list {
		if len(pos) > 0 || len(facts) > 0 {
			return usagef("--list takes no check and no facts")
		}
		return printCheckList(e, set, lang, *asJSON)
	}
	if len(pos) != 1 {
		return usagef("name one check (noaber check --list shows them)")
	}
	c, ok := set.Get(pos[0])
	if !ok {
		return fmt.Errorf("%w %q (noaber check --list shows them)", rules.ErrUnknownCheck, pos[0])
	}
	today := time.Now().In(clock.Amsterdam)
	if *date != "" {
		d, err := time.Parse(time.DateOnly, *date)
		if err != nil {
			return usagef("--date %q: write the date as YYYY-MM-DD", *date)
		}
		today = d
	}
	vals := rules.Values{}
	for _, kv := range facts {
		k, v, ok := strings.Cut(kv, "=")
		if !ok || k == "" {
			return usagef("--fact %q: write KEY=VALUE", kv)
		}
		f, ok := c.Fact(k)
		if !ok {
			return fmt.Errorf("--fact %s: %w for check %s (facts: %s)", k, rules.ErrUnknownFact, c.ID, factIDs(c))
		}
		x, err := f.Decode(v)
		if err != nil {
			if x, err = f.Parse(v, today); err != nil {
				return fmt.Errorf("--fact %s=%s: %v", k, v, describeFact(f, err))
			}
		}
		if v == "" && !f.Optional {
			return fmt.Errorf("--fact %s: empty value (only optional facts may be empty)", k)
		}
		vals[k] = x
	}
	res, err := c.Evaluate(vals, rules.Options{Today: today, UseDefaults: true})
	if err != nil {
		var npe *rules.NoParameterError
		if errors.As(err, &npe) {
			return fmt.Errorf("%v; no guess is made: pass another --date or update the check file", err)
		}
		return err
	}
	if !*asJSON {
		fmt.Fprintln(e.Stdout, res.Explanation(lang))
		for _, s := range res.Sources() {
			fmt.Fprintf(e.Stdout, "- %s %s\n", s.In(lang), s.URL)
		}
		return nil
	}
	out := checkJSON{Check: c.ID, Outcome: string(res.Outcome), Explanation: res.Explanation(lang), Missing: res.Missing,
		Trace: []traceJSON{}, Sources: []checkSourceJSON{}}
	if out.Missing == nil {
		out.Missing = []string{}
	}
	for _, s := range res.Trace {
		out.Trace = append(out.Trace, traceJSON{Rule: s.Rule.ID, Outcome: s.Rule.Outcome, When: s.Rule.When, State: string(s.State), Missing: s.Missing})
	}
	for _, s := range res.Sources() {
		out.Sources = append(out.Sources, checkSourceJSON{Title: s.In(lang), URL: s.URL, Ref: s.RefIn(lang)})
	}
	enc := json.NewEncoder(e.Stdout)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(out)
}

func describeFact(f *rules.Fact, err error) string {
	var ie *rules.InputError
	if errors.As(err, &ie) && ie.Kind == "choice" {
		var ids []string
		for _, o := range f.Options {
			ids = append(ids, o.ID)
		}
		return fmt.Sprintf("%v (options: %s)", err, strings.Join(ids, ", "))
	}
	return err.Error()
}

func factIDs(c *rules.Check) string {
	ids := make([]string, len(c.Facts))
	for i, f := range c.Facts {
		ids[i] = f.ID + " (" + string(f.Type) + ")"
	}
	return strings.Join(ids, ", ")
}

func printCheckList(e *env, set *rules.Set, lang i18n.Lang, asJSON bool) error {
	checks := set.Checks()
	if asJSON {
		out := make([]checkListJSON, len(checks))
		for i, c := range checks {
			out[i] = checkListJSON{ID: c.ID, Title: c.Title.In(lang), Description: c.Description.In(lang)}
		}
		enc := json.NewEncoder(e.Stdout)
		enc.SetIndent("", "  ")
		enc.SetEscapeHTML(false)
		return enc.Encode(out)
	}
	for _, c := range checks {
		fmt.Fprintf(e.Stdout, "%-24s %s\n", c.ID, c.Title.In(lang))
		for _, f := range c.Facts {
			fmt.Fprintf(e.Stdout, "    --fact %s=…  (%s) %s\n", f.ID, f.Type, f.Label.In(lang))
		}
	}
	return nil
}

func runRulesTest(ctx context.Context, e *env) error {
	pos, err := e.Parse()
	if err != nil {
		return err
	}
	if len(pos) > 1 {
		return usagef("name at most one directory")
	}
	set, fsys := rules.Embedded(), rules.EmbeddedFS()
	where := "built-in checks"
	if len(pos) == 1 {
		own, err := rules.LoadDir(pos[0])
		if err != nil {
			return err
		}
		set, fsys, where = set.With(own), os.DirFS(pos[0]), pos[0]
	}
	results, err := rules.RunScenarios(set, fsys)
	if err != nil {
		return err
	}
	if len(results) == 0 {
		return fmt.Errorf("%s: no scenario files (*%s)", where, rules.ScenarioSuffix)
	}
	failed := 0
	for _, r := range results {
		if r.Failed() {
			failed++
			fmt.Fprintf(e.Stdout, "FAIL %s\n", r)
		}
	}
	fmt.Fprintf(e.Stdout, "%s: %d scenarios, %d failed\n", where, len(results), failed)
	if failed > 0 {
		return fmt.Errorf("%d of %d scenarios failed", failed, len(results))
	}
	return nil
}
