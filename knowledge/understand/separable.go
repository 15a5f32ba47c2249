package understand

// Dutch splits a separable verb around "te" ("toe te kennen", "aan te
// vragen", "uit te voeren"): the verb the texts write whole ("toekennen",
// "aanvragen", "uitvoeren") is what is asked about, and neither "toe" nor
// "kennen" alone says it.

// separableParticles are the particles a Dutch separable verb starts with;
// not "om": "om te kijken" is "in order to look", seldom "omkijken".
var separableParticles = map[string]bool{
	"aan": true, "af": true, "bij": true, "door": true, "in": true, "mee": true, "na": true,
	"op": true, "over": true, "terug": true, "toe": true, "uit": true, "voor": true, "weg": true, "vast": true,
	"samen": true, "tegen": true, "neer": true, "binnen": true, "vrij": true,
}

// JoinSeparable returns ws (lower-case, folded words of a Dutch question)
// with each "particle te verb" that is one Dutch verb joined into that
// verb: "toe te kennen" becomes "toekennen". ws itself is not changed; when
// nothing is joined, ws is returned.
//
// A verb that is part of a multi-word term of the thesaurus ("recht om uit
// te dagen") stays as it is, so the term is still found.
func JoinSeparable(ws []string) []string {
	var out []string
	var inTerm map[string]bool
	for i := 0; i < len(ws); i++ {
		if i+2 < len(ws) && ws[i+1] == "te" && separableParticles[ws[i]] {
			if inTerm == nil {
				inTerm = DefaultThesaurus.PhraseWords(ws)
			}
			if inTerm[ws[i]] && inTerm[ws[i+2]] {
				if out != nil {
					out = append(out, ws[i])
				}
				continue
			}
			if v := ws[i] + ws[i+2]; IsWordIn(v, "nl") {
				if out == nil {
					out = append([]string{}, ws[:i]...)
				}
				out = append(out, v)
				i += 2
				continue
			}
		}
		if out != nil {
			out = append(out, ws[i])
		}
	}
	if out == nil {
		return ws
	}
	return out
}
