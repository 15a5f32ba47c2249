package knowledge

import (
	"bytes"
	"context"
	"log/slog"
	"os"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/noaber/noaber/i18n"
)

// fixtureEngine answers from testdata/corpus, a handful of documents
// written for these tests, so expectations do not move with the real corpus.
func fixtureEngine(t testing.TB, cfg Config, deps Deps) *Engine {
	t.Helper()
	deps.Corpus = os.DirFS("testdata/corpus")
	if deps.Log == nil {
		deps.Log = slog.New(slog.NewTextHandler(&bytes.Buffer{}, nil))
	}
	e, err := New(cfg, deps)
	if err != nil {
		t.Fatal(err)
	}
	return e
}

func TestAnswerFound(t *testing.T) {
	e := fixtureEngine(t, Config{}, Deps{})
	r, err := e.Answer(context.Background(), "Hoe hoog is de drempel voor diensten?", i18n.NL)
	if err != nil {
		t.Fatal(err)
	}
	if !r.Found || r.OtherLang || r.LLM || r.Lang != i18n.NL {
		t.Fatalf("result = %+v", r)
	}
	// The figure asked for comes first.
	if !strings.HasPrefix(r.Answer, "Voor diensten van gemeenten is de aanbestedingsdrempel € 216.000") {
		t.Errorf("answer does not start with the figure: %q", r.Answer)
	}
	if len(r.Sources) != 2 || r.Sources[0].ID != "nl-drempels" || r.Sources[0].URL == "" || r.Sources[0].Ref != "art. 2.1 Aw" {
		t.Errorf("sources = %+v", r.Sources)
	}
	if r.Passages[0].Heading != "Drempel voor diensten" || !reflect.DeepEqual(r.Topics, []string{"drempels"}) || r.Tags[0] != "drempels" {
		t.Errorf("passages/topics/tags = %v %v %v", r.Passages[0].Heading, r.Topics, r.Tags)
	}
}

func TestAnswerEnglish(t *testing.T) {
	e := fixtureEngine(t, Config{}, Deps{})
	r, _ := e.Answer(context.Background(), "What is the threshold for services?", i18n.EN)
	if !r.Found || r.OtherLang || !strings.Contains(r.Answer, "€ 216,000") || r.Sources[0].ID != "en-drempels" {
		t.Fatalf("result = %+v", r)
	}
}

func TestAnswerOnlyInOtherLanguage(t *testing.T) {
	e := fixtureEngine(t, Config{}, Deps{})
	// Only the English fixture knows about Lelystad.
	r, _ := e.Answer(context.Background(), "Binnen hoeveel weken reageert Lelystad op een challenge?", i18n.NL)
	if !r.Found || !r.OtherLang {
		t.Fatalf("result = %+v", r)
	}
	if !strings.HasPrefix(r.Answer, Msgs.T(i18n.NL, "answer.other_lang")) || !strings.Contains(r.Answer, "8 weeks") {
		t.Errorf("answer = %q", r.Answer)
	}
	if r.Sources[0].ID != "en-challenge-only" {
		t.Errorf("sources = %+v", r.Sources)
	}
}

