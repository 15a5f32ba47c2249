package understand

import (
	"strings"
	"testing"
)

// Long English stories: the question sentence is found however the story
// around it is told.
func TestSplitEnglishStories(t *testing.T) {
	for _, c := range []struct {
		text, focusStart, focusHas string
	}{
		// "want" is Dutch for "because", not English for wanting
		{"We are volunteers and the town says they want to hand the playground maintenance to a company, so can we still apply for it ourselves?",
			"so can we", "apply"},
		// "my question is whether …"
		{"Hello, I chair a neighbourhood group in a small village and the council now wants to sell the old school building, so my question is whether they have to offer it to other interested parties first",
			"whether", "offer it"},
		// the question is asked indirectly, then a plea closes the message
		{"Our club got 8,000 euro from the town last spring for the new clubhouse roof. A board member asked whether that counts as state aid. We are lost, please help.",
			"whether", "state aid"},
		// two questions joined in one sentence are both the question
		{"We employ many people with a disability and the town wants to reserve a catering contract for firms like ours. How many of our workers must be disadvantaged, and how long may such a contract last?",
			"How many", "how long"},
	} {
		q := Parse(c.text, "en")
		if !strings.HasPrefix(q.Focus, c.focusStart) || !strings.Contains(q.Focus, c.focusHas) {
			t.Errorf("%.60q…: focus %q, want it to start with %q and name %q", c.text, q.Focus, c.focusStart, c.focusHas)
		}
	}
}

// "when" in the middle of a question asks in which case, as it does at the
// start; "by when" asks for a date.
func TestTypeWhenInsideSentence(t *testing.T) {
	for text, want := range map[string]Type{
		"Could you tell me when a town has to put a cleaning job out to tender?": MayMust,
		"Kun je uitleggen wanneer een gemeente moet aanbesteden?":                MayMust,
		"We have a new bylaw to write; it has to be adopted by when?":            TimeLimit,
		"When does the standstill period end?":                                   TimeLimit,
	} {
		if got := Parse(text, "en").Type; got != want {
			t.Errorf("%q: type %s, want %s", text, got, want)
		}
	}
}

// Dutch stories that ask indirectly: "wij vragen ons af of …", "nu vraagt
// de penningmeester of …", and an indirect question joined to a direct
// one ("… of we dat moeten regelen en wat de deadline is").
func TestSplitDutchIndirect(t *testing.T) {
	for _, c := range []struct {
		text, focusStart, focusHas string
	}{
		{"Wij beheren met vrijwilligers de speeltuin in ons dorp en de gemeente wil dat anders regelen, maar wij vragen ons af of dat wel mag zonder ons te betrekken",
			"of dat", "mag"},
		{"ons buurthuis krijgt elk jaar geld van de gemeente voor de koffieochtenden en nu vraagt de penningmeester of dat onder de staatssteunregels valt",
			"of dat", "staatssteunregels"},
		{"Ik werk bij een kleine gemeente. De raad wil een burgerbegroting. Ik vraag me af of we daarvoor de verordening moeten aanpassen en wat daarvoor de termijn is.",
			"of we", "termijn"},
	} {
		q := Parse(c.text, "nl")
		if !strings.HasPrefix(q.Focus, c.focusStart) || !strings.Contains(q.Focus, c.focusHas) {
			t.Errorf("%.60q…: focus %q, want it to start with %q and name %q", c.text, q.Focus, c.focusStart, c.focusHas)
		}
	}
}

// A question that asks how long keeps asking that when a "when" clause
// says in which case.
func TestTypeHowLongWithWhenClause(t *testing.T) {
	for _, text := range []string{
		"How long do we have to wait when the council is late?",
		"Hoeveel weken heb ik wanneer de gemeente niet op tijd beslist?",
	} {
		if got := Parse(text, "en").Type; got != TimeLimit {
			t.Errorf("%q: type %s, want %s", text, got, TimeLimit)
		}
	}
}

// A short phrase that narrows a long question stays part of it; a clause
// that tells who asks is story.
func TestSplitKeepsLeadIn(t *testing.T) {
	q := Parse("Bij een niet-openbare procedure, hoeveel dagen krijgen kandidaten minimaal om zich bij de gemeente aan te melden?", "nl")
	if !strings.HasPrefix(q.Focus, "Bij een niet-openbare procedure") || q.Story != "" {
		t.Errorf("focus %q, story %q: the lead-in is part of the question", q.Focus, q.Story)
	}
	q = Parse("Wij zijn een stichting en krijgen al jaren geld van de gemeente, moeten we dan eigenlijk een aanbesteding laten doen?", "nl")
	if !strings.HasPrefix(q.Focus, "moeten we") {
		t.Errorf("focus %q: who asks is story", q.Focus)
	}
}

// A question that asks to explain or compare without naming what ("wat is
// eigenlijk het verschil?", "can you explain what that means?") asks about
// the sentence before it; the difference itself is still searched for.
func TestFrameQuestionAsksAboutTheStory(t *testing.T) {
	q := Parse("We zijn met de buren een moestuin begonnen. De gemeente vraagt of we een stichting of een vereniging worden. Wat is eigenlijk het verschil?", "nl")
	if !strings.Contains(q.Claim, "stichting of een vereniging") || !strings.Contains(q.SearchFocus, "verschil") {
		t.Errorf("claim %q, search focus %q", q.Claim, q.SearchFocus)
	}
	q = Parse("Our council keeps talking about the right to challenge in its meetings. Can you explain in plain words what that means?", "en")
	if !strings.Contains(q.Claim, "right to challenge") || q.SearchFocus != "" {
		t.Errorf("claim %q, search focus %q", q.Claim, q.SearchFocus)
	}
}

