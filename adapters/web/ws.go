package web

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"time"

	"github.com/coder/websocket"
)

// pingEvery keeps idle connections alive through proxies (nginx closes a
// silent proxied connection after 60 s by default).
const pingEvery = 30 * time.Second

// openConn counts a WebSocket against its client address; false when the
// address has too many open.
func (a *Adapter) openConn(ip string) bool {
	a.mu.Lock()
	defer a.mu.Unlock()
	if a.connsIP[ip] >= a.cfg.ConnectionsPerIP {
		return false
	}
	a.connsIP[ip]++
	return true
}

func (a *Adapter) closeConn(ip string) {
	a.mu.Lock()
	defer a.mu.Unlock()
	if a.connsIP[ip]--; a.connsIP[ip] <= 0 {
		delete(a.connsIP, ip)
	}
}

// serveWS runs one visitor's WebSocket: a reader that hands frames to the
// bot, and this goroutine, which sends whatever changes in the visitor's
// history (whichever tab or the outbox caused it).
func (a *Adapter) serveWS(w http.ResponseWriter, r *http.Request) {
	v := a.admit(w, r, "websocket", true)
	if v == nil {
		return
	}
	ip := a.clientIP(r)
	if !a.openConn(ip) {
		a.refuse(w, http.StatusTooManyRequests, a.lang, errRate)
		return
	}
	defer a.closeConn(ip)
	// The Origin was checked above, against the configured origins.
	c, err := websocket.Accept(w, r, &websocket.AcceptOptions{InsecureSkipVerify: true})
	if err != nil {
		return
	}
	defer c.CloseNow()
	// Frames up to MaxMessageBytes are read; larger ones up to four times
	// that are refused with an explanation and the connection stays; beyond
	// that the library closes it (status 1009).
	c.SetReadLimit(int64(a.cfg.MaxMessageBytes)*4 + 1024)

	a.arrive(v, true)
	defer func() {
		v.mu.Lock()
		v.conns--
		v.seen = a.clock.Now()
		v.mu.Unlock()
	}()

	ctx, cancel := context.WithCancel(r.Context())
	defer cancel()
	go a.readLoop(ctx, cancel, c, v, ip)

	epoch, after := resumeFrom(r)
	sentTyping := false
	ping := time.NewTicker(pingEvery)
	defer ping.Stop()
	for {
		frames, e2, a2, typing, _, wait := v.since(epoch, after)
		for _, f := range frames {
			if writeFrame(ctx, c, f) != nil {
				return
			}
		}
		if typing != sentTyping {
			on := typing
			if writeFrame(ctx, c, outFrame{Type: "typing", On: &on}) != nil {
				return
			}
			sentTyping = typing
		}
		epoch, after = e2, a2
		select {
		case <-wait:
		case <-ping.C:
			pctx, pcancel := context.WithTimeout(ctx, 10*time.Second)
			err := c.Ping(pctx)
			pcancel()
			if err != nil {
				return
			}
		case <-ctx.Done():
			return
		case <-a.closing:
			c.Close(websocket.StatusGoingAway, "server stopping")
			return
		}
	}
}

// readLoop reads frames until the connection ends. A frame that is too
// large or not understood gets an error frame; the connection stays.
func (a *Adapter) readLoop(ctx context.Context, cancel func(), c *websocket.Conn, v *visitor, ip string) {
	defer cancel()
	for {
		typ, data, err := c.Read(ctx)
		if err != nil {
			var ce websocket.CloseError
			if errors.As(err, &ce) && ce.Code == websocket.StatusMessageTooBig {
				a.log.Debug("websocket frame beyond the hard limit; closed")
			}
			return
		}
		var f inFrame
		code := errMalformed
		if typ == websocket.MessageText {
			var reason error
			f, code, reason = parseFrame(data, a.cfg.MaxMessageBytes)
			if code != "" {
				a.log.Debug("chat frame refused", "code", code, "reason", reason)
			}
		}
		if code != "" {
			if writeFrame(ctx, c, a.errFrame(a.langOf(v), code)) != nil {
				return
			}
			continue
		}
		if ef := a.handle(ctx, v, ip, f); ef != nil {
			if writeFrame(ctx, c, *ef) != nil {
				return
			}
		}
	}
}

func writeFrame(ctx context.Context, c *websocket.Conn, f outFrame) error {
	b, err := json.Marshal(f)
	if err != nil {
		return err
	}
	wctx, cancel := context.WithTimeout(ctx, 10*time.Second)
	defer cancel()
	return c.Write(wctx, websocket.MessageText, b)
}
