package mattermost

import (
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/gorilla/websocket"
	"github.com/mattermost/mattermost/server/public/model"
)

// fakeServer speaks enough of Mattermost's API v4 and websocket for the
// real Client4 and WebSocketClient: the authentication challenge, hello
// and posted events, and the REST calls the adapter makes.
type fakeServer struct {
	t     *testing.T
	srv   *httptest.Server
	token string
	bot   *model.User

	mu         sync.Mutex
	users      map[string]*model.User
	channels   map[string]*model.Channel
	posts      map[string]*model.Post
	ephemerals []*model.PostEphemeral
	created    []*model.Post // posts created over REST, in order
	createReqs int           // POST /posts requests, 429s included
	tooMany    int           // answer the next POST /posts this many times with 429
	retryAfter string
	dmCreates  int
	teamMember map[string]bool // team/user
	conns      []*fakeConn
	wsAccepts  int
	refuseWS   bool // answer websocket upgrades (and pings) with 503
	pings      int
	// noEphemeral refuses ephemeral posts with 403, as for a bot account
	// without create_post_ephemeral; ephemeralReqs counts the requests.
	noEphemeral   bool
	groupPings    int // bot posts that would notify a whole channel
	failPosts     int // answer the next POST /posts this many times with 503
	ephemeralReqs int
	pongs         chan struct{}    // a pong arrived
	postedCh      chan *model.Post // every created post, for waiting
}

type fakeConn struct {
	mu     sync.Mutex
	c      *websocket.Conn
	silent chan struct{} // closed to stop the pings
	once   sync.Once
}

func (c *fakeConn) hush() { c.once.Do(func() { close(c.silent) }) }

func (c *fakeConn) send(v []byte) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.c.WriteMessage(websocket.TextMessage, v)
}

func newFakeServer(t *testing.T) *fakeServer {
	t.Helper()
	f := &fakeServer{
		t: t, token: "bot-token-" + model.NewId(),
		users: map[string]*model.User{}, channels: map[string]*model.Channel{},
		posts: map[string]*model.Post{}, teamMember: map[string]bool{},
		postedCh: make(chan *model.Post, 1000), pongs: make(chan struct{}, 100),
	}
	f.bot = &model.User{Id: model.NewId(), Username: "noaber", IsBot: true, Roles: "system_user"}
	f.users[f.bot.Id] = f.bot
	mux := http.NewServeMux()
	mux.HandleFunc("GET /api/v4/websocket", f.serveWS)
	mux.HandleFunc("GET /api/v4/system/ping", f.ping)
	mux.HandleFunc("GET /api/v4/users/{id}", f.auth(f.getUser))
	mux.HandleFunc("GET /api/v4/users/{id}/channels", f.auth(f.userChannels))
	mux.HandleFunc("POST /api/v4/posts", f.auth(f.createPost))
	mux.HandleFunc("POST /api/v4/posts/ephemeral", f.auth(f.createEphemeral))
	mux.HandleFunc("GET /api/v4/posts/{id}/thread", f.auth(f.thread))
	mux.HandleFunc("POST /api/v4/channels/direct", f.auth(f.direct))
	mux.HandleFunc("GET /api/v4/channels/{id}", f.auth(f.getChannel))
	mux.HandleFunc("GET /api/v4/channels/{id}/posts", f.auth(f.postsSince))
	mux.HandleFunc("GET /api/v4/channels/{id}/members/{user}", f.auth(f.channelMember))
	mux.HandleFunc("GET /api/v4/teams/{id}/members/{user}", f.auth(f.teamMemberH))
	mux.HandleFunc("POST /api/v4/files", f.auth(f.upload))
	f.srv = httptest.NewServer(mux)
	t.Cleanup(func() {
		f.dropAll()
		f.srv.Close()
	})
	return f
}

func (f *fakeServer) auth(h http.HandlerFunc) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		scheme, tok, _ := strings.Cut(r.Header.Get("Authorization"), " ")
		if !strings.EqualFold(scheme, "bearer") || tok != f.token {
			apiError(w, http.StatusUnauthorized, "api.context.session_expired.app_error")
			return
		}
		h(w, r)
	}
}

func apiError(w http.ResponseWriter, code int, id string) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(code)
	_ = json.NewEncoder(w).Encode(model.AppError{Id: id, StatusCode: code, Message: id})
}

func reply(w http.ResponseWriter, code int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(code)
	_ = json.NewEncoder(w).Encode(v)
}

// addChannel registers a channel of type typ ("O", "D", …) the bot is in.
func (f *fakeServer) addChannel(typ model.ChannelType) string {
	id := model.NewId()
	f.mu.Lock()
	f.channels[id] = &model.Channel{Id: id, Type: typ, Name: "town-square-" + id[:4]}
	f.mu.Unlock()
	return id
}

