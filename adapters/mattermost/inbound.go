package mattermost

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"regexp"
	"slices"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/mattermost/mattermost/server/public/model"

	"github.com/noaber/noaber/bot"
	"github.com/noaber/noaber/bot/metrics"
)

// incoming is a post waiting for a worker.
type incoming struct {
	post       *model.Post
	chType     string   // model.ChannelType*, "" when unknown
	mentions   []string // user ids the server says are mentioned (websocket only)
	senderName string
}

// catchUpMargin is how far before the last sign of life the catch-up
// starts, for clock skew between bot and server; dedupe absorbs overlap.
const catchUpMargin = time.Minute

// liveness is the time of the last sign of life on a socket.
type liveness struct {
	mu   sync.Mutex
	last time.Time
	now  func() time.Time
}

func (l *liveness) touch() {
	l.mu.Lock()
	l.last = l.now()
	l.mu.Unlock()
}

func (l *liveness) at() time.Time {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.last
}

// session runs one websocket connection until it drops, goes silent or
// ctx ends; connected reports whether it got as far as the server's hello.
// On a reconnect (reconnect) it counts the reconnection and fetches what
// was posted while the bot was away.
func (a *Adapter) session(ctx context.Context, reconnect, first bool) (connected bool, err error) {
	ws, err := a.dial(ctx, a.cfg.URL, a.cfg.Token)
	if err != nil {
		return false, fmt.Errorf("connect websocket: %w", err)
	}
	alive := &liveness{now: a.now}
	alive.touch()
	ws.OnPing(alive.touch)
	ws.Listen()

	hello := make(chan struct{})
	var helloOnce sync.Once
	readerDone := make(chan struct{})
	dead := make(chan struct{}, 1)
	// The reader only decodes and hands off: the SDK blocks, pings
	// included, as soon as its event channel is full.
	go func() {
		defer close(readerDone)
		for ev := range ws.Events() {
			alive.touch()
			switch ev.EventType() {
			case model.WebsocketEventHello:
				helloOnce.Do(func() { close(hello) })
			case model.WebsocketEventPosted:
				a.onPosted(ev)
			}
		}
	}()
	go func() {
		responses, timeouts := ws.Responses(), ws.PingTimeout()
		for {
			select {
			case _, ok := <-responses:
				if !ok {
					return
				}
				alive.touch()
			case <-timeouts:
				select {
				case dead <- struct{}{}:
				default:
				}
			}
		}
	}()
	defer func() {
		ws.Close()
		<-readerDone
		a.mu.Lock()
		a.lastAlive = alive.at()
		a.mu.Unlock()
	}()

	timeout := a.cfg.PingTimeout.Duration
	helloTimer := time.NewTimer(timeout)
	defer helloTimer.Stop()
	select {
	case <-ctx.Done():
		return false, nil
	case <-readerDone:
		return false, errors.New("websocket closed before hello (token refused?)")
	case <-helloTimer.C:
		return false, errors.New("no hello from the server")
	case <-hello:
	}
	a.setHealth(true, "")
	a.log.Info("mattermost websocket connected", "reconnect", reconnect)

	if reconnect {
		metrics.Reconnects.WithLabelValues(Name).Inc()
		a.mu.Lock()
		since := a.lastAlive.Add(-catchUpMargin)
		a.mu.Unlock()
		a.catchUp(ctx, since)
	} else if first {
		a.catchUpAtStart(ctx)
	}

	tick := time.NewTicker(max(timeout/4, 10*time.Millisecond))
	defer tick.Stop()
	for {
		select {
		case <-ctx.Done():
			return true, nil
		case <-readerDone:
			return true, errors.New("websocket closed")
		case <-dead:
			return true, errors.New("no ping from the server (ping timeout)")
		case <-a.refetch:
			a.refetchOverflow(ctx)
		case <-tick.C:
			if silent := a.now().Sub(alive.at()); silent > timeout {
				return true, fmt.Errorf("websocket silent for %s", silent.Round(time.Second))
			}
		}
	}
}

