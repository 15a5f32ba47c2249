package understand

import (
	"regexp"
	"strconv"
	"strings"
)

// Sums spelled out in words, as people type them in chat: "two hundred
// thousand euros a year", "tweehonderdvijftigduizend euro", "honderd
// vijftig duizend", "anderhalve ton", "tweeënhalve ton", "two and a half
// million". spelledSums writes them as figures before the amounts are
// read ("200 thousand", "250 duizend", "1,5 ton"), so a case with a sum in
// words is computed like one with digits. Only a number word directly
// before "duizend"/"thousand", or a half before "ton"/"miljoen"/"million",
// is read: "a thousand questions" and "three people" stay words.

// spelledHalfRe finds "N and a half" before a multiplier: "twee en een
// halve ton", "tweeenhalf miljoen" (folded "tweeënhalf"), "two and a half
// million", and "anderhalve ton" (wordSumRe reads "anderhalf").
var spelledHalfRe = regexp.MustCompile(`\b(?:(een|twee|drie|vier|vijf|zes|zeven|acht|negen|one|two|three|four|five|six|seven|eight|nine)(?:\s+en\s+een\s+|en|\s+and\s+a\s+)(half|halve)|(anderhalve|een\s+halve))\s+(miljoen|million|ton)\b`)

// spelledSums returns low (lower case, folded) with its sums in words
// written as figures. It is cheap when there is nothing to do: it looks
// only when a multiplier word is in the text.
func spelledSums(low string) string {
	if strings.Contains(low, "half") || strings.Contains(low, "halve") {
		low = spelledHalfRe.ReplaceAllStringFunc(low, func(m string) string {
			sub := spelledHalfRe.FindStringSubmatch(m)
			switch {
			case sub[3] == "anderhalve":
				return "1,5 " + sub[4]
			case sub[3] != "":
				return "0,5 " + sub[4]
			}
			n := spelledUnits[sub[1]]
			sep := "."
			if dutchSumWord[sub[1]] {
				sep = ","
			}
			return strconv.Itoa(n) + sep + "5 " + sub[4]
		})
	}
	if !strings.Contains(low, "duizend") && !strings.Contains(low, "thousand") {
		return low
	}
	ws := strings.Fields(low)
	changed := false
	for i := 0; i < len(ws); i++ {
		w := strings.Trim(ws[i], ".,;:!?()\"'")
		switch {
		case w == "thousand" || w == "duizend":
			// "two hundred thousand", "honderd vijftig duizend": the number
			// words right before it
			j := i
			for j > 0 && numberWord(strings.TrimRight(ws[j-1], ",")) {
				j--
			}
			if j == i {
				continue
			}
			n, ok := spelledNumber(ws[j:i])
			if !ok {
				continue
			}
			ws = append(ws[:j], append([]string{strconv.Itoa(n)}, ws[i:]...)...)
			i = j + 1
			changed = true
		case strings.HasSuffix(w, "duizend") && len(w) > len("duizend"):
			// "tweehonderdvijftigduizend": one word
			pre := strings.TrimSuffix(w, "duizend")
			n, ok := dutchNumber(pre)
			if !ok || !strings.HasPrefix(ws[i], w) {
				continue
			}
			ws[i] = strconv.Itoa(n) + " duizend" + ws[i][len(w):]
			changed = true
		}
	}
	if !changed {
		return low
	}
	return strings.Join(ws, " ")
}

var (
	spelledUnits = map[string]int{"een": 1, "one": 1, "twee": 2, "two": 2, "drie": 3, "three": 3, "vier": 4, "four": 4,
		"vijf": 5, "five": 5, "zes": 6, "six": 6, "zeven": 7, "seven": 7, "acht": 8, "eight": 8, "negen": 9, "nine": 9}
	spelledTeens = map[string]int{"ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15,
		"sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19,
		"tien": 10, "elf": 11, "twaalf": 12, "dertien": 13, "veertien": 14, "vijftien": 15, "zestien": 16, "zeventien": 17,
		"achttien": 18, "negentien": 19}
	spelledTens = map[string]int{"twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70,
		"eighty": 80, "ninety": 90,
		"twintig": 20, "dertig": 30, "veertig": 40, "vijftig": 50, "zestig": 60, "zeventig": 70, "tachtig": 80, "negentig": 90}
)

// numberWord reports a word that may be part of a number in words:
// "two", "hundred", "and", "forty-five", "tweehonderd", "vijftig".
func numberWord(w string) bool {
	switch w {
	case "hundred", "honderd", "and", "a":
		return true
	}
	if _, ok := dutchNumber(w); ok {
		return true
	}
	_, ok := enBelowHundred(w)
	return ok
}

