package knowledge

import (
	"strings"
	"testing"

	"github.com/noaber/noaber/i18n"
	"github.com/noaber/noaber/knowledge/understand"
)

// When the question sentence names its subject, the story's words weigh
// less in how near the question is to a card's variant: the card whose
// variants share the story's words ("wethouder", "schoonmaken") does not
// pass the card written for the question sentence.
func TestStoryWordsWeighLessInTheNearestVariant(t *testing.T) {
	e := askEngine(t)
	res := ask(t, e, "In onze gemeente ligt een plan om een buurtstichting 'subsidie' te geven voor het schoonmaken van het gemeentelijke zwembad, met een contract en een vaste prijs per maand. De stichting heeft geen winstoogmerk, dus de wethouder denkt dat het daarom geen opdracht kan zijn. Klopt het dat een stichting zonder winstoogmerk geen opdrachtnemer kan zijn?", i18n.NL, nil)
	if res.Card == nil || res.Card.Key() != "nl-subsidie-of-opdracht#kan-een-stichting-zonder" {
		t.Errorf("card %s: %q", cardKey(res), Lead(res.Answer))
	}
}

// "Wat zijn daar de regels over …?" after a story asks for rules, not what
// a term of the story is: the cards that define a term are not raised.
func TestRulesQuestionAfterStoryIsNoDefinition(t *testing.T) {
	e := askEngine(t)
	res := ask(t, e, "Een groep bewoners wil de bibliotheekbus overnemen. Ze vragen 10% meer geld dan het ons nu kost. Wat zijn daar de regels over de kosten?", i18n.NL, nil)
	if res.Card == nil || !strings.Contains(res.Card.Key(), "rtc-voorwaarden") {
		t.Errorf("card %s: %q", cardKey(res), Lead(res.Answer))
	}
}

// The words of the story's sentence a question points at ("We hebben nog
// geen rechtsvorm. Maakt dat uit?") weigh nearly as much as the question's
// own; the rest of the story weighs as a story.
func TestPointedAtSentenceWeighsMoreThanTheStory(t *testing.T) {
	e := askEngine(t)
	ix := e.snap.Load().idx[i18n.NL]
	q := understand.Parse("Wij zijn met zes buren en willen het beheer van het plantsoen overnemen. We hebben nog geen rechtsvorm. Maakt dat uit voor de gemeente?", "nl")
	ratio := map[string]float32{}
	for _, g := range ix.analyzeParts(segments(q)...) {
		if base := ix.analyze(g.word); len(base) == 1 && base[0].idf > 0 {
			ratio[g.word] = g.idf / base[0].idf
		}
	}
	if ratio["rechtsvorm"] < 0.9 || ratio["beheer"] > storyWeight+0.01 || ratio["beheer"] == 0 {
		t.Errorf("weights against the word alone: rechtsvorm %.2f, beheer %.2f", ratio["rechtsvorm"], ratio["beheer"])
	}
}

func cardKey(res Result) string {
	if res.Card == nil {
		return ""
	}
	return res.Card.Key()
}

// An off-topic word in the story ("litter") does not push out a question
// sentence about a subject the corpus has a section on; one that asks only
// for a step of any procedure ("how do we object?") stays refused.
func TestOffTopicStoryIsADetail(t *testing.T) {
	e := askEngine(t)
	res := ask(t, e, "Every Saturday a few of us pick up litter along the canal. One of us could easily cut a hand on broken glass. Is our group insured through the council?", i18n.EN, nil)
	if res.Card == nil || !strings.Contains(res.Card.Key(), "vrijwilligersverzekering") {
		t.Errorf("insurance: kind %s card %s: %q", res.Kind, cardKey(res), Lead(res.Answer))
	}
	res = ask(t, e, "Our club got a fine from the council because of litter next to our clubhouse. We think it is unfair. How do we object?", i18n.EN, nil)
	if res.Kind != KindRefuse {
		t.Errorf("fine: kind %s card %s: %q", res.Kind, cardKey(res), Lead(res.Answer))
	}
}

// Everyday adverbs of a question sentence ("uiteindelijk", "somewhere")
// are no subject: a word no text has weighs as much as the rarest term,
// and these pushed answerable questions out.
func TestEverydayAdverbsAreStopWords(t *testing.T) {
	for _, c := range []struct {
		lang i18n.Lang
		w    string
	}{{i18n.NL, "uiteindelijk"}, {i18n.NL, "ergens"}, {i18n.EN, "somewhere"}, {i18n.EN, "eventually"}} {
		if !newAnalyzer(c.lang).isStop(c.w) {
			t.Errorf("%s %q is no stop word", c.lang, c.w)
		}
	}
	e := askEngine(t)
	res := ask(t, e, "Wij hebben bij de gemeente een plan ingediend om het beheer van het plantsoen over te nemen via het uitdaagrecht. Wat is nu de volgende stap, en wie beslist er uiteindelijk?", i18n.NL, nil)
	if res.Kind != KindAnswer {
		t.Errorf("kind %s: %q", res.Kind, Lead(res.Answer))
	}
}

