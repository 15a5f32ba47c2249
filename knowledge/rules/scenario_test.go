package rules

import "testing"

// TestEmbeddedScenarios runs every scenario file shipped with the checks.
func TestEmbeddedScenarios(t *testing.T) {
	set := Embedded()
	results, err := RunScenarios(set, EmbeddedFS())
	if err != nil {
		t.Fatal(err)
	}
	perCheck := map[string]int{}
	for _, r := range results {
		perCheck[r.Check]++
		if r.Failed() {
			t.Error(r)
		}
	}
	for _, c := range set.Checks() {
		if perCheck[c.ID] < 5 {
			t.Errorf("check %s has %d scenarios, want at least 5", c.ID, perCheck[c.ID])
		}
	}
}
