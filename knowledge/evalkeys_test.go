package knowledge

import (
	"os"
	"regexp"
	"strings"
	"testing"
)

// The answer eval's keys are data that decide what the eval measures; these
// tests hold them to the rules of the key audit (knowledge/eval/AUDIT.md).
// They read the keys only: no question is asked of the engine here.

// evalKeyFiles are the answer evals whose keys the audit checked.
var evalKeyFiles = []string{"eval/leads.toml", "eval/holdout.toml"}

func readLeadFile(t *testing.T, path string) []LeadQuestion {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	qs, err := ReadLeads(f)
	if err != nil {
		t.Fatal(err)
	}
	return qs
}

// Every key fact compiles, is not empty, does not match an empty lead, and
// does not match its own question: a key the question holds passes an echo
// (and often the wrong answer that repeats the question's words).
func TestReadLeadsKeysWellFormed(t *testing.T) {
	for _, path := range evalKeyFiles {
		for _, q := range readLeadFile(t, path) {
			switch q.Expect {
			case ExpectRefuse, ExpectClarify, ExpectSmallTalk:
				continue
			}
			re, err := regexp.Compile("(?i)" + q.Expect)
			switch {
			case strings.TrimSpace(q.Expect) == "":
				t.Errorf("%s %s: empty expect", path, q.ID)
			case err != nil:
				t.Errorf("%s %s: expect does not compile: %v", path, q.ID, err)
			case re.MatchString(""):
				t.Errorf("%s %s: expect %q matches the empty lead", path, q.ID, q.Expect)
			case re.MatchString(q.Text):
				t.Errorf("%s %s: expect %q matches the question itself", path, q.ID, q.Expect)
			}
		}
	}
}

