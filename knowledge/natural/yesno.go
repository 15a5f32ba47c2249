package natural

import (
	"strings"
	"unicode"
)

var yesWords = map[string]bool{
	"ja": true, "j": true, "jawel": true, "jazeker": true, "zeker": true, "klopt": true, "inderdaad": true, "wel": true,
	"yes": true, "y": true, "yep": true, "yeah": true, "sure": true, "correct": true, "true": true, "ok": true, "oké": true, "okay": true,
}

var noWords = map[string]bool{
	"nee": true, "n": true, "neen": true, "nope": true, "niet": true, "geen": true, "nooit": true,
	"no": true, "not": true, "false": true, "never": true, "incorrect": true,
}

// YesNo reads yes or no: "ja", "nee", "yes", "no", "klopt", "nee hoor",
// "ja, dat klopt". A text that says both ("ja nee") or neither is an error.
func YesNo(s string) (bool, error) {
	words := strings.FieldsFunc(strings.ToLower(s), func(r rune) bool {
		return !unicode.IsLetter(r) && r != 'é'
	})
	if len(words) == 0 || len(words) > 8 {
		return false, fail(KindYesNo, s, "")
	}
	// "klopt niet" and "not true" negate.
	if len(words) >= 2 && (words[0] == "klopt" || words[0] == "correct") && (words[1] == "niet" || words[1] == "not") {
		return false, nil
	}
	if len(words) >= 2 && words[0] == "not" && (words[1] == "true" || words[1] == "correct") {
		return false, nil
	}
	first := words[0]
	switch {
	case yesWords[first] && !containsAny(words[1:], noWords, "niet", "geen", "nee", "no", "not"):
		return true, nil
	case noWords[first] && !containsAny(words[1:], yesWords, "ja", "yes"):
		return false, nil
	}
	return false, fail(KindYesNo, s, "")
}

func containsAny(words []string, _ map[string]bool, want ...string) bool {
	for _, w := range words {
		for _, x := range want {
			if w == x {
				return true
			}
		}
	}
	return false
}
