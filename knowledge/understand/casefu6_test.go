package understand

import "testing"

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
