package understand

import (
	"strings"
	"testing"
)

// A sum directly followed by a word that starts with "euro" ("Europees",
// "Europese") loses only the sum: the word says which procedure is asked.
func TestFigureKeepsTheWordAfterIt(t *testing.T) {
	for _, text := range []string{
		"Moet elke opdracht boven € 216.000 Europees worden aanbesteed?",
		"is 300.000 europese aanbesteding?",
	} {
		q := Parse(text, "nl")
		if !strings.Contains(strings.ToLower(q.SearchFocus), "europe") || strings.Contains(q.SearchFocus, "000") {
			t.Errorf("%q: search focus %q", text, q.SearchFocus)
		}
	}
	if s := Parse("wij krijgen 5000 euro per maand", "nl").Slots; len(s.Amounts) != 1 || s.Amounts[0].Value != 5000 || s.Amounts[0].Per != Month {
		t.Errorf("amounts %+v: the euro word after a sum still belongs to it", s.Amounts)
	}
}

// A Dutch question that opens with a verb asks yes or no, also when it
// names a threshold or a time limit; words that ask for the figure keep it
// a question for the figure.
func TestYesNoQuestionIsMayMust(t *testing.T) {
	for in, want := range map[string]Type{
		"mag de gemeente een opdracht opknippen om onder de drempel te blijven": MayMust,
		"geldt de alcatel termijn ook bij sociale diensten":                     MayMust,
		"is de drempel voor werken gedaald":                                     MayMust,
		"is de drempel hoger dan 200.000":                                       MayMust,
		"hoeveel is de drempel voor werken":                                     HowMuch,
		"is de drempel voor werken hoeveel precies":                             HowMuch,
		"welke termijn geldt voor bezwaar":                                      TimeLimit,
		"geldt er een termijn en hoe lang is die":                               TimeLimit,
	} {
		if got := Parse(in, "nl").Type; got != want {
			t.Errorf("%q: type %s, want %s", in, got, want)
		}
	}
}

// "welke X …" asks for an X: for rules, not for the amount of the
// threshold the question names; "welke drempel" still asks the amount.
func TestWhichAsksForItsNoun(t *testing.T) {
	if got := Parse("welke regels gelden er onder de europese drempel", "nl").Type; got == HowMuch {
		t.Errorf("welke regels … drempel: type %s", got)
	}
	for _, in := range []string{"welke drempel geldt voor werken", "welk bedrag is de grens voor diensten"} {
		if got := Parse(in, "nl").Type; got != HowMuch {
			t.Errorf("%q: type %s, want %s", in, got, HowMuch)
		}
	}
}

// The connecting phrases of formal Dutch are not searched: their nouns
// ("grond", "betrekking") are no subject of the question.
func TestFormalPhrasesAreNotSearched(t *testing.T) {
	q := Parse("Is het college bevoegd op grond van het uitdaagrecht, met betrekking tot het groen?", "nl")
	for _, w := range []string{"grond", "betrekking"} {
		if strings.Contains(q.SearchFocus, w) {
			t.Errorf("search focus %q has %q", q.SearchFocus, w)
		}
	}
	if !strings.Contains(q.SearchFocus, "uitdaagrecht") || !strings.Contains(q.SearchFocus, "groen") {
		t.Errorf("search focus %q lost the subject", q.SearchFocus)
	}
}

// Social work ("welzijnswerk", "jongerenwerk") is a social service, not a
// work; so are "diensten" after "sociale" in a list.
func TestSocialWorkIsASocialService(t *testing.T) {
	for _, text := range []string{"welzijnswerk", "een opdracht voor jongerenwerk", "gezondheids-, sociale en culturele diensten"} {
		k := Kinds(text)
		if !k["sociale_diensten"] || k["werken"] {
			t.Errorf("%q: kinds %v", text, k)
		}
	}
	if k := Kinds("leveringen en diensten"); k["sociale_diensten"] {
		t.Errorf("plain services read as social: %v", k)
	}
}

// Dutch chat abbreviations are read as the words they stand for: "hvl"
// asks how much, "wnr" when.
func TestChatAbbreviations(t *testing.T) {
	if q := Parse("hvl is de drempel voor diensten", "nl"); q.Type != HowMuch || !strings.Contains(q.SearchFocus, "hoeveel") || q.Text != "hvl is de drempel voor diensten" {
		t.Errorf("hvl: type %s, focus %q, text %q", q.Type, q.SearchFocus, q.Text)
	}
	if q := Parse("wnr moet de verordening klaar zijn", "nl"); q.Type != TimeLimit {
		t.Errorf("wnr: type %s", q.Type)
	}
	if q := Parse("what about the bv", "en"); q.SearchFocus != "what about the bv" {
		t.Errorf("English text changed: %q", q.SearchFocus)
	}
}

// The canonical word of a multi-word term is a term of the domain, also
// when its group has no other single word.
func TestPhraseCanonIsATerm(t *testing.T) {
	th, err := ParseThesaurus(`groups = [["samenwerkingsrecht", "recht op samenwerking"], ["buurthuis", "wijkcentrum"]]`)
	if err != nil {
		t.Fatal(err)
	}
	if !th.IsTerm("samenwerkingsrecht") || !th.IsTerm("buurthuis") || th.IsTerm("samenwerking") {
		t.Error("IsTerm")
	}
}
