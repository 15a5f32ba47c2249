package understand

import (
	"strings"
	"testing"
)

func TestSplitStoryFromQuestion(t *testing.T) {
	for _, c := range []struct{ in, focus string }{
		{"Wat is het uitdaagrecht?", "Wat is het uitdaagrecht?"},
		{"Wij zijn een stichting in Deventer en doen al jaren het groenonderhoud in onze wijk met vrijwilligers. Nu wil de gemeente dat we een contract tekenen. Moeten we dan aanbesteden?", "Moeten we dan aanbesteden?"},
		{"wij zijn een stichting en krijgen al jaren geld van de gemeente voor de speeltuin, moeten we dan een contract tekenen of blijft het subsidie", "moeten we dan een contract tekenen of blijft het subsidie"},
		{"We are a small foundation running a repair café with volunteers and the municipality gives us a yearly amount. Is that state aid?", "Is that state aid?"},
		// chat English: no question mark, no apostrophe, a closing word after it
		{"We run a repair cafe with volunteers in Leiden and the council pays our rent every month. whats the rule for that. Thanks a lot", "whats the rule for that."},
	} {
		q := Parse(c.in, "nl")
		if q.Focus != c.focus {
			t.Errorf("Parse(%q).Focus = %q, want %q", c.in, q.Focus, c.focus)
		}
		if c.in != c.focus && q.Story == "" {
			t.Errorf("Parse(%q).Story is empty", c.in)
		}
	}
}

func TestSlots(t *testing.T) {
	for _, c := range []struct {
		in     string
		total  float64
		months int
		kind   string
	}{
		{"de gemeente betaalt ons 80.000 euro per jaar voor 4 jaar voor groenonderhoud", 320000, 48, "diensten"},
		{"€ 6.500 per maand voor 2 jaar schoonmaak", 156000, 24, "diensten"},
		{"We pay €4,000 a month for three years to maintain playgrounds", 144000, 36, "diensten"},
		{"een verbouwing van 1,2 miljoen", 1200000, 0, "werken"},
		{"300k voor een renovatie", 300000, 0, "werken"},
		{"€ 3000 per maand voor onbepaalde tijd", 144000, 48, ""},
		// "euros" is a currency too, and "looptijd onbepaald" has no end
		{"They pay us 5,000 euros a month, with no end date", 240000, 48, ""},
		{"20.000 euro per maand voor de schoonmaak, looptijd onbepaald", 960000, 48, "diensten"},

		// English chat: "euros a month", a hyphenated duration
		{"they pay us 6,000 euros a month with no end date", 288000, 48, ""},
		{"a 3-year cleaning contract for 70,000 per year", 210000, 36, "diensten"},
		// a sum with a rate is money, even without a currency
		{"the council pays us 3000 a month for 2 years", 72000, 24, ""},

		// "2 ton" is € 200.000; a sum per quarter, "annually" and
		// "monthly" are rates too, never the whole
		{"de gemeente betaalt ons 2 ton per jaar voor 3 jaar", 600000, 36, ""},
		{"ze betalen 4000 euro per kwartaal voor twee jaar", 32000, 24, ""},
		{"they pay us EUR 60,000 annually for 3 years", 180000, 36, ""},
		{"we get 5,000 euros monthly for 2 years", 120000, 24, ""},
		{"a 4-year contract at €70,000 a year", 280000, 48, ""},
		{"they pay us €4,000 a month for 3 years to clean the community centre", 144000, 36, "diensten"},
		{"een vierjarig contract van 70.000 euro per jaar", 280000, 48, ""},

		// a rate word before or after the sum
		{"de gemeente betaalt ons jaarlijks 80.000 euro voor 4 jaar", 320000, 48, ""},
		{"the council pays 90,000 annually for 4 years", 360000, 48, ""},
		{"we get a monthly fee of 2,000 euros for 3 years", 72000, 36, ""},
	} {
		s := Parse(c.in, "nl").Slots
		v, m, ok := s.Total()
		if !ok || v != c.total || m != c.months || s.Kind != c.kind {
			t.Errorf("%q: total %v, %d months, ok %v, kind %q; want %v, %d, %q (slots %+v)", c.in, v, m, ok, s.Kind, c.total, c.months, c.kind, s)
		}
	}
	// A yearly sum without a duration has no total: it is not the value.
	if s := Parse("The municipality gives us a yearly grant of 15,000 euros.", "en").Slots; len(s.Amounts) != 1 || s.Amounts[0].Per != Year {
		t.Errorf("yearly grant: %+v", s.Amounts)
	} else if _, _, ok := s.Total(); ok {
		t.Errorf("yearly grant without a duration has a total: %+v", s)
	}
	// Numbers that are no money are no amounts: article numbers, years,
	// counts.
	for _, in := range []string{"wat staat er in artikel 2.82?", "wat was de drempel in 2025?", "wij hebben 40 medewerkers", "binnen 6 weken", "we hebben 2 ton zand nodig voor de speeltuin"} {
		if s := Parse(in, "nl").Slots; len(s.Amounts) != 0 {
			t.Errorf("%q: amounts %v, want none", in, s.Amounts)
		}
	}
	if s := Parse("besluit bekendgemaakt op dinsdag 24 maart 2026", "nl").Slots; len(s.Dates) != 1 || s.Dates[0] != (Day{2026, 3, 24}) {
		t.Errorf("dates = %v", s.Dates)
	}
	if s := Parse("verstuurd op 3-7-2026", "nl").Slots; len(s.Dates) != 1 || s.Dates[0] != (Day{2026, 7, 3}) {
		t.Errorf("dates = %v", s.Dates)
	}
}

