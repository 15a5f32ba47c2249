package matrix

import (
	"regexp"
	"strings"

	"maunium.net/go/mautrix/event"
	"maunium.net/go/mautrix/format"

	"github.com/noaber/noaber/bot"
)

// maxBodyBytes keeps one event well inside Matrix's 64 KiB limit, with
// room for the HTML twin of the body.
const maxBodyBytes = 24 << 10

// atRoom matches "@room", the keyword that pings everyone in a room.
var atRoom = regexp.MustCompile(`(?i)@room\b`)

// defuse puts a word joiner after the @ of every "@room", so text a user
// supplied (an event title, a question quoted back) can never ping a whole
// room; it reads the same.
func defuse(s string) string {
	return atRoom.ReplaceAllStringFunc(s, func(m string) string { return "@\u2060" + m[1:] })
}

// markdown is the Markdown text for r: its text, its sources as a list of
// links and its choices as numbered options.
func markdown(r bot.Reply) string {
	var b strings.Builder
	b.WriteString(strings.TrimRight(r.Text, "\n "))
	if len(r.Sources) > 0 {
		if b.Len() > 0 {
			b.WriteString("\n\n")
		}
		for i, s := range r.Sources {
			if i > 0 {
				b.WriteString("\n")
			}
			b.WriteString("- 📎 ")
			title := escapeLinkText(s.Title)
			if title == "" {
				title = escapeLinkText(s.URL)
			}
			if s.URL != "" && safeURL(s.URL) {
				b.WriteString("[" + title + "](" + strings.NewReplacer(")", "%29", " ", "%20").Replace(s.URL) + ")")
			} else {
				b.WriteString(title)
			}
			if s.Ref != "" {
				b.WriteString(" (" + escapeLinkText(s.Ref) + ")")
			}
		}
	}
	if len(r.Choices) > 0 {
		if b.Len() > 0 {
			b.WriteString("\n\n")
		}
		labels := make([]bot.Choice, len(r.Choices))
		for i, c := range r.Choices {
			labels[i] = bot.Choice{ID: c.ID, Label: escapeLinkText(c.Label)}
		}
		b.WriteString(bot.NumberedLabels(labels))
	}
	return b.String()
}

func escapeLinkText(s string) string {
	return strings.NewReplacer("[", `\[`, "]", `\]`, "\n", " ").Replace(s)
}

func safeURL(u string) bool {
	l := strings.ToLower(u)
	return strings.HasPrefix(l, "https://") || strings.HasPrefix(l, "http://") || strings.HasPrefix(l, "mailto:")
}

// unsafeHref matches links whose scheme is not http(s) or mailto.
var unsafeHref = regexp.MustCompile(`(?i)<a href="([^"]*)"`)

// content renders r as an m.room.message: Markdown to
// org.matrix.custom.html, with a plain body for clients that show no
// HTML, and an empty m.mentions so no one is pinged by what the text
// happens to contain.
func content(r bot.Reply) *event.MessageEventContent {
	md := defuse(markdown(r))
	if len(md) > maxBodyBytes {
		md = strings.ToValidUTF8(md[:maxBodyBytes], "") + "…"
	}
	c := format.RenderMarkdown(md, true, false)
	c.MsgType = event.MsgText
	c.Body = plainBody(md)
	if c.FormattedBody != "" {
		c.FormattedBody = unsafeHref.ReplaceAllStringFunc(c.FormattedBody, func(m string) string {
			href := unsafeHref.FindStringSubmatch(m)[1]
			if safeURL(href) {
				return m
			}
			return "<a"
		})
		c.Format = event.FormatHTML
	}
	c.Mentions = &event.Mentions{}
	return &c
}

var (
	mdLink   = regexp.MustCompile(`\[((?:\\.|[^\]\\])*)\]\(([^)\s]+)\)`)
	mdEscape = regexp.MustCompile(`\\([\[\]\\*_()])`)
)

// plainBody is the text for clients without HTML: emphasis markers go,
// links become "title (url)".
func plainBody(md string) string {
	s := mdLink.ReplaceAllString(md, "$1 ($2)")
	s = strings.ReplaceAll(s, "**", "")
	lines := strings.Split(s, "\n")
	for i, l := range lines {
		if len(l) > 2 && strings.HasPrefix(l, "_") && strings.HasSuffix(l, "_") && !strings.HasPrefix(l, "__") {
			l = l[1 : len(l)-1]
		}
		lines[i] = mdEscape.ReplaceAllString(l, "$1")
	}
	return strings.Join(lines, "\n")
}
