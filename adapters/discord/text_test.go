package discord

import (
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/bwmarrin/discordgo"

	"github.com/noaber/noaber/bot"
)

func TestSplitMessage(t *testing.T) {
	long := func(word string, n int) string { return strings.TrimSpace(strings.Repeat(word+" ", n)) }
	tests := []struct {
		name  string
		text  string
		limit int
		want  []string
	}{
		{"fits", "kort", 100, []string{"kort"}},
		{"empty", " \n ", 100, nil},
		{"paragraphs first", "aaaa aaaa\n\nbbbb bbbb\ncccc", 70,
			[]string{"aaaa aaaa\n\nbbbb bbbb\ncccc"}},
		{"at paragraph", long("a", 30) + "\n\n" + long("b", 30), 64,
			[]string{long("a", 30), long("b", 30)}},
		{"at line", long("a", 30) + "\n" + long("b", 30), 64,
			[]string{long("a", 30), long("b", 30)}},
		{"at word", long("woord", 20), 64,
			[]string{long("woord", 10), long("woord", 10)}},
		{"hard", strings.Repeat("x", 130), 64,
			[]string{strings.Repeat("x", 64), strings.Repeat("x", 64), "xx"}},
		{"code block kept whole", "inleiding met wat meer tekst erbij\n\n```go\nfunc f() {}\n\nfunc g() {}\n```\nslot", 64,
			[]string{"inleiding met wat meer tekst erbij", "```go\nfunc f() {}\n\nfunc g() {}\n```\nslot"}},
		{"long code block reopened", "```\n" + strings.Repeat("regel\n", 20) + "```", 64,
			[]string{"```\n" + strings.Repeat("regel\n", 9) + "```", "```\n" + strings.Repeat("regel\n", 9) + "```", "```\nregel\nregel\n```"}},
		{"astral characters count double", strings.Repeat("😀", 40), 64,
			[]string{strings.Repeat("😀", 32), strings.Repeat("😀", 8)}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got := splitMessage(tc.text, tc.limit)
			if strings.Join(got, "|") != strings.Join(tc.want, "|") || len(got) != len(tc.want) {
				t.Errorf("splitMessage =\n%q\nwant\n%q", got, tc.want)
			}
		})
	}
}

func TestSplitMessageRealLimit(t *testing.T) {
	text := strings.Repeat("Dit is een zin over maatschappelijk aanbesteden. ", 120)
	chunks := splitMessage(text, maxContent)
	if len(chunks) != 3 {
		t.Fatalf("%d chunks, want 3", len(chunks))
	}
	for _, c := range chunks {
		if width(c) > maxContent || strings.HasSuffix(c, "aanbeste") {
			t.Errorf("chunk of %d characters ending %q", width(c), c[len(c)-10:])
		}
	}
}

func FuzzSplitMessage(f *testing.F) {
	f.Add("hallo wereld", 64)
	f.Add("a\n\nb\nc d", 64)
	f.Add("```go\nx\n\ny\n```\n"+strings.Repeat("z ", 100), 70)
	f.Add("   ```"+strings.Repeat("q", 90)+"\nabc", 64)
	f.Add(strings.Repeat("😀 ", 100), 65)
	f.Fuzz(func(t *testing.T, text string, limit int) {
		if !utf8.ValidString(text) || limit < 0 || limit > 5000 {
			t.Skip()
		}
		chunks := splitMessage(text, limit)
		eff := max(limit, 64)
		for i, c := range chunks {
			if width(c) > eff {
				t.Fatalf("chunk %d is %d wide, limit %d", i, width(c), eff)
			}
			if strings.TrimSpace(c) == "" {
				t.Fatalf("chunk %d is empty", i)
			}
			if i < len(chunks)-1 {
				if open, _, _ := openFence(c); open {
					t.Fatalf("chunk %d leaves a code block open: %q", i, c)
				}
			}
		}
		if !strings.Contains(text, "```") {
			// Without fences nothing is added: the characters arrive in order.
			strip := func(s string) string { return strings.Join(strings.Fields(s), "") }
			if strip(strings.Join(chunks, "")) != strip(text) {
				t.Fatalf("content changed:\n%q\n→\n%q", text, chunks)
			}
		}
	})
}

