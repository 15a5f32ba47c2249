package knowledge

import (
	"testing"

	"github.com/noaber/noaber/i18n"
	"github.com/noaber/noaber/knowledge/termijn"
)

// TestTermTextPlural: a term's length follows the CLDR plural form of its
// count (before, every count got the plural: "1 maanden").
func TestTermTextPlural(t *testing.T) {
	for _, tc := range []struct {
		term termijn.Term
		lang i18n.Lang
		want string
	}{
		{termijn.Term{N: 0, Unit: termijn.Days}, i18n.NL, "0 dagen"},
		{termijn.Term{N: 1, Unit: termijn.Months}, i18n.NL, "1 maand"},
		{termijn.Term{N: 2, Unit: termijn.Weeks}, i18n.NL, "2 weken"},
		{termijn.Term{N: 0, Unit: termijn.Weeks}, i18n.EN, "0 weeks"},
		{termijn.Term{N: 1, Unit: termijn.Days}, i18n.EN, "1 day"},
		{termijn.Term{N: 2, Unit: termijn.Months}, i18n.EN, "2 months"},
	} {
		if got := termText(tc.term, tc.lang); got != tc.want {
			t.Errorf("termText(%v, %s) = %q, want %q", tc.term, tc.lang, got, tc.want)
		}
	}
	if err := Msgs.Check(); err != nil {
		t.Error(err)
	}
}
