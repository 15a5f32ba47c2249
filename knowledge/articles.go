package knowledge

import (
	"regexp"
	"slices"
	"strings"
)

// Questions that name an article of a law and nothing else ("what does
// art. 2.127 Aw say?", "artikel 4:21 awb meaning in english pls", "wat
// regelt artikel 1.20?") ask what that article says. Its number is no word
// of a heading, so the search alone ranks whatever passage happens to cite
// it, or nothing good enough; the card whose lead rests on the article
// answers it.

// articleRefRe finds a reference to an article: "art. 2.127", "artikel
// 4:21", "article 2.82a", "Awb 4:13", "2.127 Aw". The number is in group 1,
// 2 or 3.
var articleRefRe = regexp.MustCompile(`(?i)\b(?:artikelen|artikel|articles|article|art\.?)\s*(\d{1,3}(?:[.:]\d{1,3})?[a-z]?)\b|\b(?:aw|awb|atw)\s+(\d{1,3}[.:]\d{1,3}[a-z]?)\b|\b(\d{1,3}[.:]\d{1,3}[a-z]?)\s+(?:aw|awb|atw)\b`)

// articleKeys returns the articles text refers to, each as Tokenize writes
// its number ("2.127" → "2127", "4:21" → "421"), in order, without
// repeats.
func articleKeys(text string) []string {
	if !strings.ContainsAny(text, "0123456789") {
		return nil
	}
	var out []string
	for _, m := range articleRefRe.FindAllStringSubmatch(text, -1) {
		n := m[1] + m[2] + m[3]
		k := articleKey(n)
		if k != "" && !slices.Contains(out, k) {
			out = append(out, k)
		}
	}
	return out
}

// articleNumFold drops the separators of an article number.
var articleNumFold = strings.NewReplacer(".", "", ":", "")

// articleKey writes an article number as Tokenize does: "2.127" → "2127",
// "2.82A" → "282a".
func articleKey(n string) string { return strings.ToLower(articleNumFold.Replace(n)) }

// cardArticles maps each article the card leads cite to the card units
// (passage numbers) that cite it, in corpus order.
func cardArticles(passages []*Passage) map[string][]int32 {
	out := map[string][]int32{}
	for i, p := range passages {
		if p.card == nil {
			continue
		}
		for _, k := range articleKeys(p.card.Lead) {
			out[k] = append(out[k], int32(i))
		}
	}
	return out
}

// articleLift is the chosen card's score against the best hit's: above
// it also after prefer's discounts for another period or case (0.5 × 0.7).
const articleLift = 4

// articleFrame are the words a question about an article may use beside
// the article: the law's name and what it asks of it ("what does … say",
// "meaning", "wat regelt …").
var articleFrame = wordSet(`art artikel artikelen article articles aw awb atw wet law act aanbestedingswet gemeentewet
procurement algemene bestuursrecht termijnenwet say says said mean means meaning regulate regulates regel regelt
zegt zeggen staat stand betekent betekenis inhoud contain contains content explain uitleg leg uit about over english
engels pls please plz prohibit prohibits forbid forbids require requires allow allows cover covers state states provide
provides govern governs deal deals verbiedt vereist eist`)

// articleOnly returns the one article a question names when it names
// nothing else, "" otherwise.
func articleOnly(text string, gs []group) string {
	keys := articleKeys(text)
	if len(keys) != 1 {
		return ""
	}
	// the words the search reads the number as: "2127" for "2.127", "4"
	// and "21" for "4:21"
	m := articleRefRe.FindStringSubmatch(text)
	pieces := strings.FieldsFunc(strings.ToLower(m[1]+m[2]+m[3]), func(r rune) bool { return r == ':' })
	named := false
	for _, g := range gs {
		w := strings.ToLower(g.word)
		switch {
		case w == keys[0] || slices.Contains(pieces, w):
			named = true
		case articleFrame[w]:
		default:
			return ""
		}
	}
	if !named {
		return ""
	}
	return keys[0]
}

// articleFirst answers a question that names only an article with the
// card that rests on it: the best hit when it is a card whose lead cites
// the article and whose variants name it and no other, else the first card citing it of
// the document that cites it most (in most of its cards; of equals, the
// one with the larger share, then the first). ok reports that it did: the
// question is then about the domain, whatever its other words.
func (ix *index) articleFirst(text string, gs []group, hits []hit) (_ []hit, ok bool) {
	key := articleOnly(text, gs)
	if key == "" {
		return hits, false
	}
	cites := ix.articles[key]
	if len(cites) == 0 {
		return hits, false
	}
	pick := int32(-1)
	if len(hits) > 0 && hits[0].p.card != nil && slices.Contains(cites, hits[0].i) && namesOnly(hits[0].p.card.Variants, key) {
		pick = hits[0].i
	} else {
		per := map[*Document]int{}
		for _, i := range cites {
			per[ix.passages[i].Doc]++
		}
		best, bestShare := 0, 0.0
		for _, i := range cites { // corpus order: the first of equals wins
			d := ix.passages[i].Doc
			share := float64(per[d]) / float64(ix.cardsOf[d])
			if per[d] > best || per[d] == best && share > bestShare {
				best, bestShare, pick = per[d], share, i
			}
		}
	}
	top := float32(1)
	if len(hits) > 0 {
		// well clear of the rest: the words beside the article ("say",
		// "Aw") must not let a qualifier of another card's heading
		// (see prefer) turn the order round
		top = hits[0].score * articleLift
	}
	out := make([]hit, 0, len(hits)+1)
	out = append(out, hit{i: pick, p: ix.passages[pick], score: top, coverage: 1, lead: 1, leadTopic: true, leadDomain: true})
	for _, h := range hits {
		if h.i != pick {
			out = append(out, h)
		}
	}
	return out, true
}

// bareArticleRe finds an article number without the word "article":
// "2.82a and 2.39 together".
var bareArticleRe = regexp.MustCompile(`\b\d{1,3}[.:]\d{1,3}[a-z]?\b`)

// namesOnly reports that the variants name the article key and no other.
func namesOnly(variants []string, key string) bool {
	text := strings.Join(variants, "\n")
	keys := articleKeys(text)
	for _, m := range bareArticleRe.FindAllString(text, -1) {
		if k := articleKey(m); !slices.Contains(keys, k) {
			keys = append(keys, k)
		}
	}
	return slices.Equal(keys, []string{key})
}