// The case's figures are not searched for: a question must not be pulled
// to a passage that happens to hold the same number.
func TestSearchTextHasNoCaseFigures(t *testing.T) {
	q := Parse("moeten we aanbesteden als de gemeente ons 80.000 euro per jaar betaalt voor 4 jaar?", "nl")
	if strings.Contains(q.Search, "80") || strings.Contains(q.Search, "4 jaar") {
		t.Errorf("Search = %q still has the case's figures", q.Search)
	}
	if q := Parse("wat staat er in artikel 2.82 over 2026?", "nl"); !strings.Contains(q.Search, "2.82") || !strings.Contains(q.Search, "2026") {
		t.Errorf("Search = %q lost an article number or a year", q.Search)
	}
}

func TestTypes(t *testing.T) {
	for in, want := range map[string]Type{
		"wat is het uitdaagrecht":                                 Definition,
		"hoeveel is de drempel voor diensten":                     HowMuch,
		"hoe lang duurt de bezwaartermijn":                        TimeLimit,
		"hoeveel tijd hebben we om te reageren":                   TimeLimit,
		"how much time do we have":                                TimeLimit,
		"mag de gemeente dat zomaar":                              MayMust,
		"hoe vraag ik subsidie aan":                               Procedure,
		"what is the right to challenge":                          Definition,
		"when does the standstill period end":                     TimeLimit,
		"do we have to tender this contract":                      Other,
		"must the municipality tender this service":               MayMust,
		"wanneer moet een opdracht Europees worden aanbesteed":    MayMust,
		"wanneer eindigt de bezwaartermijn":                       TimeLimit,
		"when must the participation bylaw be adopted":            TimeLimit,
		"wanneer moet de subsidieaanvraag binnen zijn":            TimeLimit,
		"what share of the value is required for social return":   HowMuch,
		"welk percentage van de opdracht moet social return zijn": HowMuch,
	} {
		if got := Parse(in, "nl").Type; got != want {
			t.Errorf("%q: type %s, want %s", in, got, want)
		}
	}
}

