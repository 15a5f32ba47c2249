package discord

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// maxContent is Discord's limit on a message's content. Discord counts
// characters as JavaScript does, in UTF-16 code units; counting those is
// never less than counting runes, so a chunk that fits here fits there.
const maxContent = 2000

// width is the length of s as Discord counts it (UTF-16 code units).
func width(s string) int {
	n := 0
	for _, r := range s {
		if r >= 0x10000 {
			n += 2
		} else {
			n++
		}
	}
	return n
}

// splitMessage cuts text into chunks of at most limit characters (see
// width). It cuts at a paragraph break if it can, else at a line break,
// else between words, else anywhere between characters. It avoids cutting
// inside a fenced code block: the chunk ends before the block when there is
// text before it; a block too long for one message is closed at the end of a
// chunk and reopened, with its language, at the start of the next. Empty
// text gives no chunks.
func splitMessage(text string, limit int) []string {
	const closeFence = "\n```"
	if limit < 64 {
		limit = 64 // room to reopen a fence and still make progress; callers use 2000
	}
	s := strings.TrimSpace(text)
	var out []string
	for strings.TrimSpace(s) != "" {
		if width(s) <= limit {
			out = append(out, s)
			break
		}
		minPos := 0
		if f, end := fenceLine(s, 0); f != "" {
			minPos = end // never cut inside the opening fence line itself
		}
		cut, skip := bestCut(s, limit, minPos)
		chunk, rest := s[:cut], s[cut+skip:]
		if open, start, lang := openFence(chunk); open {
			if strings.TrimSpace(chunk[:start]) != "" {
				// Text before the code block: end the chunk there.
				chunk, rest = s[:start], s[start:]
			} else {
				// The block itself is too long: close it and reopen it.
				cut, skip = bestCut(s, limit-len(closeFence), minPos)
				chunk = strings.TrimRight(s[:cut], "\n") + closeFence
				rest = "```" + lang + "\n" + strings.TrimLeft(s[cut+skip:], "\n")
			}
		}
		chunk = strings.TrimRightFunc(chunk, unicode.IsSpace)
		if chunk != "" {
			out = append(out, chunk)
		}
		s = strings.TrimLeft(rest, "\n\r")
	}
	return out
}

// bestCut finds where to end a chunk of s that may be at most limit wide:
// the byte index of the cut and how many separator bytes to drop after it.
// It prefers a paragraph break, then a line break, then a space, all after
// minPos; failing those it cuts between characters.
func bestCut(s string, limit, minPos int) (cut, skip int) {
	maxByte := prefixBytes(s, limit)
	head := s[:maxByte]
	for _, sep := range []string{"\n\n", "\n", " "} {
		if i := strings.LastIndex(head, sep); i > minPos {
			return i, len(sep)
		}
	}
	if maxByte == 0 { // limit smaller than the first character: take it anyway
		_, n := utf8.DecodeRuneInString(s)
		return n, 0
	}
	return maxByte, 0
}

// prefixBytes is the length in bytes of the longest prefix of s that is
// at most limit wide.
func prefixBytes(s string, limit int) int {
	w := 0
	for i, r := range s {
		rw := 1
		if r >= 0x10000 {
			rw = 2
		}
		if w+rw > limit {
			return i
		}
		w += rw
	}
	return len(s)
}

// fenceLine reports whether the line starting at byte i of s is a code
// fence ("```" after up to three spaces), with the language written after it
// and the index just past the line.
func fenceLine(s string, i int) (lang string, end int) {
	line := s[i:]
	end = len(s)
	if j := strings.IndexByte(line, '\n'); j >= 0 {
		line, end = line[:j], i+j
	}
	t := strings.TrimLeft(line, " ")
	if len(line)-len(t) > 3 || !strings.HasPrefix(t, "```") {
		return "", end
	}
	lang = strings.TrimSpace(strings.TrimLeft(t, "`"))
	if len(lang) > 20 || strings.ContainsAny(lang, " `") {
		lang = "" // not a language name; reopen a plain block
	}
	return "```" + lang, end
}

// openFence reports whether s ends inside a fenced code block, the byte
// index of the line that opened it and its language.
func openFence(s string) (open bool, start int, lang string) {
	for i := 0; i <= len(s); {
		f, end := fenceLine(s, i)
		if f != "" {
			if open {
				open = false
			} else {
				open, start, lang = true, i, strings.TrimPrefix(f, "```")
			}
		}
		if end >= len(s) {
			break
		}
		i = end + 1
	}
	return open, start, lang
}
