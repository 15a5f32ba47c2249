package understand

import (
	"regexp"
	"strings"
)

// English real-word slips: a typo that makes another English word ("how
// log does it take?", "tree years", "the rite to challenge") passes every
// word list, so no spelling step corrects it, and the wrong word weighs as
// a rare term the corpus lacks. Each is fixed only in the words around it
// that make the slip certain.
var englishSlips = []struct {
	keys []string // a slip's text has one of these (lower case): a cheap test before the regexp
	re   *regexp.Regexp
	repl string
}{
	// "how log / lang / lomg does it take": the duration question
	{[]string{"log", "lang", "lon", "lomg"}, regexp.MustCompile(`(?i)\bhow\s+(?:log|lang|lon|lomg|logn)\b`), "how long"},
	// "how may days / times": the count question
	{[]string{"how may"}, regexp.MustCompile(`(?i)\bhow\s+may\s+(days|weeks|months|years|times|companies|quotes|bids|tenderers|parties|people|members|volunteers|themes|criteria|steps|municipalities)\b`), "how many $1"},
	// "tree years", "tree quotes": the number
	{[]string{"tree"}, regexp.MustCompile(`(?i)\btree\s+(days|weeks|months|years|times|companies|quotes|bids|tenderers|parties|authors|values|criteria|steps)\b`), "three $1"},
	// "dose it apply", "dose the municipality"
	{[]string{"dose"}, regexp.MustCompile(`(?i)\bdose\s+(it|the|a|an|this|that|my|our|your|their|he|she|we|they)\b`), "does $1"},
	// "weather or not", "weather it is": the conjunction
	{[]string{"weather"}, regexp.MustCompile(`(?i)\bweather\s+(or\s+not|it|we|they|this|that|our|a|the\s+(?:municipality|council|city|gemeente))\b`), "whether $1"},
	// "the rite to challenge", "write to challenge"
	{[]string{"to challenge"}, regexp.MustCompile(`(?i)\b(?:rite|write|wright)\s+to\s+challenge\b`), "right to challenge"},
	// "at lease 20 days"
	{[]string{"lease"}, regexp.MustCompile(`(?i)\bat\s+lease\b`), "at least"},
	// "state aide"
	{[]string{"aide"}, regexp.MustCompile(`(?i)\bstate\s+aide\b`), "state aid"},
	// "the procurement low", "is there a low that says"
	{[]string{"low"}, regexp.MustCompile(`(?i)\b(procurement|tender|tendering|subsidy|dutch|new|a|which|what|the)\s+low\s+(that|which|says|say|on|about|for|require|requires|allow|allows)\b`), "$1 law $2"},
	{[]string{"low"}, regexp.MustCompile(`(?i)\b(procurement|tender|tendering|subsidy)\s+low\b`), "$1 law"},
	// "dead line", "bye law": a word typed apart
	{[]string{"dead"}, regexp.MustCompile(`(?i)\bdead\s+lines?\b`), "deadline"},
	{[]string{"bye"}, regexp.MustCompile(`(?i)\bbye[\s-]+laws?\b`), "bylaw"},
}

// fixEnglishSlips writes the English real-word slips of text as the words
// meant.
func fixEnglishSlips(text string) string {
	low := strings.ToLower(text)
	for _, s := range englishSlips {
		if containsAnyOf(low, s.keys) {
			text = s.re.ReplaceAllString(text, s.repl)
		}
	}
	return text
}
