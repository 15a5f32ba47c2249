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

// Merge keeps the date something is from when the follow-up names another
// moment, and reads a bare count or percentage as a new staff share.
func TestMergeKeepsOriginAndReadsShares(t *testing.T) {
	m := Merge(Parse("Onze GVA is van april 2025. Is hij nog geldig?", "nl"), Parse("en in juni 2027?", "nl"))
	if !strings.Contains(m.Text, "april 2025") || !strings.Contains(m.Text, "juni 2027") {
		t.Errorf("origin lost: %q", m.Text)
	}
	if m := Merge(Parse("Wat was de drempel in 2024?", "nl"), Parse("en in 2026?", "nl")); strings.Contains(m.Text, "2024") {
		t.Errorf("old year kept: %q", m.Text)
	}
	prev := Parse("Van onze 40 medewerkers hebben er 10 een beperking. Mag dat voorbehouden?", "nl")
	if s := Merge(prev, Parse("en als het er 14 zijn?", "nl")).Slots; s.StaffPart != 14 || s.StaffWhole != 40 || s.StaffPercent != 35 {
		t.Errorf("count: %+v", s)
	}
	if s := Merge(prev, Parse("en als het 31% is?", "nl")).Slots; s.StaffPercent != 31 {
		t.Errorf("percentage: %+v", s)
	}
	if s := Merge(prev, Parse("en onder 2.82a?", "nl")).Slots; s.StaffPart != 10 {
		t.Errorf("an article number taken for a count: %+v", s)
	}
}

// An amount per quarter is a rate; a compound ending in beheer, onderhoud
// or schoonmaak is a service.
func TestQuarterAndServiceCompounds(t *testing.T) {
	s := Parse("we krijgen 18.000 euro per kwartaal voor 3 jaar voor het groenbeheer", "nl").Slots
	if len(s.Amounts) != 1 || s.Amounts[0].Per != Quarter || s.Kind != "diensten" {
		t.Fatalf("slots %+v", s)
	}
	if v, _, ok := s.Total(); !ok || v != 216000 {
		t.Errorf("total %v", v)
	}
	if k := Parse("het parkonderhoud kost 50.000 euro", "nl").Slots.Kind; k != "diensten" {
		t.Errorf("parkonderhoud: %q", k)
	}
}

// Chat abbreviations of a term, and a bare sum after a question about a
// threshold, are case facts.
func TestChatTermsAndSumAfterThreshold(t *testing.T) {
	if s := Parse("12k a month for 2 yrs", "en").Slots; s.Months != 24 {
		t.Errorf("yrs: %+v", s)
	}
	if s := Parse("6000 euro per maand voor 18 mnd", "nl").Slots; s.Months != 18 || len(s.Amounts) != 1 || s.Amounts[0].Per != Month {
		t.Errorf("mnd: %+v", s)
	}
	m := Merge(Parse("Wat is de drempel voor diensten?", "nl"), Parse("en als het 200.000 is?", "nl"))
	if len(m.Slots.Amounts) != 1 || m.Slots.Amounts[0].Value != 200000 {
		t.Errorf("sum after a threshold question: %+v", m.Slots)
	}
}

// A follow-up that switches side ("and above the thresholds?") drops the
// other side from the question it leans on.
func TestMergeSwitchesSide(t *testing.T) {
	m := Merge(Parse("Is there a standstill period below the EU thresholds?", "en"), Parse("and above the thresholds?", "en"))
	if strings.Contains(m.Text, "below") || !strings.Contains(m.Text, "above") {
		t.Errorf("merged %q", m.Text)
	}
	m = Merge(Parse("Geldt de Alcatel-termijn onder de drempel?", "nl"), Parse("en boven de drempel?", "nl"))
	if strings.Contains(m.Text, " onder ") {
		t.Errorf("merged %q", m.Text)
	}
}

// After a question about the staff, "N van de M" in a follow-up is the
// share.
func TestShareAfterAStaffQuestion(t *testing.T) {
	m := Merge(Parse("Hoeveel procent van de werknemers moet een beperking hebben?", "nl"), Parse("en wij hebben er 9 van de 25?", "nl"))
	if m.Slots.StaffPart != 9 || m.Slots.StaffWhole != 25 {
		t.Errorf("slots %+v", m.Slots)
	}
}

// "ton" is Dutch for a hundred thousand euros.
func TestTonIsAHundredThousand(t *testing.T) {
	s := Parse("een opdracht van 2,5 ton per jaar", "nl").Slots
	if len(s.Amounts) != 1 || s.Amounts[0].Value != 250000 || s.Amounts[0].Per != Year {
		t.Errorf("amounts %+v", s.Amounts)
	}
}
