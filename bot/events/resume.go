package events

import (
	"strings"

	"github.com/noaber/noaber/bot"
	"github.com/noaber/noaber/bot/store"
)

// The events dialogues (the attendee question, the guided creation) can
// be stepped away from (bot.Resumer): while one waits, a question or
// another command is answered by its capability, the dialogue stays open,
// and "verder" asks its question again.

var _ bot.Resumer = (*Events)(nil)

// Waiting reports whether an events dialogue waits for an answer.
func (s *Events) Waiting(r *bot.Request) (string, bool) {
	d := r.Dialogue
	if d == nil || d.Owner != Name {
		return "", false
	}
	switch {
	case d.Step == "answer":
		var a answerData
		if d.Decode(&a) != nil || a.Event == 0 {
			return "", false
		}
		return t(r, "dialogue.open_answer", "id", a.Event), true
	case strings.HasPrefix(d.Step, "new."):
		return t(r, "dialogue.open_new"), true
	}
	return "", false
}

// Expects reports whether r is input the open step takes first: the
// dialogue's own words (stop, skip, none), an events command, a value the
// structured steps (when, places) accept, and any text at the step that
// asks for the attendees' question. Free text (an answer, a title, a
// place) is not claimed here: it still reaches the dialogue when
// no other capability takes it, and a clear question is answered instead.
func (s *Events) Expects(r *bot.Request) bool {
	d := r.Dialogue
	if d == nil || d.Owner != Name {
		return false
	}
	lower := strings.ToLower(strings.TrimSpace(r.Text))
	if isStop(lower) || isNone(lower) {
		return true
	}
	if isSkip(lower) {
		return true
	}
	if _, ok := parseCommand(r.Text); ok {
		return true
	}
	step, ok := strings.CutPrefix(d.Step, "new.")
	if ok && step == fQuestion {
		return lower != "" // the question for attendees is a question
	}
	if !ok || (step != fWhen && step != fMax) {
		return false
	}
	var g guidedData
	_ = d.Decode(&g)
	fields := map[string]string{step: r.Text}
	for k, v := range g.Fields {
		if k != step {
			fields[k] = v
		}
	}
	var scratch Event
	return apply(&scratch, fields, r.Now, s.cfg, false) == nil
}

// Resume asks the open step's question again.
func (s *Events) Resume(r *bot.Request) ([]bot.Reply, error) {
	d := r.Dialogue
	if d == nil || d.Owner != Name {
		return []bot.Reply{{Text: bot.Msgs.T(r.Lang, "dialogue.nothing_open")}}, nil
	}
	if step, ok := strings.CutPrefix(d.Step, "new."); ok {
		return []bot.Reply{private(t(r, "guided."+step))}, nil
	}
	var a answerData
	if d.Decode(&a) == nil && a.Event != 0 {
		var ev Event
		if err := s.view(func(tx *store.Tx) (err error) { ev, err = Get(tx, a.Event); return err }); err == nil && ev.Question != "" {
			return []bot.Reply{private(t(r, "question.ask", "question", ev.Question, "id", a.Event))}, nil
		}
	}
	r.EndDialogue()
	return []bot.Reply{{Text: bot.Msgs.T(r.Lang, "dialogue.nothing_open")}}, nil
}
