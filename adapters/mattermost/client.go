package mattermost

import (
	"context"
	"net/http"
	"strings"
	"sync"
	"time"

	"github.com/gorilla/websocket"
	"github.com/mattermost/mattermost/server/public/model"

	"github.com/noaber/noaber/adapters/internal/retry"
)

// restAPI lists the calls the adapter makes on model.Client4, so tests can
// swap in a fake and the rest of the package never sees the SDK's client.
type restAPI interface {
	GetMe(ctx context.Context, etag string) (*model.User, *model.Response, error)
	GetUser(ctx context.Context, userID, etag string) (*model.User, *model.Response, error)
	CreatePost(ctx context.Context, post *model.Post) (*model.Post, *model.Response, error)
	CreatePostEphemeral(ctx context.Context, post *model.PostEphemeral) (*model.Post, *model.Response, error)
	CreateDirectChannel(ctx context.Context, userID1, userID2 string) (*model.Channel, *model.Response, error)
	GetChannel(ctx context.Context, channelID string) (*model.Channel, *model.Response, error)
	GetChannelsForUserWithLastDeleteAt(ctx context.Context, userID string, lastDeleteAt int) ([]*model.Channel, *model.Response, error)
	GetPostsSince(ctx context.Context, channelID string, since int64, collapsedThreads bool) (*model.PostList, *model.Response, error)
	GetPostThread(ctx context.Context, postID, etag string, collapsedThreads bool) (*model.PostList, *model.Response, error)
	UploadFile(ctx context.Context, data []byte, channelID, filename string) (*model.FileUploadResponse, *model.Response, error)
	GetTeamMember(ctx context.Context, teamID, userID, etag string) (*model.TeamMember, *model.Response, error)
	GetChannelMember(ctx context.Context, channelID, userID, etag string) (*model.ChannelMember, *model.Response, error)
	GetPing(ctx context.Context) (string, *model.Response, error)
}

var _ restAPI = (*model.Client4)(nil)

// socket is one websocket session: the SDK client's channels, seen as
// methods so tests can fake a session.
type socket interface {
	// Listen starts the SDK's reader.
	Listen()
	// Close ends the session; Events and Responses are then closed.
	Close()
	Events() <-chan *model.WebSocketEvent
	Responses() <-chan *model.WebSocketResponse
	// PingTimeout signals when the server's pings stopped.
	PingTimeout() <-chan bool
	// OnPing registers f to run on every ping from the server (before
	// Listen), as a sign of life.
	OnPing(f func())
}

// dialFunc opens a socket to the server's base URL with the token.
type dialFunc func(ctx context.Context, baseURL, token string) (socket, error)

// sdkSocket adapts model.WebSocketClient to socket.
//
// It also guards the SDK against itself: the SDK's ping handler checks that
// the client is open and then sends the pong on a channel that the SDK's
// Close closes, so a ping read while Close runs panics ("send on closed
// channel"). The guard lets a ping being handled finish before Close starts
// and answers no ping after.
type sdkSocket struct {
	c *model.WebSocketClient

	mu      sync.RWMutex
	closing bool
	onPing  func()
}

func newSDKSocket(c *model.WebSocketClient) *sdkSocket {
	s := &sdkSocket{c: c}
	orig := c.Conn.PingHandler()
	c.Conn.SetPingHandler(func(data string) error {
		s.mu.RLock()
		defer s.mu.RUnlock()
		if s.closing {
			return nil
		}
		if s.onPing != nil {
			s.onPing()
		}
		return orig(data)
	})
	return s
}

func (s *sdkSocket) Listen() { s.c.Listen() }

func (s *sdkSocket) Close() {
	s.mu.Lock()
	s.closing = true
	s.mu.Unlock()
	s.c.Close()
}

func (s *sdkSocket) Events() <-chan *model.WebSocketEvent       { return s.c.EventChannel }
func (s *sdkSocket) Responses() <-chan *model.WebSocketResponse { return s.c.ResponseChannel }
func (s *sdkSocket) PingTimeout() <-chan bool                   { return s.c.PingTimeoutChannel }

// OnPing registers f, before Listen.
func (s *sdkSocket) OnPing(f func()) {
	s.mu.Lock()
	s.onPing = f
	s.mu.Unlock()
}

// dialSDK connects with model.NewWebSocketClient4WithDialer, which
// authenticates with an authentication_challenge carrying the token.
func dialSDK(ctx context.Context, baseURL, token string) (socket, error) {
	wsURL := "ws" + strings.TrimPrefix(baseURL, "http") // http→ws, https→wss
	d := *websocket.DefaultDialer
	d.HandshakeTimeout = 15 * time.Second
	if dl, ok := ctx.Deadline(); ok {
		if left := time.Until(dl); left < d.HandshakeTimeout {
			d.HandshakeTimeout = left
		}
	}
	c, err := model.NewWebSocketClient4WithDialer(&d, wsURL, token)
	if err != nil {
		return nil, err
	}
	return newSDKSocket(c), nil
}

// newClient4 builds the REST client; its transport honours 429 with
// Retry-After.
func newClient4(baseURL, token string, base http.RoundTripper, maxWait time.Duration) *model.Client4 {
	c := model.NewAPIv4Client(baseURL)
	c.SetToken(token)
	c.HTTPClient = &http.Client{Transport: &retry.Transport{Base: base, MaxWait: maxWait, Tries: 3, Delay: retryDelay}, Timeout: 60 * time.Second}
	return c
}
