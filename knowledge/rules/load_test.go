package rules

import (
	"errors"
	"strings"
	"testing"
	"testing/fstest"
)

// minimal is a valid check; the table below breaks it one way at a time.
const minimal = `id = "mini"
title = { nl = "Mini", en = "Mini" }
description = { nl = "Test", en = "Test" }

[[facts]]
id = "leden"
type = "number"
label = { nl = "Leden", en = "Members" }
question = { nl = "Hoeveel leden?", en = "How many members?" }

[[facts]]
id = "vorm"
type = "choice"
label = { nl = "Vorm", en = "Form" }
question = { nl = "Welke vorm?", en = "Which form?" }
  [[facts.options]]
  id = "stichting"
  label = { nl = "Stichting", en = "Foundation" }
  [[facts.options]]
  id = "vereniging"
  label = { nl = "Vereniging", en = "Association" }

[[rules]]
id = "groot"
outcome = "yes"
when = "leden >= 10"
text = { nl = "Genoeg leden ({leden}).", en = "Enough members ({leden})." }

[[rules]]
id = "klein"
outcome = "no"
when = "leden < 10"
text = { nl = "Te weinig.", en = "Too few." }

[outcomes.yes]
title = { nl = "Ja", en = "Yes" }
text = { nl = "Ja.", en = "Yes." }

[outcomes.no]
title = { nl = "Nee", en = "No" }
text = { nl = "Nee.", en = "No." }
`

func TestParseErrors(t *testing.T) {
	if _, err := Parse("mini.toml", []byte(minimal)); err != nil {
		t.Fatalf("minimal check: %v", err)
	}
	cases := []struct {
		name, old, new string
		want           string // in the error, with the line
	}{
		{"unknown fact in expression", `when = "leden >= 10"`, `when = "leeden >= 10"`, "mini.toml:26: rule groot: expression \"leeden >= 10\" does not compile: unknown name leeden"},
		{"bad type in expression", `when = "leden >= 10"`, `when = "leden >= 'tien'"`, "mini.toml:26: rule groot: expression"},
		{"not a condition", `when = "leden >= 10"`, `when = "leden + 1"`, "mini.toml:26: rule groot"},
		{"syntax error", `when = "leden >= 10"`, `when = "leden >= (10"`, "mini.toml:26: rule groot: expression"},
		{"misspelt option", `when = "leden < 10"`, `when = "leden < 10 || vorm == 'stichtng'"`, `mini.toml:32: rule klein: expression "leden < 10 || vorm == 'stichtng'": fact vorm has no option "stichtng"`},
		{"duplicate rule id", `id = "klein"`, `id = "groot"`, "mini.toml:29: duplicate rule id \"groot\""},
		{"duplicate fact id", `id = "vorm"`, `id = "leden"`, "mini.toml:11: duplicate id \"leden\""},
		{"missing en text", `text = { nl = "Te weinig.", en = "Too few." }`, `text = { nl = "Te weinig." }`, "mini.toml:33: rule klein text: missing en text"},
		{"missing nl question", `question = { nl = "Hoeveel leden?", en = "How many members?" }`, `question = { en = "How many members?" }`, "mini.toml:9: fact leden question: missing nl text"},
		{"bad fact type", `type = "number"`, `type = "getal"`, `mini.toml:7: fact leden: bad type "getal"`},
		{"unknown placeholder", `({leden})."`, `({leeden})."`, "unknown placeholder {leeden}"},
		{"bad outcome", `outcome = "no"`, `outcome = "misschien"`, `mini.toml:31: rule klein: bad outcome "misschien"`},
		{"outcome without text", "[outcomes.no]\ntitle = { nl = \"Nee\", en = \"No\" }\ntext = { nl = \"Nee.\", en = \"No.\" }\n", "", `outcome "no" has no [outcomes.no] text`},
		{"unknown key", `outcome = "yes"`, "outcome = \"yes\"\nwehn = \"x\"", `unknown key "rules.wehn"`},
		{"toml syntax", `id = "mini"`, `id = "mini`, "mini.toml:1:"},
		{"id differs from file", `id = "mini"`, `id = "maxi"`, `check id "maxi" differs from the file name "mini"`},
		{"unknown source", `text = { nl = "Te weinig.", en = "Too few." }`, "text = { nl = \"Te weinig.\", en = \"Too few.\" }\nsources = [\"aw\"]", `rule klein: unknown source "aw"`},
		{"check offers itself", `outcome = "no"`, "outcome = \"no\"\noffer = [\"mini\"]", "rule klein: a check cannot offer itself"},
		{"offer not an id", `outcome = "no"`, "outcome = \"no\"\noffer = [\"Subsidie of opdracht\"]", "rule klein offer: id \"Subsidie of opdracht\" must be"},
		{"reasons heading without en", "[outcomes.no]\ntitle", "[outcomes.no]\nreasons = { nl = \"Kort:\" }\ntitle", "outcome no reasons: missing en text"},
		{"lead on a decisive rule", `outcome = "no"`, "outcome = \"no\"\nlead = true", "rule klein: lead is for notes"},
		{"default not an option", `type = "choice"`, "type = \"choice\"\ndefault = \"bv\"", "fact vorm: a default is"},
		{"choice default on a number", `type = "number"`, "type = \"number\"\ndefault = \"stichting\"", "fact leden: a default is"},
		{"one option", "  [[facts.options]]\n  id = \"vereniging\"\n  label = { nl = \"Vereniging\", en = \"Association\" }\n", "", "a choice or grants fact needs at least two options"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			src := strings.Replace(minimal, c.old, c.new, 1)
			if src == minimal {
				t.Fatalf("test case does not change the file")
			}
			_, err := Parse("mini.toml", []byte(src))
			if err == nil {
				t.Fatalf("no error, want %q", c.want)
			}
			var fe FileErrors
			if !errors.As(err, &fe) {
				t.Fatalf("error %T, want FileErrors", err)
			}
			if !strings.Contains(err.Error(), c.want) {
				t.Errorf("error:\n%v\nwant it to contain:\n%s", err, c.want)
			}
		})
	}
}

