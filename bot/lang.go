package bot

import (
	"strings"
	"unicode"
)

// Marker words: frequent in one language and rare in the other. Words both
// languages use ("is", "we", "deadline", "check") are left out on purpose.
var nlWords = set(`de het een en van ik jij je u wij ons onze zijn wat hoe wanneer waar welke welk wie waarom moet moeten mag mogen kan kunnen
	niet geen voor met op aan bij over naar tot om maar dan dus ook nog al als dat die dit er hebben heeft had wordt worden werd
	hulp nieuw nieuwe mijn gegevens vergeet mij aanmelden afmelden evenement evenementen termijn herinner herinnering volgen ja nee
	dag dagen week weken maand maanden uur morgen vandaag vrijdag maandag dinsdag woensdag donderdag zaterdag zondag over
	aanbesteden aanbesteding aanbestedingen subsidie subsidies gemeente gemeenten drempel drempelbedrag drempelwaarde uitdaagrecht
	europees aanbestedingsplicht stichting vereniging bewoners initiatief initiatieven vrijwilligers opdracht opdrachten
	hoeveel hoelang wel toch even graag bedankt dank alsjeblieft kunt wil willen zou zouden welkom taal lijst toon
	regels regel onderhands meervoudig enkelvoudig bezwaar besluit staatssteun voorbehouden maatschappelijk maatschappelijke
	precies eigenlijk meestal procent werkt geldt gelden iets tegenwoordig nu hier`)

// loanTerms are English terms of the domain that Dutch speakers use as
// they are ("hoe werkt de right to challenge?", "wat is state aid?"): they
// say nothing about the language of the question around them.
var loanTerms = []string{"right to challenge", "state aid", "social return", "social enterprise", "social enterprises",
	"light regime", "reserved contract", "public contract", "open house", "de minimis", "in-house", "standstill", "tender"}

var enWords = set(`the a an and of i you our are what how when where which who why must should may can cannot not no for with on at about
	to from but then so also yet if that this there have has had was were be been being do does did
	help new my data forget me sign up event events remind reminder follow yes
	day days weeks month months hour tomorrow today friday monday tuesday wednesday thursday saturday sunday
	procurement tender tendering subsidy grant grants municipality municipalities threshold thresholds right challenge
	european foundation association residents initiative initiatives volunteers contract contracts
	much many long please thanks thank want would language list show
	rules rule procedure appeal objection decision state aid reserved social value`)

func set(words string) map[string]bool {
	m := map[string]bool{}
	for _, w := range strings.Fields(words) {
		m[w] = true
	}
	return m
}

// DetectLang guesses the language of text from marker words. ok is false
// when the text gives no clear signal (a number, a name, "ok").
func DetectLang(text string) (lang Lang, ok bool) {
	var nl, en int
	low := " " + strings.Join(strings.FieldsFunc(strings.ToLower(text), func(r rune) bool {
		return !unicode.IsLetter(r) && r != '\'' && r != '-'
	}), " ") + " "
	for _, t := range loanTerms {
		low = strings.ReplaceAll(low, " "+t+" ", " ")
	}
	for _, w := range strings.FieldsFunc(low, func(r rune) bool {
		return !unicode.IsLetter(r) && r != '\''
	}) {
		if nlWords[w] {
			nl++
		}
		if enWords[w] {
			en++
		}
	}
	switch {
	case nl > en:
		return NL, true
	case en > nl:
		return EN, true
	}
	return NL, false
}
