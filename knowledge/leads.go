package knowledge

import (
	"context"
	"fmt"
	"io"
	"regexp"
	"sort"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/BurntSushi/toml"

	"github.com/noaber/noaber/i18n"
)

// LeadChars is how much of an answer counts as its lead: what a person
// reads first in a chat window, and what the answer eval grades.
const LeadChars = 320

// LeadQuestion is one [[q]] of the answer eval (knowledge/eval/leads.toml):
// a question as a person types it and what the lead of a correct answer
// contains — a key fact as a regular expression, or "refuse", "clarify" or
// "smalltalk".
type LeadQuestion struct {
	ID     string    `toml:"id"`
	Half   string    `toml:"half"` // "tune", "test" or "holdout"
	Lang   i18n.Lang `toml:"lang"`
	User   string    `toml:"user"`
	Tags   []string  `toml:"tags"`
	Text   string    `toml:"text"`
	After  string    `toml:"after"` // a follow-up: the id of the question before it
	Expect string    `toml:"expect"`
	Note   string    `toml:"note"`

	re *regexp.Regexp
}

// Expected kinds that are not a key fact.
const (
	ExpectRefuse    = "refuse"
	ExpectClarify   = "clarify"
	ExpectSmallTalk = "smalltalk"
)

// ReadLeads reads an answer eval and checks every question is usable.
func ReadLeads(r io.Reader) ([]LeadQuestion, error) {
	var f struct {
		Q []LeadQuestion `toml:"q"`
	}
	md, err := toml.NewDecoder(r).Decode(&f)
	if err != nil {
		return nil, fmt.Errorf("answer eval: %w", err)
	}
	if un := md.Undecoded(); len(un) > 0 {
		return nil, fmt.Errorf("answer eval: unknown key %s", un[0])
	}
	ids := map[string]int{}
	for i := range f.Q {
		q := &f.Q[i]
		where := fmt.Sprintf("answer eval: question %d (%s)", i+1, q.ID)
		switch {
		case q.ID == "" || ids[q.ID] > 0:
			return nil, fmt.Errorf("%s: id is missing or not unique", where)
		case q.Text == "":
			return nil, fmt.Errorf("%s: no text", where)
		case !q.Lang.Valid():
			return nil, fmt.Errorf("%s: lang must be nl or en", where)
		case !ValidHalf(q.Half):
			return nil, fmt.Errorf("%s: half must be tune, test or holdout", where)
		case q.Expect == "":
			return nil, fmt.Errorf("%s: no expect", where)
		}
		if q.After != "" {
			j, ok := ids[q.After]
			if !ok {
				return nil, fmt.Errorf("%s: after %q is not an earlier question", where, q.After)
			}
			if f.Q[j-1].Half != q.Half {
				return nil, fmt.Errorf("%s: a follow-up stays in the half of %s", where, q.After)
			}
		}
		ids[q.ID] = i + 1
		switch q.Expect {
		case ExpectRefuse, ExpectClarify, ExpectSmallTalk:
		default:
			re, err := regexp.Compile("(?i)" + q.Expect)
			if err != nil {
				return nil, fmt.Errorf("%s: expect: %v", where, err)
			}
			q.re = re
		}
	}
	return f.Q, nil
}

// The halves of an answer eval, in the order they are reported. Only the
// tune half may be looked at question by question; the test half
// (knowledge/eval/leads.toml) and the holdout half (knowledge/eval/holdout*.toml,
// each written by an outsider and never tuned on) are run and reported only
// in aggregate.
var leadHalves = []string{"tune", "test", "holdout"}

// ValidHalf tells whether h names a half of an answer eval.
func ValidHalf(h string) bool {
	for _, v := range leadHalves {
		if h == v {
			return true
		}
	}
	return false
}

// LeadHalves returns the halves the questions use, in report order.
func LeadHalves(qs []LeadQuestion) []string {
	used := map[string]bool{}
	for _, q := range qs {
		used[q.Half] = true
	}
	var out []string
	for _, h := range leadHalves {
		if used[h] {
			out = append(out, h)
		}
	}
	return out
}

// LeadMiss is a question whose lead was wrong, for tuning (tune half only
// — the test half is run, never looked at question by question while
// tuning).
type LeadMiss struct {
	Question LeadQuestion
	Kind     Kind
	Lead     string
}

// LeadScore counts one group of questions.
type LeadScore struct {
	N, Right int
}