func TestInboundText(t *testing.T) {
	names := map[string]string{"2002": "Bram"}
	tests := []struct{ in, want string }{
		{"<@1000> wat is een SROI?", "wat is een SROI?"},
		{"<@!1000>hulp", "hulp"},
		{"vraag <@1000> van <@2002>", "vraag   van @Bram"},
		{"<@3003> onbekend", "<@3003> onbekend"},
		{"leuk <:noaber:123456> en <a:dans:99>", "leuk :noaber: en :dans:"},
		{"<@<@1000>1000>", "<@ 1000>"},
		{"rol <@&5001> en kanaal <#3001>", "rol <@&5001> en kanaal <#3001>"},
	}
	for _, tc := range tests {
		if got := inboundText(tc.in, "1000", names); got != tc.want {
			t.Errorf("inboundText(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

func FuzzInboundText(f *testing.F) {
	f.Add("<@1000> hallo <@2002> <:x:1>")
	f.Add("<@<@1000>1000>")
	f.Add("<@!1000><@!1000>")
	f.Fuzz(func(t *testing.T, s string) {
		got := inboundText(s, "1000", map[string]string{"2002": "Bram"})
		if utf8.ValidString(s) && !utf8.ValidString(got) {
			t.Fatalf("invalid UTF-8 from %q", s)
		}
		if strings.Contains(got, "<@1000>") || strings.Contains(got, "<@!1000>") {
			t.Fatalf("the bot's mention survived: %q → %q", s, got)
		}
		if got != strings.TrimSpace(got) {
			t.Fatalf("not trimmed: %q", got)
		}
	})
}

func TestDiscordMarkdown(t *testing.T) {
	tests := []struct{ in, want string }{
		{"**vet** en *schuin* en [link](https://x.nl)", "**vet** en *schuin* en [link](https://x.nl)"},
		{"# Kop\n#### Diep", "# Kop\n**Diep**"},
		{"boven\n---\nonder", "boven\n\nonder"},
		{"![logo](https://x.nl/l.png)", "[logo](https://x.nl/l.png)"},
		{"```\n#### geen kop\n---\n```", "```\n#### geen kop\n---\n```"},
		{"- punt\n- punt", "- punt\n- punt"},
	}
	for _, tc := range tests {
		if got := discordMarkdown(tc.in); got != tc.want {
			t.Errorf("discordMarkdown(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

func TestRender(t *testing.T) {
	var choices []bot.Choice
	for i := range 7 {
		choices = append(choices, bot.Choice{ID: "events:rsvp:" + string(rune('a'+i)), Label: "Ja"})
	}
	choices = append(choices, bot.Choice{ID: "events:rsvp:a", Label: "dubbel"}, bot.Choice{ID: strings.Repeat("x", 101), Label: "te lang"})
	srcs := []bot.Source{{Title: "Aanbestedingswet", URL: "https://wetten.overheid.nl/BWBR0032203", Ref: "Aw art. 2.82a"},
		{Title: "Zonder link", URL: "geen-url"}}
	for i := range 10 {
		srcs = append(srcs, bot.Source{Title: "Bron " + string(rune('A'+i)), URL: "https://example.org"})
	}
	msgs := render(bot.Reply{Text: "Antwoord", Choices: choices, Sources: srcs})
	if len(msgs) != 1 {
		t.Fatalf("%d messages", len(msgs))
	}
	m := msgs[0]
	rows := m.Components
	if len(rows) != 2 || len(rows[0].(discordgo.ActionsRow).Components) != 5 || len(rows[1].(discordgo.ActionsRow).Components) != 2 {
		t.Errorf("rows = %+v, want 5 + 2 buttons (duplicate and too-long ids left out)", rows)
	}
	if len(m.Embeds) != 10 {
		t.Errorf("%d embeds, want 10", len(m.Embeds))
	}
	if e := m.Embeds[0]; e.Title != "Aanbestedingswet" || e.URL == "" || e.Description != "Aw art. 2.82a" {
		t.Errorf("first embed = %+v", e)
	}
	if e := m.Embeds[1]; e.URL != "" || !strings.Contains(e.Description, "geen-url") {
		t.Errorf("an invalid URL must not become the embed link: %+v", e)
	}
	if !strings.Contains(m.Content, "[Bron I](<https://example.org>)") || !strings.Contains(m.Content, "Bron J") {
		t.Errorf("sources beyond ten embeds should be listed in the text: %q", m.Content)
	}
}

func TestCommandText(t *testing.T) {
	opt := func(name, v string) *discordgo.ApplicationCommandInteractionDataOption {
		return &discordgo.ApplicationCommandInteractionDataOption{Name: name, Type: discordgo.ApplicationCommandOptionString, Value: v}
	}
	tests := []struct {
		name string
		opts []*discordgo.ApplicationCommandInteractionDataOption
		lang bot.Lang
		want string
	}{
		{"vraag", []*discordgo.ApplicationCommandInteractionDataOption{opt("vraag", " Wat is Right to Challenge? ")}, bot.NL, "Wat is Right to Challenge?"},
		{"hulp", nil, bot.NL, "hulp"},
		{"hulp", nil, bot.EN, "help"},
		{"deadline", []*discordgo.ApplicationCommandInteractionDataOption{opt("tekst", "nieuw 1 juni | aanvraag")}, bot.NL, "deadline nieuw 1 juni | aanvraag"},
		{"check", []*discordgo.ApplicationCommandInteractionDataOption{opt("id", "buurthuis")}, bot.EN, "check buurthuis"},
		// Typed sub-commands read as the chat commands (and buttons) do,
		// not as a question "evenement afmelden 1".
		{"evenement", []*discordgo.ApplicationCommandInteractionDataOption{opt("id", "12"), opt("tekst", "aanmelden")}, bot.NL, "aanmelden 12"},
		{"evenement", []*discordgo.ApplicationCommandInteractionDataOption{opt("tekst", "afmelden 1")}, bot.NL, "afmelden 1"},
		{"evenement", []*discordgo.ApplicationCommandInteractionDataOption{opt("id", "3"), opt("tekst", "rsvp misschien")}, bot.EN, "rsvp 3 misschien"},
		{"evenement", []*discordgo.ApplicationCommandInteractionDataOption{opt("tekst", "Mijn evenementen")}, bot.NL, "Mijn evenementen"},
		{"evenement", []*discordgo.ApplicationCommandInteractionDataOption{opt("id", "4"), opt("tekst", "deelnemers")}, bot.NL, "evenement 4 deelnemers"},
		{"evenement", nil, bot.EN, "event"},
		{"mijngegevens", nil, bot.EN, "my data"},
		{"mijngegevens", []*discordgo.ApplicationCommandInteractionDataOption{opt("actie", "wissen")}, bot.NL, "vergeet mij"},
		{"mijngegevens", []*discordgo.ApplicationCommandInteractionDataOption{opt("actie", "wissen")}, bot.EN, "forget me"},
		{"deadline", []*discordgo.ApplicationCommandInteractionDataOption{opt("tekst", "deadline nieuw 1 juni | x")}, bot.NL, "deadline nieuw 1 juni | x"},
	}
	table := newTestTable().cmds
	for _, tc := range tests {
		got, err := commandText(table, discordgo.ApplicationCommandInteractionData{Name: tc.name, Options: tc.opts}, tc.lang)
		if err != nil || got != tc.want {
			t.Errorf("%s (%s) = %q, %v; want %q", tc.name, tc.lang, got, err, tc.want)
		}
	}
	if _, err := commandText(table, discordgo.ApplicationCommandInteractionData{Name: "onbekend"}, bot.NL); err == nil {
		t.Error("an unknown command gave no error")
	}
	for l, want := range map[discordgo.Locale]bot.Lang{"nl": bot.NL, "en-US": bot.EN, "de": bot.EN, "": bot.NL} {
		if got := langOf(l); got != want {
			t.Errorf("langOf(%q) = %s, want %s", l, got, want)
		}
	}
}

func TestCatalogComplete(t *testing.T) {
	if err := msgs.Check(); err != nil {
		t.Fatal(err)
	}
	for _, c := range applicationCommands(newTestTable().cmds) {
		if c.Description == "" || strings.HasPrefix(c.Description, "cmd.") || len(c.Description) > 100 {
			t.Errorf("command %s: description %q (1-100 characters from the catalog)", c.Name, c.Description)
		}
		for _, o := range c.Options {
			if len(o.Description) > 100 || len((o.DescriptionLocalizations)["en-US"]) > 100 {
				t.Errorf("option %s/%s: description longer than Discord's 100", c.Name, o.Name)
			}
		}
	}
}
