package check

import (
	"context"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	dto "github.com/prometheus/client_model/go"

	"github.com/noaber/noaber/bot"
	"github.com/noaber/noaber/bot/clock"
	"github.com/noaber/noaber/bot/metrics"
	"github.com/noaber/noaber/bot/runtime"
	"github.com/noaber/noaber/bot/store"
	"github.com/noaber/noaber/bot/store/storetest"
	"github.com/noaber/noaber/knowledge/rules"
)

var update = flag.Bool("update", false, "rewrite the golden transcripts in testdata")

// now is 1 March 2026, 10:00 in Amsterdam: after the 2026 threshold switch.
var now = time.Date(2026, 3, 1, 10, 0, 0, 0, clock.Amsterdam)

type convo struct {
	t    *testing.T
	rt   *runtime.Router
	user bot.User
	conv bot.Conversation
}

func newConvo(t *testing.T, db *store.DB, at time.Time) *convo {
	t.Helper()
	rt, err := runtime.NewRouter(runtime.RouterConfig{DB: db, Clock: clock.NewFake(at)}, NewWithSet(rules.Embedded(), nil))
	if err != nil {
		t.Fatal(err)
	}
	return &convo{t: t, rt: rt, user: bot.User{ID: "console:ann", Name: "Ann"}, conv: bot.Conversation{ID: "console:ann", Kind: bot.Direct}}
}

func (c *convo) say(text string) []bot.Reply {
	return c.rt.Handle(context.Background(), bot.Inbound{User: c.user, Conv: c.conv, Text: text})
}

func (c *convo) click(id string) []bot.Reply {
	return c.rt.Handle(context.Background(), bot.Inbound{User: c.user, Conv: c.conv, Action: &bot.Action{ID: id}})
}

func render(reps []bot.Reply) string {
	var b strings.Builder
	for _, r := range reps {
		b.WriteString(r.Text + "\n")
		for _, ch := range r.Choices {
			fmt.Fprintf(&b, "  [%s] %s\n", ch.ID, ch.Label)
		}
		for _, s := range r.Sources {
			fmt.Fprintf(&b, "  bron: %s (%s) %s\n", s.Title, s.Ref, s.URL)
		}
		for _, f := range r.Files {
			fmt.Fprintf(&b, "  bestand: %s (%s)\n", f.Name, f.ContentType)
			for _, line := range strings.Split(strings.TrimRight(string(f.Data), "\n"), "\n") {
				b.WriteString("  | " + line + "\n")
			}
		}
	}
	return b.String()
}

