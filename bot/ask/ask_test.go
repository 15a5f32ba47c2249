package ask

import (
	"bytes"
	"context"
	"encoding/json"
	"log/slog"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/noaber/noaber/bot"
	"github.com/noaber/noaber/bot/clock"
	"github.com/noaber/noaber/bot/runtime"
	"github.com/noaber/noaber/bot/store"
	"github.com/noaber/noaber/bot/store/storetest"
	"github.com/noaber/noaber/i18n"
	"github.com/noaber/noaber/knowledge"
)

func quiet() *slog.Logger { return slog.New(slog.NewTextHandler(&bytes.Buffer{}, nil)) }

func engine(t testing.TB) *knowledge.Engine {
	t.Helper()
	e, err := knowledge.New(knowledge.Config{}, knowledge.Deps{Corpus: os.DirFS("../../knowledge/testdata/corpus"), Log: quiet()})
	if err != nil {
		t.Fatal(err)
	}
	return e
}

func TestCatalog(t *testing.T) {
	if err := Msgs.Check(); err != nil {
		t.Fatal(err)
	}
}

// fixture is a router with only the ask capability, on a test store and a
// fake clock, as adapters would drive it.
type fixture struct {
	db    *store.DB
	clk   *clock.Fake
	rt    *runtime.Router
	cap   *Capability
	alice bot.User
}

func newFixture(t *testing.T) *fixture {
	t.Helper()
	db := storetest.Open(t)
	c, err := New(Deps{Engine: engine(t), DB: db, Log: quiet()})
	if err != nil {
		t.Fatal(err)
	}
	clk := clock.NewFake(time.Date(2026, 3, 2, 10, 0, 0, 0, time.UTC))
	rt, err := runtime.NewRouter(runtime.RouterConfig{DB: db, Clock: clk, Log: quiet()}, c)
	if err != nil {
		t.Fatal(err)
	}
	return &fixture{db: db, clk: clk, rt: rt, cap: c, alice: bot.User{ID: "console:alice"}}
}

func (f *fixture) say(u bot.User, text string) []bot.Reply {
	return f.rt.Handle(context.Background(), bot.Inbound{User: u, Conv: bot.Conversation{ID: "console:main"}, Text: text})
}

func (f *fixture) click(u bot.User, id string) []bot.Reply {
	return f.rt.Handle(context.Background(), bot.Inbound{User: u, Conv: bot.Conversation{ID: "console:main"}, Action: &bot.Action{ID: id}})
}

func TestAnswerWithSourcesButtonsAndTip(t *testing.T) {
	f := newFixture(t)
	rs := f.say(f.alice, "Hoe hoog is de drempel voor diensten?")
	if len(rs) != 1 {
		t.Fatalf("replies = %+v", rs)
	}
	r := rs[0]
	if !strings.Contains(r.Text, "€ 216.000") {
		t.Errorf("text = %q", r.Text)
	}
	if !strings.Contains(r.Text, "check aanbestedingsplicht") {
		t.Errorf("no check hint for a drempels document: %q", r.Text)
	}
	if len(r.Sources) == 0 || r.Sources[0].Title != "Aanbestedingswet 2012" || r.Sources[0].Ref != "art. 2.1 Aw" {
		t.Errorf("sources = %+v", r.Sources)
	}
	if len(r.Choices) != 2 || r.Choices[0].ID != "ask:up:1" || r.Choices[1].ID != "ask:down:1" {
		t.Errorf("choices = %+v", r.Choices)
	}
}

func TestNotFoundHasNoSourcesOrTip(t *testing.T) {
	f := newFixture(t)
	r := f.say(f.alice, "What is the capital of France?")[0]
	if len(r.Sources) != 0 || strings.Contains(r.Text, "Tip") || !strings.Contains(r.Text, "pianoo.nl") {
		t.Errorf("reply = %+v", r)
	}
}

func TestFeedback(t *testing.T) {
	f := newFixture(t)
	bob := bot.User{ID: "console:bob"}
	f.say(f.alice, "Hoe hoog is de drempel voor diensten?")

	if r := f.click(bob, "ask:up:1"); r[0].Text != Msgs.T(i18n.NL, "feedback.not_yours") || r[0].Visibility != bot.Private {
		t.Errorf("someone else's vote: %+v", r)
	}
	if r := f.click(f.alice, "ask:up:1"); r[0].Text != Msgs.T(i18n.NL, "feedback.thanks") {
		t.Errorf("vote: %+v", r)
	}
	f.click(f.alice, "ask:down:1") // a second click replaces the first
	for _, id := range []string{"ask:down:99", "ask:sideways:1", "ask:up:%%%", "ask:"} {
		if r := f.click(f.alice, id); len(r) != 1 || r[0].Text != Msgs.T(i18n.NL, "feedback.expired") {
			t.Errorf("%s: %+v", id, r)
		}
	}
	var fbs []Feedback
	var raw []byte
	f.db.View(func(tx *store.Tx) error {
		fbs, _ = ListFeedback(tx)
		raw = tx.Bucket(feedbackBucket).Get(store.U64(1))
		raw = append([]byte(nil), raw...)
		return nil
	})
	if len(fbs) != 1 || fbs[0].Vote != "down" || fbs[0].Question != "Hoe hoog is de drempel voor diensten?" || fbs[0].Lang != i18n.NL || fbs[0].AnswerID != "1" || !fbs[0].Found {
		t.Errorf("feedback = %+v", fbs)
	}
	if strings.Contains(string(raw), "alice") {
		t.Errorf("feedback stores the user id: %s", raw)
	}

	// Past retention the buttons stop working and the answer is pruned.
	f.clk.Advance(AnswerRetention + time.Hour)
	if r := f.click(f.alice, "ask:up:1"); r[0].Text != Msgs.T(i18n.NL, "feedback.expired") {
		t.Errorf("expired vote: %+v", r)
	}
	f.say(f.alice, "subsidie of opdracht")
	f.db.View(func(tx *store.Tx) error {
		if n := tx.Bucket(answersBucket).Len(); n != 1 {
			t.Errorf("%d remembered answers after retention, want 1", n)
		}
		return nil
	})
}

