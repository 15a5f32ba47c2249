package main

import (
	"crypto/rand"
	"crypto/subtle"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"strings"

	"github.com/noaber/noaber/bot/privacy"
)

// The admin listener lets operator commands reach a running bot, which
// holds the database file's lock. It listens on loopback only (config
// admin.listen, default 127.0.0.1 on a free port) and checks a bearer token
// that the process creates at start and writes, with the address, to
// "<db>.admin" (mode 0600) next to the database. Whoever can read that file
// can read the database itself, so the token grants nothing new; a local
// user without access to the data directory cannot use the endpoints even
// though the port is reachable. The file is removed at shutdown.
//
//	POST /admin/backup                     → the database, from one read transaction
//	POST /admin/privacy/export?user=ID     → the user's data as JSON (204 when none)
//	POST /admin/privacy/erase?user=ID      → what was removed, as JSON counts

// adminInfo is the content of the "<db>.admin" file.
type adminInfo struct {
	Addr  string `json:"addr"`
	Token string `json:"token"`
	PID   int    `json:"pid"`
}

// adminFile is where a running process leaves its admin address and token.
func adminFile(dbPath string) string { return dbPath + ".admin" }

// serveAdmin starts the admin listener and writes the admin file; stop
// shuts both down.
func (a *app) serveAdmin(addr string) (stop func(), err error) {
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return nil, fmt.Errorf("admin listener on %s: %w (set admin.listen to a free loopback address, or \"off\")", addr, err)
	}
	raw := make([]byte, 32)
	if _, err := rand.Read(raw); err != nil {
		ln.Close()
		return nil, err
	}
	info := adminInfo{Addr: ln.Addr().String(), Token: base64.RawURLEncoding.EncodeToString(raw), PID: os.Getpid()}
	data, _ := json.Marshal(info)
	path := adminFile(a.cfg.DBPath()) // next to the file, or where it would be on etcd
	if err := writeFileAtomic(path, data, 0o600); err != nil {
		// A read-only or full data directory must not stop the bot: only
		// the operator commands that reach a running bot go without.
		ln.Close()
		a.log.Warn("admin listener off: its file cannot be written; backup and privacy commands need the bot stopped meanwhile (make the data directory writable, or set admin.listen = \"off\" to silence this)",
			"file", path, "err", err)
		return func() {}, nil
	}
	srv := newHTTPServer(a.adminHandler(info.Token))
	go func() {
		if err := srv.Serve(limitListener(ln, httpLimits.maxConns)); err != nil && !errors.Is(err, http.ErrServerClosed) {
			a.log.Error("admin listener stopped", "err", err)
		}
	}()
	a.log.Info("admin listener", "addr", info.Addr)
	return func() {
		_ = srv.Close()
		// Only remove the file if it is still ours (a second process
		// refused by the lock never gets here).
		if cur, err := os.ReadFile(path); err == nil && string(cur) == string(data) {
			_ = os.Remove(path)
		}
	}, nil
}

