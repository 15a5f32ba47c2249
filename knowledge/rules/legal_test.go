package rules

import (
	"regexp"
	"testing"

	"github.com/noaber/noaber/i18n"
	"github.com/noaber/noaber/knowledge/legalcheck"
)

// checkTexts lists every text of a check, Dutch and English, with where
// it is.
func checkTexts(c *Check) map[string]string {
	out := map[string]string{}
	add := func(where string, t Text) {
		out[where+" (nl)"], out[where+" (en)"] = t.NL, t.EN
	}
	add("title", c.Title)
	add("description", c.Description)
	for _, f := range c.Facts {
		add("fact "+f.ID+" label", f.Label)
		add("fact "+f.ID+" question", f.Question)
		add("fact "+f.ID+" help", f.Help)
		add("fact "+f.ID+" skip", f.Skip)
		for _, o := range f.Options {
			add("fact "+f.ID+" option "+o.ID, o.Label)
		}
	}
	for _, d := range c.Derived {
		add("derived "+d.ID, d.Label)
	}
	for _, p := range c.Parameters {
		add("parameter "+p.ID, p.Label)
	}
	for _, r := range c.Rules {
		add("rule "+r.ID, r.Text)
	}
	for id, o := range c.Outcomes {
		add("outcome "+id+" title", o.Title)
		add("outcome "+id+" text", o.Text)
	}
	return out
}

// Every text of every built-in check, and every fixed word of the
// explanations, holds to the corrected facts (facts.md, CORRECTED
// 2026-12-01 and §13): no "kan-bepaling" for the uitdaagrecht, no
// "artikel 4" for backward counting, no 45 days for the light regime ….
func TestCheckTextsHoldToCorrectedFacts(t *testing.T) {
	n := 0
	for _, c := range Embedded().Checks() {
		for where, text := range checkTexts(c) {
			n++
			for _, p := range legalcheck.TextProblems(text) {
				t.Errorf("%s %s: %s\n  %q", c.ID, where, p, text)
			}
		}
	}
	for _, id := range msgs.IDs() {
		for _, l := range []i18n.Lang{i18n.NL, i18n.EN} {
			n++
			for _, p := range legalcheck.TextProblems(msgs.T(l, id)) {
				t.Errorf("message %s (%s): %s", id, l, p)
			}
		}
	}
	if n < 500 {
		t.Fatalf("only %d texts seen: the test looks at too little", n)
	}
}

// Every source of every built-in check is a deep link: a law with its
// BWBR id and article, an EU act with its CELEX number, case law with its
// CELEX or ECLI; never a bare homepage, Wikipedia or a blog.
func TestCheckSourcesAreDeepLinks(t *testing.T) {
	n := 0
	for _, c := range Embedded().Checks() {
		for _, s := range c.Sources {
			n++
			if p := legalcheck.SourceProblem(s.URL, s.Ref); p != "" {
				t.Errorf("%s source %s (%s) %s: %s", c.ID, s.ID, s.Ref, s.URL, p)
			}
		}
	}
	if n < 40 {
		t.Fatalf("only %d sources seen", n)
	}
}

// An English reader of a built-in check sees every source in English:
// each has an English title, and a short reference that names a Dutch
// word ("Richtlijn", "Verordening") has an English one too. A
// deployment's own check may leave them out; then the Dutch is shown.
func TestBuiltinSourcesHaveEnglishTitles(t *testing.T) {
	dutch := regexp.MustCompile(`(?i)\b(richtlijn|verordening|gedelegeerde|vweu|overw\.|e\.a\.)`)
	for _, c := range Embedded().Checks() {
		for id, s := range c.sources {
			if s.TitleEN == "" {
				t.Errorf("%s source %s: no title_en", c.ID, id)
			}
			if s.In(i18n.EN) != s.TitleEN || s.In(i18n.NL) != s.Title {
				t.Errorf("%s source %s: In picks the wrong title", c.ID, id)
			}
			if dutch.MatchString(s.RefIn(i18n.EN)) {
				t.Errorf("%s source %s: English reference %q is Dutch", c.ID, id, s.RefIn(i18n.EN))
			}
		}
	}
	s := &Source{Title: "Aanbestedingswet 2012, art. 2.17", Ref: "Aw art. 2.17"}
	if s.In(i18n.EN) != s.Title || s.RefIn(i18n.EN) != s.Ref {
		t.Errorf("without English fields the Dutch must be shown, got %q / %q", s.In(i18n.EN), s.RefIn(i18n.EN))
	}
}
