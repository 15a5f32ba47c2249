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
// only when a multiplier word is in the text. A sum with a thousand in it
// is written as thousands ("200 thousand", "1200 duizend"); one of
// hundreds before euros as the figure ("1500 euro"); a sum of millions
// alone is left to wordSumRe ("two million").
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
	if !containsAnyOf(low, []string{"duizend", "thousand", "honderd", "hundred"}) {
		return low
	}
	return rewriteSpelled(low, func(s spelledSum) (string, bool) {
		switch {
		case s.thousands != "":
			if s.value%1000 == 0 {
				return strconv.FormatInt(s.value/1000, 10) + " " + s.thousands, true
			}
			return strconv.FormatInt(s.value, 10), true
		case s.euros && s.value < 1000000:
			return strconv.FormatInt(s.value, 10), true // "fifteen hundred euros"
		}
		return "", false
	})
}

// englishSums writes the sums in words of an English text that are
// followed by euros as figures, in the text itself ("two hundred and ten
// thousand euros" is "210,000 euros"), so that neither the amount reader
// nor the search reads them as words: "three years" and "a hundred
// volunteers" stay as they are.
func englishSums(text string) string {
	low := strings.ToLower(text)
	if !strings.Contains(low, "euro") && !strings.Contains(low, "eur ") || !containsAnyOf(low, []string{"hundred", "thousand", "million"}) {
		return text
	}
	return rewriteSpelled(text, func(s spelledSum) (string, bool) {
		return groupThousands(s.value), s.euros
	})
}

// A spelledSum is a sum in words found in a text: text[start:end] is
// value. thousands is the word for thousand it ends on ("thousand",
// "duizend"; "" when it ends on another), euros says euros follow it.
type spelledSum struct {
	start, end int
	value      int64
	thousands  string
	euros      bool
}

// spelledWordRe finds a word of a sum: letters, or tens and units joined
// by a hyphen ("forty-five").
var spelledWordRe = regexp.MustCompile(`\pL+(?:-\pL+)*`)

// spelledScales are the scale words that end a group of a sum.
var spelledScales = map[string]int64{"thousand": 1000, "duizend": 1000, "million": 1000000, "miljoen": 1000000}

// spelledTok is a word of text, lower case; a Dutch word with "duizend"
// at its end ("tweehonderdduizend") is two: its number and "duizend",
// with the same place in text.
type spelledTok struct {
	w          string
	start, end int
}

// rewriteSpelled finds the sums in words of text, the longest from each
// word on, and writes each that write accepts as what it returns. It is
// the one reader of sums in words: spelledSums and englishSums differ only
// in which sums they rewrite and how.
func rewriteSpelled(text string, write func(spelledSum) (string, bool)) string {
	var toks []spelledTok
	for _, loc := range spelledWordRe.FindAllStringIndex(text, -1) {
		w := strings.ToLower(text[loc[0]:loc[1]])
		if pre, ok := strings.CutSuffix(w, "duizend"); ok && pre != "" {
			if _, ok := dutchNumber(pre); ok {
				toks = append(toks, spelledTok{pre, loc[0], loc[1]}, spelledTok{"duizend", loc[0], loc[1]})
				continue
			}
		}
		toks = append(toks, spelledTok{w, loc[0], loc[1]})
	}
	var b strings.Builder
	last := 0
	for i := 0; i < len(toks); {
		s, next, ok := readSpelledSum(text, toks, i)
		if !ok {
			i++
			continue
		}
		out, ok := write(s)
		if !ok {
			i = next
			continue
		}
		b.WriteString(text[last:s.start])
		b.WriteString(out)
		last = s.end
		i = next
	}
	if last == 0 {
		return text
	}
	b.WriteString(text[last:])
	return b.String()
}