// A story that names a procedure and a sum does not make the question
// sentence after it ask for the procurement verdict: "how many firms must
// they invite?" asks for a number of firms.
func TestStoryProcedureDoesNotStartTheCheck(t *testing.T) {
	e := askEngine(t)
	for _, c := range []struct {
		text string
		lang i18n.Lang
	}{
		{"We run a bike repair workshop with volunteers. The town asked us and one other firm to quote in a multiple private procedure for a 30,000 euro job. How many firms does the law say they have to invite?", i18n.EN},
		{"Wij zijn een kringloopwinkel. De gemeente doet een meervoudig onderhandse procedure voor een klus van 35.000 euro en vroeg ons en één ander bedrijf om een offerte. Hoeveel bedrijven moet de gemeente volgens de wet uitnodigen?", i18n.NL},
	} {
		if res := ask(t, e, c.text, c.lang, nil); res.Kind == KindCheck {
			t.Errorf("%.50q…: a verdict: %q", c.text, Lead(res.Answer))
		}
	}
	// the question sentence asks it: the verdict
	res := ask(t, e, "Wij zijn een kringloopwinkel. De gemeente wil ons 35.000 euro per jaar betalen voor 2 jaar voor het ophalen van spullen. Moet dat Europees aanbesteed worden?", i18n.NL, nil)
	if res.Kind != KindCheck {
		t.Errorf("asked for the verdict: kind %s: %q", res.Kind, Lead(res.Answer))
	}
}

// "Waarom?" after a story asks about the story: it is answered from what
// the story names, not asked about or refused as a story without a
// question.
func TestWhyAfterAStoryIsAnswered(t *testing.T) {
	e := askEngine(t)
	for _, c := range []struct {
		text string
		lang i18n.Lang
		want string
	}{
		{"Onze stichting huurt het dorpshuis voor een symbolisch bedrag van de gemeente. 's Avonds verhuren we de zaal goedkoop door aan een commerciële yogaschool. Een raadslid zei dat dat een probleem kan zijn. Waarom?", i18n.NL, "staatssteun"},
		{"Our foundation rents the community centre from the council for a symbolic sum. In the evenings we sublet the hall cheaply to a commercial yoga studio. A councillor said that could be a problem. Why?", i18n.EN, "state aid"},
	} {
		res := ask(t, e, c.text, c.lang, nil)
		if res.Kind != KindAnswer || !strings.Contains(strings.ToLower(Lead(res.Answer)), c.want) {
			t.Errorf("%.40q…: kind %s card %s: %q", c.text, res.Kind, cardKey(res), Lead(res.Answer))
		}
	}
}

// A year the asker's case dates from ("een verordening uit 2012", "sinds
// 2019") is its history: the answer for today is not set aside as one for
// another period.
func TestYearOfTheStoryIsNoPeriodAsked(t *testing.T) {
	e := askEngine(t)
	res := ask(t, e, "Ik zit in de raad van een kleine gemeente. Wij werken nog met een inspraakverordening uit 2012 en het college zegt dat er geen haast is met een nieuwe participatieverordening. Voor wanneer moet die er eigenlijk zijn?", i18n.NL, nil)
	if !strings.Contains(Lead(res.Answer), "2027") {
		t.Errorf("kind %s card %s: %q", res.Kind, cardKey(res), Lead(res.Answer))
	}
	if got := askedYears("wij doen dit sinds 2019 en hebben een regeling uit 2012; wat gold in 2025?"); len(got) != 1 || got[0] != 2025 {
		t.Errorf("years %v, want [2025]", got)
	}
}

// "… uit dat boek" names which book of the story is meant: a card that
// answers the question without the word "boek" is not pushed down by it.
func TestReferentDoesNotChooseTheCard(t *testing.T) {
	e := askEngine(t)
	res := ask(t, e, "Voor mijn studie lees ik over maatschappelijk initiatief in krimpgebieden. Mijn docent noemde het handboek 'Hoe waardeer je een maatschappelijk initiatief?'. Wat houdt die waardendriehoek uit dat boek in?", i18n.NL, nil)
	if !strings.Contains(Lead(res.Answer), "rendement") {
		t.Errorf("kind %s card %s: %q", res.Kind, cardKey(res), Lead(res.Answer))
	}
}

// storyAside needs a known word of the question to rest on: a question of
// words no text has is no detail of anything (and must not panic).
func TestStoryAsideWithoutKnownWords(t *testing.T) {
	q := understand.Parse("We hebben last van zwerfafval bij het speelveld. Xyzzy plugh?", "nl")
	if storyAside(q, []group{{word: "xyzzy", how: "unknown"}}, []hit{{coverage: 1, leadTopic: true}}) {
		t.Error("a question of unknown words rests on nothing")
	}
}

// "Van wanneer is die nota?" names the story's thing it asks about: it has
// a subject (and is answered), while "Van wanneer is het?" after the same
// story names nothing and gets "Bedoel je …?". Whether the noun is read as
// a word of the question itself or as a referent of the story, the
// question must not be treated as subjectless.
func TestDemonstrativeNounIsTheSubject(t *testing.T) {
	e := askEngine(t)
	ix := e.snap.Load().idx[i18n.NL]
	for _, c := range []struct {
		text        string
		subjectless bool
		kind        Kind
	}{
		{"Mijn buurman had het gisteren op straat over een nota. Van wanneer is die nota eigenlijk?", false, KindAnswer},
		{"Mijn buurman had het gisteren op straat over een nota. Van wanneer is het eigenlijk?", true, KindClarify},
	} {
		q := understand.Parse(c.text, "nl")
		gs := ix.analyzeParts(segments(q)...)
		if got := noSubject(gs) && subjectless(q, gs); got != c.subjectless {
			t.Errorf("%q: without a subject %v, want %v (referents %q)", c.text, got, c.subjectless, q.Referents)
		}
		if res := ask(t, e, c.text, i18n.NL, nil); res.Kind != c.kind {
			t.Errorf("%q: %s, want %s: %.120q", c.text, res.Kind, c.kind, res.Answer)
		}
	}
}
