package understand

import (
	"maps"
	"testing"
)

// The small-talk table is data listed by kind; a word under two kinds
// ("dag" greets and says goodbye) must get the same kind on every build,
// not whichever kind a map happened to yield first.
func TestSmallTalkTableStable(t *testing.T) {
	first := buildSmallTalkWords()
	if first["dag"] != Greeting || first["avond"] != Greeting {
		t.Fatalf(`"dag" is %q, "avond" %q; want the first kind listed, %q`, first["dag"], first["avond"], Greeting)
	}
	for i := 0; i < 50; i++ {
		if again := buildSmallTalkWords(); !maps.Equal(first, again) {
			t.Fatalf("build %d differs from the first", i+2)
		}
	}
	for i := 0; i < 20; i++ {
		if got := Parse("dag", "nl").SmallTalk; got != Greeting {
			t.Fatalf(`Parse("dag") small talk %q, want %q`, got, Greeting)
		}
	}
}

func TestGenericWordsSorted(t *testing.T) {
	a, b := DefaultThesaurus.GenericWords(), DefaultThesaurus.GenericWords()
	for i := range a {
		if a[i] != b[i] || i > 0 && a[i-1] >= a[i] {
			t.Fatalf("GenericWords not in one sorted order at %d: %q, %q", i, a[i], b[i])
		}
	}
}

// A word that merely starts with a stem of the domain is no term of it.
func TestInDomainNotDomainWords(t *testing.T) {
	for text, want := range map[string]bool{
		"ons huis is in 1920 gebouwd":            false,
		"hoeveel euro kost dat?":                 false,
		"hoe hoog is de rente?":                  false,
		"wie beheert het gebouw van de buurt?":   true,
		"wat zijn de EU regels?":                 true,
		"wanneer moeten we de aanvraag indienen": true,
	} {
		if got := DefaultThesaurus.InDomain(text); got != want {
			t.Errorf("InDomain(%q) = %v, want %v", text, got, want)
		}
	}
}

// A Dutch compound is off-topic when its last part is: the elections of
// "gemeenteraadsverkiezingen" are no subject of the domain because the
// council is.
func TestOffTopicCompoundHead(t *testing.T) {
	for text, want := range map[string]bool{
		"nieuws over de gemeenteraadsverkiezingen":      true,
		"een bewonersparkeervergunning aanvragen":       true,
		"de aanbestedingsprocedure voor groenonderhoud": false,
		"een subsidieaanvraag voor het buurthuis":       false,
		// a term of the domain whose last part is an everyday word
		"de banenafspraak voor mensen met een beperking": false,
	} {
		if got := len(DefaultThesaurus.OffTopic(text)) > 0; got != want {
			t.Errorf("OffTopic(%q) = %v, want %v", text, got, want)
		}
	}
}

// An off-topic term of more than three words is found as well as a short
// one.
func TestOffTopicLongTerm(t *testing.T) {
	th, err := ParseThesaurus(`offtopic = ["ask the neighbours for a ladder"]`)
	if err != nil {
		t.Fatal(err)
	}
	if got := th.OffTopic("can we ask the neighbours for a ladder today?"); len(got) != 1 || got[0] != "ask the neighbours for a ladder" {
		t.Errorf("OffTopic = %q, want the six-word term", got)
	}
}
