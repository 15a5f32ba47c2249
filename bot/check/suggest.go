package check

import (
	"strings"

	"github.com/noaber/noaber/bot"
)

// Suggest returns the checks whose id or title contains prefix, as choices
// whose ID is the check id — for autocomplete on platforms that have it.
func (c *Capability) Suggest(prefix string, lang bot.Lang) []bot.Choice {
	p := strings.ToLower(strings.TrimSpace(prefix))
	var out []bot.Choice
	for _, ch := range c.set.Checks() {
		title := ch.Title.In(lang)
		if p == "" || strings.Contains(ch.ID, p) || strings.Contains(strings.ToLower(title), p) {
			out = append(out, bot.Choice{ID: ch.ID, Label: title})
		}
	}
	return out
}

// CheckFor returns the id of the loaded check an answer from documents
// with tags should point to, from the checks' hint_tags: the first tag
// that holds a check's hint word decides, then the checks' order. ""
// when none fits.
func (c *Capability) CheckFor(tags []string) string {
	for _, t := range tags {
		t = squash(t)
		for _, ch := range c.set.Checks() {
			for _, h := range ch.HintTags {
				if h = squash(h); h != "" && strings.Contains(t, h) {
					return ch.ID
				}
			}
		}
	}
	return ""
}

// squash lowercases s and drops spaces, hyphens and underscores, so
// "Right to Challenge" finds "righttochallenge".
func squash(s string) string {
	return strings.Map(func(r rune) rune {
		if r == ' ' || r == '-' || r == '_' {
			return -1
		}
		return r
	}, strings.ToLower(s))
}
