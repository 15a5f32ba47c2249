package events

import (
	"testing"

	"github.com/noaber/noaber/bot"
)

// TestPluralTexts: counted words follow the CLDR plural form of the count,
// in both languages, for 0, 1 and 2 ("1 mensen" and "1 van 1 plaatsen"
// are gone).
func TestPluralTexts(t *testing.T) {
	for _, tc := range []struct {
		lang bot.Lang
		id   string
		n    int
		want string
	}{
		{bot.NL, "counts.full", 1, "Vol: 1 van 1 plaats bezet."},
		{bot.NL, "counts.full", 2, "Vol: 1 van 2 plaatsen bezet."},
		{bot.EN, "counts.full", 1, "Full: 1 of 1 place taken."},
		{bot.EN, "counts.full", 2, "Full: 1 of 2 places taken."},
		{bot.NL, "edited.promoted", 0, "Er kwamen plaatsen bij: 0 mensen van de wachtlijst zijn aangemeld en hebben bericht gekregen."},
		{bot.NL, "edited.promoted", 1, "Er kwamen plaatsen bij: 1 persoon van de wachtlijst is aangemeld en heeft bericht gekregen."},
		{bot.NL, "edited.promoted", 2, "Er kwamen plaatsen bij: 2 mensen van de wachtlijst zijn aangemeld en hebben bericht gekregen."},
		{bot.EN, "edited.promoted", 1, "Places were added: 1 person from the waitlist is now signed up and was told."},
		{bot.EN, "edited.promoted", 2, "Places were added: 2 people from the waitlist are now signed up and were told."},
		{bot.EN, "edited.promoted", 0, "Places were added: 0 people from the waitlist are now signed up and were told."},
	} {
		if got := Msgs.N(tc.lang, tc.id, tc.n, "confirmed", 1); got != tc.want {
			t.Errorf("%s %s %d: %q, want %q", tc.lang, tc.id, tc.n, got, tc.want)
		}
	}
}