// onPosted decodes a posted event and queues it without ever blocking the
// reader; when the queue is full the post is left for a REST refetch.
func (a *Adapter) onPosted(ev *model.WebSocketEvent) {
	data := ev.GetData()
	raw, _ := data["post"].(string)
	var p model.Post
	if err := json.Unmarshal([]byte(raw), &p); err != nil || p.Id == "" || p.ChannelId == "" {
		a.log.Debug("undecodable posted event", "err", err)
		return
	}
	in := incoming{post: &p}
	in.chType, _ = data["channel_type"].(string)
	in.senderName, _ = data["sender_name"].(string)
	if m, ok := data["mentions"].(string); ok && m != "" {
		_ = json.Unmarshal([]byte(m), &in.mentions)
	}
	botID, _ := a.self()
	if p.UserId == botID {
		a.noteOwnPost(&p) // cheap and needed before the user's follow-up
		return
	}
	a.rememberChannel(p.ChannelId, in.chType)
	a.taken(&p)
	select {
	case a.queue <- in:
	default:
		a.mu.Lock()
		delete(a.pending, p.Id)
		if old, ok := a.overflow[p.ChannelId]; !ok || p.CreateAt < old {
			a.overflow[p.ChannelId] = p.CreateAt
		}
		a.mu.Unlock()
		select {
		case a.refetch <- struct{}{}:
		default:
		}
	}
}

// enqueue waits for room in the queue (REST paths only, never the reader).
func (a *Adapter) enqueue(ctx context.Context, in incoming) bool {
	a.taken(in.post)
	select {
	case a.queue <- in:
		return true
	case <-ctx.Done():
		a.mu.Lock()
		delete(a.pending, in.post.Id)
		a.mu.Unlock()
		return false
	}
}

func (a *Adapter) work(ctx context.Context) {
	for {
		select {
		case <-ctx.Done():
			return
		case in := <-a.queue:
			a.handlePost(ctx, in)
			if ctx.Err() == nil {
				a.done(in.post)
			}
		}
	}
}

// catchUpAtStart answers what was posted while Noaber was stopped: every
// post after the stored mark, at most maxStartCatchUp back. Without a mark
// (the first start ever) there is nothing to catch up.
func (a *Adapter) catchUpAtStart(ctx context.Context) {
	if a.marks == nil {
		return
	}
	mark, ok, err := a.marks.Mark(markKey)
	if err != nil {
		a.log.Warn("catch-up at start: read mark", "err", err)
		return
	}
	if !ok {
		a.log.Info("no catch-up at start: first start with this database")
		return
	}
	a.mu.Lock()
	a.saved, a.handled = mark.UnixMilli(), mark.UnixMilli()
	a.mu.Unlock()
	since := mark.Add(time.Millisecond) // the mark itself was answered
	if oldest := a.now().Add(-maxStartCatchUp); since.Before(oldest) {
		since = oldest
	}
	a.catchUp(ctx, since)
}

// taken records that a post is queued; done that it was answered (or
// ignored). done moves the stored mark to the newest create_at before
// which every post is done, so a restart answers each post once.
func (a *Adapter) taken(p *model.Post) {
	a.mu.Lock()
	a.pending[p.Id] = p.CreateAt
	a.mu.Unlock()
}

func (a *Adapter) done(p *model.Post) {
	a.mu.Lock()
	delete(a.pending, p.Id)
	a.handled = max(a.handled, p.CreateAt)
	safe := a.handled
	for _, at := range a.pending {
		safe = min(safe, at-1)
	}
	for _, at := range a.overflow {
		safe = min(safe, at-1)
	}
	store := a.marks != nil && safe > a.saved
	a.mu.Unlock()
	if !store {
		return
	}
	// Workers finish in any order: write under markMu and never backwards.
	a.markMu.Lock()
	defer a.markMu.Unlock()
	a.mu.Lock()
	if safe <= a.saved {
		a.mu.Unlock()
		return
	}
	a.saved = safe
	a.mu.Unlock()
	if err := a.marks.SetMark(markKey, time.UnixMilli(safe)); err != nil {
		a.log.Warn("store catch-up mark", "err", err)
	}
}

