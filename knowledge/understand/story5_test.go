package understand

import (
	"strings"
	"testing"
)

// A sentence that names nothing of the domain between the question and
// the thing it points at ("We hebben er nog een van vorig jaar.", "Mijn
// vraag is:") is no antecedent: the question points past it, at the last
// sentence that names the domain.
func TestAntecedentPointsPastASentenceThatNamesNothing(t *testing.T) {
	for _, c := range []struct{ text, lang, want string }{
		{"Voor een opdracht van de gemeente moeten we een gedragsverklaring aanbesteden inleveren. We hebben er nog een van een paar jaar terug in de la. Is die nog bruikbaar?", "nl", "gedragsverklaring"},
		{"Our foundation pays a low rent to the council and someone mentioned state aid. Our treasurer laughed about it at the last meeting. Does that matter for us?", "en", "state aid"},
	} {
		q := Parse(c.text, c.lang)
		if !strings.Contains(strings.ToLower(q.Antecedent), c.want) {
			t.Errorf("%.50q…: antecedent %q, want %q in it", c.text, q.Antecedent, c.want)
		}
	}
}

// A demonstrative followed by "er", a preposition or an article right
// after the opening verb is a pronoun that points back at the story ("Is
// die er al?", "mag dat via het uitdaagrecht?", "Is that a law?"), not a
// demonstrative before a noun; and "ik snap niet waarom" asks why the
// story's last word on the matter holds.
func TestPronounsThatPointBack(t *testing.T) {
	for _, c := range []struct{ text, lang, want string }{
		{"Ik heb een bv. Vorig jaar las ik dat er een nieuwe rechtsvorm met een maatschappelijk doel zou komen. Is die er nu al voor sociale ondernemers?", "nl", "rechtsvorm"},
		{"Wij zijn een gemeente in Twente en een bewonersgroep wil het beheer van de speeltuin overnemen. Mag dat via het uitdaagrecht?", "nl", "speeltuin"},
		{"We run a repair café and the council wants to tender the work. They say the procurement rules oblige them to. Is that a law or a choice they make?", "en", "procurement"},
		{"Onze buurtvereniging krijgt geld van de gemeente voor het clubhuis, maar een ambtenaar twijfelt vanwege staatssteun. Ik snap niet waarom, we maken geen winst?", "nl", "staatssteun"},
		{"Wij willen als buurtgroep het onderhoud van het plantsoen overnemen via het uitdaagrecht. Moet de gemeente dat eerst aanbesteden?", "nl", "uitdaagrecht"},
	} {
		q := Parse(c.text, c.lang)
		if !strings.Contains(strings.ToLower(q.Antecedent+" "+q.Claim), c.want) {
			t.Errorf("%.50q…: antecedent %q, claim %q, want %q in one", c.text, q.Antecedent, q.Claim, c.want)
		}
	}
	// the preposition is no noun the demonstrative points with
	if q := Parse("Wij zijn een gemeente in Twente en een bewonersgroep wil het beheer van de speeltuin overnemen. Mag dat via het uitdaagrecht?", "nl"); q.Referents != "" {
		t.Errorf("referents %q, want none", q.Referents)
	}
}

// A condition before the question in the same sentence is part of what is
// asked, not story: "Als wij het beheer overnemen, moet de gemeente het
// dan aanbesteden?"
func TestConditionStaysInTheQuestion(t *testing.T) {
	q := Parse("De gemeente betaalt nu een welzijnsorganisatie voor het buurthuis. Als wij het beheer via het uitdaagrecht overnemen met hetzelfde geld, moet de gemeente het dan nog aanbesteden?", "nl")
	if !strings.Contains(q.Focus, "uitdaagrecht") || strings.Contains(q.Story, "uitdaagrecht") {
		t.Errorf("focus %q, story %q: the condition belongs to the question", q.Focus, q.Story)
	}
}

// LegalForms finds the legal forms a text names, also inside a compound.
func TestLegalForms(t *testing.T) {
	got := LegalForms("Onze dorpsvereniging overlegt met een stichting en nog een stichting")
	if strings.Join(got, " ") != "vereniging stichting" {
		t.Errorf("got %v", got)
	}
}