// adminHandler serves the admin endpoints behind the loopback and token
// checks.
func (a *app) adminHandler(token string) http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("POST /admin/backup", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/octet-stream")
		if _, err := a.db.WriteTo(w); err != nil {
			// The status is sent; a broken chunked stream tells the client.
			a.log.Error("backup over admin listener", "err", err)
			panic(http.ErrAbortHandler)
		}
		a.log.Info("backup streamed to operator")
	})
	mux.HandleFunc("POST /admin/privacy/export", func(w http.ResponseWriter, r *http.Request) {
		user := r.URL.Query().Get("user")
		if !plausibleUserID(user) {
			http.Error(w, "user must be a platform-scoped id such as discord:1234", http.StatusBadRequest)
			return
		}
		rep, err := privacy.Export(a.db, privacy.Holders(a.dataCapabilities()), a.roles, user, a.clock.Now())
		if err != nil {
			a.log.Error("privacy export", "err", err)
			http.Error(w, "export failed; see the bot's log", http.StatusInternalServerError)
			return
		}
		a.log.Info("privacy export by operator", "records", privacy.Total(rep.Counts()))
		if rep.Empty() {
			w.WriteHeader(http.StatusNoContent)
			return
		}
		w.Header().Set("Content-Type", "application/json")
		enc := json.NewEncoder(w)
		enc.SetIndent("", "  ")
		_ = enc.Encode(rep)
	})
	mux.HandleFunc("POST /admin/privacy/erase", func(w http.ResponseWriter, r *http.Request) {
		user := r.URL.Query().Get("user")
		if !plausibleUserID(user) {
			http.Error(w, "user must be a platform-scoped id such as discord:1234", http.StatusBadRequest)
			return
		}
		counts, err := privacy.Erase(a.db, privacy.Holders(a.dataCapabilities()), a.roles, user)
		if err != nil {
			a.log.Error("privacy erase", "err", err)
			http.Error(w, "erase failed, nothing was removed; see the bot's log", http.StatusInternalServerError)
			return
		}
		a.log.Info("privacy erase by operator", "records", privacy.Total(counts))
		w.Header().Set("Content-Type", "application/json")
		_ = json.NewEncoder(w).Encode(counts)
	})
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if !fromLoopback(r.RemoteAddr) {
			http.Error(w, "admin endpoints answer loopback only", http.StatusForbidden)
			return
		}
		got, ok := strings.CutPrefix(r.Header.Get("Authorization"), "Bearer ")
		if !ok || subtle.ConstantTimeCompare([]byte(got), []byte(token)) != 1 {
			http.Error(w, "missing or wrong admin token", http.StatusUnauthorized)
			return
		}
		mux.ServeHTTP(w, r)
	})
}

func fromLoopback(remote string) bool {
	host, _, err := net.SplitHostPort(remote)
	if err != nil {
		return false
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

// plausibleUserID accepts "platform:id" without white space.
func plausibleUserID(s string) bool {
	p, rest, ok := strings.Cut(s, ":")
	return ok && p != "" && rest != "" && len(s) <= 256 && !strings.ContainsAny(s, " \t\r\n")
}

// errNoAdmin means the database is locked and no admin listener answers.
var errNoAdmin = errors.New("the database is in use by a running noaber that has no admin listener (admin.listen = \"off\", or it is an older version); stop it first, or enable admin.listen")

// adminCall sends a POST to the admin listener of the process that holds
// dbPath and returns the response, whose body the caller must close. A
// status other than 200 or 204 is returned as an error with the body text.
func adminCall(dbPath, path string) (*http.Response, error) {
	data, err := os.ReadFile(adminFile(dbPath))
	if errors.Is(err, os.ErrNotExist) {
		return nil, errNoAdmin
	}
	if err != nil {
		return nil, fmt.Errorf("read admin file: %w", err)
	}
	var info adminInfo
	if err := json.Unmarshal(data, &info); err != nil || info.Addr == "" || info.Token == "" {
		return nil, fmt.Errorf("admin file %s is damaged; restart noaber", adminFile(dbPath))
	}
	host, port, err := net.SplitHostPort(info.Addr)
	if err != nil {
		return nil, fmt.Errorf("admin file %s: bad address %q", adminFile(dbPath), info.Addr)
	}
	if ip := net.ParseIP(host); ip == nil || ip.IsUnspecified() {
		host = "127.0.0.1"
	}
	req, err := http.NewRequest(http.MethodPost, "http://"+net.JoinHostPort(host, port)+path, nil)
	if err != nil {
		return nil, err
	}
	req.Header.Set("Authorization", "Bearer "+info.Token)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return nil, fmt.Errorf("the database is in use, and its process does not answer on its admin listener %s (%v); is it still starting or stopping?", info.Addr, err)
	}
	if resp.StatusCode != http.StatusOK && resp.StatusCode != http.StatusNoContent {
		body, _ := io.ReadAll(io.LimitReader(resp.Body, 4096))
		resp.Body.Close()
		return nil, fmt.Errorf("running noaber refused: %s: %s", resp.Status, strings.TrimSpace(string(body)))
	}
	return resp, nil
}
