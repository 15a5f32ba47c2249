package knowledge

import (
	"slices"
	"strings"
	"testing"

	"github.com/noaber/noaber/i18n"
)

// A question that names only an article ("explain art. 2.127 Aw") is
// answered by the card that rests on that article, in either language and
// however the number is written ("4:21", "2.127", "article 1.20").
func TestArticleOnlyQuestion(t *testing.T) {
	e := askEngine(t)
	for _, c := range []struct {
		text string
		lang i18n.Lang
		want string // in the lead
	}{
		{"Can you explain art. 2.127 Aw?", i18n.EN, "20 calendar days"},
		{"article 1.20 please", i18n.EN, "GVA"},
		{"Awb 4:21 meaning?", i18n.EN, "subsidy"},
		{"wat betekent art. 2.127 Aw?", i18n.NL, "20 kalenderdagen"},
	} {
		res := ask(t, e, c.text, c.lang, nil)
		if res.Kind != KindAnswer || !strings.Contains(Lead(res.Answer), c.want) {
			t.Errorf("%q: kind %s, lead %q; want %q", c.text, res.Kind, Lead(res.Answer), c.want)
		}
	}
}

func TestArticleKeys(t *testing.T) {
	for text, want := range map[string][]string{
		"(Aw art. 2.127) and art. 2.82a":     {"2127", "282a"},
		"Awb 4:21(1), artikel 4:21":          {"421"},
		"the 2.127 Aw standstill, article 7": {"2127", "7"},
		"a contract of 2.127 euro":           nil,
	} {
		if got := articleKeys(text); !slices.Equal(got, want) {
			t.Errorf("articleKeys(%q) = %v, want %v", text, got, want)
		}
	}
}

// The case's own sum does not make a question about a time limit one about
// an amount: "how long" still asks for the days.
func TestCaseSumDoesNotChangeFigureAsked(t *testing.T) {
	e := askEngine(t)
	res := ask(t, e, "A services contract of €400,000, European tender. How long is the standstill?", i18n.EN, nil)
	if !strings.Contains(Lead(res.Answer), "20 calendar days") {
		t.Errorf("lead %q: want the standstill's 20 calendar days", Lead(res.Answer))
	}
}

// A private landlord's rent is no subject of the domain, even when the story
// names the municipality; a rent the municipality charges is.
func TestPrivateLandlordIsOffTopic(t *testing.T) {
	e := askEngine(t)
	res := ask(t, e, "I am renting a studio in Utrecht and my landlord will not pay back my deposit of 1,500 euros. The municipality says that is not their problem. What can I do?", i18n.EN, nil)
	if res.Kind != KindRefuse {
		t.Errorf("private landlord: kind %s, %q", res.Kind, Lead(res.Answer))
	}
	res = ask(t, e, "We rent our community centre from the municipality for almost nothing. Can that be state aid?", i18n.EN, nil)
	if res.Kind != KindAnswer {
		t.Errorf("municipal rent: kind %s, %q", res.Kind, Lead(res.Answer))
	}
}

// A country in the story that is another's example ("a friend from
// Belgium said …") does not make a question that asks about "here" one
// about that country.
func TestForeignExampleAskedHere(t *testing.T) {
	e := askEngine(t)
	q := "We run a social enterprise in Arnhem. A colleague from Belgium told me councils there can reserve contracts for social enterprises. Can they do that here?"
	if res := ask(t, e, q, i18n.EN, nil); res.Kind == KindRefuse {
		t.Errorf("refused: %q", Lead(res.Answer))
	}
	if !asksHere("Can they do that here?") || asksHere("Can a Belgian vzw take part in a Dutch tender?") {
		t.Error("asksHere")
	}
}

// A Dutch word an expat keeps in an English question finds the English
// word the texts use: "geldig" is "valid".
func TestDutchWordsInEnglishQuestions(t *testing.T) {
	e := askEngine(t)
	res := ask(t, e, "for how many years is a VOG geldig?", i18n.EN, nil)
	if res.Kind != KindAnswer || !strings.Contains(Lead(res.Answer), "3 years") {
		t.Errorf("kind %s, lead %q; want the 3 years", res.Kind, Lead(res.Answer))
	}
	ix := e.snap.Load().idx[i18n.EN]
	for w, want := range map[string]string{"offertes": "quote", "geldig": "valid", "gunningscriteria": "award", "artikel": "article"} {
		if got := ix.gloss(w); !slices.Contains(got, want) {
			t.Errorf("gloss(%q) = %v, want %s", w, got, want)
		}
	}
}

// "max" in chat is the ceiling the texts name.
func TestMaxIsCeiling(t *testing.T) {
	e := askEngine(t)
	res := ask(t, e, "is there a max on how much a town can give us before it is state aid?", i18n.EN, nil)
	if !strings.Contains(Lead(res.Answer), "300,000") && !strings.Contains(Lead(res.Answer), "economic activity") {
		t.Errorf("kind %s, lead %q", res.Kind, Lead(res.Answer))
	}
}

// Every text is about the Netherlands: naming the country in an English
// question does not steer it to the text that names the country most.
func TestNetherlandsIsNoSearchWord(t *testing.T) {
	e := askEngine(t)
	res := ask(t, e, "where do public tenders get published in the Netherlands?", i18n.EN, nil)
	if !strings.Contains(Lead(res.Answer), "TenderNed") {
		t.Errorf("kind %s, lead %q", res.Kind, Lead(res.Answer))
	}
}

// The card an article-only question picks stays first when a qualifier in
// its heading would discount it ("what does 2.39 Aw say": the SAS steps),
// and "what does … prohibit/require" asks what the article says too.
func TestArticleOnlyPickStaysFirst(t *testing.T) {
	e := askEngine(t)
	for q, want := range map[string]string{"what does 2.39 Aw say": "five steps", "what does article 1.10a prohibit?": "1.10a"} {
		res := ask(t, e, q, i18n.EN, nil)
		if !strings.Contains(Lead(res.Answer), want) {
			t.Errorf("%q: kind %s, lead %q; want %q", q, res.Kind, Lead(res.Answer), want)
		}
	}
}
