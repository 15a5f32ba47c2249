package discord

import (
	"context"
	"crypto/tls"
	"errors"
	"net"
	"sync"
)

// discordgo retries a refused gateway connection for ever (its backoff
// grows to ten minutes) and tells its handlers only "disconnected", never
// the close code. A token revoked while the bot runs (4004) or an intent
// taken away (4014) would leave /readyz saying "reconnecting". So the
// adapter dials the gateway itself and reads the server's websocket frames
// as they pass: a close frame with a fatal code stops the adapter.

// errStopped is what a dial returns once the adapter stopped for good.
var errStopped = errors.New("discord adapter stopped: gateway refused the bot")

// fatalClose reports whether a gateway close code means retrying cannot
// help: 4004 authentication failed, 4010 invalid shard, 4011 sharding
// required, 4012 invalid API version, 4013 invalid intents, 4014
// disallowed intents.
func fatalClose(code int) bool { return code == 4004 || code >= 4010 && code <= 4014 }

// gatewayDialer dials gateway connections through closeWatchers and
// refuses to dial once stopped.
type gatewayDialer struct {
	mu      sync.Mutex
	stopped bool
	onClose func(code int)
}

func (d *gatewayDialer) stop() {
	d.mu.Lock()
	d.stopped = true
	d.mu.Unlock()
}

func (d *gatewayDialer) isStopped() bool {
	d.mu.Lock()
	defer d.mu.Unlock()
	return d.stopped
}

func (d *gatewayDialer) dial(ctx context.Context, network, addr string) (net.Conn, error) {
	d.mu.Lock()
	stopped := d.stopped
	d.mu.Unlock()
	if stopped {
		return nil, errStopped
	}
	c, err := (&net.Dialer{}).DialContext(ctx, network, addr)
	if err != nil {
		return nil, err
	}
	return &closeWatcher{Conn: c, onClose: d.onClose}, nil
}

func (d *gatewayDialer) dialTLS(ctx context.Context, network, addr string) (net.Conn, error) {
	d.mu.Lock()
	stopped := d.stopped
	d.mu.Unlock()
	if stopped {
		return nil, errStopped
	}
	raw, err := (&net.Dialer{}).DialContext(ctx, network, addr)
	if err != nil {
		return nil, err
	}
	host, _, _ := net.SplitHostPort(addr)
	c := tls.Client(raw, &tls.Config{ServerName: host, MinVersion: tls.VersionTLS12})
	if err := c.HandshakeContext(ctx); err != nil {
		raw.Close()
		return nil, err
	}
	return &closeWatcher{Conn: c, onClose: d.onClose}, nil
}

// closeWatcher passes a connection's bytes through unchanged and parses
// what the server sends: the HTTP upgrade answer, then websocket frames,
// reporting the code of a close frame.
type closeWatcher struct {
	net.Conn
	onClose func(code int)

	upgraded bool
	tail     []byte // the last bytes of the HTTP answer seen so far
	hdr      []byte // the frame header read so far
	skip     uint64 // payload bytes of the current frame still to come
	isClose  bool
	code     []byte
}

func (w *closeWatcher) Read(p []byte) (int, error) {
	n, err := w.Conn.Read(p)
	if n > 0 {
		w.feed(p[:n])
	}
	return n, err
}

func (w *closeWatcher) feed(p []byte) {
	if !w.upgraded {
		buf := append(w.tail, p...)
		i := indexCRLF2(buf)
		if i < 0 {
			w.tail = append([]byte(nil), buf[max(0, len(buf)-3):]...)
			return
		}
		w.upgraded = true
		p = buf[i+4:]
		w.tail = nil
	}
	for len(p) > 0 {
		if w.skip > 0 {
			n := min(uint64(len(p)), w.skip)
			if w.isClose && len(w.code) < 2 {
				take := min(int(n), 2-len(w.code))
				w.code = append(w.code, p[:take]...)
				if len(w.code) == 2 && w.onClose != nil {
					w.onClose(int(w.code[0])<<8 | int(w.code[1]))
				}
			}
			p = p[n:]
			w.skip -= n
			continue
		}
		w.hdr = append(w.hdr, p[0])
		p = p[1:]
		need := frameHeaderLen(w.hdr)
		if need == 0 || len(w.hdr) < need {
			continue
		}
		w.isClose = w.hdr[0]&0x0f == 8
		w.code = w.code[:0]
		w.skip = payloadLen(w.hdr)
		w.hdr = w.hdr[:0]
	}
}

func indexCRLF2(b []byte) int {
	for i := 0; i+3 < len(b); i++ {
		if b[i] == '\r' && b[i+1] == '\n' && b[i+2] == '\r' && b[i+3] == '\n' {
			return i
		}
	}
	return -1
}

// frameHeaderLen is the length of a websocket frame header starting with
// h, or 0 while fewer than two bytes are known.
func frameHeaderLen(h []byte) int {
	if len(h) < 2 {
		return 0
	}
	n := 2
	switch h[1] & 0x7f {
	case 126:
		n += 2
	case 127:
		n += 8
	}
	if h[1]&0x80 != 0 {
		n += 4 // masked (never from a server, but skip it right)
	}
	return n
}

func payloadLen(h []byte) uint64 {
	switch l := h[1] & 0x7f; l {
	case 126:
		return uint64(h[2])<<8 | uint64(h[3])
	case 127:
		var n uint64
		for _, b := range h[2:10] {
			n = n<<8 | uint64(b)
		}
		return n
	default:
		return uint64(l)
	}
}
