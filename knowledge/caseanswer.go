package knowledge

import (
	"regexp"
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
var tenderWords = []string{"aanbested", "aanbesteed", "tender", "europees", "europese", "procurement", "drempel", "threshold", "offerte", "uitbested"}

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

// claimedThresholdRe finds a sum stated as the threshold itself ("we
// hoorden dat de Europese drempel voor werken nu 5,5 miljoen is", "the
// threshold for services is 221,000, right?"): a claim about the rule to
// check against the corpus, not the value of the asker's contract.
var claimedThresholdRe = regexp.MustCompile(`\b(?:drempel|drempels|drempelwaarde|drempelbedrag|aanbestedingsdrempel|aanbestedingsgrens|threshold|thresholds)\b(?:\s+[^\s,.;:?!]+){0,4}?\s+(?:€\s*|eur\s*)?\d`)

// caseAnswer computes the verdict of a case question: one that asks
// whether something must be tendered and carries the amount (and, for a
// periodic amount, the duration) of the asker's own case. Only facts the
// question states are used; what is missing is asked for.
func (e *Engine) caseAnswer(q understand.Query, lang i18n.Lang, now time.Time) (Result, bool) {
	if len(q.Slots.Amounts) == 0 {
		return Result{}, false
	}
	if !aboutTendering(q.Text) || claimedThresholdRe.MatchString(strings.ToLower(q.Text)) {
		return Result{}, false
	}
	ch, ok := e.checks().Get(procurementCheck)
	if !ok {
		return Result{}, false
	}
	given, ok := CaseFacts(q, ch, now)
	if !ok || isThreshold(ch, q.Slots.Amounts[0].Value) {
		return Result{}, false
	}
	r, err := ch.Evaluate(given, rules.Options{Today: now, UseDefaults: true})
	if err != nil {
		return Result{}, false
	}
	res := Result{Lang: lang, Kind: KindCheck, Found: true}
	cr := &CaseResult{Check: ch.ID, Outcome: string(r.Outcome), Given: map[string]string{}}
	for id, v := range given {
		if f, ok := ch.Fact(id); ok {
			cr.Given[id] = f.Encode(v)
		}
	}
	res.Check = cr
	var b strings.Builder
	if r.Outcome == rules.Incomplete {
		cr.Next = r.Next
		// The value is known but not what it is compared with: give the
		// verdict for each kind of contract and ask which it is.
		line, srcs := "", []*rules.Source(nil)
		if r.Next == "soort" {
			line, srcs = e.perKind(ch, r, given, lang, now)
		}
		b.WriteString(line)
		for _, s := range srcs {
			res.Sources = append(res.Sources, Source{ID: ch.ID, Title: s.Title, URL: s.URL, Ref: s.Ref})
		}
		if f, ok := ch.Fact(r.Next); ok {
			if line != "" {
				b.WriteString("\n\n")
			}
			b.WriteString(Msgs.T(lang, "case.ask", "question", f.Question.In(lang), "check", ch.ID))
		}
	} else {
		// The headline carries the check's stated assumptions first (a
		// verdict on value alone assumes a public contract), then the
		// outcome; the deciding reasons follow.
		b.WriteString(r.Headline(lang))
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
		b.WriteString("\n\n")
		b.WriteString(Msgs.T(lang, "case.more", "check", ch.ID))
	}
	res.Answer = b.String()
	for _, s := range r.Sources() {
		if len(res.Sources) == maxSources {
			break
		}
		res.Sources = append(res.Sources, Source{ID: ch.ID, Title: s.Title, URL: s.URL, Ref: s.Ref})
	}
	return res, true
}

// perKind states the value computed from the question and, for each kind
// of contract the check knows, whether that value is above its threshold:
// the answer a person can use before saying which kind it is.
func (e *Engine) perKind(ch *rules.Check, r *rules.Result, given rules.Values, lang i18n.Lang, now time.Time) (string, []*rules.Source) {
	var b strings.Builder
	var srcs []*rules.Source
	if v, ok := r.Values["waarde_totaal"]; ok && v != nil {
		b.WriteString(Msgs.T(lang, "case.value", "value", ch.Format("waarde_totaal", v, lang)))
	}
	f, ok := ch.Fact("soort")
	if !ok {
		return b.String(), nil
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
		if err != nil || rr.Outcome == rules.Incomplete {
			continue
		}
		th, ok := rr.Values["drempel"]
		if !ok || th == nil {
			continue
		}
		key := "case.kind_no"
		if rr.Outcome == rules.Yes {
			key = "case.kind_yes"
		}
		parts = append(parts, Msgs.T(lang, key, "kind", o.Label.In(lang), "threshold", ch.Format("drempel", th, lang)))
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
	return b.String(), srcs
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
	default:
		total, _, ok := q.Slots.Total()
		if !ok {
			return nil, false // a yearly amount without a duration: no value to compare
		}
		given["waarde"] = total
	}
	if ch.DateFact != "" && len(q.Slots.Years) > 0 && q.Slots.Years[0] != now.Year() {
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
