package knowledge

import (
	"testing"

	"github.com/noaber/noaber/knowledge/legalcheck"
)

// The corpus is held to the same corrected legal facts as the checks
// (knowledge/legalcheck): no passage and no card lead may repeat a claim
// an expert review found wrong, and every linked legal source is a deep
// link (issue 13).
func TestCorpusHeldToLegalcheck(t *testing.T) {
	docs, errs := ParseFS(Corpus(), false)
	if len(errs) > 0 {
		t.Fatal(errs)
	}
	for _, d := range docs {
		for _, p := range d.Passages {
			for _, prob := range legalcheck.TextProblems(p.Heading + "\n" + p.Text) {
				t.Errorf("%s %q: %s", d.File, p.Heading, prob)
			}
		}
		for _, c := range d.Cards {
			for _, prob := range legalcheck.TextProblems(c.Lead) {
				t.Errorf("%s card %s: %s", d.File, c.ID, prob)
			}
		}
		for _, s := range d.Sources {
			if s.URL == "" {
				continue
			}
			if prob := legalcheck.SourceProblem(s.URL, s.Ref); prob != "" {
				t.Errorf("%s source %q: %s", d.File, s.Title, prob)
			}
		}
	}
}
