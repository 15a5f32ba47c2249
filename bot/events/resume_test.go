package events

import (
	"context"
	"testing"

	"github.com/noaber/noaber/bot"
	"github.com/noaber/noaber/bot/runtime"
)

// answerer stands in for the question answerer: it takes any text.
type answerer struct{}

func (answerer) Name() string  { return "ask" }
func (answerer) TakesAnyText() {}
func (answerer) Handle(_ context.Context, r *bot.Request) ([]bot.Reply, bool, error) {
	return []bot.Reply{{Text: "ANSWER " + r.Text}}, true, nil
}

func (h *harness) withAnswerer() {
	h.t.Helper()
	roles := runtime.NewRoles(h.db, map[bot.Role][]string{bot.RoleOrganiser: {"discord:org"}})
	var err error
	h.rt, err = runtime.NewRouter(runtime.RouterConfig{DB: h.db, Roles: roles, Clock: h.clock}, h.ev, answerer{})
	if err != nil {
		h.t.Fatal(err)
	}
}

// A question inside the attendee question's dialogue is answered and the
// dialogue stays; "verder" asks the organiser's question again; the
// answer is then kept.
func TestAnswerDialogueStepsAside(t *testing.T) {
	h := newHarness(t, Config{})
	h.withAnswerer()
	h.say("discord:org", "evenement nieuw 12 december 19:30 | Avond | vraag Welke organisatie?")
	mustContain(t, text(h.say("discord:ann", "aanmelden 1")), "Welke organisatie?")
	mustContain(t, text(h.say("discord:ann", "wat is het uitdaagrecht?")),
		"ANSWER wat is het uitdaagrecht?", "Je antwoord op de vraag bij evenement #1 staat nog open", "verder")
	mustContain(t, text(h.say("discord:ann", "verder")), "Welke organisatie?")
	mustContain(t, text(h.say("discord:ann", "Buurtkracht")), "bewaard")
	mustContain(t, text(h.say("discord:ann", "verder")), "niets open")
}

// The guided creation steps aside for a question, resumes with "verder",
// and takes the attendees' question (a question!) as its answer.
func TestGuidedCreationStepsAside(t *testing.T) {
	h := newHarness(t, Config{})
	h.withAnswerer()
	mustContain(t, text(h.sayDM("discord:org", "evenement nieuw")), "Wanneer begint het")
	mustContain(t, text(h.sayDM("discord:org", "hoe werkt het uitdaagrecht?")), "ANSWER", "Je nieuwe evenement staat nog open")
	mustContain(t, text(h.sayDM("discord:org", "verder")), "Wanneer begint het")
	mustContain(t, text(h.sayDM("discord:org", "12 december 19:30")), "Hoe heet")
	mustContain(t, text(h.sayDM("discord:org", "Netwerkavond")), "Hoeveel plaatsen")
	mustContain(t, text(h.sayDM("discord:org", "25")), "Waar is het")
	mustContain(t, text(h.sayDM("discord:org", "geen")), "één vraag")
	mustContain(t, text(h.sayDM("discord:org", "Namens wie kom je?")), "Evenement #1 staat erin")
	if ev := h.event(1); ev.Question != "Namens wie kom je?" {
		t.Errorf("question %q", ev.Question)
	}
	h.sayDM("discord:org", "evenement nieuw")
	mustContain(t, text(h.sayDM("discord:org", "stop")), "Gestopt")
	mustContain(t, text(h.sayDM("discord:org", "verder")), "niets open")
}