// A question sentence that points back or names nothing asks what someone
// in the story doubts or wonders about: that question is part of it.
func TestQuestionSomeoneInTheStoryDoubts(t *testing.T) {
	for _, c := range []struct{ text, lang, want string }{
		{"Een vereniging vraagt 10.000 euro voor een moestuinproject. Mijn collega's twijfelen of dit een subsidie of een opdracht is. Waar let ik op?", "nl", "subsidie"},
		{"We run the village shop and the council wants to pay us to keep it open. The alderman wonders whether that payment is state aid. How do we avoid it?", "en", "state aid"},
	} {
		q := Parse(c.text, c.lang)
		if !strings.Contains(q.Focus, c.want) {
			t.Errorf("%.50q…: focus %q, want %q in it", c.text, q.Focus, c.want)
		}
	}
	// asking someone for something is no doubt about a question
	if q := Parse("Our residents' group asked the council if we could run the library branch. The council would pay us and set the opening hours. Is that still a subsidy?", "en"); strings.Contains(q.Focus, "library") {
		t.Errorf("focus %q: a request in the story is no question", q.Focus)
	}
}

// "Wat bedoelt BZK met …?" asks what the term is: who uses it is not
// searched for.
func TestWhatSomeoneMeansByATerm(t *testing.T) {
	for _, c := range []struct{ text, lang, term, who string }{
		{"Wat bedoelt het ministerie precies met maatschappelijk aanbesteden?", "nl", "maatschappelijk aanbesteden", "ministerie"},
		{"What does our alderman mean by the light regime?", "en", "light regime", "alderman"},
	} {
		q := Parse(c.text, c.lang)
		if !strings.Contains(q.SearchFocus, c.term) || strings.Contains(q.SearchFocus, c.who) || q.Type != Definition {
			t.Errorf("%q: search focus %q, type %s", c.text, q.SearchFocus, q.Type)
		}
	}
}

// The story rules read any text without panicking: pointing pronouns, a
// doubt in the story, a condition, "what does X mean by".
func FuzzStoryParse(f *testing.F) {
	for _, s := range []string{
		"Mijn collega's twijfelen of dit een subsidie is. Waar kijk ik naar?",
		"Als wij het via het uitdaagrecht overnemen, moet de gemeente het dan aanbesteden?",
		"Is that a law or their own choice?", "wat bedoelt met", "What does mean by ?", "twijfelen of", "Is die er al?",
		"Ik snap niet waarom, we maken geen winst?", "a. b. c. Mijn vraag is eigenlijk: is dit het?", "als, , moet?",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		for _, lang := range []string{"nl", "en"} {
			q := Parse(s, lang)
			LegalForms(q.Story)
		}
	})
}

// A second question that goes on from the first without a question mark
// ("… mag dat via het uitdaagrecht? of zijn er taken die niet kunnen") is
// asked too.
func TestSecondQuestionWithoutQuestionMark(t *testing.T) {
	q := Parse("Wij zijn een gemeente in Drenthe. Een dorpscoöperatie wil het onderhoud van de bermen overnemen, kan dat via het uitdaagrecht? of zijn er taken die daar niet onder vallen", "nl")
	if !strings.Contains(q.Focus, "uitdaagrecht") || !strings.Contains(q.Focus, "taken") {
		t.Errorf("focus %q, story %q", q.Focus, q.Story)
	}
}

// The question the story asks keeps its term and loses its reason: "Ik
// vraag me af of dat staatssteun kan zijn, want een restaurant klaagt."
// asks about state aid; the restaurant is why the asker wonders.
func TestAskedQuestionKeepsItsTermNotItsReason(t *testing.T) {
	q := Parse("Wij zijn een stichting en koken voor de buurt. De gemeente wil ons 30.000 euro per jaar geven. Ik vraag me af of dat staatssteun kan zijn, want een restaurant verderop klaagt. Hoe zit dat?", "nl")
	if !strings.Contains(q.SearchFocus, "staatssteun") || strings.Contains(q.Focus, "restaurant") || !strings.Contains(q.Story, "restaurant") {
		t.Errorf("search focus %q, focus %q, story %q", q.SearchFocus, q.Focus, q.Story)
	}
}

// What the asker feels or announces before a colon in the question
// sentence is story: "Ik maak me zorgen: gaan we over de grens?"
func TestFeelingBeforeAColonIsStory(t *testing.T) {
	q := Parse("Onze stichting kreeg dit jaar al veel steun van de gemeente. Nu komt er nog meer bij. Ik maak me zorgen: gaan we daarmee over een grens heen?", "nl")
	if q.Focus != "gaan we daarmee over een grens heen?" || !strings.Contains(q.Story, "zorgen") {
		t.Errorf("focus %q, story %q", q.Focus, q.Story)
	}
}
