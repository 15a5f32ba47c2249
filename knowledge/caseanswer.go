package knowledge

import (
	"fmt"
	"math"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/noaber/noaber/i18n"
	"github.com/noaber/noaber/knowledge/rules"
	"github.com/noaber/noaber/knowledge/understand"
)

// CaseResult is a verdict computed from the facts a question carries: the
// check that decided, the facts filled from the question, and — when the
// check still needs facts — the one to ask next.
type CaseResult struct {
	Check   string `json:"check"`
	Outcome string `json:"outcome"` // yes, no, depends or incomplete
	// Given are the facts taken from the question, in the check's stored
	// form, so a conversation can continue the check where the question
	// left it.
	Given map[string]string `json:"given"`
	Next  string            `json:"next,omitempty"`
}

// procurementCheck is the check that decides whether a contract must be
// tendered in an EU procedure.
const procurementCheck = "aanbestedingsplicht"

// tenderWords mark a question about having to tender.
var tenderWords = []string{"aanbested", "aanbesteed", "tender", "europees", "europese", "procurement", "drempel", "threshold", "offerte", "uitbested", "inschrijf", "procedure"}

// tenderTypos are the words a misspelt tender word is measured against:
// "aanbesteiding", "aanbestding" ask about tendering as much as the word
// itself.
var tenderTypos = []string{"aanbesteding", "aanbesteden", "aanbestedingsplichtig"}

// aboutTendering reports a question about having to tender: it names a
// tender word, or one of them misspelt by at most two letters.
func aboutTendering(text string) bool {
	low := strings.ToLower(text)
	for _, w := range tenderWords {
		if strings.Contains(low, w) {
			return true
		}
	}
	for _, w := range Tokenize(text) {
		if len(w) < 9 {
			continue
		}
		for _, t := range tenderTypos {
			if editDistance(w, t, 2) <= 2 {
				return true
			}
		}
	}
	return false
}

// askedPart is what a question asks about: its question sentence, with
// the sentence of the story a bare or pointing question sentence asks
// about; the whole text when there is no story. A story that names a
// procedure ("they invited us to quote in a multiple private procedure")
// before asking something else ("how many firms must they invite?") does
// not ask for the verdict.
func askedPart(q understand.Query) string {
	if q.Story == "" {
		return q.Text
	}
	return q.Focus + " " + q.Claim + " " + q.Antecedent
}

// claimedThresholdRe finds a sum stated as the threshold itself ("we
// hoorden dat de Europese drempel voor werken nu 5,5 miljoen is", "the
// threshold for services is 221,000, right?"): a claim about the rule to
// check against the corpus, not the value of the asker's contract.
var claimedThresholdRe = regexp.MustCompile(`\b(?:drempel|drempels|drempelwaarde|drempelbedrag|aanbestedingsdrempel|aanbestedingsgrens|threshold|thresholds)\b(?:\s+[^\s,.;:?!]+){0,4}?\s+(?:€\s*|eur\s*)?\d`)

// elseRe finds a question sentence that asks for something beside the
// verdict on tendering, although the question gives the contract's value:
// how many parties to invite, the award criterion, the standstill, the
// guideline to follow (ARW 2016, Gids Proportionaliteit). "Voor
// een opdracht van 120.000 euro, hoeveel partijen moeten we uitnodigen?"
// wants the number, not "no EU procedure".
var elseRe = regexp.MustCompile(`\b(?:hoeveel|how many)\s+(?:\pL+\s+)?(?:partijen|bedrijven|ondernemers|ondernemingen|offertes|inschrijvers|leveranciers|aanbieders|parties|companies|firms|businesses|suppliers|bidders|tenderers|quotes|quotations|offers)\b|\b(?:gunningscriteri\pL*|award criteri\pL*|criterion|criteria|standstill\pL*|alcatel\pL*|opschortende termijn|uitnodigen|invite|richtlijn|guideline|guidance|leidraad|handreiking)\b`)

// ownTermRe name the term of the asker's own contract: "hoe lang mag de
// looptijd zijn?" is about the case, "hoe lang is de standstill?" not.
var ownTermRe = regexp.MustCompile(`\b(?:looptijd|duur|loopt|lopen|term|runs?|maanden|months|jaar|jaren|years?)\b`)

// asksBesideVerdict reports a case question whose question sentence asks
// something else than whether to tender: elseRe's subjects, or a time
// limit that is not the term of the contract ("how long is the
// standstill?" after "a services contract of €250,000").
func asksBesideVerdict(q understand.Query) bool {
	low := strings.ToLower(q.Focus)
	if elseRe.MatchString(low) {
		return true
	}
	return q.Type == understand.TimeLimit && !ownTermRe.MatchString(low) && len(understand.Parse(q.Focus, "").Slots.Amounts) == 0
}

// claimsThreshold reports a sum stated as the threshold itself. A sum
// after "if" or "als" is the case's ("is that above the EU threshold if
// it's €5,000 a month?", as a follow-up reads merged with its question),
// not a claim about the rule.
func claimsThreshold(low string) bool {
	for _, m := range claimedThresholdRe.FindAllString(low, -1) {
		conditional := false
		for _, w := range strings.Fields(m) {
			if ifWords[strings.Trim(w, "'’")] {
				conditional = true
			}
		}
		if !conditional {
			return true
		}
	}
	return false
}

