package config

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/noaber/noaber/bot/store"
)

func TestStoreSection(t *testing.T) {
	ca := filepath.Join(t.TempDir(), "ca.pem")
	if err := writeFile(ca, "x"); err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct {
		name, body, key, msg string
	}{
		{"default", ``, "", ""},
		{"bbolt", "[store]\nbackend = \"bbolt\"", "", ""},
		{"etcd", "[store]\nbackend = \"etcd\"\nendpoints = [\"http://127.0.0.1:2379\", \"https://e2:2379\"]\nprefix = \"/town/\"\nca_file = \"" + ca + "\"\ndial_timeout = \"3s\"", "", ""},
		{"unknown backend", "[store]\nbackend = \"redis\"", "store.backend", `"redis": use "bbolt"`},
		{"etcd keys on bbolt", "[store]\nendpoints = [\"http://e1:2379\"]", "store.backend", "only used with backend = \"etcd\""},
		{"no endpoints", "[store]\nbackend = \"etcd\"", "store.endpoints", "needs the client URLs"},
		{"bad endpoint", "[store]\nbackend = \"etcd\"\nendpoints = [\"e1:2379\"]", "store.endpoints", "not an etcd client URL"},
		{"endpoint with path", "[store]\nbackend = \"etcd\"\nendpoints = [\"http://e1:2379/v3\"]", "store.endpoints", "not an etcd client URL"},
		{"relative prefix", "[store]\nbackend = \"etcd\"\nendpoints = [\"http://e1:2379\"]\nprefix = \"noaber\"", "store.prefix", "start it with a slash"},
		{"cert without key", "[store]\nbackend = \"etcd\"\nendpoints = [\"https://e1:2379\"]\ncert_file = \"" + ca + "\"", "store.cert_file", "go together"},
		{"missing ca", "[store]\nbackend = \"etcd\"\nendpoints = [\"https://e1:2379\"]\nca_file = \"/nonexistent/ca.pem\"", "store.ca_file", "cannot read /nonexistent/ca.pem"},
		{"max_txn_ops too small", "[store]\nbackend = \"etcd\"\nendpoints = [\"https://e1:2379\"]\nmax_txn_ops = 10", "store.max_txn_ops", "--max-txn-ops, at least 32"},
		{"negative max_txn_ops", "[store]\nbackend = \"etcd\"\nendpoints = [\"https://e1:2379\"]\nmax_txn_ops = -1", "store.max_txn_ops", "use 0"},
		{"max_txn_ops on bbolt", "[store]\nmax_txn_ops = 512", "store.backend", "max_txn_ops are only used with backend = \"etcd\""},
		{"negative timeout", "[store]\nbackend = \"etcd\"\nendpoints = [\"https://e1:2379\"]\ndial_timeout = \"-1s\"", "store.dial_timeout", "must be 0"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			c, err := Load(write(t, tt.body))
			if tt.key == "" {
				if err != nil {
					t.Fatal(err)
				}
				return
			}
			var ce *Error
			if !errors.As(err, &ce) || ce.Key != tt.key || !strings.Contains(ce.Msg, tt.msg) {
				t.Fatalf("error %v (%#v), want key %s with %q", err, ce, tt.key, tt.msg)
			}
			_ = c
		})
	}
}

func TestStoreOptions(t *testing.T) {
	c, err := Load(write(t, "[store]\nbackend = \"etcd\"\nendpoints = [\"http://e1:2379\"]\nprefix = \"/town/\"\ndial_timeout = \"3s\"\nmax_txn_ops = 512"))
	if err != nil {
		t.Fatal(err)
	}
	o := c.Store.Options(store.Options{ReadOnly: true})
	if o.Backend != store.BackendEtcd || !o.ReadOnly || o.Etcd.Prefix != "/town/" || o.Etcd.DialTimeout != 3*time.Second || o.Etcd.Endpoints[0] != "http://e1:2379" ||
		o.Etcd.MaxTxnOps != 512 {
		t.Errorf("options %+v", o)
	}
	d, _ := Load("")
	if o := d.Store.Options(store.Options{Timeout: time.Second}); o.Backend != "" || o.Timeout != time.Second {
		t.Errorf("default options %+v", o)
	}
}

func writeFile(path, body string) error { return os.WriteFile(path, []byte(body), 0o600) }
