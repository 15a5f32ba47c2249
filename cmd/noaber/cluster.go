package main

import (
	"fmt"
	"os"

	"github.com/noaber/noaber/bot/cluster"
	"github.com/noaber/noaber/bot/store"
)

// etcdClientOf is the etcd client of a store on the etcd backend, nil on
// bbolt. The election shares the store's client and key prefix.
var etcdClientOf = func(db *store.DB) (c *cluster.Client, prefix string) { return nil, "" }

// setupCluster makes this instance take part in the leader election when
// the store is on etcd (with bbolt it always leads: a.elector stays nil).
func (a *app) setupCluster() error {
	c, prefix := etcdClientOf(a.db)
	if c == nil {
		return nil
	}
	return a.joinElection(c, prefix)
}

// joinElection sets a.elector up on client under the key prefix.
func (a *app) joinElection(c *cluster.Client, prefix string) error {
	name := a.cfg.Cluster.Name
	if name == "" {
		host, _ := os.Hostname()
		name = fmt.Sprintf("%s:%d", host, os.Getpid())
	}
	el, err := cluster.New(cluster.Config{Client: c, Prefix: prefix + "leader", Name: name,
		TTL: a.cfg.Cluster.LeaseTTL(), Log: a.log})
	if err != nil {
		return err
	}
	a.elector = el
	return nil
}
