package knowledge

import (
	"strings"
	"testing"

	"github.com/noaber/noaber/i18n"
)

// A computed verdict cites its sources in the reader's language: an
// English case question gets "Public Procurement Act …" and "Directive
// 2014/24/EU …", a Dutch one "Aanbestedingswet 2012 …" and "Richtlijn …".
func TestVerdictSourcesInTheReadersLanguage(t *testing.T) {
	e := askEngine(t)
	for _, c := range []struct {
		text       string
		lang       i18n.Lang
		want, not  string
		wantRef    string
		notRefWord string
	}{
		{"Do we have to run an EU tender if the municipality pays us 80,000 euros a year for 4 years for cleaning?", i18n.EN,
			"Public Procurement Act 2012", "Aanbestedingswet 2012,", "Directive 2014/24/EU", "Richtlijn"},
		{"Moeten we Europees aanbesteden als de gemeente ons 80.000 euro per jaar betaalt voor 4 jaar schoonmaak?", i18n.NL,
			"Aanbestedingswet 2012,", "Public Procurement Act", "Richtlijn 2014/24/EU", "Directive"},
	} {
		res := ask(t, e, c.text, c.lang, nil)
		if res.Kind != KindCheck || len(res.Sources) == 0 {
			t.Fatalf("%s: no verdict with sources: %s %q", c.lang, res.Kind, res.Answer)
		}
		var titles, refs []string
		for _, s := range res.Sources {
			titles, refs = append(titles, s.Title), append(refs, s.Ref)
		}
		all, allRefs := strings.Join(titles, " | "), strings.Join(refs, " | ")
		if !strings.Contains(all, c.want) || strings.Contains(all, c.not) {
			t.Errorf("%s: source titles %q, want %q and not %q", c.lang, all, c.want, c.not)
		}
		if !strings.Contains(allRefs, c.wantRef) || strings.Contains(allRefs, c.notRefWord) {
			t.Errorf("%s: references %q, want %q and not %q", c.lang, allRefs, c.wantRef, c.notRefWord)
		}
	}
}
