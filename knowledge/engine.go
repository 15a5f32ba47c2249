package knowledge

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"log/slog"
	"os"
	"sort"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/noaber/noaber/i18n"
	"github.com/noaber/noaber/knowledge/rules"
	"github.com/noaber/noaber/knowledge/understand"
)

// Deps are the engine's collaborators. The zero value is ready to use.
type Deps struct {
	// Log receives reload reports and skipped documents. Nil means
	// slog.Default().
	Log *slog.Logger
	// Corpus is the built-in corpus. Nil means the embedded Corpus().
	// Tests pass fixtures here.
	Corpus fs.FS
	// Generator rewrites answers from the retrieved passages (an LLM).
	// Nil means extractive answers only.
	Generator Generator
	// GeneratorTimeout is the time budget for one Generator call; past it
	// the extractive answer is shown. Zero means 10 seconds.
	GeneratorTimeout time.Duration
	// Rewriter, when set, rewrites a question the engine is not sure of
	// into a search query (an LLM); the rewrite is searched besides the
	// question and only finds candidates (see rewrite.go). Nil means no
	// rewriting.
	Rewriter Generator
	// RewriteTimeout is the time budget of one rewrite; past it the
	// question is answered as understood. Zero means DefaultRewriteTimeout.
	RewriteTimeout time.Duration
	// Checks are the eligibility checks a case question is computed with
	// (the deployment's own set). Nil means the built-in checks.
	Checks *rules.Set
	// Now tells the date, for preferring the documents valid today (the
	// thresholds of the current period). Nil means time.Now.
	Now func() time.Time
}

// Engine answers questions from the corpus. It is safe for concurrent use;
// Reload swaps in a new index without blocking questions.
type Engine struct {
	cfg      Config
	deps     Deps
	log      *slog.Logger
	embedded []*Document

	snap        atomic.Pointer[snapshot]
	reloadMu    sync.Mutex
	builtinOnce sync.Once
	builtin     *rules.Set // the built-in checks, when Deps.Checks is nil

	// rewrites caches the LLM's search queries per question.
	rewrites *lru

	// custom is true when the built-in corpus was replaced (tests, tools):
	// then all its documents define the domain, as a deployment's own do.
	custom bool
}

// snapshot is one immutable generation of documents and indexes.
type snapshot struct {
	docs  []*Document
	idx   map[i18n.Lang]*index
	stamp string // fingerprint of docs_dir when it was read
	// domain are, per language, stems of the deployment's own documents'
	// titles and tags: terms of the domain besides the thesaurus's.
	domain map[i18n.Lang]map[string]bool
}

// New loads the built-in corpus and, when cfg.DocsDir is set, the
// deployment's own documents. A malformed built-in document is an error
// (it is a bug in the release); a malformed local document is logged and
// skipped.
func New(cfg Config, deps Deps) (*Engine, error) {
	if err := cfg.Validate(); err != nil {
		return nil, err
	}
	cfg = cfg.withDefaults()
	if deps.Log == nil {
		deps.Log = slog.Default()
	}
	custom := deps.Corpus != nil
	if deps.Corpus == nil {
		deps.Corpus = Corpus()
	}
	if deps.Now == nil {
		deps.Now = time.Now
	}
	if deps.GeneratorTimeout <= 0 {
		deps.GeneratorTimeout = 10 * time.Second
	}
	if deps.RewriteTimeout <= 0 {
		deps.RewriteTimeout = DefaultRewriteTimeout
	}
	e := &Engine{cfg: cfg, deps: deps, log: deps.Log.With("component", "knowledge"), custom: custom, rewrites: newLRU(rewriteCacheLen)}
	docs, errs := ParseFS(deps.Corpus, false)
	docs, dupErrs := merge(docs)
	if err := errors.Join(append(errs, dupErrs...)...); err != nil {
		return nil, fmt.Errorf("built-in corpus: %w", err)
	}
	e.embedded = docs
	if cfg.DocsDir != "" {
		if st, err := os.Stat(cfg.DocsDir); err != nil || !st.IsDir() {
			return nil, fmt.Errorf("knowledge.docs_dir: %s is not a readable directory", cfg.DocsDir)
		}
	}
	if err := e.Reload(); err != nil {
		return nil, err
	}
	return e, nil
}

// Reload re-reads the deployment's documents from docs_dir and swaps in a
// fresh index. Malformed documents are logged and left out; the rest is
// used. Call it on SIGHUP; Watch calls it when the folder changes. When the
// folder cannot be read at all, the previous index stays and the error is
// returned.
func (e *Engine) Reload() error {
	e.reloadMu.Lock()
	defer e.reloadMu.Unlock()
	var local []*Document
	stamp := ""
	if e.cfg.DocsDir != "" {
		var err error
		if stamp, err = dirStamp(e.cfg.DocsDir); err != nil {
			return fmt.Errorf("reload knowledge.docs_dir %s: %w", e.cfg.DocsDir, err)
		}
		var errs []error
		local, errs = ParseFS(os.DirFS(e.cfg.DocsDir), true)
		for _, err := range errs {
			e.log.Warn("skipping local document", "err", err)
		}
		for _, d := range local {
			d.File = e.cfg.DocsDir + string(os.PathSeparator) + d.File
		}
	}
	docs, errs := merge(e.embedded, local)
	for _, err := range errs {
		e.log.Warn("skipping local document", "err", err)
	}
	e.snap.Store(build(docs, stamp, e.custom))
	if e.cfg.DocsDir != "" {
		e.log.Info("knowledge loaded", "documents", len(docs), "local", len(docs)-len(e.embedded))
	}
	return nil
}

