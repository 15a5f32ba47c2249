package cluster

import (
	"strings"

	"github.com/noaber/noaber/bot/store"
)

// PrefixFor is the election's key prefix for a store prefix: its keys sit
// next to the store's (outside the store's own ranges), so deployments
// sharing a cluster elect apart. The wiring passes the store's etcd client
// (store.DB.EtcdClient) as Config.Client.
func PrefixFor(storePrefix string) string {
	if storePrefix == "" {
		storePrefix = store.DefaultEtcdPrefix
	}
	if !strings.HasSuffix(storePrefix, "/") {
		storePrefix += "/"
	}
	return storePrefix + "leader"
}
