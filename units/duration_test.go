package units

import (
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/BurntSushi/toml"
)

func TestParseDuration(t *testing.T) {
	for in, want := range map[string]time.Duration{
		"90s": 90 * time.Second, "15m": 15 * time.Minute, "2h": 2 * time.Hour, "1d": day, "7d": 7 * day,
		"14d": 14 * day, "2w": 14 * day, "2u": 2 * time.Hour, "1h30m": 90 * time.Minute, "1.5h": 90 * time.Minute,
		"500ms": 500 * time.Millisecond, "0": 0, "0s": 0, "-5m": -5 * time.Minute, "+5m": 5 * time.Minute,
		"1 dag": day, "3 dagen": 3 * day, "2 uur": 2 * time.Hour, "1 week": 7 * day, "90 minutes": 90 * time.Minute,
		"30 seconden": 30 * time.Second, " 1D ": day, "1 dag 2 uur": 26 * time.Hour, "1d12h": 36 * time.Hour,
		"24h0m0s": day,
	} {
		if got, err := ParseDuration(in); err != nil || got != want {
			t.Errorf("ParseDuration(%q) = %v, %v; want %v", in, got, err, want)
		}
	}
	for in, why := range map[string]string{
		"": "empty", "x": "no number", "3": "without a unit", "3 maanden": "months", "1 jaar": "months",
		"2 fortnights": "unknown unit", "1d-2h": "unknown unit", "--5m": "no number", "1..5h": "without a unit",
		"99999999999999999999d": "too long", "3000000h": "too long", "200000w": "too long",
	} {
		_, err := ParseDuration(in)
		if err == nil || !errors.Is(err, ErrSyntax) || !strings.Contains(err.Error(), why) {
			t.Errorf("ParseDuration(%q) = %v; want an error saying %q", in, err, why)
		}
	}
}

// TestDurationTOML reads both notations the two former Duration types
// accepted, and writes a value that reads back the same.
func TestDurationTOML(t *testing.T) {
	var c struct {
		A Duration `toml:"a"`
		B Duration `toml:"b"`
		C Duration `toml:"c"`
	}
	if _, err := toml.Decode("a = \"30s\"\nb = \"14d\"\nc = \"1 dag\"", &c); err != nil {
		t.Fatal(err)
	}
	if c.A.Duration != 30*time.Second || c.B.Duration != 14*day || c.C.Duration != day {
		t.Errorf("decoded %+v", c)
	}
	if _, err := toml.Decode(`a = "3 maanden"`, &c); err == nil || !strings.Contains(err.Error(), "use days or weeks") {
		t.Errorf("months accepted or unclear: %v", err)
	}
	out, err := c.B.MarshalText()
	if err != nil {
		t.Fatal(err)
	}
	var back Duration
	if err := back.UnmarshalText(out); err != nil || back != c.B {
		t.Errorf("%q read back as %v, %v", out, back, err)
	}
}

// FuzzParseDuration holds the parser to three promises: it never panics, it
// agrees with Go's time.ParseDuration wherever that accepts the text, and
// a parsed value written in Go's notation reads back to itself.
func FuzzParseDuration(f *testing.F) {
	for _, s := range []string{"90s", "15m", "2h", "1d", "7d", "1 dag", "3 dagen", "1h30m", "1.5h", "-5m", "0",
		"2562047h47m16.854775807s", "1.000000000000000000001h", ".5h", "3 maanden", "µs", "1 dag 2 uur"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		got, err := ParseDuration(s)
		if want, gerr := time.ParseDuration(s); gerr == nil && want != time.Duration(-1<<63) {
			if err != nil || got != want {
				t.Fatalf("ParseDuration(%q) = %v, %v; Go reads %v", s, got, err, want)
			}
		}
		if err != nil {
			if !errors.Is(err, ErrSyntax) {
				t.Fatalf("ParseDuration(%q): error %v does not wrap ErrSyntax", s, err)
			}
			return
		}
		back, err := ParseDuration(got.String())
		if err != nil || back != got {
			t.Fatalf("ParseDuration(%q) = %v, which reads back as %v, %v", s, got, back, err)
		}
	})
}
