package main

import (
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/gorilla/websocket"
	"github.com/mattermost/mattermost/server/public/model"
)

// fakeMM speaks enough of Mattermost's API v4 and websocket for the real
// SDK client the adapter uses, and records every post the bot makes, for
// the tests that run whole `noaber serve` instances against it.
type fakeMM struct {
	t     testing.TB
	srv   *httptest.Server
	token string
	bot   *model.User

	mu       sync.Mutex
	users    map[string]*model.User
	channels map[string]*model.Channel
	dmUser   map[string]string // direct channel id → the user in it
	posts    []mmPost
	sockets  int // websocket sessions accepted
	open     map[*websocket.Conn]bool
}

// mmPost is a post the bot made, with when it arrived.
type mmPost struct {
	At      time.Time
	Channel string
	User    string // the user of a direct channel; "" elsewhere
	Message string
	Pending string // pending_post_id (the outbox's nonce)
	Files   int
}

func newFakeMM(t testing.TB) *fakeMM {
	f := &fakeMM{t: t, token: "bot-token-" + model.NewId(),
		users: map[string]*model.User{}, channels: map[string]*model.Channel{},
		dmUser: map[string]string{}, open: map[*websocket.Conn]bool{}}
	f.bot = &model.User{Id: model.NewId(), Username: "noaber", IsBot: true, Roles: "system_user"}
	f.users[f.bot.Id] = f.bot
	mux := http.NewServeMux()
	mux.HandleFunc("GET /api/v4/websocket", f.serveWS)
	mux.HandleFunc("GET /api/v4/system/ping", func(w http.ResponseWriter, r *http.Request) {
		mmReply(w, 200, map[string]string{"status": "OK"})
	})
	mux.HandleFunc("GET /api/v4/users/{id}", f.auth(f.getUser))
	mux.HandleFunc("GET /api/v4/users/{id}/channels", f.auth(func(w http.ResponseWriter, r *http.Request) {
		mmReply(w, 200, []*model.Channel{})
	}))
	mux.HandleFunc("GET /api/v4/channels/{id}", f.auth(f.getChannel))
	mux.HandleFunc("GET /api/v4/channels/{id}/posts", f.auth(func(w http.ResponseWriter, r *http.Request) {
		mmReply(w, 200, model.NewPostList())
	}))
	mux.HandleFunc("POST /api/v4/channels/direct", f.auth(f.direct))
	mux.HandleFunc("POST /api/v4/posts", f.auth(f.createPost))
	mux.HandleFunc("POST /api/v4/posts/ephemeral", f.auth(f.createEphemeral))
	mux.HandleFunc("POST /api/v4/files", f.auth(f.upload))
	f.srv = httptest.NewServer(mux)
	t.Cleanup(func() {
		f.mu.Lock()
		for c := range f.open {
			c.Close()
		}
		f.mu.Unlock()
		f.srv.Close()
	})
	return f
}

func (f *fakeMM) auth(h http.HandlerFunc) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		scheme, tok, _ := strings.Cut(r.Header.Get("Authorization"), " ")
		if !strings.EqualFold(scheme, "bearer") || tok != f.token {
			mmError(w, http.StatusUnauthorized, "api.context.session_expired.app_error")
			return
		}
		h(w, r)
	}
}

func mmError(w http.ResponseWriter, code int, id string) {
	mmReply(w, code, model.AppError{Id: id, StatusCode: code, Message: id})
}

func mmReply(w http.ResponseWriter, code int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(code)
	_ = json.NewEncoder(w).Encode(v)
}

// addUser registers a user and returns the id.
func (f *fakeMM) addUser(name string) string {
	id := model.NewId()
	f.mu.Lock()
	f.users[id] = &model.User{Id: id, Username: name, Roles: "system_user"}
	f.mu.Unlock()
	return id
}

// addChannel registers an open channel the bot is in.
func (f *fakeMM) addChannel() string {
	id := model.NewId()
	f.mu.Lock()
	f.channels[id] = &model.Channel{Id: id, Type: model.ChannelTypeOpen, Name: "town-square-" + id[:4]}
	f.mu.Unlock()
	return id
}

func (f *fakeMM) getUser(w http.ResponseWriter, r *http.Request) {
	id := r.PathValue("id")
	if id == "me" {
		id = f.bot.Id
	}
	f.mu.Lock()
	u, ok := f.users[id]
	f.mu.Unlock()
	if !ok {
		mmError(w, 404, "app.user.missing_account.const")
		return
	}
	mmReply(w, 200, u)
}

func (f *fakeMM) getChannel(w http.ResponseWriter, r *http.Request) {
	f.mu.Lock()
	c, ok := f.channels[r.PathValue("id")]
	f.mu.Unlock()
	if !ok {
		mmError(w, 404, "app.channel.get.existing.app_error")
		return
	}
	mmReply(w, 200, c)
}

func (f *fakeMM) direct(w http.ResponseWriter, r *http.Request) {
	var ids []string
	if err := json.NewDecoder(r.Body).Decode(&ids); err != nil || len(ids) != 2 {
		mmError(w, 400, "api.context.invalid_body_param.app_error")
		return
	}
	user := ids[0]
	if user == f.bot.Id {
		user = ids[1]
	}
	sort.Strings(ids)
	name := ids[0] + "__" + ids[1]
	f.mu.Lock()
	defer f.mu.Unlock()
	for _, c := range f.channels {
		if c.Name == name {
			mmReply(w, 201, c)
			return
		}
	}
	c := &model.Channel{Id: model.NewId(), Type: model.ChannelTypeDirect, Name: name}
	f.channels[c.Id] = c
	f.dmUser[c.Id] = user
	mmReply(w, 201, c)
}