// catchUp fetches, per channel the bot is in or has seen, the posts created
// since since, oldest first, and queues them; the seen set drops the ones
// already answered.
func (a *Adapter) catchUp(ctx context.Context, since time.Time) {
	botID, _ := a.self()
	chans := map[string]string{}
	list, _, err := a.api.GetChannelsForUserWithLastDeleteAt(ctx, botID, 0)
	if err != nil {
		a.log.Warn("catch-up: list channels", "err", err)
	}
	for _, c := range list {
		chans[c.Id] = string(c.Type)
		a.rememberChannel(c.Id, string(c.Type))
	}
	a.mu.Lock()
	for id, t := range a.chanTypes {
		if _, ok := chans[id]; !ok {
			chans[id] = t
		}
	}
	a.mu.Unlock()
	ids := make([]string, 0, len(chans))
	for id := range chans {
		ids = append(ids, id)
	}
	sort.Strings(ids)
	n := 0
	for _, id := range ids {
		n += a.fetchSince(ctx, id, chans[id], since.UnixMilli())
	}
	a.log.Info("catch-up", "channels", len(ids), "posts", n)
}

// fetchSince queues the posts of one channel created at or after since
// (Unix ms) and returns how many it queued.
func (a *Adapter) fetchSince(ctx context.Context, channelID, chType string, since int64) int {
	pl, _, err := a.api.GetPostsSince(ctx, channelID, since, false)
	if err != nil {
		a.log.Warn("catch-up: fetch posts", "channel_id", channelID, "err", err)
		return 0
	}
	posts := make([]*model.Post, 0, len(pl.Posts))
	for _, p := range pl.Posts {
		// "since" also returns old posts edited or deleted since.
		if p.CreateAt >= since && p.DeleteAt == 0 {
			posts = append(posts, p)
		}
	}
	sort.Slice(posts, func(i, j int) bool { return posts[i].CreateAt < posts[j].CreateAt })
	botID, _ := a.self()
	n := 0
	for _, p := range posts {
		if p.UserId == botID {
			a.noteOwnPost(p)
			continue
		}
		if !a.enqueue(ctx, incoming{post: p, chType: chType}) {
			break
		}
		n++
	}
	return n
}

// refetchOverflow fetches the posts the reader had to drop.
func (a *Adapter) refetchOverflow(ctx context.Context) {
	a.mu.Lock()
	over := a.overflow
	a.overflow = map[string]int64{}
	a.mu.Unlock()
	for ch, since := range over {
		a.fetchSince(ctx, ch, a.channelType(ctx, ch), since)
	}
}

func (a *Adapter) rememberChannel(id, chType string) {
	if chType == "" {
		return
	}
	a.mu.Lock()
	if len(a.chanTypes) < 10000 {
		a.chanTypes[id] = chType
	}
	a.mu.Unlock()
}

// channelType returns a channel's type, looked up once.
func (a *Adapter) channelType(ctx context.Context, id string) string {
	a.mu.Lock()
	t, ok := a.chanTypes[id]
	a.mu.Unlock()
	if ok {
		return t
	}
	c, _, err := a.api.GetChannel(ctx, id)
	if err != nil {
		return ""
	}
	a.rememberChannel(id, string(c.Type))
	return string(c.Type)
}

// noteOwnPost remembers the thread a bot post is in, so replies there are
// answered without a mention.
func (a *Adapter) noteOwnPost(p *model.Post) {
	root := p.RootId
	if root == "" {
		root = p.Id
	}
	a.mu.Lock()
	a.threads.add(root)
	a.noThreads.remove(root)
	a.mu.Unlock()
}

// inBotThread reports whether the bot posted in the thread rooted at root,
// asking the server once when it does not know.
func (a *Adapter) inBotThread(ctx context.Context, root string) bool {
	a.mu.Lock()
	yes, no := a.threads.has(root), a.noThreads.has(root)
	a.mu.Unlock()
	if yes || no {
		return yes
	}
	pl, _, err := a.api.GetPostThread(ctx, root, "", false)
	if err != nil {
		return false
	}
	botID, _ := a.self()
	for _, p := range pl.Posts {
		if p.UserId == botID {
			a.noteOwnPost(p)
			return true
		}
	}
	a.mu.Lock()
	a.noThreads.add(root)
	a.mu.Unlock()
	return false
}

func propTrue(p *model.Post, key string) bool {
	switch v := p.GetProp(key).(type) {
	case string:
		return v == "true"
	case bool:
		return v
	}
	return false
}

