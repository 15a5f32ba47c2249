// Package rules is Noaber's eligibility engine: checks written as data
// (TOML files), evaluated with expr-lang expressions, explained with reasons
// and legal sources.
//
// A check file declares the facts it may ask (with their questions in
// Dutch and English), derived values, parameters whose values depend on a
// reference date (EU thresholds change every two years), ordered rules
// with an outcome (yes, no, depends) or none (a note), outcome texts and
// sources. Every expression is compiled and type-checked when the file is
// loaded; a bad file is refused with its name, line and what is wrong.
//
// Evaluation works on partial facts with three-valued logic: a rule is
// true, false or still unknown. The first rule (in file order) that is
// true decides the outcome, but only when every earlier rule with an
// outcome is false; as long as an earlier rule is unknown the engine asks
// for one of the facts that rule still needs. So it asks only what the
// outcome still depends on.
//
// Fact types: yesno, choice, amount, date, number, text and grants — a
// list of earlier grants, each an amount, a kind (one of the fact's
// options) and a date, typed as "50.000 algemeen 1-3-2024; 20.000 DAEB
// 15-6-2025" and used in expressions as a list of Grant (filter, map,
// sum). A choice may have a default option, filled on the command line
// but asked in a conversation; a note with lead = true (an assumption the
// verdict rests on) opens the headline instead of the list of reasons. A
// rule may offer other checks (offer = ["uitdaagrecht"]): when it fires,
// Result.Offers names them, and a conversation shows them as buttons.
//
// A check need not decide yes or no: waardendriehoek has one "depends"
// rule that fires once every question is answered, and notes that give
// each value one standing (strong, to discuss, unknown) and the questions
// worth asking next.
//
// A source ([[sources]]: id, title, url, ref) may carry title_en and
// ref_en: what an English reader sees instead of the Dutch title and short
// reference (the built-in checks have both; without them the Dutch is
// shown).
//
// Scenario files (NAME.scenarios.toml) next to a check hold facts and the
// expected outcome; RunScenarios runs them, for `go test` and for
// `noaber rules test`.
//
// The package knows nothing of chat: it takes facts and returns results.
package rules
