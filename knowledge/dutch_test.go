package knowledge

import (
	"slices"
	"strings"
	"testing"

	"github.com/noaber/noaber/i18n"
)

// The words of formal, official Dutch ("ingevolge", "conform", "thans",
// "dient … te worden") say nothing about the subject: they must not make a
// precise question look out of scope.
func TestFormalWordsAreNotSearched(t *testing.T) {
	e := askEngine(t)
	ix := e.snap.Load().idx[i18n.NL]
	for _, g := range ix.analyze("Welk bedrag dient ingevolge de wet thans conform de regels van toepassing te zijn en wanneer vast te stellen?") {
		switch g.word {
		case "dient", "ingevolge", "thans", "conform", "toepassing", "vast", "stellen":
			t.Errorf("%q is searched (%s)", g.word, g.how)
		}
	}
	res := ask(t, e, "Welk drempelbedrag dient thans ingevolge de Aanbestedingswet te worden gehanteerd voor een dienstenopdracht van een gemeente?", i18n.NL, nil)
	if res.Kind != KindAnswer || !strings.Contains(Lead(res.Answer), "216.000") {
		t.Errorf("kind %s: %q", res.Kind, Lead(res.Answer))
	}
}

// A typo one letter from a filler word and from a common word of the
// corpus is read as the corpus word: "werkn" is works, not "werkt". A typo
// of a filler word alone stays filler.
func TestTypoNearFillerAndTerm(t *testing.T) {
	ix := askEngine(t).snap.Load().idx[i18n.NL]
	g, ok := ix.group("werkn")
	if !ok || g.how != "typo" || len(g.terms) == 0 || g.terms[0] != ix.an.Stem("werken") {
		t.Errorf("werkn: ok %v, %s %v", ok, g.how, g.terms)
	}
	if g, ok := ix.group("eigelijk"); ok {
		t.Errorf("eigelijk: %s %v, want filler", g.how, g.terms)
	}
}

// Chat words and pronouns ("ie" for "hij", "haar", "mn") are not searched.
func TestChatWordsAreNotSearched(t *testing.T) {
	ix := askEngine(t).snap.Load().idx[i18n.NL]
	for _, g := range ix.analyze("vraagje: waar zet de gemeente haar aanbestedingen, en mag ie dat mn buurman vragen aub, ik snap het niet") {
		switch g.word {
		case "haar", "ie", "mn", "vraagje", "aub", "snap":
			t.Errorf("%q is searched (%s)", g.word, g.how)
		}
	}
}

// When the best hit matches too little of the question, a hit that ranks
// nearly as well, matches enough and is about the question's heaviest word
// answers instead; one that is not about it does not.
func TestPromoteAHitThatMatchesEnough(t *testing.T) {
	e := askEngine(t)
	p0, p1 := &Passage{Heading: "a"}, &Passage{Heading: "b"}
	mk := func(score1 float32, topic bool) []hit {
		return []hit{
			{i: 0, p: p0, score: 10, coverage: 0.4, lead: 0.5, leadTopic: true},
			{i: 1, p: p1, score: score1, coverage: 0.6, lead: 0.5, leadTopic: topic},
		}
	}
	if hs := promote(e, nil, mk(9, true)); hs[0].p != p1 || hs[0].score <= 10 || hs[1].p != p0 {
		t.Errorf("close hit that matches enough: not promoted: %+v", hs)
	}
	if hs := promote(e, nil, mk(9, false)); hs[0].p != p0 {
		t.Error("a hit not about the question's heaviest word was promoted")
	}
	if hs := promote(e, nil, mk(5, true)); hs[0].p != p0 {
		t.Error("a hit that ranks far below was promoted")
	}
}