func TestSmallTalk(t *testing.T) {
	for in, want := range map[string]string{
		"hoi":                           Greeting,
		"Goedemorgen!":                  Greeting,
		"hello there!":                  Greeting,
		"dank je wel!":                  Thanks,
		"thank you so much, that helps": Thanks,
		"thnx":                          Thanks,
		"doei":                          Bye,
		"wie ben jij?":                  Who,
		"wat kun je allemaal?":          Who,
		"Hoi! Ik ben Marieke van de bewonersvereniging. Wat voor vragen kan ik jou eigenlijk allemaal stellen?": Who,
		"hoi, wat is het uitdaagrecht?":                   "",
		"wat kun je vertellen over het uitdaagrecht?":     "",
		"thanks, and what is the threshold for works?":    "",
		"bedankt! moeten we nu ook europees aanbesteden?": "",
		"dank": Thanks,
		// declining politely is thanks, not a question
		"nee dank je":  Thanks,
		"no thanks!":   Thanks,
		"nee":          "",
		"nee, waarom?": "",
		"hallo, wij zijn een stichting en willen subsidie": "",
		"goedemiddag, ik heb een vraag":                    Greeting,
		"ik heb een vraag over subsidie":                   "",
		"hoe heet je?":                                     Who,
		"is daar iemand?":                                  Greeting,
		"thanks for the quick answer":                      Thanks,
		"cheers, that sorted it out for us":                Thanks,
		"oké, duidelijk":                                   Thanks,
		"ok":                                               Thanks,
		"super, dat helpt me echt verder":                  Thanks,
		"ok got it":                                        Thanks,
		"many thanks!":                                     Thanks,
		"bye for now":                                      Bye,
		"goedendag":                                        Greeting,
		"hey, hoe werkt dit?":                              Who,
		"ben jij een chatbot?":                             Who,
		"hoe werkt het uitdaagrecht?":                      "",
		"is dit duidelijk genoeg voor de subsidie?":        "",
		"Goedemorgen, ik ben Jan en ik werk bij de gemeente Zwolle.": Greeting,
		"kun je me helpen?":                               Who,
		"welke onderwerpen ken je?":                       Who,
		"are you a real person?":                          Who,
		"who built this bot?":                             Who,
		"I have a question":                               Greeting,
		"have a nice day":                                 Bye,
		"thanks for your help, talk later":                Thanks,
		"much appreciated":                                Thanks,
		"hoi, hoe vraag ik een paspoort aan?":             "",
		"kun je me helpen met subsidie?":                  "",
		"I have a question about the threshold":           "",
		"goedemorgen, wij willen een buurthuis overnemen": "",
		"do you know the deadline for an objection?":      "",
		"👍":                         Thanks,
		"👋 ":                        Greeting,
		"🙏🙏":                        Thanks,
		"📎":                         "",
		"spreek je ook Engels?":     Who,
		"hoe oud ben je?":           Who,
		"welterusten":               Bye,
		"Goede morgen":              Greeting,
		"thanks in advance":         Thanks,
		"met wie spreek ik?":        Who,
		"wat is dit?":               Who,
		"wat is dit voor regeling?": "",
		"Hoi! Ik ben Fatima en ik zit in het bestuur van een buurtvereniging.": Greeting,
		"Hi, I'm Tom from the council's procurement team.":                     Greeting,
		"Hoi, ik ben Fatima en ik wil subsidie aanvragen voor ons buurtfeest.": "",
		"Hi, I'm Tom. What is the threshold for works?":                        "",
		// thanks and questions about Noaber with words of their own
		"bedankt, dat scheelde me een middag zoeken":                         Thanks,
		"thank you, that saved my afternoon":                                 Thanks,
		"bedankt, en hoe zit het met de drempel?":                            "",
		"thanks, but how do I renew my passport?":                            "",
		"kun je me met iets anders ook helpen?":                              Who,
		"which sort of stuff can you help me with?":                          Who,
		"kun je dat nog eens anders uitleggen?":                              "",
		"can you help me with my taxes?":                                     "",
		"can you help me with the tender for the park?":                      "",
		"mooi, dan weet ik het weer. doei!":                                  Bye,
		"alright, see ya":                                                    Bye,
		"Heel erg bedankt voor je tijd, ik ga dit met het bestuur bespreken": Thanks,
		"Bedankt, ik ga morgen de aanvraag indienen":                         Thanks,
		"Bedankt. Wij krijgen 80.000 per jaar voor 4 jaar":                   "",
		"thanks, we want to know the threshold for works":                    "",
		"dank voor de uitleg over de drempel!":                               Thanks,
		"bedankt voor de drempel, en voor werken":                            "",
		"bedankt, hoe zit het dan met de kosten":                             "",
		"bedankt voor alles, en nu de kosten nog":                            "",
		"Wat een goed antwoord!":                                             Thanks,
		"how nice, thank you":                                                Thanks,
		"nee hoor, dat was alles":                                            Thanks,
		"goed om te weten":                                                   Thanks,
		"wat is de drempel!":                                                 "",
		"thanks, my neighbour's dog keeps barking though":                    "",
		"help":              Who,
		"help me please":    Who,
		"help, de drempel?": "",
		"are you chatgpt?":  Who,
		"Hallo, ben jij de bot van de provincie?": Who,
		"is this the city's chatbot?":             Who,
		"is this bot free?":                       Who,
		"ik heb nog een paar vraagjes":            Greeting,
		"I have a couple of questions":            Greeting,
		"Excellent, that sorts it out":            Thanks,
		"Excellent, and the threshold?":           "",
		"what are you able to do?":                Who,
		"what is your purpose?":                   Who,
	} {
		if got := Parse(in, "nl").SmallTalk; got != want {
			t.Errorf("%q: small talk %q, want %q", in, got, want)
		}
	}
}

