package deadlines

import (
	"fmt"
	"strconv"
	"time"

	"github.com/noaber/noaber/bot"
	"github.com/noaber/noaber/bot/when"
)

// draft is a deadline being made in a guided dialogue; it is stored with
// the dialogue, so a restart resumes where the user was.
type draft struct {
	Moment     time.Time       `json:"moment,omitzero"`
	DateOnly   bool            `json:"date_only,omitempty"`
	Title      string          `json:"title,omitempty"`
	Offsets    []time.Duration `json:"offsets,omitempty"`
	OffsetsSet bool            `json:"offsets_set,omitempty"`
	Link       string          `json:"link,omitempty"`
	Info       string          `json:"info,omitempty"`
	Officials  bool            `json:"officials,omitempty"`
	Private    bool            `json:"private,omitempty"`
	// Options are the moments offered with buttons in step "pick".
	Options []time.Time `json:"options,omitempty"`
}

// The dialogue steps.
const (
	stepWhen    = "when"
	stepPick    = "pick"
	stepTitle   = "title"
	stepConfirm = "confirm"
)

// ask moves the dialogue to the first thing still missing, or to the
// confirmation when nothing is.
func (c *Capability) ask(r *bot.Request, d draft, prefix string) ([]bot.Reply, error) {
	l := r.Lang
	join := func(s string) string {
		if prefix == "" {
			return s
		}
		return prefix + "\n" + s
	}
	d.Options = nil
	switch {
	case d.Moment.IsZero():
		if err := r.SetDialogue(Name, stepWhen, d); err != nil {
			return nil, err
		}
		return reply(join(c.askWhen(l, r.Now))), nil
	case d.Title == "":
		if err := r.SetDialogue(Name, stepTitle, d); err != nil {
			return nil, err
		}
		return reply(join(Msgs.T(l, "ask.title", "when", when.Format(d.Moment, l)))), nil
	}
	if err := r.SetDialogue(Name, stepConfirm, d); err != nil {
		return nil, err
	}
	offs := d.Offsets
	if !d.OffsetsSet {
		offs = c.set.offsets
	}
	text := Msgs.T(l, "confirm.text", "title", d.Title, "when", when.Format(d.Moment, l), "list", c.offsetList(d.Moment, d.DateOnly, offs, r.Now, l))
	if d.Officials {
		text += "\n" + Msgs.T(l, "show.audience", "who", Msgs.T(l, "audience.officials"))
	}
	text += "\n" + visibilityText(d.Private, l, 0)
	return []bot.Reply{{Text: join(text), Choices: []bot.Choice{
		{ID: Name + ":save", Label: Msgs.T(l, "button.save"), Style: bot.Primary},
		{ID: Name + ":discard", Label: Msgs.T(l, "button.discard")},
	}}}, nil
}

// askWhen asks for the moment with examples that lie ahead of now: a
// date about two weeks on, and one about five weeks on in figures.
func (c *Capability) askWhen(l bot.Lang, now time.Time) string {
	a := now.In(amsterdam()).AddDate(0, 0, 14)
	b := now.In(amsterdam()).AddDate(0, 0, 35)
	words := fmt.Sprintf("%d %s 17:00", a.Day(), Msgs.T(l, "month."+strconv.Itoa(int(a.Month()))))
	figures := fmt.Sprintf("%d-%d-%d", b.Day(), int(b.Month()), b.Year())
	return Msgs.T(l, "ask.when", "words", words, "figures", figures)
}

// problemText says what is wrong with a typed moment.
func (c *Capability) problemText(l bot.Lang, res resolved, typed string) string {
	typed = cleanText(typed, 60)
	switch res.problem {
	case momentNumber:
		return Msgs.T(l, "moment.number", "text", typed)
	case momentAmbiguous:
		return Msgs.T(l, "moment.ambiguous", "text", typed, "a", when.FormatDate(res.options[0], l), "b", when.FormatDate(res.options[1], l))
	case momentPast:
		if len(res.options) > 0 {
			return Msgs.T(l, "moment.past", "when", when.Format(res.t, l), "suggest", when.Format(res.options[0], l))
		}
		return Msgs.T(l, "moment.past_plain", "when", when.Format(res.t, l))
	case momentImpossible:
		return Msgs.T(l, "moment.impossible", "text", typed)
	case momentWeekday:
		return Msgs.T(l, "moment.weekday", "text", typed)
	case momentApprox:
		return Msgs.T(l, "moment.approx", "text", typed, "when", when.Format(res.t, l))
	case momentFar:
		return Msgs.T(l, "moment.far", "when", when.Format(res.t, l))
	}
	return Msgs.T(l, "moment.unknown", "text", typed)
}

