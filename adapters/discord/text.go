package discord

import (
	"regexp"
	"strings"
)

// Discord's inline markup in message content: user mentions (<@id>, the
// older nickname form <@!id>), role and channel mentions, custom emoji.
var inboundMarkup = regexp.MustCompile(`<@!?(\d{1,20})>|<a?:(\w{1,32}):\d{1,20}>`)

// inboundText turns a Discord message's content into what the core reads:
// the bot's own mention is removed (it only says who is addressed), other
// users' mentions become "@" and their display name, custom emoji become
// ":name:". Role and channel mentions stay as they are.
func inboundText(content, botID string, names map[string]string) string {
	out := inboundMarkup.ReplaceAllStringFunc(content, func(m string) string {
		sub := inboundMarkup.FindStringSubmatch(m)
		switch {
		case sub[1] != "" && sub[1] == botID:
			// A space, not nothing, so the pieces around cannot join into a
			// new mention ("<@<@1>1>").
			return " "
		case sub[1] != "":
			if n := names[sub[1]]; n != "" {
				return "@" + n
			}
			return m
		default:
			return ":" + sub[2] + ":"
		}
	})
	return strings.TrimSpace(out)
}

var (
	deepHeading = regexp.MustCompile(`^\s{0,3}#{4,6}\s+(.+?)\s*#*\s*$`)
	rule        = regexp.MustCompile(`^\s{0,3}([-*_])(\s*[-*_]){2,}\s*$`)
	image       = regexp.MustCompile(`!\[([^\]\n]*)\]\(([^)\s]+)\)`)
)

// discordMarkdown adapts the core's Markdown subset to what Discord
// renders. Discord knows bold, italics, lists, quotes, code, masked links
// and headings down to ###; deeper headings become bold lines, images
// become links and horizontal rules (which Discord shows as dashes) go.
// Code blocks are left alone.
func discordMarkdown(s string) string {
	lines := strings.Split(s, "\n")
	inCode := false
	out := lines[:0]
	for _, l := range lines {
		if f, _ := fenceLine(l, 0); f != "" {
			inCode = !inCode
			out = append(out, l)
			continue
		}
		if inCode {
			out = append(out, l)
			continue
		}
		if m := deepHeading.FindStringSubmatch(l); m != nil {
			l = "**" + m[1] + "**"
		} else if rule.MatchString(l) {
			l = ""
		}
		out = append(out, image.ReplaceAllString(l, "[$1]($2)"))
	}
	return strings.Join(out, "\n")
}
