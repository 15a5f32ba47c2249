package main

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"net/url"
	"strings"

	"github.com/noaber/noaber/bot"
	"github.com/noaber/noaber/bot/privacy"
	"github.com/noaber/noaber/bot/store"
)

func init() {
	register(&command{name: "privacy export", args: "--user ID [--out FILE] [--db PATH] [--config FILE]",
		short: "print everything stored about a user as JSON (data-subject access request)", run: runPrivacyExport})
	register(&command{name: "privacy erase", args: "--user ID [--yes] [--db PATH] [--config FILE]",
		short: "erase everything stored about a user (right to erasure)", run: runPrivacyErase})
}

// privacyOps is export and erase, either on the file (bot stopped) or
// through the running bot's admin listener.
type privacyOps struct {
	export func(user string) (*privacy.Report, error) // nil report: nothing stored
	erase  func(user string) ([]privacy.Count, error)
	close  func()
}

// openPrivacy picks the way in: the file when it is free, else the running
// bot that holds it.
func openPrivacy(e *env) (*privacyOps, error) {
	cfg, err := e.Config()
	if err != nil {
		return nil, err
	}
	path := cfg.DBPath()
	var db *store.DB
	if !cfg.Store.Etcd() {
		db, err = openIdle(path)
	}
	switch {
	case cfg.Store.Etcd() || err == nil:
		// On etcd there is no lock: open it alongside the running bots.
		if db != nil {
			db.Close()
		}
		a, err := newApp(cfg, newLogger(cfg, e.Stderr, slog.LevelWarn), testClock)
		if err != nil {
			return nil, err
		}
		holders := privacy.Holders(a.router.Capabilities())
		return &privacyOps{
			export: func(user string) (*privacy.Report, error) {
				rep, err := privacy.Export(a.db, holders, a.roles, user, a.clock.Now())
				if err != nil || rep.Empty() {
					return nil, err
				}
				return rep, nil
			},
			erase: func(user string) ([]privacy.Count, error) { return privacy.Erase(a.db, holders, a.roles, user) },
			close: func() { a.Close() },
		}, nil
	case errors.Is(err, store.ErrInUse):
		return &privacyOps{
			export: func(user string) (*privacy.Report, error) {
				resp, err := adminCall(path, "/admin/privacy/export?user="+url.QueryEscape(user))
				if err != nil {
					return nil, err
				}
				defer resp.Body.Close()
				if resp.StatusCode == 204 {
					return nil, nil
				}
				var rep privacy.Report
				if err := json.NewDecoder(resp.Body).Decode(&rep); err != nil {
					return nil, fmt.Errorf("read export from the running bot: %w", err)
				}
				return &rep, nil
			},
			erase: func(user string) ([]privacy.Count, error) {
				resp, err := adminCall(path, "/admin/privacy/erase?user="+url.QueryEscape(user))
				if err != nil {
					return nil, err
				}
				defer resp.Body.Close()
				var counts []privacy.Count
				if err := json.NewDecoder(resp.Body).Decode(&counts); err != nil {
					return nil, fmt.Errorf("read erase result from the running bot: %w", err)
				}
				return counts, nil
			},
			close: func() {},
		}, nil
	}
	return nil, err
}

func userFlag(e *env) *string {
	return e.Flags.String("user", "", "platform-scoped user `ID`, e.g. discord:1234 or mattermost:abcd")
}

func checkUser(user string) error {
	if !plausibleUserID(user) {
		return usagef("--user must be a platform-scoped id such as discord:1234 (got %q)", user)
	}
	return nil
}

func runPrivacyExport(ctx context.Context, e *env) error {
	user := userFlag(e)
	out := e.Flags.String("out", "", "write the JSON to `FILE` (mode 0600) instead of standard output")
	if pos, err := e.Parse(); err != nil {
		return err
	} else if len(pos) > 0 {
		return usagef("unexpected %q", pos[0])
	}
	if err := checkUser(*user); err != nil {
		return err
	}
	ops, err := openPrivacy(e)
	if err != nil {
		return err
	}
	defer ops.close()
	rep, err := ops.export(*user)
	if err != nil {
		return err
	}
	if rep == nil {
		fmt.Fprintf(e.Stderr, "noaber holds nothing about %s\n", *user)
		return nil
	}
	data, err := json.MarshalIndent(rep, "", "  ")
	if err != nil {
		return err
	}
	data = append(data, '\n')
	if *out != "" {
		if err := writeFileAtomic(*out, data, 0o600); err != nil {
			return err
		}
		fmt.Fprintf(e.Stderr, "%d records about %s written to %s\n", privacy.Total(rep.Counts()), *user, *out)
		return nil
	}
	_, err = e.Stdout.Write(data)
	return err
}

func runPrivacyErase(ctx context.Context, e *env) error {
	user := userFlag(e)
	yes := e.Flags.Bool("yes", false, "erase without asking for confirmation")
	if pos, err := e.Parse(); err != nil {
		return err
	} else if len(pos) > 0 {
		return usagef("unexpected %q", pos[0])
	}
	if err := checkUser(*user); err != nil {
		return err
	}
	ops, err := openPrivacy(e)
	if err != nil {
		return err
	}
	defer ops.close()
	if !*yes {
		rep, err := ops.export(*user)
		if err != nil {
			return err
		}
		if rep == nil {
			fmt.Fprintf(e.Stdout, "noaber holds nothing about %s; nothing to erase\n", *user)
			return nil
		}
		fmt.Fprintf(e.Stdout, "stored about %s:\n%s", *user, countLines(rep.Counts()))
		fmt.Fprint(e.Stdout, "erase all of this? sign-ups free their places and promote the waitlist. type yes: ")
		line, _ := bufio.NewReader(e.Stdin).ReadString('\n')
		if a := strings.ToLower(strings.TrimSpace(line)); a != "yes" && a != "ja" {
			fmt.Fprintln(e.Stdout, "\nnothing erased")
			return nil
		}
	}
	counts, err := ops.erase(*user)
	if err != nil {
		return err
	}
	if len(counts) == 0 {
		fmt.Fprintf(e.Stdout, "noaber held nothing about %s; nothing erased\n", *user)
		return nil
	}
	fmt.Fprintf(e.Stdout, "erased %d records about %s:\n%s", privacy.Total(counts), *user, countLines(counts))
	return nil
}

func countLines(counts []privacy.Count) string {
	var b strings.Builder
	for _, c := range counts {
		fmt.Fprintf(&b, "  %-40s %d\n", privacy.KindLabel(bot.EN, c.Kind)+" ("+c.Kind+")", c.N)
	}
	return b.String()
}