func TestAnswerNotFound(t *testing.T) {
	e := fixtureEngine(t, Config{}, Deps{})
	for _, lang := range i18n.Langs {
		for _, q := range []string{"Wat is de hoofdstad van Frankrijk?", "How do I bake sourdough bread?", "Hoe laat vertrekt de trein naar Utrecht?"} {
			r, err := e.Answer(context.Background(), q, lang)
			if err != nil {
				t.Fatal(err)
			}
			if r.Found || len(r.Sources) != 0 || len(r.Passages) != 0 {
				t.Errorf("%q (%s): found an answer: %+v", q, lang, r)
			}
			if !strings.Contains(r.Answer, "pianoo.nl") {
				t.Errorf("%q: no pointer where to look: %q", q, r.Answer)
			}
		}
	}
	// Near misses suggest the documents that came closest, but a document
	// that shares only one off-topic word (a town in an example) is not
	// suggested: the main topics are listed instead.
	for _, q := range []string{"wat voor weer wordt het morgen in zwolle", "hoe vraag ik een nieuw paspoort aan"} {
		r, _ := e.Answer(context.Background(), q, i18n.NL)
		if r.Found {
			continue // the fixture corpus may not know these words at all
		}
		for _, s := range r.Suggestions {
			t.Errorf("%q suggested %q", q, s)
		}
	}
	r, _ := e.Answer(context.Background(), "Hoe bestrijd ik de eikenprocessierups bij het groenonderhoud?", i18n.NL)
	if r.Found || len(r.Suggestions) == 0 || r.Suggestions[0] != "Groenonderhoud door bewoners" || !strings.Contains(r.Answer, "Groenonderhoud door bewoners") {
		t.Errorf("suggestions = %v, answer %q", r.Suggestions, r.Answer)
	}
}

