package knowledge

import (
	"context"
	"strings"
	"testing"

	"github.com/noaber/noaber/i18n"
)

// askKind asks each question alone and reports those not answered with
// the kind wanted.
func askKind(t *testing.T, e *Engine, want Kind, qs []struct {
	lang i18n.Lang
	text string
}) {
	t.Helper()
	for _, q := range qs {
		res, err := e.Ask(context.Background(), Input{Text: q.text, Lang: q.lang})
		if err != nil {
			t.Fatal(err)
		}
		if res.Kind != want {
			t.Errorf("[%s] %q: %s, want %s: %.90q", q.lang, q.text, res.Kind, want, res.Answer)
		}
	}
}

// A complaint about how a municipal employee treated someone, and a
// parking or traffic ticket of one's own, are not Noaber's, although
// "klacht" and "bezwaar" are words of the domain's remedies; a complaint
// or objection about a tender still is.
func TestComplaintAboutAnOfficialRefused(t *testing.T) {
	e := askEngine(t)
	askKind(t, e, KindRefuse, []struct {
		lang i18n.Lang
		text string
	}{
		{i18n.NL, "Waar kan ik terecht met een klacht over een ambtenaar van de burgerzaken?"},
		{i18n.NL, "De man aan het loket was erg onbeschoft. Hoe dien ik een klacht in?"},
		{i18n.EN, "Where do I complain about a council employee who was rude on the phone?"},
		{i18n.NL, "Ik kreeg een bekeuring bij het stadhuis, hoe teken ik daar bezwaar tegen aan?"},
		{i18n.EN, "How do I dispute a parking ticket I got outside the library?"},
	})
	askKind(t, e, KindAnswer, []struct {
		lang i18n.Lang
		text string
	}{
		{i18n.NL, "Waar dien ik een klacht in over een aanbesteding van de gemeente?"},
		{i18n.NL, "Hoe lang heb ik om bezwaar te maken tegen een subsidiebesluit?"},
	})
}

// A private certification of one's own enterprise (B Corp, ISO) is not
// the domain's; the domain's own keurmerk (the PSO) is still answered.
func TestPrivateCertificationRefused(t *testing.T) {
	e := askEngine(t)
	askKind(t, e, KindRefuse, []struct {
		lang i18n.Lang
		text string
	}{
		{i18n.NL, "Wat kost een B Corp certificering voor een sociale onderneming?"},
		{i18n.EN, "What does B Corp certification cost for a social enterprise?"},
		{i18n.EN, "Can our social enterprise get ISO 9001 certification?"},
	})
	askKind(t, e, KindAnswer, []struct {
		lang i18n.Lang
		text string
	}{
		{i18n.NL, "Wat is de Prestatieladder Socialer Ondernemen?"},
	})
}

// A country named by someone who tells the asker something, or in another
// sentence than the one that says where the asker works, does not place
// the asker's case abroad; a case placed there still gets no Dutch answer.
func TestHearsayFromAbroadStaysDutch(t *testing.T) {
	e := askEngine(t)
	askKind(t, e, KindAnswer, []struct {
		lang i18n.Lang
		text string
	}{
		{i18n.EN, "Our group wants to run the village hall. A colleague from Germany told us councils always have to tender. What is the EU threshold for services?"},
		{i18n.NL, "Wij willen het groenonderhoud gaan runnen. Een kennis uit België zei dat dat altijd via een aanbesteding moet. Wat is de drempel voor diensten?"},
	})
	askKind(t, e, KindRefuse, []struct {
		lang i18n.Lang
		text string
	}{
		{i18n.EN, "We run a foundation in Aachen. What is the threshold for services?"},
	})
}

// Enforcement against a neighbour's building is not the domain's, also
// when the story names a subsidy; enforcing what a subsidy agreement says
// still is.
func TestEnforcementAgainstANeighbourRefused(t *testing.T) {
	e := askEngine(t)
	askKind(t, e, KindRefuse, []struct {
		lang i18n.Lang
		text string
	}{
		{i18n.NL, "Ons buurthuis krijgt subsidie van de gemeente. De buurman heeft zonder vergunning een tuinhuis gebouwd tegen onze muur. Hoe dwing ik af dat de gemeente ertegen optreedt?"},
		{i18n.NL, "Hoe dien ik een handhavingsverzoek in tegen de uitbouw van de buren?"},
	})
	askKind(t, e, KindAnswer, []struct {
		lang i18n.Lang
		text string
	}{
		{i18n.NL, "Hoe kan de gemeente afspraken bij een subsidie afdwingen?"},
	})
}

