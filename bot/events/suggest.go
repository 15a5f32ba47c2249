package events

import (
	"strconv"
	"strings"

	"github.com/noaber/noaber/bot"
	"github.com/noaber/noaber/bot/store"
	"github.com/noaber/noaber/bot/when"
)

// Suggest returns upcoming events whose number or title contains prefix,
// as choices whose ID is the event number — for autocomplete. Titles and
// dates only: events are public, attendees are not.
func (s *Events) Suggest(prefix string, lang bot.Lang) []bot.Choice {
	p := strings.ToLower(strings.TrimSpace(prefix))
	var out []bot.Choice
	_ = s.db.View(func(tx *store.Tx) error {
		evs, err := Upcoming(tx, s.clock.Now())
		if err != nil {
			return err
		}
		for _, e := range evs {
			id := strconv.FormatUint(e.ID, 10)
			if p == "" || strings.HasPrefix(id, p) || strings.Contains(strings.ToLower(e.Title), p) {
				label := "#" + id + " " + e.Title + " — " + when.Format(e.Start, lang)
				if len(label) > 100 { // platforms cap suggestion labels at 100 bytes
					label = strings.ToValidUTF8(label[:97], "") + "…" // "…" is 3 bytes
				}
				out = append(out, bot.Choice{ID: id, Label: label})
			}
		}
		return nil
	})
	return out
}