// spelledNumber reads the number words before "thousand"/"duizend" as a
// number from 1 to 999: "two hundred", "a hundred and fifty", "forty-five",
// "honderd vijftig", "twee honderd". A sequence that is no number ("and",
// "a", "two three") is not read.
func spelledNumber(ws []string) (int, bool) {
	for len(ws) > 0 && (ws[0] == "and" || ws[0] == "a" && (len(ws) == 1 || ws[1] != "hundred")) {
		ws = ws[1:] // "… and thousand", "a thousand": the words before
	}
	if len(ws) == 0 {
		return 0, false
	}
	// Dutch words may be typed apart: "twee honderd vijftig" is
	// "tweehonderdvijftig"
	joined := strings.Join(ws, "")
	if n, ok := dutchNumber(joined); ok {
		return n, true
	}
	n, hundreds, rest := 0, false, false
	for i, w := range ws {
		switch {
		case w == "a" || w == "one":
			if i+1 >= len(ws) || ws[i+1] != "hundred" || hundreds || n > 0 {
				if w == "a" || rest {
					return 0, false
				}
				n, rest = n+1, true
				continue
			}
			n = 1
		case w == "hundred":
			if hundreds || rest {
				return 0, false
			}
			n, hundreds = max(n, 1)*100, true
		case w == "and":
			if !hundreds || rest || i == len(ws)-1 {
				return 0, false
			}
		default:
			v, ok := enBelowHundred(w)
			if !ok {
				return 0, false
			}
			if i+1 < len(ws) && ws[i+1] == "hundred" {
				if v > 9 || n > 0 {
					return 0, false
				}
				n = v
				continue
			}
			if rest {
				return 0, false
			}
			n, rest = n+v, true
		}
	}
	return n, n > 0 && n < 1000
}

// enBelowHundred reads an English number word below a hundred: "seven",
// "fifteen", "forty", "forty-five".
func enBelowHundred(w string) (int, bool) {
	if v, ok := spelledUnits[w]; ok && !dutchSumWord[w] {
		return v, true
	}
	if v, ok := spelledTeens[w]; ok {
		return v, true
	}
	if v, ok := spelledTens[w]; ok {
		return v, true
	}
	if a, b, ok := strings.Cut(w, "-"); ok && spelledTens[a] > 0 && spelledUnits[b] > 0 && !dutchSumWord[b] {
		return spelledTens[a] + spelledUnits[b], true
	}
	return 0, false
}

// dutchNumber reads a Dutch number word from 1 to 999, written as one word
// (folded, so "ë" is "e"): "vijf", "twaalf", "vijftig", "vijfenzeventig",
// "tweeentwintig", "honderd", "tweehonderdvijftig", "honderdtwintig".
func dutchNumber(w string) (int, bool) {
	if w == "" {
		return 0, false
	}
	n := 0
	if i := strings.Index(w, "honderd"); i >= 0 {
		h := 1
		if i > 0 {
			v, ok := dutchUnit(w[:i])
			if !ok {
				return 0, false
			}
			h = v
		}
		n = 100 * h
		w = w[i+len("honderd"):]
		if w == "" {
			return n, true
		}
		w = strings.TrimPrefix(w, "en") // "honderdentwintig" is rare, but said
		if w == "" {
			return 0, false
		}
	}
	v, ok := dutchBelowHundred(w)
	if !ok {
		return 0, false
	}
	return n + v, true
}

// dutchUnit reads "twee" … "negen" (and "een"), the only words before
// "honderd".
func dutchUnit(w string) (int, bool) {
	if !dutchSumWord[w] {
		return 0, false
	}
	v, ok := spelledUnits[w]
	return v, ok
}

// dutchBelowHundred reads "zeven", "vijftien", "zestig", "vijfenzestig",
// "drieentwintig".
func dutchBelowHundred(w string) (int, bool) {
	if v, ok := dutchUnit(w); ok {
		return v, true
	}
	if v, ok := spelledTeens[w]; ok && w != "ten" && w != "eleven" && w != "twelve" && !strings.HasSuffix(w, "teen") {
		return v, true
	}
	if v, ok := spelledTens[w]; ok && !strings.HasSuffix(w, "ty") {
		return v, true
	}
	// "<unit>en<tens>", folded "tweeentwintig" = "twee" + "en" + "twintig"
	for t, tv := range spelledTens {
		if strings.HasSuffix(t, "ty") || !strings.HasSuffix(w, "en"+t) {
			continue
		}
		if u, ok := dutchUnit(strings.TrimSuffix(w, "en"+t)); ok {
			return u + tv, true
		}
	}
	return 0, false
}
