package mattermost

import (
	"regexp"
	"strings"
	"unicode/utf8"

	"github.com/mattermost/mattermost/server/public/model"

	"github.com/noaber/noaber/bot"
)

// MaxPostRunes is the longest message Mattermost accepts in one post.
const MaxPostRunes = model.PostMessageMaxRunesV2 // 16,383

// splitMessage cuts text into parts of at most limit runes, preferring
// paragraph boundaries, then line ends, then spaces. A part that ends
// inside a ``` code block closes it and the next part reopens it, so the
// Markdown renders the same. It returns at least one part.
func splitMessage(text string, limit int) []string {
	text = strings.TrimRight(text, "\n ")
	if utf8.RuneCountInString(text) <= limit {
		return []string{text}
	}
	const fence = "```"
	var parts []string
	reopen := ""
	for text != "" {
		room := limit - utf8.RuneCountInString(reopen) - len("\n"+fence) // space for a closing fence
		if room < 16 {
			room = 16
		}
		chunk := text
		if utf8.RuneCountInString(chunk) > room {
			chunk = cutAt(text, room)
		}
		text = strings.TrimLeft(text[len(chunk):], "\n")
		chunk = strings.TrimRight(chunk, "\n ")
		if reopen != "" && strings.TrimSpace(chunk) == fence {
			// Only the closing fence was left, and it was already added.
			reopen = ""
			continue
		}
		part := reopen + chunk
		reopen = ""
		if strings.Count(part, fence)%2 == 1 && text != "" {
			part += "\n" + fence
			reopen = fence + "\n"
		}
		if strings.TrimSpace(part) != "" {
			parts = append(parts, part)
		}
	}
	if len(parts) == 0 {
		return []string{""}
	}
	return parts
}

// cutAt returns the longest prefix of s of at most n runes that ends at a
// paragraph break, else a line end, else a space, else exactly n runes; a
// boundary in the first half is not worth it.
func cutAt(s string, n int) string {
	end := 0
	for i := range s {
		if n == 0 {
			break
		}
		n--
		_, size := utf8.DecodeRuneInString(s[i:])
		end = i + size
	}
	prefix := s[:end]
	half := len(prefix) / 2
	for _, sep := range []string{"\n\n", "\n", " "} {
		if i := strings.LastIndex(prefix, sep); i > half {
			return prefix[:i+len(sep)]
		}
	}
	return prefix
}

// renderText is the post text for r: its text followed by the sources as
// a short list of links.
func renderText(r bot.Reply) string {
	return neutraliseMentions(renderBody(r))
}

// groupMention matches @channel, @all and @here as Mattermost reads them.
var groupMention = regexp.MustCompile(`(?i)(^|[^\p{L}\p{N}_.@-])@(channel|all|here)\b`)

// neutraliseMentions keeps text the bot posts from notifying a whole
// channel: titles and questions that users typed end up in reminders and
// announcements, and "@channel" there would page everyone each time. A
// zero-width space after the @ leaves the word readable but no mention.
// The bot itself never needs a group mention.
func neutraliseMentions(s string) string {
	if !strings.Contains(s, "@") {
		return s
	}
	return groupMention.ReplaceAllString(s, "${1}@\u200b${2}")
}

func renderBody(r bot.Reply) string {
	text := strings.TrimRight(r.Text, "\n ")
	if len(r.Sources) == 0 {
		return text
	}
	var b strings.Builder
	b.WriteString(text)
	if text != "" {
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
			b.WriteString("[" + title + "](" + strings.ReplaceAll(s.URL, ")", "%29") + ")")
		} else {
			b.WriteString(title)
		}
		if s.Ref != "" {
			b.WriteString(" (" + s.Ref + ")")
		}
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

// buttonStyle maps a choice style to Mattermost's.
func buttonStyle(s bot.ChoiceStyle) string {
	switch s {
	case bot.Primary:
		return "primary"
	case bot.Danger:
		return "danger"
	}
	return "default"
}
