package main

import (
	"context"
	"fmt"
	"runtime/debug"
)

func init() {
	register(&command{name: "version", short: "show the version and commit", run: runVersion})
}

func runVersion(ctx context.Context, e *env) error {
	if _, err := e.Parse(); err != nil {
		return err
	}
	fmt.Fprintln(e.Stdout, versionString())
	return nil
}

// versionString is the module version and, when built from a checkout, the
// commit and whether the tree was modified.
func versionString() string {
	info, ok := debug.ReadBuildInfo()
	if !ok {
		return "noaber (unknown version)"
	}
	v := info.Main.Version
	if v == "" {
		v = "(devel)"
	}
	var rev, modified string
	for _, s := range info.Settings {
		switch s.Key {
		case "vcs.revision":
			rev = s.Value
		case "vcs.modified":
			if s.Value == "true" {
				modified = "+dirty"
			}
		}
	}
	if len(rev) > 12 {
		rev = rev[:12]
	}
	out := "noaber " + v
	if rev != "" {
		out += " commit " + rev + modified
	}
	return out + " " + info.GoVersion
}
