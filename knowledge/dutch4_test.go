package knowledge

import (
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/noaber/noaber/i18n"
)

// A typo finds what the word meant finds: "drempl" also searches the
// thesaurus synonyms of "drempel" ("drempelwaarde"), each no surer than the
// corrected word itself.
func TestTypoFindsTheSynonymsOfTheWordMeant(t *testing.T) {
	ix := askEngine(t).snap.Load().idx[i18n.NL]
	g, ok := ix.group("drempl")
	if !ok || g.how != "typo" || len(g.terms) == 0 || g.terms[0] != ix.an.Stem("drempel") {
		t.Fatalf("drempl: ok %v, %s %v", ok, g.how, g.terms)
	}
	syn := ix.an.Stem("drempelwaarde")
	i := slices.Index(g.terms, syn)
	if i < 0 {
		t.Fatalf("drempl: terms %v lack the synonym %q", g.terms, syn)
	}
	if g.weights[i] > g.weights[0] {
		t.Errorf("drempl: synonym weighs %v, more than the corrected word (%v)", g.weights[i], g.weights[0])
	}
}

// A Dutch verb stem that the texts only write with v before an ending
// ("inschrijf", as people type "inschrijf termijn") finds the verb
// ("inschrijven"), not a typo correction or nothing.
func TestOtherDutchFormFindsTheWord(t *testing.T) {
	ix := askEngine(t).snap.Load().idx[i18n.NL]
	g, ok := ix.group("inschrijf")
	if !ok || g.how != "stem" || len(g.terms) == 0 || g.terms[0] != ix.an.Stem("inschrijven") {
		t.Errorf("inschrijf: ok %v, %s %v, want the stem of inschrijven", ok, g.how, g.terms)
	}
}

// A short word of a multi-word term with a letter left out ("rigt to
// challenge") is read as the word meant, so the term is found.
func TestShortTypoInsideATerm(t *testing.T) {
	ix := askEngine(t).snap.Load().idx[i18n.NL]
	if got := ix.spelt([]string{"rigt", "to", "challenge"}); got[0] != "right" {
		t.Errorf("spelt: %v, want right to challenge", got)
	}
	found := false
	for _, g := range ix.analyze("rigt to challenge hoe werkt dat") {
		if g.word == "uitdaagrecht" {
			found = true
		}
		if g.word == "rigt" {
			t.Errorf("rigt searched on its own (%s %v)", g.how, g.terms)
		}
	}
	if !found {
		t.Error("the term uitdaagrecht was not found")
	}
}

// In a Dutch question a word only the English word list has ("minims", a
// musical note) is a typo of the domain term one letter away ("minimis");
// a Dutch word of that length is not rewritten into a term.
func TestEnglishOnlyWordInDutchIsATypoOfATerm(t *testing.T) {
	ix := askEngine(t).snap.Load().idx[i18n.NL]
	g, ok := ix.group("minims")
	if !ok || g.how != "typo" || len(g.terms) == 0 || g.terms[0] != ix.an.Stem("minimis") {
		t.Errorf("minims: ok %v, %s %v, want a typo of minimis", ok, g.how, g.terms)
	}
	if n := ix.minTermTypoLen("contact"); n != minTermTypoLen {
		t.Errorf("contact (Dutch too): may be corrected from %d letters", n)
	}
}

// A separable verb split around "te" is searched as the verb: "toe te
// kennen" is "toekennen" (and so finds its synonyms), not "toe" and
// "kennen".
func TestSeparableVerbIsSearchedWhole(t *testing.T) {
	ix := askEngine(t).snap.Load().idx[i18n.NL]
	found := false
	for _, g := range ix.analyze("moet de gemeente onze uitdaging toe te kennen") {
		switch g.word {
		case "toekennen":
			found = true
		case "toe", "kennen":
			t.Errorf("%q searched on its own", g.word)
		}
	}
	if !found {
		t.Error("toekennen not searched")
	}
}

// "onder de (Europese) drempel" is one term of the thesaurus: a question
// about works below the threshold finds the rules for exactly that (the
// ARW 2016), not the passage on how "de drempels werken".
func TestBelowTheThresholdIsOneTerm(t *testing.T) {
	e := askEngine(t)
	found := false
	for _, g := range e.snap.Load().idx[i18n.NL].analyze("wat geldt onder de europese drempel") {
		if g.word == "onderdrempelig" {
			found = true
		}
	}
	if !found {
		t.Error("onder de europese drempel: not one term")
	}
	res := ask(t, e, "onze gemeente wil werken aanbesteden onder de europese drempel, wat geldt dan", i18n.NL, nil)
	if res.Kind != KindAnswer || !strings.Contains(Lead(res.Answer), "ARW") {
		t.Errorf("works below the threshold: %s %q", res.Kind, Lead(res.Answer))
	}
}