// build indexes docs per language. The title and tag words of every
// document join the domain's terms, less the everyday words the thesaurus
// calls generic ("gemeente", "klacht"): a municipality that adds a
// document about its park maintenance has made that a subject Noaber
// answers on.
func build(docs []*Document, stamp string, custom bool) *snapshot {
	byLang := map[i18n.Lang][]*Passage{}
	for _, d := range docs {
		byLang[d.Lang] = append(byLang[d.Lang], d.Passages...)
		for _, c := range d.Cards {
			byLang[d.Lang] = append(byLang[d.Lang], c.unit)
		}
	}
	s := &snapshot{docs: docs, idx: map[i18n.Lang]*index{}, stamp: stamp, domain: map[i18n.Lang]map[string]bool{}}
	for _, l := range i18n.Langs {
		s.idx[l] = buildIndex(l, byLang[l])
		s.domain[l] = map[string]bool{}
	}
	generic := map[i18n.Lang]map[string]bool{}
	for _, l := range i18n.Langs {
		generic[l] = map[string]bool{}
		for _, w := range understand.DefaultThesaurus.GenericWords() {
			generic[l][s.idx[l].an.Stem(w)] = true
		}
	}
	for _, d := range docs {
		ix := s.idx[d.Lang]
		add := func(st string) {
			if len(st) > 3 && !generic[d.Lang][st] && !ix.an.isStop(st) {
				s.domain[d.Lang][st] = true
			}
		}
		for _, w := range Tokenize(d.Title + " " + strings.Join(d.Tags, " ")) {
			if !ix.an.isStop(w) && !isASCIIDigit(w[0]) && !understand.DefaultThesaurus.Generic(w) {
				add(ix.an.Stem(w))
				for _, p := range ix.parts[w] {
					if len(p) >= 5 {
						add(p)
					}
				}
			}
		}
	}
	return s
}

// Watch polls docs_dir every reload_interval and reloads when a document
// was added, changed or removed. It returns when ctx ends. Without a
// docs_dir it returns at once: the embedded corpus never changes.
func (e *Engine) Watch(ctx context.Context) {
	if e.cfg.DocsDir == "" {
		return
	}
	t := time.NewTicker(e.cfg.ReloadInterval.Duration)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
		stamp, err := dirStamp(e.cfg.DocsDir)
		if err != nil {
			e.log.Warn("cannot read knowledge.docs_dir", "dir", e.cfg.DocsDir, "err", err)
			continue
		}
		if stamp == e.snap.Load().stamp {
			continue
		}
		if err := e.Reload(); err != nil {
			e.log.Warn("reload failed", "err", err)
		}
	}
}

// dirStamp fingerprints the Markdown files under dir by name, size and
// modification time: cheap enough to poll, and it sees edits, additions and
// removals.
func dirStamp(dir string) (string, error) {
	var b strings.Builder
	err := fs.WalkDir(os.DirFS(dir), ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() || (!strings.HasSuffix(p, ".md") && !strings.HasSuffix(p, CardsSuffix)) {
			return nil
		}
		info, err := d.Info()
		if err != nil {
			return nil // vanished between listing and stat: the next poll sees it
		}
		fmt.Fprintf(&b, "%s\x00%d\x00%d\n", p, info.Size(), info.ModTime().UnixNano())
		return nil
	})
	return b.String(), err
}

// Documents returns the documents currently loaded, sorted by id.
func (e *Engine) Documents() []*Document {
	return e.snap.Load().docs
}

// Topics returns the distinct topics currently loaded, sorted.
func (e *Engine) Topics() []string {
	seen := map[string]bool{}
	var out []string
	for _, d := range e.snap.Load().docs {
		if !seen[d.Topic] {
			seen[d.Topic] = true
			out = append(out, d.Topic)
		}
	}
	sort.Strings(out)
	return out
}

// Hit is one ranked passage, for evaluation and debugging.
type Hit struct {
	Passage  *Passage
	Score    float64
	Coverage float64 // share of the question's weight this passage matches
}

// Search ranks the passages of lang's documents for question and returns
// the best k. It does not decide whether the best is good enough; Answer
// does.
func (e *Engine) Search(question string, lang i18n.Lang, k int) []Hit {
	if !lang.Valid() {
		lang = i18n.NL
	}
	ix := e.snap.Load().idx[lang]
	hs := prefer(ix.search(ix.analyze(question), k), question, e.deps.Now())
	out := make([]Hit, len(hs))
	for i, h := range hs {
		out[i] = Hit{Passage: h.p, Score: float64(h.score), Coverage: float64(h.coverage)}
	}
	return out
}
