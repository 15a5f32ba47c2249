package web

import (
	"html"
	"strings"
	"unicode"
	"unicode/utf8"
)

// renderMarkdown turns the bot's Markdown subset into safe HTML: every
// character of the text is escaped, and the only markup produced is p, br,
// ul, ol, li, strong, em, code and a — links only to http(s) addresses,
// opened in a new tab without a referrer.
func renderMarkdown(text string) string {
	var b strings.Builder
	lines := strings.Split(strings.ReplaceAll(text, "\r\n", "\n"), "\n")
	list := "" // "ul", "ol" or "" while in a paragraph or between blocks
	para := false
	closeBlock := func() {
		if para {
			b.WriteString("</p>")
			para = false
		}
		if list != "" {
			b.WriteString("</" + list + ">")
			list = ""
		}
	}
	for _, raw := range lines {
		line := strings.TrimRight(raw, " \t")
		if strings.TrimSpace(line) == "" {
			closeBlock()
			continue
		}
		kind, item := listItem(line)
		if kind != "" {
			if para {
				b.WriteString("</p>")
				para = false
			}
			if list != kind {
				if list != "" {
					b.WriteString("</" + list + ">")
				}
				b.WriteString("<" + kind + ">")
				list = kind
			}
			b.WriteString("<li>" + inline(item, 0, true) + "</li>")
			continue
		}
		if list != "" {
			b.WriteString("</" + list + ">")
			list = ""
		}
		if para {
			b.WriteString("<br>")
		} else {
			b.WriteString("<p>")
			para = true
		}
		b.WriteString(inline(strings.TrimLeft(line, " \t"), 0, true))
	}
	closeBlock()
	return b.String()
}

// listItem recognises "- x", "* x", "• x" and "1. x".
func listItem(line string) (kind, item string) {
	l := strings.TrimLeft(line, " \t")
	for _, p := range []string{"- ", "* ", "• "} {
		if rest, ok := strings.CutPrefix(l, p); ok {
			return "ul", rest
		}
	}
	i := 0
	for i < len(l) && i < 3 && l[i] >= '0' && l[i] <= '9' {
		i++
	}
	if i > 0 && strings.HasPrefix(l[i:], ". ") {
		return "ol", l[i+2:]
	}
	return "", ""
}

const maxDepth = 4

// inline renders emphasis, code spans and links in one line of text.
func inline(s string, depth int, links bool) string {
	var b strings.Builder
	for len(s) > 0 {
		if depth < maxDepth {
			switch {
			case strings.HasPrefix(s, "**"):
				if end := strings.Index(s[2:], "**"); end > 0 {
					b.WriteString("<strong>" + inline(s[2:2+end], depth+1, links) + "</strong>")
					s = s[4+end:]
					continue
				}
			case s[0] == '`':
				if end := strings.IndexByte(s[1:], '`'); end > 0 {
					b.WriteString("<code>" + html.EscapeString(s[1:1+end]) + "</code>")
					s = s[2+end:]
					continue
				}
			case s[0] == '[' && links:
				if label, url, rest, ok := mdLink(s); ok {
					b.WriteString(anchor(url, inline(label, depth+1, false))) // no links inside links
					s = rest
					continue
				}
			case s[0] == '_' || s[0] == '*':
				if end := closingEmphasis(s); end > 0 && wordStart(b.String()) {
					b.WriteString("<em>" + inline(s[1:end], depth+1, links) + "</em>")
					s = s[end+1:]
					continue
				}
			}
		}
		if links && (strings.HasPrefix(s, "https://") || strings.HasPrefix(s, "http://")) {
			url, rest := bareURL(s)
			b.WriteString(anchor(url, html.EscapeString(url)))
			s = rest
			continue
		}
		r, n := utf8.DecodeRuneInString(s)
		if r == utf8.RuneError && n == 1 {
			b.WriteString("\uFFFD")
		} else {
			b.WriteString(html.EscapeString(s[:n]))
		}
		s = s[n:]
	}
	return b.String()
}

// wordStart reports whether what was written so far ends where a word
// may start (so snake_case_words are not taken for emphasis).
func wordStart(before string) bool {
	r, _ := utf8.DecodeLastRuneInString(before)
	return before == "" || !(unicode.IsLetter(r) || unicode.IsDigit(r))
}

// closingEmphasis finds the marker closing the emphasis opened at s[0],
// followed by a non-letter; 0 when there is none.
func closingEmphasis(s string) int {
	m := s[0]
	if len(s) < 3 || s[1] == ' ' || s[1] == m {
		return 0
	}
	for i := 2; i < len(s); i++ {
		if s[i] != m || s[i-1] == ' ' {
			continue
		}
		next, _ := utf8.DecodeRuneInString(s[i+1:])
		if i+1 == len(s) || !(unicode.IsLetter(next) || unicode.IsDigit(next)) {
			return i
		}
	}
	return 0
}

// mdLink parses "[label](url)" at the start of s.
func mdLink(s string) (label, url, rest string, ok bool) {
	mid := strings.Index(s, "](")
	if mid < 1 || strings.ContainsAny(s[1:mid], "[]") {
		return "", "", "", false
	}
	end := strings.IndexByte(s[mid+2:], ')')
	if end < 1 {
		return "", "", "", false
	}
	url = s[mid+2 : mid+2+end]
	if !safeURL(url) {
		return "", "", "", false
	}
	return s[1:mid], url, s[mid+3+end:], true
}

// bareURL takes a URL up to white space, leaving trailing punctuation.
func bareURL(s string) (url, rest string) {
	end := strings.IndexFunc(s, func(r rune) bool { return unicode.IsSpace(r) || r == '<' || r == '>' || r == '"' })
	if end < 0 {
		end = len(s)
	}
	url = strings.TrimRight(s[:end], ".,;:!?)'")
	return url, s[len(url):]
}

// safeURL accepts http(s) URLs without spaces or quotes.
func safeURL(u string) bool {
	lower := strings.ToLower(u)
	if !strings.HasPrefix(lower, "https://") && !strings.HasPrefix(lower, "http://") {
		return false
	}
	return !strings.ContainsAny(u, " \t\n\"'<>`")
}

func anchor(url, label string) string {
	if !safeURL(url) {
		return label
	}
	return `<a href="` + html.EscapeString(url) + `" rel="noopener noreferrer" target="_blank">` + label + `</a>`
}