func TestFollowUpMerge(t *testing.T) {
	prev := Parse("wat is de drempel voor diensten?", "nl")
	next := Parse("en voor werken?", "nl")
	if !next.FollowUp {
		t.Fatal("not a follow-up")
	}
	m := Merge(prev, next)
	if m.Slots.Kind != "werken" || strings.Contains(m.Text, "diensten") || !strings.Contains(m.Text, "drempel") {
		t.Errorf("merged %q kind %q", m.Text, m.Slots.Kind)
	}
	prev = Parse("moeten we aanbesteden als de gemeente ons 80.000 per jaar betaalt voor 4 jaar?", "nl")
	m = Merge(prev, Parse("en als het 300.000 is?", "nl"))
	if v, _, ok := m.Slots.Total(); !ok || v != 300000 {
		t.Errorf("merged amounts %+v", m.Slots)
	}
	m = Merge(Parse("We pay €4,000 a month for 3 years. Tender?", "en"), Parse("and if the contract has no end date?", "en"))
	if v, _, ok := m.Slots.Total(); !ok || v != 192000 {
		t.Errorf("indefinite follow-up: %+v", m.Slots)
	}
	// The side a follow-up names replaces the other side.
	m = Merge(Parse("is there a standstill period below the thresholds?", "en"), Parse("and above them?", "en"))
	if strings.Contains(m.Text, "below") || !strings.Contains(m.Text, "above") || !strings.Contains(m.Text, "standstill") {
		t.Errorf("merged %q", m.Text)
	}
	if Parse("wat is de drempel voor werken in 2025 en in 2026?", "nl").FollowUp {
		t.Error("a whole question taken for a follow-up")
	}
}

func TestThesaurus(t *testing.T) {
	if got := DefaultThesaurus.Phrases([]string{"what", "is", "the", "right", "to", "challenge"}); len(got) != 1 || got[0] != "uitdaagrecht" {
		t.Errorf("Phrases = %v", got)
	}
	if syn := DefaultThesaurus.Synonyms("mandatory"); !contains(syn, "compulsory") || !contains(syn, "verplicht") {
		t.Errorf("Synonyms(mandatory) = %v", syn)
	}
	if syn := DefaultThesaurus.Synonyms("ceiling"); !contains(syn, "plafond") {
		t.Errorf("Synonyms(ceiling) = %v", syn)
	}
	if syn := DefaultThesaurus.Synonyms("diensten"); !contains(syn, "services") {
		t.Errorf("Synonyms(diensten) = %v", syn)
	}
	syn := DefaultThesaurus.Synonyms("wijkcentrum")
	if !contains(syn, "buurthuis") || !contains(syn, "dorpshuis") {
		t.Errorf("Synonyms(wijkcentrum) = %v", syn)
	}
	// English terms as expats and officials write them, and a Dutch
	// compound typed apart, find the Dutch term.
	for _, c := range []struct{ text, canon string }{
		{"can we run the neighborhood center", "buurthuis"}, {"we want to run the buurt huis", "buurthuis"},
		{"who does the green maintenance", "groenonderhoud"}, {"a certificate of good conduct for volunteers", "vog"},
		{"is the standstill the same as the alcatel period", "standstill"}, {"our local council pays us", "gemeente"},
		{"is that excluding value added tax", "btw"},
		// Dutch words expats keep in English questions
		{"what is the objection period", "bezwaar"}, {"what does the procurement act say", "aanbestedingswet"},
		{"can the council reserve the contract for us", "voorbehouden"},
	} {
		if got := DefaultThesaurus.Phrases(strings.Fields(c.text)); !contains(got, c.canon) {
			t.Errorf("Phrases(%q) = %v, want %q", c.text, got, c.canon)
		}
	}
	if _, err := ParseThesaurus("groups = [[1, 2]]"); err == nil {
		t.Error("a malformed thesaurus was accepted")
	}
}

