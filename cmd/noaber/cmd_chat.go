package main

import (
	"context"
	"fmt"
	"log/slog"
	"os"

	"golang.org/x/term"

	"github.com/noaber/noaber/adapters/console"
	"github.com/noaber/noaber/bot"
	"github.com/noaber/noaber/cmd/noaber/config"
)

func init() {
	register(&command{name: "chat", args: "[--as NAME] [--db PATH] [--config FILE]",
		short: "talk to the bot in the terminal (the default command)", run: runChat})
	register(&command{name: "serve", args: "--config FILE [--db PATH]",
		short: "run every configured chat platform in one process", run: runServe})
}

func runChat(ctx context.Context, e *env) error {
	as := e.Flags.String("as", "", "act as console user `NAME` (console:NAME), to simulate several users on one database")
	verbose := e.Flags.Bool("v", false, "log informational messages to stderr (without -v only errors reach the terminal; warnings go to <db>.log)")
	if _, err := e.Parse(); err != nil {
		return err
	}
	cfg, err := e.Config()
	if err != nil {
		return err
	}
	if *as != "" {
		cfg.Console.User = *as
		if err := cfg.Console.Validate(); err != nil {
			return usagef("--as: %v", err)
		}
	}
	// No WARN/INFO lines inside the conversation: they go to <db>.log.
	log, closeLog := chatLogger(cfg, e.Stderr, *verbose)
	defer closeLog()
	a, err := newApp(cfg, log, e.Clock)
	if err != nil {
		return err
	}
	defer a.Close()
	if cfg.Console.FilesDir == "" {
		// Attachments next to the database they come from: private to
		// whoever may read the data, never shared between databases.
		cfg.Console.FilesDir = cfg.DBPath() + ".files"
	}
	// On a shared etcd store the serve instances' leader runs the
	// scheduler and the outbox; a console session only talks.
	a.passive = cfg.Store.Etcd()
	con := console.New(cfg.Console, e.Stdin, e.Stdout)
	if isTerminal(e.Stdin) {
		con.Prompt = "> "
		lang := cfg.Bot.Lang()
		fmt.Fprintln(e.Stdout, welcome(lang, con.User().Name))
	}
	return a.run(ctx, []bot.Adapter{con}, con.Name())
}

func welcome(lang bot.Lang, name string) string {
	if lang == bot.EN {
		return fmt.Sprintf("Noaber in the terminal, as %s. Ask a question or type help; Ctrl-D ends.", name)
	}
	return fmt.Sprintf("Noaber in de terminal, als %s. Stel een vraag of typ hulp; Ctrl-D stopt.", name)
}

// isTerminal reports whether r is an interactive terminal (not a pipe, a
// file or /dev/null), to decide on the welcome line and the prompt.
func isTerminal(r any) bool {
	f, ok := r.(*os.File)
	return ok && term.IsTerminal(int(f.Fd()))
}

func runServe(ctx context.Context, e *env) error {
	if _, err := e.Parse(); err != nil {
		return err
	}
	if e.configPath == "" {
		return usagef("serve needs --config FILE (see config.example.toml)")
	}
	cfg, err := e.Config()
	if err != nil {
		return err
	}
	log := newLogger(cfg, e.Stderr, slog.LevelDebug-4)
	if w := config.PermissionWarning(e.configPath); w != "" {
		log.Warn("configuration file is readable by others", "detail", w)
	}
	a, err := newApp(cfg, log, e.Clock)
	if err != nil {
		return err
	}
	defer a.Close()
	if err := a.setupCluster(); err != nil {
		return err
	}
	adapters, err := a.platformAdapters()
	if err != nil {
		return err
	}
	if len(adapters) == 0 && cfg.HTTP.Listen == "" {
		return fmt.Errorf("nothing to serve: configure [discord], [mattermost], [matrix], [web] or [http] listen")
	}
	log.Info("noaber serving", "version", versionString(), "adapters", len(adapters), "db", a.db.Path())
	if len(adapters) == 0 {
		// Only the HTTP listener (feeds, health): run until stopped.
		err = a.run(ctx, nil, "")
	} else {
		err = a.run(ctx, adapters, "")
	}
	log.Info("noaber stopped")
	return err
}
