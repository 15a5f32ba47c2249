package understand

import (
	_ "embed"
	"slices"
	"sort"
	"strings"

	"github.com/BurntSushi/toml"
)

//go:embed thesaurus.toml
var thesaurusTOML string

// Thesaurus holds the domain's synonym groups (see thesaurus.toml).
type Thesaurus struct {
	canon   map[string]string     // multi-word term → canonical word
	named   map[string]bool       // the canonical words of multi-word terms
	phrases map[string][][]string // multi-word terms as word lists, by first word
	syn     map[string][]string   // word → the other single words of its groups
	nlSyn   map[string][]string   // the same for the groups that hold in Dutch only
	off     map[string]bool       // off-topic words
	// offHeads are the single off-topic words of six letters or more,
	// sorted: the heads a Dutch compound may end in.
	offHeads []string
	// offLen is the most words an off-topic term has ("cut down a tree")
	offLen  int
	domain  []string        // stems of the domain's terms
	core    []string        // stems of the domain's rules and instruments: see Core
	generic map[string]bool // everyday words that are no domain terms
	// notDomain are words that start with a domain stem but are no
	// domain term: "gebouwd" (built) is not "gebouw", "euro" not "EU".
	notDomain map[string]bool
	// incidental are domain words that say who asks or which step of a
	// procedure, not what about: see Incidental.
	incidental map[string]bool
	// procedural are the incidental words that name a step of a
	// procedure: see Procedural.
	procedural map[string]bool
	foreign    map[string]bool // other countries, as folded phrases
	asker      map[string]bool // who asks, in the domain's words: see Asker
	canonical  map[string]bool // the canonical word of every group
}

// DefaultThesaurus is the embedded thesaurus.
var DefaultThesaurus = mustThesaurus(thesaurusTOML)

func mustThesaurus(src string) *Thesaurus {
	t, err := ParseThesaurus(src)
	if err != nil {
		panic("understand: embedded thesaurus: " + err.Error())
	}
	return t
}

// ParseThesaurus reads a thesaurus in the format of thesaurus.toml.
func ParseThesaurus(src string) (*Thesaurus, error) {
	var f struct {
		Groups   [][]string `toml:"groups"`
		Offtopic []string   `toml:"offtopic"`
		Domain   []string   `toml:"domain"`
		Core     []string   `toml:"core"`
		Generic  []string   `toml:"generic"`
		NotDom   []string   `toml:"notdomain"`
		Incid    []string   `toml:"incidental"`
		Proc     []string   `toml:"procedural"`
		Foreign  []string   `toml:"foreign"`
		NLGroups [][]string `toml:"nlgroups"`
		Asker    []string   `toml:"asker"`
	}
	if _, err := toml.Decode(src, &f); err != nil {
		return nil, err
	}
	t := &Thesaurus{canon: map[string]string{}, named: map[string]bool{}, syn: map[string][]string{}, off: map[string]bool{}, phrases: map[string][][]string{}}
	t.generic = map[string]bool{}
	t.notDomain = map[string]bool{}
	t.incidental, t.procedural, t.foreign = map[string]bool{}, map[string]bool{}, map[string]bool{}
	t.canonical = map[string]bool{}
	t.asker = map[string]bool{}
	for _, w := range f.Asker {
		for _, x := range words(w) {
			t.asker[x] = true
		}
	}
	for _, w := range f.Foreign {
		t.foreign[strings.Join(words(w), " ")] = true
	}
	for _, w := range f.Incid {
		for _, x := range words(w) {
			t.incidental[x] = true
		}
	}
	for _, w := range f.Proc {
		for _, x := range words(w) {
			t.incidental[x] = true
			t.procedural[x] = true
		}
	}
	for _, w := range f.NotDom {
		for _, x := range words(w) {
			t.notDomain[x] = true
		}
	}
	for _, w := range f.Generic {
		for _, x := range words(w) {
			t.generic[x] = true
		}
	}
	for _, d := range f.Domain {
		if ws := words(d); len(ws) > 0 {
			t.domain = append(t.domain, strings.Join(ws, " "))
		}
	}
	for _, d := range f.Core {
		if ws := words(d); len(ws) > 0 {
			t.core = append(t.core, strings.Join(ws, " "))
		}
	}
	for _, w := range f.Offtopic {
		// a multi-word entry ("council tax") is a phrase, not its words
		t.off[strings.Join(words(w), " ")] = true
		t.offLen = max(t.offLen, len(words(w)))
		if ws := words(w); len(ws) == 1 && len(ws[0]) >= 6 {
			t.offHeads = append(t.offHeads, ws[0])
		}
	}
	sort.Strings(t.offHeads)
	for _, g := range f.Groups {
		canon := ""
		var singles []string
		for _, term := range g {
			ws := words(term)
			if len(ws) == 1 {
				if canon == "" {
					canon = ws[0]
				}
				singles = append(singles, ws[0])
			}
		}
		if canon == "" {
			continue
		}
		t.canonical[canon] = true
		for _, term := range g {
			if ws := words(term); len(ws) > 1 {
				key := strings.Join(ws, " ")
				if _, dup := t.canon[key]; !dup {
					t.canon[key] = canon
					t.named[canon] = true
					t.phrases[ws[0]] = append(t.phrases[ws[0]], ws)
				}
			}
		}
		for _, a := range singles {
			for _, b := range singles {
				if a != b {
					t.syn[a] = append(t.syn[a], b)
				}
			}
		}
	}
	t.nlSyn = map[string][]string{}
	for _, g := range f.NLGroups {
		var singles []string
		for _, term := range g {
			if ws := words(term); len(ws) == 1 {
				singles = append(singles, ws[0])
			}
		}
		for _, a := range singles {
			for _, b := range singles {
				if a != b {
					t.nlSyn[a] = append(t.nlSyn[a], b)
				}
			}
		}
	}
	return t, nil
}

