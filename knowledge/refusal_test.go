package knowledge

import (
	"context"
	"strings"
	"testing"

	"github.com/noaber/noaber/i18n"
)

// nearOutOfScope are questions a municipality or an association gets that
// Noaber does not cover, written for this test (not taken from the eval
// sets), each sharing a word with the domain: a contract, the
// municipality, a subsidy of another kind, a term of a tax bill, a permit,
// an employer's duty, another country's rules, the weather or the news.
var nearOutOfScope = []struct {
	lang i18n.Lang
	text string
}{
	{i18n.NL, "Mijn huurcontract loopt af, mag de verhuurder de huur zomaar verhogen?"},
	{i18n.NL, "Hoe zeg ik mijn contract met de energieleverancier op?"},
	{i18n.NL, "Ik heb een tijdelijk arbeidscontract bij de gemeente, krijg ik na drie jaar een vast contract?"},
	{i18n.NL, "Binnen welke termijn moet ik de aanslag gemeentelijke belastingen betalen?"},
	{i18n.NL, "Kan ik de WOZ-beschikking van mijn woning aanvechten?"},
	{i18n.NL, "Waar vraag ik een parkeervergunning voor bewoners aan bij de gemeente?"},
	{i18n.NL, "Krijg ik subsidie van de gemeente voor zonnepanelen op mijn dak?"},
	{i18n.NL, "Is er subsidie voor het isoleren van mijn koopwoning?"},
	{i18n.NL, "Heb ik een vergunning nodig om een schutting in mijn achtertuin te zetten?"},
	{i18n.NL, "Hoeveel vakantiedagen moet ik als werkgever aan mijn personeel geven?"},
	{i18n.NL, "Hoe hoog is het salaris van een wethouder?"},
	{i18n.NL, "Hoe vraag ik een bijstandsuitkering aan bij de gemeente?"},
	{i18n.NL, "Wat voor weer wordt het morgen in Zwolle?"},
	{i18n.NL, "Wat is het laatste nieuws over de gemeenteraadsverkiezingen?"},
	{i18n.NL, "Welke regels gelden in België voor het huren van een woning?"},
	{i18n.NL, "Wanneer wordt het grofvuil opgehaald in onze wijk?"},
	{i18n.NL, "Hoe lang duurt het om een nieuw paspoort te krijgen bij de gemeente?"},
	{i18n.NL, "Mag ik mijn auto op de stoep voor mijn huis parkeren?"},
	{i18n.NL, "Hoe hoog is de hondenbelasting in onze gemeente?"},
	{i18n.NL, "Kan de gemeente mijn telefoonabonnement overnemen als ik verhuis?"},
	{i18n.NL, "Wat is de opzegtermijn van mijn sportschoolabonnement?"},
	{i18n.NL, "Hoeveel kinderbijslag krijg ik per kwartaal?"},
	{i18n.EN, "Can my landlord end my rental contract without a reason?"},
	{i18n.EN, "How do I cancel my phone contract early?"},
	{i18n.EN, "When is the deadline for paying my municipal tax bill?"},
	{i18n.EN, "How can I object to the WOZ value of my house?"},
	{i18n.EN, "Where do I apply for a residents' parking permit from the council?"},
	{i18n.EN, "Is there a grant for solar panels on my roof?"},
	{i18n.EN, "Do I need a permit to build a shed in my garden?"},
	{i18n.EN, "How many holiday days must an employer give to staff in the Netherlands?"},
	{i18n.EN, "How do I apply for unemployment benefits?"},
	{i18n.EN, "What will the weather be like tomorrow?"},
	{i18n.EN, "What's the latest news about the local elections?"},
	{i18n.EN, "What are the rules for renting a flat in Germany?"},
	{i18n.EN, "How much is the dog tax in my municipality?"},
	{i18n.EN, "How long does it take to renew my passport at the town hall?"},
	{i18n.EN, "What is the notice period for my gym membership contract?"},
	{i18n.EN, "How much child benefit do I get per quarter?"},
	// stories around a question that is not Noaber's
	{i18n.NL, "Wij zijn een vereniging van bewoners en we organiseren elk jaar een straatfeest. Moeten we btw betalen over de contributie van onze leden?"},
	{i18n.NL, "Ik doe vrijwilligerswerk in het buurthuis en heb een bijstandsuitkering. Mag ik daar een vrijwilligersvergoeding voor krijgen zonder dat mijn uitkering omlaag gaat?"},
	{i18n.NL, "De gemeente heeft de aanslag rioolheffing gestuurd, maar het bedrag klopt niet. Binnen welke termijn moet ik bezwaar maken?"},
	{i18n.NL, "Onze stichting wil een loterij houden voor de nieuwe speeltuin. Hebben we daar een vergunning voor nodig?"},
	{i18n.NL, "We willen met de buurt een bankje in het park neerzetten. Wie moet ik bij de gemeente bellen over de openingstijden van het stadhuis?"},
	{i18n.NL, "Ik ben zzp'er en werk al twee jaar voor de gemeente als projectleider. Ben ik nu schijnzelfstandig?"},
	{i18n.NL, "Mijn buurman heeft een dakkapel gebouwd zonder vergunning. Kan ik daar bij de gemeente iets tegen doen?"},
	{i18n.NL, "Wat zijn de regels voor aanbesteden in Duitsland?"},
	{i18n.NL, "Hoe laat gaat het gemeentehuis vandaag dicht?"},
	{i18n.EN, "Our residents' association throws a street party every summer. Do we need to pay VAT on the membership fees?"},
	{i18n.EN, "I volunteer at the community centre and receive social assistance. Can I accept a volunteer allowance without losing my benefits?"},
	{i18n.EN, "The council sent me a sewage charge that is too high. How long do I have to object to the tax assessment?"},
	{i18n.EN, "My neighbour built a dormer without a permit. Can I complain to the municipality?"},
	{i18n.EN, "How does public procurement work in France?"},
	{i18n.EN, "Did you see the football match yesterday?"},
	{i18n.EN, "I'm a freelancer who has worked for the municipality for two years. Am I now falsely self-employed?"},
	// another law of the social domain, housing
	{i18n.NL, "Hoe werkt de kostendelersnorm in de Participatiewet als mijn zoon weer thuis komt wonen?"},
	{i18n.NL, "Hoeveel jaar moet je ingeschreven staan voor een sociale huurwoning?"},
	{i18n.EN, "How long is the waiting list for social housing in Utrecht?"},
	// a step of a procedure or a law of individual help beside an
	// off-topic subject
	{i18n.NL, "Hoe maak ik bezwaar tegen een verkeersboete?"},
	{i18n.EN, "How do I apply for home care under the Wmo?"},
	{i18n.NL, "Hoe organiseer ik een rommelmarkt in de wijk?"},
	{i18n.EN, "Do we need insurance for a street party?"},
	{i18n.NL, "Welke verzekering heb ik nodig als ik een huis koop?"},
	// another country's rules, also beside a term of the domain
	{i18n.EN, "Is there a right to challenge in Germany as well?"},
	{i18n.NL, "Welke regels gelden voor staatssteun in de Verenigde Staten?"},
	{i18n.NL, "Hoe hoog is de de-minimisgrens in Duitsland?"},
	{i18n.EN, "Do the EU procurement thresholds also apply in Switzerland?"},
	// local politics, private money
	{i18n.EN, "How can I become a councillor in my town?"},
	{i18n.NL, "Wanneer is de volgende raadsvergadering en mag ik daar inspreken?"},
	{i18n.EN, "Which private funds give money to community projects?"},
	{i18n.NL, "Hoe starten we een crowdfunding voor een nieuw speeltoestel?"},
	// a document to write for the asker: Noaber answers, it does not write
	{i18n.NL, "Kunt u voor onze stichting een offerte schrijven voor de aanbesteding van het groenonderhoud?"},
	{i18n.EN, "Could you draft our application for the municipal cleaning tender?"},
	// a case in another country, with the figures a Dutch check would take
	{i18n.NL, "Onze Vlaamse vzw krijgt 150.000 euro per jaar van de stad Antwerpen voor jeugdwerk. Welke regels gelden voor die opdracht?"},
	{i18n.NL, "Een Duitse gemeente betaalt ons 300.000 euro voor groenonderhoud. Welke Duitse drempel geldt daarvoor?"},
	{i18n.EN, "We are a British charity and our council pays us £80,000 a year for youth work. Does this have to be tendered?"},
	// a place of the domain beside an off-topic subject in the story, or
	// a word of that subject's own name, says where, not what about
	{i18n.EN, "A storage shed needs a building permit next to our community centre. When must the council decide?"},
	{i18n.EN, "The old oak in our community garden is dying. Does the council have to give permission first?"},
	{i18n.NL, "Wij willen een ondernemingsplan maken voor onze sociale onderneming. Wat moet erin staan?"},
	// fire safety and drinks in a building of the domain
	{i18n.NL, "Wat eist de brandweer van ons buurthuis voordat we open mogen?"},
	{i18n.EN, "Do we need a licence to sell beer in the village hall?"},
	// a work permit for a volunteer
	{i18n.NL, "Hoe regelen we een werkvergunning voor een vrijwilliger uit Syrië?"},
	// another law's version of a word the domain shares
	{i18n.EN, "What does the Environment and Planning Act say about citizen participation?"},
	{i18n.EN, "Does the Working Hours Act cover our volunteers?"},
	// one's own job, studies or market stall
	{i18n.EN, "How do I apply for a job at the town hall?"},
	{i18n.NL, "Wat is de deadline voor de aanvraag van een studiebeurs?"},
	{i18n.EN, "Can I get a permit for a food truck at the Saturday market?"},
	// an organisation's own paperwork and meetings
	{i18n.NL, "Hoe vaak moet het bestuur van onze stichting vergaderen?"},
	{i18n.EN, "How do we register a new board member of our association at the KvK?"},
	// another country of the Kingdom
	{i18n.NL, "Geldt de Aanbestedingswet ook op Aruba?"},
	// placed there by its town or its legal form, not by a country's name
	// beside an organisation
	{i18n.NL, "Wij zijn een vzw in Mechelen en de stad betaalt ons 60.000 euro per jaar voor de speelpleinwerking. Moet dat aanbesteed worden?"},
	{i18n.NL, "We zitten net over de grens in België. Kan de gemeente ons het groenonderhoud voorbehouden?"},
	{i18n.EN, "Our Verein runs the youth club for the Stadt and gets €90,000 a year. Must this be tendered?"},
	// one's own job, health care, farm and the time of day
	{i18n.NL, "Heb ik recht op een transitievergoeding als mijn contract bij de stichting niet wordt verlengd?"},
	{i18n.NL, "Mijn zorgverzekeraar vergoedt de tandarts niet, wat kan ik doen?"},
	{i18n.NL, "Ik kreeg een rekening van het ziekenhuis en mijn zorgverzekeraar betaalt maar een deel. Waar dien ik een klacht in?"},
	{i18n.EN, "How do I apply for farm subsidies for my land?"},
	{i18n.EN, "What time is it?"},
	{i18n.NL, "Hoe laat is het nu?"},
	{i18n.NL, "wat vind jij van de nieuwe regering"},
	{i18n.NL, "kunt u mij vertellen hoe laat het gemeentehuis open is"},
	{i18n.EN, "wat time is it in amsterdam"},
	{i18n.NL, "Hoe lang is de bezwaartermijn tegen de aanslag rioolheffing?"},
	{i18n.EN, "Where do I apply for EU CAP payments for my land?"},
	{i18n.EN, "how do i appeal a fine from the municipality?"},
	// a tax of any kind, a co-payment: the domain's word inside the term
	// ("bijdrage") does not make it a subsidy
	{i18n.NL, "Wij zijn een energiecoöperatie met 200 leden en krijgen 15.000 euro subsidie van de gemeente. Hoeveel energiebelasting moeten onze leden betalen?"},
	{i18n.NL, "Mijn vader woont in een verpleeghuis en de gemeente betaalt een deel via de Wmo. Hoeveel eigen bijdrage moet hij betalen?"},
	// investing one's own savings
	{i18n.NL, "Mag onze stichting haar spaargeld beleggen in aandelen?"},
	// a private landlord's rent or contract
	{i18n.NL, "Onze vereniging huurt een loods van een particuliere verhuurder voor 800 euro per maand. Hij wil het contract opzeggen. Mag dat?"},
	// building on one's own plot, an aid for one's own care, parliament
	{i18n.NL, "Mijn buurman bouwt een schuur van vier meter hoog tegen onze tuin. Mag dat zomaar?"},
	{i18n.EN, "How do we get a mobility scooter for my father through the Wmo?"},
	{i18n.EN, "How many seats does the Eerste Kamer have?"},
	// a national grant for one's own home
	{i18n.NL, "Hoeveel subsidie krijg ik van het Rijk voor een warmtepomp?"},
	{i18n.EN, "Twelve of us want to insulate our houses, about €5,000 per house, and the council lends us the money. What does the national ISDE grant pay for insulation?"},
	// a national body, an employer's own wage subsidy, a charity's tax
	// status, a terrace of one's own: beside who asks in the domain's words
	{i18n.EN, "Our social enterprise takes on a worker with a disability. How much wage subsidy does the employer get and who pays it?"},
	{i18n.NL, "Kan onze stichting bij de Belastingdienst de ANBI-status aanvragen, zodat giften aftrekbaar zijn?"},
	{i18n.NL, "De kantine van onze sportvereniging wil een terras bij het clubhuis. Hoe hoog zijn de leges?"},
}