func (f *fakeServer) addUser(name string, roles string) string {
	id := model.NewId()
	f.mu.Lock()
	f.users[id] = &model.User{Id: id, Username: name, Roles: roles}
	f.mu.Unlock()
	return id
}

func (f *fakeServer) getUser(w http.ResponseWriter, r *http.Request) {
	id := r.PathValue("id")
	if id == "me" {
		id = f.bot.Id
	}
	f.mu.Lock()
	u, ok := f.users[id]
	f.mu.Unlock()
	if !ok {
		apiError(w, http.StatusNotFound, "app.user.missing_account.const")
		return
	}
	reply(w, http.StatusOK, u)
}

func (f *fakeServer) userChannels(w http.ResponseWriter, r *http.Request) {
	f.mu.Lock()
	list := make([]*model.Channel, 0, len(f.channels))
	for _, c := range f.channels {
		list = append(list, c)
	}
	f.mu.Unlock()
	reply(w, http.StatusOK, list)
}

func (f *fakeServer) getChannel(w http.ResponseWriter, r *http.Request) {
	f.mu.Lock()
	c, ok := f.channels[r.PathValue("id")]
	f.mu.Unlock()
	if !ok {
		apiError(w, http.StatusNotFound, "app.channel.get.existing.app_error")
		return
	}
	reply(w, http.StatusOK, c)
}

// store saves p as if a user created it and returns it.
func (f *fakeServer) store(p *model.Post) *model.Post {
	f.mu.Lock()
	defer f.mu.Unlock()
	if p.Id == "" {
		p.Id = model.NewId()
	}
	if p.CreateAt == 0 {
		p.CreateAt = model.GetMillis()
	}
	p.UpdateAt = p.CreateAt
	f.posts[p.Id] = p
	return p
}

func (f *fakeServer) createPost(w http.ResponseWriter, r *http.Request) {
	f.mu.Lock()
	f.createReqs++
	if f.failPosts > 0 {
		f.failPosts--
		f.mu.Unlock()
		apiError(w, http.StatusServiceUnavailable, "api.server.unavailable")
		return
	}
	if f.tooMany > 0 {
		f.tooMany--
		ra := f.retryAfter
		f.mu.Unlock()
		w.Header().Set("Retry-After", ra)
		apiError(w, http.StatusTooManyRequests, "api.context.rate_limit")
		return
	}
	f.mu.Unlock()
	var p model.Post
	if err := json.NewDecoder(r.Body).Decode(&p); err != nil {
		apiError(w, http.StatusBadRequest, "api.context.invalid_body_param.app_error")
		return
	}
	f.mu.Lock()
	_, known := f.channels[p.ChannelId]
	f.mu.Unlock()
	if !known {
		apiError(w, http.StatusForbidden, "api.context.permissions.app_error")
		return
	}
	if p.Id != "" {
		apiError(w, http.StatusBadRequest, "api.post.create_post.id.app_error")
		return
	}
	p.UserId = f.bot.Id
	p.AddProp(model.PostPropsFromBot, "true")
	if serverGroupMention.MatchString(p.Message) {
		f.mu.Lock()
		f.groupPings++
		f.mu.Unlock()
	}
	created := f.store(&p)
	f.mu.Lock()
	f.created = append(f.created, created)
	f.mu.Unlock()
	f.postedCh <- created
	// Like the real server, the bot sees its own post on the socket.
	f.broadcast(created, "O", nil)
	reply(w, http.StatusCreated, created)
}

func (f *fakeServer) createEphemeral(w http.ResponseWriter, r *http.Request) {
	var pe model.PostEphemeral
	if err := json.NewDecoder(r.Body).Decode(&pe); err != nil || pe.Post == nil {
		apiError(w, http.StatusBadRequest, "api.context.invalid_body_param.app_error")
		return
	}
	pe.Post.Id = model.NewId()
	f.mu.Lock()
	f.ephemeralReqs++
	if f.noEphemeral {
		f.mu.Unlock()
		apiError(w, http.StatusForbidden, "api.context.permissions.app_error")
		return
	}
	f.ephemerals = append(f.ephemerals, &pe)
	f.mu.Unlock()
	reply(w, http.StatusCreated, pe.Post)
}

func (f *fakeServer) thread(w http.ResponseWriter, r *http.Request) {
	root := r.PathValue("id")
	pl := model.NewPostList()
	f.mu.Lock()
	for _, p := range f.posts {
		if p.Id == root || p.RootId == root {
			pl.AddPost(p)
			pl.AddOrder(p.Id)
		}
	}
	f.mu.Unlock()
	reply(w, http.StatusOK, pl)
}

