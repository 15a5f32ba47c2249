package cluster

import (
	"fmt"
	"strings"
	"time"

	"go.etcd.io/etcd/client/pkg/v3/transport"
	clientv3 "go.etcd.io/etcd/client/v3"
	"go.uber.org/zap"

	"github.com/noaber/noaber/bot/store"
)

// Connect opens a client to the etcd cluster the store is configured for
// (endpoints and TLS files of [store]), for the election. The election
// key lives under the store's prefix: PrefixFor.
func Connect(o store.EtcdOptions) (*Client, error) {
	if len(o.Endpoints) == 0 {
		return nil, fmt.Errorf("cluster: no etcd endpoints configured")
	}
	timeout := o.DialTimeout
	if timeout == 0 {
		timeout = 5 * time.Second
	}
	cfg := clientv3.Config{Endpoints: o.Endpoints, DialTimeout: timeout, Logger: zap.NewNop()}
	if o.CertFile != "" || o.CAFile != "" {
		tc, err := (transport.TLSInfo{CertFile: o.CertFile, KeyFile: o.KeyFile, TrustedCAFile: o.CAFile}).ClientConfig()
		if err != nil {
			return nil, fmt.Errorf("cluster: etcd TLS files: %w", err)
		}
		cfg.TLS = tc
	}
	c, err := clientv3.New(cfg)
	if err != nil {
		return nil, fmt.Errorf("cluster: connect to %s: %w", strings.Join(o.Endpoints, ","), err)
	}
	return c, nil
}

// PrefixFor is the election's key prefix for a store prefix: its keys sit
// next to the store's, so deployments sharing a cluster elect apart.
func PrefixFor(storePrefix string) string {
	if storePrefix == "" {
		storePrefix = store.DefaultEtcdPrefix
	}
	if !strings.HasSuffix(storePrefix, "/") {
		storePrefix += "/"
	}
	return storePrefix + "leader"
}
