package knowledge

import (
	"slices"
	"strings"
	"sync"

	"github.com/noaber/noaber/i18n"

	"github.com/noaber/noaber/knowledge/understand"
)

// otherDutchForm finds, for a Dutch question word whose stem no text has,
// the stem of another spelling of the same word that the texts use, where
// the Snowball stemmer leaves the forms apart:
//   - a verb stem in f or s that Dutch writes v or z before an ending:
//     "inschrijf" (as in "inschrijftermijn") is "inschrijven", "lees"
//     "lezen";
//   - a plural in -es of a word in -e: "procedures" is "procedure";
//   - a doubled vowel in the last syllable, or one typed double in chat:
//     "financieel" is "financiële", "sociaale" "sociale".
//
// Only a word no text has is read so: a word of the corpus keeps its own
// stem, and an English word is left to the English rules.
func (ix *index) otherDutchForm(w string) (string, bool) {
	if !ix.an.compounds || len(w) < 4 || understand.IsWordIn(w, "en") && !understand.IsWordIn(w, "nl") {
		return "", false
	}
	var cands []string
	switch last := w[len(w)-1]; last {
	case 'f':
		cands = append(cands, w[:len(w)-1]+"ven")
	case 's':
		cands = append(cands, w[:len(w)-1]+"zen")
		if strings.HasSuffix(w, "es") {
			cands = append(cands, w[:len(w)-1])
		}
	}
	// a doubled vowel in the last syllable: "sociaal", "sociaale"
	for i := len(w) - 2; i >= 1; i-- {
		if strings.IndexByte("aeou", w[i]) >= 0 && w[i] == w[i-1] {
			if i+1 < len(w) && isConsonant(w[i+1]) && (i+2 == len(w) || !isConsonant(w[i+2])) {
				cands = append(cands, w[:i]+w[i+1:])
			}
			break
		}
		if isConsonant(w[i]) && i+1 < len(w) && !isConsonant(w[i+1]) && i < len(w)-3 {
			break // past the last syllable
		}
	}
	for _, c := range cands {
		if st := ix.an.Stem(c); ix.postings[st] != nil {
			return st, true
		}
	}
	return "", false
}

func isConsonant(c byte) bool {
	return c >= 'a' && c <= 'z' && strings.IndexByte("aeiouy", c) < 0
}

// undoubled returns the word of Dutch and of the corpus that w (no word
// itself) is with one doubled vowel typed single: "sociaale" is "sociale",
// "subsidiee" "subsidie".
func (ix *index) undoubled(w string) (string, bool) {
	if !ix.an.compounds {
		return "", false
	}
	for i := 1; i < len(w); i++ {
		if w[i] != w[i-1] || strings.IndexByte("aeou", w[i]) < 0 {
			continue
		}
		u := w[:i] + w[i+1:]
		if _, ok := ix.wordID[u]; ok && understand.IsWordIn(u, "nl") {
			return u, true
		}
	}
	return "", false
}

// weakParticiple returns the infinitive of a Dutch weak past participle,
// also of a separable verb: "geleverd" is "leveren", "vastgelegd"
// "vastleggen" (as "vastlegen", which stems the same), "aangevraagd"
// "aanvragen". Only when that infinitive is a Dutch word and the
// participle is not a word of its own meaning ("gebouw" is no participle).
func weakParticiple(w string) (string, bool) {
	if len(w) < 7 {
		return "", false
	}
	last := w[len(w)-1]
	if last != 'd' && last != 't' {
		return "", false
	}
	pre := ""
	rest := w
	if !strings.HasPrefix(w, "ge") {
		for p := range separableParticles {
			if strings.HasPrefix(w, p+"ge") && (pre == "" || len(p) > len(pre)) {
				pre = p
			}
		}
		if pre == "" {
			return "", false
		}
		rest = w[len(pre):]
	}
	root := rest[2 : len(rest)-1]
	if len(root) < 3 {
		return "", false
	}
	if pre == "" && understand.IsWordIn(w[:len(w)-1]+"en", "nl") {
		return "", false // "gebeurd" is of "gebeuren", whose ge- is its own
	}
	// a short vowel doubles the consonant ("gesteld" is "stellen", not
	// "stelen")
	for _, inf := range []string{pre + root + root[len(root)-1:] + "en", pre + root + "en"} {
		if understand.IsWordIn(inf, "nl") {
			return inf, true
		}
	}
	return "", false
}

// separableParticles are the particles a Dutch separable verb starts with
// ("aan" of "aanvragen", "vast" of "vastleggen").
var separableParticles = map[string]bool{
	"aan": true, "af": true, "bij": true, "door": true, "in": true, "mee": true, "na": true, "om": true,
	"op": true, "over": true, "terug": true, "toe": true, "uit": true, "voor": true, "weg": true, "vast": true,
	"samen": true, "tegen": true, "neer": true, "vrij": true,
}

// knownParts splits a Dutch compound that no text has into words of Dutch,
// and returns the stems of the parts the texts have: "subsidierelatie" is
// "subsidie" + "relatie", and only "subsidie" is searched. Nil when its
// first part is not known, or when a part is no Dutch word (then it is no
// compound but a typo or a foreign word).
func (ix *index) knownParts(w string) []string {
	if !ix.an.compounds || len(w) < minCompound {
		return nil
	}
	inCorpus := func(p string) bool {
		if ix.an.isStop(p) {
			return false
		}
		_, ok := ix.wordID[p]
		return ok || ix.postings[p] != nil
	}
	parts := splitCompound(w, func(p string) bool {
		return inCorpus(p) || len(p) >= 4 && understand.IsWordIn(p, "nl")
	})
	if len(parts) < 2 || !inCorpus(parts[0]) {
		// the texts must know what it is about (the first part), not
		// only what kind of thing it is: "eenmanszaak" is no "zaak" of
		// the domain, "parkeervergunning" no permit of it
		return nil
	}
	var out []string
	for _, p := range parts {
		if inCorpus(p) {
			if st := ix.an.Stem(p); ix.postings[st] != nil && !slices.Contains(out, st) {
				out = append(out, st)
			}
		}
	}
	return out
}

