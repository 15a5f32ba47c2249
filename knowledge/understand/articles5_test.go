package understand

import (
	"strings"
	"testing"
)

// An article number with three digits after its dot ("2.127", "art.
// 2.114") looks like a sum of thousands; after "artikel"/"article" it is
// the article asked about and stays a search term, while a sum in the same
// question is still taken out.
func TestArticleNumberStaysSearched(t *testing.T) {
	for _, c := range []struct{ text, lang, keep string }{
		{"what does article 2.127 of the act say", "en", "2.127"},
		{"wat staat er in art. 2.114 Aw?", "nl", "2.114"},
		{"Wat regelt Artikel 2.134 precies?", "nl", "2.134"},
	} {
		if q := Parse(c.text, c.lang); !strings.Contains(q.SearchFocus, c.keep) {
			t.Errorf("%q: search focus %q lost the article %s", c.text, q.SearchFocus, c.keep)
		}
	}
	q := Parse("geldt artikel 2.127 ook bij een opdracht van 250.000 euro?", "nl")
	if !strings.Contains(q.Search, "2.127") || strings.Contains(q.Search, "250.000") {
		t.Errorf("search %q: want the article kept and the sum out", q.Search)
	}
}

// "art." before an article number is read as the word the corpus uses.
func TestArticleAbbreviationExpanded(t *testing.T) {
	for _, c := range []struct{ text, lang, want string }{
		{"wat zegt art. 1.16 aw", "nl", "artikel 1.16"},
		{"art 2.82 uitleg", "nl", "artikel 2.82"},
		{"what does art. 2.127 say", "en", "article 2.127"},
	} {
		if q := Parse(c.text, c.lang); !strings.Contains(q.SearchFocus, c.want) {
			t.Errorf("%q: search focus %q, want %q", c.text, q.SearchFocus, c.want)
		}
	}
	// a word that starts with "art" is left alone
	if q := Parse("is er subsidie voor een art project van 2 dagen?", "nl"); strings.Contains(q.SearchFocus, "artikel") {
		t.Errorf("search focus %q: 'art project' is no article", q.SearchFocus)
	}
}
