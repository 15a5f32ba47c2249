package knowledge

import (
	"strings"
	"testing"

	"github.com/noaber/noaber/i18n"
)

// A threshold asked for a notice sent in a month of the previous period
// is that period's, also when the question names no kind of contract:
// the date the notice goes out decides, not the start of the contract.
func TestThresholdOfADatedNoticeWithoutKind(t *testing.T) {
	e := askEngine(t)
	for _, c := range []struct {
		text string
		lang i18n.Lang
		want string
	}{
		{"Our notice went out in October 2025 and the work starts in April 2026: which threshold counts?", i18n.EN, "221,000"},
		{"Welke drempel geldt als de aankondiging in november 2025 verstuurd is en de opdracht in 2026 begint?", i18n.NL, "221.000"},
	} {
		res := ask(t, e, c.text, c.lang, nil)
		if res.Kind != KindCheck || !strings.Contains(Lead(res.Answer), c.want) {
			t.Errorf("%q: kind %s, lead %q; want the 2024-2025 threshold %s", c.text, res.Kind, Lead(res.Answer), c.want)
		}
	}
}

// "and for central government?" names the authority in two words: a next
// follow-up for another year keeps it.
func TestCentralGovernmentFollowUpKeepsTheAuthority(t *testing.T) {
	e := askEngine(t)
	r1 := ask(t, e, "What is the EU threshold for services of a municipality in 2026?", i18n.EN, nil)
	r2 := ask(t, e, "and for central government?", i18n.EN, r1.Context)
	r3 := ask(t, e, "and in 2025?", i18n.EN, r2.Context)
	if lead := Lead(r3.Answer); !strings.Contains(lead, "143,000") || strings.Contains(lead, "221,000") {
		t.Errorf("lead %q: want the central-government threshold of 2024-2025 alone", lead)
	}
}

// An elliptic follow-up about an off-topic subject whose compound ends in
// a word of the domain ("WOZ-waarde": value) drifts out of the domain and
// is refused, not read as the threshold question again.
func TestFollowUpOnWOZValueIsRefused(t *testing.T) {
	e := askEngine(t)
	r1 := ask(t, e, "hoe hoog is de drempel voor werken?", i18n.NL, nil)
	for _, text := range []string{"en de WOZ-waarde van ons huis?", "en mijn woz waarde?"} {
		if r := ask(t, e, text, i18n.NL, r1.Context); r.Kind != KindRefuse {
			t.Errorf("%q: kind %s, lead %q; want a refusal", text, r.Kind, Lead(r.Answer))
		}
	}
}

// "en geldt die ook bij …?" after the length of the standstill asks
// whether it applies there, not how long it is: below the threshold it
// does not apply by law. Above the threshold it does.
func TestStandstillFollowUpBelowThreshold(t *testing.T) {
	e := askEngine(t)
	r1 := ask(t, e, "hoeveel dagen duurt de standstill?", i18n.NL, nil)
	r2 := ask(t, e, "en geldt die ook bij een nationale aanbesteding?", i18n.NL, r1.Context)
	if lead := Lead(r2.Answer); !strings.HasPrefix(lead, "Nee") {
		t.Errorf("below the threshold: lead %q, want a no", lead)
	}
	r3 := ask(t, e, "Is there a standstill period below the EU threshold?", i18n.EN, nil)
	r4 := ask(t, e, "and above the threshold?", i18n.EN, r3.Context)
	if lead := Lead(r4.Answer); strings.HasPrefix(lead, "No") || !strings.Contains(lead, "20 calendar days") {
		t.Errorf("above the threshold: lead %q, want the 20 days", lead)
	}
}

// A card under a heading that covers two cases ("with a prior information
// notice or in urgency") is about the case its own lead and variants name:
// a question about a prior information notice is not led away from it as
// if it were about urgency.
func TestCardUnderTwoCaseHeadingIsAboutItsOwnCase(t *testing.T) {
	e := askEngine(t)
	res := ask(t, e, "Vorig voorjaar ging onze vooraankondiging de deur uit en nu volgt de aankondiging van een openbare Europese procedure. Hoe kort mag de termijn voor inschrijvingen nu zijn?", i18n.NL, nil)
	if lead := Lead(res.Answer); !strings.Contains(lead, "29") {
		t.Errorf("lead %q: want the period after a prior information notice (29 days)", lead)
	}
}