func (f *fakeServer) direct(w http.ResponseWriter, r *http.Request) {
	var ids []string
	if err := json.NewDecoder(r.Body).Decode(&ids); err != nil || len(ids) != 2 {
		apiError(w, http.StatusBadRequest, "api.context.invalid_body_param.app_error")
		return
	}
	sort.Strings(ids)
	name := ids[0] + "__" + ids[1]
	f.mu.Lock()
	defer f.mu.Unlock()
	f.dmCreates++
	for _, c := range f.channels {
		if c.Name == name {
			reply(w, http.StatusCreated, c)
			return
		}
	}
	c := &model.Channel{Id: model.NewId(), Type: model.ChannelTypeDirect, Name: name}
	f.channels[c.Id] = c
	reply(w, http.StatusCreated, c)
}

func (f *fakeServer) postsSince(w http.ResponseWriter, r *http.Request) {
	ch := r.PathValue("id")
	since, err := strconv.ParseInt(r.URL.Query().Get("since"), 10, 64)
	if err != nil {
		apiError(w, http.StatusBadRequest, "api.context.invalid_url_param.app_error")
		return
	}
	pl := model.NewPostList()
	f.mu.Lock()
	for _, p := range f.posts {
		if p.ChannelId == ch && p.UpdateAt >= since {
			pl.AddPost(p)
			pl.AddOrder(p.Id)
		}
	}
	f.mu.Unlock()
	reply(w, http.StatusOK, pl)
}

func (f *fakeServer) channelMember(w http.ResponseWriter, r *http.Request) {
	f.mu.Lock()
	ok := f.teamMember["channel/"+r.PathValue("id")+"/"+r.PathValue("user")]
	f.mu.Unlock()
	if !ok {
		apiError(w, http.StatusNotFound, "app.channel.get_member.missing.app_error")
		return
	}
	reply(w, http.StatusOK, &model.ChannelMember{ChannelId: r.PathValue("id"), UserId: r.PathValue("user")})
}

func (f *fakeServer) teamMemberH(w http.ResponseWriter, r *http.Request) {
	f.mu.Lock()
	ok := f.teamMember["team/"+r.PathValue("id")+"/"+r.PathValue("user")]
	f.mu.Unlock()
	if !ok {
		apiError(w, http.StatusNotFound, "app.team.get_member.missing.app_error")
		return
	}
	reply(w, http.StatusOK, &model.TeamMember{TeamId: r.PathValue("id"), UserId: r.PathValue("user")})
}

func (f *fakeServer) upload(w http.ResponseWriter, r *http.Request) {
	if err := r.ParseMultipartForm(1 << 20); err != nil {
		apiError(w, http.StatusBadRequest, "api.file.upload_file.parse.app_error")
		return
	}
	var infos []*model.FileInfo
	for _, fh := range r.MultipartForm.File["files"] {
		file, _ := fh.Open()
		data, _ := io.ReadAll(file)
		file.Close()
		infos = append(infos, &model.FileInfo{Id: model.NewId(), Name: fh.Filename, Size: int64(len(data))})
	}
	reply(w, http.StatusCreated, &model.FileUploadResponse{FileInfos: infos})
}

var upgrader = websocket.Upgrader{}

// groupMentions are the words with which a real server notifies a whole
// channel; the fake counts posts that would do so.
var serverGroupMention = regexp.MustCompile(`(?i)(^|[^\p{L}\p{N}_.@-])@(channel|all|here)\b`)

// ping answers like the real server while it is up (refuseWS stands for
// a server that is down).
func (f *fakeServer) ping(w http.ResponseWriter, r *http.Request) {
	f.mu.Lock()
	down := f.refuseWS
	f.pings++
	f.mu.Unlock()
	if down {
		http.Error(w, "unavailable", http.StatusServiceUnavailable)
		return
	}
	reply(w, http.StatusOK, map[string]string{"status": "OK"})
}

