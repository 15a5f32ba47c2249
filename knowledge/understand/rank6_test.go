package understand

import "testing"

// A question for the moment something happens asks for a date, also when
// it names a threshold; "what's …" asks what a thing is, as "what is …"
// does.
func TestTypeOfMomentAndContraction(t *testing.T) {
	for _, c := range []struct {
		lang, text string
		want       Type
	}{
		{"nl", "op welk moment bepaal je welke drempel geldt", TimeLimit},
		{"en", "at what point does the new threshold apply", TimeLimit},
		{"en", "what's the value triangle about?", Definition},
		{"en", "whats a participation bylaw", Definition},
		// unchanged
		{"nl", "welke drempel geldt voor diensten", HowMuch},
		{"en", "what is the threshold for services", HowMuch},
		{"nl", "mag de gemeente een opdracht opknippen", MayMust},
		{"nl", "wat is het uitdaagrecht", Definition},
	} {
		if got := Parse(c.text, c.lang).Type; got != c.want {
			t.Errorf("%q: type %s, want %s", c.text, got, c.want)
		}
	}
}
