package understand

import "testing"

// One social service, or a service named by what it is, is the kind
// sociale_diensten (with its own threshold), not diensten.
func TestSocialServiceKind(t *testing.T) {
	for _, text := range []string{
		"We kopen dagbesteding in (sociale dienst) voor 900.000 euro.",
		"Moeten we jeugdhulp van 500.000 euro europees aanbesteden?",
		"Home support worth €900,000: which regime?",
		"Een opdracht uit bijlage XIV van 800.000 euro",
	} {
		if k := Parse(text, "nl").Slots.Kind; k != "sociale_diensten" {
			t.Errorf("%q: kind %q", text, k)
		}
	}
	if k := Parse("een dienst van 300.000 euro voor schoonmaak", "nl").Slots.Kind; k != "diensten" {
		t.Errorf("plain service: kind %q", k)
	}
}
