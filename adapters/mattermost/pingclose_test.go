package mattermost

import (
	"context"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/gorilla/websocket"
)

// The SDK's own Close races its ping handler: a ping read while Close runs
// makes the handler send on the channel Close just closed, a panic that
// takes the whole process down. A server that floods pings while the
// client closes, many times over, must not crash the real SDK client.
func TestCloseDuringPingFloodDoesNotPanic(t *testing.T) {
	up := websocket.Upgrader{}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		c, err := up.Upgrade(w, r, nil)
		if err != nil {
			return
		}
		defer c.Close()
		go func() { // read (and drop) what the client sends, pongs included
			for {
				if _, _, err := c.NextReader(); err != nil {
					return
				}
			}
		}()
		for {
			if c.WriteControl(websocket.PingMessage, nil, time.Now().Add(time.Second)) != nil {
				return
			}
		}
	}))
	defer srv.Close()
	for range 150 {
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		ws, err := dialSDK(ctx, srv.URL, "token")
		cancel()
		if err != nil {
			t.Fatal(err)
		}
		ws.OnPing(func() {})
		ws.Listen()
		time.Sleep(time.Millisecond)
		ws.Close()
		for range ws.Events() { // the reader ends and closes its channels
		}
	}
}
