// Package termijn computes Dutch statutory time limits: the general
// holidays of the Algemene termijnenwet (Atw) per year, Easter-based ones
// included, and the end of a term counted in days, weeks or months from the
// day after a start date, extended by Atw art. 1 (an end on a Saturday,
// Sunday or general holiday moves to the next working day) and art. 2 (a
// term of at least three days includes at least two working days).
//
// Not extended: a term counted back from an event (art. 1 lid 2) and a
// term longer than three months, twelve weeks or ninety days (art. 4);
// terms in hours are refused (art. 4 excludes them too).
//
// Days equated with a holiday by Royal Decree (art. 3 lid 3; the Friday
// after Ascension Day, say) are data, not code: data/gelijkgestelde_dagen.toml
// lists each decree with its period, source and days, validated when the
// package loads. DecreeKnown tells callers when a date lies outside every
// known decree, so they can say so.
//
// It knows nothing of chat: it returns structured results (the rules
// applied, with their sources) that a caller puts into words.
package termijn
