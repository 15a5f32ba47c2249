package understand

import (
	"strings"
	"testing"
)

// An article written with a point reads like a number with a thousands
// separator ("2.127" as 2127); it is what the question asks about, not a
// figure of the asker's case, so it stays in the text to search. A sum in
// euros does not.
func TestArticleNumberStaysInSearch(t *testing.T) {
	for _, c := range []struct{ text, lang, want string }{
		{"Can you explain art. 2.127 Aw to me?", "en", "2.127"},
		{"what is in 2.163 Aw about lots?", "en", "2.163"},
		{"wat regelt artikel 2.127 eigenlijk?", "nl", "2.127"},
		{"en Awb 4.13, wat staat daar?", "nl", "4.13"},
	} {
		if got := Parse(c.text, c.lang).SearchFocus; !strings.Contains(got, c.want) {
			t.Errorf("%q: search focus %q lost the article %s", c.text, got, c.want)
		}
	}
	if got := Parse("they pay us 2.500 euro for the cleaning, is that a contract?", "en").SearchFocus; strings.Contains(got, "2.500") {
		t.Errorf("search focus %q keeps the case's sum", got)
	}
}

// A typo that makes another English word is read as the word meant, only
// where the words around it make that certain: "how log" is "how long",
// but a log book stays a log.
func TestEnglishRealWordSlips(t *testing.T) {
	for in, want := range map[string]string{
		"how log do we have to wait?":                  "how long do we have to wait?",
		"how may quotes must we ask for?":              "how many quotes must we ask for?",
		"we signed for tree years":                     "we signed for three years",
		"dose it apply to a foundation?":               "does it apply to a foundation?",
		"can residents use the rite to challenge here": "can residents use the right to challenge here",
		"we keep a log of volunteer hours":             "we keep a log of volunteer hours",
		"how may we apply for it?":                     "how may we apply for it?",
		"the threshold is low for works?":              "the threshold is low for works?",
	} {
		if got := fixEnglishSlips(in); got != want {
			t.Errorf("fixEnglishSlips(%q) = %q, want %q", in, got, want)
		}
	}
	if got := Parse("how log is the standstill period?", "en").SearchFocus; !strings.Contains(got, "how long") {
		t.Errorf("search focus %q: the slip is searched", got)
	}
}

// The general subsidy bylaw named by its abbreviation is the domain's.
func TestSubsidyBylawIsDomain(t *testing.T) {
	for _, q := range []string{"what's an ASV?", "does our subsidy bylaw say anything about that?", "wat staat er in de subsidieverordening?"} {
		if !DefaultThesaurus.InDomain(q) {
			t.Errorf("%q is not in the domain", q)
		}
	}
}

// Sums written out in words before "euros" are the case's amounts.
func TestEnglishSumsInWords(t *testing.T) {
	for in, want := range map[string]string{
		"two hundred and ten thousand euros in total":         "210,000 euros in total",
		"they pay us fifteen hundred euros a month":           "they pay us 1,500 euros a month",
		"a grant of three hundred thousand euros":             "a grant of 300,000 euros",
		"about a hundred thousand euros a year":               "about 100,000 euros a year",
		"one million two hundred thousand euros over 4 years": "1,200,000 euros over 4 years",
		"twenty-five thousand euros":                          "25,000 euros",
		"a hundred volunteers and three years":                "a hundred volunteers and three years",
		"three hundred people paid ten euros each":            "three hundred people paid ten euros each",
		"a few thousand euros for a street party":             "a few thousand euros for a street party",
		"thousand euros": "thousand euros",
	} {
		if got := englishSums(in); got != want {
			t.Errorf("englishSums(%q) = %q, want %q", in, got, want)
		}
	}
	q := Parse("The council will buy coaching from us for two hundred and ten thousand euros. Is that above the threshold?", "en")
	if len(q.Slots.Amounts) != 1 || q.Slots.Amounts[0].Value != 210000 {
		t.Errorf("amounts %+v, want 210000", q.Slots.Amounts)
	}
}

// English chat greets and thanks in words no list of single words has.
func TestEnglishSmallTalkPhrases(t *testing.T) {
	for q, want := range map[string]string{"Merry Christmas!": Greeting, "happy new year to you all": Greeting,
		"you're a star": Thanks, "ta very much": Thanks, "lol": Thanks} {
		if got := Parse(q, "en").SmallTalk; got != want {
			t.Errorf("%q: small talk %q, want %q", q, got, want)
		}
	}
	if got := Parse("is there a star rating for social enterprises?", "en").SmallTalk; got != "" {
		t.Errorf("a question is small talk %q", got)
	}
}
