package understand

import (
	"strings"
	"testing"
)

// What someone in the story claims, right before a bare "Klopt dat?", is
// what the asker checks, also when its words are no terms of the domain;
// a claim that names nothing itself ("dat het nu anders is") points back
// at the sentence before it, which names the domain.
func TestReportedClaimBeforeABareQuestion(t *testing.T) {
	for _, c := range []struct{ text, lang, want string }{
		{"Wij zijn vijf bewoners die samen de speeltuin bijhouden. Volgend jaar willen we een contract met de gemeente tekenen. Mijn buurman zegt dat wij dan zelf met ons huis aansprakelijk zijn. Klopt dat?", "nl", "aansprakelijk"},
		{"Our group repairs bikes for the school. Next month we sign a contract with the council. A friend says our treasurer would then be personally liable. Is that true?", "en", "liable"},
		{"De drempel voor diensten was vorig jaar 221.000 euro. Mijn collega zegt dat het nu anders is. Klopt dat?", "nl", "drempel"},
	} {
		q := Parse(c.text, c.lang)
		if !strings.Contains(strings.ToLower(q.Claim), c.want) {
			t.Errorf("%.50q…: claim %q, want %q in it", c.text, q.Claim, c.want)
		}
	}
}

// Thanks after the question ("Alvast bedankt!", "Thanks in advance!"),
// with or without a full stop before it, is no part of the story: its
// words ("in advance") must not be searched.
func TestClosingThanksIsNoStory(t *testing.T) {
	for _, c := range []struct{ text, lang string }{
		{"We are five neighbours and want to keep the community centre open now that the council wants to close it. Someone told us a new law lets residents take over such a task, is that true? Thanks in advance!", "en"},
		{"Wij zijn een kleine stichting en de gemeente wil ons 30.000 euro per jaar betalen voor het groenonderhoud. Moet de gemeente dat aanbesteden? Alvast bedankt!", "nl"},
		{"wij zijn met een paar buren een moestuin begonnen en willen geld van de gemeente vragen hoe doen we dat alvast bedankt", "nl"},
	} {
		q := Parse(c.text, c.lang)
		for _, part := range []string{q.Focus, q.Story, q.Claim, q.Search} {
			low := strings.ToLower(part)
			if strings.Contains(low, "bedankt") || strings.Contains(low, "thanks") || strings.Contains(low, "advance") {
				t.Errorf("%.50q…: thanks in focus %q / story %q / claim %q", c.text, q.Focus, q.Story, q.Claim)
				break
			}
		}
	}
}

// A sentence of the story that names only who plays a role in it ("De
// wethouder is er ook blij mee.") names no subject: a bare question
// points past it, at the sentence before that names the domain.
func TestActorSentenceIsNoClaim(t *testing.T) {
	for _, c := range []struct{ text, lang, want string }{
		{"Iemand zei dat wij het onderhoud van ons park via het uitdaagrecht kunnen overnemen. De wethouder is er ook erg blij mee. Klopt dat?", "nl", "uitdaagrecht"},
		{"A neighbour told us that we could take over the park maintenance with the right to challenge. The alderman likes the idea as well. Is that true?", "en", "right to challenge"},
	} {
		q := Parse(c.text, c.lang)
		if !strings.Contains(strings.ToLower(q.Claim), c.want) {
			t.Errorf("%.50q…: claim %q, want %q in it", c.text, q.Claim, c.want)
		}
	}
	if !Actor("wethouder") || !Actor("colleague") || Actor("uitdaagrecht") {
		t.Error("Actor: wethouder and colleague are actors, uitdaagrecht is not")
	}
}

// A story sentence that only says how the asker feels, how much it
// matters or what they did to find out names nothing; one that states a
// fact of the case does.
func TestMetaSentence(t *testing.T) {
	for _, s := range []string{
		"Dit is voor ons echt heel belangrijk.",
		"Ik heb het al aan de gemeente gevraagd maar kreeg geen duidelijk antwoord.",
		"I already asked the council but got no clear answer.",
		"Our alderman is very enthusiastic about it too.",
	} {
		if !MetaSentence(s) {
			t.Errorf("%q: no meta sentence", s)
		}
	}
	for _, s := range []string{
		"We don't sell anything.",
		"De gemeente betaalt ons 3.000 euro per jaar.",
		"The letter does not say how long the waiting period is.",
		"Wij zijn een stichting.",
	} {
		if MetaSentence(s) {
			t.Errorf("%q: a meta sentence", s)
		}
	}
}

