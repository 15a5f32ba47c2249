package web

import (
	"context"
	"strings"
	"testing"

	"golang.org/x/net/html"
)

func TestRenderMarkdown(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"**Ja**, dit is _een_ opdracht.", "<p><strong>Ja</strong>, dit is <em>een</em> opdracht.</p>"},
		{"regel 1\nregel 2\n\nalinea 2", "<p>regel 1<br>regel 2</p><p>alinea 2</p>"},
		{"Stappen:\n- een\n- twee\n1. drie", "<p>Stappen:</p><ul><li>een</li><li>twee</li></ul><ol><li>drie</li></ol>"},
		{"typ `check de_minimis` nu", "<p>typ <code>check de_minimis</code> nu</p>"},
		{"snake_case_woord blijft", "<p>snake_case_woord blijft</p>"},
		{"zie https://wetten.overheid.nl/BWBR0032203.", `<p>zie <a href="https://wetten.overheid.nl/BWBR0032203" rel="noopener noreferrer" target="_blank">https://wetten.overheid.nl/BWBR0032203</a>.</p>`},
		{"[wet](https://x.nl/?a=1&b=2)", `<p><a href="https://x.nl/?a=1&amp;b=2" rel="noopener noreferrer" target="_blank">wet</a></p>`},
		{"[klik](javascript:alert(1))", "<p>[klik](javascript:alert(1))</p>"},
		{`<img src=x onerror="alert(1)"> & "quotes"`, "<p>&lt;img src=x onerror=&#34;alert(1)&#34;&gt; &amp; &#34;quotes&#34;</p>"},
		{"[**vet** link](https://a.nl)", `<p><a href="https://a.nl" rel="noopener noreferrer" target="_blank"><strong>vet</strong> link</a></p>`},
		{`https://a.nl/"onmouseover="x`, `<p><a href="https://a.nl/" rel="noopener noreferrer" target="_blank">https://a.nl/</a>&#34;onmouseover=&#34;x</p>`},
	} {
		if got := renderMarkdown(tc.in); got != tc.want {
			t.Errorf("renderMarkdown(%q)\n got %s\nwant %s", tc.in, got, tc.want)
		}
	}
}

// allowedTags are the only elements renderMarkdown may produce.
var allowedTags = map[string]bool{"p": true, "br": true, "ul": true, "ol": true, "li": true, "strong": true, "em": true, "code": true, "a": true}

// checkSafe fails when html has an element or attribute outside the
// allowed set, or a link to anything but http(s).
func checkSafe(t *testing.T, in, out string) {
	z := html.NewTokenizer(strings.NewReader(out))
	for {
		tt := z.Next()
		switch tt {
		case html.ErrorToken:
			return
		case html.CommentToken, html.DoctypeToken:
			t.Fatalf("renderMarkdown(%q) made a %v: %s", in, tt, out)
		case html.StartTagToken, html.EndTagToken, html.SelfClosingTagToken:
			tok := z.Token()
			if !allowedTags[tok.Data] {
				t.Fatalf("renderMarkdown(%q) made <%s>: %s", in, tok.Data, out)
			}
			for _, at := range tok.Attr {
				switch {
				case tok.Data == "a" && at.Key == "href":
					if !safeURL(at.Val) {
						t.Fatalf("renderMarkdown(%q) links to %q", in, at.Val)
					}
				case tok.Data == "a" && (at.Key == "rel" || at.Key == "target"):
				default:
					t.Fatalf("renderMarkdown(%q) made attribute %s=%q on <%s>", in, at.Key, at.Val, tok.Data)
				}
			}
		}
	}
}

func FuzzRenderMarkdown(f *testing.F) {
	for _, s := range []string{"**a**", "_b_", "`c`", "[d](https://e.nl)", "[x](javascript:1)", "<script>", "- a\n1. b", "https://a.nl/<b>",
		"**[a](https://b.nl)**", "*_`[", "[a](https://x.nl\" onclick=\"y)", "\xff\xfe", "&lt;"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		checkSafe(t, s, renderMarkdown(s))
	})
}

// FuzzInboundFrame sends arbitrary bytes as a client frame: the parser
// never panics, refuses with a known code or accepts a well-formed frame,
// and an accepted frame is answered by the bot without a panic.
func FuzzInboundFrame(f *testing.F) {
	for _, s := range []string{`{"type":"message","text":"hulp"}`, `{"type":"action","seq":2,"choice":0}`, `{"type":"action","seq":1,"choice":99}`,
		`{"type":"message","text":"x"}{"type":"message"}`, `{"type":"message","text":"\ud800"}`, `[]`, `null`, `{"type":null}`, "\x00", `{"type":"message","seq":1}`} {
		f.Add([]byte(s))
	}
	ts := newTestServer(f, Config{MaxMessageBytes: 512, VisitorPerMinute: -1, IPPerMinute: -1})
	v := ts.a.visitor(newID())
	ts.a.handle(context.Background(), v, "192.0.2.1", inFrame{Type: "message", Text: "check"}) // something to click
	f.Fuzz(func(t *testing.T, data []byte) {
		fr, code, err := parseFrame(data, 512)
		if code != "" {
			if err == nil || (code != errMalformed && code != errTooLarge) {
				t.Fatalf("refused with code %q, reason %v", code, err)
			}
			return
		}
		if fr.Type != "message" && fr.Type != "action" {
			t.Fatalf("accepted type %q", fr.Type)
		}
		if fr.Type == "action" && (fr.Choice == nil || *fr.Choice < 0 || *fr.Choice >= maxChoices) {
			t.Fatalf("accepted choice %v", fr.Choice)
		}
		if fr.Text == "slow" {
			return // waits for the test to release it
		}
		if e := ts.a.handle(context.Background(), v, "192.0.2.1", fr); e != nil && e.Code != errStale {
			t.Fatalf("handle: %+v", e)
		}
	})
}
