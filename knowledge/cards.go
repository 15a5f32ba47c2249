package knowledge

import (
	"errors"
	"fmt"
	"strings"

	"github.com/BurntSushi/toml"
)

// Card is a curated answer to one question a section answers: the lead the
// user reads first, the ways people ask it, and the sources the lead rests
// on. Cards live beside their document in <topic>.cards.toml; the Dutch and
// English card for one question share their ID.
type Card struct {
	ID       string
	Kind     string // definition, amount, may_must, procedure, time_limit, other
	Doc      *Document
	Section  *Passage // the passage whose text supports the lead
	Lead     string
	Variants []string
	Sources  []Source
	// unit is the card's own retrieval unit in the index (its variants,
	// lead and section heading).
	unit *Passage
}

// Key names a card across the corpus: document id and card id.
func (c *Card) Key() string { return c.Doc.ID + "#" + c.ID }

// Title is what a choice button shows for the card: its first variant,
// which is the question it answers in plain words.
func (c *Card) Title() string {
	if len(c.Variants) > 0 {
		return c.Variants[0]
	}
	return c.Section.Heading
}

// CardsSuffix is how a document's card file is named: nl/x.md has its cards
// in nl/x.cards.toml.
const CardsSuffix = ".cards.toml"

// cardKinds are the kinds a card may declare.
var cardKinds = map[string]bool{"definition": true, "amount": true, "may_must": true, "procedure": true, "time_limit": true, "other": true, "": true}

// maxLeadChars bounds a lead: it is what a person reads first on a phone.
const maxLeadChars = 420

// ParseCards reads a card file for doc and attaches the cards to it. Every
// problem is a *DocError naming the card file and the card.
func ParseCards(name string, data []byte, doc *Document) error {
	var f struct {
		Card []struct {
			ID       string   `toml:"id"`
			Kind     string   `toml:"kind"`
			Section  string   `toml:"section"`
			Lead     string   `toml:"lead"`
			Variants []string `toml:"variants"`
			Sources  []int    `toml:"sources"`
		} `toml:"card"`
	}
	bad := func(format string, args ...any) error {
		return &DocError{File: name, Msg: fmt.Sprintf(format, args...)}
	}
	if len(data) > maxDocBytes {
		return bad("card file is larger than %d bytes", maxDocBytes)
	}
	md, err := toml.Decode(string(data), &f)
	if err != nil {
		var pe toml.ParseError
		if errors.As(err, &pe) {
			return &DocError{File: name, Line: pe.Position.Line, Msg: pe.Message}
		}
		return bad("%v", err)
	}
	if un := md.Undecoded(); len(un) > 0 {
		return bad("unknown key %s (a card has id, kind, section, lead, variants and sources)", un[0])
	}
	seen := map[string]bool{}
	for i, c := range f.Card {
		id := strings.TrimSpace(c.ID)
		where := fmt.Sprintf("card %d", i+1)
		if id != "" {
			where = fmt.Sprintf("card %q", id)
		}
		switch {
		case id == "" || strings.ContainsAny(id, " #"):
			return bad("%s: id is missing or has a space or '#'", where)
		case seen[id]:
			return bad("%s: duplicate id", where)
		case !cardKinds[c.Kind]:
			return bad("%s: kind %q is not one of definition, amount, may_must, procedure, time_limit, other", where, c.Kind)
		case strings.TrimSpace(c.Lead) == "":
			return bad("%s: lead is missing", where)
		case len(c.Lead) > maxLeadChars:
			return bad("%s: lead is %d characters; keep it under %d", where, len(c.Lead), maxLeadChars)
		case len(c.Variants) == 0:
			return bad("%s: no variants (the ways people ask this question)", where)
		}
		seen[id] = true
		var section *Passage
		for _, p := range doc.Passages {
			if strings.EqualFold(strings.TrimSpace(p.Heading), strings.TrimSpace(c.Section)) {
				section = p
				break
			}
		}
		if section == nil {
			return bad("%s: section %q is not a ## heading of %s", where, c.Section, doc.File)
		}
		card := &Card{ID: id, Kind: c.Kind, Doc: doc, Section: section, Lead: strings.TrimSpace(c.Lead)}
		for _, v := range c.Variants {
			if v = strings.TrimSpace(v); v != "" {
				card.Variants = append(card.Variants, v)
			}
		}
		for _, n := range c.Sources {
			if n < 1 || n > len(doc.Sources) {
				return bad("%s: source %d does not exist (the document has %d [[sources]])", where, n, len(doc.Sources))
			}
			card.Sources = append(card.Sources, doc.Sources[n-1])
		}
		if len(card.Sources) == 0 {
			card.Sources = doc.Sources[:1]
		}
		if len(card.Sources) > maxSources {
			card.Sources = card.Sources[:maxSources]
		}
		card.unit = &Passage{Doc: doc, Heading: section.Heading, Text: strings.Join(card.Variants, "\n") + "\n" + card.Lead, Line: section.Line, card: card}
		doc.Cards = append(doc.Cards, card)
	}
	return nil
}