// A chat message that leaves out its full stops or joins its sentences
// with commas still asks its last question: a capitalised question opener
// after a small letter starts a sentence ("… geworden Moeten ze …",
// "… selected Don't they …"), a preposition may open a question ("up to
// what amount …", "binnen welke termijn …"), and a long condition before
// the question is story, as it would be after a full stop.
func TestRunOnChatAsksItsLastQuestion(t *testing.T) {
	for _, c := range []struct{ text, lang, want string }{
		{"We schreven in op een klus van de gemeente voor het schoonmaken van twee gymzalen en kregen alleen een kort mailtje dat een ander het is geworden Moeten ze niet zeggen waarom", "nl", "Moeten ze niet zeggen waarom"},
		{"The council asked us and two other groups for a quote to clean the sports hall and we only got a short email that someone else won Don't they have to tell us why", "en", "Don't they have to tell us why"},
		{"We asked the council for a small grant for the street party of a few hundred euros A friend says small grants are settled at once without a report Up to what amount is that", "en", "Up to what amount is that"},
		{"We lost the cleaning job and the email only said 'another bidder won' Don't they have to give us the reasons", "en", "Don't they have to give us the reasons"},
		{"We only need a little money from the council for our street party, a few thousand euros at most, a friend told me small grants are settled at once, up to what amount is that?", "en", "up to what amount is that?"},
		{"Onze vereniging heeft in het voorjaar subsidie aangevraagd voor de zomerspelen van de kinderen in de wijk, we hebben nog niets gehoord, binnen welke termijn moet de gemeente beslissen?", "nl", "binnen welke termijn moet de gemeente beslissen?"},
		{"Suppose we hand in a strong plan to take over the upkeep of our playground and half of the street signs our petition for it, does the municipality have to accept the challenge?", "en", "does the municipality have to accept the challenge?"},
	} {
		if q := Parse(c.text, c.lang); q.Focus != c.want {
			t.Errorf("%.50q…: focus %q, want %q", c.text, q.Focus, c.want)
		}
	}
	// a short condition stays part of the question it opens
	if q := Parse("Als wij via het uitdaagrecht het groen in de wijk overnemen, moet de gemeente dat dan eerst aanbesteden?", "nl"); !strings.HasPrefix(q.Focus, "Als wij") {
		t.Errorf("short condition: focus %q", q.Focus)
	}
}

// A message without capitals or full stops asks its last question too:
// a question word, or a verb that opens a question before its subject
// ("moeten ze", "do we"), after six words or more starts it. So does a
// follow-up merged with the question before it: "do we need a minimum
// share of volunteers for that?" after "how do we get free VOGs?" asks
// about the share, with the question before as its story.
func TestLowercaseRunOnAsksItsLastQuestion(t *testing.T) {
	for _, c := range []struct{ text, lang, want string }{
		{"we schreven in op een klus van de gemeente voor het schoonmaken van twee gymzalen en kregen alleen een kort mailtje dat een ander het is geworden moeten ze niet zeggen waarom", "nl", "moeten ze niet zeggen waarom"},
		{"we are five neighbours running a repair cafe and one of us wants a stichting while another wants a vereniging what's the main difference", "en", "what's the main difference"},
		{"hi i just started at the procurement desk of a small gemeente and my boss keeps talking about the european threshold for services what amount is that", "en", "what amount is that"},
	} {
		if q := Parse(c.text, c.lang); q.Focus != c.want {
			t.Errorf("%.50q…: focus %q, want %q", c.text, q.Focus, c.want)
		}
	}
	// an indirect question inside the story is no new sentence
	if q := Parse("wij zijn een kleine vereniging in het dorp en we weten niet hoe we de subsidie voor het zomerfeest moeten aanvragen", "nl"); strings.HasPrefix(q.Focus, "hoe") {
		t.Errorf("indirect question cut off: focus %q", q.Focus)
	}
	prev := Parse("Hoe vraagt onze vereniging gratis VOG's aan voor de vrijwilligers?", "nl")
	m := Merge(prev, Parse("moeten we daarvoor een minimaal aandeel vrijwilligers hebben?", "nl"))
	if !strings.Contains(m.Focus, "aandeel") || strings.Contains(m.Focus, "Hoe vraagt") {
		t.Errorf("merged follow-up: focus %q, story %q", m.Focus, m.Story)
	}
}

// A full stop inside an abbreviation ("e.V.", "o.a.") before a small
// letter ends no sentence: "Our German e.V. would get …" is no question
// that starts with "would".
func TestAbbreviationEndsNoSentence(t *testing.T) {
	q := Parse("Which Dutch rules apply to our Austrian partner? Our Austrian e.V. would get €40,000 from the city for a youth project.", "en")
	if !strings.HasPrefix(q.Focus, "Which Dutch rules") {
		t.Errorf("focus %q", q.Focus)
	}
	if got := sentences("Wij zijn o.a. actief in de wijk. Mag dat?"); len(got) != 2 {
		t.Errorf("sentences: %q", got)
	}
}

// The story rules of this round (thanks after the question, run-on chat
// messages, abbreviations, meta and actor sentences) never panic, on any
// input; the seeds run in go test.
func FuzzStory6Parse(f *testing.F) {
	for _, s := range []string{
		"Moeten we aanbesteden? Alvast bedankt!", "x alvast bedankt", "thanks in advance",
		"we kregen een mailtje Moeten ze niet zeggen waarom", "a b c d e f g h i j k l m n o p what's that",
		"Our e.V. would get money. Is that ok?", "e.V. e.V. a.", "O.a. de gemeente. Klopt dat?",
		"De wethouder is er blij mee. Klopt dat?", "Dit is belangrijk. Iemand zegt dat wij aansprakelijk zijn. Klopt dat?",
		"up to what", "… 'x' Don't", ",,,, , what , do we",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		for _, lang := range []string{"nl", "en"} {
			Parse(s, lang)
			MetaSentence(s)
			breakRunOn(s)
			breakLowerRunOn(s)
			dropClosingChat(s)
		}
	})
}
