package main

import (
	"io"
	"net"
	"net/http"
	"os"
	"strings"
	"testing"
	"time"
)

// serveTest serves h with httpLimits (shortened) on a loopback port.
func serveTest(t *testing.T, h http.Handler, adjust ...func()) string {
	t.Helper()
	old := httpLimits
	t.Cleanup(func() { httpLimits = old })
	httpLimits.readHeader, httpLimits.read, httpLimits.idle = 300*time.Millisecond, 500*time.Millisecond, 300*time.Millisecond
	httpLimits.maxConns = 3
	for _, f := range adjust {
		f()
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	srv := newHTTPServer(h)
	go srv.Serve(limitListener(ln, httpLimits.maxConns))
	t.Cleanup(func() { srv.Close() })
	return ln.Addr().String()
}

// closedWithin reports whether the server closes c within d.
func closedWithin(c net.Conn, d time.Duration) bool {
	c.SetReadDeadline(time.Now().Add(d))
	_, err := io.ReadAll(c)
	return err == nil // EOF: closed by the server; a timeout is an error
}

// TestHTTPListenerCutsSlowAndIdleClients: a client that never finishes
// its headers, one that trickles its body, and an idle keep-alive
// connection are each closed by the server, so a few hundred of them
// cannot hold the listener.
func TestHTTPListenerCutsSlowAndIdleClients(t *testing.T) {
	addr := serveTest(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		io.Copy(io.Discard, r.Body)
		io.WriteString(w, "ok")
	}))
	dial := func() net.Conn {
		c, err := net.Dial("tcp", addr)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { c.Close() })
		return c
	}
	slowHeader := dial()
	io.WriteString(slowHeader, "GET / HTTP/1.1\r\nHost: x\r\n")
	if !closedWithin(slowHeader, 5*time.Second) {
		t.Error("a client that never finished its headers kept its connection")
	}
	slowBody := dial()
	io.WriteString(slowBody, "POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 1000\r\n\r\nab")
	if !closedWithin(slowBody, 5*time.Second) {
		t.Error("a client trickling its body kept its connection")
	}
	idle := dial()
	io.WriteString(idle, "GET / HTTP/1.1\r\nHost: x\r\n\r\n")
	buf := make([]byte, 512)
	idle.SetReadDeadline(time.Now().Add(5 * time.Second))
	if n, _ := idle.Read(buf); !strings.Contains(string(buf[:n]), "200 OK") {
		t.Fatalf("no answer: %q", buf[:n])
	}
	if !closedWithin(idle, 5*time.Second) {
		t.Error("an idle keep-alive connection was kept")
	}
}

// TestHTTPListenerCapsConnections: beyond the cap, a new connection is
// not served until one of the others goes away.
func TestHTTPListenerCapsConnections(t *testing.T) {
	// The first three are held for the whole test.
	addr := serveTest(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { io.WriteString(w, "ok") }),
		func() { httpLimits.readHeader, httpLimits.read = time.Minute, time.Minute })
	var held []net.Conn
	for range 3 {
		c, err := net.Dial("tcp", addr)
		if err != nil {
			t.Fatal(err)
		}
		defer c.Close()
		held = append(held, c)
	}
	client := &http.Client{Timeout: 300 * time.Millisecond}
	if _, err := client.Get("http://" + addr + "/"); err == nil {
		t.Fatal("a fourth connection was served beyond the cap of three")
	}
	held[0].Close()
	client.Timeout = 5 * time.Second
	resp, err := client.Get("http://" + addr + "/")
	if err != nil {
		t.Fatalf("after one connection went away: %v", err)
	}
	resp.Body.Close()
}

// TestConfigCheckWarns: `config check` passes a valid but risky file and
// says what is risky.
func TestConfigCheckWarns(t *testing.T) {
	path := t.TempDir() + "/noaber.toml"
	if err := os.WriteFile(path, []byte("[http]\nlisten = \":8080\"\n[llm]\nbase_url = \"http://llm.example.org/v1\"\nmodel = \"m\"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	out, errOut, code := noaber(t, "", "config", "check", path)
	if code != 0 || !strings.Contains(out, "ok") || !strings.Contains(errOut, "warning: http.listen") || !strings.Contains(errOut, "warning: llm.base_url") {
		t.Errorf("exit %d\n%s\n%s", code, out, errOut)
	}
}
