package main

import (
	"net"
	"net/http"
	"sync"
	"time"
)

// httpLimits bound what one client can hold on the HTTP and admin
// listeners: a client that sends its headers or body slowly, or keeps
// idle connections open, is cut off, and no more than maxConns
// connections are served at once (further ones wait in the kernel's
// queue). Variables so tests can shorten them.
var httpLimits = struct {
	readHeader, read, idle time.Duration
	maxHeaderBytes         int
	maxConns               int
	// maxWebConns is the cap when the web chat is on: its visitors each
	// keep a connection open (about 40 KB each).
	maxWebConns int
}{
	readHeader:     10 * time.Second,
	read:           30 * time.Second,
	idle:           60 * time.Second,
	maxHeaderBytes: 64 << 10,
	maxConns:       256,
	maxWebConns:    4096,
}

// newHTTPServer is an http.Server with httpLimits. There is no write
// timeout: a backup streamed over the admin listener may take long.
func newHTTPServer(h http.Handler) *http.Server {
	return &http.Server{
		Handler:           h,
		ReadHeaderTimeout: httpLimits.readHeader,
		ReadTimeout:       httpLimits.read,
		IdleTimeout:       httpLimits.idle,
		MaxHeaderBytes:    httpLimits.maxHeaderBytes,
	}
}

// httpConnCap is the public listener's connection cap. Every web chat
// visitor holds a connection (a WebSocket or a long poll), so with the
// chat on the cap must fit them; the chat's own per-address limits keep
// one client from taking them all.
func httpConnCap(webChat bool) int {
	if webChat {
		return max(httpLimits.maxConns, httpLimits.maxWebConns)
	}
	return httpLimits.maxConns
}

// limitListener accepts at most n connections at a time.
func limitListener(ln net.Listener, n int) net.Listener {
	return &limited{Listener: ln, sem: make(chan struct{}, n)}
}

type limited struct {
	net.Listener
	sem chan struct{}
}

func (l *limited) Accept() (net.Conn, error) {
	l.sem <- struct{}{}
	c, err := l.Listener.Accept()
	if err != nil {
		<-l.sem
		return nil, err
	}
	return &limitedConn{Conn: c, release: func() { <-l.sem }}, nil
}

type limitedConn struct {
	net.Conn
	once    sync.Once
	release func()
}

func (c *limitedConn) Close() error {
	err := c.Conn.Close()
	c.once.Do(c.release)
	return err
}
