package understand

import (
	"strings"
	"testing"
)

// "care" names the kind of contract when care is what is bought, not when
// it names the customers' place: laundry for care homes is no social
// service.
func TestCareHomesAreNoSocialService(t *testing.T) {
	if k := Parse("We wash the laundry of two care homes and the council now pays us 4,000 euros a month for its gyms.", "en").Slots.Kind; k == "sociale_diensten" {
		t.Errorf("care homes: kind %q, want no social services", k)
	}
	if k := Parse("The council buys home care for elderly residents for 90,000 euros a year.", "en").Slots.Kind; k != "sociale_diensten" {
		t.Errorf("home care: kind %q, want sociale_diensten", k)
	}
}

// "waiting period" is the standstill in plain words: a bare question
// after it asks about the sentence that names it, not about the tender
// before.
func TestWaitingPeriodNamesTheDomain(t *testing.T) {
	q := Parse("We lost a tender for the park maintenance last week. Their letter gives no reasons and does not say how long the waiting period is. Is that allowed?", "en")
	if !strings.Contains(q.Claim, "waiting period") {
		t.Errorf("claim %q: want the sentence with the waiting period", q.Claim)
	}
}
