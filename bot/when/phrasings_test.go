package when

import (
	"bufio"
	"errors"
	"os"
	"strings"
	"testing"

	"github.com/noaber/noaber/bot/clock"
)

// TestPhrasings reads testdata/phrasings.txt: what people type and what it
// must mean on a fixed clock (Wednesday 25 November 2026 10:00), refusals
// included.
func TestPhrasings(t *testing.T) {
	f, err := os.Open("testdata/phrasings.txt")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows := 0
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		line := strings.TrimSpace(sc.Text())
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		in, want, ok := strings.Cut(line, "=>")
		if !ok {
			t.Fatalf("bad line %q", line)
		}
		in, want = strings.TrimSpace(in), strings.TrimSpace(want)
		if in == "(empty)" {
			in = ""
		}
		rows++
		t.Run(in, func(t *testing.T) {
			m, err := Parse(in, now)
			if got := describe(m, err); got != want {
				t.Errorf("Parse(%q) = %s, want %s", in, got, want)
			}
		})
	}
	if rows < 150 {
		t.Errorf("only %d phrasings; the table must keep at least 150", rows)
	}
}

// describe writes a parse result in the table's notation.
func describe(m Moment, err error) string {
	switch {
	case errors.Is(err, ErrImpossible):
		return "! impossible"
	case errors.Is(err, ErrWeekday):
		return "! weekday"
	case err != nil:
		return "! unknown"
	}
	t := m.Time.In(clock.Amsterdam)
	var s string
	switch {
	case m.DateOnly:
		s = t.Format("2006-01-02")
	case t.Second() != 0:
		s = t.Format("2006-01-02 15:04:05")
	default:
		s = t.Format("2006-01-02 15:04")
	}
	if m.Approx {
		s = "~" + s
	}
	return s
}