// nearInScope are questions of the domain that share those words: they
// must still be answered (or clarified), not refused.
var nearInScope = []struct {
	lang i18n.Lang
	text string
}{
	{i18n.NL, "Moet de gemeente het contract voor groenonderhoud aanbesteden?"},
	{i18n.NL, "Is een subsidie van de gemeente aan onze stichting staatssteun?"},
	{i18n.NL, "Binnen welke termijn moet de gemeente beslissen op onze subsidieaanvraag?"},
	{i18n.NL, "Mag de gemeente het beheer van het buurthuis zomaar aan ons gunnen?"},
	{i18n.EN, "Must the municipality tender the contract for maintaining the park?"},
	{i18n.EN, "Is a municipal grant to our foundation state aid?"},
	{i18n.EN, "Can we take over the community centre through the right to challenge?"},
	// an off-topic word beside a subject of the domain
	{i18n.NL, "Is de Europese aanbestedingsdrempel voor diensten inclusief of exclusief btw?"},
	{i18n.EN, "Does the EU procurement threshold include VAT?"},
	{i18n.NL, "Wij organiseren een buurtfeest en krijgen daarvoor geld van de gemeente. Is dat een subsidie of een opdracht?"},
	{i18n.NL, "De gemeente heeft onze subsidieaanvraag voor het buurthuis afgewezen. Binnen welke termijn moeten we bezwaar maken?"},
	{i18n.EN, "We run a community centre and the council turned down our grant application. How long do we have to object?"},
	{i18n.NL, "Moet de gemeente Wmo-ondersteuning aanbesteden of mag het via open house?"},
	{i18n.NL, "Binnen welke termijn moet ik bezwaar maken tegen een subsidiebesluit?"},
	// a story about an off-topic subject with money from the municipality
	// asks about that money (a subsidy)
	{i18n.NL, "We willen een festival in het park organiseren met geld van de gemeente. Moeten we daarvoor een aanvraag doen?"},
	{i18n.EN, "Our neighbourhood organises a festival every year with money from the council. When do we have to apply?"},
	{i18n.NL, "Wij organiseren een barbecue voor de buurt en de gemeente betaalt mee. Moeten we daar iets voor aanvragen?"},
	// an off-topic word beside renting out property of the municipality
	{i18n.NL, "Mag de gemeente de parkeerplaats bij het buurthuis aan ons verhuren voor een lage prijs?"},
	// a country the corpus names
	{i18n.NL, "Hoe werkt het Right to Challenge in Engeland?"},
	{i18n.EN, "Where does the right to challenge come from, England?"},
	// a story that passes through another country, a border nearby
	{i18n.NL, "Ik kom oorspronkelijk uit Duitsland en zit nu in het bestuur van een stichting. Is een subsidie van de gemeente aan onze stichting staatssteun?"},
	{i18n.NL, "Wij zitten vlak bij de Belgische grens. Moet de gemeente dan rekening houden met grensoverschrijdend belang?"},
	{i18n.EN, "I worked in Germany for years and now chair a foundation in Venlo. Can the council give us a subsidy for the playground?"},
	// an off-topic word as a detail of a rule of the domain
	{i18n.NL, "Geldt de drempel voor een opdracht inclusief belasting?"},
	{i18n.EN, "Is the threshold including or excluding tax?"},
	{i18n.EN, "Does Wmo home care count as a social service under the light regime?"},
	{i18n.NL, "Is kinderopvang een dienst van algemeen economisch belang?"},
	// a city farm is a municipal task residents take over, not farming
	{i18n.NL, "Kunnen wij als bewoners de kinderboerderij overnemen?"},
	{i18n.EN, "Can our residents group take over the city farm from the council?"},
	// a "job" that is a contract, with the award decision asked about
	{i18n.EN, "We and two other firms were invited for a job of €45,000 and we lost. Must they tell us the reasons?"},
	// another law beside a rule of the domain
	{i18n.NL, "Verandert de Omgevingswet iets aan het uitdaagrecht?"},
	// accounting for a yearly sum, with an off-topic subject in the story
	{i18n.NL, "We krijgen ieder jaar 2.500 euro voor de buurtbarbecue. Moeten we daarna een verantwoording indienen?"},
	// the volunteers' insurance, with an off-topic subject in the story
	{i18n.NL, "Onze vrijwilligers ruimen elke maand zwerfafval op langs de dijk. Zijn ze verzekerd via de gemeente?"},
	// a rent from the municipality, with a private landlord in the story
	{i18n.NL, "De gemeente verhuurt ons het oude schoolgebouw voor 1 euro per jaar. Een buurman die zelf verhuurder is, zegt dat dat niet mag. Klopt dat?"},
	// a public holiday is a subject of the time-limits act, a vacation is not
	{i18n.EN, "Does Easter Monday count as a holiday for a statutory time limit?"},
	// writing, asked about rather than asked for
	{i18n.NL, "Moeten we als stichting zelf een plan schrijven voor het uitdaagrecht?"},
}

