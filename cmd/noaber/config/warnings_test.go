package config

import (
	"strings"
	"testing"
)

func TestWarnings(t *testing.T) {
	var c Config
	if w := Warnings(&c); len(w) != 0 {
		t.Errorf("empty config: %v", w)
	}
	c.HTTP.Listen = ":8080"
	c.LLM.BaseURL = "http://llm.example.org/v1"
	c.Limits.MessagesPerMinute = 100000
	got := strings.Join(Warnings(&c), "\n")
	for _, want := range []string{"http.listen", "llm.base_url", "clear text", "limits.messages_per_minute"} {
		if !strings.Contains(got, want) {
			t.Errorf("no warning about %s:\n%s", want, got)
		}
	}
	// Behind a TLS proxy, on loopback, with a local LLM: nothing to say.
	c = Config{}
	c.HTTP.Listen, c.HTTP.PublicURL = "0.0.0.0:8080", "https://noaber.gemeente.nl"
	c.LLM.BaseURL = "http://127.0.0.1:11434/v1"
	if w := Warnings(&c); len(w) != 0 {
		t.Errorf("safe config warned: %v", w)
	}
	c.HTTP.Listen, c.HTTP.PublicURL = "127.0.0.1:8080", ""
	if w := Warnings(&c); len(w) != 0 {
		t.Errorf("loopback listener warned: %v", w)
	}
}
