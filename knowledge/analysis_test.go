package knowledge

import (
	"strings"
	"testing"

	"github.com/noaber/noaber/i18n"
)

// A content word never stems to a function word: "overheid" is not "over"
// and "mens" not "men", and their other forms still share their stem.
func TestStemNeverStopWord(t *testing.T) {
	nl := newAnalyzer(i18n.NL)
	for _, pair := range [][2]string{{"overheid", "overheden"}, {"mens", "mensen"}, {"kans", "kansen"}, {"indienen", "indiening"}} {
		a, b := nl.Stem(pair[0]), nl.Stem(pair[1])
		if a != b {
			t.Errorf("Stem(%q) = %q, Stem(%q) = %q: want one stem", pair[0], a, pair[1], b)
		}
		if nl.isStop(a) {
			t.Errorf("Stem(%q) = %q, a stop word", pair[0], a)
		}
	}
	e := askEngine(t)
	for _, l := range i18n.Langs {
		ix := e.snap.Load().idx[l]
		for _, w := range ix.words {
			if st := ix.an.Stem(w); ix.an.isStop(st) {
				t.Errorf("%s: %q stems to the stop word %q", l, w, st)
			}
		}
	}
}

// A multi-word term of the thesaurus is one word of the question: its
// canonical term with its words as parts, not three words that each count.
func TestPhraseIsOneGroup(t *testing.T) {
	e := askEngine(t)
	for _, c := range []struct {
		lang  i18n.Lang
		text  string
		canon string
		parts []string
	}{
		{i18n.NL, "onderhoud van het groen", "groenonderhoud", []string{"onderhoud", "groen"}},
		{i18n.EN, "the right to challenge", "uitdaagrecht", []string{"challenge"}},
	} {
		ix := e.snap.Load().idx[c.lang]
		gs := ix.analyze(c.text)
		if len(gs) != 1 || gs[0].word != c.canon {
			var ws []string
			for _, g := range gs {
				ws = append(ws, g.word)
			}
			t.Errorf("%q: groups %v, want only %q", c.text, ws, c.canon)
			continue
		}
		for _, p := range c.parts {
			found := false
			for i, term := range gs[0].terms {
				if term == ix.an.Stem(p) && gs[0].weights[i] == weightPart {
					found = true
				}
			}
			if !found {
				t.Errorf("%q: %q is not a part of the group's terms %v", c.text, p, gs[0].terms)
			}
		}
	}
}

// A long Dutch word one letter from a thesaurus term is read as its typo
// ("verenging" → "vereniging"); a short one is not ("contact" stays).
func TestTypoTowardTermOfRealWord(t *testing.T) {
	ix := askEngine(t).snap.Load().idx[i18n.NL]
	g, ok := ix.group("verenging")
	if !ok || g.how != "typo" || len(g.terms) == 0 || g.terms[0] != ix.an.Stem("vereniging") {
		t.Errorf("verenging: %s %v, want a typo of vereniging (%s)", g.how, g.terms, ix.an.Stem("vereniging"))
	}
	if g, _ := ix.group("contact"); g.how == "typo" {
		t.Errorf("contact read as a typo of %v", g.terms)
	}
}

// An irregular English past form is its verb: "bought" finds what "buy"
// finds, instead of weighing as a word no text has. One that is a stop
// word stays one ("told"), and "found" (to found a foundation) stays.
func TestIrregularEnglishVerbs(t *testing.T) {
	en := newAnalyzer(i18n.EN)
	for _, pair := range [][2]string{{"bought", "buy"}, {"paid", "pays"}, {"chosen", "choose"}, {"spent", "spending"}} {
		if a, b := en.Stem(pair[0]), en.Stem(pair[1]); a != b {
			t.Errorf("Stem(%q) = %q, Stem(%q) = %q: want one stem", pair[0], a, pair[1], b)
		}
	}
	if en.Stem("found") == en.Stem("find") {
		t.Errorf("found stems like find")
	}
	if !en.isStop("told") {
		t.Errorf("told is no stop word")
	}
	// Dutch is untouched: "made" is a Dutch word (maggot).
	if nl := newAnalyzer(i18n.NL); nl.Stem("made") == nl.Stem("make") {
		t.Errorf("Dutch made stems like make")
	}
}