// momentQuestion asks about an unclear moment and keeps the rest of the
// draft in the dialogue.
func (c *Capability) momentQuestion(r *bot.Request, d draft, res resolved, typed string) ([]bot.Reply, error) {
	if !r.Has(bot.RoleOfficial) {
		return reply(Msgs.T(r.Lang, "new.refused")), nil
	}
	text := c.problemText(r.Lang, res, typed)
	d.Moment, d.Options = time.Time{}, res.options
	if len(res.options) == 0 {
		if err := r.SetDialogue(Name, stepWhen, d); err != nil {
			return nil, err
		}
		return reply(text + "\n" + Msgs.T(r.Lang, "ask.when_again")), nil
	}
	if err := r.SetDialogue(Name, stepPick, d); err != nil {
		return nil, err
	}
	var choices []bot.Choice
	for i, o := range res.options {
		choices = append(choices, bot.Choice{ID: fmt.Sprintf("%s:pick:%d", Name, i), Label: when.Format(o, r.Lang), Style: bot.Primary})
	}
	choices = append(choices, bot.Choice{ID: Name + ":other", Label: Msgs.T(r.Lang, "button.other")})
	return []bot.Reply{{Text: text, Choices: choices}}, nil
}

// continueDialogue takes the user's typed answer to the current step.
func (c *Capability) continueDialogue(r *bot.Request) ([]bot.Reply, error) {
	var d draft
	if err := r.Dialogue.Decode(&d); err != nil {
		r.EndDialogue()
		return reply(Msgs.T(r.Lang, "dialogue.lost")), nil
	}
	if !r.Has(bot.RoleOfficial) {
		r.EndDialogue()
		return reply(Msgs.T(r.Lang, "new.refused")), nil
	}
	text := r.Text
	switch r.Dialogue.Step {
	case stepPick:
		if isYes(text) && len(d.Options) == 1 {
			d.Moment = d.Options[0]
			return c.ask(r, d, "")
		}
		fallthrough
	case stepWhen:
		res := c.resolveMoment(text, r.Now)
		if res.problem != momentOK {
			return c.momentQuestion(r, d, res, text)
		}
		d.Moment, d.DateOnly = res.t, res.dateOnly
		return c.ask(r, d, "")
	case stepTitle:
		d.Title = cleanText(text, maxTitle)
		return c.ask(r, d, "")
	case stepConfirm:
		// Before saving, the reminders and the audience can still be set
		// with the same words as on the one-line form.
		switch key, val := keyword(text); key {
		case "offsets":
			offs, msg := parseOffsets(val, r.Lang)
			if msg != "" {
				return c.ask(r, d, msg)
			}
			d.Offsets, d.OffsetsSet = offs, true
			return c.ask(r, d, "")
		case "officials":
			d.Officials = true
			return c.ask(r, d, "")
		case "private", "public":
			d.Private = key == "private"
			return c.ask(r, d, "")
		}
		switch {
		case isYes(text):
			return c.save(r, d, false)
		case isNo(text):
			r.EndDialogue()
			return reply(Msgs.T(r.Lang, "discarded")), nil
		}
		return c.ask(r, d, Msgs.T(r.Lang, "confirm.again"))
	}
	r.EndDialogue()
	return reply(Msgs.T(r.Lang, "dialogue.lost")), nil
}

// dialogueAction handles the dialogue's buttons.
func (c *Capability) dialogueAction(r *bot.Request, what string, index uint64) ([]bot.Reply, error) {
	if r.Dialogue == nil || r.Dialogue.Owner != Name {
		return []bot.Reply{{Text: Msgs.T(r.Lang, "button.expired"), Visibility: bot.Private}}, nil
	}
	var d draft
	if err := r.Dialogue.Decode(&d); err != nil {
		r.EndDialogue()
		return reply(Msgs.T(r.Lang, "dialogue.lost")), nil
	}
	switch what {
	case "save":
		if r.Dialogue.Step != stepConfirm {
			break
		}
		return c.save(r, d, false)
	case "discard":
		r.EndDialogue()
		return reply(Msgs.T(r.Lang, "discarded")), nil
	case "pick":
		if r.Dialogue.Step != stepPick || index >= uint64(len(d.Options)) {
			break
		}
		d.Moment = d.Options[index]
		return c.ask(r, d, "")
	case "other":
		d.Moment, d.Options = time.Time{}, nil
		return c.ask(r, d, "")
	}
	return []bot.Reply{{Text: Msgs.T(r.Lang, "button.expired"), Visibility: bot.Private}}, nil
}

func isYes(s string) bool { return bot.IsWord(Msgs, "words.yes", s) }

func isNo(s string) bool { return bot.IsWord(Msgs, "words.no", s) }
