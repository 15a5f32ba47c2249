package understand

import (
	"slices"
	"strings"
	"testing"
)

// An off-topic term of four or five words is found too: before, only terms
// of up to three words were looked for, so "cut down a tree" never matched.
func TestOffTopicOfFourWords(t *testing.T) {
	th := DefaultThesaurus
	if got := th.OffTopic("How do I get a permit to cut down a tree in my garden?"); !slices.Contains(got, "cut down a tree") {
		t.Errorf("OffTopic = %v, want cut down a tree", got)
	}
	if got := th.OffTopic("how do I become a member of the city council?"); !slices.Contains(got, "member of the city council") {
		t.Errorf("OffTopic = %v, want member of the city council", got)
	}
	if got := th.OffTopic("where can I park my car near the city hall?"); len(got) == 0 {
		t.Error("parking one's own car is not off-topic")
	}
	// insurance is the domain's when volunteers are insured through the
	// municipality
	if !th.InDomain("are we insured through the municipality?") || !th.InDomain("zijn we verzekerd via de gemeente?") {
		t.Error("insured is no term of the domain")
	}
}

// "What kind of things can you help me with?" asks what Noaber does: small
// talk, not a question to refuse; "what do you know about de minimis?"
// still asks about de minimis.
func TestEnglishWhatCanYouDo(t *testing.T) {
	for _, q := range []string{"what kind of things can you help me with?", "what topics do you cover?", "what do you know?"} {
		if got := Parse(q, "en").SmallTalk; got != "who" {
			t.Errorf("%q: small talk %q, want who", q, got)
		}
	}
	if got := Parse("what do you know about de minimis aid?", "en").SmallTalk; got != "" {
		t.Errorf("a question about de minimis is small talk %q", got)
	}
}

// A short claim in a sentence of its own, then "Is that right?": the claim
// is what is asked about, as after a comma, and who made it is not.
func TestShortClaimThenTag(t *testing.T) {
	for _, c := range []struct{ text, lang, want string }{
		{"My colleague says the threshold for services is still 221,000. Is that right?", "en", "the threshold for services is still"},
		{"Someone told me the standstill is only 15 days. Is that true?", "en", "the standstill is only 15 days"},
		{"Mijn collega zegt dat de drempel nog 221.000 is. Klopt dat?", "nl", "de drempel nog is"},
	} {
		q := Parse(c.text, c.lang)
		if strings.TrimRight(q.Claim, ". ") != c.want || q.SearchFocus != "" {
			t.Errorf("%q: claim %q, search focus %q; want claim %q", c.text, q.Claim, q.SearchFocus, c.want)
		}
	}
}

// A closing plea or a question that names nothing ("Any advice?",
// "Thoughts?", "Is that a problem?", "What is it?") asks about the
// sentence before it, also in a short text.
func TestBareEnglishClosers(t *testing.T) {
	for _, c := range []struct{ text, want string }{
		{"Everybody here talks about 'de Gids'. What is it?", "de gids"},
		{"We want free VOGs for our volunteers but we have no eHerkenning. Is that a problem?", "eherkenning"},
		{"We run a food bank and the council pays our rent. Is that state aid? Any advice?", "state aid"},
	} {
		q := Parse(c.text, "en")
		if !strings.Contains(strings.ToLower(q.Claim), c.want) || q.SearchFocus != "" {
			t.Errorf("%q: claim %q, search focus %q; want a claim with %q", c.text, q.Claim, q.SearchFocus, c.want)
		}
	}
}
