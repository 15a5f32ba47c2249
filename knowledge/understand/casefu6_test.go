package understand

import (
	"fmt"
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

// A follow-up that names only a later moment moves the latest dated sum of
// the case there; the earlier sums keep their dates.
func TestFollowUpMovesTheLatestSum(t *testing.T) {
	prev := Parse("We gaven een buurtbedrijf in mei 2024 200.000 euro de-minimissteun en willen in november 2026 nog 150.000 euro geven. Mag dat?", "nl")
	m := Merge(prev, Parse("en als we wachten tot na mei 2027?", "nl"))
	var got []string
	for _, a := range m.Slots.Amounts {
		got = append(got, fmt.Sprintf("%.0f@%d-%d", a.Value, a.Year, a.Month))
	}
	if want := "200000@2024-5 150000@2027-6"; strings.Join(got, " ") != want {
		t.Errorf("amounts %v, want %s", got, want)
	}
}

// movedLatest reads any follow-up without a panic and keeps the number of
// sums.
func FuzzMovedLatest(f *testing.F) {
	for _, s := range []string{"en als we wachten tot na maart 2027?", "after december 2026", "in mei 2099", "na"} {
		f.Add(s)
	}
	prev := []Amount{{Value: 1000, Per: Total, Year: 2024, Month: 3}, {Value: 2000, Per: Total, Year: 2026, Month: 12}}
	f.Fuzz(func(t *testing.T, s string) {
		if out, ok := movedLatest(prev, s); ok && (len(out) != len(prev) || out[1].Month < 1 || out[1].Month > 12) {
			t.Errorf("%q: %+v", s, out)
		}
	})
}

// "take care of" and a care centre that is the asker's own organisation
// name no social service: the contract's kind decides its threshold.
func TestCareAsAVerbOrAPlace(t *testing.T) {
	for _, in := range []string{
		"We take care of the parks for the council for 300,000 euros over 3 years.",
		"We run a day care centre and the council wants us to clean its offices for 250,000 euros.",
	} {
		if k := Parse(in, "en").Slots.Kind; k == "sociale_diensten" {
			t.Errorf("%q: kind %q, want no social services", in, k)
		}
	}
	if k := Parse("The council buys day care for elderly residents for 400,000 euros.", "en").Slots.Kind; k != "sociale_diensten" {
		t.Errorf("day care bought: kind %q, want sociale_diensten", k)
	}
}

// What the asker does is not the kind of what the municipality asks of
// them: home care before "the council wants us to mow the grass" gives
// the mowing's kind, not the social services' threshold.
func TestKindOfWhatIsAsked(t *testing.T) {
	if k := Parse("Our foundation does home care and the council wants us to mow the grass for 250,000 euros. EU tender?", "en").Slots.Kind; k == "sociale_diensten" {
		t.Errorf("kind %q, want the mowing's", k)
	}
	if k := Parse("We zijn een buurtvereniging en de gemeente vraagt ons de dagbesteding voor ouderen te doen voor 300.000 euro.", "nl").Slots.Kind; k != "sociale_diensten" {
		t.Errorf("asked to do day care: kind %q, want sociale_diensten", k)
	}
}