func TestParameterPeriods(t *testing.T) {
	src := minimal + `
[[parameters]]
id = "drempel"
type = "amount"
label = { nl = "Drempel", en = "Threshold" }
values = [
  { from = 2024-01-01, until = 2025-12-31, value = 1, source = "s" },
  { from = 2025-06-01, value = 2, source = "s" },
]
[[sources]]
id = "s"
title = "S"
`
	_, err := Parse("mini.toml", []byte(src))
	if err == nil || !strings.Contains(err.Error(), "overlap") {
		t.Errorf("overlapping periods: %v", err)
	}
}

func TestLoadDuplicateAndOverride(t *testing.T) {
	fsys := fstest.MapFS{
		"mini.toml":  {Data: []byte(minimal)},
		"other.toml": {Data: []byte(strings.Replace(minimal, `id = "mini"`, `id = "other"`, 1))},
	}
	if _, err := Load(fsys); err != nil {
		t.Fatal(err)
	}
	// A deployment overrides an embedded check by id.
	own := strings.Replace(minimal, `id = "mini"`, `id = "uitdaagrecht"`, 1)
	over, err := Load(fstest.MapFS{"uitdaagrecht.toml": {Data: []byte(own)}})
	if err != nil {
		t.Fatal(err)
	}
	set := Embedded().With(over)
	c, _ := set.Get("uitdaagrecht")
	if c.Title.NL != "Mini" {
		t.Errorf("override not applied: %q", c.Title.NL)
	}
	if _, ok := set.Get("aanbestedingsplicht"); !ok {
		t.Error("override dropped the other checks")
	}
	if len(set.Checks()) != len(Embedded().Checks()) {
		t.Errorf("override added a check: %d", len(set.Checks()))
	}
}