// Among hits that rank nearly as well as the best, the one that matches
// clearly more of the question answers; a small difference in coverage or
// in rank leaves the order alone.
func TestFullerHitLeads(t *testing.T) {
	doc := &Document{ID: "d"}
	p0, p1 := &Passage{Doc: doc, Heading: "a"}, &Passage{Doc: doc, Heading: "b"}
	mk := func(score1, cov1 float32) []hit {
		return []hit{
			{i: 0, p: p0, score: 10, coverage: 0.9, lead: 0.5, leadTopic: true},
			{i: 1, p: p1, score: score1, coverage: cov1, lead: 0.5, leadTopic: true},
		}
	}
	if hs := fuller(mk(9.5, 1)); hs[0].p != p1 || hs[0].score <= 10 {
		t.Errorf("the fuller close hit does not lead: %+v", hs)
	}
	if hs := fuller(mk(9.5, 0.92)); hs[0].p != p0 {
		t.Error("a hit hardly fuller was put first")
	}
	if hs := fuller(mk(7, 1)); hs[0].p != p0 {
		t.Error("a hit that ranks far below was put first")
	}
	hs := mk(9.5, 1)
	hs[1].p = &Passage{Doc: &Document{ID: "other"}, Heading: "c"}
	if hs = fuller(hs); hs[0].p != p0 {
		t.Error("a hit of another document was put first")
	}
}

// The words people type for a term the corpus names otherwise find it:
// "nutssectoren" the special sectors, "openhuis" open house.
func TestDutchSynonymsFindTheTerm(t *testing.T) {
	e := askEngine(t)
	for q, want := range map[string]string{
		"welke drempel geldt voor diensten in de nutssectoren":             "432.000",
		"wat betekent een openhuis regeling voor zorgaanbieders":           "zonder selectie",
		"mag de gemeente ons het dorpshuis gratis uitlenen":                "ruikleen",
		"moet de gemeente zeggen waarom we verloren hebben":                "gunningsbeslissing",
		"moet de gemeente bewoners betrekken bij de uitvoering van beleid": "participatieverordening",
	} {
		res := ask(t, e, q, i18n.NL, nil)
		if res.Kind != KindAnswer || !strings.Contains(Lead(res.Answer), want) {
			t.Errorf("%q: %s %q, want %q", q, res.Kind, Lead(res.Answer), want)
		}
	}
}

// "gelden" (to apply) is not "geld" (money): the verb, whose stem is the
// stem of money, is not searched.
func TestApplyIsNotMoney(t *testing.T) {
	ix := askEngine(t).snap.Load().idx[i18n.NL]
	for _, g := range ix.analyze("welke regels gelden onder de drempel en welke golden vroeger") {
		if g.word == "gelden" || g.word == "golden" {
			t.Errorf("%q is searched as %v", g.word, g.terms)
		}
	}
}

// A question that names only a term of facts.md that no title carries
// ("proces-verbaal", "SAS") is about the domain, not refused.
func TestFactsTermsAreInDomain(t *testing.T) {
	e := askEngine(t)
	res := ask(t, e, "wat is een proces verbaal bij sas", i18n.NL, nil)
	if res.Kind != KindAnswer || !strings.Contains(Lead(res.Answer), "proces-verbaal") {
		t.Errorf("%s: %q", res.Kind, Lead(res.Answer))
	}
	res = ask(t, e, "hoe zit t met de gva", i18n.NL, nil)
	if res.Kind != KindAnswer || !strings.Contains(Lead(res.Answer), "GVA") {
		t.Errorf("%s: %q", res.Kind, Lead(res.Answer))
	}
}

// A misspelt word weighs in the question as much as the word spelt right:
// only its match counts less sure. "wanneer is de bezwaartemrijn voorbij"
// is answered like "bezwaartermijn".
func TestTypoWeighsAsTheWord(t *testing.T) {
	e := askEngine(t)
	ix := e.snap.Load().idx[i18n.NL]
	right, _ := ix.group("bezwaartermijn")
	typo, _ := ix.group("bezwaartemrijn")
	if typo.how != "typo" || typo.idf != right.idf {
		t.Errorf("typo %s weighs %.2f, the word %.2f", typo.how, typo.idf, right.idf)
	}
	res := ask(t, e, "wanneer is de bezwaartemrijn voorbij", i18n.NL, nil)
	if res.Kind != KindAnswer || !strings.Contains(Lead(res.Answer), "6 weken") {
		t.Errorf("%s: %q", res.Kind, Lead(res.Answer))
	}
}