// serveWS runs the websocket: authentication challenge, then hello, then
// whatever the test pushes.
func (f *fakeServer) serveWS(w http.ResponseWriter, r *http.Request) {
	f.mu.Lock()
	refuse := f.refuseWS
	f.mu.Unlock()
	if refuse {
		http.Error(w, "unavailable", http.StatusServiceUnavailable)
		return
	}
	c, err := upgrader.Upgrade(w, r, nil)
	if err != nil {
		return
	}
	var req model.WebSocketRequest
	c.SetReadDeadline(time.Now().Add(5 * time.Second))
	if err := c.ReadJSON(&req); err != nil || req.Action != string(model.WebsocketAuthenticationChallenge) || req.Data["token"] != f.token {
		c.Close()
		return
	}
	c.SetReadDeadline(time.Time{})
	fc := &fakeConn{c: c, silent: make(chan struct{})}
	c.SetPongHandler(func(string) error {
		select {
		case f.pongs <- struct{}{}:
		default:
		}
		return nil
	})
	// Ping like the real server (which does so about every 30s), often
	// enough for the tests' short ping_timeout.
	go func() {
		t := time.NewTicker(100 * time.Millisecond)
		defer t.Stop()
		for {
			select {
			case <-fc.silent:
				return
			case <-t.C:
				if c.WriteControl(websocket.PingMessage, nil, time.Now().Add(time.Second)) != nil {
					return
				}
			}
		}
	}()
	// Register the socket before the hello: the adapter reports itself
	// connected on the hello, and a test may broadcast right after that.
	f.mu.Lock()
	f.conns = append(f.conns, fc)
	f.wsAccepts++
	f.mu.Unlock()
	resp, _ := json.Marshal(model.WebSocketResponse{Status: model.StatusOk, SeqReply: req.Seq})
	_ = fc.send(resp)
	hello := model.NewWebSocketEvent(model.WebsocketEventHello, "", "", f.bot.Id, nil, "")
	hello.Add("server_version", "10.0.0")
	hb, _ := hello.ToJSON()
	_ = fc.send(hb)
	// Read until the client goes away (pongs and such).
	for {
		if _, _, err := c.NextReader(); err != nil {
			c.Close()
			return
		}
	}
}

// waitConns waits until n websocket sessions were accepted in total.
func (f *fakeServer) waitConns(n int) {
	f.t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for time.Now().Before(deadline) {
		f.mu.Lock()
		got := f.wsAccepts
		f.mu.Unlock()
		if got >= n {
			return
		}
		time.Sleep(5 * time.Millisecond)
	}
	f.t.Fatalf("websocket sessions: want %d", n)
}

// dropAll closes every websocket abruptly.
func (f *fakeServer) dropAll() {
	f.mu.Lock()
	conns := f.conns
	f.conns = nil
	f.mu.Unlock()
	for _, c := range conns {
		c.hush()
		c.c.Close()
	}
}

// forget stops talking on the current sockets without closing them: a
// silent socket.
func (f *fakeServer) forget() {
	f.mu.Lock()
	conns := f.conns
	f.conns = nil
	f.mu.Unlock()
	for _, c := range conns {
		c.hush()
	}
}

func (f *fakeServer) setRefuseWS(v bool) {
	f.mu.Lock()
	f.refuseWS = v
	f.mu.Unlock()
}

// broadcast pushes a posted event for p to every socket.
func (f *fakeServer) broadcast(p *model.Post, chType string, mentions []string) {
	ev := model.NewWebSocketEvent(model.WebsocketEventPosted, "", p.ChannelId, "", nil, "")
	pj, _ := json.Marshal(p)
	ev.Add("post", string(pj))
	ev.Add("channel_type", chType)
	ev.Add("sender_name", "@someone")
	if mentions != nil {
		mj, _ := json.Marshal(mentions)
		ev.Add("mentions", string(mj))
	}
	b, err := ev.ToJSON()
	if err != nil {
		f.t.Errorf("event json: %v", err)
		return
	}
	f.mu.Lock()
	conns := append([]*fakeConn(nil), f.conns...)
	f.mu.Unlock()
	for _, c := range conns {
		_ = c.send(b)
	}
}

// userPost stores a post by userID and pushes it on the socket.
func (f *fakeServer) userPost(userID, channelID, rootID, msg string, mentionBot bool) *model.Post {
	p := f.store(&model.Post{UserId: userID, ChannelId: channelID, RootId: rootID, Message: msg})
	f.mu.Lock()
	typ := string(f.channels[channelID].Type)
	f.mu.Unlock()
	var mentions []string
	if mentionBot {
		mentions = []string{f.bot.Id}
	}
	f.broadcast(p, typ, mentions)
	return p
}

// nextCreated waits for the next post created over REST.
func (f *fakeServer) nextCreated() *model.Post {
	f.t.Helper()
	select {
	case p := <-f.postedCh:
		return p
	case <-time.After(10 * time.Second):
		f.t.Fatal("no post created")
		return nil
	}
}

// noneCreated asserts no post is created for a while.
func (f *fakeServer) noneCreated(d time.Duration) {
	f.t.Helper()
	select {
	case p := <-f.postedCh:
		f.t.Fatalf("unexpected post %q", p.Message)
	case <-time.After(d):
	}
}
