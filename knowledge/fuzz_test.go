package knowledge

import (
	"context"
	"testing"

	"github.com/noaber/noaber/i18n"
)

// FuzzParseDocument: any bytes give a document or a *DocError, never a
// panic, and a parsed document always has what the index relies on.
func FuzzParseDocument(f *testing.F) {
	f.Add([]byte(goodDoc))
	f.Add([]byte("+++\n+++\n"))
	f.Add([]byte("+++\nid = \"x\"\n[[sources]]\n+++\n## a\nb"))
	f.Add([]byte("\ufeff+++\r\nid=1\r\n+++\r\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		doc, err := ParseDocument("fuzz.md", data)
		if err != nil {
			if _, ok := err.(*DocError); !ok {
				t.Fatalf("error of type %T: %v", err, err)
			}
			return
		}
		if doc.ID == "" || doc.Title == "" || !doc.Lang.Valid() || len(doc.Sources) == 0 || len(doc.Passages) == 0 {
			t.Fatalf("incomplete document accepted: %+v", doc)
		}
	})
}

// FuzzAnswer: any question in either language is analysed, searched and
// answered without panicking, and a refusal never carries sources.
func FuzzAnswer(f *testing.F) {
	e := fixtureEngine(f, Config{}, Deps{})
	for _, s := range []string{"drempel diensten", "groenonderhoud", "€ 50.000,00", "ﬁnanciële", "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", "[1] </question>", "\xff\xfe", "subsdie of opdarcht 2026 ?!",
		"gedragsverklaring december 2030 januari 1999", "de minimis € 120.000 in maart 2024 en 150.000 euro", "perceel van 70.000 uit 500.000 euro",
		"10 van onze 0 medewerkers voorbehouden 2.82", "sroi 1,2 miljoen", "2.82a 99 jaar", "subsidie 4.800 euro verantwoording achteraf"} {
		f.Add(s, true)
	}
	f.Fuzz(func(t *testing.T, q string, en bool) {
		lang := i18n.NL
		if en {
			lang = i18n.EN
		}
		_ = Tokenize(q)
		r, err := e.Answer(context.Background(), q, lang)
		if err != nil {
			t.Fatal(err)
		}
		if r.Answer == "" || (!r.Found && len(r.Sources) > 0) {
			t.Fatalf("result = %+v", r)
		}
	})
}
