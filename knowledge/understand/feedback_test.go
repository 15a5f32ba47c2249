package understand

import "testing"

// A remark on the answer before is small talk of its own kind; a
// correction that adds a subject or a figure, a question whether something
// is wrong, and a statement about something else that is wrong are not.
func TestFeedbackOnTheAnswer(t *testing.T) {
	for in, want := range map[string]string{
		"je antwoord klopt niet":                Feedback,
		"Dat klopt niet.":                       Feedback,
		"klopt niet":                            Feedback,
		"dat vroeg ik niet":                     Feedback,
		"nee, dat is niet wat ik bedoelde":      Feedback,
		"wat een onzin":                         Feedback,
		"hier heb ik niks aan":                  Feedback,
		"dit is echt een slecht antwoord zeg":   Feedback,
		"that answer is wrong":                  Feedback,
		"That's not what I asked.":              Feedback,
		"useless":                               Feedback,
		"you didn't answer my question":         Feedback,
		"jij snapt er niks van":                 Feedback,
		"ok maar dat wist ik al":                Feedback,
		"wrong again":                           Feedback,
		"dat was niet mijn vraag":               Feedback,
		"je geeft antwoord op een andere vraag": Feedback,
		"you answered a different question":     Feedback,
		"hmm, volgens mij klopt dat niet":       Feedback,
		// a question, a correction with content, another subject
		"klopt dat?": "",
		"dat wist ik al, maar hoe zit het met werken": "",
		"is dat fout":                             "",
		"klopt het niet dat de drempel hoger is":  "",
		"dat klopt niet, de drempel is 221.000":   "",
		"nee, ik bedoel voor werken":              "",
		"dat klopt niet, wij zijn een stichting":  "",
		"we filled in the wrong form":             "",
		"is it wrong to give a grant to a club?":  "",
		"ik heb een andere vraag":                 "",
		"I have another question":                 "",
		"wat als de gemeente het verkeerd doet?":  "",
		"de aanslag hondenbelasting klopt niet":   "",
		"the municipality chose the wrong tender": "",
	} {
		if got := Parse(in, "nl").SmallTalk; got != want {
			t.Errorf("%q: small talk %q, want %q", in, got, want)
		}
	}
}

// TestFeedbackData: the phrases and words of a remark on an answer are
// data (feedback.toml), read in file order; a new phrase there is
// recognised without a change to the code.
func TestFeedbackData(t *testing.T) {
	phrases, ws, targets := mustFeedback("verdicts = [\"kant noch wal\", \"Isn't right\"]\nwords = [\"joh\"]\ntargets = [\"dat\"]\n")
	if len(phrases) != 2 || phrases[0] != "kant noch wal" || phrases[1] != "isn t right" {
		t.Errorf("phrases %q", phrases)
	}
	if !ws["joh"] || !targets["dat"] {
		t.Errorf("words %v, targets %v", ws, targets)
	}
	if len(verdictPhrases) < 100 || !feedbackWords["joh"] || !feedbackTargets["antwoord"] {
		t.Errorf("embedded feedback.toml: %d phrases", len(verdictPhrases))
	}
	defer func() {
		if recover() == nil {
			t.Error("a broken feedback.toml did not panic")
		}
	}()
	mustFeedback("verdicts = [")
}
