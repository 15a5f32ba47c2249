package understand

import "testing"

// "SAS" names the social and other specific services, also with a hyphen
// ("sas-diensten"): they are social services, not services in general.
func TestSASIsSocialServices(t *testing.T) {
	for _, in := range []string{"welke drempelwaarde geldt voor sas diensten", "drempel sas-diensten", "threshold for SAS services"} {
		if !Kinds(in)["sociale_diensten"] {
			t.Errorf("Kinds(%q) = %v, want sociale_diensten", in, Kinds(in))
		}
		if k := Parse(in, "nl").Slots.Kind; k != "sociale_diensten" {
			t.Errorf("%q: kind %q", in, k)
		}
	}
}

// Who made or runs Noaber is a question about Noaber.
func TestWhoMadeNoaber(t *testing.T) {
	for _, in := range []string{"door wie ben je gemaakt?", "ben je van de overheid?", "who programmed you?", "are you run by the government?"} {
		if got := Parse(in, "nl").SmallTalk; got != Who {
			t.Errorf("%q: small talk %q, want %q", in, got, Who)
		}
	}
}