// A follow-up that asks about a subject Noaber does not cover is read on
// its own and refused, not merged with the question before it; a bare
// phrase still is.
func TestFollowUpDriftsOut(t *testing.T) {
	e := askEngine(t)
	ctx := context.Background()
	for _, c := range []struct {
		lang        i18n.Lang
		first, next string
		refuse      bool
	}{
		{i18n.NL, "Wat is de Europese drempel voor werken?", "en hoe vraag ik een nieuw paspoort aan?", true},
		{i18n.NL, "Hoe oud mag een gedragsverklaring aanbesteden zijn?", "en hoe oud mag mijn rijbewijs zijn?", true},
		{i18n.NL, "Wat is de Europese drempel voor diensten?", "en hoeveel huurtoeslag krijg ik dan?", true},
		{i18n.EN, "What is the EU threshold for works?", "and how much income tax do I pay?", true},
		{i18n.EN, "Can a municipality reserve a contract for a sheltered workshop?", "and how do we register our foundation for VAT?", true},
		{i18n.NL, "Wat is de Europese drempel voor werken?", "en voor diensten?", false},
	} {
		first, err := e.Ask(ctx, Input{Text: c.first, Lang: c.lang})
		if err != nil {
			t.Fatal(err)
		}
		res, err := e.Ask(ctx, Input{Text: c.next, Lang: c.lang, Prev: first.Context})
		if err != nil {
			t.Fatal(err)
		}
		if (res.Kind == KindRefuse) != c.refuse {
			t.Errorf("%q after %q: %s %.90q", c.next, c.first, res.Kind, res.Answer)
		}
	}
}

