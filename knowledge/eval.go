package knowledge

import (
	"context"
	"fmt"
	"io"
	"slices"

	"github.com/BurntSushi/toml"

	"github.com/noaber/noaber/i18n"
)

// EvalQuestion is one [[q]] of an evaluation set: a question in someone's
// own words and the topics that answer it — or out_of_scope, meaning the
// engine must refuse it.
type EvalQuestion struct {
	Text       string    `toml:"text"`
	Lang       i18n.Lang `toml:"lang"`
	Expect     []string  `toml:"expect"`
	OutOfScope bool      `toml:"out_of_scope"`
}

// ReadEval reads an evaluation set (TOML with [[q]] tables) and checks
// each question is usable.
func ReadEval(r io.Reader) ([]EvalQuestion, error) {
	var f struct {
		Q []EvalQuestion `toml:"q"`
	}
	md, err := toml.NewDecoder(r).Decode(&f)
	if err != nil {
		return nil, fmt.Errorf("eval set: %w", err)
	}
	if un := md.Undecoded(); len(un) > 0 {
		return nil, fmt.Errorf("eval set: unknown key %s", un[0])
	}
	for i, q := range f.Q {
		switch {
		case q.Text == "":
			return nil, fmt.Errorf("eval set: question %d has no text", i+1)
		case !q.Lang.Valid():
			return nil, fmt.Errorf("eval set: question %d (%q): lang must be nl or en", i+1, q.Text)
		case q.OutOfScope == (len(q.Expect) > 0):
			return nil, fmt.Errorf("eval set: question %d (%q): give either expect or out_of_scope = true", i+1, q.Text)
		}
	}
	return f.Q, nil
}

// EvalMiss is a question the engine got wrong, for tuning.
type EvalMiss struct {
	Question EvalQuestion
	Got      []string // topics ranked, best first ("" when refused)
	Found    bool
	Coverage float64
}

// EvalReport is what an evaluation measured.
//
// Recall@k and MRR are over the in-scope questions and count a question
// only when the engine answered it (Found) and an expected topic is among
// the first k distinct topics retrieved: a correct document behind a
// refusal helps nobody. Refusal accuracy is the share of out-of-scope
// questions refused; AnswerRate the share of in-scope questions answered.
type EvalReport struct {
	InScope, OutOfScope int
	RecallAt1           float64
	RecallAt3           float64
	MRR                 float64
	RefusalAccuracy     float64
	AnswerRate          float64
	Misses              []EvalMiss
}

// Evaluate runs the questions through Answer and Search (no LLM is called
// for retrieval metrics; Answer uses one if configured).
func (e *Engine) Evaluate(ctx context.Context, qs []EvalQuestion) (EvalReport, error) {
	var rep EvalReport
	var r1, r3, rr float64
	var refused, answered int
	for _, q := range qs {
		res, err := e.Answer(ctx, q.Text, q.Lang)
		if err != nil {
			return rep, err
		}
		lang := q.Lang
		if res.OtherLang {
			lang = lang.Other()
		}
		var topics []string
		for _, h := range e.Search(q.Text, lang, searchDepth) {
			if !slices.Contains(topics, h.Passage.Doc.Topic) {
				topics = append(topics, h.Passage.Doc.Topic)
			}
		}
		if q.OutOfScope {
			rep.OutOfScope++
			if !res.Found {
				refused++
			} else {
				rep.Misses = append(rep.Misses, EvalMiss{Question: q, Got: topics, Found: true, Coverage: res.Coverage})
			}
			continue
		}
		rep.InScope++
		rank := 0
		if res.Found {
			answered++
			for i, t := range topics {
				if slices.Contains(q.Expect, t) {
					rank = i + 1
					break
				}
			}
		}
		if rank == 1 {
			r1++
		}
		if rank >= 1 && rank <= 3 {
			r3++
		}
		if rank > 0 {
			rr += 1 / float64(rank)
		}
		if rank != 1 {
			rep.Misses = append(rep.Misses, EvalMiss{Question: q, Got: topics, Found: res.Found, Coverage: res.Coverage})
		}
	}
	if rep.InScope > 0 {
		n := float64(rep.InScope)
		rep.RecallAt1, rep.RecallAt3, rep.MRR, rep.AnswerRate = r1/n, r3/n, rr/n, float64(answered)/n
	}
	if rep.OutOfScope > 0 {
		rep.RefusalAccuracy = float64(refused) / float64(rep.OutOfScope)
	}
	return rep, nil
}
