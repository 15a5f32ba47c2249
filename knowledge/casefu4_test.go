package knowledge

import (
	"strings"
	"testing"

	"github.com/noaber/noaber/i18n"
)

// A de minimis question with a yearly sum and a term of at most three
// years adds the term up: € 280.000 a year for three years is € 840.000,
// above the SGEI ceiling, not € 280.000 within it.
func TestDeMinimisRateOverTerm(t *testing.T) {
	e := askEngine(t)
	res := ask(t, e, "A foundation provides an SGEI for us and gets €280,000 compensation per year for three years. Does that fit under the SGEI de minimis?", i18n.EN, nil)
	lead := Lead(res.Answer)
	if res.Check == nil || res.Check.Outcome != "no" || !strings.Contains(lead, "840,000") {
		t.Errorf("SGEI rate: %+v %q", res.Check, lead)
	}
	res = ask(t, e, "Wij krijgen 90.000 euro per jaar de-minimissteun, 3 jaar lang. Past dat binnen de de-minimis?", i18n.NL, nil)
	if lead := Lead(res.Answer); res.Check == nil || res.Check.Outcome != "yes" || !strings.Contains(lead, "270.000") {
		t.Errorf("general rate: %+v %q", res.Check, lead)
	}
	// over more than three years the sum in one period depends on how the
	// aid is granted: no verdict on a guessed sum
	res = ask(t, e, "Wij krijgen 90.000 euro per jaar de-minimissteun, 5 jaar lang. Past dat binnen de de-minimis?", i18n.NL, nil)
	if res.Check != nil && res.Check.Check == deMinimisCheck {
		t.Errorf("5 years: %+v %q", res.Check, res.Answer)
	}
}

// "Ik werk bij een ministerie" says who asks: the services it buys are
// compared with the central government's threshold, not with works.
func TestMinistryServicesNotWorks(t *testing.T) {
	e := askEngine(t)
	res := ask(t, e, "Ik werk bij een ministerie. We willen een onderzoeksopdracht van 150.000 euro (diensten) gunnen. Moeten we Europees aanbesteden?", i18n.NL, nil)
	if lead := Lead(res.Answer); res.Check == nil || res.Check.Outcome != "yes" || !strings.Contains(lead, "140.000") {
		t.Errorf("%+v %q", res.Check, lead)
	}
}