// DutchSynonyms returns the other single words of w's Dutch-only groups:
// words that mean the same in a Dutch question ("project" for "opdracht")
// but not in an English one.
func (t *Thesaurus) DutchSynonyms(w string) []string { return t.nlSyn[w] }

// eachPhrase calls fn for every multi-word term written in ws (a tokenized
// text), in text order, with its words and canonical word.
func (t *Thesaurus) eachPhrase(ws []string, fn func(p []string, canon string)) {
	for i := range ws {
		for _, p := range t.phrases[ws[i]] {
			if i+len(p) <= len(ws) && slices.Equal(ws[i:i+len(p)], p) {
				fn(p, t.canon[strings.Join(p, " ")])
			}
		}
	}
}

// Phrases returns the canonical words of the multi-word terms in ws (a
// tokenized text), once each: "right to challenge" gives "uitdaagrecht".
func (t *Thesaurus) Phrases(ws []string) []string {
	var out []string
	for _, m := range t.PhraseMatches(ws) {
		out = append(out, m.Canon)
	}
	return out
}

// PhraseMatch is a multi-word term found in a text: its canonical word and
// the words it was written with.
type PhraseMatch struct {
	Canon string
	Words []string
}

// PhraseMatches returns the multi-word terms in ws (a tokenized text), the
// first occurrence of each canonical word, in text order.
func (t *Thesaurus) PhraseMatches(ws []string) []PhraseMatch {
	var out []PhraseMatch
	seen := map[string]bool{}
	t.eachPhrase(ws, func(p []string, c string) {
		if !seen[c] {
			seen[c] = true
			out = append(out, PhraseMatch{Canon: c, Words: p})
		}
	})
	return out
}

// PhraseWords returns the words of ws that are part of a multi-word term:
// "voren" of "van te voren". Such a word says nothing apart from its term.
func (t *Thesaurus) PhraseWords(ws []string) map[string]bool {
	var out map[string]bool
	t.eachPhrase(ws, func(p []string, _ string) {
		if out == nil {
			out = map[string]bool{}
		}
		for _, w := range p {
			out[w] = true
		}
	})
	return out
}

// IsTerm reports whether w is a single word of a thesaurus group: a term
// of the domain a typo may be corrected to even when the typo is itself a
// word ("verenging" → "vereniging").
func (t *Thesaurus) IsTerm(w string) bool { return len(t.syn[w]) > 0 || t.named[w] }

// Canonical reports whether w is the canonical word of a group, also of
// one whose other terms are all multi-word ("maatschappelijkaanbesteden"
// for "maatschappelijk aanbesteden").
func (t *Thesaurus) Canonical(w string) bool { return t.canonical[w] }

// Names reports a word that a multi-word term of the thesaurus stands
// for ("maatschappelijk aanbesteden", "right to challenge"): a question
// that names it names a term of the domain, however few its words.
func (t *Thesaurus) Names(w string) bool { return t.named[w] }

// SynonymWords returns the single words that have synonyms, sorted.
func (t *Thesaurus) SynonymWords() []string {
	out := make([]string, 0, len(t.syn))
	for w := range t.syn {
		out = append(out, w)
	}
	sort.Strings(out)
	return out
}

// Synonyms returns the other single words of w's groups.
func (t *Thesaurus) Synonyms(w string) []string { return t.syn[w] }

