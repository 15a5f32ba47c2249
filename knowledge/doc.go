// Package knowledge is Noaber's answer engine: an embedded, bilingual
// (Dutch/English) corpus of short Markdown documents about maatschappelijk
// aanbesteden, a lexical index over their passages, and answer composition
// that always cites where an answer comes from — or says plainly that it
// does not know.
//
// The engine works without any network service: retrieval is BM25 over
// passages with Dutch and English analysis (Snowball stemming, diacritics
// folding, Dutch compound splitting against the corpus vocabulary and a
// typo fallback), and answers are extractive. An OpenAI-compatible model
// can be plugged in (see package knowledge/llm) to rewrite the answer from
// the same passages; its output is checked against them before it is shown.
//
// knowledge knows nothing of chat: it does not import bot/ or adapters/
// (only the leaf package i18n for languages and texts).
package knowledge
