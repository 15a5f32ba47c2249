package discord

import (
	"bytes"
	"fmt"
	"net/url"
	"strings"
	"unicode/utf8"

	"github.com/bwmarrin/discordgo"

	"github.com/noaber/noaber/bot"
)

// Discord's limits on one message (besides maxContent).
const (
	maxEmbeds       = 10
	maxEmbedTitle   = 256
	maxButtonLabel  = 80
	maxCustomID     = 100
	buttonsPerRow   = 5
	maxRows         = 5
	maxFilesPerPost = 10
	// ephemeral is the message flag that shows a message only to the user
	// who used the interaction.
	ephemeral = discordgo.MessageFlagsEphemeral
)

// outMsg is one Discord message to post: a reply renders to one or more,
// the extras (embeds, buttons, files) riding on the last.
type outMsg struct {
	Content    string
	Embeds     []*discordgo.MessageEmbed
	Components []discordgo.MessageComponent
	Files      []bot.File
}

// render turns a reply into the messages that carry it.
func render(r bot.Reply) []outMsg {
	text := discordMarkdown(r.Text)
	embeds, extra := sourceEmbeds(r.Sources)
	if extra != "" {
		text = strings.TrimRight(text, "\n") + "\n\n" + extra
	}
	chunks := splitMessage(text, maxContent)
	if len(chunks) == 0 {
		chunks = []string{""}
	}
	out := make([]outMsg, len(chunks))
	for i, c := range chunks {
		out[i].Content = c
	}
	last := &out[len(out)-1]
	last.Embeds = embeds
	last.Components = buttons(r.Choices)
	n := min(len(r.Files), maxFilesPerPost)
	last.Files = r.Files[:n]
	for files := r.Files[n:]; len(files) > 0; files = files[n:] {
		n = min(len(files), maxFilesPerPost)
		out = append(out, outMsg{Files: files[:n]})
	}
	return out
}

// isEmpty reports whether m has nothing to show, which Discord refuses.
func (m outMsg) isEmpty() bool {
	return m.Content == "" && len(m.Embeds) == 0 && len(m.Components) == 0 && len(m.Files) == 0
}

// sourceEmbeds shows sources as embeds, a linked title each, which reads
// better than a list of URLs; sources beyond Discord's ten embeds come back
// as Markdown lines for the text.
func sourceEmbeds(srcs []bot.Source) ([]*discordgo.MessageEmbed, string) {
	var embeds []*discordgo.MessageEmbed
	var extra []string
	for _, s := range srcs {
		title := strings.TrimSpace(s.Title)
		if title == "" {
			title = s.Ref
		}
		if title == "" {
			title = s.URL
		}
		if title == "" {
			continue
		}
		link := ""
		if u, err := url.Parse(s.URL); err == nil && (u.Scheme == "http" || u.Scheme == "https") && u.Host != "" {
			link = s.URL
		}
		if len(embeds) == maxEmbeds {
			if link != "" {
				extra = append(extra, fmt.Sprintf("- [%s](<%s>)", title, link))
			} else {
				extra = append(extra, "- "+title)
			}
			continue
		}
		e := &discordgo.MessageEmbed{Type: discordgo.EmbedTypeRich, Title: truncate(title, maxEmbedTitle), URL: link}
		if s.Ref != "" && s.Ref != title {
			e.Description = s.Ref
		}
		if link == "" && s.URL != "" {
			e.Description = strings.TrimSpace(e.Description + "\n" + s.URL)
		}
		embeds = append(embeds, e)
	}
	return embeds, strings.Join(extra, "\n")
}

// buttons renders choices as rows of up to five buttons. Choices Discord
// would refuse (an id over 100 bytes, a second choice with the same id) are
// left out rather than failing the whole message.
func buttons(choices []bot.Choice) []discordgo.MessageComponent {
	var rows []discordgo.MessageComponent
	var row []discordgo.MessageComponent
	seen := map[string]bool{}
	for _, c := range choices {
		if c.ID == "" || len(c.ID) > maxCustomID || seen[c.ID] {
			continue
		}
		seen[c.ID] = true
		label := strings.TrimSpace(c.Label)
		if label == "" {
			label = c.ID
		}
		style := discordgo.SecondaryButton
		switch c.Style {
		case bot.Primary:
			style = discordgo.PrimaryButton
		case bot.Danger:
			style = discordgo.DangerButton
		}
		row = append(row, discordgo.Button{Label: truncate(label, maxButtonLabel), Style: style, CustomID: c.ID})
		if len(row) == buttonsPerRow {
			rows = append(rows, discordgo.ActionsRow{Components: row})
			row = nil
		}
		if len(rows) == maxRows {
			break
		}
	}
	if len(row) > 0 && len(rows) < maxRows {
		rows = append(rows, discordgo.ActionsRow{Components: row})
	}
	return rows
}

// discordFiles turns attachments into discordgo's form. It makes new
// readers on each call, so a retried request sends the data again.
func discordFiles(fs []bot.File) []*discordgo.File {
	out := make([]*discordgo.File, len(fs))
	for i, f := range fs {
		ct := f.ContentType
		if ct == "" {
			ct = "application/octet-stream"
		}
		out[i] = &discordgo.File{Name: f.Name, ContentType: ct, Reader: bytes.NewReader(f.Data)}
	}
	return out
}

// truncate shortens s to at most n characters, marking the cut with "…".
func truncate(s string, n int) string {
	if width(s) <= n {
		return s
	}
	b := prefixBytes(s, n-1)
	for b > 0 && !utf8.RuneStart(s[b]) {
		b--
	}
	return s[:b] + "…"
}