// A Dutch past participle the corpus has only in other forms is searched
// as its verb: "geleverd" as "leveren".
func TestParticipleFindsItsVerb(t *testing.T) {
	ix := askEngine(t).snap.Load().idx[i18n.NL]
	g, ok := ix.group("geleverd")
	if !ok || g.how == "unknown" || len(g.terms) == 0 || g.terms[0] != ix.an.Stem("leveren") {
		t.Errorf("geleverd: %v %s %v", ok, g.how, g.terms)
	}
	if _, ok := ix.participle("gemeente"); ok {
		t.Error("gemeente read as a participle")
	}
}

// A long typo that a card variant happens to contain ("stigting") is two
// letters from the common word meant: it is read as that word, not as the
// rarest word of the corpus that steers to the one card.
func TestRareTypoTwoEditsFromTheWord(t *testing.T) {
	ix := askEngine(t).snap.Load().idx[i18n.NL]
	g, ok := ix.group("stigting")
	if !ok || g.how != "typo" || len(g.terms) == 0 || g.terms[0] != ix.an.Stem("stichting") {
		t.Errorf("stigting: %v %s %v", ok, g.how, g.terms)
	}
}

// A card whose lead gives a figure for other years than the question asks
// ranks below one for the year asked: "drempel concessies 2025" is the
// 2024-2025 concession threshold, not the 2026-2027 one.
func TestCardOfTheYearAsked(t *testing.T) {
	e := askEngine(t)
	res := ask(t, e, "drempel concessies 2025", i18n.NL, nil)
	if lead := Lead(res.Answer); !strings.Contains(lead, "5.538.000") || !strings.Contains(lead, "concessies") {
		t.Errorf("%s: %q", res.Kind, lead)
	}
	if !otherYears("in 2026 en 2027 € 5.404.000", []int{2025}) || otherYears("in 2024-2025 € 5.538.000", []int{2025}) || otherYears("zonder jaartal", []int{2025}) {
		t.Error("otherYears")
	}
}

// Forms people type for a corpus term find the term: "inschrijftermijn"
// the corpus's "inschrijvingstermijn".
func TestTypedFormsFindTheCorpusTerm(t *testing.T) {
	ix := askEngine(t).snap.Load().idx[i18n.NL]
	g, _ := ix.group("inschrijftermijn")
	if !slices.Contains(g.terms, ix.an.Stem("inschrijvingstermijn")) {
		t.Errorf("inschrijftermijn: terms %v", g.terms)
	}
}

// A chat question with abbreviations and a hedge is answered like the
// plain one.
func TestChatQuestionIsAnswered(t *testing.T) {
	e := askEngine(t)
	for q, want := range map[string]string{
		"hvl is de drempel voor diensten":                     "216.000",
		"wnr moet de participatieverordening klaar zijn":      "2027",
		"mss een domme vraag maar wat is een stichting":       "zonder leden",
		"evt kunnen we ook een coöperatie worden? wat is dat": "coöperatie",
	} {
		res := ask(t, e, q, i18n.NL, nil)
		if res.Kind != KindAnswer || !strings.Contains(Lead(res.Answer), want) {
			t.Errorf("%q: %s %q", q, res.Kind, Lead(res.Answer))
		}
	}
}

