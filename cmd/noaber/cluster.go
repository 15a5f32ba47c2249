package main

import (
	"fmt"
	"os"

	"github.com/noaber/noaber/bot/cluster"
	"github.com/noaber/noaber/bot/store"
)

// setupCluster makes a serve instance take part in the leader election
// when the store is on etcd. With bbolt it always leads (a.elector stays
// nil). The election has its own etcd client, closed with the app.
func (a *app) setupCluster() error {
	if !a.cfg.Store.Etcd() {
		return nil
	}
	o := a.cfg.Store.Options(store.Options{}).Etcd
	c, err := cluster.Connect(o)
	if err != nil {
		return err
	}
	a.closers = append(a.closers, c.Close)
	return a.joinElection(c, cluster.PrefixFor(o.Prefix))
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