var ifWords = map[string]bool{"if": true, "als": true, "indien": true, "wanneer": true, "when": true, "zodra": true}

// equalLotsRe finds a number of lots of one sum each: "3 percelen van
// 90.000 elk", "vier percelen van elk € 60.000", "three lots of €80,000
// each", "2 kavels à 50.000".
var equalLotsRe = regexp.MustCompile(`\b(\d{1,2}|twee|drie|vier|vijf|zes|zeven|acht|negen|tien|two|three|four|five|six|seven|eight|nine|ten)\s+(?:gelijke\s+|equal\s+)?(?:percelen|kavels|lots)\s+(?:van|of|à|a)\s+(?:elk|ieder|each)?\s*(?:€|eur\b|euro\b)?\s*\d`)

var lotCounts = map[string]int{"twee": 2, "drie": 3, "vier": 4, "vijf": 5, "zes": 6, "zeven": 7, "acht": 8, "negen": 9, "tien": 10,
	"two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10}

// equalLots returns the number of lots of a question that names one sum
// as the value of each of several lots ("3 percelen van 90.000 elk"); ok
// is false for any other question, and for one that names more sums (the
// whole and a lot: see lotAnswer).
func equalLots(low string, amounts []understand.Amount) (int, bool) {
	if len(amounts) != 1 {
		return 0, false
	}
	m := equalLotsRe.FindStringSubmatch(low)
	if m == nil {
		return 0, false
	}
	n, err := strconv.Atoi(m[1])
	if err != nil {
		n = lotCounts[m[1]]
	}
	return n, n >= 2
}

// utilityWords name a company of the special sectors (water, energy,
// transport, ports): it awards under the utilities thresholds (Dir.
// 2014/25/EU; € 432.000 for supplies and services in 2026-2027, facts.md
// §1b), which the procurement check does not hold.
var utilityWords = []string{"drinkwaterbedrijf", "waterbedrijf", "waterleidingbedrijf", "nutsbedrijf", "nutsbedrijven", "netbeheerder",
	"energiebedrijf", "vervoerbedrijf", "vervoersbedrijf", "havenbedrijf", "speciale sector", "utility", "utilities", "water company",
	"energy company", "transport company", "port authority", "grid operator", "special sector"}

// utilityAwards reports a case whose contracting entity is a utility: a
// verdict against a municipality's threshold would be the wrong one, so
// the cards answer it (the utilities threshold and its source).
func utilityAwards(text string) bool {
	return containsAny(strings.ToLower(text), utilityWords...)
}

// caseAnswer computes the verdict of a case question: one that asks
// whether something must be tendered and carries the amount (and, for a
// periodic amount, the duration) of the asker's own case. Only facts the
// question states are used; what is missing is asked for.
func (e *Engine) caseAnswer(q understand.Query, lang i18n.Lang, now time.Time) (Result, bool) {
	if len(q.Slots.Amounts) == 0 {
		return Result{}, false
	}
	if asked := askedPart(q); !aboutTendering(asked) || !asksVerdict(asked) || claimsThreshold(strings.ToLower(q.Text)) || asksBesideVerdict(q) || utilityAwards(q.Text) {
		return Result{}, false
	}
	ch, ok := e.checks().Get(procurementCheck)
	if !ok {
		return Result{}, false
	}
	lotsLine := ""
	q, timesLine, whole := caseValue(q, lang)
	n, lots := equalLots(strings.ToLower(q.Text), q.Slots.Amounts)
	if lots {
		// "3 percelen van 90.000 elk": the lots are added up (Aw art.
		// 2.18), and the verdict is on the whole
		lot := q.Slots.Amounts[0]
		total := understand.Amount{Value: lot.Value * float64(n), Per: lot.Per, Year: lot.Year, Month: lot.Month}
		q.Slots.Amounts = []understand.Amount{total}
		lotsLine = Msgs.T(lang, "case.lots_sum", "n", strconv.Itoa(n), "lot", rules.FormatAmount(lot.Value, lang), "total", rules.FormatAmount(total.Value, lang))
		if lot.Per != understand.Total {
			lotsLine = ""
		}
	}
	given, ok := CaseFacts(q, ch, now)
	if !ok {
		return Result{}, false
	}
	if low := strings.ToLower(q.Text); !lots && len(q.Slots.Amounts) == 1 && lotRe.MatchString(muchRe.ReplaceAllString(low, " ")) {
		// "the contract is worth 1.2 million and we'll split it in lots:
		// how big may a small lot be?" asks about the lots, not for the
		// verdict on the whole
		return Result{}, false
	}
	v, ok := computeCase(q, ch, given, lang, now, whole)
	if ok && boundAgainst(q, v.Outcome, lang) {
		// "they must use a procedure above €50,000": a bound, which
		// decides nothing below the threshold
		return Result{}, false
	}
	if ok && withVAT(q.Text) && v.Outcome != rules.No && v.thresholdSourced != "" && v.value != "" {
		// an amount with VAT at or above the threshold: the threshold
		// is without VAT, and how much VAT the amount holds the question
		// does not say — no verdict is computed, the answer says what to
		// compare (the threshold valid on the date, with its source)
		res := Result{Lang: lang, Kind: KindAnswer, Found: true,
			Answer: Msgs.T(lang, "case.with_vat", "value", v.value, "threshold", strings.Trim(v.thresholdSourced, "()"))}
		for _, s := range v.Sources {
			if len(res.Sources) == maxSources {
				break
			}
			res.Sources = append(res.Sources, ruleSource(ch.ID, s, lang))
		}
		return res, true
	}
	if !ok || withVAT(q.Text) && v.Outcome != rules.No {
		// an amount with VAT: a "no" holds without VAT too, anything
		// else is answered above or left to the cards (see withVAT)
		return Result{}, false
	}
	if _, dated := noticeDate(strings.ToLower(q.Text), now); !dated && ch.DateFact != "" && !v.periodFrom.IsZero() &&
		(v.Outcome == rules.Yes || v.Outcome == rules.No) {
		// The question does not say when the notice is sent: if it went
		// out in the period before, that period's threshold applied
		// (Dir. 2014/24 art. 5(4)); say so when it turns the verdict.
		earlier := rules.Values{}
		for k, val := range given {
			earlier[k] = val
		}
		earlier[ch.DateFact] = v.periodFrom.AddDate(0, 0, -1)
		if v2, ok := computeCase(q, ch, earlier, lang, now, whole); ok && v2.Outcome != v.Outcome && v2.thresholdSourced != "" {
			v.Text += " " + Msgs.T(lang, "case.notice_earlier", "date", rules.FormatDate(v.periodFrom, lang), "threshold", strings.Trim(v2.thresholdSourced, "()"))
		}
	}
	res := Result{Lang: lang, Kind: KindCheck, Found: true}
	if v.valueReason != "" && howValueRe.MatchString(strings.ToLower(q.Focus)) && strings.Contains(v.Text, v.valueReason) {
		// "hoe rekent de gemeente de waarde uit?": how the value is
		// computed leads, then the verdict on it
		v.Text = v.valueReason + " " + strings.Join(strings.Fields(strings.Replace(v.Text, v.valueReason, "", 1)), " ")
	}
	if lotsLine != "" {
		v.Text = lotsLine + " " + v.Text
	} else if timesLine != "" {
		v.Text = timesLine + " " + v.Text
	}
	cr := &CaseResult{Check: ch.ID, Outcome: string(v.Outcome), Given: map[string]string{}}
	for id, val := range given {
		if f, ok := ch.Fact(id); ok {
			cr.Given[id] = f.Encode(val)
		}
	}
	res.Check = cr
	var b strings.Builder
	if v.threshold != "" {
		b.WriteString(strings.Replace(v.Text, v.threshold, v.thresholdSourced, 1))
	} else {
		b.WriteString(v.Text)
	}
	if v.Outcome == rules.Incomplete {
		cr.Next = v.Next
		if f, ok := ch.Fact(v.Next); ok {
			if v.Text != "" {
				b.WriteString("\n\n")
			}
			b.WriteString(Msgs.T(lang, "case.ask", "question", f.Question.In(lang), "check", ch.ID))
		}
	} else {
		b.WriteString("\n\n")
		b.WriteString(Msgs.T(lang, "case.more", "check", ch.ID))
	}
	res.Answer = b.String()
	for _, s := range v.Sources {
		if len(res.Sources) == maxSources {
			break
		}
		res.Sources = append(res.Sources, ruleSource(ch.ID, s, lang))
	}
	return res, true
}

// CaseVerdict is the verdict of the procurement check on the facts a
// question gave, as `noaber ask` leads with it and a conversation shows it
// before it asks what is still missing.
type CaseVerdict struct {
	// Text is the verdict: the value, the threshold it is compared with
	// and, for a verdict on assumptions, those assumptions first; or, when
	// the kind of contract is not known, the value and the verdict for
	// each kind with the threshold's source. Empty when nothing can be
	// said yet. It does not point to the check.
	Text string
	// Assumption is the check's own statement of what it assumed for a
	// fact the question did not give ("Ervan uitgaande dat dit een
	// overheidsopdracht is …:"), when Text does not open with it already
	// (the verdict per kind); "" otherwise. `noaber ask` leaves it out, so
	// its lead keeps the figures; a conversation puts it before Text.
	Assumption string
	// Amounts names the reference date and each threshold used with its
	// validity period and source ("" when none was used).
	Amounts string
	// Outcome is rules.Incomplete when Next, a fact the check declares,
	// is needed to decide without assumptions about the case itself.
	Outcome rules.Outcome
	Next    string
	// Sources are what Text rests on, the threshold's source included.
	Sources []*rules.Source
	// Assumed are the facts of given the question did not state but
	// CaseFacts assumed (a municipality awards the contract).
	Assumed []string
	// threshold is the threshold as Text first names it ("(€ 216.000)"),
	// thresholdSourced the same with its period and source, for an
	// answer that shows no list of the thresholds used.
	threshold, thresholdSourced string
	// value is the value compared, as the verdict writes it ("" when none).
	value string
	// periodFrom is the first day of the period of the threshold used
	// (zero when none).
	periodFrom time.Time
	// valueReason is the reason that says how the value was computed
	// (a rate times the term or times 48, Aw art. 2.17), "" when none.
	valueReason string
}

// valueRules are the rules of the procurement check that say how the
// value is computed from a rate.
var valueRules = map[string]bool{"waarde_maal_48": true, "waarde_maal_looptijd": true, "levering_maal_48": true}

// howValueRe asks how the value is computed ("hoe rekent de gemeente de
// waarde uit?", "how is the value calculated?"), not whether to tender.
var howValueRe = regexp.MustCompile(howValuePattern)

const howValuePattern = `\b(?:hoe|how)\b.{0,40}\b(?:reken\pL*|bereken\pL*|raam\pL*|ramen|calculat\pL*|comput\pL*|work(?:s|ed)? out|estimat\pL*|value[sd]?)\b`

// ComputeCase decides the procurement check ch (or a deployment's check
// with its facts) on given, the facts CaseFacts took from q, filling facts
// that have a default (the kind of arrangement, the date) with it and
// saying so. ok is false when the check cannot be evaluated on them, and
// when the question's sum is one of the check's thresholds: it asks about
// the threshold, not about a case worth exactly that. Assumed is filled
// either way.
func ComputeCase(q understand.Query, ch *rules.Check, given rules.Values, lang i18n.Lang, now time.Time) (CaseVerdict, bool) {
	return computeCase(q, ch, given, lang, now, false)
}

// computeCase is ComputeCase; whole says the question's sum is the whole
// of its parts ("2 × 70.000", "together €140,000"): the case's value,
// even when it equals a threshold.
func computeCase(q understand.Query, ch *rules.Check, given rules.Values, lang i18n.Lang, now time.Time, whole bool) (CaseVerdict, bool) {
	var v CaseVerdict
	if _, ok := given["opdrachtgever"]; ok && q.Slots.Authority == "" {
		v.Assumed = append(v.Assumed, "opdrachtgever")
	}
	if len(q.Slots.Amounts) > 0 && !whole && isThreshold(ch, q.Slots.Amounts[0].Value) {
		return v, false
	}
	r, err := ch.Evaluate(given, rules.Options{Today: now, UseDefaults: true})
	if err != nil {
		return v, false
	}
	v.Outcome = r.Outcome
	var b strings.Builder
	if r.Outcome == rules.Incomplete {
		v.Next = r.Next
		// The value is known but not what it is compared with: give the
		// verdict for each kind of contract and ask which it is.
		var line string
		switch r.Next {
		case "soort":
			line, v.Sources, v.Amounts, v.Assumption = perKind(ch, r, given, lang, now)
			if _, termGiven := given["looptijd_maanden"]; line == "" && given["maandbedrag"] != nil && !termGiven {
				// "vanaf hoeveel maanden moet het europees bij 5.000 per
				// maand?": no kind and no term, so no verdict per kind;
				// the months from which services reach their threshold
				services := rules.Values{}
				for k, val := range given {
					services[k] = val
				}
				services["soort"] = "diensten"
				if l, srcs := withoutTerm(ch, services, lang, now); l != "" {
					line, v.Sources = Msgs.T(lang, "case.as_services")+" "+strings.ToLower(l[:1])+l[1:], srcs
				}
			}
		case "looptijd_maanden":
			// an amount per month without a term: the most it can
			// count, and from how many months it reaches the threshold
			line, v.Sources = withoutTerm(ch, given, lang, now)
		}
		b.WriteString(line)
	} else {
		// The headline carries the check's stated assumptions first (a
		// verdict on value alone assumes a public contract), then the
		// outcome; the deciding reasons follow.
		headline := r.Headline(lang)
		if th, ok := r.Values["drempel"]; ok && th != nil && given["soort"] == "sociale_diensten" && r.Outcome == rules.Yes {
			// social services above their threshold: the light regime
			// is the verdict, and it leads before the reasons' detail
			var notes []string
			for _, rule := range r.Reasons {
				if rule.Lead {
					notes = append(notes, r.Render(rule.Text, lang))
				}
			}
			headline = strings.Join(append(notes, Msgs.T(lang, "case.sas_yes", "threshold", ch.Format("drempel", th, lang))), " ")
		}
		b.WriteString(headline)
		for _, rule := range r.Reasons {
			if valueRules[rule.ID] {
				v.valueReason = strings.TrimSpace(r.Render(rule.Text, lang))
			}
		}
		shown := 0
		for _, rule := range r.Reasons {
			if rule.Lead {
				continue
			}
			if shown == 2 {
				break
			}
			shown++
			if t := strings.TrimSpace(r.Render(rule.Text, lang)); t != "" {
				b.WriteString(" ")
				b.WriteString(t)
			}
		}
		if _, given := given["opdrachtgever"]; given && q.Slots.Authority == "" && q.Slots.Kind != "werken" {
			b.WriteString(" ")
			b.WriteString(Msgs.T(lang, "case.assumed_municipality"))
		}
		if len(r.Params) > 0 {
			lines := []string{r.DateLine(lang)}
			for _, u := range r.Params {
				lines = append(lines, r.ParamLine(u, lang))
			}
			v.Amounts = strings.Join(lines, "\n")
		}
	}
	v.Text = b.String()
	if r.Outcome != rules.Incomplete {
		v.threshold, v.thresholdSourced = thresholdSourced(ch, r, lang)
		v.periodFrom = thresholdPeriodFrom(r)
		if val, ok := r.Values["waarde_totaal"]; ok && val != nil {
			v.value = ch.Format("waarde_totaal", val, lang)
		}
	}
	v.Sources = append(v.Sources, r.Sources()...)
	if src := thresholdSource(ch, r); src != nil {
		// "waar staat dat?": the threshold's regulation, right after the
		// article that makes it apply, within the sources an answer shows
		if i := slices.Index(v.Sources, src); i >= 0 {
			v.Sources = slices.Delete(v.Sources, i, i+1)
		}
		v.Sources = slices.Insert(v.Sources, min(1, len(v.Sources)), src)
	}
	return v, true
}

// thresholdParam is the dated parameter of the threshold a verdict
// compared with; ok is false when it used none.
func thresholdParam(r *rules.Result) (u rules.ParamUse, ok bool) {
	th, ok := r.Values["drempel"].(float64)
	if !ok {
		return u, false
	}
	for _, u := range r.Params {
		if u.Value.Value == th {
			return u, true
		}
	}
	return u, false
}

// thresholdPeriodFrom is the first day of the period of the threshold a
// verdict compared with, zero when it used none.
func thresholdPeriodFrom(r *rules.Result) time.Time {
	if u, ok := thresholdParam(r); ok {
		return u.Value.From
	}
	return time.Time{}
}

// thresholdSource is the source of the threshold a verdict compared
// with, nil when it used none.
func thresholdSource(ch *rules.Check, r *rules.Result) *rules.Source {
	if u, ok := thresholdParam(r); ok {
		if src, ok := ch.Source(u.Value.Source); ok {
			return src
		}
	}
	return nil
}

// thresholdSourced names, where a verdict first gives the threshold it
// compared with ("… lager dan de Europese drempel (€ 221.000)"), the
// period that threshold is valid for and its source: "(€ 221.000,
// geldig 2024–2025, Verordening (EU) 2023/2495)". A verdict shows the
// sum, the threshold valid on the date and where that threshold comes
// from.
// It returns the threshold as the verdict writes it and as it should read
// instead; both "" when the verdict used none. (A dialogue that lists the
// thresholds with their sources below the verdict does not need it.)
func thresholdSourced(ch *rules.Check, r *rules.Result, lang i18n.Lang) (plain, sourced string) {
	th, ok := r.Values["drempel"].(float64)
	if !ok {
		return "", ""
	}
	for _, u := range r.Params {
		if u.Value.Value != th {
			continue
		}
		src, ok := ch.Source(u.Value.Source)
		if !ok {
			return "", ""
		}
		amount := ch.Format("drempel", th, lang)
		return "(" + amount + ")", fmt.Sprintf("(%s, %s %d–%d, %s)", amount, Msgs.T(lang, "case.threshold_valid"), u.Value.From.Year(), u.Value.Until.Year(), src.RefIn(lang))
	}
	return "", ""
}

// perKind states the value computed from the question and, for each kind
// of contract the check knows, whether that value is above its threshold:
// the answer a person can use before saying which kind it is. date names
// the reference date of the thresholds ("" when none was used), assumed
// what the verdicts per kind assumed (the check's lead notes).
func perKind(ch *rules.Check, r *rules.Result, given rules.Values, lang i18n.Lang, now time.Time) (text string, srcs []*rules.Source, date, assumed string) {
	var b strings.Builder
	if v, ok := r.Values["waarde_totaal"]; ok && v != nil {
		b.WriteString(Msgs.T(lang, "case.value", "value", ch.Format("waarde_totaal", v, lang)))
		// the value line rests on Aw art. 2.17: "waar staat dat?" names it
		if s, ok := ch.Source("aw_2_17"); ok {
			srcs = append(srcs, s)
		}
	}
	f, ok := ch.Fact("soort")
	if !ok {
		return b.String(), nil, "", ""
	}
	var parts []string
	var src string
	for _, o := range f.Options {
		vals := rules.Values{}
		for k, v := range given {
			vals[k] = v
		}
		vals["soort"] = o.ID
		if _, ok := vals["waarde"]; !ok && vals["maandbedrag"] == nil {
			continue
		}
		rr, err := ch.Evaluate(vals, rules.Options{Today: now, UseDefaults: true})
		if err != nil || rr.Outcome != rules.Yes && rr.Outcome != rules.No {
			// Incomplete, or "it depends" (supplies hired for a fixed
			// term count their total value, not the monthly amount
			// times 48): no verdict to state for this kind.
			continue
		}
		th, ok := rr.Values["drempel"]
		if !ok || th == nil {
			continue
		}
		var key string
		switch rr.Outcome {
		case rules.Yes:
			key = "case.kind_yes"
		case rules.No:
			key = "case.kind_no"
		default:
			// "it depends" for this kind (works paid by the month, a
			// lease with a fixed term) is no "no"
			continue
		}
		parts = append(parts, Msgs.T(lang, key, "kind", o.Label.In(lang), "threshold", ch.Format("drempel", th, lang)))
		if date == "" {
			date = rr.DateLine(lang)
			var leads []string
			for _, rule := range rr.Reasons {
				if rule.Lead {
					leads = append(leads, rr.Render(rule.Text, lang))
				}
			}
			assumed = strings.Join(leads, " ")
		}
		for _, u := range rr.Params {
			if s, ok := ch.Source(u.Value.Source); ok && src == "" {
				src = s.Title
				srcs = append(srcs, s)
			}
		}
	}
	if len(parts) > 0 {
		b.WriteString(" ")
		b.WriteString(Msgs.T(lang, "case.per_kind", "list", strings.Join(parts, "; "), "source", src))
	}
	return b.String(), srcs, date, assumed
}

// withoutTerm answers a case with an amount per month but no term: the
// most it can count is that amount times 48 (an indefinite term, or one
// over 48 months, Aw art. 2.17), compared with the threshold, and for a
// fixed term the number of months from which the value reaches it.
func withoutTerm(ch *rules.Check, given rules.Values, lang i18n.Lang, now time.Time) (string, []*rules.Source) {
	perMonth, ok := given["maandbedrag"].(float64)
	if !ok || perMonth <= 0 {
		return "", nil
	}
	vals := rules.Values{}
	for k, v := range given {
		vals[k] = v
	}
	vals["looptijd_maanden"] = float64(0)
	r, err := ch.Evaluate(vals, rules.Options{Today: now, UseDefaults: true})
	if err != nil || r.Outcome == rules.Incomplete {
		return "", nil
	}
	value, _ := r.Values["waarde_totaal"].(float64)
	th, _ := r.Values["drempel"].(float64)
	if value <= 0 || th <= 0 {
		return "", nil
	}
	money := func(v float64) string { return rules.FormatAmount(v, lang) }
	args := []any{"amount", money(perMonth), "value", money(value), "threshold", money(th)}
	key := "case.no_term_below"
	if value >= th {
		key = "case.no_term_above"
		args = append(args, "months", strconv.Itoa(int(math.Ceil(th/perMonth))))
	}
	var srcs []*rules.Source
	for _, u := range r.Params {
		if s, ok := ch.Source(u.Value.Source); ok {
			srcs = append(srcs, s)
			break
		}
	}
	return Msgs.T(lang, key, args...), srcs
}

// CaseFacts fills the facts of the procurement check from a question's
// slots: the kind of contract, who awards it (a municipality unless the
// question says otherwise), the value (a total, or an amount per month
// with the term, or an amount per year or week times the term) and the
// reference date (a year the question names). ok is false when the
// question gives no value the check can use. Only facts the check
// declares are filled.
func CaseFacts(q understand.Query, ch *rules.Check, now time.Time) (rules.Values, bool) {
	if len(q.Slots.Amounts) == 0 {
		return nil, false
	}
	given := rules.Values{}
	has := func(id string) bool { _, ok := ch.Fact(id); return ok }
	if q.Slots.Kind != "" {
		given["soort"] = q.Slots.Kind
	}
	auth := q.Slots.Authority
	if auth == "" {
		auth = "gemeente" // Noaber serves municipalities; the verdict says so
	}
	given["opdrachtgever"] = auth
	a := q.Slots.Amounts[0]
	switch {
	case a.Per == understand.Total:
		given["waarde"] = a.Value
	case a.Per == understand.Month && has("maandbedrag"):
		given["waarde"] = nil
		given["maandbedrag"] = a.Value
		if q.Slots.Months > 0 {
			given["looptijd_maanden"] = float64(q.Slots.Months)
		} else if q.Slots.Indefinite {
			given["looptijd_maanden"] = float64(0) // the check reads 0 as indefinite
		}
	case (a.Per == understand.Year || a.Per == understand.Week || a.Per == understand.Quarter) && has("maandbedrag") &&
		(q.Slots.Months > 48 || q.Slots.Indefinite) && q.Slots.Kind != "werken" && q.Slots.Kind != "leveringen":
		// A yearly or weekly rate of services over more than 48 months
		// (or without an end) is a monthly one to the check, so it
		// counts 48 months (Aw art. 2.17), not the whole term: "50.000
		// per jaar voor 5 jaar" is 200.000. Up to 48 months the rate
		// times the term is the value, as the asker gave it, and the
		// verdict can name every kind of contract.
		perMonth := a.Value / 12
		switch a.Per {
		case understand.Week:
			perMonth = a.Value * 52 / 12
		case understand.Quarter:
			perMonth = a.Value / 3
		}
		given["waarde"] = nil
		given["maandbedrag"] = perMonth
		given["looptijd_maanden"] = float64(q.Slots.Months) // 0 reads as indefinite
	default:
		total, _, ok := q.Slots.Total()
		if !ok {
			return nil, false // a yearly amount without a duration: no value to compare
		}
		given["waarde"] = total
	}
	if d, ok := noticeDate(strings.ToLower(q.Text), now); ch.DateFact != "" && ok {
		// "we publiceren in december 2025, de opdracht loopt vanaf
		// 2026": the day the notice is sent decides the threshold
		given[ch.DateFact] = d
	} else if ch.DateFact != "" && len(q.Slots.Years) > 0 && q.Slots.Years[0] != now.Year() {
		given[ch.DateFact] = time.Date(q.Slots.Years[0], 7, 1, 0, 0, 0, 0, time.UTC)
	}
	for id := range given {
		if !has(id) {
			delete(given, id)
		}
	}
	if _, ok := given["waarde"]; !ok {
		return nil, false
	}
	return given, true
}

// isThreshold reports whether v is one of the check's threshold values in
// any period: "moet alles boven 216.000 euro worden aanbesteed?" asks about
// the threshold, not about a case worth exactly that.
func isThreshold(ch *rules.Check, v float64) bool {
	for _, p := range ch.Parameters {
		for _, pv := range p.Values {
			if pv.Value == v {
				return true
			}
		}
	}
	return false
}

// checks returns the checks case questions are computed with: the
// deployment's, or the built-in ones, parsed once.
func (e *Engine) checks() *rules.Set {
	if e.deps.Checks != nil {
		return e.deps.Checks
	}
	e.builtinOnce.Do(func() { e.builtin = rules.Embedded() })
	return e.builtin
}

// withVATRe finds an amount the asker gives including VAT ("250k including
// VAT", "€ 250.000 inclusief btw", "incl. btw").
var withVATRe = regexp.MustCompile(`\b(incl\.?|inclusief|inclusive|including|inc\.?|met|with|plus)\s*(de\s+)?(vat|btw)\b`)

// withVAT reports a question whose amount includes VAT: the thresholds are
// amounts excluding VAT, and how much VAT the amount holds (21%, 9% or none)
// the question does not say, so no verdict is computed from it; the search
// answers with the threshold excluding VAT instead of a wrong "yes".
func withVAT(text string) bool {
	return withVATRe.MatchString(strings.ToLower(text))
}

// A sum said as a bound ("a procedure above €50,000", "ruim 300.000
// euro", "up to 40,000") is no value of the asker's contract: it says the
// value lies above (or below) it. A verdict holds only in the direction
// the bound allows: above a sum at or over the threshold the contract
// must go EU-wide, whatever it is worth; above a sum below the threshold
// nothing is decided — such a sum is mostly a limit of the municipality's
// own policy, which the cards answer.

// boundRe finds a bound word right before a sum: group 1 a lower bound,
// group 2 an upper bound, group 3 the sum.
var boundRe = regexp.MustCompile(`\b(?:(above|boven|vanaf|more than|meer dan|ruim|at least|minstens|minimaal|over(?:\s+(?:€|eur\b)))|(below|beneath|under|onder|less than|minder dan|up to|tot|at most|hoogstens|maximaal|max|bijna|almost|nearly))\s*(?:de\s+|the\s+|het\s+)?(?:€\s*|eur\s*|euro\s*)?(\d[\d.,]*\s*(?:k\b|duizend|thousand|mln\b|miljoen|million|ton\b)?)`)

// boundOf returns +1 when the one sum of q is said as a lower bound, -1
// as an upper bound, 0 otherwise (no bound word before it, or more sums).
func boundOf(q understand.Query, lang i18n.Lang) int {
	if len(q.Slots.Amounts) != 1 {
		return 0
	}
	low := strings.ToLower(q.Text)
	if !containsAny(low, "above", "boven", "vanaf", "more than", "meer dan", "ruim", "at least", "minst", "minimaal", "over",
		"below", "beneath", "under", "onder", "less than", "minder dan", "up to", "tot", "at most", "hoogstens", "max", "bijna", "almost", "nearly") {
		return 0
	}
	want := q.Slots.Amounts[0].Value
	for _, m := range boundRe.FindAllStringSubmatch(low, -1) {
		if v, ok := sumIn(m[3], lang); !ok || math.Abs(v-want) > 0.5 {
			continue
		}
		if m[1] != "" {
			return 1
		}
		return -1
	}
	return 0
}

// boundAgainst reports a verdict the bound of the question's sum does not
// carry: "no" above a sum, "yes" below one, or a verdict per kind of
// contract on either.
func boundAgainst(q understand.Query, outcome rules.Outcome, lang i18n.Lang) bool {
	switch boundOf(q, lang) {
	case 1:
		return outcome != rules.Yes
	case -1:
		return outcome != rules.No
	}
	return false
}

// A case may give its value as a product or beside its parts: "2 x
// 70.000 euro", "two parts of €70,000, together €140,000", "2 × 70,000 =
// 140,000". The first sum read is then a part, not the value: a verdict
// on it would compare €70,000 where €140,000 is meant — and for 2 ×
// 150.000 give the wrong verdict.

// timesRe finds a number of times a sum: group 1 the count, group 2 the
// sum.
var timesRe = regexp.MustCompile(`\b(\d{1,2}|twee|drie|vier|vijf|zes|zeven|acht|negen|tien|two|three|four|five|six|seven|eight|nine|ten)\s*(?:x|×|\*|keer|maal|times)\s*(?:€\s*|eur\s*|euro\s*)?(\d+(?:[.,]\d+)*(?:\s*(?:k\b|duizend|thousand|mln\b|miljoen|million))?)`)

// statedTotalRe finds a sum said to be the whole: group 1 after the word
// ("samen 140.000", "in total €140,000", "= 140,000"), group 2 before it
// ("140.000 euro in totaal").
var statedTotalRe = regexp.MustCompile(`(?:\b(?:samen|together|altogether|in totaal|totaal|in total|a total of|total of|totalling|totaling)|=)\s*(?:€\s*|eur\s*|euro\s*)?(\d+(?:[.,]\d+)*(?:\s*(?:k\b|duizend|thousand|mln\b|miljoen|million))?)|(\d+(?:[.,]\d+)*(?:\s*(?:k\b|duizend|thousand|mln\b|miljoen|million))?)\s*(?:€|eur\b|euros?\b)?\s*(?:in totaal|in total|altogether|samen|together)\b`)

// sumIn reads the sum s ("70.000", "140,000", "70k") as the amount slot
// reads it.
func sumIn(s string, lang i18n.Lang) (float64, bool) {
	a := understand.Parse("€ "+s, string(lang)).Slots.Amounts
	if len(a) != 1 {
		return 0, false
	}
	return a[0].Value, true
}

// caseValue returns q with the value of its case as its first sum when
// the question gives it as a product or as the whole of its parts, and
// the line that shows a product ("2 × € 70.000 = € 140.000"); q as it is
// otherwise. whole says the first sum is now such a whole.
func caseValue(q understand.Query, lang i18n.Lang) (understand.Query, string, bool) {
	amounts := q.Slots.Amounts
	if len(amounts) == 0 {
		return q, "", false
	}
	low := strings.ToLower(q.Text)
	index := func(v float64) int {
		for i, a := range amounts {
			if math.Abs(a.Value-v) < 0.5 {
				return i
			}
		}
		return -1
	}
	first := func(i int) understand.Query {
		out := append([]understand.Amount{amounts[i]}, amounts[:i]...)
		q.Slots.Amounts = append(out, amounts[i+1:]...)
		return q
	}
	if len(amounts) >= 2 && containsAny(low, "samen", "together", "totaal", "total", "=") {
		for _, m := range statedTotalRe.FindAllStringSubmatch(low, -1) {
			if v, ok := sumIn(m[1]+m[2], lang); ok {
				if i := index(v); i > 0 && amounts[i].Per == understand.Total {
					return first(i), "", true
				}
			}
		}
	}
	if !containsAny(low, "x", "×", "*", "keer", "maal", "times") {
		return q, "", false
	}
	m := timesRe.FindStringSubmatch(low)
	if m == nil {
		return q, "", false
	}
	n, err := strconv.Atoi(m[1])
	if err != nil {
		n = lotCounts[m[1]]
	}
	v, ok := sumIn(m[2], lang)
	i := index(v)
	if !ok || i < 0 || n < 2 {
		return q, "", false
	}
	part := amounts[i]
	whole := understand.Amount{Value: part.Value * float64(n), Per: part.Per, Year: part.Year, Month: part.Month}
	if j := index(whole.Value); j >= 0 {
		return first(j), "", true // "2 × 70,000 = 140,000": the whole is given
	}
	q.Slots.Amounts = append([]understand.Amount{whole}, append(amounts[:i:i], amounts[i+1:]...)...)
	line := ""
	if part.Per == understand.Total {
		line = strconv.Itoa(n) + " × " + rules.FormatAmount(part.Value, lang) + " = " + rules.FormatAmount(whole.Value, lang) + "."
	}
	return q, line, true
}

// A question that names a tender does not always ask whether to tender:
// "we won a €300,000 tender, may they now change the contract?", "can we
// ask questions about the documents of a €280,000 tender?", "what does
// the law say about contracts below the threshold?". The verdict answers
// one that asks for it: about the threshold, the EU procedure, having to
// tender (or to ask for quotes), awarding without one, or how the value
// of the case is counted.

// verdictAskRe finds what asks for the verdict on tendering.
var verdictAskRe = regexp.MustCompile(strings.Join([]string{
	`drempel|thresh?h?old|treshh?old|aanbestedingsplicht|europ|\beu\b|\beu-`,
	`aanbested\pL*\s*\?|tender\pL*\s*\?`,
	`\b(?:moet|moeten|hoeft|hoeven|verplicht|must|have to|has to|need|needs|needed|required|obliged|mandatory|should|nodig)\b.{0,60}(?:aanbested|aanbesteed|tender|procedur|offerte)`,
	`(?:aanbested|aanbesteed|tender|procedur|offerte)\pL*.{0,40}\b(?:moet|moeten|verplicht|required|needed|nodig|mandatory|necessary|obligatory)`,
	`zonder\s+(?:een\s+)?(?:aanbesteding|offerte|procedure)|without\s+(?:a\s+|an\s+)?(?:tender|procedure|competition)`,
	`(?:direct|rechtstreeks|onderhands|zomaar|gewoon|just|directly|straight)\s+(?:\pL+\s+)?(?:gunnen|gegund|award|geven|give|contract)`,
	`(?:gunnen|gegund|award\pL*|contract\pL*|give|geven)\s+(?:\pL+\s+){0,3}(?:directly|direct|rechtstreeks|zomaar|just like that)`,
	`\b(?:apply|applies|van toepassing|geldt|gelden|valt|vallen|fall|falls|covered|subject to|onder de)\b.{0,40}(?:aanbested|tender|procurement)|(?:aanbested|tender|procurement)\pL*\s+(?:\pL+\s+){0,2}(?:apply|applies|van toepassing)`,
	howValuePattern,
}, "|"))

// asksVerdict reports an asked part (see askedPart) that asks for the
// verdict on tendering.
func asksVerdict(asked string) bool { return verdictAskRe.MatchString(strings.ToLower(asked)) }
