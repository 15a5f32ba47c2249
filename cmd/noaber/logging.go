package main

import (
	"io"
	"log/slog"
	"os"
	"path/filepath"

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

// chatLogFile is where `noaber chat` writes its log lines, next to the
// database like the attachments: <db>.log.
func chatLogFile(cfg *config.Config) string { return cfg.DBPath() + ".log" }

// chatLogger keeps the terminal conversation free of log lines: only
// errors reach the terminal (w), and warnings and up (or the configured
// level, if higher) go to chatLogFile, appended, readable by the owner
// only. verbose (-v) logs everything to the terminal instead, as asked.
// When the file cannot be opened the warnings are dropped, not printed.
// The returned function closes the file.
func chatLogger(cfg *config.Config, w io.Writer, verbose bool) (*slog.Logger, func()) {
	if verbose {
		return newLogger(cfg, w, slog.LevelDebug), func() {}
	}
	term := newLogger(cfg, w, slog.LevelError).Handler()
	_ = os.MkdirAll(filepath.Dir(chatLogFile(cfg)), 0o700) // as the store does; it opens later
	f, err := os.OpenFile(chatLogFile(cfg), os.O_WRONLY|os.O_CREATE|os.O_APPEND, 0o600)
	if err != nil {
		return slog.New(term), func() {}
	}
	file := newLogger(cfg, f, slog.LevelWarn).Handler()
	return slog.New(slog.NewMultiHandler(term, file)), func() { f.Close() }
}
