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
	// "what's the deal with the standstill?": chat for "what is", whose
	// "deal" and "story" are no words of the question
	{[]string{"deal", "story", "up with"}, regexp.MustCompile(`(?i)\bwhat(?:['’]s|s|\s+is)\s+(?:the\s+(?:deal|story|thing)|up)\s+(?:with|about)\b`), "what is"},
	// "tender it at EU level": the idiom for an EU-wide tender, whose
	// "level" is no "second-level state aid"
	{[]string{"level"}, regexp.MustCompile(`(?i)\b(?:at|on)\s+(?:the\s+)?(?:eu|european|europe)(?:\s+|-)level\b`), "EU-wide"},
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

// English contractions split into two words ("what's" is "what" and "s")
// or run together ("whats", "dont"): the question-type reader knows the
// full forms ("what is", "do not"), so "what's a DAEB?" would not read as
// the definition question "what is a DAEB?" is. Only the clitic after a
// word it contracts with is read: a Dutch "'s" ("risico's") stays.
var (
	// clitics are the second halves of a split contraction, read as the
	// full word after one of the words they contract with.
	clitics = map[string]string{"s": "is", "re": "are", "ve": "have", "ll": "will", "m": "am"}
	// cliticHosts are the words a clitic above contracts with.
	cliticHosts = set(`what who where when why how which that it there here he she we they you i`)
	// notHosts are the verbs whose "n't" is split off as "t" ("don't"
	// is "don" and "t"), with their full form.
	notHosts = map[string]string{"don": "do", "doesn": "does", "didn": "did", "isn": "is", "aren": "are", "wasn": "was",
		"weren": "were", "can": "can", "couldn": "could", "shouldn": "should", "wouldn": "would", "won": "will",
		"haven": "have", "hasn": "has", "mustn": "must", "needn": "need"}
	// runTogether are contractions typed without the apostrophe.
	runTogether = map[string][]string{"whats": {"what", "is"}, "hows": {"how", "is"}, "wheres": {"where", "is"},
		"whos": {"who", "is"}, "thats": {"that", "is"}, "isnt": {"is", "not"}, "dont": {"do", "not"},
		"doesnt": {"does", "not"}, "didnt": {"did", "not"}, "arent": {"are", "not"}, "cant": {"can", "not"},
		"shouldnt": {"should", "not"}, "wasnt": {"was", "not"}, "wont": {"will", "not"}, "havent": {"have", "not"},
		"hasnt": {"has", "not"}}
)

// expandContractions writes the English contractions of ws (lower-case
// words) in full.
func expandContractions(ws []string) []string {
	var out []string
	for i, w := range ws {
		switch {
		case i > 0 && clitics[w] != "" && cliticHosts[ws[i-1]]:
			w = clitics[w]
		case w == "t" && i > 0 && notHosts[ws[i-1]] != "":
			out[len(out)-1] = notHosts[ws[i-1]]
			w = "not"
		case runTogether[w] != nil:
			out = append(out, runTogether[w]...)
			continue
		}
		out = append(out, w)
	}
	return out
}
