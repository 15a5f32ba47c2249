package understand

import "strings"

// feedbackOn recognises a remark on the answer before it ("je antwoord
// klopt niet", "dat vroeg ik niet", "that answer is wrong", "useless"): a
// short message, without a question, figures or a term of the domain, that
// judges the answer or says it missed the question. It is not searched: a
// search on "klopt niet" finds a passage that happens to say so. A
// correction that adds something ("nee, ik bedoel voor werken", "dat klopt
// niet, de drempel is 221.000") names the domain or a figure and is read as
// a question.
func feedbackOn(ws []string, low string) bool {
	if len(ws) == 0 || len(ws) > maxFeedbackWords || strings.ContainsAny(low, "?0123456789") {
		return false
	}
	joined := " " + strings.Join(ws, " ") + " "
	verdict := map[string]bool{}
	for _, p := range verdictPhrases {
		if strings.Contains(joined, " "+p+" ") {
			for _, w := range strings.Fields(p) {
				verdict[w] = true
			}
		}
	}
	if len(verdict) == 0 {
		return false
	}
	// "klopt niet" opens like "klopt het dat …?" but asks nothing;
	// "is dat fout?" without its question mark still asks, "wat een
	// onzin" exclaims
	if startsQuestion(joined) && !verdict[ws[0]] && !exclaims(ws) {
		return false
	}
	if continuesInPart(low) {
		return false // "dat wist ik al, maar hoe zit het met werken" asks on
	}
	if DefaultThesaurus.InDomain(low) || len(DefaultThesaurus.OffTopic(low)) > 0 {
		return false
	}
	loose, target := 0, false
	for _, w := range ws {
		target = target || feedbackTargets[w]
		if verdict[w] || feedbackWords[w] || fillers[w] || chatWords[w] || acks[w] {
			continue
		}
		if _, ok := smallTalkWords[w]; ok {
			continue
		}
		loose++
	}
	// "we filled in the wrong form" judges no answer: a remark with
	// words of its own must say what it is about ("je antwoord", "dat")
	return loose == 0 || loose <= looseFeedbackWords && target
}

// feedbackTargets point at the answer or at Noaber.
var feedbackTargets = set(`antwoord antwoorden reactie answer answers reply response dat dit het je jij jouw that this it you your`)

// maxFeedbackWords is the longest remark on an answer; looseFeedbackWords
// how many words of its own it may have beside the lists ("zeg", "joh").
const (
	maxFeedbackWords   = 14
	looseFeedbackWords = 2
)

// verdictPhrases judge an answer or say it missed the question, as folded
// words.
var verdictPhrases = func() []string {
	var out []string
	for _, p := range strings.Split(`klopt niet|klopt niks|klopt niets|klopt geen|klopt er niks van|klopt er niets van|
		klopt helemaal niet|klopt echt niet|is fout|was fout|fout antwoord|foute antwoord|verkeerd|verkeerde|onjuist|
		niet juist|niet correct|incorrect|slecht antwoord|slechte antwoord|slecht|niet goed|niet waar|vroeg ik niet|
		vroeg ik helemaal niet|vroeg ik toch niet|niet wat ik vroeg|niet wat ik bedoel|niet wat ik bedoelde|
		niet wat ik zocht|bedoel ik niet|bedoelde ik niet|geen antwoord op mijn vraag|geen antwoord op de vraag|
		beantwoordt mijn vraag niet|beantwoord mijn vraag niet|snapt het niet|snap je niet|begrijpt me niet|
		begrijp je niet|begrijpt het niet|nutteloos|onzin|slaat nergens op|slaat kant noch wal|heb ik niks aan|
		heb ik niets aan|waardeloos|niet nuttig|niet behulpzaam|snapt er niks van|snapt er niets van|snap je er niks van|
		begrijpt er niks van|begrijpt er niets van|wist ik al|dat weet ik al|niet mijn vraag|gaat over iets anders|
		op een andere vraag|bedoelde iets anders|bedoel iets anders|volgens mij klopt dat niet|volgens mij klopt het niet|volgens mij klopt dit niet|
		wrong|incorrect|not correct|not right|isn t right|not true|isn t true|not what i asked|not what i meant|
		not what i m asking|not what i was asking|didn t ask|did not ask|didn t answer|doesn t answer|does not answer|
		did not answer|not answer my question|useless|not helpful|unhelpful|not useful|bad answer|terrible answer|
		poor answer|nonsense|misunderstood|doesn t make sense|makes no sense|don t understand me|missed the point|
		knew that already|already knew that|know that already|already know that|not my question|
		a different question|i meant something else|meant something else`, "|") {
		if ws := words(p); len(ws) > 0 {
			out = append(out, strings.Join(ws, " "))
		}
	}
	return out
}()

// feedbackWords are the other words a remark on an answer is made of.
var feedbackWords = set(`zeg joh hoor helemaal totaal gewoon echt compleet volledig jammer sorry hmm hm nee nope no nah
	antwoord antwoorden reactie answer answers reply response your jouw je jij you that s this it is was completely
	totally just really quite pretty fully entirely vraag question mijn my toch eigenlijk actually sadly helaas beetje bit
	again weer alweer opnieuw ok oke okay maar but i ik volgens mij gaat over geeft answered about op een andere`)
