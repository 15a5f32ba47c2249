package understand

import (
	_ "embed"
	"strings"

	"github.com/BurntSushi/toml"
)

// feedbackOn recognises a remark on the answer before it ("je antwoord
// klopt niet", "dat vroeg ik niet", "that answer is wrong", "useless"): a
// short message, without a question, figures or a term of the domain, that
// judges the answer or says it missed the question. It is not searched: a
// search on "klopt niet" finds a passage that happens to say so. A
// correction that adds something ("nee, ik bedoel voor werken", "dat klopt
// niet, de drempel is 221.000") names the domain or a figure and is read as
// a question.
func feedbackOn(ws []string, low string) bool {
	if len(ws) == 0 || len(ws) > maxFeedbackWords || strings.ContainsAny(low, "?0123456789") {
		return false
	}
	joined := " " + strings.Join(ws, " ") + " "
	verdict := map[string]bool{}
	for _, p := range verdictPhrases {
		if strings.Contains(joined, " "+p+" ") {
			for _, w := range strings.Fields(p) {
				verdict[w] = true
			}
		}
	}
	if len(verdict) == 0 {
		return false
	}
	// "klopt niet" opens like "klopt het dat …?" but asks nothing;
	// "is dat fout?" without its question mark still asks, "wat een
	// onzin" exclaims
	if startsQuestion(joined) && !verdict[ws[0]] && !exclaims(ws) {
		return false
	}
	if continuesInPart(low) {
		return false // "dat wist ik al, maar hoe zit het met werken" asks on
	}
	if DefaultThesaurus.InDomain(low) || len(DefaultThesaurus.OffTopic(low)) > 0 {
		return false
	}
	loose, target := 0, false
	for _, w := range ws {
		target = target || feedbackTargets[w]
		if verdict[w] || feedbackWords[w] || fillers[w] || chatWords[w] || acks[w] {
			continue
		}
		if _, ok := smallTalkWords[w]; ok {
			continue
		}
		loose++
	}
	// "we filled in the wrong form" judges no answer: a remark with
	// words of its own must say what it is about ("je antwoord", "dat")
	return loose == 0 || loose <= looseFeedbackWords && target
}

// feedbackTOML holds the phrases and words of a remark on an answer, as
// data: see feedback.toml.
//
//go:embed feedback.toml
var feedbackTOML string

// maxFeedbackWords is the longest remark on an answer; looseFeedbackWords
// how many words of its own it may have beside the lists ("zeg", "joh").
const (
	maxFeedbackWords   = 14
	looseFeedbackWords = 2
)

// verdictPhrases judge an answer or say it missed the question, as folded
// words; feedbackWords are the other words a remark on an answer is made
// of; feedbackTargets point at the answer or at Noaber.
var verdictPhrases, feedbackWords, feedbackTargets = mustFeedback(feedbackTOML)

func mustFeedback(src string) ([]string, map[string]bool, map[string]bool) {
	var f struct {
		Verdicts []string `toml:"verdicts"`
		Words    []string `toml:"words"`
		Targets  []string `toml:"targets"`
	}
	if _, err := toml.Decode(src, &f); err != nil {
		panic("understand: embedded feedback.toml: " + err.Error())
	}
	var phrases []string
	for _, p := range f.Verdicts {
		if ws := words(p); len(ws) > 0 {
			phrases = append(phrases, strings.Join(ws, " "))
		}
	}
	return phrases, set(strings.Join(f.Words, " ")), set(strings.Join(f.Targets, " "))
}
