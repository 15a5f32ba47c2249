package deadlines

import (
	"context"
	"testing"

	"github.com/noaber/noaber/bot"
	"github.com/noaber/noaber/bot/runtime"
	"github.com/noaber/noaber/bot/store"
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
	var err error
	h.router, err = runtime.NewRouter(runtime.RouterConfig{DB: h.db, Roles: h.cap.deps.Roles.(*runtime.Roles), Clock: h.clk, Log: quiet}, h.cap, answerer{})
	if err != nil {
		h.t.Fatal(err)
	}
}

func (h *harness) step(u bot.User, conv bot.Conversation) string {
	h.t.Helper()
	var step string
	_ = h.db.View(func(tx *store.Tx) error {
		ds, err := runtime.UserDialogues(tx, u.ID)
		for _, d := range ds {
			if d.Owner == Name {
				step = d.Step
			}
		}
		return err
	})
	return step
}

// A question inside the guided "deadline nieuw" is answered and the draft
// stays; "verder" asks the open question again; the answer goes on; stop
// ends it.
func TestGuidedDeadlineStepsAside(t *testing.T) {
	h := newHarness(t, wed, Config{})
	h.withAnswerer()
	mustContain(t, text(h.say(ann, dm(ann), "deadline nieuw")), "Wanneer")
	before := h.db.Stats()
	rs := h.say(ann, dm(ann), "wat is het uitdaagrecht?")
	mustContain(t, text(rs), "ANSWER wat is het uitdaagrecht?", "Je nieuwe deadline staat nog open", "verder")
	if after := h.db.Stats(); after.Reads-before.Reads != 1 || after.Writes != before.Writes {
		t.Errorf("the aside cost %d reads and %d writes, want 1 and 0", after.Reads-before.Reads, after.Writes-before.Writes)
	}
	if s := h.step(ann, dm(ann)); s != stepWhen {
		t.Fatalf("after the question the draft is at %q", s)
	}
	mustContain(t, text(h.say(ann, dm(ann), "verder")), h.cap.askWhen(bot.NL, wed))
	mustContain(t, text(h.say(ann, dm(ann), "31 december 17:00")), "31 december 2026 17:00")
	if s := h.step(ann, dm(ann)); s != stepTitle {
		t.Fatalf("after the moment the draft is at %q", s)
	}
	// A title is free text: it is taken as the title, not as a question.
	mustContain(t, text(h.say(ann, dm(ann), "Jaarverslag inleveren")), "Jaarverslag inleveren")
	if s := h.step(ann, dm(ann)); s != stepConfirm {
		t.Fatalf("after the title the draft is at %q", s)
	}
	mustContain(t, text(h.say(ann, dm(ann), "Hoe maak ik bezwaar tegen een besluit?")), "ANSWER", "Je nieuwe deadline staat nog open")
	mustContain(t, text(h.say(ann, dm(ann), "stop")), "Gestopt")
	if s := h.step(ann, dm(ann)); s != "" {
		t.Errorf("stop left the draft at %q", s)
	}
	mustContain(t, text(h.say(ann, dm(ann), "verder")), "niets open")
}
