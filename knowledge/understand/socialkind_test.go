package understand

import (
	"strings"
	"testing"
)

// One social service, or a service named by what it is, is the kind
// sociale_diensten (with its own threshold), not diensten.
func TestSocialServiceKind(t *testing.T) {
	for _, text := range []string{
		"We kopen dagbesteding in (sociale dienst) voor 900.000 euro.",
		"Moeten we jeugdhulp van 500.000 euro europees aanbesteden?",
		"Home support worth €900,000: which regime?",
		"Een opdracht uit bijlage XIV van 800.000 euro",
	} {
		if k := Parse(text, "nl").Slots.Kind; k != "sociale_diensten" {
			t.Errorf("%q: kind %q", text, k)
		}
	}
	if k := Parse("een dienst van 300.000 euro voor schoonmaak", "nl").Slots.Kind; k != "diensten" {
		t.Errorf("plain service: kind %q", k)
	}
}

// A legal form at the end of a Dutch compound is the asker's Org, and a
// follow-up that names another replaces it in the merged question.
func TestOrgFromCompound(t *testing.T) {
	q := Parse("Wij zijn een buurtvereniging zonder notariële akte. Zijn wij als bestuur aansprakelijk?", "nl")
	if q.Slots.Org != "vereniging" {
		t.Fatalf("org %q", q.Slots.Org)
	}
	m := Merge(q, Parse("en bij een stichting?", "nl"))
	if m.Slots.Org != "stichting" || strings.Contains(m.Text, "buurtvereniging") {
		t.Errorf("merged %q org %q", m.Text, m.Slots.Org)
	}
	if o := Parse("onze zorgcooperatie wil meedoen", "nl").Slots.Org; o != "cooperatie" {
		t.Errorf("zorgcooperatie: %q", o)
	}
}

// Words that only give a case's facts.
func TestSlotWord(t *testing.T) {
	for _, w := range []string{"rijk", "opdrachtgever", "werken", "buurtvereniging", "maanden", "maart", "provincie", "looptijd"} {
		if !SlotWord(w) {
			t.Errorf("%q is a slot word", w)
		}
	}
	for _, w := range []string{"veroordelingen", "uitdaagrecht", "parkeervergunning"} {
		if SlotWord(w) {
			t.Errorf("%q is no slot word", w)
		}
	}
}