// A chain of hyphens is chat's way of writing one word: "de-minimis-grens"
// asks for the de minimis ceiling, never for the threshold of a tender
// that a "grens" of its own would find. A single hyphen is read as the
// texts write it.
func TestHyphenChainIsOneWord(t *testing.T) {
	e := askEngine(t)
	res := ask(t, e, "wat is precies de de-minimis-grens voor een stichting?", i18n.NL, nil)
	if !strings.Contains(Lead(res.Answer), "300.000") || strings.Contains(Lead(res.Answer), "216.000") {
		t.Errorf("de-minimis-grens: %.120q", res.Answer)
	}
	ix := e.snap.Load().idx[i18n.NL]
	for in, want := range map[string]string{
		"de de-minimis-grens":  "de de-minimisgrens",
		"de Alcatel-termijn":   "de Alcatel-termijn",
		"de de minimis grens?": "de de minimisgrens?",
	} {
		if got := ix.joinSpacedCompounds(in); got != want {
			t.Errorf("joinSpacedCompounds(%q) = %q, want %q", in, got, want)
		}
	}
}

// A real word after "how" or "hoe" that is one letter short of the word
// that asks for a figure there is a typo of it; a word that makes sense
// there stays.
func TestQuantityTypoAfterHow(t *testing.T) {
	e := askEngine(t)
	for _, c := range []struct {
		lang     i18n.Lang
		in, want string
	}{
		{i18n.EN, "How log does the council have to decide?", "How long does the council have to decide?"},
		{i18n.EN, "how man bids do we need", "how many bids do we need"},
		{i18n.NL, "hoe lag is de termijn voor bezwaar", "hoe lang is de termijn voor bezwaar"},
		{i18n.NL, "hoe vak mag dat", "hoe vaak mag dat"},
		{i18n.EN, "how low may the price go", "how low may the price go"},
		{i18n.EN, "how bad is a late objection", "how bad is a late objection"},
		{i18n.NL, "hoe laag mag de huur zijn", "hoe laag mag de huur zijn"},
		{i18n.EN, "the log of the tender", "the log of the tender"},
	} {
		if got := e.snap.Load().idx[c.lang].respell(c.in); got != c.want {
			t.Errorf("respell(%q) = %q, want %q", c.in, got, c.want)
		}
	}
	res := ask(t, e, "how log is the time to object to a decision?", i18n.EN, nil)
	if !strings.Contains(Lead(res.Answer), "6 weeks") {
		t.Errorf("how log: %.120q", res.Answer)
	}
}

// A short word the texts use is written as meant, not "corrected" into a
// longer one ("vog" into "vogs"); a short typo is still corrected.
func TestShortCorpusWordNotRespelt(t *testing.T) {
	ix := askEngine(t).snap.Load().idx[i18n.NL]
	for in, want := range map[string]string{
		"hebben onze vrijwilligers een vog nodig": "hebben onze vrijwilligers een vog nodig",
		"hoe lnag duurt het":                      "hoe lang duurt het",
	} {
		if got := ix.respell(in); got != want {
			t.Errorf("respell(%q) = %q, want %q", in, got, want)
		}
	}
}

// The threshold for SAS services is that of social services, never the
// EUR 216,000 for services in general.
func TestSASThresholdIsSocial(t *testing.T) {
	e := askEngine(t)
	res := ask(t, e, "welke drempelwaarde hoort bij sas diensten?", i18n.NL, nil)
	if lead := Lead(res.Answer); !strings.Contains(lead, "750.000") || strings.Contains(lead, "216.000") {
		t.Errorf("sas diensten: %.120q", res.Answer)
	}
}

// Legal tender and an offer on a house share a word with the domain
// ("tender", "bieden") but are not its subject; the right to bid is.
func TestTenderAndBidOfOnesOwnRefused(t *testing.T) {
	e := askEngine(t)
	askKind(t, e, KindRefuse, []struct {
		lang i18n.Lang
		text string
	}{
		{i18n.EN, "Can I pay my bills in bitcoin, is it legal tender here?"},
		{i18n.NL, "Hoe hoog moet ik bieden op een huis in Utrecht?"},
	})
	askKind(t, e, KindAnswer, []struct {
		lang i18n.Lang
		text string
	}{
		{i18n.NL, "Mag onze buurt bieden op het oude schoolgebouw via het right to bid?"},
	})
}