// "weer" is "again" as often as it is the weather, and a holiday is also a
// public holiday of the time limits act: only the weather and a trip are
// off-topic.
func TestOffTopicWeatherAndHoliday(t *testing.T) {
	for _, q := range []string{"mogen we meteen weer meedoen als het opnieuw wordt voorbehouden?",
		"is 5 May a holiday for statutory deadlines?"} {
		if got := DefaultThesaurus.OffTopic(q); len(got) != 0 {
			t.Errorf("%q: off-topic %v", q, got)
		}
	}
	for _, q := range []string{"wat voor weer wordt het morgen?", "we go on holiday in July, who signs then?"} {
		if len(DefaultThesaurus.OffTopic(q)) == 0 {
			t.Errorf("%q: not off-topic", q)
		}
	}
}

// Two questions in one message: what the asker wants to know, said in the
// story, is asked as much as the question sentence after it.
func TestStoryAsksToo(t *testing.T) {
	q := Parse("Wij zijn een waterschap en willen weten welke drempel geldt voor een dienstencontract. Vallen wij onder de decentrale overheden?", "nl")
	if !strings.HasPrefix(q.Focus, "welke drempel") || !strings.Contains(q.Focus, "decentrale") || strings.Contains(q.Story, "drempel") {
		t.Errorf("focus %q, story %q", q.Focus, q.Story)
	}
	// what someone else asked is story
	q = Parse("Onze penningmeester vroeg of we btw moeten rekenen over de huur. Moeten we de zaal dan via een aanbesteding verhuren?", "nl")
	if strings.Contains(q.Focus, "btw") {
		t.Errorf("focus %q", q.Focus)
	}
}

// A claim is the clause of its sentence that names the domain, not the
// clause that says who asks.
func TestClaimIsItsDomainClause(t *testing.T) {
	q := Parse("De gemeente besteedt de schoonmaak Europees aan. Wij zijn een sociale onderneming en willen meedoen, maar de inschrijvingstermijn is maar drie weken. Mag dat zomaar?", "nl")
	if !strings.HasPrefix(q.Claim, "maar de inschrijvingstermijn") {
		t.Errorf("claim %q", q.Claim)
	}
	// a clause too short to claim anything keeps the sentence
	q = Parse("Wij zijn een stichting. Iemand zei dat we nooit een opdracht kunnen krijgen, alleen subsidie. Klopt dat?", "nl")
	if !strings.Contains(q.Claim, "opdracht") {
		t.Errorf("claim %q", q.Claim)
	}
}

// To challenge the municipality is to use the uitdaagrecht: "om de
// gemeente uit te dagen" names it, split verb and all.
func TestChallengeVerbIsTheRight(t *testing.T) {
	if got := DefaultThesaurus.Phrases(words("moet je een rechtspersoon zijn om de gemeente uit te dagen")); len(got) != 1 || got[0] != "uitdaagrecht" {
		t.Errorf("Phrases = %v", got)
	}
	if !contains(DefaultThesaurus.Synonyms("uitdagen"), "uitdaagrecht") {
		t.Errorf("Synonyms(uitdagen) = %v", DefaultThesaurus.Synonyms("uitdagen"))
	}
}

// Granting a request has several Dutch verbs; the cards use one.
func TestGrantingIsOneTerm(t *testing.T) {
	if !contains(DefaultThesaurus.Synonyms("honoreren"), "toekennen") {
		t.Errorf("Synonyms(honoreren) = %v", DefaultThesaurus.Synonyms("honoreren"))
	}
}

// A neighbour's fence or an extension to one's own house is a building
// permit matter, not one of the domain.
func TestOffTopicFence(t *testing.T) {
	for _, q := range []string{"onze buurman heeft een schutting van twee meter gebouwd", "our neighbour put up a fence without a permit"} {
		if len(DefaultThesaurus.OffTopic(q)) == 0 {
			t.Errorf("%q: not off-topic", q)
		}
	}
}

// A football club is a sports club, and amateur football amateur sport:
// the state-aid cards say "sportvereniging" and "amateursport".
func TestSportsClubs(t *testing.T) {
	if !contains(DefaultThesaurus.Synonyms("voetbalclub"), "sportvereniging") || !contains(DefaultThesaurus.Synonyms("amateur"), "amateursport") {
		t.Errorf("Synonyms(voetbalclub) = %v, Synonyms(amateur) = %v", DefaultThesaurus.Synonyms("voetbalclub"), DefaultThesaurus.Synonyms("amateur"))
	}
}

// A word a multi-word term stands for names a term of the domain.
func TestNamesMultiWordTerms(t *testing.T) {
	if !DefaultThesaurus.Names("uitdaagrecht") || !DefaultThesaurus.Names("maatschappelijkaanbesteden") || DefaultThesaurus.Names("stichting") {
		t.Error("Names is wrong about a canonical word")
	}
}