func TestScenarioFileErrors(t *testing.T) {
	set, err := Load(fstest.MapFS{"mini.toml": {Data: []byte(minimal)}})
	if err != nil {
		t.Fatal(err)
	}
	cases := map[string]string{
		"today = 2026-01-01\n[[scenario]]\nname = \"a\"\nfacts = { ledn = 3 }\noutcome = \"yes\"\n":                        `mini.scenarios.toml:4: scenario "a": unknown fact "ledn"`,
		"today = 2026-01-01\n[[scenario]]\nname = \"a\"\nfacts = { leden = \"veel\" }\noutcome = \"yes\"\n":                `fact leden: "veel" is not a number`,
		"today = 2026-01-01\n[[scenario]]\nname = \"a\"\nfacts = { leden = 3 }\noutcome = \"ja\"\n":                        `bad outcome "ja"`,
		"today = 2026-01-01\n[[scenario]]\nname = \"a\"\nfacts = { leden = 3 }\nreasons = [\"grot\"]\noutcome = \"yes\"\n": `unknown rule "grot"`,
		"[[scenario]]\nname = \"a\"\nfacts = { leden = 3 }\noutcome = \"yes\"\n":                                           "no today",
		"check = \"maxi\"\ntoday = 2026-01-01\n[[scenario]]\nname = \"a\"\noutcome = \"yes\"\n":                            `unknown check "maxi"`,
	}
	for src, want := range cases {
		_, err := RunScenarios(set, fstest.MapFS{"mini.scenarios.toml": {Data: []byte(src)}})
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("scenario file\n%s\nerror %v, want %q", src, err, want)
		}
	}
	// A scenario whose expectation is wrong fails with file, line and name.
	bad := "today = 2026-01-01\n[[scenario]]\nname = \"tien is genoeg\"\nfacts = { leden = 10 }\noutcome = \"no\"\n"
	res, err := RunScenarios(set, fstest.MapFS{"mini.scenarios.toml": {Data: []byte(bad)}})
	if err != nil {
		t.Fatal(err)
	}
	if len(res) != 1 || !res[0].Failed() || !strings.Contains(res[0].String(), `mini.scenarios.toml:2: scenario "tien is genoeg": outcome yes, want no`) {
		t.Errorf("results = %v", res)
	}
}

func TestCatalog(t *testing.T) {
	if err := msgs.Check(); err != nil {
		t.Error(err)
	}
}

// FuzzParse feeds arbitrary files to the loader: it must return a check or
// FileErrors, never panic.
func FuzzParse(f *testing.F) {
	f.Add([]byte(minimal))
	for _, name := range []string{"aanbestedingsplicht.toml", "de_minimis.toml", "uitdaagrecht.toml"} {
		data, err := checksFS.ReadFile("checks/" + name)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(data)
	}
	f.Add([]byte(`id = "x"` + "\n[[rules]]\nwhen = \"(\"\n"))
	f.Add([]byte("[[facts]]\n[[facts.options]]\n[[derived]]\nexpr = \"a ? b : c\"\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		c, err := Parse("fuzz.toml", data)
		if err != nil {
			var fe FileErrors
			if !errors.As(err, &fe) {
				t.Fatalf("error %T %v is not FileErrors", err, err)
			}
			return
		}
		// A check that loads must evaluate without panicking.
		_, _ = c.Evaluate(Values{}, Options{Today: fuzzToday, UseDefaults: true})
	})
}

// Every check a built-in check offers is a built-in check too, and a
// result lists the offers of the rules that fired, each once.
func TestEmbeddedOffersExist(t *testing.T) {
	set := Embedded()
	n := 0
	for _, c := range set.Checks() {
		for _, r := range c.Rules {
			for _, id := range r.Offer {
				n++
				if _, ok := set.Get(id); !ok {
					t.Errorf("%s rule %s offers unknown check %q", c.ID, r.ID, id)
				}
			}
		}
	}
	if n == 0 {
		t.Fatal("no check offers another: the test looks at nothing")
	}
	res := &Result{Reasons: []*Rule{{ID: "a", Offer: []string{"x", "y"}}, {ID: "b"}, {ID: "c", Offer: []string{"y", "z"}}}}
	if got := strings.Join(res.Offers(), ","); got != "x,y,z" {
		t.Errorf("Offers() = %q, want x,y,z", got)
	}
}
