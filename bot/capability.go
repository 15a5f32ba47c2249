package bot

import (
	"context"
	"encoding/json"
	"time"
)

// Capability is one thing the bot can do (answer questions, run checks,
// keep deadlines, run events). Capabilities are registered with the Router
// in order; the first that takes a message handles it.
type Capability interface {
	// Name identifies the capability in logs, metrics, stored dialogues and
	// choice ids ("check", "deadlines").
	Name() string
	// Handle answers r, or returns handled=false when r is not for this
	// capability. An error is logged and the user gets a generic apology in
	// their language; return translated replies for anything the user can
	// fix.
	Handle(ctx context.Context, r *Request) (replies []Reply, handled bool, err error)
}

// HelpEntry is one line of the help overview.
type HelpEntry struct {
	Command string // what to type, e.g. "deadline nieuw <wanneer> | <titel>"
	Text    string // what it does
}

// Helper is implemented by capabilities that appear in help/hulp.
type Helper interface {
	Help(lang Lang, roles []Role) []HelpEntry
}

// Request is one inbound event as a capability sees it.
type Request struct {
	In   Inbound
	User User // with all roles merged in User.Roles
	Lang Lang
	// Text is In.Text with surrounding space trimmed and runs of white
	// space folded.
	Text string
	Now  time.Time
	// Dialogue is the user's open dialogue in this conversation, or nil.
	Dialogue *Dialogue

	dialogueSet   *Dialogue
	dialogueEnded bool
	dialogueRead  []byte  // the stored record Dialogue was read from
	dialogueLang  Lang    // the open dialogue's language, unless the user chose one
	expensive     Allower // nil allows everything
}

// Allower limits expensive work per user; the runtime supplies one that
// counts its refusals.
type Allower interface {
	Allow(userID string, now time.Time) bool
}

// Bind is for the runtime, before any capability sees r: read is the stored
// dialogue record r.Dialogue was decoded from, dialogueLang the language
// the open dialogue started in (unless the user chose one), expensive the
// per-user limit on expensive work.
func (r *Request) Bind(read []byte, dialogueLang Lang, expensive Allower) {
	r.dialogueRead, r.dialogueLang, r.expensive = read, dialogueLang, expensive
}

// StoredDialogue is the stored dialogue record r.Dialogue was read from.
func (r *Request) StoredDialogue() []byte { return r.dialogueRead }

// DialogueLang is the language the open dialogue started in, or "" when
// the user chose one since.
func (r *Request) DialogueLang() Lang { return r.dialogueLang }

// DialogueChange reports what the capability did to the user's dialogue:
// set (SetDialogue), ended (EndDialogue), or neither.
func (r *Request) DialogueChange() (set *Dialogue, ended bool) {
	return r.dialogueSet, r.dialogueEnded
}

type requestKey struct{}

// AllowExpensive reports whether the user whose message ctx is handling may
// cause expensive work now; see Request.AllowExpensive. Code that does not
// see the Request — an LLM client deep inside the knowledge engine — calls
// this with the ctx it was given. Outside a request it allows.
func AllowExpensive(ctx context.Context) bool {
	r, ok := ctx.Value(requestKey{}).(*Request)
	if !ok {
		return true
	}
	return r.AllowExpensive()
}

// AllowExpensive reports whether the user may cause expensive work now
// (an LLM call); the runtime's Allower counts a refusal. When it
// returns false, do the cheap thing instead (answer from the knowledge base
// without the LLM) or reply with Msgs.T(r.Lang, "limit.expensive").
func (r *Request) AllowExpensive() bool {
	return r.expensive == nil || r.expensive.Allow(r.User.ID, r.Now)
}

// Has reports whether the user has role (admin has all).
func (r *Request) Has(role Role) bool { return HasRole(r.User.Roles, role) }

// IsAction reports whether this is a button click.
func (r *Request) IsAction() bool { return r.In.Action != nil }

// ActionID returns the clicked choice id, or "".
func (r *Request) ActionID() string {
	if r.In.Action == nil {
		return ""
	}
	return r.In.Action.ID
}

// SetDialogue starts or advances the user's dialogue in this conversation;
// the router stores it after Handle returns, so a restart resumes there.
// data is encoded as JSON.
func (r *Request) SetDialogue(owner, step string, data any) error {
	raw, err := json.Marshal(data)
	if err != nil {
		return err
	}
	d := &Dialogue{Owner: owner, Step: step, Data: raw, Updated: r.Now, Lang: r.Lang}
	if r.Dialogue != nil && r.Dialogue.Owner == owner {
		d.Started = r.Dialogue.Started
		if r.dialogueLang.Valid() {
			d.Lang = r.dialogueLang
		}
	} else {
		d.Started = r.Now
	}
	r.dialogueSet, r.dialogueEnded = d, false
	return nil
}

// EndDialogue closes the user's dialogue in this conversation.
func (r *Request) EndDialogue() { r.dialogueSet, r.dialogueEnded = nil, true }

// Interrupter is implemented by capabilities whose commands must work even
// while the user is answering another capability's dialogue: a data-subject
// request ("vergeet mij") must not be read as an answer to a check question.
type Interrupter interface {
	// Interrupts reports whether r is one of the capability's commands.
	Interrupts(r *Request) bool
}

// Resumer is implemented by capabilities whose dialogues ask questions the
// user may step away from. While such a dialogue waits for an answer, the
// router hands the owner only what it expects; an explicit command of
// another capability, help, a privacy request or a clear question is
// answered by its capability instead, the dialogue stays open and the reply
// says how to return ("verder" / "continue").
type Resumer interface {
	// Waiting reports whether the open dialogue (r.Dialogue, owned by this
	// capability) waits for an answer, and names it for the reminder
	// ("Je check" / "Your check") in r.Lang.
	Waiting(r *Request) (what string, ok bool)
	// Expects reports whether r is input the open dialogue takes: an answer
	// the open question accepts (a typed option, the number of a numbered
	// choice, an amount or date it expects) or one of the dialogue's own
	// words (back, stop, why). Expected input goes to the owner first.
	Expects(r *Request) bool
	// Resume asks the open question again.
	Resume(r *Request) ([]Reply, error)
}

// Fallback is implemented by the capability that takes any text (the
// question answerer). While a dialogue waits for an answer it is offered
// only messages that are clearly questions.
type Fallback interface {
	TakesAnyText()
}

// WithRequest returns ctx carrying r, for AllowExpensive deep inside a
// capability; the runtime calls it before Handle.
func WithRequest(ctx context.Context, r *Request) context.Context {
	return context.WithValue(ctx, requestKey{}, r)
}
