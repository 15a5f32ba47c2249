package main

import (
	"fmt"
	"os"

	"github.com/noaber/noaber/bot/cluster"
)

// setupCluster makes a serve instance take part in the leader election
// when the store is on etcd. With bbolt it always leads (a.elector stays
// nil). The election shares the store's etcd client and key prefix.
func (a *app) setupCluster() error {
	c := a.db.EtcdClient()
	if c == nil {
		return nil
	}
	return a.joinElection(c, cluster.PrefixFor(a.db.EtcdPrefix()))
}

// joinElection sets a.elector up on client with the election key prefix.
func (a *app) joinElection(c *cluster.Client, prefix string) error {
	name := a.cfg.Cluster.Name
	if name == "" {
		host, _ := os.Hostname()
		name = fmt.Sprintf("%s:%d", host, os.Getpid())
	}
	el, err := cluster.New(cluster.Config{Client: c, Prefix: prefix, Name: name,
		TTL: a.cfg.Cluster.LeaseTTL(), Log: a.log})
	if err != nil {
		return err
	}
	a.elector = el
	return nil
}