// A function word of the other language is filler, not a word no text
// has: people mix English into Dutch chat and Dutch into English. So are
// "nowadays" and "tegenwoordig", and "true" in "is that true?".
func TestMixedLanguageFillers(t *testing.T) {
	e := askEngine(t)
	nl := e.snap.Load().idx[i18n.NL]
	for _, w := range []string{"or", "explain", "tegenwoordig"} {
		if g, ok := nl.group(w); ok && !nl.an.isStop(w) {
			t.Errorf("nl: %q is a group (%s %v), want filler", w, g.how, g.terms)
		}
	}
	en := e.snap.Load().idx[i18n.EN]
	for _, w := range []string{"nowadays", "true", "het"} {
		if g, ok := en.group(w); ok && !en.an.isStop(w) {
			t.Errorf("en: %q is a group (%s %v), want filler", w, g.how, g.terms)
		}
	}
	res := ask(t, e, "is de threshold voor werken nowadays nog hetzelfde or niet?", i18n.NL, nil)
	if res.Kind != KindAnswer || !strings.Contains(Lead(res.Answer), "5.404.000") {
		t.Errorf("kind %s: %q", res.Kind, Lead(res.Answer))
	}
}

// Chat English drops the apostrophe: "doesnt" is still a negation and
// "whats" still a question word, not a word no text has.
func TestChatEnglishWithoutApostrophes(t *testing.T) {
	if got := strings.Join(Tokenize("it doesnt apply, we cant"), " "); got != "it not apply we not" {
		t.Errorf("Tokenize = %q", got)
	}
	en := askEngine(t).snap.Load().idx[i18n.EN]
	for _, w := range []string{"whats", "wats", "thats", "im", "quick", "wants", "exactly", "favourite", "normal"} {
		if !en.an.isStop(w) {
			t.Errorf("%q is no stop word", w)
		}
	}
}

// American spellings find the British ones the corpus uses.
func TestAmericanSpellingFindsBritish(t *testing.T) {
	en := newAnalyzer(i18n.EN)
	for _, pair := range [][2]string{{"neighborhood", "neighbourhood"}, {"organization", "organisation"}, {"center", "centre"},
		{"organize", "organise"}, {"labor", "labour"}, {"program", "programme"}, {"subsidized", "subsidised"}} {
		if a, b := en.Stem(pair[0]), en.Stem(pair[1]); a != b {
			t.Errorf("Stem(%q) = %q, Stem(%q) = %q: want one stem", pair[0], a, pair[1], b)
		}
	}
	e := askEngine(t)
	ix := e.snap.Load().idx[i18n.EN]
	for _, w := range []string{"neighborhood", "organization"} {
		if g, _ := ix.group(w); g.how != "stem" {
			t.Errorf("%q: %s %v, want a word of the corpus", w, g.how, g.terms)
		}
	}
}

// A Dutch term in an English question finds the English texts' form of it
// when it is inflected otherwise ("meervoudig onderhandse" for
// "onderhands"); an English word is never read as Dutch.
func TestDutchTermInEnglishQuestion(t *testing.T) {
	ix := askEngine(t).snap.Load().idx[i18n.EN]
	g, _ := ix.group("onderhandse")
	want, _ := ix.group("onderhands")
	if g.how == "unknown" || len(g.terms) == 0 || len(want.terms) == 0 || g.terms[0] != want.terms[0] {
		t.Errorf("onderhandse: %s %v, want the term of onderhands %v", g.how, g.terms, want.terms)
	}
	if _, ok := ix.dutchForm("garden"); ok {
		t.Error("an English word read as a Dutch form")
	}
	if ix := askEngine(t).snap.Load().idx[i18n.NL]; ix.dutchForms != nil {
		t.Error("the Dutch index maps Dutch forms")
	}
}
