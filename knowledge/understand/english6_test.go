package understand

import "testing"

// An English contraction asks what its full form asks: "what's a
// DAEB?" is the definition question "what is a DAEB?", typed with or
// without the apostrophe; a Dutch "'s" is no "is".
func TestContractionsReadInFull(t *testing.T) {
	for text, want := range map[string]Type{
		"What's a DAEB?":                       Definition,
		"whats a reserved contract":            Definition,
		"what’s the value triangle about?":     Definition,
		"What is a DAEB?":                      Definition,
		"What's the threshold for works?":      HowMuch,
		"wat zijn de risico's van subsidie?":   Definition,
		"how's the standstill counted, then?":  Procedure,
		"isnt it mandatory to tender this one": MayMust,
	} {
		if got := Parse(text, "en").Type; got != want {
			t.Errorf("%q: type %s, want %s", text, got, want)
		}
	}
	if got := expandContractions(words("risico's, what's, doesn't")); len(got) != 6 || got[1] != "s" || got[3] != "is" || got[4] != "does" || got[5] != "not" {
		t.Errorf("expandContractions: %q", got)
	}
}
