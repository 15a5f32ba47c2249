package main

import (
	"io"
	"log/slog"

	"github.com/noaber/noaber/cmd/noaber/config"
)

// newLogger builds the process logger: text on a terminal, JSON when
// configured. minLevel raises the floor (chat keeps the terminal quiet).
func newLogger(cfg *config.Config, w io.Writer, minLevel slog.Level) *slog.Logger {
	level, _ := cfg.Bot.Level()
	if level < minLevel {
		level = minLevel
	}
	opts := &slog.HandlerOptions{Level: level}
	if cfg.Bot.LogFormat == "json" {
		return slog.New(slog.NewJSONHandler(w, opts))
	}
	return slog.New(slog.NewTextHandler(w, opts))
}
