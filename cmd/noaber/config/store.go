package config

import (
	"fmt"
	"net/url"
	"os"

	"github.com/noaber/noaber/bot/store"
	"github.com/noaber/noaber/units"
)

// Store is the [store] section: where the state lives. The default is the
// one bbolt file of [bot] db; "etcd" keeps it in an etcd cluster, shared by
// several Noaber instances.
type Store struct {
	// Backend is "bbolt" (default) or "etcd".
	Backend string `toml:"backend"`
	// Endpoints are the client URLs of the etcd members (etcd only).
	Endpoints []string `toml:"endpoints"`
	// Prefix is put before every key, so deployments can share a cluster.
	// Empty means "/noaber/".
	Prefix string `toml:"prefix"`
	// CertFile, KeyFile: client certificate; CAFile: the CA of the members'
	// certificates. Empty means plain connections.
	CertFile string `toml:"cert_file"`
	KeyFile  string `toml:"key_file"`
	CAFile   string `toml:"ca_file"`
	// DialTimeout bounds connecting and each request; zero means 5s.
	DialTimeout units.Duration `toml:"dial_timeout"`
	// MaxTxnOps is the cluster's --max-txn-ops (etcd only): the most keys
	// one transaction may write or check. Zero means etcd's default, 128.
	MaxTxnOps int `toml:"max_txn_ops"`
}

// minTxnOps is the least max_txn_ops Noaber works with: a sign-up or a
// message writes a handful of keys and their buckets' version keys.
const minTxnOps = 32

// Etcd reports whether the etcd backend is configured.
func (s Store) Etcd() bool { return s.Backend == store.BackendEtcd }

// Options are the store options for this section, on top of base.
func (s Store) Options(base store.Options) store.Options {
	if !s.Etcd() {
		return base
	}
	base.Backend = store.BackendEtcd
	base.Etcd = store.EtcdOptions{
		Endpoints: s.Endpoints, Prefix: s.Prefix,
		CertFile: s.CertFile, KeyFile: s.KeyFile, CAFile: s.CAFile,
		DialTimeout: s.DialTimeout.Duration, MaxTxnOps: s.MaxTxnOps,
	}
	return base
}

// Validate checks the section.
func (s Store) Validate() error {
	switch s.Backend {
	case "", store.BackendBolt:
		if len(s.Endpoints) > 0 || s.Prefix != "" || s.CertFile != "" || s.KeyFile != "" || s.CAFile != "" || s.MaxTxnOps != 0 {
			return &Error{Key: "store.backend", Msg: "endpoints, prefix, TLS files and max_txn_ops are only used with backend = \"etcd\"; set it, or remove them"}
		}
		return nil
	case store.BackendEtcd:
	default:
		return &Error{Key: "store.backend", Msg: fmt.Sprintf("%q: use \"bbolt\" (one file, the default) or \"etcd\"", s.Backend)}
	}
	if len(s.Endpoints) == 0 {
		return &Error{Key: "store.endpoints", Msg: "backend = \"etcd\" needs the client URLs of the etcd members, e.g. [\"https://etcd1:2379\", \"https://etcd2:2379\", \"https://etcd3:2379\"]"}
	}
	for _, ep := range s.Endpoints {
		u, err := url.Parse(ep)
		if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" || (u.Path != "" && u.Path != "/") {
			return &Error{Key: "store.endpoints", Msg: fmt.Sprintf("%q is not an etcd client URL; write e.g. \"https://etcd1:2379\"", ep)}
		}
	}
	if s.Prefix != "" && s.Prefix[0] != '/' {
		return &Error{Key: "store.prefix", Msg: fmt.Sprintf("%q: start it with a slash, e.g. \"/noaber/\"", s.Prefix)}
	}
	if (s.CertFile == "") != (s.KeyFile == "") {
		return &Error{Key: "store.cert_file", Msg: "cert_file and key_file go together: set both for a client certificate, or neither"}
	}
	for key, f := range map[string]string{"store.cert_file": s.CertFile, "store.key_file": s.KeyFile, "store.ca_file": s.CAFile} {
		if f == "" {
			continue
		}
		if _, err := os.Stat(f); err != nil {
			return &Error{Key: key, Msg: fmt.Sprintf("cannot read %s: %v", f, err)}
		}
	}
	if s.MaxTxnOps < 0 || (s.MaxTxnOps > 0 && s.MaxTxnOps < minTxnOps) {
		return &Error{Key: "store.max_txn_ops", Msg: fmt.Sprintf("%d: use 0 (etcd's default, 128) or the cluster's --max-txn-ops, at least %d", s.MaxTxnOps, minTxnOps)}
	}
	if s.DialTimeout.Duration < 0 {
		return &Error{Key: "store.dial_timeout", Msg: "must be 0 (default \"5s\") or more"}
	}
	return nil
}