func contains(ws []string, w string) bool {
	for _, x := range ws {
		if x == w {
			return true
		}
	}
	return false
}

func TestOffTopicPhrases(t *testing.T) {
	if got := DefaultThesaurus.OffTopic("how much is the council tax here"); len(got) == 0 || got[0] != "council tax" {
		t.Errorf("OffTopic = %v", got)
	}
	if got := DefaultThesaurus.OffTopic("can residents take over the community centre from the council"); len(got) != 0 {
		t.Errorf("a word of a multi-word entry counted alone: %v", got)
	}
	// Everyday matters of an initiative and other laws.
	for _, q := range []string{"we want a bouncy castle at the street party", "welke drankvergunning hebben we nodig",
		"geldt de Wet open overheid voor ons", "what is the minimum wage", "hoeveel vakantiedagen krijgt een medewerker",
		"val ik onder de wet dba", "which collective agreement applies to our staff",
		// what expats and students ask in English
		"how do I get a wheelchair for my dad", "where do I get my bsn", "can I exchange my driving licence",
		"my landlord keeps my deposit", "do I qualify for the 30% ruling", "how many seats does the party have"} {
		if len(DefaultThesaurus.OffTopic(q)) == 0 {
			t.Errorf("%q: not off-topic", q)
		}
	}
}

func TestWordList(t *testing.T) {
	for _, w := range []string{"parkeervergunning", "weather", "gemeente", "honoreren", "subsidie"} {
		if !IsWord(w) {
			t.Errorf("IsWord(%q) = false", w)
		}
	}
	for _, w := range []string{"aanbestding", "subsidei", "xqzzt"} {
		if IsWord(w) {
			t.Errorf("IsWord(%q) = true", w)
		}
	}
}

func FuzzParse(f *testing.F) {
	for _, s := range []string{"wat is het uitdaagrecht?", "€ 80.000 per jaar voor 4 jaar", "in 2024 € 120.000 en in maart 2025 €", "10 van onze 40 medewerkers", "van de 0 werknemers hebben er 9", "150% of our staff", "en voor werken?", "24 maart 2026", "99/99/9999", "1,2,3,4 miljoen k", "hoi", "",
		"Goedemorgen, snelle vraag: wat is de drempel?", "👋, ,,, quick question:", "hoi!!! , . vraagje over", "dank je, dit hielp echt"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		q := Parse(s, "nl")
		q.Slots.Total()
		Merge(q, Parse(s, "en"))
	})
}