// OffTopic returns the off-topic words of text: subjects a municipality
// handles that Noaber does not (waste, passports, parking, …).
func (t *Thesaurus) OffTopic(text string) []string {
	var out []string
	ws := words(text)
	for i := range ws {
		found := false
		for n := 1; n <= t.offLen && i+n <= len(ws); n++ {
			if p := strings.Join(ws[i:i+n], " "); t.off[p] {
				out = append(out, p)
				found = true
			}
		}
		if !found && len(ws[i]) >= 10 {
			// A Dutch compound is what its last part is:
			// "gemeenteraadsverkiezingen" are elections.
			for _, o := range t.offHeads {
				if len(ws[i]) >= len(o)+4 && strings.HasSuffix(ws[i], o) && !t.domainReaches(ws[i], len(ws[i])-len(o)) {
					out = append(out, o)
					break
				}
			}
		}
	}
	return out
}

// domainReaches reports a domain stem that w starts with and that reaches
// past position at: "banenafspraak" is a term of the domain, not an
// appointment (afspraak), while "bewonersparkeervergunning" is a permit
// whatever its first part is.
func (t *Thesaurus) domainReaches(w string, at int) bool {
	for _, d := range t.domain {
		if len(d) > at && strings.HasPrefix(w, d) {
			return true
		}
	}
	return false
}

// InDomain reports whether text names a term of the domain: a word that
// starts with one of its stems, a multi-word term, or — for a stem of six
// letters or more — a Dutch compound that contains it.
func (t *Thesaurus) InDomain(text string) bool { return t.names(text, t.domain, true) }

// Core reports whether text names one of the domain's own rules or
// instruments (a threshold, a tender, state aid, the right to challenge):
// a word that starts with one of its stems, or a multi-word term. Beside
// such a term an off-topic word is a detail of the question, not its
// subject. Unlike InDomain, a word that only contains a stem does not
// count: "vergunning" is no "gunning".
func (t *Thesaurus) Core(text string) bool { return t.names(text, t.core, false) }

// names reports whether text names one of stems (see InDomain); inside
// tells whether a stem of six letters or more may also stand inside a word.
func (t *Thesaurus) names(text string, stems []string, inside bool) bool {
	ws := words(text)
	joined := " " + strings.Join(ws, " ") + " "
	for _, d := range stems {
		if strings.Contains(d, " ") {
			if strings.Contains(joined, " "+d+" ") || strings.Contains(joined, " "+d) {
				return true
			}
			continue
		}
		for _, w := range ws {
			if t.notDomain[w] {
				continue
			}
			if strings.HasPrefix(w, d) || (inside && len(d) >= 6 && strings.Contains(w, d)) {
				return true
			}
		}
	}
	return false
}

// Incidental reports a domain word that says who asks (a foundation, an
// association, residents) or which step of a procedure is meant (an
// objection, a time limit, a permit), not what the question is about: it
// does not make a story about an off-topic subject ("de aanslag
// rioolheffing klopt niet, binnen welke termijn moet ik bezwaar maken?") a
// question of the domain.
func (t *Thesaurus) Incidental(w string) bool { return t.incidental[w] }

// Foreign returns the other countries text names, each as its words
// ("verenigde staten" → ["verenigde", "staten"]).
func (t *Thesaurus) Foreign(text string) [][]string {
	var out [][]string
	ws := words(text)
	for i := range ws {
		for n := 1; n <= 2 && i+n <= len(ws); n++ {
			if t.foreign[strings.Join(ws[i:i+n], " ")] {
				out = append(out, ws[i:i+n])
			}
		}
	}
	return out
}

// Asker reports a word that says who asks or where, in the domain's own
// words ("buurtinitiatief", "sociale onderneming", "dorp"), beside the
// incidental ones: it names no subject of a question (see asker in
// thesaurus.toml).
func (t *Thesaurus) Asker(w string) bool {
	if t.asker[w] || t.incidental[w] && !t.procedural[w] {
		return true
	}
	// "wijkcentrum" is a "buurthuis"
	for _, s := range t.syn[w] {
		if t.asker[s] || t.incidental[s] && !t.procedural[s] {
			return true
		}
	}
	return false
}

// Procedural reports an incidental word that names a step of a procedure
// ("bezwaar", "termijn", "vergunning"): it anchors no question about an
// off-topic subject in the domain.
func (t *Thesaurus) Procedural(w string) bool { return t.procedural[w] }

// Generic reports an everyday word that is no term of the domain even
// where a document's title or tags use it.
func (t *Thesaurus) Generic(w string) bool { return t.generic[w] }

// GenericWords lists the generic words, for callers that compare stems.
func (t *Thesaurus) GenericWords() []string {
	out := make([]string, 0, len(t.generic))
	for w := range t.generic {
		out = append(out, w)
	}
	sort.Strings(out) // the same order on every call
	return out
}
