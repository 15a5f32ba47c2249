package check

import (
	"testing"

	"github.com/noaber/noaber/bot"
	"github.com/noaber/noaber/knowledge/legalcheck"
)

// Every message of the check dialogue holds to the corrected legal facts
// (the checks' own texts are tested in knowledge/rules).
func TestMessagesHoldToCorrectedFacts(t *testing.T) {
	ids := Msgs.IDs()
	for _, id := range ids {
		for _, l := range []bot.Lang{bot.NL, bot.EN} {
			for _, p := range legalcheck.TextProblems(Msgs.T(l, id)) {
				t.Errorf("message %s (%s): %s", id, l, p)
			}
		}
	}
	if len(ids) < 20 {
		t.Fatalf("only %d messages", len(ids))
	}
}
