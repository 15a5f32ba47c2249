package deadlines

import (
	"fmt"
	"strings"

	"github.com/noaber/noaber/bot"
	"github.com/noaber/noaber/bot/when"
)

// The guided "deadline nieuw" can be stepped away from (bot.Resumer):
// while it waits, a question or another command is answered by its
// capability, the draft stays, and "verder" asks its question again.

var _ bot.Resumer = (*Capability)(nil)

// Waiting reports whether a deadline draft waits for an answer.
func (c *Capability) Waiting(r *bot.Request) (string, bool) {
	d := r.Dialogue
	if d == nil || d.Owner != Name {
		return "", false
	}
	switch d.Step {
	case stepWhen, stepPick, stepTitle, stepConfirm:
		return Msgs.T(r.Lang, "dialogue.open_new"), true
	}
	return "", false
}

// Expects reports whether r is input the open step takes first: stop, a
// deadlines command, a moment the "when" step understands, yes to the one
// offered moment, and yes/no or a setting at the confirmation. A title is
// free text and not claimed here: it still reaches the draft when no
// other capability takes it, and a clear question is answered instead.
func (c *Capability) Expects(r *bot.Request) bool {
	d := r.Dialogue
	if d == nil || d.Owner != Name {
		return false
	}
	text := strings.TrimSpace(r.Text)
	if isStopWord(text) || isStopWord(strings.ToLower(text)) {
		return true
	}
	if _, ok := parseCommand(text); ok {
		return true
	}
	switch d.Step {
	case stepPick:
		if isYes(text) {
			return true
		}
		fallthrough
	case stepWhen:
		return c.resolveMoment(text, r.Now).problem == momentOK
	case stepConfirm:
		if key, _ := keyword(text); key != "" {
			return true
		}
		return isYes(text) || isNo(text)
	}
	return false
}

// Resume asks the open step's question again.
func (c *Capability) Resume(r *bot.Request) ([]bot.Reply, error) {
	var d draft
	if r.Dialogue == nil || r.Dialogue.Owner != Name || r.Dialogue.Decode(&d) != nil {
		return []bot.Reply{{Text: bot.Msgs.T(r.Lang, "dialogue.nothing_open")}}, nil
	}
	if r.Dialogue.Step == stepPick && len(d.Options) > 0 {
		var choices []bot.Choice
		for i, o := range d.Options {
			choices = append(choices, bot.Choice{ID: fmt.Sprintf("%s:pick:%d", Name, i), Label: when.Format(o, r.Lang), Style: bot.Primary})
		}
		choices = append(choices, bot.Choice{ID: Name + ":other", Label: Msgs.T(r.Lang, "button.other")})
		return []bot.Reply{{Text: Msgs.T(r.Lang, "ask.when_again"), Choices: choices}}, nil
	}
	return c.ask(r, d, "")
}
