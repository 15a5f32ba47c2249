package check

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/noaber/noaber/bot"
)

func TestSuggestChecks(t *testing.T) {
	c, err := New(Config{}, nil)
	if err != nil {
		t.Fatal(err)
	}
	got := c.Suggest("minimis", bot.NL)
	if len(got) != 1 || got[0].ID != "de_minimis" {
		t.Errorf("Suggest(minimis) = %+v", got)
	}
	// An empty prefix gives every built-in check, whatever their number.
	want := c.set.Checks()
	all := c.Suggest("", bot.EN)
	if len(all) != len(want) {
		t.Fatalf("Suggest('') gave %d checks, want all %d built-in ones", len(all), len(want))
	}
	for i, ch := range want {
		if all[i].ID != ch.ID {
			t.Errorf("Suggest('')[%d] = %s, want %s", i, all[i].ID, ch.ID)
		}
	}
	if got := c.Suggest("driehoek", bot.NL); len(got) != 1 || got[0].ID != "waardendriehoek" {
		t.Errorf("Suggest(driehoek) = %+v", got)
	}
}

func TestFindByUniquePrefix(t *testing.T) {
	c, err := New(Config{}, nil)
	if err != nil {
		t.Fatal(err)
	}
	for arg, want := range map[string]string{"voorbehouden": "voorbehouden_opdracht", "subsidie": "subsidie_of_opdracht", "de_minimis": "de_minimis", "2": ""} {
		ch, ok := c.find(arg)
		if want == "" {
			continue
		}
		if !ok || ch.ID != want {
			t.Errorf("find(%q) = %v %v, want %s", arg, ch, ok, want)
		}
	}
	if _, ok := c.find("x"); ok {
		t.Error("find(x) found something")
	}
}

// The checks an answer points to come from the rule files' hint_tags,
// and Complete serves the "checks" source only.
func TestCheckForFromRuleFiles(t *testing.T) {
	c, err := New(Config{}, nil)
	if err != nil {
		t.Fatal(err)
	}
	for tags, want := range map[string]string{
		"drempelbedragen,aanbesteden": "aanbestedingsplicht",
		"Right to Challenge":          "uitdaagrecht",
		"de-minimis,staatssteun":      "de_minimis",
		"subsidie,drempel":            "subsidie_of_opdracht", // the first tag decides
		"reserved contract":           "voorbehouden_opdracht",
		"handboek,waardendriehoek":    "waardendriehoek",
		"value triangle":              "waardendriehoek",
		"rechtsvorm":                  "",
	} {
		if got := c.CheckFor(strings.Split(tags, ",")); got != want {
			t.Errorf("CheckFor(%s) = %q, want %q", tags, got, want)
		}
	}
	for _, ch := range c.set.Checks() {
		if len(ch.HintTags) == 0 {
			continue
		}
		if got := c.CheckFor(ch.HintTags[:1]); got != ch.ID {
			t.Errorf("check %s: its own hint tag %q points to %q", ch.ID, ch.HintTags[0], got)
		}
	}
	if got := c.Complete(CompleteChecks, "minimis", bot.NL); len(got) != 1 || got[0].ID != "de_minimis" {
		t.Errorf("Complete(checks) = %+v", got)
	}
	if got := c.Complete("events", "", bot.NL); got != nil {
		t.Errorf("Complete(events) = %+v, want nil (not this capability's source)", got)
	}
}

// One more check in the rule directory is found by the tips and the
// autocomplete with no edit to code or tests: nothing counts the checks.
func TestExtraCheckNeedsNoEdits(t *testing.T) {
	data, err := os.ReadFile(filepath.Join("..", "..", "knowledge", "rules", "checks", "de_minimis.toml"))
	if err != nil {
		t.Fatal(err)
	}
	s := strings.Replace(string(data), `id = "de_minimis"`, `id = "extra_check"`, 1)
	s = strings.Replace(s, `hint_tags = ["deminimis"]`, `hint_tags = ["extrawoord"]`, 1)
	s = strings.Replace(s, "triggers = [", `triggers = ["start de extra check", `, 1)
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "extra_check.toml"), []byte(s), 0o600); err != nil {
		t.Fatal(err)
	}
	c, err := New(Config{Dir: dir}, nil)
	if err != nil {
		t.Fatal(err)
	}
	if got := c.CheckFor([]string{"Extra woord"}); got != "extra_check" {
		t.Errorf("CheckFor = %q", got)
	}
	if got := c.Complete(CompleteChecks, "extra", bot.NL); len(got) != 1 || got[0].ID != "extra_check" {
		t.Errorf("Complete = %+v", got)
	}
	builtin, _ := New(Config{}, nil)
	if len(c.Suggest("", bot.NL)) != len(builtin.Suggest("", bot.NL))+1 {
		t.Error("the extra check is not listed")
	}
}