// A typo in the word that decides the answer ("sociale diesnten") is read
// as the word meant by every step, also those that read the question's
// text: the threshold for social services leads, not the general one.
func TestTypoInTheDecidingWord(t *testing.T) {
	e := askEngine(t)
	ix := e.snap.Load().idx[i18n.NL]
	if got := ix.respell("Hoe hoog is de drempel voor sociale diesnten?"); got != "Hoe hoog is de drempel voor sociale diensten?" {
		t.Errorf("respell: %q", got)
	}
	if got := ix.respell("wat is de drempel voor diensten"); got != "wat is de drempel voor diensten" {
		t.Errorf("respell changed a text without typos: %q", got)
	}
	res := ask(t, e, "hoe hoog is de drempel voor sociale diesnten", i18n.NL, nil)
	if res.Kind != KindAnswer || !strings.Contains(Lead(res.Answer), "750.000") {
		t.Errorf("social services with a typo: %s %q", res.Kind, Lead(res.Answer))
	}
}

// A vowel typed double ("sociaale") is read as the word with it single
// ("sociale"), which the texts use; a Dutch word with a double vowel
// ("sociaal") is left alone.
func TestDoubledVowelTypo(t *testing.T) {
	ix := askEngine(t).snap.Load().idx[i18n.NL]
	if u, ok := ix.undoubled("sociaale"); !ok || u != "sociale" {
		t.Errorf("sociaale: %q %v", u, ok)
	}
	if got := ix.respell("drempel sociaal domein"); got != "drempel sociaal domein" {
		t.Errorf("respell changed a Dutch word: %q", got)
	}
	if got := ix.respell("drempel sociaale diensten"); got != "drempel sociale diensten" {
		t.Errorf("respell: %q", got)
	}
}

// Dutch chat abbreviations and fillers ("kheb", "ofzo", "hvl", "wnr") are
// not searched: a plain question around them is answered, not met with
// "Bedoel je …?".
func TestDutchChatWordsAreFiller(t *testing.T) {
	e := askEngine(t)
	for _, g := range e.snap.Load().idx[i18n.NL].analyze("kheb een vraag ofzo, hvl en wnr mss") {
		t.Errorf("%q is searched (%s)", g.word, g.how)
	}
	res := ask(t, e, "kheb een vraag over de gratis vog ofzo", i18n.NL, nil)
	if res.Kind != KindAnswer || !strings.Contains(Lead(res.Answer), "VOG") {
		t.Errorf("chat question: %s %q", res.Kind, Lead(res.Answer))
	}
}

// A weak past participle stems as its verb, also of a separable verb:
// "vastgelegd" finds a text that says "vastleggen", "gesteld" is "stellen"
// (not "stelen"); a verb whose own stem starts with ge- ("gebeurd") and a
// word that is no participle ("gebouw") keep theirs.
func TestParticipleStemsAsItsVerb(t *testing.T) {
	an := newAnalyzer(i18n.NL)
	for w, inf := range map[string]string{"vastgelegd": "vastleggen", "gesteld": "stellen", "toegekend": "toekennen", "geleverd": "leveren"} {
		if got, ok := weakParticiple(w); !ok || got != inf {
			t.Errorf("%s: %q %v, want %s", w, got, ok, inf)
		}
		if an.Stem(w) != an.Stem(inf) {
			t.Errorf("%s stems as %q, %s as %q", w, an.Stem(w), inf, an.Stem(inf))
		}
	}
	for _, w := range []string{"gebeurd", "gebouw", "gebruikt"} {
		if got, ok := weakParticiple(w); ok {
			t.Errorf("%s read as a participle of %q", w, got)
		}
	}
}

// A Dutch compound no text has, whose first part the texts know
// ("subsidierelatie"), is searched as that part, in part; one whose known
// part is only the kind of thing ("eenmanszaak", "parkeervergunning") is
// not made a question of the domain.
func TestUnknownCompoundIsAboutItsFirstPart(t *testing.T) {
	ix := askEngine(t).snap.Load().idx[i18n.NL]
	g, ok := ix.group("subsidierelatie")
	if !ok || g.how != "compound" || len(g.terms) != 1 || g.terms[0] != ix.an.Stem("subsidie") || g.weights[0] > weightPart {
		t.Errorf("subsidierelatie: ok %v, %s %v %v", ok, g.how, g.terms, g.weights)
	}
	for _, w := range []string{"eenmanszaak", "parkeervergunning"} {
		if ps := ix.knownParts(w); ps != nil {
			t.Errorf("%s: searched as %v", w, ps)
		}
	}
}