func (f *fakeMM) createPost(w http.ResponseWriter, r *http.Request) {
	var p model.Post
	if err := json.NewDecoder(r.Body).Decode(&p); err != nil {
		mmError(w, 400, "api.context.invalid_body_param.app_error")
		return
	}
	f.mu.Lock()
	_, known := f.channels[p.ChannelId]
	if known {
		f.posts = append(f.posts, mmPost{At: time.Now(), Channel: p.ChannelId, User: f.dmUser[p.ChannelId],
			Message: p.Message, Pending: p.PendingPostId, Files: len(p.FileIds)})
	}
	f.mu.Unlock()
	if !known {
		mmError(w, 403, "api.context.permissions.app_error")
		return
	}
	p.Id, p.UserId, p.CreateAt = model.NewId(), f.bot.Id, model.GetMillis()
	mmReply(w, 201, &p)
}

func (f *fakeMM) createEphemeral(w http.ResponseWriter, r *http.Request) {
	var pe model.PostEphemeral
	if err := json.NewDecoder(r.Body).Decode(&pe); err != nil || pe.Post == nil {
		mmError(w, 400, "api.context.invalid_body_param.app_error")
		return
	}
	pe.Post.Id = model.NewId()
	mmReply(w, 201, pe.Post)
}

func (f *fakeMM) upload(w http.ResponseWriter, r *http.Request) {
	if err := r.ParseMultipartForm(1 << 20); err != nil {
		mmError(w, 400, "api.file.upload_file.parse.app_error")
		return
	}
	var infos []*model.FileInfo
	for _, fh := range r.MultipartForm.File["files"] {
		infos = append(infos, &model.FileInfo{Id: model.NewId(), Name: fh.Filename, Size: fh.Size})
	}
	mmReply(w, 201, &model.FileUploadResponse{FileInfos: infos})
}

var mmUpgrader = websocket.Upgrader{}

// serveWS answers the authentication challenge and says hello, then
// pings until the client goes away.
func (f *fakeMM) serveWS(w http.ResponseWriter, r *http.Request) {
	c, err := mmUpgrader.Upgrade(w, r, nil)
	if err != nil {
		return
	}
	var req model.WebSocketRequest
	c.SetReadDeadline(time.Now().Add(10 * time.Second))
	if err := c.ReadJSON(&req); err != nil || req.Action != string(model.WebsocketAuthenticationChallenge) || req.Data["token"] != f.token {
		c.Close()
		return
	}
	c.SetReadDeadline(time.Time{})
	var wmu sync.Mutex
	send := func(b []byte) error {
		wmu.Lock()
		defer wmu.Unlock()
		c.SetWriteDeadline(time.Now().Add(5 * time.Second))
		return c.WriteMessage(websocket.TextMessage, b)
	}
	resp, _ := json.Marshal(model.WebSocketResponse{Status: model.StatusOk, SeqReply: req.Seq})
	_ = send(resp)
	hello := model.NewWebSocketEvent(model.WebsocketEventHello, "", "", f.bot.Id, nil, "")
	hello.Add("server_version", "10.0.0")
	hb, _ := hello.ToJSON()
	_ = send(hb)
	f.mu.Lock()
	f.sockets++
	f.open[c] = true
	f.mu.Unlock()
	stop := make(chan struct{})
	go func() {
		// Seldom: often enough for the default ping_timeout (65 s), rarely
		// enough to keep clear of the SDK's ping-during-close race.
		t := time.NewTicker(20 * time.Second)
		defer t.Stop()
		for {
			select {
			case <-stop:
				return
			case <-t.C:
				wmu.Lock()
				err := c.WriteControl(websocket.PingMessage, nil, time.Now().Add(time.Second))
				wmu.Unlock()
				if err != nil {
					return
				}
			}
		}
	}()
	for {
		if _, _, err := c.NextReader(); err != nil {
			break
		}
	}
	close(stop)
	c.Close()
	f.mu.Lock()
	delete(f.open, c)
	f.mu.Unlock()
}

// Posts returns a copy of the bot's posts so far.
func (f *fakeMM) Posts() []mmPost {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]mmPost(nil), f.posts...)
}

// Sockets returns how many websocket sessions were accepted and how many
// are open.
func (f *fakeMM) Sockets() (accepted, open int) {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.sockets, len(f.open)
}

// config is the [mattermost] section for an instance against f.
func (f *fakeMM) config() string {
	return "\n[mattermost]\nenabled = true\nurl = \"" + f.srv.URL + "\"\ntoken = \"" + f.token +
		"\"\ncommand_token = \"cmd-token\"\naction_secret = \"0123456789abcdef0123456789abcdef\"\n" +
		"action_from = [\"127.0.0.0/8\"]\n"
}

// slash posts a /noaber command to an instance as Mattermost would and
// returns the HTTP status and the response's texts.
func slash(client *http.Client, base, user, channel, text string) (int, string, error) {
	form := url.Values{"token": {"cmd-token"}, "user_id": {user}, "user_name": {"u" + user[:6]}, "channel_id": {channel},
		"channel_name": {"town-square"}, "team_id": {"team0000000000000000000000"}, "command": {"/noaber"}, "text": {text}}
	resp, err := client.PostForm(base+"/mattermost/command", form)
	if err != nil {
		return 0, "", err
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	var cr model.CommandResponse
	if json.Unmarshal(body, &cr) != nil {
		return resp.StatusCode, string(body), nil
	}
	texts := []string{cr.Text}
	for _, x := range cr.ExtraResponses {
		texts = append(texts, x.Text)
	}
	return resp.StatusCode, strings.Join(texts, "\n"), nil
}
