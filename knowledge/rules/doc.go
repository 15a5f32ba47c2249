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
// Scenario files (NAME.scenarios.toml) next to a check hold facts and the
// expected outcome; RunScenarios runs them, for `go test` and for
// `noaber rules test`.
//
// The package knows nothing of chat: it takes facts and returns results.
package rules