func TestAnswerEmptyAndCancelled(t *testing.T) {
	e := fixtureEngine(t, Config{}, Deps{})
	r, err := e.Answer(context.Background(), "  ?! ", i18n.EN)
	if err != nil || r.Found || r.Answer != Msgs.T(i18n.EN, "answer.empty") {
		t.Errorf("empty question: %+v, %v", r, err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := e.Answer(ctx, "drempel", i18n.NL); err == nil {
		t.Error("a cancelled context gave no error")
	}
	// An unknown language answers in Dutch rather than failing.
	if r, _ := e.Answer(context.Background(), "drempel diensten", "de"); r.Lang != i18n.NL || !r.Found {
		t.Errorf("unknown lang: %+v", r)
	}
}

// Dutch compounds match their parts in both directions, small typos still
// find the passage, and question filler does not outweigh the content word.
func TestAnalysis(t *testing.T) {
	e := fixtureEngine(t, Config{}, Deps{})
	tests := []struct{ q, wantDoc, wantHeading string }{
		{"onderhoud van het park", "nl-groen", "Wie mag het groenonderhoud doen"},                         // part finds compound
		{"aanbestedingsdrempel sociale diensten", "nl-drempels", "Sociale en andere specifieke diensten"}, // compound finds parts
		{"Wat is een drempelbedrag?", "nl-drempels", ""},                                                  // compound in a title
		{"parkonderhoud", "nl-groen", ""},                                                                 // unseen compound of known parts
		{"subsdie of opdarcht", "nl-subsidie", "Het verschil"},                                            // typos, incl. a swap
		{"Hoe zit het eigenlijk precies met de subsidie, kunt u mij dat vertellen?", "nl-subsidie", ""},   // filler
		{"financiële vergoeding bewoners", "nl-groen", "Kosten"},                                          // diacritics
	}
	for _, tt := range tests {
		hits := e.Search(tt.q, i18n.NL, 3)
		if len(hits) == 0 {
			t.Errorf("%q: no hits", tt.q)
			continue
		}
		p := hits[0].Passage
		if p.Doc.ID != tt.wantDoc || (tt.wantHeading != "" && p.Heading != tt.wantHeading) {
			t.Errorf("%q: top = %s %q, want %s %q", tt.q, p.Doc.ID, p.Heading, tt.wantDoc, tt.wantHeading)
		}
		if r, _ := e.Answer(context.Background(), tt.q, i18n.NL); !r.Found {
			t.Errorf("%q: not answered (coverage %.2f)", tt.q, r.Coverage)
		}
	}
}

func TestTokenize(t *testing.T) {
	got := Tokenize("Financiële steun: € 50.000, of 2,5%? Zebra's co-op")
	want := []string{"financiele", "steun", "euro", "50000", "of", "25", "%", "zebra", "co", "op"}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("Tokenize = %q, want %q", got, want)
	}
	// Amounts in words are the amounts in figures; per cent in words is %.
	for in, want := range map[string]string{
		"300 duizend euro":     "300000 euro",
		"300k":                 "300000",
		"1,5 miljoen":          "1500000",
		"€ 1.500.000":          "euro 1500000",
		"2.5 million":          "2500000",
		"5 procent":            "5 %",
		"20 percent":           "20 %",
		"1,25 k":               "1250",
		"1,2345 duizend":       "12345 duizend",
		"een k is geen getal":  "een is geen getal",
		"it doesn't apply":     "it not apply", // a negation stays one
		"we can't, isn't it?":  "we not not it",
		"Don Quichot":          "don quichot",
		"art. 2.82a Aw":        "art 282a aw", // another article than 2.82
		"art. 2.82 en 1.5":     "art 282 en 15",
		"50k":                  "50000",
		"on 5 May, it may end": "on 5 mei it may end", // the month, not the verb
	} {
		if got := strings.Join(Tokenize(in), " "); got != want {
			t.Errorf("Tokenize(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestSplitCompound(t *testing.T) {
	known := map[string]bool{"aanbesteding": true, "drempel": true, "groen": true, "onderhoud": true, "bewoner": true, "initiatief": true}
	k := func(s string) bool { return known[s] }
	tests := map[string][]string{
		"aanbestedingsdrempel": {"aanbesteding", "drempel"},
		"groenonderhoud":       {"groen", "onderhoud"},
		"bewonersinitiatief":   {"bewoner", "initiatief"},
		"onderhoud":            nil, // a known word alone is no compound
		"groenxyz":             nil,
	}
	for w, want := range tests {
		if got := splitCompound(w, k); !reflect.DeepEqual(got, want) {
			t.Errorf("splitCompound(%q) = %q, want %q", w, got, want)
		}
	}
}

func TestEditDistance(t *testing.T) {
	for _, tt := range []struct {
		a, b string
		d    int
	}{{"subsidie", "subsdie", 1}, {"opdracht", "opdarcht", 1}, {"drempel", "drempel", 0}, {"abc", "xyzzy", 3}} {
		if got := editDistance(tt.a, tt.b, 2); got != tt.d {
			t.Errorf("editDistance(%q,%q) = %d, want %d", tt.a, tt.b, got, tt.d)
		}
	}
}

func TestSentences(t *testing.T) {
	got := sentencesOf("Zie art. 2.1 Aw voor de regel. Het boek is van H. Kruiter. Klaar? Ja.")
	want := []string{"Zie art. 2.1 Aw voor de regel.", "Het boek is van H. Kruiter.", "Klaar?", "Ja."}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("sentencesOf = %q", got)
	}
}

// A lead-in that ends in a colon brings its list along.
func TestAnswerKeepsListWithLeadIn(t *testing.T) {
	units := splitUnits("De plannen waren:\n- een leaflet;\n- een training.\n\nVerder niets.")
	for i := range units {
		units[i].score = float64(3 - i)
	}
	got := pick(units)
	if len(got) < 3 || !got[1].bullet || !got[2].bullet {
		t.Errorf("pick = %+v", got)
	}
}

// A rare word mentioned once in passing covers a one-word question fully,
// but the passage is not about it: the engine must not answer from it. The
// same word in a heading, or next to other words of the question, is fine;
// a common word is not a topic because one tag contains it.
func TestAnswerRefusesWordInPassing(t *testing.T) {
	doc := func(id, title, heading, text string, tags ...string) *Document {
		d := &Document{ID: id, Topic: id, Title: title, Lang: i18n.NL, Tags: tags, Sources: []Source{{ID: id, Title: "bron"}}}
		d.Passages = []*Passage{{Doc: d, Heading: heading, Text: text}}
		return d
	}
	docs := []*Document{
		doc("sroi", "Social return bij opdrachten", "Vanaf welk bedrag geldt social return",
			"Bij gemeenten ligt de grens voor social return vaak boven 50.000 euro. In de regio Zwolle is de grens 200.000 euro. Een plan laat zien hoe."),
		doc("rtc", "Uitdaagrecht bij gemeenten", "Voorwaarden in Gouda",
			"Een uitdaging moet gedragen worden door bewoners; het initiatief laat dat zien. Taken die alleen de overheid mag doen, zoals paspoorten, zijn uitgesloten."),
		doc("drempel", "Drempels voor opdrachten", "Drempel voor diensten", "De drempel voor diensten van gemeenten is 216.000 euro. De raming laat zien welke geldt."),
		doc("beslistermijn", "Beslistermijn van de gemeente", "Hoe lang mag de gemeente doen over een besluit", "De gemeente beslist binnen acht weken.", "te laat beslissen"),
	}
	e := &Engine{cfg: Config{}.withDefaults(), deps: Deps{Now: time.Now}}
	e.snap.Store(build(docs, "", true))
	for q, want := range map[string]bool{
		"wat voor weer wordt het morgen in zwolle": false, // one word, once, in an example
		"paspoort":                         false, // one word, in a list
		"hoe laat is het":                  false, // a common word that one tag contains
		"beslistermijn":                    true,  // a term of the domain, in the title
		"wat zijn de voorwaarden in gouda": true,  // in the heading
		"hoe hoog is de grens voor social return in zwolle": true, // the town is one of several words matched
	} {
		r, err := e.Answer(context.Background(), q, i18n.NL)
		if err != nil {
			t.Fatal(err)
		}
		if r.Found != want {
			t.Errorf("%q: found = %v, want %v (coverage %.2f)", q, r.Found, want, r.Coverage)
		}
	}
}

// A passage that has only one part of a compound of the question covers it
// half: "termijn" alone does not make a passage about the bezwaartermijn,
// "bezwaar" and "termijn" together do.
func TestCompoundPartCoversHalf(t *testing.T) {
	doc := func(id, heading, text string) *Document {
		d := &Document{ID: id, Topic: id, Title: heading, Lang: i18n.NL, Sources: []Source{{ID: id, Title: "bron"}}}
		d.Passages = []*Passage{{Doc: d, Heading: heading, Text: text}}
		return d
	}
	docs := []*Document{
		doc("beslis", "Beslistermijn op een aanvraag", "De gemeente beslist binnen acht weken; de termijn staat in de verordening."),
		doc("bezwaar", "Bezwaar maken tegen een besluit", "Voor bezwaar heb je zes weken; die termijn begint na de bekendmaking."),
		doc("other", "Bezwaartermijn en beroepstermijn", "Een bezwaartermijn is zes weken."),
	}
	ix := build(docs, "", true).idx[i18n.NL]
	cov := map[string]float32{}
	for _, h := range ix.search(ix.analyze("bezwaartermijn"), 5) {
		cov[h.p.Doc.ID] = h.coverage
	}
	if cov["bezwaar"] != 1 || cov["other"] != 1 {
		t.Errorf("both parts or the word itself must cover the word: %v", cov)
	}
	if c := cov["beslis"]; c <= 0 || c >= 1 {
		t.Errorf("one part covers %.2f, want a share: %v", c, cov)
	}
}

// A word no text has that belongs to a multi-word term of the thesaurus
// ("voren" of "van te voren") is not searched on its own: the term is.
// A term of the domain in the story anchors the question, so a plain
// unknown word of the question sentence weighs less.
func TestPhraseWordsAndStoryAnchor(t *testing.T) {
	e := askEngine(t)
	ix := e.snap.Load().idx[i18n.NL]
	var words []string
	for _, g := range ix.analyze("moeten we het plafond van te voren bekend maken?") {
		words = append(words, g.word)
	}
	if got := strings.Join(words, " "); strings.Contains(got, "voren") || !strings.Contains(got, "vooraf") {
		t.Errorf("groups %q", got)
	}
	focus := segment{text: "moet de gemeente ons verzoek dan accorderen?", weight: 1}
	weight := func(gs []group) float32 {
		for _, g := range gs {
			if g.word == "accorderen" {
				return g.idf
			}
		}
		return -1
	}
	alone := weight(ix.analyzeParts(focus))
	anchored := weight(ix.analyzeParts(focus, segment{text: "wij willen het speelveld overnemen via het uitdaagrecht", weight: storyWeight}))
	if alone <= 0 || anchored <= 0 || anchored >= alone {
		t.Errorf("unknown word weighs %.2f alone, %.2f with a domain term in the story", alone, anchored)
	}
}

// "Onder de drempel" and "boven de drempel" are different questions: the
// words are searched, not dropped as stop words.
func TestBelowAndAboveAreSearched(t *testing.T) {
	e := askEngine(t)
	for lang, q := range map[i18n.Lang]string{i18n.NL: "welke regels gelden onder de drempel", i18n.EN: "rules below the threshold"} {
		found := false
		for _, g := range e.snap.Load().idx[lang].analyze(q) {
			// "onder" on its own, or as a part of the term "onder de
			// drempel" (thesaurus: onderdrempelig) that is searched
			if g.word == "onder" || g.word == "below" || slices.Contains(g.terms, "onder") {
				found = true
			}
		}
		if !found {
			t.Errorf("%s %q: not searched", lang, q)
		}
	}
}

// A typo that a card variant happens to contain ("drempl"), or that splits
// into words ("standstil" → "stand" + "stil"), is read as the common word
// one edit away, not searched as written.
func TestTypoInTheCorpusIsCorrected(t *testing.T) {
	doc := func(id, heading, text string) *Document {
		d := &Document{ID: id, Topic: id, Title: heading, Lang: i18n.NL, Sources: []Source{{ID: id, Title: "bron"}}}
		d.Passages = []*Passage{{Doc: d, Heading: heading, Text: text}}
		return d
	}
	docs := []*Document{
		doc("a", "Drempel voor diensten", "De drempel voor diensten is 216.000 euro."),
		doc("b", "Drempel voor werken", "De drempel voor werken is 5.404.000 euro."),
		doc("c", "Drempels samen", "Elke drempel geldt zonder btw; wat is de drempl, vragen mensen."),
		doc("d", "Standstill", "De standstill duurt 20 dagen; de standstill begint na de gunning. Na de standstill tekent de gemeente."),
		doc("e", "Standstill en bezwaar", "Tijdens de standstill kan een inschrijver naar de rechter."),
		doc("f", "Standstill bij percelen", "Ook bij percelen geldt de standstill."),
		doc("g", "Stand van zaken", "De stand van het project ligt stil."),
	}
	ix := build(docs, "", true).idx[i18n.NL]
	for w, want := range map[string]string{"drempl": "drempel", "standstil": "standstill"} {
		gs := ix.analyze(w)
		if len(gs) != 1 || gs[0].how != "typo" || gs[0].terms[0] != ix.an.Stem(want) {
			t.Errorf("%q: groups %+v, want the typo of %q", w, gs, want)
		}
	}
}

// A correction is remembered: the second question with the same typo does
// not scan the trigrams again, and gets the same answer.
func TestCorrectionsAreCached(t *testing.T) {
	e := askEngine(t)
	ix := e.snap.Load().idx[i18n.NL]
	before := ix.cached.Load()
	a, okA := ix.correct("aanbestding")
	b, okB := ix.correct("aanbestding")
	if a != b || okA != okB || !okA {
		t.Errorf("correct = %q %v, then %q %v", a, okA, b, okB)
	}
	if n := ix.cached.Load() - before; n != 1 {
		t.Errorf("%d corrections stored, want 1", n)
	}
}

// A typo that is itself a word ("verenging", a narrowing) is corrected
// only to a term of the thesaurus one letter away ("vereniging").
func TestWordTypoOfATerm(t *testing.T) {
	ix := askEngine(t).snap.Load().idx[i18n.NL]
	gs := ix.analyze("verenging")
	if len(gs) != 1 || gs[0].how != "typo" || gs[0].terms[0] != ix.an.Stem("vereniging") {
		t.Errorf("verenging: %+v", gs)
	}
}