// A question sentence that names nothing ("Klopt dat?") asks about the
// claim before it: that sentence is searched as the question.
func TestBareQuestionAsksAboutTheClaim(t *testing.T) {
	q := Parse("Wij zijn een kleine stichting in de wijk. Een collega zegt dat een voorbehouden opdracht maar 3 jaar mag duren. Klopt dat?", "nl")
	if !strings.Contains(q.Claim, "voorbehouden opdracht") || strings.Contains(q.Claim, "stichting") || strings.Contains(q.Claim, "3") {
		t.Errorf("claim %q", q.Claim)
	}
	if q.SearchFocus != "" {
		t.Errorf("search focus %q: a bare question's words are not searched", q.SearchFocus)
	}
	q = Parse("Wij zijn een stichting in de wijk. We hebben een brief gekregen dat onze subsidie is afgewezen. Wat kunnen we daartegen doen?", "nl")
	if !strings.Contains(q.Claim, "afgewezen") {
		t.Errorf("claim %q", q.Claim)
	}
	q = Parse("Ons buurthuis krijgt elk jaar subsidie. Nu hebben we gehoord dat het subsidieplafond al bereikt is. Mag de gemeente zomaar nee zeggen?", "nl")
	if !strings.Contains(q.Claim, "subsidieplafond") {
		t.Errorf("claim %q", q.Claim)
	}
	q = Parse("Our council is drafting its participation ordinance and some members want to leave the right to challenge out. Is that really allowed?", "en")
	if !strings.Contains(q.Claim, "right to challenge") {
		t.Errorf("claim %q", q.Claim)
	}
	q = Parse("Wij zijn een stichting in de wijk. De gemeente heeft onze aanvraag voor een buurtbudget afgewezen. Wat is de termijn?", "nl")
	if !strings.Contains(q.Claim, "afgewezen") || !strings.Contains(q.SearchFocus, "termijn") {
		t.Errorf("claim %q, search focus %q: the everyday domain word is kept", q.Claim, q.SearchFocus)
	}
	q = Parse("Wij zijn een voetbalclub in het dorp. Iemand zei dat onze subsidie staatssteun kan zijn. Ik weet het echt niet. Klopt dat?", "nl")
	if !strings.Contains(q.Claim, "staatssteun") {
		t.Errorf("claim %q: the sentence that names the domain", q.Claim)
	}
	// What is claimed, not who claims it.
	q = Parse("We keep bees in the park with ten volunteers. A neighbour who works at a bank says our small grant is state aid. Is that true?", "en")
	if !strings.HasPrefix(q.Claim, "our small grant is state aid") {
		t.Errorf("claim %q", q.Claim)
	}
	// A claim with a tag question in one sentence: the claim is asked
	// about, without who made it.
	q = Parse("my sister heard there is a rule that lets residents run the park, is that true?", "en")
	if !strings.HasPrefix(q.Claim, "there is a rule that lets residents run the park") || q.SearchFocus != "" {
		t.Errorf("claim %q, search focus %q", q.Claim, q.SearchFocus)
	}
	q = Parse("a neighbour said the park can be taken over by residents, is that true?", "en")
	if !strings.HasPrefix(q.Claim, "the park can be taken over") || q.SearchFocus != "" {
		t.Errorf("claim %q, search focus %q", q.Claim, q.SearchFocus)
	}
	// A term in quotes is what "what is it?" asks about, not the last
	// sentence that happens to name the domain.
	q = Parse("My colleagues keep saying 'subsidietender' in every meeting. I'm a contract manager from Ireland and lost. What is it?", "en")
	if strings.TrimSpace(q.Claim) != "'subsidietender'" {
		t.Errorf("claim %q, want the quoted term", q.Claim)
	}
	q = Parse("We'd like to know more, we're new. I'm the chair of a small foundation. What is it?", "en")
	if !strings.Contains(q.Claim, "chair of a small foundation") {
		t.Errorf("claim %q: an apostrophe is no quote", q.Claim)
	}
	q = Parse("We run the community centre as a foundation. The council now wants to sell the building to a developer. What should we do?", "en")
	if !strings.Contains(q.Claim, "sell the building") {
		t.Errorf("claim %q", q.Claim)
	}
	for _, text := range []string{
		"Wij zijn een stichting en krijgen al jaren geld van de gemeente voor het buurthuis. Moeten we dan aanbesteden?",
		"klopt dat?",
	} {
		if q := Parse(text, "nl"); q.Claim != "" {
			t.Errorf("%q: claim %q, want none", text, q.Claim)
		}
	}
}

// Sums are dated by the year the question gives them, and a year right
// before a currency sign is no sum.
func TestAmountsAreDated(t *testing.T) {
	s := Parse("We gave them €120,000 de minimis aid in March 2024 and now want to give €150,000 more in 2026.", "en").Slots
	if len(s.Amounts) != 2 || s.Amounts[0].Year != 2024 || s.Amounts[0].Month != 3 || s.Amounts[1].Year != 2026 {
		t.Errorf("amounts %+v", s.Amounts)
	}
	s = Parse("Wij kregen in 2024 € 120.000 steun en nu 200.000 euro.", "nl").Slots
	if len(s.Amounts) != 2 || s.Amounts[0].Value != 120000 || s.Amounts[0].Year != 2024 || s.Amounts[1].Year != 0 {
		t.Errorf("amounts %+v", s.Amounts)
	}
}

func TestStaffShare(t *testing.T) {
	for in, want := range map[string][3]float64{
		"Van onze 40 medewerkers hebben er 10 een arbeidsbeperking.": {10, 40, 25},
		"12 of our 30 employees are disabled":                        {12, 30, 40},
		"we hebben 25 werknemers, waarvan 9 uit de participatiewet":  {9, 25, 36},
		"35% van onze medewerkers heeft een beperking":               {0, 0, 35},
		"wat is 30 procent van 216.000":                              {0, 0, 0},
		"40 van de 10 medewerkers":                                   {0, 0, 0},
		// every staff word passes the cheap check before the patterns
		"40% of our workforce has a disability":             {0, 0, 40},
		"20 mensen in dienst, 5 met een beperking":          {5, 20, 25},
		"10 of the 50 people we employ have a disability":   {10, 50, 20},
		"we hebben 8 krachten, waarvan 2 met een beperking": {2, 8, 25},
		"30% of our staff":                                  {0, 0, 30},
		"50 workers, 10 of them from a sheltered workshop":  {10, 50, 20},
	} {
		s := Parse(in, "nl").Slots
		if got := [3]float64{float64(s.StaffPart), float64(s.StaffWhole), s.StaffPercent}; got != want {
			t.Errorf("%q: %v, want %v", in, got, want)
		}
	}
}