// auditSamples are leads written for the audit (not Noaber's answers): each
// shows a key accepts a correct lead it used to refuse, or refuses a wrong
// lead it used to accept.
var auditSamples = []struct {
	file, id, lead string
	right          bool
}{
	// Amounts in every common form, and no longer inside a larger amount.
	{"eval/leads.toml", "q001", "De drempel is € 216.000 (excl. btw).", true},
	{"eval/leads.toml", "q001", "De drempel is €216k excl. btw.", true},
	{"eval/leads.toml", "q001", "De drempel is 216 duizend euro.", true},
	{"eval/leads.toml", "q001", "De drempel is €221.000.", false},
	{"eval/holdout.toml", "h127", "5% van 800.000 is € 40.000.", true},
	{"eval/holdout.toml", "h127", "Dat is € 140.000.", false},
	{"eval/holdout.toml", "h132", "Ja, tot € 5.000 kan direct worden vastgesteld.", true},
	{"eval/holdout.toml", "h132", "Ja, tot € 25.000.", false},
	{"eval/holdout.toml", "h098", "Ja, een perceel van ten hoogste € 180.000.", false},
	{"eval/holdout.toml", "h098", "Ja: percelen tot € 80.000 samen niet meer dan 20% van de waarde.", true},
	{"eval/leads.toml", "q146", "Nee: 10 van 40 is 25 procent, de wet vraagt minstens 30 procent.", true},
	// Every correct way to say no.
	{"eval/leads.toml", "q087", "Die termijn geldt daar niet: de Alcatel-termijn hoort bij Europese procedures.", true},
	{"eval/leads.toml", "q104", "De verlenging geldt niet voor een termijn die terugrekent.", true},
	{"eval/leads.toml", "q105", "It does not extend a six-month period.", true},
	{"eval/leads.toml", "q107", "Ja, ook voor termijnen in uren, je hoeft niet te wachten.", false},
	{"eval/leads.toml", "q107", "Nee, termijnen in uren worden niet verlengd (Atw art. 4).", true},
	{"eval/leads.toml", "q161", "Nee. De raad stelt de voorwaarden vast.", true},
	{"eval/holdout.toml", "h014", "Nee. De raad stelt voorwaarden; over elke uitdaging besluit het college.", true},
	// Mandatory, not the kan-bepaling (facts.md §4 CORRECTED 2026-12-01).
	{"eval/leads.toml", "q157", "Ja, elke gemeente moet dat regelen in haar participatieverordening.", true},
	{"eval/leads.toml", "q159", "Het is verplicht, geen kan-bepaling.", true},
	{"eval/leads.toml", "q160", "Yes, it is not mandatory: a council may leave it out.", false},
	{"eval/leads.toml", "q160", "No, it is mandatory: the council must set conditions.", true},
	{"eval/leads.toml", "q176", "That is correct, it is not mandatory.", false},
	// Subsidy or contract: "opdracht" alone is no longer enough.
	{"eval/leads.toml", "q293", "Het blijft een subsidie en geen opdracht.", false},
	{"eval/leads.toml", "q293", "Dit is een opdracht: de gemeente bepaalt wat er geleverd wordt.", true},
	{"eval/holdout.toml", "h106", "Ja, het is een subsidie en geen opdracht.", false},
	{"eval/holdout.toml", "h106", "Nee, dit is geen subsidie maar een overheidsopdracht.", true},
	// No echo of the question, no cut list.
	{"eval/holdout.toml", "h054", "Niet de aankondiging maar de start van het contract bepaalt het.", false},
	{"eval/holdout.toml", "h054", "Het moment waarop de aankondiging wordt verzonden, niet de start van het contract.", true},
	{"eval/holdout.toml", "h056", "Artikel 1.4 lid 2 gaat over maatschappelijke waarde.", false},
	{"eval/holdout.toml", "h056", "Een aanbestedende dienst levert zo veel mogelijk maatschappelijke waarde voor het publieke geld.", true},
	{"eval/holdout.toml", "h057", "Gedelegeerde Verordening (EU) 2023/2495.", false},
	{"eval/holdout.toml", "h020", "1) duidelijk omschreven openbaredienstverplichtingen; 2) objectieve parameters vooraf.", false},
	{"eval/holdout.toml", "h020", "1) duidelijk omschreven openbaredienstverplichtingen; 2) parameters vooraf; 3) geen overcompensatie; 4) aanbesteding of vergelijking met een goed beheerde onderneming.", true},
	{"eval/holdout.toml", "h028", "De waardendriehoek gaat over rendement.", false},
	{"eval/holdout.toml", "h028", "Drie kernwaarden: rendement, legitimiteit en betrokkenheid.", true},
	{"eval/holdout.toml", "h061", "Eerst een aankondiging.", false},
	{"eval/holdout.toml", "h061", "Aankondigen, inschrijvingen toetsen, een proces-verbaal opmaken, de overeenkomst sluiten en de gunning aankondigen.", true},
	{"eval/holdout.toml", "h093", "Ja, ook bij het verlichte regime voor sociale diensten boven € 750.000 geldt 45 dagen.", false},
	{"eval/holdout.toml", "h093", "Nee. Voor sociale en andere specifieke diensten (Aw 2.39) gelden de wettelijke minimumtermijnen niet.", true},
	// Correct leads in other words.
	{"eval/leads.toml", "q067", "Voorschrift 3.4B van de oudere Gids noemde 3 tot 5; of dat in de 3e herziening nog zo is, is niet bevestigd.", true},
	{"eval/leads.toml", "q050", "Nee. €216.000 geldt voor diensten; voor werken € 5.404.000 en voor sociale diensten € 750.000.", true},
	{"eval/leads.toml", "q103", "Ja, maandag is nog op tijd: de termijn loopt door tot de eerstvolgende werkdag.", true},
	{"eval/leads.toml", "q216", "Bij social return besteedt de opdrachtnemer een deel van de opdracht aan mensen met een afstand tot de arbeidsmarkt.", true},
	{"eval/leads.toml", "q122", "A subsidy is a claim to financial means from an administrative body for the applicant's activities, other than as payment for goods or services supplied to that body.", true},
	{"eval/holdout.toml", "h015", "Een opdracht waarvoor alleen sociale werkplaatsen en bedrijven die mensen met een beperking laten werken mogen inschrijven.", true},
	{"eval/holdout.toml", "h158", "Yes, for sheltered workshops and firms that integrate disabled or disadvantaged people.", true},
}

func TestReadLeadsAuditSamples(t *testing.T) {
	byID := map[string]LeadQuestion{}
	for _, path := range evalKeyFiles {
		for _, q := range readLeadFile(t, path) {
			byID[path+" "+q.ID] = q
		}
	}
	for _, s := range auditSamples {
		q, ok := byID[s.file+" "+s.id]
		if !ok {
			t.Errorf("%s %s: no such question", s.file, s.id)
			continue
		}
		got := LeadRight(q, Result{Found: true, Kind: KindAnswer, Answer: s.lead})
		if got != s.right {
			t.Errorf("%s %s: key %q on %q: right=%v, want %v", s.file, s.id, q.Expect, s.lead, got, s.right)
		}
	}
}
