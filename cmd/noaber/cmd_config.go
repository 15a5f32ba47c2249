package main

import (
	"context"
	"fmt"

	"github.com/noaber/noaber/cmd/noaber/config"
)

func init() {
	register(&command{name: "config check", args: "FILE", short: "validate a configuration file; exits non-zero naming the key at fault", run: runConfigCheck})
}

func runConfigCheck(ctx context.Context, e *env) error {
	pos, err := e.Parse()
	if err != nil {
		return err
	}
	path := e.configPath
	if len(pos) == 1 {
		path = pos[0]
	}
	if path == "" || len(pos) > 1 {
		return usagef("name one configuration file")
	}
	cfg, err := config.Load(path)
	if err != nil {
		return err
	}
	for _, w := range config.Warnings(cfg) {
		fmt.Fprintf(e.Stderr, "warning: %s\n", w)
	}
	if w := config.PermissionWarning(path); w != "" {
		fmt.Fprintf(e.Stderr, "warning: %s\n", w)
	}
	fmt.Fprintf(e.Stdout, "%s: ok\n", path)
	return nil
}
