// Package termijn computes Dutch statutory time limits: the general
// holidays of the Algemene termijnenwet (Atw) per year, Easter-based ones
// included, and the end of a term counted in days, weeks or months from the
// day after a start date, extended by Atw art. 1 (an end on a Saturday,
// Sunday or general holiday moves to the next working day) and art. 2 (a
// term of at least three days includes at least two working days).
//
// It knows nothing of chat: it returns structured results (the rules
// applied, with their sources) that a caller puts into words. Days
// equated to holidays by Royal Decree (e.g. the Friday after Ascension Day)
// are published every few years in the Staatscourant and are not included;
// callers say so.
package termijn