func TestExportAndErase(t *testing.T) {
	f := newFixture(t)
	bob := bot.User{ID: "console:bob"}
	f.say(f.alice, "Hoe hoog is de drempel voor diensten?")
	f.say(bob, "subsidie of opdracht")
	f.click(f.alice, "ask:up:1")

	var exp any
	f.db.View(func(tx *store.Tx) error {
		var err error
		exp, err = f.cap.ExportUser(tx, f.alice.ID)
		return err
	})
	js, _ := json.Marshal(exp)
	if !strings.Contains(string(js), `"question":"Hoe hoog is de drempel voor diensten?"`) || !strings.Contains(string(js), `"vote":"up"`) || strings.Contains(string(js), "subsidie") {
		t.Errorf("export = %s", js)
	}
	var n int
	if err := f.db.Update(func(tx *store.Tx) error {
		var err error
		n, err = f.cap.EraseUser(tx, f.alice.ID)
		return err
	}); err != nil || n != 3 {
		t.Errorf("erase = %d, %v; want 3 (answer, vote and follow-up context)", n, err)
	}
	f.db.View(func(tx *store.Tx) error {
		if exp, _ := f.cap.ExportUser(tx, f.alice.ID); exp != nil {
			t.Errorf("export after erase = %v", exp)
		}
		if fbs, _ := ListFeedback(tx); len(fbs) != 0 {
			t.Errorf("feedback after erase = %v", fbs)
		}
		if exp, _ := f.cap.ExportUser(tx, bob.ID); exp == nil {
			t.Error("bob's answer was erased too")
		}
		return nil
	})
}

type failing struct{}

func (failing) Ask(ctx context.Context, in knowledge.Input) (knowledge.Result, error) {
	return knowledge.Result{}, context.DeadlineExceeded
}

func (failing) AnswerCard(key string, lang i18n.Lang) (knowledge.Result, bool) {
	return knowledge.Result{}, false
}

// An engine error becomes the router's translated apology, never the Go
// error text.
func TestEngineErrorIsNotShown(t *testing.T) {
	db := storetest.Open(t)
	c, _ := New(Deps{Engine: failing{}, DB: db, Log: quiet()})
	rt, _ := runtime.NewRouter(runtime.RouterConfig{DB: db, Log: quiet()}, c)
	rs := rt.Handle(context.Background(), bot.Inbound{User: bot.User{ID: "console:a"}, Text: "drempel"})
	if len(rs) != 1 || strings.Contains(rs[0].Text, "deadline") || rs[0].Text != bot.Msgs.T(i18n.NL, "unclear.error") {
		t.Errorf("replies = %+v", rs)
	}
}

func TestCheckForAndHelp(t *testing.T) {
	for tags, want := range map[string]string{
		"drempelbedragen,aanbesteden": "aanbestedingsplicht",
		"Right to Challenge":          "uitdaagrecht",
		"de-minimis,staatssteun":      "de_minimis",
		"subsidie,drempel":            "subsidie_of_opdracht",
		"reserved contract":           "voorbehouden_opdracht",
		"handboek,waardendriehoek":    "waardendriehoek",
		"value triangle":              "waardendriehoek",
		"rechtsvorm":                  "",
		"bezwaar,subsidie afgewezen":  "", // the term calculator, not a check
	} {
		if got := CheckFor(strings.Split(tags, ",")); got != want {
			t.Errorf("CheckFor(%s) = %q, want %q", tags, got, want)
		}
	}
	if h, ok := HintFor([]string{"bezwaar", "subsidie afgewezen"}); !ok || h.term != "bezwaar" {
		t.Errorf("HintFor(bezwaar) = %+v", h)
	}
	c, _ := New(Deps{Engine: failing{}})
	if h := c.Help(i18n.EN, nil); len(h) != 1 || h[0].Command != "<your question>" {
		t.Errorf("help = %+v", h)
	}
	if _, err := New(Deps{}); err == nil {
		t.Error("New without an engine succeeded")
	}
}