// A question that is one of a card's variants word for word finds that
// card, also when its few words rank a shorter text of another card higher
// by BM25.
func TestExactVariantFindsItsCard(t *testing.T) {
	e := askEngine(t)
	res := ask(t, e, "wanneer moet je europees aanbesteden", i18n.NL, nil)
	if res.Card == nil || res.Card.ID != "moet-de-gemeente-europees" {
		t.Errorf("card %v: %q", res.Card, Lead(res.Answer))
	}
	if stemKey([]string{"b", "a", "b"}) != "a b" {
		t.Error("stemKey")
	}
}

// A short typo with two neighbouring letters swapped or a letter left out
// is read as the word: "lnag" as "lang", "dagn" as "dagen", "wta" as the
// filler "wat".
func TestShortSwapTypo(t *testing.T) {
	e := askEngine(t)
	ix := e.snap.Load().idx[i18n.NL]
	if g, ok := ix.group("lnag"); !ok || g.how != "typo" || len(g.terms) == 0 || g.terms[0] != ix.an.Stem("lang") {
		t.Errorf("lnag: %v %s %v", ok, g.how, g.terms)
	}
	if g, ok := ix.group("dagn"); !ok || g.how != "typo" || len(g.terms) == 0 || g.terms[0] != ix.an.Stem("dagen") {
		t.Errorf("dagn: %v %s %v", ok, g.how, g.terms)
	}
	if g, ok := ix.group("wta"); ok {
		t.Errorf("wta: %s %v, want filler", g.how, g.terms)
	}
	res := ask(t, e, "hoe lnag is de bezwaartermijn", i18n.NL, nil)
	if res.Kind != KindAnswer || !strings.Contains(Lead(res.Answer), "6 weken") {
		t.Errorf("%s: %q", res.Kind, Lead(res.Answer))
	}
}

// A definition question on a multi-word term of the domain is answered,
// not met with "Bedoel je …?" because two documents use the term.
func TestDefinitionOfAMultiWordTerm(t *testing.T) {
	res := ask(t, askEngine(t), "wat betekent maatschappelijk aanbesteden", i18n.NL, nil)
	if res.Kind != KindAnswer || res.Card == nil || res.Card.Doc.Topic != "maatschappelijk-aanbesteden" {
		t.Errorf("%s %v: %q", res.Kind, res.Card, Lead(res.Answer))
	}
}

// With a story around the question, coverage counts the story's words: a
// hit that shares one more of them is not put first.
func TestFullerNotForStoryWords(t *testing.T) {
	e := askEngine(t)
	doc := &Document{ID: "d"}
	p0, p1 := &Passage{Doc: doc, Heading: "a"}, &Passage{Doc: doc, Heading: "b"}
	hits := func() []hit {
		return []hit{
			{i: 0, p: p0, score: 10, coverage: 0.88, lead: 0.5, leadTopic: true},
			{i: 1, p: p1, score: 9.5, coverage: 1, lead: 0.5, leadTopic: true},
		}
	}
	if hs := promote(e, []group{{word: "park", story: true}}, hits()); hs[0].p != p0 {
		t.Error("a hit fuller by a story word was put first")
	}
	if hs := promote(e, []group{{word: "drempel"}}, hits()); hs[0].p != p1 {
		t.Error("without a story the fuller hit leads")
	}
}

// A misspelt word of a multi-word term ("right to challange", "rigth to
// challenge") still finds the term.
func TestTypoInsideATerm(t *testing.T) {
	e := askEngine(t)
	for _, c := range []struct {
		text string
		lang i18n.Lang
	}{{"is the right to challange mandatory", i18n.EN}, {"what is the rigth to challenge", i18n.EN}} {
		found := false
		for _, g := range e.snap.Load().idx[c.lang].analyze(c.text) {
			if g.word == "uitdaagrecht" {
				found = true
			}
		}
		if !found {
			t.Errorf("%q: the term is not found", c.text)
		}
		if res := ask(t, e, c.text, c.lang, nil); res.Kind != KindAnswer || !strings.Contains(Lead(res.Answer), "Right to Challenge") {
			t.Errorf("%q: %s %q", c.text, res.Kind, Lead(res.Answer))
		}
	}
}
