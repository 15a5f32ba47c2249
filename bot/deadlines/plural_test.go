package deadlines

import (
	"strings"
	"testing"

	"github.com/noaber/noaber/bot"
	"github.com/noaber/noaber/knowledge/termijn"
)

// TestPluralTexts: counted words follow the CLDR plural form of the count
// in both languages, for 0, 1 and 2 (before: "1 maanden" could not happen
// here but "de komende 1 dagen" and "1 werkdag(en)" did).
func TestPluralTexts(t *testing.T) {
	for _, tc := range []struct{ got, want string }{
		{termWords(termijn.Term{N: 0, Unit: termijn.Days}, bot.NL), "0 dagen"},
		{termWords(termijn.Term{N: 1, Unit: termijn.Days}, bot.NL), "1 dag"},
		{termWords(termijn.Term{N: 2, Unit: termijn.Days}, bot.NL), "2 dagen"},
		{termWords(termijn.Term{N: 1, Unit: termijn.Months}, bot.NL), "1 maand"},
		{termWords(termijn.Term{N: -1, Unit: termijn.Weeks}, bot.NL), "1 week"},
		{termWords(termijn.Term{N: 0, Unit: termijn.Weeks}, bot.EN), "0 weeks"},
		{termWords(termijn.Term{N: 1, Unit: termijn.Weeks}, bot.EN), "1 week"},
		{termWords(termijn.Term{N: 2, Unit: termijn.Months}, bot.EN), "2 months"},
		{Msgs.N(bot.NL, "digest.intro", 1), "Goedemorgen! De deadlines van de komende dag:"},
		{Msgs.N(bot.NL, "digest.intro", 2), "Goedemorgen! De deadlines van de komende 2 dagen:"},
		{Msgs.N(bot.EN, "digest.intro", 1), "Good morning! The deadlines of the coming day:"},
		{Msgs.N(bot.EN, "digest.intro", 0), "Good morning! The deadlines of the coming 0 days:"},
		{Msgs.N(bot.NL, "day.in", 2), "over 2 dagen"},
		{Msgs.N(bot.EN, "day.in", 1), "in 1 day"},
	} {
		if tc.got != tc.want {
			t.Errorf("got %q, want %q", tc.got, tc.want)
		}
	}
	for n, want := range map[int]string{0: "maar 0 werkdagen.", 1: "maar 1 werkdag.", 2: "maar 2 werkdagen."} {
		if got := Msgs.N(bot.NL, "term.art2", n, "to", "x"); !strings.Contains(got, want) {
			t.Errorf("art2 nl %d: %q", n, got)
		}
	}
	for n, want := range map[int]string{0: "only 0 working days.", 1: "only 1 working day.", 2: "only 2 working days."} {
		if got := Msgs.N(bot.EN, "term.art2", n, "to", "x"); !strings.Contains(got, want) {
			t.Errorf("art2 en %d: %q", n, got)
		}
	}
}