// A number written with a thousands separator is a sum when the question
// speaks of euros, unless it counts people or things.
func TestBareSumsInAMoneyQuestion(t *testing.T) {
	s := Parse("een opdracht van 500.000 euro, kunnen we een perceel van 70.000 apart gunnen?", "nl").Slots
	if len(s.Amounts) != 2 || s.Amounts[1].Value != 70000 {
		t.Errorf("amounts %+v", s.Amounts)
	}
	s = Parse("wij zijn een gemeente met 40.000 inwoners en kopen voor 100.000 euro in", "nl").Slots
	if len(s.Amounts) != 1 || s.Amounts[0].Value != 100000 {
		t.Errorf("a count taken for a sum: %+v", s.Amounts)
	}
	if s := Parse("een perceel van 70.000", "nl").Slots; len(s.Amounts) != 0 {
		t.Errorf("no euros named, yet a sum: %+v", s.Amounts)
	}
}

// A follow-up that names another legal form or authority replaces the one
// of the question before it.
func TestFollowUpReplacesOrgAndAuthority(t *testing.T) {
	m := Merge(Parse("moet een stichting ingeschreven staan bij de KvK?", "nl"), Parse("en een vereniging?", "nl"))
	if strings.Contains(m.Text, "stichting") || !strings.Contains(m.Text, "vereniging") || !strings.Contains(m.Text, "KvK") || m.Slots.Org != "vereniging" {
		t.Errorf("merged %q org %q", m.Text, m.Slots.Org)
	}
	m = Merge(Parse("wat is de drempel voor diensten van gemeenten?", "nl"), Parse("en voor het rijk?", "nl"))
	if strings.Contains(m.Text, "gemeenten") || !strings.Contains(m.Text, "rijk") || m.Slots.Authority != "rijk" {
		t.Errorf("merged %q authority %q", m.Text, m.Slots.Authority)
	}
}

// A kind of contract is read from the end of a Dutch compound too.
func TestKindFromCompound(t *testing.T) {
	for in, want := range map[string]string{
		"de rijksoverheid koopt voor 150.000 euro schoonmaakdiensten in": "diensten",
		"bouwwerkzaamheden aan het buurthuis":                            "werken",
		"onderhoudswerken aan de brug":                                   "werken",
		"groenwerkzaamheden in de wijk":                                  "",
		"een dienstenopdracht van 500.000 euro":                          "diensten",
	} {
		if got := Parse(in, "nl").Slots.Kind; got != want {
			t.Errorf("%q: kind %q, want %q", in, got, want)
		}
	}
}

// One new sum after a question with several replaces the one it names.
func TestFollowUpReplacesTheSumItNames(t *testing.T) {
	prev := Parse("een opdracht van 500.000 euro, mag een perceel van 70.000 euro apart?", "nl")
	if m := Merge(prev, Parse("en als dat perceel 90.000 euro is?", "nl")); len(m.Slots.Amounts) != 2 || m.Slots.Amounts[0].Value != 500000 || m.Slots.Amounts[1].Value != 90000 {
		t.Errorf("lot: %+v", m.Slots.Amounts)
	}
	if m := Merge(prev, Parse("en als de opdracht 300.000 euro is?", "nl")); len(m.Slots.Amounts) != 2 || m.Slots.Amounts[0].Value != 300000 || m.Slots.Amounts[1].Value != 70000 {
		t.Errorf("whole: %+v", m.Slots.Amounts)
	}
	if m := Merge(prev, Parse("en als het 90.000 euro is?", "nl")); len(m.Slots.Amounts) != 2 || m.Slots.Amounts[1].Value != 90000 {
		t.Errorf("unnamed: %+v", m.Slots.Amounts)
	}
}

