// Command noaber runs the Noaber chat bot and its operator commands.
//
// Every sub-command lives in a file of its own (cmd_<name>.go) and adds
// itself to the command table with register in an init function, so that
// features can add commands without touching a shared switch. Every command
// accepts --db PATH and --config FILE the same way, and --help.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"sort"
	"strings"
	"syscall"
	_ "time/tzdata" // Europe/Amsterdam even on machines without zoneinfo

	"github.com/noaber/noaber/bot/clock"
)

// command is one sub-command.
type command struct {
	// name is the words that select it: "chat", "config check".
	name string
	// args is what follows the name in the usage line, flags included.
	args string
	// short is one line for the overview.
	short string
	// run does the work. It defines its flags on e.Flags, calls e.Parse,
	// and returns an error to print (exit 1); a usageError exits 2.
	run func(ctx context.Context, e *env) error
}

var commands = map[string]*command{}

// register adds a command to the table; called from init functions.
func register(c *command) {
	if _, dup := commands[c.name]; dup {
		panic("duplicate command " + c.name)
	}
	commands[c.name] = c
}

// usageError is a mistake in how the command was called.
type usageError struct{ msg string }

func (u usageError) Error() string { return u.msg }

// usagef reports a usage mistake; the command's usage follows it.
func usagef(format string, args ...any) error { return usageError{fmt.Sprintf(format, args...)} }

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := run(ctx, os.Args[1:], os.Stdin, os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}

// run is main without the process: tests call it.
func run(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	return runAt(ctx, clock.Real{}, args, stdin, stdout, stderr)
}

// runAt is run on the clock clk, which every command reads the time from
// (env.Clock): tests pass a fake one to pin "today".
func runAt(ctx context.Context, clk clock.Clock, args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	if len(args) > 0 && (args[0] == "--help" || args[0] == "-h" || args[0] == "help") {
		overview(stdout)
		return 0
	}
	c, rest := lookup(args)
	if c == nil {
		fmt.Fprintf(stderr, "noaber: unknown command %q\n\n", strings.Join(args, " "))
		overview(stderr)
		return 2
	}
	e := newEnv(c, rest, stdin, stdout, stderr)
	e.Clock = clk
	err := c.run(ctx, e)
	switch {
	case err == nil:
		return 0
	case errors.Is(err, flag.ErrHelp):
		return 0
	case errors.As(err, new(usageError)):
		fmt.Fprintf(stderr, "noaber %s: %v\n", c.name, err)
		e.usage(stderr)
		return 2
	default:
		fmt.Fprintf(stderr, "noaber %s: %v\n", c.name, err)
		return 1
	}
}

// lookup finds the command named by the leading words of args; no words
// (or only flags) mean "chat".
func lookup(args []string) (*command, []string) {
	if len(args) == 0 || strings.HasPrefix(args[0], "-") {
		return commands["chat"], args
	}
	if len(args) >= 2 {
		if c, ok := commands[args[0]+" "+args[1]]; ok {
			return c, args[2:]
		}
	}
	if c, ok := commands[args[0]]; ok {
		return c, args[1:]
	}
	return nil, nil
}

func overview(w io.Writer) {
	fmt.Fprintln(w, "Noaber: the chat assistant for maatschappelijk aanbesteden (social procurement).")
	fmt.Fprintln(w, "\nUsage: noaber [command] [flags]    (no command: chat in the terminal)")
	fmt.Fprintln(w, "\nCommands:")
	names := make([]string, 0, len(commands))
	for n := range commands {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		fmt.Fprintf(w, "  %-20s %s\n", n, commands[n].short)
	}
	fmt.Fprintln(w, "\nEvery command takes --db PATH and --config FILE, and --help.")
	fmt.Fprintln(w, "Documentation: README.md; configuration keys: config.example.toml.")
}
