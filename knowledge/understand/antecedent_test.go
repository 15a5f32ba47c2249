package understand

import (
	"strings"
	"testing"
)

// A question sentence that points back at the story ("Maakt dat uit?",
// "Kan ik die al kiezen?") asks about the sentence before it; one whose
// "dat" opens a clause, or whose demonstrative stands before a noun, does
// not.
func TestAntecedentOfAPointingQuestion(t *testing.T) {
	for _, c := range []struct {
		text, lang, want string // want "" = no antecedent
	}{
		{"Wij zijn met zes buren en willen het onderhoud van het plantsoen doen. We hebben nog geen rechtsvorm. Maakt dat uit voor de gemeente?", "nl", "rechtsvorm"},
		{"Ik wil een coöperatie beginnen en las dat er een nieuwe rechtsvorm voor sociale ondernemingen komt, de BVm. Kan ik die al kiezen bij de notaris?", "nl", "rechtsvorm"},
		{"Our village hall is run by volunteers and the council pays the energy bill. A neighbour says the council must tender the cleaning. Does that apply to a hall like ours?", "en", "tender"},
		{"We zijn een stichting in een klein dorp en krijgen al jaren subsidie. Iemand zei iets over de-minimissteun voor stichtingen. Welke grens geldt daarbij voor een stichting?", "nl", "minimis"},
		// "klopt dat als …": "dat" is the claim before it
		{"De gemeente wil ons 90.000 euro per jaar betalen voor het maaien. Iemand zei dat de gemeente dan Europees moet aanbesteden. Klopt dat als het maar twee jaar duurt?", "nl", "aanbesteden"},
		// "dat" opens a clause: it points forward
		{"Wij zijn een vereniging en de gemeente wil ons betalen voor het maaien. Klopt het dat we dan moeten aanbesteden?", "nl", ""},
		// a demonstrative before a noun names the subject itself
		{"Mijn man en ik hebben samen een klein bedrijf met een contract bij de gemeente. Wie krijgt dat bedrijf na de scheiding?", "nl", ""},
	} {
		q := Parse(c.text, c.lang)
		if c.want == "" && q.Antecedent != "" || !strings.Contains(q.Antecedent, c.want) {
			t.Errorf("%.50q…: antecedent %q, want %q", c.text, q.Antecedent, c.want)
		}
	}
}

// An article number written like a sum ("artikel 2.170") is no amount of
// the asker's case, also in a question that speaks of money.
func TestArticleNumberIsNoAmount(t *testing.T) {
	for _, text := range []string{
		"In ons beleid staat dat de voorbehouden opdracht voor sociale diensten in artikel 2.170 staat. Klopt dat artikelnummer nog?",
		"Our policy says the threshold for services is in art. 2.300 of the act. Is that right?",
	} {
		if q := Parse(text, "nl"); len(q.Slots.Amounts) != 0 {
			t.Errorf("%.50q…: amounts %v", text, q.Slots.Amounts)
		}
	}
	if q := Parse("De gemeente betaalt ons 2.170 euro per maand, artikel 2.17 zegt iets over de raming.", "nl"); len(q.Slots.Amounts) != 1 {
		t.Errorf("a sum beside an article: amounts %v", q.Slots.Amounts)
	}
}

// "Voor wanneer moet …?" asks by when, like "tot wanneer" and "by when":
// a date, not in which case.
func TestBeforeWhenAsksADate(t *testing.T) {
	for _, text := range []string{"Voor wanneer moet de participatieverordening er zijn?", "before when must the bylaw be ready?"} {
		if got := Parse(text, "nl").Type; got != TimeLimit {
			t.Errorf("%q: type %s, want %s", text, got, TimeLimit)
		}
	}
}

// "Mijn collega zegt dat het nu anders is. Wat klopt er nou?": a reported
// claim that names nothing of the domain ("het nu anders is") is about
// what its sentence named before it, so the sentence stays the claim.
func TestReportedClaimWithoutSubjectKeepsItsSentence(t *testing.T) {
	q := Parse("vorig jaar gold voor leveringen nog een drempel van 221.000 euro, maar een collega zegt dat het nu anders is. wat klopt er nou?", "nl")
	if !strings.Contains(q.Claim, "drempel") {
		t.Errorf("claim %q, want the threshold it is about", q.Claim)
	}
	q = Parse("Onze penningmeester heeft gelezen over de minimis. Hij zegt dat de steun van de gemeente staatssteun is. Klopt dat?", "nl")
	if strings.Contains(q.Claim, "penningmeester") || !strings.Contains(q.Claim, "staatssteun") {
		t.Errorf("claim %q, want what is claimed without who claims it", q.Claim)
	}
}

// A noun a demonstrative points back at the story with ("uit dat boek",
// "that property") says which thing is meant: it leaves the question
// sentence's search for the referents; a verb at the end of a Dutch
// question ("moeten we dit aanbesteden?") and a clause after "dat" stay.
func TestReferentsLeaveTheQuestionSentence(t *testing.T) {
	for _, c := range []struct {
		text, lang, referents, stays string
	}{
		{"Voor mijn scriptie las ik het handboek over het waarderen van initiatieven. Wat betekent de waardendriehoek uit dat boek?", "nl", "boek", "waardendriehoek"},
		{"Our association was set up by a notary and is in the KvK register. A member wants to leave us his shed. Can the association own that property?", "en", "property", "association"},
		{"Een stichting bezorgt maaltijden aan ouderen in onze gemeente, en elke aanbieder die aan de eisen voldoet mag meedoen. Moeten we dit aanbesteden?", "nl", "", "aanbesteden"},
		{"Wij zijn een vereniging en de gemeente wil ons betalen voor het maaien. Klopt het dat we dan moeten aanbesteden?", "nl", "", "aanbesteden"},
	} {
		q := Parse(c.text, c.lang)
		if q.Referents != c.referents || !strings.Contains(q.SearchFocus, c.stays) {
			t.Errorf("%.40q…: referents %q search %q, want %q and %q searched", c.text, q.Referents, q.SearchFocus, c.referents, c.stays)
		}
	}
}