// A request to write a document gets its own refusal, which says what
// Noaber does instead.
func TestWriteTaskRefused(t *testing.T) {
	e := askEngine(t)
	res, err := e.Ask(context.Background(), Input{Text: "Kun jij onze inschrijving voor de aanbesteding schrijven?", Lang: i18n.NL})
	if err != nil {
		t.Fatal(err)
	}
	if res.Kind != KindRefuse || res.Found || len(res.Sources) > 0 || res.Answer != Msgs.T(i18n.NL, "notfound.task", "topics", Msgs.T(i18n.NL, "notfound.topics")) {
		t.Errorf("write request: %s found=%v %q", res.Kind, res.Found, res.Answer)
	}
}

func TestNearOutOfScopeRefused(t *testing.T) {
	e := askEngine(t)
	for _, q := range nearOutOfScope {
		res, err := e.Ask(context.Background(), Input{Text: q.text, Lang: q.lang})
		if err != nil {
			t.Fatal(err)
		}
		if res.Kind != KindRefuse {
			t.Errorf("not refused [%s] %q: %s %.90q", q.lang, q.text, res.Kind, res.Answer)
		}
	}
	for _, q := range nearInScope {
		res, err := e.Ask(context.Background(), Input{Text: q.text, Lang: q.lang})
		if err != nil {
			t.Fatal(err)
		}
		if res.Kind == KindRefuse {
			t.Errorf("refused in scope [%s] %q", q.lang, q.text)
		}
	}
}

