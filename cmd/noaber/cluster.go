package main

import (
	"context"
	"fmt"
	"os"
	"time"

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

// leaderRuns reports whether a leader holds the election on this store's
// etcd now (false on bbolt, and when etcd cannot tell: then this process
// does the work itself).
func (a *app) leaderRuns() bool {
	c := a.db.EtcdClient()
	if c == nil {
		return false
	}
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
	defer cancel()
	ok, err := cluster.HasLeader(ctx, c, cluster.PrefixFor(a.db.EtcdPrefix()))
	return err == nil && ok
}
