package ask

import (
	"strings"
	"testing"
)

// A remark on an answer ("je antwoord klopt niet") gets the reply that
// says how to report it, without 👍/👎 and without a search; the answer
// before it stays the one a follow-up leans on.
func TestRemarkOnAnAnswer(t *testing.T) {
	f := builtinFixture(t)
	if rs := f.say(f.alice, "wat is de drempel voor diensten?"); !strings.Contains(rs[0].Text, "216.000") {
		t.Fatalf("first answer = %q", rs[0].Text)
	}
	rs := f.say(f.alice, "je antwoord klopt niet")
	if len(rs) != 1 || hasFeedback(rs[0]) || !strings.Contains(rs[0].Text, "👎") || len(rs[0].Sources) > 0 {
		t.Errorf("remark = %+v", rs)
	}
	if rs := f.say(f.alice, "en voor werken?"); !strings.Contains(rs[0].Text, "5.404.000") {
		t.Errorf("follow-up after the remark = %q", rs[0].Text)
	}
}
