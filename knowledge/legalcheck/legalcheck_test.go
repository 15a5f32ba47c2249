package legalcheck

import (
	"strings"
	"testing"
)

// Texts that were wrong before the 2026-12-01 review are caught; their
// corrections pass.
func TestTextProblems(t *testing.T) {
	wrong := map[string]string{
		"uitdaagrecht-verplicht":           "Of en hoe het kan, beslist jullie gemeente: de gemeenteraad kan het uitdaagrecht regelen in de participatieverordening. Dat is een mogelijkheid, geen plicht.",
		"uitdaagrecht-verplicht ":          "The council may regulate the Right to Challenge in its participation ordinance. That is an option, not a duty.",
		"uitdaagrecht-verplicht  ":         "Het uitdaagrecht in art. 150 Gemeentewet is een kan-bepaling.",
		"terugtellen-atw-1-lid-2":          "Een termijn die terugtelt vanaf een tijdstip wordt niet verlengd (Algemene termijnenwet, artikel 4).",
		"terugtellen-atw-1-lid-2 ":         "Terms counted back from an event are not extended.",
		"atw-4-lange-termijnen":            "De Algemene termijnenwet geldt niet voor termijnen van meer dan zes weken (art. 4).",
		"verlicht-regime-geen-45-dagen":    "Daarvoor geldt het verlichte regime. Bij een openbare procedure krijgen inschrijvers minstens 45 dagen (Aw art. 2.71).",
		"kb-dagen-tellen-mee":              "Let op: dagen die de regering bij Koninklijk Besluit gelijkstelt aan een feestdag (zoals soms de vrijdag na Hemelvaart) tel ik niet mee.",
		"kb-dagen-tellen-mee ":             "Note: days the government equates to a holiday by Royal Decree (such as sometimes the Friday after Ascension Day) are not counted.",
		"standstill-geen-zondag":           "Without the General Time Limits Act the term ends on Sunday 25 January 2026; with it on Monday 26 January 2026.",
		"waterland-verouderd-geen-typfout": "Waterland noemt € 5.548.000, een typfout.",
		"aw-2-74-onbevestigd":              "Bij elektronisch inschrijven mag de termijn 5 dagen korter (Aw art. 2.74b).",
		"bw-2-53a-onbevestigd":             "Een coöperatie mag winst uitkeren (BW 2:53a).",
	}
	for id, text := range wrong {
		id = strings.TrimSpace(id)
		got := TextProblems(text)
		if len(got) == 0 || !strings.HasPrefix(strings.Join(got, "|"), id+":") && !strings.Contains(strings.Join(got, "|"), "|"+id+":") {
			t.Errorf("%s not caught in %q: %v", id, text, got)
		}
	}
	right := []string{
		"De gemeenteraad moet daarin voorwaarden vastleggen (Gemeentewet art. 150 lid 3). Dat betekent niet dat de gemeente elk verzoek moet toewijzen.",
		"Deze termijn telt terug. De Algemene termijnenwet verlengt een termijn die terugtelt niet (art. 1 lid 2).",
		"This term counts back: the General Time Limits Act does not extend it (Atw art. 1(2)).",
		"Deze termijn is langer dan drie maanden, twaalf weken of negentig dagen. Daarop is de Algemene termijnenwet niet van toepassing (art. 4).",
		"Daarvoor geldt het verlichte regime. De wettelijke minimumtermijnen gelden niet (Aw art. 2.39 lid 2).",
		"Bij een openbare Europese procedure krijgen inschrijvers minstens 45 dagen (Aw art. 2.71).",
		"Ook vrijdag 15 mei 2026 is geen werkdag: de vrijdag na Hemelvaartsdag, bij koninklijk besluit gelijkgesteld met een feestdag (Atw art. 3 lid 3).",
		"Waterland noemt € 5.548.000: de verouderde drempel van 2018–2019.",
		"Een subsidie is geen betaling voor prestaties aan de gemeente (Awb art. 4:21).",
		"Richtlijn 2014/24/EU art. 4 noemt de drempels.",
	}
	for _, text := range right {
		if got := TextProblems(text); len(got) > 0 {
			t.Errorf("%q flagged: %v", text, got)
		}
	}
}

func TestSourceProblem(t *testing.T) {
	bad := map[string][2]string{
		"bare homepage":         {"https://www.gouda.nl", "Gouda"},
		"bare homepage slash":   {"https://en.opsterland.nl/", "Opsterland"},
		"law without article":   {"https://wetten.overheid.nl/BWBR0005537/", "Awb art. 6:7"},
		"law without id":        {"https://wetten.overheid.nl/zoeken?artikel=4", "Atw"},
		"wikipedia":             {"https://nl.wikipedia.org/wiki/Algemene_termijnenwet", "Atw"},
		"blogspot":              {"https://keesvandewater.blogspot.com/2024/03/uitdaagrecht.html", "Kees"},
		"blog":                  {"https://debloggendedeurwaarder.nl/termijnen", "Atw art. 4"},
		"eur-lex without celex": {"https://eur-lex.europa.eu/homepage.html", "Richtlijn"},
		"case law as summary":   {"https://basis.europadecentraal.nl/jurisprudentie/helmut-muller-2/", "C-451/08"},
		"not a link":            {"wetten.overheid.nl", "Aw"},
	}
	for name, c := range bad {
		if SourceProblem(c[0], c[1]) == "" {
			t.Errorf("%s: %s accepted", name, c[0])
		}
	}
	good := [][2]string{
		{"https://wetten.overheid.nl/jci1.3:c:BWBR0005537&artikel=4:21", "Awb art. 4:21"},
		{"https://wetten.overheid.nl/BWBR0032203/2025-09-01#Deel2_Artikel2.17", "Aw art. 2.17"},
		{"https://eur-lex.europa.eu/legal-content/NL/TXT/?uri=CELEX:32014L0024", "Richtlijn 2014/24/EU art. 4"},
		{"https://eur-lex.europa.eu/legal-content/NL/TXT/?uri=CELEX:62008CJ0305", "C-305/08"},
		{"https://uitspraken.rechtspraak.nl/details?id=ECLI:NL:RVS:2016:2927", "ECLI:NL:RVS:2016:2927"},
		{"https://lokaleregelgeving.overheid.nl/CVDR651770", "Opsterland"},
		{"https://www.pianoo.nl/nl/metrokaart-sociaal-domein-faq/wat-is-het-verschil-tussen-overheidsopdracht-en-subsidie", "PIANOo"},
	}
	for _, c := range good {
		if p := SourceProblem(c[0], c[1]); p != "" {
			t.Errorf("%s (%s): %s", c[0], c[1], p)
		}
	}
}

// A text may cite art. 4 rightly for long terms in another sentence than
// the one about counting back; in the same sentence it is the old error.
func TestBackwardCountingIsSentenceScoped(t *testing.T) {
	ok := "Not for limits counted backwards (Atw art. 1(2)). Nor for limits longer than 3 months (Atw art. 4)."
	if p := TextProblems(ok); len(p) != 0 {
		t.Errorf("right text flagged: %v", p)
	}
	bad := "A limit counted backwards is not extended (Atw art. 4)."
	if p := TextProblems(bad); len(p) == 0 {
		t.Error("the old error passed")
	}
}
