package knowledge

import (
	"fmt"
	"math/rand/v2"
	"runtime"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/noaber/noaber/bot/i18n"
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
