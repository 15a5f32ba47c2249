package web

import (
	"bytes"
	"encoding/json"
	"fmt"
	"path"
	"strings"
	"unicode/utf8"

	"github.com/noaber/noaber/bot"
)

// inFrame is what a client sends.
type inFrame struct {
	Type   string `json:"type"`             // "message" or "action"
	Text   string `json:"text,omitempty"`   // message
	Seq    uint64 `json:"seq,omitempty"`    // action: the message whose button was clicked
	Choice *int   `json:"choice,omitempty"` // action: the button's position
}

// maxChoices bounds the button position a client may name.
const maxChoices = 25

// Error codes a client can get; the text comes from the catalog
// (error.<code>).
const (
	errTooLarge    = "too_large"
	errMalformed   = "malformed"
	errRate        = "rate"
	errStale       = "stale"
	errUnavailable = "unavailable"
	errSession     = "session"
)

// parseFrame reads one client frame. It returns an error code (and the
// reason, for the debug log) when the frame is not one it understands.
func parseFrame(data []byte, maxBytes int) (inFrame, string, error) {
	var f inFrame
	if len(data) > maxBytes {
		return f, errTooLarge, fmt.Errorf("%d bytes, more than %d", len(data), maxBytes)
	}
	if !utf8.Valid(data) {
		return f, errMalformed, fmt.Errorf("not UTF-8")
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&f); err != nil {
		return f, errMalformed, fmt.Errorf("not a frame: %w", err)
	}
	if dec.More() {
		return f, errMalformed, fmt.Errorf("data after the frame")
	}
	switch f.Type {
	case "message":
		if f.Seq != 0 || f.Choice != nil {
			return f, errMalformed, fmt.Errorf("message with action fields")
		}
		f.Text = strings.ToValidUTF8(f.Text, "\uFFFD")
	case "action":
		if f.Seq == 0 || f.Choice == nil || *f.Choice < 0 || *f.Choice >= maxChoices || f.Text != "" {
			return f, errMalformed, fmt.Errorf("action without a valid seq and choice")
		}
	default:
		return f, errMalformed, fmt.Errorf("unknown type %.20q", f.Type)
	}
	return f, "", nil
}

// outFrame is what the server sends.
type outFrame struct {
	Type      string      `json:"type"` // msg, reset, typing, error
	Epoch     uint64      `json:"epoch,omitempty"`
	Ver       uint64      `json:"ver,omitempty"`
	Seq       uint64      `json:"seq,omitempty"`
	From      string      `json:"from,omitempty"`
	Text      string      `json:"text,omitempty"` // the visitor's own text; the error's explanation
	HTML      string      `json:"html,omitempty"` // the bot's text, rendered safely
	Lang      string      `json:"lang,omitempty"`
	Proactive bool        `json:"proactive,omitempty"`
	Choices   []choiceOut `json:"choices,omitempty"`
	Sources   []sourceOut `json:"sources,omitempty"`
	Files     []fileOut   `json:"files,omitempty"`
	On        *bool       `json:"on,omitempty"`   // typing
	Code      string      `json:"code,omitempty"` // error
}

type choiceOut struct {
	Label string `json:"label"`
	Style string `json:"style,omitempty"` // primary, danger
}

type sourceOut struct {
	Title string `json:"title"`
	Ref   string `json:"ref,omitempty"`
	URL   string `json:"url,omitempty"` // only http(s)
}

type fileOut struct {
	Name string `json:"name"`
	URL  string `json:"url"` // relative to the chat page
}

func (e *entry) frame(epoch uint64) outFrame {
	f := outFrame{Type: "msg", Epoch: epoch, Ver: e.ver, Seq: e.seq, From: e.from, Lang: string(e.lang), Proactive: e.proactive}
	if e.from == "user" {
		f.Text = e.text
		return f
	}
	f.HTML = e.html
	for _, c := range e.choices {
		co := choiceOut{Label: c.Label}
		switch c.Style {
		case bot.Primary:
			co.Style = "primary"
		case bot.Danger:
			co.Style = "danger"
		}
		f.Choices = append(f.Choices, co)
	}
	for _, s := range e.sources {
		so := sourceOut{Title: s.Title, Ref: s.Ref}
		if safeURL(s.URL) {
			so.URL = s.URL
		}
		f.Sources = append(f.Sources, so)
	}
	for i, file := range e.files {
		f.Files = append(f.Files, fileOut{Name: safeName(file.Name), URL: fmt.Sprintf("chat/file/%d/%d", e.seq, i)})
	}
	return f
}

// safeName keeps a file name to letters, digits and a few marks.
func safeName(name string) string {
	name = path.Base(strings.ReplaceAll(name, "\\", "/"))
	var b strings.Builder
	for _, r := range name {
		switch {
		case r >= 'a' && r <= 'z', r >= 'A' && r <= 'Z', r >= '0' && r <= '9', r == '.', r == '-', r == '_':
			b.WriteRune(r)
		default:
			b.WriteByte('_')
		}
	}
	s := strings.TrimLeft(b.String(), ".")
	if s == "" {
		return "bestand"
	}
	return s
}