// Rate is the share right, 0 for an empty group.
func (s LeadScore) Rate() float64 {
	if s.N == 0 {
		return 0
	}
	return float64(s.Right) / float64(s.N)
}

// LeadReport is what the answer eval measured, for one half or all.
type LeadReport struct {
	// Lead is over the questions expecting a key fact: the lead contains
	// it. Refusal is over the ones expecting "refuse": refused (or
	// answered with small talk). Clarify is over "clarify": asked "Bedoel
	// je …?" or refused. SmallTalk is over "smalltalk".
	Lead, Refusal, Clarify, SmallTalk LeadScore
	// ClarifyRate is the share of all questions answered with a
	// clarifying question.
	ClarifyRate float64
	// ByTag is the overall score (every expectation) per tag.
	ByTag map[string]LeadScore
	// All is every question's score.
	All    LeadScore
	Misses []LeadMiss
	// Generated and Rewritten count the answers an LLM wrote (checked
	// against their passages) and those found by its search query: both 0
	// without an LLM.
	Generated, Rewritten int
	// Slowest is the longest time one answer took.
	Slowest time.Duration
}

// Lead returns the first LeadChars characters of an answer, cut at a rune
// boundary.
func Lead(answer string) string {
	if utf8.RuneCountInString(answer) <= LeadChars {
		return answer
	}
	n := 0
	for i := range answer {
		if n == LeadChars {
			return answer[:i]
		}
		n++
	}
	return answer
}

// LeadRight grades one answer against q's expectation.
func LeadRight(q LeadQuestion, res Result) bool {
	switch q.Expect {
	case ExpectRefuse:
		return res.Kind == KindRefuse || res.Kind == KindSmallTalk
	case ExpectClarify:
		return res.Kind == KindClarify || res.Kind == KindRefuse
	case ExpectSmallTalk:
		return res.Kind == KindSmallTalk
	}
	if !res.Found {
		return false
	}
	if q.re == nil {
		q.re = regexp.MustCompile("(?i)" + q.Expect)
	}
	// Markdown emphasis and non-breaking spaces are no part of the fact.
	lead := strings.NewReplacer("*", "", "\u00a0", " ", "\u202f", " ").Replace(Lead(res.Answer))
	return q.re.MatchString(lead)
}

// EvaluateLeads runs the questions of half ("tune", "test", "holdout" or "" for all)
// through Ask, a follow-up with the context of the question it follows,
// and grades each lead.
func (e *Engine) EvaluateLeads(ctx context.Context, qs []LeadQuestion, half string) (LeadReport, error) {
	rep := LeadReport{ByTag: map[string]LeadScore{}}
	ctxs := map[string]*Context{}
	clarified := 0
	for _, q := range qs {
		if half != "" && q.Half != half {
			continue
		}
		in := Input{Text: q.Text, Lang: q.Lang}
		if q.After != "" {
			in.Prev = ctxs[q.After]
		}
		start := time.Now()
		res, err := e.Ask(ctx, in)
		if err != nil {
			return rep, err
		}
		rep.Slowest = max(rep.Slowest, time.Since(start))
		ctxs[q.ID] = res.Context
		right := LeadRight(q, res)
		score := func(s *LeadScore) {
			s.N++
			if right {
				s.Right++
			}
		}
		switch q.Expect {
		case ExpectRefuse:
			score(&rep.Refusal)
		case ExpectClarify:
			score(&rep.Clarify)
		case ExpectSmallTalk:
			score(&rep.SmallTalk)
		default:
			score(&rep.Lead)
		}
		score(&rep.All)
		for _, t := range q.Tags {
			s := rep.ByTag[t]
			score(&s)
			rep.ByTag[t] = s
		}
		if res.Kind == KindClarify {
			clarified++
		}
		if res.LLM {
			rep.Generated++
		}
		if res.Rewritten {
			rep.Rewritten++
		}
		if !right {
			rep.Misses = append(rep.Misses, LeadMiss{Question: q, Kind: res.Kind, Lead: Lead(res.Answer)})
		}
	}
	if rep.All.N > 0 {
		rep.ClarifyRate = float64(clarified) / float64(rep.All.N)
	}
	return rep, nil
}

// Tags returns the report's tags, sorted.
func (r LeadReport) Tags() []string {
	out := make([]string, 0, len(r.ByTag))
	for t := range r.ByTag {
		out = append(out, t)
	}
	sort.Strings(out)
	return out
}
