package understand

import (
	"strings"
	"testing"
)

// A request to write a document for the asker is a task, not a question;
// a question about what to write is not.
func TestWriteTask(t *testing.T) {
	for _, c := range []struct {
		in   string
		task bool
	}{
		{"Kunt u voor onze vereniging een offerte schrijven voor het onderhoud van de speeltuin?", true},
		{"kan je even onze aanvraag invullen? de deadline is morgen", true},
		{"Schrijf een brief aan de wethouder over ons buurthuis.", true},
		{"Could you draft the bid for our cleaning company?", true},
		{"kun je mijn subsidieaanvraag voor het buurtfeest invullen?", true},
		{"please write a proposal for our right to challenge", true},
		{"Moeten we zelf een plan schrijven voor het uitdaagrecht?", false},
		{"Wat moet er in een voorstel voor het uitdaagrecht staan?", false},
		{"Ik wil graag weten hoe ik een goede inschrijving schrijf.", false},
		{"Kunt u uitleggen hoe ik bezwaar maak tegen de aanvraag?", false},
		{"Do we have to write a plan before the council decides?", false},
		{"Can you explain how to fill in the application for the right to challenge?", false},
		{"kun je uitleggen wat er in ons voorstel moet staan?", false},
	} {
		if got := Parse(c.in, "nl").Task; got != c.task {
			t.Errorf("Parse(%q).Task = %v, want %v", c.in, got, c.task)
		}
	}
}

// A message after an answer that asks about a subject Noaber does not
// cover is a question of its own; a bare phrase is a follow-up.
func TestNewSubject(t *testing.T) {
	for _, c := range []struct {
		in  string
		new bool
	}{
		{"en hoe vraag ik een nieuw paspoort aan?", true},
		{"ok thanks, and what about my income tax, when is it due?", true},
		{"en wanneer komt het grofvuil?", true},
		{"en hoeveel huurtoeslag krijg ik dan?", true},
		{"en hoe vraag ik dan een parkeervergunning aan?", true},
		{"and how do we register our foundation for VAT?", true},
		{"en hoe zit het met de btw bij de drempel?", false},
		{"en voor een straatfeest?", false},
		{"en als we de subsidie voor het straatfeest gebruiken?", false},
		{"en in 2025?", false},
		{"and which threshold applies to the parking garage works?", false},
	} {
		if got := NewSubject(c.in); got != c.new {
			t.Errorf("NewSubject(%q) = %v, want %v", c.in, got, c.new)
		}
	}
}

// The core terms name the domain's rules and instruments, not the money or
// the relation they are about.
func TestCore(t *testing.T) {
	th := DefaultThesaurus
	for _, c := range []struct {
		in   string
		core bool
	}{
		{"drempel", true},
		{"aanbestedingsdrempel", true},
		{"voorbehouden", true},
		{"is the threshold including tax", true},
		{"right to challenge", true},
		{"subsidie", false},
		{"contract", false},
		{"huur", false},
		{"bijdrage", false},
		{"vergunning", false},
		{"the light regime", true},
	} {
		if got := th.Core(c.in); got != c.core {
			t.Errorf("Core(%q) = %v, want %v", c.in, got, c.core)
		}
	}
}

// The currency after a sum is a word of its own: "216.000 Europees" keeps
// "Europees" (it is not "216.000 euro" and "pees").
func TestCurrencyAfterSumIsAWord(t *testing.T) {
	q := Parse("Dient iedere opdracht boven € 216.000 Europees te worden aanbesteed?", "nl")
	if !strings.Contains(q.SearchFocus, "Europees") {
		t.Errorf("SearchFocus %q lost Europees", q.SearchFocus)
	}
	if len(q.Slots.Amounts) != 1 || q.Slots.Amounts[0].Value != 216000 {
		t.Errorf("amounts %+v, want 216000", q.Slots.Amounts)
	}
}

// The refusal signals read any text without panicking.
func FuzzRefusalSignals(f *testing.F) {
	for _, s := range []string{"kun jij onze offerte schrijven?", "en hoe vraag ik een paspoort aan?", "is de drempel inclusief belasting?",
		"schrijf", "please", "en hoeveel huurtoeslag", "€ 216.000 Europees", "\xff\xfe", ""} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		_ = Parse(s, "nl").Task
		_ = NewSubject(s)
		_ = DefaultThesaurus.Core(s)
	})
}

// The canonical word of a group counts as a term, also when the group's
// other terms are all multi-word.
func TestCanonical(t *testing.T) {
	th := DefaultThesaurus
	if !th.Canonical("maatschappelijkaanbesteden") || !th.Canonical("uitdaagrecht") {
		t.Error("a group's canonical word is not Canonical")
	}
	if th.Canonical("maatschappelijk") || th.Canonical("wijkcentrum") {
		t.Error("a word that is no group's canonical word is Canonical")
	}
}