// An indirect question inside a long sentence is the question; a reason
// given after it is story.
func TestIndirectQuestion(t *testing.T) {
	for in, want := range map[string]string{
		"Wij zijn een kleine stichting in de wijk en we willen graag weten of we als stichting subsidie kunnen krijgen voor ons buurthuis.": "of we als stichting subsidie kunnen krijgen voor ons buurthuis.",
		"Ik vraag me af hoe lang de gemeente de tijd heeft om te beslissen op onze subsidieaanvraag, want we wachten al twaalf weken.":      "hoe lang de gemeente de tijd heeft om te beslissen op onze subsidieaanvraag",
		"We are a small foundation and I would like to know whether the municipality has to tender the maintenance of our park.":            "whether the municipality has to tender the maintenance of our park.",
		// not understanding why is asking why
		"De gemeente zegt dat ze het onderhoud van ons speelveld moet aanbesteden. Wij snappen niet waarom dat moet voor zo'n klein bedrag.": "waarom dat moet voor zo'n klein bedrag.",
		"The council says it must put our playground maintenance out to tender. We don't understand why that is needed for so little money.": "why that is needed for so little money.",
	} {
		if q := Parse(in, "nl"); q.Focus != want || q.Story == "" {
			t.Errorf("%q: focus %q story %q", in, q.Focus, q.Story)
		}
	}
}

// The chat a question opens with (a greeting, a pleasantry, the
// announcement of a question) is no part of what is searched.
func TestDropChat(t *testing.T) {
	for in, want := range map[string]string{
		"Goedemiddag, snelle vraag: hoe lang is de bezwaartermijn?":               "hoe lang is de bezwaartermijn?",
		"Hi there! Hope you are well. Short question about the standstill period": "the standstill period",
		"👋 Hoi! wat is een stichting?":                                            "wat is een stichting?",
		"Morgen moet de aanvraag binnen zijn, kan dat nog?":                       "Morgen moet de aanvraag binnen zijn, kan dat nog?",
		"Hoi, drempel?": "Hoi, drempel?",
		"We got €200,000 in 2021. Does that count?": "We got €200,000 in 2021. Does that count?",
		"ok 3.000, dus wat nu?":                     "ok 3.000, dus wat nu?",
	} {
		if got := Parse(in, "nl").Focus; got != want {
			t.Errorf("%q: focus %q, want %q", in, got, want)
		}
	}
}

// A question about what a term is called in the other language searches
// for the term, not for "English" or "stand"; text without that frame is
// left as it is.
func TestTranslateFrameLeavesTheTerm(t *testing.T) {
	for _, c := range []struct{ text, lang, want string }{
		{"What does DAEB stand for in English?", "en", "What does DAEB"},
		{"What is the Dutch uitdaagrecht called in English?", "en", "What is the uitdaagrecht ?"},
		{"Hoe heet een vooraankondiging in het Engels?", "nl", "een vooraankondiging"},
		{"Wat is de Engelse term voor uitdaagrecht?", "nl", "Wat is de uitdaagrecht?"},
		{"What is the English for uitvoeringsovereenkomst?", "en", "What is uitvoeringsovereenkomst?"},
		{"What counts as a public contract under Dutch law?", "en", "What counts as a public contract under Dutch law?"},
		{"Is that allowed in Dutch law?", "en", "Is that allowed in Dutch law?"},
	} {
		if got := Parse(c.text, c.lang).SearchFocus; got != c.want {
			t.Errorf("Parse(%q).SearchFocus = %q, want %q", c.text, got, c.want)
		}
	}
}

// The noun a "wat is"-question asks about stays the question's subject
// even after a demonstrative ("wat is die waardendriehoek"); the noun
// after a preposition ("uit dat boek") points back at the story.
func TestAskedNounIsNoReferent(t *testing.T) {
	q := Parse("Mijn docent noemde het handboek 'Hoe waardeer je een maatschappelijk initiatief?'. Wat is die waardendriehoek uit dat boek precies?", "nl")
	if !strings.Contains(q.SearchFocus, "waardendriehoek") || q.Referents != "boek" {
		t.Errorf("search %q referents %q, want the triangle searched and the book pointed back at", q.SearchFocus, q.Referents)
	}
	q = Parse("Our consultant keeps mentioning a guide for proportionate requirements. What is that guide exactly?", "en")
	if !strings.Contains(q.SearchFocus, "guide") {
		t.Errorf("search %q referents %q, want the guide searched", q.SearchFocus, q.Referents)
	}
}