// nlSynonymForms maps the Dutch stem of each thesaurus word to the words
// with that stem, so another form of a word ("gemeent", "aanbestede",
// "subsidies") finds its synonyms as the word itself does.
var nlSynonymForms = sync.OnceValue(func() map[string][]string {
	an := newAnalyzer(i18n.NL)
	m := map[string][]string{}
	for _, w := range understand.DefaultThesaurus.SynonymWords() {
		st := an.Stem(w)
		m[st] = append(m[st], w)
	}
	return m
})

// synonymsOfForm returns, for a Dutch word the thesaurus does not list,
// the thesaurus words with its stem and their synonyms, in a fixed order.
func (ix *index) synonymsOfForm(w string) []string {
	if !ix.an.compounds || understand.IsWordIn(w, "nl") && !strings.HasSuffix(w, "e") {
		// a Dutch word of its own ("uitdaging" is no "uitdagen") keeps
		// its meaning; a chat form ("gemeent") or an inflection in -e
		// ("aanbestede") is the word it is a form of
		return nil
	}
	forms := nlSynonymForms()[ix.an.Stem(w)]
	var out []string
	for _, f := range forms {
		for _, s := range append([]string{f}, understand.DefaultThesaurus.Synonyms(f)...) {
			if s != w && !slices.Contains(out, s) {
				out = append(out, s)
			}
		}
	}
	return out
}

// typoRatio is how many times more passages the word one edit away must
// have for a word that is no word of Dutch or English to be read as its
// typo, however many passages the typo itself is in.
const typoRatio = 8

// commonerWord returns the common corpus word that w, no word of Dutch or
// English but in df passages, is a typo of: a card variant written with a
// typo ("drempl") is in a few passages, the word meant in many. A word of
// Dutch or English, or one whose neighbour is not much commoner, is kept.
func (ix *index) commonerWord(w string, df int) (string, bool) {
	if len(w) < minTypoLen || understand.IsWord(w) {
		return "", false
	}
	c, ok := ix.closest(w, 1, commonTypoDF) // one edit: "inbesteding" is no "aanbesteding"
	if !ok || len(ix.postings[ix.an.Stem(c)]) < typoRatio*df {
		return "", false
	}
	return c, true
}

// joinSpacedCompounds joins two words that chat writes apart with a space
// but Dutch writes as one word the texts use: "drempel bedrag" is
// "drempelbedrag", "vrijwilligers verzekering" "vrijwilligersverzekering".
// A hyphenated pair ("Alcatel-termijn") is written as meant and stays as
// it is, and so does a pair of which a word is a stop word or part of a
// multi-word term of the thesaurus. The last pair of a chain of hyphens
// is chat's: "de-minimis-grens" is the "de-minimisgrens" the texts
// write, not "de minimis" and a "grens" of its own (the threshold of a
// tender).
func (ix *index) joinSpacedCompounds(text string) string {
	locs := letterRun.FindAllStringIndex(text, -1)
	var b strings.Builder
	last := 0
	for i := 0; i+1 < len(locs); i++ {
		a, c := locs[i], locs[i+1]
		if sep := text[a[1]:c[0]]; sep != " " && !(sep == "-" && a[0] > 0 && text[a[0]-1] == '-') {
			continue
		}
		w1, w2 := Tokenize(text[a[0]:a[1]]), Tokenize(text[c[0]:c[1]])
		if len(w1) != 1 || len(w2) != 1 || len(w1[0]) < 3 || len(w2[0]) < 4 || ix.an.isStop(w1[0]) || ix.an.isStop(w2[0]) {
			continue
		}
		if _, ok := ix.wordID[w1[0]+w2[0]]; !ok {
			continue
		}
		if in := understand.DefaultThesaurus.PhraseWords([]string{w1[0], w2[0]}); in[w1[0]] && in[w2[0]] {
			continue
		}
		b.WriteString(text[last:a[0]])
		b.WriteString(w1[0] + w2[0])
		last = c[1]
		i++
	}
	if last == 0 {
		return text
	}
	b.WriteString(text[last:])
	return b.String()
}

// verbOfThirdPerson finds, for a Dutch verb form in -t that few texts
// have ("inkoopt", "aanbesteedt"), the stem of the verb the texts use in
// its other forms ("inkopen", "aanbesteden"): the Snowball stemmer keeps
// the -t, so the rare form would weigh like the rarest term of the domain
// while it means what the common verb means. A word many texts have
// ("markt", "recht") keeps its own stem.
func (ix *index) verbOfThirdPerson(w, st string) (string, bool) {
	if !ix.an.compounds || len(w) < 6 || w[len(w)-1] != 't' || len(ix.postings[st]) > rareForm {
		return "", false
	}
	v := ix.an.Stem(w[:len(w)-1])
	if v == st || len(ix.postings[v]) < commonForm*max(1, len(ix.postings[st])) {
		return "", false
	}
	return v, true
}

// rareForm is how many texts a verb form in -t may have to be read as its
// verb; commonForm how many times as many texts the verb must have.
const (
	rareForm   = 4
	commonForm = 4
)
