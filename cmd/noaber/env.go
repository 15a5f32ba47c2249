package main

import (
	"flag"
	"fmt"
	"io"
	"strings"

	"github.com/noaber/noaber/bot/clock"
	"github.com/noaber/noaber/cmd/noaber/config"
)

// env is what a command runs with: its flags, streams and the shared
// --db/--config handling.
type env struct {
	cmd    *command
	args   []string
	Stdin  io.Reader
	Stdout io.Writer
	Stderr io.Writer
	// Clock tells the time: the real one, or a test's fake (runAt).
	Clock clock.Clock
	// Flags is the command's flag set, with --db and --config defined.
	Flags *flag.FlagSet

	dbPath     string
	configPath string
	positional []string
}

func newEnv(c *command, args []string, stdin io.Reader, stdout, stderr io.Writer) *env {
	e := &env{cmd: c, args: args, Stdin: stdin, Stdout: stdout, Stderr: stderr, Clock: clock.Real{}}
	e.Flags = flag.NewFlagSet("noaber "+c.name, flag.ContinueOnError)
	e.Flags.SetOutput(io.Discard)
	e.Flags.StringVar(&e.dbPath, "db", "", "database `PATH` (default: bot.db from the config, else the per-user data directory)")
	e.Flags.StringVar(&e.configPath, "config", "", "configuration `FILE` (default: none, embedded defaults)")
	return e
}

// Parse parses the command's flags, which may stand before, between or
// after positional arguments, and returns the positional ones. --help
// prints the usage and returns flag.ErrHelp.
func (e *env) Parse() ([]string, error) {
	args := e.args
	var pos []string
	for {
		if err := e.Flags.Parse(args); err != nil {
			if err == flag.ErrHelp {
				e.usage(e.Stdout)
				return nil, err
			}
			return nil, usagef("%s", strings.TrimPrefix(err.Error(), "flag provided but not defined: "))
		}
		args = e.Flags.Args()
		if len(args) == 0 {
			break
		}
		if args[0] == "--" {
			pos = append(pos, args[1:]...)
			break
		}
		pos = append(pos, args[0])
		args = args[1:]
	}
	e.positional = pos
	return pos, nil
}

func (e *env) usage(w io.Writer) {
	fmt.Fprintf(w, "Usage: noaber %s %s\n\n%s\n\nFlags:\n", e.cmd.name, e.cmd.args, e.cmd.short)
	e.Flags.SetOutput(w)
	e.Flags.PrintDefaults()
	e.Flags.SetOutput(io.Discard)
}

// Config loads --config (or defaults) and applies --db.
func (e *env) Config() (*config.Config, error) {
	cfg, err := config.Load(e.configPath)
	if err != nil {
		return nil, err
	}
	if e.dbPath != "" {
		cfg.Bot.DB = e.dbPath
	}
	return cfg, nil
}
