package understand

import (
	"strings"
	"testing"
)

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

// "Cheers" and "much obliged" thank in English chat, with a few words of
// their own; a question after them is still a question.
func TestCheersThanks(t *testing.T) {
	for _, s := range []string{"cheers, that sorted it", "much obliged!", "cheers, that answers my question nicely"} {
		if got := Parse(s, "en").SmallTalk; got != Thanks {
			t.Errorf("%q: small talk %q, want %q", s, got, Thanks)
		}
	}
	if got := Parse("cheers, what is the threshold for works?", "en"); got.SmallTalk != "" || !strings.Contains(got.SearchFocus, "threshold") {
		t.Errorf("a question after cheers: small talk %q, search %q", got.SmallTalk, got.SearchFocus)
	}
}

// "At EU level" is the English idiom for an EU-wide tender: its "level" is
// not searched as a word of its own (it would find "second-level state
// aid"); another "level" stays.
func TestAtEULevelIsEUWide(t *testing.T) {
	for in, want := range map[string]string{
		"must the council tender the cleaning at EU level?": "must the council tender the cleaning EU-wide?",
		"is that on the European level then":                "is that EU-wide then",
		"what is second-level state aid?":                   "what is second-level state aid?",
	} {
		if got := fixEnglishSlips(in); got != want {
			t.Errorf("fixEnglishSlips(%q) = %q, want %q", in, got, want)
		}
	}
}

// A British spelling is a word of English when the list has its American
// form: "minimise" is no typo of the domain's "minimis", "liveability"
// none of "liability". A typo is still none.
func TestBritishSpellingIsAWord(t *testing.T) {
	for _, w := range []string{"minimise", "liveability", "authorise", "subsidised", "organisations", "analyse", "catalogue", "travelled"} {
		if !IsWordIn(w, "en") || !IsWord(w) {
			t.Errorf("%q is not a word of English", w)
		}
	}
	for _, w := range []string{"treshold", "aplication", "tendre"} {
		if IsWord(w) {
			t.Errorf("the typo %q is a word", w)
		}
	}
}

// "What's the deal with …?" asks what a thing is; its "deal" is no word
// of the question. A deal made with the council stays one.
func TestWhatsTheDealWith(t *testing.T) {
	for in, want := range map[string]string{
		"what's the deal with the standstill period?": "what is the standstill period?",
		"Whats the story with the right to challenge": "what is the right to challenge",
		"we made a deal with the council last year":   "we made a deal with the council last year",
	} {
		if got := fixEnglishSlips(in); got != want {
			t.Errorf("fixEnglishSlips(%q) = %q, want %q", in, got, want)
		}
	}
	if got := Parse("what's the deal with the light regime?", "en").Type; got != Definition {
		t.Errorf("type %s, want %s", got, Definition)
	}
}