// A question whose sentence names nothing and whose story says only who
// asks is asked about or refused, not answered from a passage that shares
// the story's words.
func TestStoryOnlyNotAnswered(t *testing.T) {
	e := askEngine(t)
	res, err := e.Ask(context.Background(), Input{Lang: i18n.NL,
		Text: "Wij zijn een kleine vereniging in onze buurt en de gemeente heeft ons gebeld over onze ideeën, maar we snappen het nog niet goed. Hoelang hebben we nog?"})
	if err != nil {
		t.Fatal(err)
	}
	if res.Kind != KindClarify && res.Kind != KindRefuse {
		t.Errorf("answered a question that names nothing: %s %.90q", res.Kind, res.Answer)
	}
}

// A rule or instrument of the domain anchors a question like a rare
// heading term: a plain word around it that no text has ("acquired") does
// not push it out.
func TestCoreTermAnchors(t *testing.T) {
	e := askEngine(t)
	res, err := e.Ask(context.Background(), Input{Text: "What is the EU threshold for services acquired by a municipality?", Lang: i18n.EN})
	if err != nil {
		t.Fatal(err)
	}
	if res.Kind != KindAnswer || !strings.Contains(Lead(res.Answer), "216") {
		t.Errorf("threshold question with a plain unknown word: %s %.120q", res.Kind, res.Answer)
	}
	// also when the term is misspelt
	res, err = e.Ask(context.Background(), Input{Text: "wats the treshold for works for a gemeente", Lang: i18n.EN})
	if err != nil {
		t.Fatal(err)
	}
	if res.Kind != KindAnswer || !strings.Contains(Lead(res.Answer), "5,404,000") {
		t.Errorf("misspelt threshold question: %s %.120q", res.Kind, res.Answer)
	}
}

// One everyday word that two documents answer alike is asked about, not
// answered from the first of them.
func TestOneEverydayWordIsVague(t *testing.T) {
	e := askEngine(t)
	res, err := e.Ask(context.Background(), Input{Text: "welk artikel bedoel je?", Lang: i18n.NL})
	if err != nil {
		t.Fatal(err)
	}
	if res.Kind != KindClarify && res.Kind != KindRefuse {
		t.Errorf("one everyday word answered: %s %.90q", res.Kind, res.Answer)
	}
	res, err = e.Ask(context.Background(), Input{Text: "maatschappelijk aanbesteden?", Lang: i18n.NL})
	if err != nil {
		t.Fatal(err)
	}
	if res.Kind != KindAnswer {
		t.Errorf("a term of several words not answered: %s %.90q", res.Kind, res.Answer)
	}
	res, err = e.Ask(context.Background(), Input{Text: "staatssteun?", Lang: i18n.NL})
	if err != nil {
		t.Fatal(err)
	}
	if res.Kind != KindAnswer {
		t.Errorf("one term of the domain not answered: %s %.90q", res.Kind, res.Answer)
	}
}
