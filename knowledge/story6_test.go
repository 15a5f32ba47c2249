package knowledge

import (
	"testing"

	"github.com/noaber/noaber/i18n"
)

// A group without statutes or a notary's deed is an informal vereniging
// in law: asked about its board's liability, it gets the vereniging's
// answer, not the stichting's, however many words of the story
// ("notaris", "bestuur") the stichting's card shares.
func TestInformalGroupIsAVereniging(t *testing.T) {
	e := askEngine(t)
	for _, c := range []struct {
		text string
		lang i18n.Lang
	}{
		{"Met zes bewoners onderhouden we sinds vorig jaar een pluktuin, zonder notaris en zonder statuten. Binnenkort tekenen we een contract met de gemeente. Zijn wij als bestuur dan persoonlijk aansprakelijk?", i18n.NL},
	} {
		res := ask(t, e, c.text, c.lang, nil)
		if res.Kind != KindAnswer || res.Card == nil || res.Card.Doc.Topic != "vereniging" {
			t.Errorf("%.40q…: kind %s, card %v: %q", c.text, res.Kind, res.Card, Lead(res.Answer))
		}
	}
}

// Thanks after a story question ("Thanks in advance!", "Alvast
// bedankt!") leaves the answer as it is without it: "in advance" (read as
// "vooraf") must not pull in the text that chooses "by rules known in
// advance".
func TestClosingThanksLeavesTheAnswer(t *testing.T) {
	e := askEngine(t)
	for _, c := range []struct {
		text, thanks string
		lang         i18n.Lang
	}{
		{"We are five neighbours and want to keep the community centre open ourselves now that the council wants to close it. Someone told us there is a new law that helps us, is that true?", " Thanks in advance!", i18n.EN},
		{"Our residents group wants to run the village library ourselves because the council plans to close it. A neighbour said a new law helps groups like ours, is that true?", " Thanks in advance!", i18n.EN},
		{"Wij zijn met zes buren en willen het buurthuis zelf draaien nu de gemeente het wil sluiten. Iemand zei dat een nieuwe wet ons daarbij helpt, klopt dat?", " Alvast bedankt!", i18n.NL},
	} {
		plain := ask(t, e, c.text, c.lang, nil)
		thanked := ask(t, e, c.text+c.thanks, c.lang, nil)
		if plain.Kind != thanked.Kind || Lead(plain.Answer) != Lead(thanked.Answer) {
			t.Errorf("%.40q…: with thanks %s %.80q, without %s %.80q", c.text, thanked.Kind, Lead(thanked.Answer), plain.Kind, Lead(plain.Answer))
		}
	}
}

// A sentence that only says who in the story likes the plan ("Onze
// wethouder is er ook erg enthousiast over.") leaves the answer as it is
// without it: the alderman is no subject of the question, although a few
// texts name the alderman in passing.
func TestStoryActorsLeaveTheAnswer(t *testing.T) {
	e := askEngine(t)
	for _, c := range []struct {
		before, actor, question string
		lang                    i18n.Lang
	}{
		{"Our firm is a normal private company, but with a social goal: we train former prisoners as bicycle mechanics. The city says a commercial firm like ours can never get a subsidy.", " The alderman is enthusiastic about us too.", " Is that right?", i18n.EN},
		{"A chain of bakeries told our council it wants to take over the canteen of the sports hall through the right to challenge. It is a plain commercial company.", " The alderman likes the idea.", " May they do that?", i18n.EN},
		{"Our board would like some background for the members' newsletter.", " Our alderman is very enthusiastic about it too.", " Where does the Right to Challenge come from originally?", i18n.EN},
		{"Our stichting has kept the village football pitch tidy for years. Last month the council turned down our right to challenge request, although we meet all their conditions.", " The alderman is very enthusiastic about it too.", " Does the council have to give reasons for saying no?", i18n.EN},
		{"Wij zijn een buurtinitiatief en willen geld van de gemeente voor een moestuin. Iemand zei dat de gemeente dan moet aanbesteden.", " Onze wethouder is er ook erg enthousiast over.", " Is dat zo?", i18n.NL},
		{"Met een groepje bewoners willen we het groen in onze straat zelf bijhouden. Een buurman zei dat de gemeente dat eerst moet aanbesteden.", " De wethouder is er ook blij mee.", " Klopt dat?", i18n.NL},
	} {
		plain := ask(t, e, c.before+c.question, c.lang, nil)
		told := ask(t, e, c.before+c.actor+c.question, c.lang, nil)
		if plain.Kind != told.Kind || Lead(plain.Answer) != Lead(told.Answer) {
			t.Errorf("%.40q…: with the actor %s %.80q, without %s %.80q", c.before, told.Kind, Lead(told.Answer), plain.Kind, Lead(plain.Answer))
		}
	}
}

// A story sentence that only says what the asker did to find out or how
// much it matters ("Ik heb het al aan de gemeente gevraagd maar kreeg geen
// duidelijk antwoord.") leaves the answer as it is without it.
func TestMetaSentencesLeaveTheAnswer(t *testing.T) {
	e := askEngine(t)
	for _, c := range []struct {
		before, meta, question string
		lang                   i18n.Lang
	}{
		{"Wij zijn een buurtinitiatief en willen geld van de gemeente voor een moestuin. Iemand zei dat de gemeente dan moet aanbesteden.", " Ik heb het al aan de gemeente gevraagd maar kreeg geen duidelijk antwoord.", " Is dat zo?", i18n.NL},
		{"Onze vereniging heeft in juni subsidie aangevraagd voor een zomerfeest en we hebben nog steeds niets gehoord.", " Dit is voor ons echt heel belangrijk.", " Hoe lang mag de gemeente erover doen?", i18n.NL},
		{"We are a group of neighbours and want to take over the maintenance of the park from the council.", " We have read a lot about it but still do not get it.", " Which law gives us that right?", i18n.EN},
	} {
		plain := ask(t, e, c.before+c.question, c.lang, nil)
		told := ask(t, e, c.before+c.meta+c.question, c.lang, nil)
		if plain.Kind != told.Kind || Lead(plain.Answer) != Lead(told.Answer) {
			t.Errorf("%.40q…: with %q %s %.80q, without %s %.80q", c.before, c.meta, told.Kind, Lead(told.Answer), plain.Kind, Lead(plain.Answer))
		}
	}
}
