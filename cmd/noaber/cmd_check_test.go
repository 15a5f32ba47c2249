package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/noaber/noaber/knowledge/rules"
)

func TestCheckCommand(t *testing.T) {
	out, errOut, code := noaber(t, "", "check", "--list", "--json")
	var list []map[string]string
	// Every built-in check, in their order, whatever their number.
	builtin := rules.Embedded().Checks()
	if code != 0 || json.Unmarshal([]byte(out), &list) != nil || len(list) != len(builtin) || list[0]["id"] != "aanbestedingsplicht" {
		t.Fatalf("check --list --json: %d %s %s", code, out, errOut)
	}
	for i, c := range builtin {
		if list[i]["id"] != c.ID {
			t.Errorf("check --list: %d is %s, want %s", i, list[i]["id"], c.ID)
		}
	}

	eval := func(args ...string) (map[string]any, string, int) {
		t.Helper()
		out, errOut, code := noaber(t, "", append([]string{"check"}, append(args, "--json")...)...)
		var m map[string]any
		if code == 0 {
			if err := json.Unmarshal([]byte(out), &m); err != nil {
				t.Fatalf("%v: not JSON: %v\n%s", args, err, out)
			}
		}
		return m, errOut, code
	}
	cases := []struct {
		args    []string
		outcome string
	}{
		// Equal to the 2026 threshold: the EU procedure applies.
		{[]string{"aanbestedingsplicht", "--fact", "soort=diensten", "--fact", "opdrachtgever=gemeente", "--fact", "waarde=216000", "--date", "2026-01-01"}, "yes"},
		{[]string{"aanbestedingsplicht", "--fact", "soort=diensten", "--fact", "opdrachtgever=gemeente", "--fact", "waarde=216000", "--date", "2025-12-31"}, "no"},
		// The 48-month rule: € 4.500 a month, indefinite → € 216.000.
		{[]string{"aanbestedingsplicht", "--fact", "soort=diensten", "--fact", "opdrachtgever=gemeente", "--fact", "maandbedrag=4500", "--fact", "looptijd_maanden=0", "--date", "2026-03-01"}, "yes"},
		{[]string{"aanbestedingsplicht", "--fact", "soort=werken", "--fact", "waarde=€ 5,5 miljoen", "--fact", "datum=2025-06-01"}, "no"},
		{[]string{"de_minimis", "--fact", "economische_activiteit=nee"}, "depends"},
		// The value triangle is a summary: "depends" once all is answered.
		{[]string{"waardendriehoek", "--fact", "vraag=geld", "--fact", "rendement_opbrengst=ja", "--fact", "rendement_kosten=deels",
			"--fact", "legitimiteit_regels=ja", "--fact", "legitimiteit_verschil=onbekend", "--fact", "betrokkenheid_wie=ja",
			"--fact", "betrokkenheid_draagvlak=ja", "--fact", "betrokkenheid_eigenaar=nee"}, "depends"},
	}
	for _, c := range cases {
		m, errOut, code := eval(c.args...)
		if code != 0 || m["outcome"] != c.outcome {
			t.Errorf("%v: exit %d outcome %v, want %s\n%s", c.args, code, m["outcome"], c.outcome, errOut)
		}
		for _, k := range []string{"check", "explanation", "missing", "trace", "sources"} {
			if _, ok := m[k]; code == 0 && !ok {
				t.Errorf("%v: no %q in the JSON", c.args, k)
			}
		}
	}
	m, _, code := eval("aanbestedingsplicht", "--fact", "soort=diensten")
	if code != 0 || m["outcome"] != "incomplete" || len(m["missing"].([]any)) == 0 || m["missing"].([]any)[0] != "opdrachtgever" {
		t.Errorf("incomplete: %d %v", code, m)
	}

	bad := []struct {
		args []string
		want string
	}{
		{[]string{"aanbestedingsplicht", "--fact", "kleur=rood"}, "unknown fact"},
		{[]string{"aanbestedingsplicht", "--fact", "waarde=veel"}, "is not an amount"},
		{[]string{"aanbestedingsplicht", "--fact", "soort=fietsen"}, "options: werken"},
		{[]string{"aanbestedingsplicht", "--fact", "soort=werken", "--fact", "waarde=1", "--date", "2028-01-01"}, "no value of drempel_werken is known for 2028-01-01"},
		{[]string{"fietscheck"}, "unknown check"},
	}
	for _, c := range bad {
		_, errOut, code := eval(c.args...)
		if code == 0 || !strings.Contains(errOut, c.want) {
			t.Errorf("%v: exit %d, stderr %q, want %q", c.args, code, errOut, c.want)
		}
	}
}

func TestRulesTestCommand(t *testing.T) {
	out, errOut, code := noaber(t, "", "rules", "test")
	if code != 0 || !strings.Contains(out, "0 failed") {
		t.Fatalf("rules test: %d\n%s%s", code, out, errOut)
	}
	// A municipality's own directory: an override and a failing scenario.
	dir := t.TempDir()
	data, err := os.ReadFile(filepath.Join("..", "..", "knowledge", "rules", "checks", "uitdaagrecht.toml"))
	if err != nil {
		t.Fatal(err)
	}
	write := func(name, s string) {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(s), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("uitdaagrecht.toml", string(data))
	write("uitdaagrecht"+rules.ScenarioSuffix, "today = 2026-01-01\n[[scenario]]\nname = \"overheidstaak mag toch\"\nfacts = { wettelijke_overheidstaak = true }\noutcome = \"yes\"\n")
	out, _, code = noaber(t, "", "rules", "test", dir)
	if code == 0 || !strings.Contains(out, "uitdaagrecht.scenarios.toml:2: scenario \"overheidstaak mag toch\": outcome no, want yes") {
		t.Errorf("failing scenario: exit %d\n%s", code, out)
	}
	write("uitdaagrecht.toml", strings.Replace(string(data), `when = "wettelijke_overheidstaak"`, `when = "wettelijke_taak"`, 1))
	_, errOut, code = noaber(t, "", "rules", "test", dir)
	if code == 0 || !strings.Contains(errOut, "uitdaagrecht.toml:") || !strings.Contains(errOut, "unknown name wettelijke_taak") {
		t.Errorf("broken rule file: exit %d\n%s", code, errOut)
	}
}