// handlePost answers one post if it is addressed to the bot: a direct
// message, a mention, or a reply in a thread the bot takes part in.
func (a *Adapter) handlePost(ctx context.Context, in incoming) {
	p := in.post
	botID, botName := a.self()
	if p.UserId == botID {
		a.noteOwnPost(p)
		return
	}
	// Other bots, webhooks, slash command output and system messages.
	if p.Type != "" || propTrue(p, model.PostPropsFromBot) || propTrue(p, model.PostPropsFromWebhook) || p.DeleteAt != 0 {
		return
	}
	a.mu.Lock()
	fresh := a.seen.add(p.Id)
	a.mu.Unlock()
	if !fresh {
		return
	}
	chType := in.chType
	if chType == "" {
		chType = a.channelType(ctx, p.ChannelId)
	}
	direct := chType == string(model.ChannelTypeDirect)
	if !direct {
		if len(a.cfg.Channels) > 0 && !slices.Contains(a.cfg.Channels, p.ChannelId) {
			return
		}
		mentioned := slices.Contains(in.mentions, botID) || mentionRe(botName).MatchString(p.Message)
		if !mentioned && (p.RootId == "" || !a.inBotThread(ctx, p.RootId)) {
			return
		}
	}
	hp := a.handler.Load()
	if hp == nil {
		return
	}
	root := p.RootId
	if !direct && root == "" {
		root = p.Id // answer in a thread under the question
	}
	t := target{channel: p.ChannelId, root: root, user: p.UserId, kind: bot.Channel}
	switch {
	case direct:
		t.kind = bot.Direct
	case root != "":
		t.kind = bot.Thread
	}
	user := a.user(ctx, p.UserId, strings.TrimPrefix(in.senderName, "@"))
	text := stripMention(p.Message, botName)
	// In a channel the conversation is the channel, whether the message is
	// a mention at the top or a reply in a thread: a check started with
	// /noaber (which Mattermost sends without a thread) goes on with the
	// answers typed in the thread the bot opened, or in a new mention. The
	// replies still go into the thread under the question (t).
	conv := t.convID()
	if !direct {
		conv = target{channel: p.ChannelId}.convID()
	}
	replies := (*hp).Handle(ctx, bot.Inbound{User: user, Conv: bot.Conversation{ID: conv, Kind: t.kind}, Text: text})
	dmFailed := false
	for _, r := range replies {
		if r.IfDMSent && dmFailed {
			continue // "I sent you a DM" would be untrue
		}
		if err := a.deliverOrQueue(ctx, t, r, "answer post"); err != nil {
			a.log.Warn("answer post", "channel_id", p.ChannelId, "err", err)
			dmFailed = dmFailed || r.Visibility == bot.DM
		}
	}
}

// user builds the neutral user with roles derived from Mattermost.
func (a *Adapter) user(ctx context.Context, id, name string) bot.User {
	return bot.User{ID: Name + ":" + id, Name: name, Roles: a.roles.of(ctx, id)}
}

var (
	mentionMu    sync.Mutex
	mentionCache = map[string]*regexp.Regexp{}
)

// mentionRe matches "@name" as a whole word, case-insensitively.
func mentionRe(name string) *regexp.Regexp {
	mentionMu.Lock()
	defer mentionMu.Unlock()
	if re, ok := mentionCache[name]; ok {
		return re
	}
	re := regexp.MustCompile(`(?i)(^|[^\w.@-])@` + regexp.QuoteMeta(name) + `($|[^\w.-]|\.($|\s))`)
	if name == "" {
		re = regexp.MustCompile(`$^`)
	}
	mentionCache[name] = re
	return re
}

// stripMention removes "@botname" from a message.
func stripMention(msg, name string) string {
	if name == "" {
		return strings.TrimSpace(msg)
	}
	re := mentionRe(name)
	out := re.ReplaceAllStringFunc(msg, func(m string) string {
		i := strings.Index(strings.ToLower(m), "@"+strings.ToLower(name))
		return m[:i] + m[i+1+len(name):]
	})
	out = strings.TrimLeft(strings.TrimSpace(out), ",:; ")
	return strings.TrimSpace(out)
}

// statusOf is the HTTP status of a REST failure, or 0.
func statusOf(resp *model.Response) int {
	if resp == nil {
		return 0
	}
	return resp.StatusCode
}

// permanentStatus reports whether a REST failure can never succeed: the
// channel or user is gone, or the bot may not post there.
func permanentStatus(code int) bool {
	return code == http.StatusBadRequest || code == http.StatusForbidden || code == http.StatusNotFound
}
