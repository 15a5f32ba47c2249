package knowledge

import (
	"fmt"
	"io"
	"log/slog"
	"math/rand/v2"
	"runtime"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/noaber/noaber/i18n"
	"github.com/noaber/noaber/knowledge/understand"
)

// synthetic builds n passages of Dutch-like text: real domain words mixed
// with generated ones, so the vocabulary grows as in a real corpus (about
// 20k distinct words) and compounds and typos have work to do.
func synthetic(n int) []*Document {
	rng := rand.New(rand.NewPCG(1, 2))
	base := strings.Fields(`gemeente opdracht subsidie drempel diensten werken leveringen bewoners initiatief uitdaagrecht
		groenonderhoud buurthuis vereniging stichting aanbesteding aanbestedingsdrempel staatssteun voorbehouden
		participatie verordening raming waarde procedure meervoudig onderhands beschikking bezwaar termijn`)
	syll := []string{"ver", "aan", "be", "stel", "ding", "ge", "meen", "te", "kom", "st", "hout", "wijk", "zorg", "plan", "lijk", "heid", "raad", "ling"}
	vocab := slices.Clone(base)
	for len(vocab) < 20000 {
		w := ""
		for k := 2 + rng.IntN(3); k > 0; k-- {
			w += syll[rng.IntN(len(syll))]
		}
		vocab = append(vocab, w)
	}
	var docs []*Document
	for d := 0; d*10 < n; d++ {
		doc := &Document{ID: fmt.Sprintf("nl-gen-%d", d), Topic: fmt.Sprintf("gen-%d", d), Title: vocab[rng.IntN(len(vocab))] + " " + base[rng.IntN(len(base))], Lang: i18n.NL,
			Sources: []Source{{ID: fmt.Sprintf("nl-gen-%d", d), Title: "bron"}}}
		for p := 0; p < 10 && d*10+p < n; p++ {
			var b strings.Builder
			for w := 0; w < 80; w++ {
				// Zipf-like: low ranks far more often.
				b.WriteString(vocab[int(float64(len(vocab))*rng.Float64()*rng.Float64()*rng.Float64())])
				if w%12 == 11 {
					b.WriteString(". ")
				} else {
					b.WriteString(" ")
				}
			}
			doc.Passages = append(doc.Passages, &Passage{Doc: doc, Heading: vocab[rng.IntN(len(vocab))] + " " + base[rng.IntN(len(base))], Text: b.String()})
		}
		docs = append(docs, doc)
	}
	return docs
}

// BenchmarkAsk10k measures index build and answer latency (no LLM) over
// 10,000 passages. Targets on a shared 2-core machine: build ≤ 2 s,
// p99 ≤ 5 ms, heap ≤ 100 MB.
func BenchmarkAsk10k(b *testing.B) {
	docs := synthetic(10000)
	runtime.GC()
	var before runtime.MemStats
	runtime.ReadMemStats(&before)
	start := time.Now()
	snap := build(docs, "", true)
	buildMS := float64(time.Since(start).Microseconds()) / 1000
	runtime.GC()
	var after runtime.MemStats
	runtime.ReadMemStats(&after)
	e := &Engine{cfg: Config{}.withDefaults(), deps: Deps{Now: time.Now}}
	e.snap.Store(snap)

	questions := []string{
		"wat is de aanbestedingsdrempel voor diensten",
		"mag een vereniging het groenonderhoud doen",
		"hoe werkt het uitdaagrecht bij de gemeente",
		"subsdie of opdarcht voor het buurthuis",
		"welke termijn geldt voor bezwaar tegen een beschikking",
		"hoofdstad van frankrijk",
		"parkonderhoud door bewoners in de wijk",
		"staatssteun en voorbehouden opdrachten",
		"wij zijn een stichting in de wijk en doen al jaren het groenonderhoud met vrijwilligers, nu wil de gemeente een contract, moeten we dan aanbesteden?",
		"moeten we aanbesteden als de gemeente ons 80.000 euro per jaar betaalt voor 4 jaar voor groenonderhoud?",
		"dank je wel!",
	}
	lat := make([]time.Duration, 0, b.N)
	b.ResetTimer()
	for i := 0; b.Loop(); i++ {
		t := time.Now()
		if _, err := e.Answer(b.Context(), questions[i%len(questions)], i18n.NL); err != nil {
			b.Fatal(err)
		}
		lat = append(lat, time.Since(t))
	}
	b.StopTimer()
	slices.Sort(lat)
	pct := func(p float64) float64 {
		return float64(lat[min(len(lat)-1, int(p*float64(len(lat))))].Microseconds()) / 1000
	}
	b.ReportMetric(buildMS, "build-ms")
	b.ReportMetric(pct(0.50), "p50-ms")
	b.ReportMetric(pct(0.99), "p99-ms")
	b.ReportMetric(float64(after.HeapAlloc-min(before.HeapAlloc, after.HeapAlloc))/(1<<20), "heap-mb")
	runtime.KeepAlive(snap)
}

// BenchmarkAskSteps measures each step of the answer path on the built-in
// corpus (with its cards): understanding the question, the search, the
// re-ranking of cards by their nearest variant, and the whole Ask.
func BenchmarkAskSteps(b *testing.B) {
	e, err := New(Config{}, Deps{Log: slog.New(slog.NewTextHandler(io.Discard, nil))})
	if err != nil {
		b.Fatal(err)
	}
	qs := []string{
		"wat is de drempel voor diensten?",
		"wij zijn een stichting in de wijk en doen al jaren het groenonderhoud met vrijwilligers, nu wil de gemeente een contract, moeten we dan aanbesteden?",
		"moeten we aanbesteden als de gemeente ons 80.000 euro per jaar betaalt voor 4 jaar voor groenonderhoud?",
		"hoe vraag ik een parkeervergunning aan?",
	}
	ix := e.snap.Load().idx[i18n.NL]
	b.Run("understand", func(b *testing.B) {
		for i := 0; b.Loop(); i++ {
			understand.Parse(qs[i%len(qs)], "nl")
		}
	})
	parsed := make([]understand.Query, len(qs))
	for i, q := range qs {
		parsed[i] = understand.Parse(q, "nl")
	}
	b.Run("search", func(b *testing.B) {
		for i := 0; b.Loop(); i++ {
			q := parsed[i%len(qs)]
			ix.search(ix.analyzeParts(segment{text: q.SearchFocus, weight: 1}, segment{text: q.Story, weight: storyWeight}), searchDepth)
		}
	})
	b.Run("nearest", func(b *testing.B) {
		q := parsed[0]
		gs := ix.analyzeParts(segment{text: q.SearchFocus, weight: 1})
		hits := ix.search(gs, searchDepth)
		for b.Loop() {
			nearest(ix, gs, append([]hit(nil), hits...))
		}
	})
	b.Run("ask", func(b *testing.B) {
		for i := 0; b.Loop(); i++ {
			if _, err := e.Answer(b.Context(), qs[i%len(qs)], i18n.NL); err != nil {
				b.Fatal(err)
			}
		}
	})
}