// TestTranscripts drives whole conversations through a router and compares
// them with golden files: "> text" is a message, "! id" a button click,
// everything up to the next input the expected answer. Run with -update to
// rewrite them after a deliberate change, then read the diff.
func TestTranscripts(t *testing.T) {
	files, _ := filepath.Glob("testdata/*.txt")
	if len(files) == 0 {
		t.Fatal("no transcripts")
	}
	for _, file := range files {
		t.Run(filepath.Base(file), func(t *testing.T) {
			data, err := os.ReadFile(file)
			if err != nil {
				t.Fatal(err)
			}
			c := newConvo(t, storetest.Open(t), now)
			var out strings.Builder
			var want strings.Builder
			inputs := 0
			for _, line := range strings.SplitAfter(string(data), "\n") {
				isInput := strings.HasPrefix(line, "> ") || strings.HasPrefix(line, "! ")
				if !isInput {
					if inputs > 0 || strings.HasPrefix(line, "#") {
						want.WriteString(line)
					}
					if inputs == 0 {
						out.WriteString(line) // leading comments
					}
					continue
				}
				inputs++
				out.WriteString(line)
				want.WriteString(line)
				in := strings.TrimSpace(line[2:])
				var reps []bot.Reply
				if line[0] == '>' {
					reps = c.say(in)
				} else {
					reps = c.click(in)
				}
				out.WriteString(render(reps))
				out.WriteString("\n")
			}
			if *update {
				if err := os.WriteFile(file, []byte(out.String()), 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			if got := out.String(); got != string(data) {
				t.Errorf("transcript differs; run go test -update and read the diff.\n%s", firstDiff(string(data), got))
			}
		})
	}
}

func firstDiff(want, got string) string {
	w, g := strings.Split(want, "\n"), strings.Split(got, "\n")
	for i := 0; i < len(w) || i < len(g); i++ {
		var a, b string
		if i < len(w) {
			a = w[i]
		}
		if i < len(g) {
			b = g[i]
		}
		if a != b {
			return fmt.Sprintf("line %d\nwant: %s\ngot:  %s", i+1, a, b)
		}
	}
	return ""
}

// A restart mid-dialogue (a new router over the same database) resumes at
// the same question with the answers kept.
func TestRestartResumes(t *testing.T) {
	db := storetest.Open(t)
	c := newConvo(t, db, now)
	c.say("check aanbestedingsplicht")
	c.click("check:a:regeling:overheidsopdracht")
	c.click("check:a:soort:diensten")
	reps := c.say("gemeente")
	if !strings.Contains(reps[0].Text, "geschatte totale waarde") {
		t.Fatalf("before restart: %s", render(reps))
	}
	c2 := newConvo(t, db, now) // the process restarted
	reps = c2.say("€ 250.000")
	if !strings.Contains(reps[0].Text, "Vraag 5") || !strings.Contains(reps[0].Text, "datum") {
		t.Fatalf("after restart, want the date question: %s", render(reps))
	}
	reps = c2.say("vandaag")
	if !strings.Contains(reps[0].Text, "Ja: deze opdracht moet Europees") || !strings.Contains(reps[0].Text, "€ 216.000") {
		t.Fatalf("verdict after restart: %s", render(reps))
	}
}

func TestBadAnswersGetAHintNeverAnError(t *testing.T) {
	c := newConvo(t, storetest.Open(t), now)
	c.say("check aanbestedingsplicht")
	c.click("check:a:regeling:overheidsopdracht")
	for _, in := range []string{"fietsen", "", "🚲🚲🚲", strings.Repeat("x", 3000), "0x1p-2", "NaN", "-1"} {
		reps := c.say(in)
		text := render(reps)
		for _, bad := range []string{"error", "strconv", "invalid", "panic", "<nil>", "%!"} {
			if strings.Contains(strings.ToLower(text), bad) {
				t.Errorf("answer %q: reply contains %q:\n%s", in, bad, text)
			}
		}
	}
	reps := c.say("fietsen")
	if !strings.Contains(reps[0].Text, "Kies een van de knoppen") || !strings.Contains(reps[0].Text, "Wat voor opdracht") {
		t.Errorf("no hint with the question again: %s", render(reps))
	}
	c.click("check:a:soort:werken")
	reps = c.say("heel veel geld")
	if !strings.Contains(reps[0].Text, "bedrag in euro's") {
		t.Errorf("amount hint: %s", render(reps))
	}
	reps = c.say("-5")
	if !strings.Contains(reps[0].Text, "bedrag") {
		t.Errorf("negative amount: %s", render(reps))
	}
}

func TestDateWithoutThresholdIsAskedAgain(t *testing.T) {
	c := newConvo(t, storetest.Open(t), now)
	c.say("check aanbestedingsplicht")
	c.click("check:a:regeling:overheidsopdracht")
	c.click("check:a:soort:werken")
	c.say("6 miljoen")
	reps := c.say("1-1-2028")
	text := reps[0].Text
	if !strings.Contains(text, "1 januari 2028") || !strings.Contains(text, "Ik gok niet") || !strings.Contains(text, "Vraag 4") {
		t.Fatalf("want a refusal and the date question again: %s", render(reps))
	}
	reps = c.say("2025-06-01")
	if !strings.Contains(reps[0].Text, "Ja:") || !strings.Contains(reps[0].Text, "€ 5.538.000") {
		t.Fatalf("2025 works threshold: %s", render(reps))
	}
}

func TestBackStopAndWhy(t *testing.T) {
	c := newConvo(t, storetest.Open(t), now)
	c.say("check de_minimis")
	reps := c.say("terug")
	if !strings.Contains(reps[0].Text, "eerste vraag") {
		t.Errorf("back on first question: %s", render(reps))
	}
	c.say("ja")
	reps = c.say("terug")
	if !strings.Contains(reps[0].Text, "Vraag 1") {
		t.Errorf("back: %s", render(reps))
	}
	c.say("ja")
	c.say("nee")
	reps = c.say("1 ton")
	if !strings.Contains(reps[0].Text, "puntkomma") {
		t.Errorf("earlier aid without kind and date: %s", render(reps))
	}
	c.say("1 ton algemeen 1-6-2025")
	c.say("200.001")
	reps = c.say("vandaag")
	if !strings.Contains(reps[0].Text, "Nee: de steun past niet") || !strings.Contains(reps[0].Text, "€ 300.001") {
		t.Fatalf("verdict: %s", render(reps))
	}
	reps = c.say("waarom")
	why := reps[0].Text
	for _, s := range []string{"binnen_plafond", "boven_algemeen_plafond", "klopt niet", "€ 300.000", "Jouw antwoorden", "Nieuwe steun: € 200.001", "€ 100.000 (algemeen, 1 juni 2025)"} {
		if !strings.Contains(why, s) {
			t.Errorf("why lacks %q:\n%s", s, why)
		}
	}
	reps = c.say("terug") // after the verdict: change the last answer
	if !strings.Contains(reps[0].Text, "Op welke datum") {
		t.Errorf("back after verdict: %s", render(reps))
	}
	reps = c.say("stop")
	if !strings.Contains(reps[0].Text, "Gestopt") {
		t.Errorf("stop: %s", render(reps))
	}
	reps = c.say("ja")
	if strings.Contains(render(reps), "Vraag") {
		t.Errorf("dialogue still open after stop: %s", render(reps))
	}
}

func TestMetrics(t *testing.T) {
	started := counter(metrics.Checks.WithLabelValues("started", ""))
	finished := counter(metrics.Checks.WithLabelValues("finished", "depends"))
	c := newConvo(t, storetest.Open(t), now)
	c.say("check de_minimis")
	c.click("check:a:economische_activiteit:nee")
	if got := counter(metrics.Checks.WithLabelValues("started", "")); got != started+1 {
		t.Errorf("started = %v, want %v", got, started+1)
	}
	if got := counter(metrics.Checks.WithLabelValues("finished", "depends")); got != finished+1 {
		t.Errorf("finished = %v, want %v", got, finished+1)
	}
}

func TestTriggersAndCommands(t *testing.T) {
	cases := []struct{ in, want string }{
		{"Moeten wij Europees aanbesteden?", "Wat voor afspraak"},
		{"Do we have to tender this in the EU?", "What kind of arrangement"},
		{"Is dit een subsidie of een opdracht?", "afdwingen"},
		{"Komen wij in aanmerking voor het uitdaagrecht?", "alleen de overheid"},
		{"komen wij in aanmerking?", "Deze checks"},
		{"check", "Deze checks"},
		{"check 5", "economische activiteit"},
		{"check 6", "Eerst de aanleiding"},
		{"Hoe waarderen we dit initiatief samen?", "wat vraagt het initiatief van de gemeente"},
		{"How do we value this initiative?", "what does the initiative ask"},
		{"check voorbehouden-opdracht", "sociale werkplaats"},
		{"check fietsen", "Die check ken ik niet"},
		{"check --list", "check aanbestedingsplicht"},
	}
	for _, tc := range cases {
		c := newConvo(t, storetest.Open(t), now)
		if got := render(c.say(tc.in)); !strings.Contains(got, tc.want) {
			t.Errorf("%q:\n%s\nwant %q", tc.in, got, tc.want)
		}
	}
	// A question about a subject is not a check: it is for the knowledge base.
	c := newConvo(t, storetest.Open(t), now)
	capab := NewWithSet(rules.Embedded(), nil)
	r := &bot.Request{Text: "wat is het uitdaagrecht?", Lang: bot.NL, Now: now}
	if _, handled, _ := capab.Handle(context.Background(), r); handled {
		t.Error("took a 'wat is' question")
	}
	_ = c
}

func TestChoiceIDsFit(t *testing.T) {
	capab := NewWithSet(rules.Embedded(), nil)
	for _, ch := range rules.Embedded().Checks() {
		for _, f := range ch.Facts {
			st := &state{Check: ch.ID, Answers: []answer{{Fact: "x"}}}
			for _, lang := range []bot.Lang{bot.NL, bot.EN} {
				q := capab.question(&bot.Request{Lang: lang, Now: now}, ch, st, f)
				for _, choice := range q.Choices {
					if len(choice.ID) > 100 || !strings.HasPrefix(choice.ID, Name+":") {
						t.Errorf("%s/%s: choice id %q", ch.ID, f.ID, choice.ID)
					}
				}
			}
		}
	}
}

func TestCatalog(t *testing.T) {
	if err := Msgs.Check(); err != nil {
		t.Error(err)
	}
}

func TestConfigValidate(t *testing.T) {
	if err := (Config{}).Validate(); err != nil {
		t.Errorf("empty config: %v", err)
	}
	if err := (Config{Dir: "/nonexistent/rules"}).Validate(); err == nil || !strings.HasPrefix(err.Error(), "rules.dir: ") {
		t.Errorf("missing dir: %v", err)
	}
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "kapot.toml"), []byte("id = \"kapot\"\n[[rules]]\nwhen = \"(\"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	err := (Config{Dir: dir}).Validate()
	if err == nil || !strings.HasPrefix(err.Error(), "rules.dir: ") || !strings.Contains(err.Error(), "kapot.toml:") {
		t.Errorf("broken file: %v", err)
	}
	file := filepath.Join(dir, "kapot.toml")
	if err := (Config{Dir: file}).Validate(); err == nil || !strings.Contains(err.Error(), "not a directory") {
		t.Errorf("file as dir: %v", err)
	}
}

// A deployment's own uitdaagrecht replaces the built-in one in conversation.
func TestOverrideFromDir(t *testing.T) {
	dir := t.TempDir()
	data, err := fsRead("uitdaagrecht.toml")
	if err != nil {
		t.Fatal(err)
	}
	own := strings.Replace(data, "Is ons initiatief klaar voor het uitdaagrecht (Right to Challenge)?", "Uitdaagrecht in Noaberdorp", 1)
	if err := os.WriteFile(filepath.Join(dir, "uitdaagrecht.toml"), []byte(own), 0o644); err != nil {
		t.Fatal(err)
	}
	capab, err := New(Config{Dir: dir}, nil)
	if err != nil {
		t.Fatal(err)
	}
	rt, err := runtime.NewRouter(runtime.RouterConfig{DB: storetest.Open(t), Clock: clock.NewFake(now)}, capab)
	if err != nil {
		t.Fatal(err)
	}
	reps := rt.Handle(context.Background(), bot.Inbound{User: bot.User{ID: "console:x"}, Conv: bot.Conversation{ID: "console:x"}, Text: "check uitdaagrecht"})
	if !strings.Contains(reps[0].Text, "Noaberdorp") {
		t.Errorf("override not used: %s", render(reps))
	}
}

func fsRead(name string) (string, error) {
	b, err := fsReadFile(rules.EmbeddedFS(), name)
	return string(b), err
}

func counter(c interface{ Write(*dto.Metric) error }) float64 {
	var m dto.Metric
	if err := c.Write(&m); err != nil {
		return -1
	}
	return m.GetCounter().GetValue()
}

// The list of earlier grants has a "none" button; clicking it answers the
// question with an empty list.
func TestGrantsNoneButton(t *testing.T) {
	c := newConvo(t, storetest.Open(t), now)
	c.say("check de_minimis")
	c.say("ja")
	reps := c.say("nee")
	found := false
	for _, ch := range reps[0].Choices {
		found = found || ch.ID == "check:a:eerdere_steun:none"
	}
	if !found {
		t.Fatalf("no none button: %s", render(reps))
	}
	reps = c.click("check:a:eerdere_steun:none")
	if !strings.Contains(reps[0].Text, "Hoeveel steun wil de gemeente nu geven") {
		t.Fatalf("after none: %s", render(reps))
	}
	c.say("300.000")
	reps = c.say("vandaag")
	if !strings.Contains(reps[0].Text, "Ja: de steun past") || !strings.Contains(reps[0].Text, "€ 300.000") {
		t.Fatalf("verdict: %s", render(reps))
	}
}

// The summary of the value triangle offers the checks its reasons name as
// start buttons, but only those the deployment has.
func TestOfferedChecksAreButtons(t *testing.T) {
	answer := func(c *convo) []bot.Reply {
		c.say("check waardendriehoek")
		c.click("check:a:vraag:taak")
		var reps []bot.Reply
		for _, f := range []string{"rendement_opbrengst", "rendement_kosten", "legitimiteit_regels", "legitimiteit_verschil", "betrokkenheid_wie", "betrokkenheid_draagvlak", "betrokkenheid_eigenaar"} {
			reps = c.click("check:a:" + f + ":ja")
		}
		return reps
	}
	buttons := func(reps []bot.Reply) []string {
		var ids []string
		for _, ch := range reps[0].Choices {
			if strings.HasPrefix(ch.ID, "check:start:") {
				ids = append(ids, strings.TrimPrefix(ch.ID, "check:start:"))
			}
		}
		return ids
	}
	reps := answer(newConvo(t, storetest.Open(t), now))
	if got := strings.Join(buttons(reps), ","); got != "uitdaagrecht,subsidie_of_opdracht" {
		t.Fatalf("offer buttons %q:\n%s", got, render(reps))
	}

	data, err := fsRead("waardendriehoek.toml")
	if err != nil {
		t.Fatal(err)
	}
	only, err := rules.Load(fstest.MapFS{"waardendriehoek.toml": {Data: []byte(data)}})
	if err != nil {
		t.Fatal(err)
	}
	rt, err := runtime.NewRouter(runtime.RouterConfig{DB: storetest.Open(t), Clock: clock.NewFake(now)}, NewWithSet(only, nil))
	if err != nil {
		t.Fatal(err)
	}
	c := &convo{t: t, rt: rt, user: bot.User{ID: "console:bo"}, conv: bot.Conversation{ID: "console:bo", Kind: bot.Direct}}
	reps = answer(c)
	if !strings.Contains(reps[0].Text, "Betrokkenheid: sterk") {
		t.Fatalf("no summary:\n%s", render(reps))
	}
	if got := buttons(reps); len(got) != 0 {
		t.Errorf("buttons for checks this deployment lacks: %v", got)
	}
}

// TestExpectsOnlyAnswersToTheOpenQuestion: the router hands the check what
// its open question takes (an option typed or by number, an amount, a
// date, its own words) and lets everything else step aside.
func TestExpectsOnlyAnswersToTheOpenQuestion(t *testing.T) {
	c := NewWithSet(rules.Embedded(), nil)
	at := func(fact string) *bot.Dialogue {
		return &bot.Dialogue{Owner: Name, Step: stepAsk, Data: []byte(`{"check":"aanbestedingsplicht","asking":"` + fact + `"}`)}
	}
	for _, tc := range []struct {
		fact, text string
		want       bool
	}{
		{"soort", "3", true},
		{"soort", "diensten", true},
		{"soort", "terug", true},
		{"soort", "stop", true},
		{"soort", "check subsidie", true},
		{"soort", "deadlines", false},
		{"soort", "wat is het uitdaagrecht?", false},
		{"soort", "9", false},
		{"waarde", "80.000", true},
		{"waarde", "€ 250.000", true},
		{"waarde", "evenementen", false},
		{"datum", "1 maart 2026", true},
		{"datum", "mijn gegevens", false},
	} {
		r := &bot.Request{Text: tc.text, Lang: bot.NL, Now: now, Dialogue: at(tc.fact)}
		if got := c.Expects(r); got != tc.want {
			t.Errorf("asking %s, %q: Expects = %v, want %v", tc.fact, tc.text, got, tc.want)
		}
		if _, ok := c.Waiting(r); !ok {
			t.Errorf("asking %s: not waiting", tc.fact)
		}
	}
	done := &bot.Request{Text: "3", Lang: bot.NL, Now: now, Dialogue: &bot.Dialogue{Owner: Name, Step: stepDone, Data: []byte(`{"check":"aanbestedingsplicht"}`)}}
	if _, ok := c.Waiting(done); ok || c.Expects(done) {
		t.Error("a check that gave its verdict waits for nothing")
	}
	reps, err := c.Resume(&bot.Request{Lang: bot.NL, Now: now, Dialogue: at("soort")})
	if err != nil || len(reps) != 1 || !strings.Contains(reps[0].Text, "Wat voor opdracht is het?") {
		t.Errorf("Resume: %v %+v", err, reps)
	}
}

// A question that starts the check with the facts of the asker's case
// ("80.000 per jaar voor 4 jaar, groenonderhoud") fills them in: the check
// asks only what it does not know (what kind of arrangement it is) and
// then gives the verdict on € 320.000 without asking the value, the kind
// of contract or the date.
func TestTriggerQuestionFillsTheFactsItGives(t *testing.T) {
	c := newConvo(t, storetest.Open(t), now)
	first := render(c.say("Moeten we aanbesteden als de gemeente ons 80.000 euro per jaar betaalt voor 4 jaar voor groenonderhoud?"))
	if !strings.Contains(first, "check:a:regeling:overheidsopdracht") {
		t.Fatalf("first question is not the kind of arrangement:\n%s", first)
	}
	verdict := render(c.click("check:a:regeling:overheidsopdracht"))
	for _, asked := range []string{"Wat voor opdracht is het?", "geschatte totale waarde", "Voor welke datum"} {
		if strings.Contains(verdict, asked) {
			t.Errorf("asked %q although the question said it:\n%s", asked, verdict)
		}
	}
	if !strings.Contains(verdict, "€ 320.000") || !strings.Contains(verdict, "Ja") {
		t.Errorf("no verdict on € 320.000:\n%s", verdict)
	}
}

// A question that carries the facts of a case gets, in its first reply,
// the verdict the engine computes from them (the sum, the threshold valid
// on the date and its source) and then, in the same reply, the check's
// question for what is still missing, numbered from 1 among the questions
// the user is asked. Answering the questions ends with the final verdict.
func TestCaseQuestionShowsTheVerdictThenAsks(t *testing.T) {
	c := newConvo(t, storetest.Open(t), now)
	reps := c.say("Moeten we aanbesteden als de gemeente ons 80.000 euro per jaar betaalt voor 4 jaar?")
	if len(reps) != 1 {
		t.Fatalf("%d replies, want the verdict and the question in one:\n%s", len(reps), render(reps))
	}
	first := render(reps)
	for _, want := range []string{
		"Ervan uitgaande dat dit een overheidsopdracht is", // what it assumed
		"€ 320.000", // the sum: 4 × € 80.000
		"Diensten: ja, want de drempel is € 216.000", // the threshold on the date
		"(Gedelegeerde Verordening (EU) 2025/2152",   // its source, in the text
		"Peildatum: 1 maart 2026 (vandaag)",
		"Uit je vraag: Opdrachtgever: Gemeente, provincie of waterschap; Geschatte waarde: € 320.000.",
		"Om het zeker te weten, heb ik nog hooguit 2 vragen:",
		"**Vraag 1 van hooguit 2.** Wat voor afspraak is het?",
		"[check:a:regeling:overheidsopdracht]",
		"bron: Gedelegeerde Verordening (EU) 2025/2152",
	} {
		if !strings.Contains(first, want) {
			t.Errorf("first reply lacks %q:\n%s", want, first)
		}
	}
	if strings.Index(first, "€ 216.000") > strings.Index(first, "Wat voor afspraak") {
		t.Errorf("the question comes before the verdict:\n%s", first)
	}
	if strings.Contains(first, "Vraag 4") || strings.Contains(first, "Vraag 5") {
		t.Errorf("numbered by the fact's index:\n%s", first)
	}
	second := render(c.click("check:a:regeling:overheidsopdracht"))
	if !strings.Contains(second, "**Vraag 2 van 2.** Wat voor opdracht is het?") {
		t.Errorf("second question:\n%s", second)
	}
	final := render(c.click("check:a:soort:diensten"))
	for _, want := range []string{"**Ja: deze opdracht moet Europees worden aanbesteed.**", "€ 320.000", "€ 216.000", "Peildatum: 1 maart 2026"} {
		if !strings.Contains(final, want) {
			t.Errorf("final verdict lacks %q:\n%s", want, final)
		}
	}
}

// When the question gives all but one fact, the verdict rests on a stated
// assumption, names the threshold with its period and source, and the one
// question left has no number. A fact the question did not state (who
// awards the contract) is named as assumed, not as taken from it.
func TestCaseQuestionOneLeft(t *testing.T) {
	c := newConvo(t, storetest.Open(t), now)
	first := render(c.say("Moeten we aanbesteden? Het gaat om groenonderhoud voor 300.000 euro."))
	for _, want := range []string{
		"Ervan uitgaande dat dit een overheidsopdracht is",
		"De geschatte waarde (€ 300.000) is gelijk aan of hoger dan de Europese drempel (€ 216.000)",
		"€ 216.000, geldig van 1 januari 2026 tot en met 31 december 2027 (Gedelegeerde Verordening (EU) 2025/2152",
		"Uit je vraag: Soort opdracht: Diensten; Geschatte waarde: € 300.000. Aangenomen: Opdrachtgever: Gemeente, provincie of waterschap.",
		"Om het zeker te weten, heb ik nog 1 vraag:\nWat voor afspraak is het?",
	} {
		if !strings.Contains(first, want) {
			t.Errorf("first reply lacks %q:\n%s", want, first)
		}
	}
	if strings.Contains(first, "Vraag ") {
		t.Errorf("the only question is numbered:\n%s", first)
	}
	final := render(c.click("check:a:regeling:subsidie"))
	if !strings.Contains(final, "**Nee") {
		t.Errorf("a subsidy is not tendered:\n%s", final)
	}
}

// "terug" on the first question changes a fact taken from the question:
// it is asked (numbered 1 again, as the user's own question) and the
// check goes on from the new answer.
func TestCaseQuestionBackCorrectsAFact(t *testing.T) {
	c := newConvo(t, storetest.Open(t), now)
	c.say("Moeten we aanbesteden als de gemeente ons 80.000 euro per jaar betaalt voor 4 jaar?")
	back := render(c.say("terug"))
	if !strings.Contains(back, "**Vraag 1 van hooguit") || !strings.Contains(back, "geschatte totale waarde") {
		t.Fatalf("terug does not ask the value from the question:\n%s", back)
	}
	next := render(c.say("150.000"))
	if !strings.Contains(next, "**Vraag 2 van hooguit 3.** Wat voor afspraak is het?") {
		t.Errorf("after the corrected value:\n%s", next)
	}
	c.click("check:a:regeling:overheidsopdracht")
	final := render(c.click("check:a:soort:diensten"))
	if !strings.Contains(final, "**Nee: een Europese aanbesteding is niet verplicht.**") || !strings.Contains(final, "€ 150.000") {
		t.Errorf("verdict on the corrected value:\n%s", final)
	}
}

// The same in English, typed answers included.
func TestCaseQuestionEnglish(t *testing.T) {
	c := newConvo(t, storetest.Open(t), now)
	first := render(c.say("Do we have to tender if the municipality pays us 80,000 a year for 4 years?"))
	for _, want := range []string{
		"Assuming this is a public contract",
		"€320,000",
		"Services: yes, the threshold is €216,000",
		"(Gedelegeerde Verordening (EU) 2025/2152",
		"Reference date: 1 March 2026 (today)",
		"From your question: Contracting authority: Municipality, province or water board; Estimated value: €320,000.",
		"To be sure, I have at most 2 more questions:",
		"**Question 1 of at most 2.** What kind of arrangement is it?",
	} {
		if !strings.Contains(first, want) {
			t.Errorf("first reply lacks %q:\n%s", want, first)
		}
	}
	if s := render(c.say("public contract")); !strings.Contains(s, "**Question 2 of 2.** What kind of contract is it?") {
		t.Errorf("second question:\n%s", s)
	}
	if final := render(c.say("services")); !strings.Contains(final, "**Yes: this contract must go through an EU procedure.**") || !strings.Contains(final, "€320,000") {
		t.Errorf("final verdict:\n%s", final)
	}
}

// A sum that is itself a threshold ("boven de 216.000 euro") asks about
// the threshold, as in `noaber ask`: the check starts without a verdict
// on it, and says which facts it took.
func TestCaseQuestionThresholdFigureNoVerdict(t *testing.T) {
	c := newConvo(t, storetest.Open(t), now)
	first := render(c.say("Moeten we aanbesteden als het boven de 216.000 euro is?"))
	if strings.Contains(first, "Europees aanbesteden?") || strings.Contains(first, "Om het zeker te weten") {
		t.Errorf("a verdict on the threshold figure:\n%s", first)
	}
	if !strings.Contains(first, "Ik zoek het met je uit") || !strings.Contains(first, "Wat voor afspraak is het?") {
		t.Errorf("the check does not start:\n%s", first)
	}
	if !strings.Contains(first, "Uit je vraag: Geschatte waarde: € 216.000. Aangenomen: Opdrachtgever: Gemeente, provincie of waterschap.") {
		t.Errorf("the facts taken and assumed:\n%s", first)
	}
}

// keptCases records the questions a check's case keeper is given.
type keptCases struct{ questions []string }

func (k *keptCases) KeepCase(_ context.Context, r *bot.Request) {
	k.questions = append(k.questions, r.Text)
}

// A question that starts a check from its case is handed to the case
// keeper (the question capability keeps it as the follow-up context, so
// "en als het 40.000 per jaar is?" leans on that case); a check started
// by its command, or an answer inside the check, is no such question.
func TestCaseQuestionIsKeptForFollowUps(t *testing.T) {
	db := storetest.Open(t)
	caps := NewWithSet(rules.Embedded(), nil)
	kept := &keptCases{}
	caps.KeepCasesWith(kept)
	rt, err := runtime.NewRouter(runtime.RouterConfig{DB: db, Clock: clock.NewFake(now)}, caps)
	if err != nil {
		t.Fatal(err)
	}
	c := &convo{t: t, rt: rt, user: bot.User{ID: "console:ann", Name: "Ann"}, conv: bot.Conversation{ID: "console:ann", Kind: bot.Direct}}
	q := "Moeten we aanbesteden als de gemeente ons 80.000 euro per jaar betaalt voor 4 jaar?"
	c.say(q)
	c.click("check:a:regeling:overheidsopdracht")
	c.say("stop")
	c.say("check aanbestedingsplicht")
	if len(kept.questions) != 1 || kept.questions[0] != q {
		t.Errorf("kept %q, want only the case question", kept.questions)
	}
}
