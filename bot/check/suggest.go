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