// Another form of a thesaurus word ("aanbestede", typed without its n)
// finds the synonyms the word itself finds ("tender").
func TestOtherFormFindsTheSynonyms(t *testing.T) {
	ix := askEngine(t).snap.Load().idx[i18n.NL]
	g, ok := ix.group("aanbestede")
	if !ok || !slices.Contains(g.terms, ix.an.Stem("tender")) {
		t.Errorf("aanbestede: ok %v, %s %v, want the synonym tender", ok, g.how, g.terms)
	}
	// a Dutch word of its own is no form of another: "uitdaging" (a
	// challenge) does not find what "uitdagen" finds
	if syns := ix.synonymsOfForm("uitdaging"); len(syns) > 0 {
		t.Errorf("uitdaging: synonyms %v", syns)
	}
}

// A typo that texts contain in a few passages ("drempl" in card
// variants) is read as the much commoner word one letter away, so it does
// not steer a question to those texts; a word of Dutch is kept, and so is
// a word two letters from a commoner one.
func TestTypoInVariantsIsTheCommonerWord(t *testing.T) {
	doc := &Document{ID: "d", Title: "Drempels", Lang: i18n.NL}
	var ps []*Passage
	for i := range 3 {
		ps = append(ps, &Passage{Doc: doc, Heading: fmt.Sprintf("Kaart %d", i), Text: "wat is de drempl voor een concessie"})
	}
	for i := range 30 {
		ps = append(ps, &Passage{Doc: doc, Heading: fmt.Sprintf("Deel %d", i), Text: "de drempel voor diensten van een gemeente en de inbesteding"})
	}
	ix := buildIndex(i18n.NL, ps)
	if c, ok := ix.commonerWord("drempl", 3); !ok || c != "drempel" {
		t.Errorf("drempl: %q %v", c, ok)
	}
	if g, _ := ix.group("drempl"); g.how != "typo" || g.terms[0] != ix.an.Stem("drempel") {
		t.Errorf("drempl: %s %v, want a typo of drempel", g.how, g.terms)
	}
	if got := ix.spelt([]string{"drempl", "werken"}); got[0] != "drempel" {
		t.Errorf("spelt: %v", got)
	}
	if c, ok := ix.commonerWord("concessie", 3); ok {
		t.Errorf("concessie (a Dutch word) read as %q", c)
	}
}

// A Dutch-only synonym ("project" for "opdracht") holds in a Dutch
// question and not in an English one, where "project" is a plain word.
func TestDutchOnlySynonyms(t *testing.T) {
	e := askEngine(t)
	nl := e.snap.Load().idx[i18n.NL]
	if g, _ := nl.group("project"); !slices.Contains(g.terms, nl.an.Stem("opdracht")) {
		t.Errorf("nl project: %s %v, want opdracht", g.how, g.terms)
	}
	en := e.snap.Load().idx[i18n.EN]
	if g, _ := en.group("project"); slices.Contains(g.terms, en.an.Stem("opdracht")) || slices.Contains(g.terms, en.an.Stem("contract")) {
		t.Errorf("en project: %s %v, a Dutch-only synonym leaked", g.how, g.terms)
	}
}

// A compound chat writes apart ("bezwaar termijn") is searched as the word
// the texts write ("bezwaartermijn"); a hyphenated one ("Alcatel-termijn")
// and a pair with a stop word stay as they are.
func TestSpacedCompoundIsJoined(t *testing.T) {
	ix := askEngine(t).snap.Load().idx[i18n.NL]
	for in, want := range map[string]string{
		"hoe lang is de bezwaar termijn?": "hoe lang is de bezwaartermijn?",
		"hoe lang is de Alcatel-termijn?": "hoe lang is de Alcatel-termijn?",
		"wat is de termijn":               "wat is de termijn",
	} {
		if got := ix.joinSpacedCompounds(in); got != want {
			t.Errorf("%q: got %q, want %q", in, got, want)
		}
	}
	found := false
	for _, g := range ix.analyze("hoe lang is de bezwaar termijn") {
		if g.word == "bezwaartermijn" {
			found = true
		}
	}
	if !found {
		t.Error("bezwaar termijn: not searched as bezwaartermijn")
	}
}