// readSpelledSum reads the longest sum in words that starts at toks[i]:
// groups of number words below a thousand, each before a scale word
// smaller than the one before ("one million two hundred thousand"), and
// a last group without one only before euros ("fifty thousand three
// hundred euros"). A sum of hundreds alone ("fifteen hundred", "a
// hundred") counts only before euros, as does one that starts with a bare
// "a" ("a thousand euros"; "a thousand questions" is no sum). It returns
// the sum and the index of the word after it.
func readSpelledSum(text string, toks []spelledTok, i int) (spelledSum, int, bool) {
	w0 := toks[i].w
	if w0 == "and" || spelledScales[w0] > 0 || !numberWord(w0) {
		return spelledSum{}, i, false
	}
	// adjacent: toks[k] follows toks[k-1] with only spaces between
	adjacent := func(k int) bool {
		return toks[k].start == toks[k-1].start || strings.TrimSpace(text[toks[k-1].end:toks[k].start]) == ""
	}
	eurosAfter := func(k int) bool { return euroAfterRe.MatchString(text[toks[k-1].end:]) }
	var total int64
	lastScale := int64(1 << 62)
	var best spelledSum
	bestNext, bareA := -1, false
	k := i
	for k < len(toks) {
		g := k
		for g < len(toks) && (g == k || adjacent(g)) && spelledScales[toks[g].w] == 0 && numberWord(toks[g].w) {
			g++
		}
		if g == k {
			break
		}
		words := make([]string, g-k)
		for x := range words {
			words[x] = toks[k+x].w
		}
		scale := int64(0)
		if g < len(toks) && adjacent(g) {
			scale = spelledScales[toks[g].w]
		}
		if scale == 0 || scale >= lastScale {
			// the last group: "… three hundred euros", "fifteen hundred euros"
			v, ok := spelledGroup(words)
			if ok && (total > 0 || hundredIn(words) && w0 != "hundred" && w0 != "honderd") && eurosAfter(g) {
				best = spelledSum{start: toks[i].start, end: toks[g-1].end, value: total + v, euros: true}
				bestNext, bareA = g, false
			}
			break
		}
		v, ok := spelledGroup(words)
		a := k == i && len(words) == 1 && words[0] == "a"
		if !ok && !a {
			break
		}
		if a {
			v = 1
		}
		total += v * scale
		lastScale = scale
		th := ""
		if scale == 1000 {
			th = toks[g].w
		}
		best = spelledSum{start: toks[i].start, end: toks[g].end, value: total, thousands: th, euros: eurosAfter(g + 1)}
		bestNext, bareA = g+1, bareA || a
		k = g + 1
		if k < len(toks) && !adjacent(k) {
			break
		}
	}
	if bestNext < 0 || bareA && !best.euros {
		return spelledSum{}, i, false
	}
	return best, bestNext, true
}

// spelledGroup reads a group of number words below a thousand ("two
// hundred and ten", "honderd vijftig"), or tens of hundreds ("fifteen
// hundred", "vijftienhonderd").
func spelledGroup(ws []string) (int64, bool) {
	if len(ws) == 2 && (ws[1] == "hundred" || ws[1] == "honderd") {
		if v, ok := enBelowHundred(ws[0]); ok && v >= 10 {
			return int64(v) * 100, true
		}
	}
	if len(ws) == 1 {
		if pre, ok := strings.CutSuffix(ws[0], "honderd"); ok {
			if v, ok := dutchBelowHundred(pre); ok && v >= 10 {
				return int64(v) * 100, true
			}
		}
	}
	if ws[0] == "and" || ws[0] == "a" && (len(ws) == 1 || ws[1] != "hundred") {
		return 0, false // "and thousand", "a a thousand"
	}
	n, ok := spelledNumber(ws)
	return int64(n), ok
}

// hundredIn reports a group with a hundred in it: "three hundred",
// "tweehonderd".
func hundredIn(ws []string) bool {
	for _, w := range ws {
		if strings.Contains(w, "hundred") || strings.Contains(w, "honderd") {
			return true
		}
	}
	return false
}

// euroAfterRe finds euros right after a sum.
var euroAfterRe = regexp.MustCompile(`(?i)^\s*(?:euros?|eur)\b`)

// groupThousands writes v with a comma between thousands: 210000 is
// "210,000".
func groupThousands(v int64) string {
	s := strconv.FormatInt(v, 10)
	var out []byte
	for i := range len(s) {
		if i > 0 && (len(s)-i)%3 == 0 {
			out = append(out, ',')
		}
		out = append(out, s[i])
	}
	return string(out)
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
	if pre, ok := strings.CutSuffix(w, "honderd"); ok {
		if v, ok := dutchBelowHundred(pre); ok && v >= 10 {
			return true // "vijftienhonderd"
		}
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
