// Package config reads Noaber's TOML configuration into typed structs,
// rejects unknown keys and wrong types with the key (and line) at fault, and
// takes secrets from the environment. Each feature and adapter owns its
// section's struct and Validate method; this package only composes them.
// A missing file means all defaults: the console bot needs no file at all.
package config

import (
	"errors"
	"fmt"
	"log/slog"
	"net"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/BurntSushi/toml"

	"github.com/noaber/noaber/adapters/console"
	"github.com/noaber/noaber/adapters/discord"
	"github.com/noaber/noaber/adapters/matrix"
	"github.com/noaber/noaber/adapters/mattermost"
	"github.com/noaber/noaber/adapters/web"
	"github.com/noaber/noaber/bot"
	"github.com/noaber/noaber/bot/check"
	"github.com/noaber/noaber/bot/deadlines"
	"github.com/noaber/noaber/bot/events"
	"github.com/noaber/noaber/bot/privacy"
	"github.com/noaber/noaber/i18n"
	"github.com/noaber/noaber/knowledge"
	"github.com/noaber/noaber/knowledge/llm"
	"github.com/noaber/noaber/units"
)

// Config is the whole configuration. Every key is documented in
// config.example.toml; keep the two in step (a test checks that the example
// decodes and that every field appears in it).
type Config struct {
	Bot     Bot            `toml:"bot"`
	HTTP    HTTP           `toml:"http"`
	Roles   Roles          `toml:"roles"`
	Outbox  Outbox         `toml:"outbox"`
	Console console.Config `toml:"console"`
	Admin   Admin          `toml:"admin"`
	Backup  Backup         `toml:"backup"`
	Limits  Limits         `toml:"limits"`
	Privacy privacy.Config `toml:"privacy"`
	Events  events.Config  `toml:"events"`
	Discord discord.Config `toml:"discord"`

	Knowledge knowledge.Config `toml:"knowledge"`
	LLM       llm.Config       `toml:"llm"`
	Rules     check.Config     `toml:"rules"`

	Deadlines  deadlines.Config  `toml:"deadlines"`
	Mattermost mattermost.Config `toml:"mattermost"`

	// Web is the web chat (adapters/web).
	Web    web.Config    `toml:"web"`
	Matrix matrix.Config `toml:"matrix"`

	// Store is where the state lives: the bbolt file or etcd (store.go).
	Store Store `toml:"store"`
	// Cluster is leader election among instances on one etcd store.
	Cluster Cluster `toml:"cluster"`

	// Feature and adapter sections: one line each, owned by their package.
	// (ask/knowledge, llm, rules, deadlines, events, discord, mattermost,
	// privacy, limits are added here as those packages land.)
}

// Bot is the [bot] section.
type Bot struct {
	// DB is the database file. Empty means $XDG_DATA_HOME/noaber/noaber.db
	// (or ~/.local/share/noaber/noaber.db).
	DB string `toml:"db"`
	// DefaultLang is "nl" or "en"; empty means "nl".
	DefaultLang string `toml:"default_lang"`
	// MaxMessageLen is the longest message read, in characters (0: 4000).
	MaxMessageLen int `toml:"max_message_len"`
	// LogFormat is "text" or "json"; empty means text.
	LogFormat string `toml:"log_format"`
	// LogLevel is debug, info, warn or error; empty means info.
	LogLevel string `toml:"log_level"`
}

// HTTP is the [http] section.
type HTTP struct {
	// Listen is the address of the HTTP listener (health, metrics,
	// calendar feeds, Mattermost actions). Empty means off.
	Listen string `toml:"listen"`
	// PublicURL is how users and Mattermost reach the listener, for links
	// in messages (calendar feeds, action URLs). Empty means http://<listen>.
	PublicURL string `toml:"public_url"`
}

// Roles is the [roles] section: platform-scoped user ids per role.
type Roles struct {
	Admin     []string `toml:"admin"`
	Official  []string `toml:"official"`
	Organiser []string `toml:"organiser"`
}

// Outbox is the [outbox] section.
type Outbox struct {
	MaxAttempts int            `toml:"max_attempts"` // 0: 25
	MaxBackoff  units.Duration `toml:"max_backoff"`  // 0: 2h
}

// Admin is the [admin] section: the loopback-only listener that operator
// commands (backup, privacy export/erase) use while the bot runs.
type Admin struct {
	// Listen is a loopback address ("127.0.0.1:0" picks a free port,
	// the default); "off" disables it, and then backup and privacy
	// commands need the bot stopped.
	Listen string `toml:"listen"`
}

// Addr is the address to listen on, or "" when off.
func (a Admin) Addr() string {
	switch a.Listen {
	case "":
		return "127.0.0.1:0"
	case "off":
		return ""
	}
	return a.Listen
}

// Backup is the [backup] section: scheduled backups while the bot runs.
type Backup struct {
	// Dir is where scheduled backups go; empty means no scheduled backups.
	Dir string `toml:"dir"`
	// Interval between backups; zero means 24 hours.
	Interval units.Duration `toml:"interval"`
	// Keep is how many backups to keep; zero means 7.
	Keep int `toml:"keep"`
}

// Limits is the [limits] section: per-user rate limits. Zero means the
// default; a negative rate switches that limit off.
type Limits struct {
	MessagesPerMinute  float64 `toml:"messages_per_minute"`  // 0: 20
	MessageBurst       int     `toml:"message_burst"`        // 0: 10
	ExpensivePerMinute float64 `toml:"expensive_per_minute"` // 0: 6 (LLM calls)
	ExpensiveBurst     int     `toml:"expensive_burst"`      // 0: 3
}

// MessageLimit is the router's message limit (console users exempt).
func (l Limits) MessageLimit() bot.LimitConfig {
	return limit(l.MessagesPerMinute, 20, l.MessageBurst, 10)
}

// ExpensiveLimit is the limit on LLM calls per user.
func (l Limits) ExpensiveLimit() bot.LimitConfig {
	return limit(l.ExpensivePerMinute, 6, l.ExpensiveBurst, 3)
}

func limit(rate, defRate float64, burst, defBurst int) bot.LimitConfig {
	if rate == 0 {
		rate = defRate
	}
	if burst == 0 {
		burst = defBurst
	}
	if rate < 0 {
		rate = 0 // off
	}
	return bot.LimitConfig{PerMinute: rate, Burst: burst, ExemptPlatforms: []string{"console"}}
}

// ByRole returns the role table for runtime.NewRoles.
func (r Roles) ByRole() map[bot.Role][]string {
	return map[bot.Role][]string{bot.RoleAdmin: r.Admin, bot.RoleOfficial: r.Official, bot.RoleOrganiser: r.Organiser}
}

// Error is a configuration problem at a key.
type Error struct {
	File string
	Line int // 0 when unknown
	Key  string
	Msg  string
}

func (e *Error) Error() string {
	var b strings.Builder
	if e.File != "" {
		b.WriteString(e.File)
		if e.Line > 0 {
			fmt.Fprintf(&b, ":%d", e.Line)
		}
		b.WriteString(": ")
	}
	if e.Key != "" {
		b.WriteString(e.Key + ": ")
	}
	b.WriteString(e.Msg)
	return b.String()
}

// Default returns the configuration used without a file.
func Default() *Config { return &Config{} }

// Load reads path; an empty path means defaults. Environment variables
// override secrets (see applyEnv). The result is validated.
func Load(path string) (*Config, error) {
	cfg := Default()
	if path != "" {
		data, err := os.ReadFile(path)
		if err != nil {
			return nil, &Error{File: path, Msg: fmt.Sprintf("cannot read the file: %v", errors.Unwrap(err))}
		}
		if err := decode(path, string(data), cfg); err != nil {
			return nil, err
		}
	}
	applyEnv(cfg)
	if err := cfg.Validate(); err != nil {
		var ce *Error
		if errors.As(err, &ce) {
			ce.File = path
			return nil, ce
		}
		return nil, &Error{File: path, Msg: err.Error()}
	}
	return cfg, nil
}

func decode(path, data string, cfg *Config) error {
	md, err := toml.Decode(data, cfg)
	if err != nil {
		var pe toml.ParseError
		if errors.As(err, &pe) {
			msg := pe.Message
			if strings.Contains(msg, "incompatible types") || strings.Contains(msg, "type") {
				msg = strings.TrimPrefix(msg, "toml: ")
			}
			return &Error{File: path, Line: pe.Position.Line, Key: pe.LastKey, Msg: msg}
		}
		msg := strings.TrimPrefix(err.Error(), "toml: ")
		// Type mismatches come as `line N (last key "a.b"): message`.
		if m := decodeErr.FindStringSubmatch(msg); m != nil {
			line, _ := strconv.Atoi(m[1])
			return &Error{File: path, Line: line, Key: m[2], Msg: friendlyType(m[3])}
		}
		return &Error{File: path, Msg: msg}
	}
	if und := md.Undecoded(); len(und) > 0 {
		k := und[0]
		return &Error{File: path, Line: lineOf(data, k), Key: k.String(),
			Msg: "unknown key; check the spelling against config.example.toml"}
	}
	return nil
}

var decodeErr = regexp.MustCompile(`^line (\d+) \(last key "([^"]*)"\): (.*)$`)

var typeErr = regexp.MustCompile(`incompatible types: TOML value has type (\w+); destination has type (\w+)`)

// friendlyType rewrites the decoder's type message in plain words.
func friendlyType(msg string) string {
	if m := typeErr.FindStringSubmatch(msg); m != nil {
		return fmt.Sprintf("wrong type: the file has %s here, but this key takes %s", typeWord(m[1]), typeWord(m[2]))
	}
	return msg
}

func typeWord(t string) string {
	switch t {
	case "string":
		return "text (in quotes)"
	case "integer", "int64", "int":
		return "a whole number"
	case "float", "float64":
		return "a number"
	case "bool", "boolean":
		return "true or false"
	case "array", "slice":
		return "a list [ … ]"
	case "table", "struct", "map":
		return "a table"
	}
	return "a " + t
}

// lineOf finds the line that defines key (its table header or its
// assignment), for error messages.
func lineOf(data string, key toml.Key) int {
	table := ""
	for i, line := range strings.Split(data, "\n") {
		l := strings.TrimSpace(line)
		if strings.HasPrefix(l, "[") {
			table = strings.Trim(l, "[] ")
			if table == key.String() {
				return i + 1
			}
			continue
		}
		name, _, ok := strings.Cut(l, "=")
		if !ok {
			continue
		}
		full := strings.Trim(strings.TrimSpace(name), `"`)
		if table != "" {
			full = table + "." + full
		}
		if full == key.String() {
			return i + 1
		}
	}
	return 0
}

// Validate checks every section; the error names the key at fault.
func (c *Config) Validate() error {
	if c.Bot.DefaultLang != "" {
		if _, ok := i18n.ParseLang(c.Bot.DefaultLang); !ok {
			return &Error{Key: "bot.default_lang", Msg: fmt.Sprintf("%q is not a language; use \"nl\" or \"en\"", c.Bot.DefaultLang)}
		}
	}
	if c.Bot.MaxMessageLen < 0 {
		return &Error{Key: "bot.max_message_len", Msg: "must be 0 (default 4000) or more"}
	}
	switch c.Bot.LogFormat {
	case "", "text", "json":
	default:
		return &Error{Key: "bot.log_format", Msg: fmt.Sprintf("%q: use \"text\" or \"json\"", c.Bot.LogFormat)}
	}
	if _, err := c.Bot.Level(); err != nil {
		return &Error{Key: "bot.log_level", Msg: err.Error()}
	}
	for role, ids := range map[string][]string{"admin": c.Roles.Admin, "official": c.Roles.Official, "organiser": c.Roles.Organiser} {
		for _, id := range ids {
			if p, rest, ok := strings.Cut(id, ":"); !ok || p == "" || rest == "" {
				return &Error{Key: "roles." + role, Msg: fmt.Sprintf("%q is not a platform-scoped user id; write e.g. \"discord:1234\" or \"mattermost:abcd\"", id)}
			}
		}
	}
	if c.Outbox.MaxAttempts < 0 {
		return &Error{Key: "outbox.max_attempts", Msg: "must be 0 (default 25) or more"}
	}
	if addr := c.Admin.Addr(); addr != "" && !loopback(addr) {
		return &Error{Key: "admin.listen", Msg: fmt.Sprintf("%q is not a loopback address; the admin listener serves backups and personal data, so use e.g. \"127.0.0.1:0\" or \"off\"", c.Admin.Listen)}
	}
	if c.Backup.Keep < 0 {
		return &Error{Key: "backup.keep", Msg: "must be 0 (default 7) or more"}
	}
	if c.Backup.Interval.Duration < 0 || (c.Backup.Interval.Duration > 0 && c.Backup.Interval.Duration < time.Minute) {
		return &Error{Key: "backup.interval", Msg: "must be at least \"1m\" (default \"24h\")"}
	}
	if c.Limits.MessageBurst < 0 || c.Limits.ExpensiveBurst < 0 {
		return &Error{Key: "limits", Msg: "message_burst and expensive_burst must be 0 (default) or more"}
	}
	for _, v := range c.validators() {
		if err := v(); err != nil {
			return keyed(err)
		}
	}
	return nil
}

// validators lists the Validate methods of the feature and adapter
// sections. Their messages start with the full key ("discord.token: …").
func (c *Config) validators() []func() error {
	return []func() error{
		c.Console.Validate,
		c.Privacy.Validate,
		c.Events.Validate,
		c.Deadlines.Validate,
		c.Discord.Validate,
		c.Knowledge.Validate,
		c.LLM.Validate,
		c.Rules.Validate,
		c.Mattermost.Validate,
		c.mattermostNeedsListener,
		c.Web.Validate,
		c.webNeedsListener,
		c.Matrix.Validate,
		c.Store.Validate,
		c.Cluster.Validate,
	}
}

// Cluster is the [cluster] section: with the etcd store backend several
// instances elect one leader (bot/cluster); with bbolt it is ignored.
type Cluster struct {
	// Lease is how long after the leader's last lease renewal a standby
	// may take over (whole seconds, at least 2s). Zero means 5s.
	Lease units.Duration `toml:"lease"`
	// Name identifies this instance in the election and in /readyz.
	// Empty means <hostname>:<pid>.
	Name string `toml:"name"`
}

// LeaseTTL is Lease with its default.
func (c Cluster) LeaseTTL() time.Duration {
	if c.Lease.Duration == 0 {
		return 5 * time.Second
	}
	return c.Lease.Duration
}

// Validate checks the lease.
func (c Cluster) Validate() error {
	d := c.Lease.Duration
	if d < 0 || (d > 0 && (d < 2*time.Second || d%time.Second != 0)) {
		return fmt.Errorf("cluster.lease: must be whole seconds, at least \"2s\" (default \"5s\")")
	}
	return nil
}

// mattermostNeedsListener: Mattermost delivers slash commands and button
// clicks over HTTP, so the adapter needs the bot's HTTP listener.
func (c *Config) mattermostNeedsListener() error {
	if c.Mattermost.Enabled && c.HTTP.Listen == "" {
		return fmt.Errorf("mattermost.enabled: needs [http] listen (e.g. listen = \":8080\"), because Mattermost POSTs slash commands and button clicks to the bot")
	}
	return nil
}

// webNeedsListener: the web chat is served by the bot's HTTP listener.
func (c *Config) webNeedsListener() error {
	if c.Web.Enabled && c.HTTP.Listen == "" {
		return fmt.Errorf("web.enabled: needs [http] listen (e.g. listen = \"127.0.0.1:8080\"), because the chat is served by the bot's HTTP listener")
	}
	return nil
}

// keyed turns "section.key: message" into an Error with Key set.
func keyed(err error) error {
	var ce *Error
	if errors.As(err, &ce) {
		return ce
	}
	msg := err.Error()
	if k, rest, ok := strings.Cut(msg, ": "); ok && !strings.Contains(k, " ") && strings.Contains(k, ".") {
		return &Error{Key: k, Msg: rest}
	}
	return &Error{Msg: msg}
}

// loopback reports whether addr ("host:port") names a loopback host.
func loopback(addr string) bool {
	host, _, err := net.SplitHostPort(addr)
	if err != nil {
		return false
	}
	if host == "localhost" {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

// PermissionWarning returns a warning when the file at path can be read by
// other users of the machine (it may hold tokens), else "".
func PermissionWarning(path string) string {
	if path == "" {
		return ""
	}
	st, err := os.Stat(path)
	if err != nil || st.Mode().Perm()&0o077 == 0 {
		return ""
	}
	return fmt.Sprintf("%s can be read by other users (mode %v); it may hold secrets: run chmod 600 %s, or keep tokens in environment variables", path, st.Mode().Perm(), path)
}

// Level is the slog level of LogLevel.
func (b Bot) Level() (slog.Level, error) {
	var l slog.Level
	if b.LogLevel == "" {
		return slog.LevelInfo, nil
	}
	if err := l.UnmarshalText([]byte(b.LogLevel)); err != nil {
		return 0, fmt.Errorf("%q: use debug, info, warn or error", b.LogLevel)
	}
	return l, nil
}

// Lang is the default language.
func (b Bot) Lang() i18n.Lang {
	if l, ok := i18n.ParseLang(b.DefaultLang); ok {
		return l
	}
	return i18n.NL
}

// DBPath is the database file: the configured one or the per-user default.
func (c *Config) DBPath() string {
	if c.Bot.DB != "" {
		return c.Bot.DB
	}
	return DefaultDBPath()
}

// DefaultDBPath is $XDG_DATA_HOME/noaber/noaber.db, falling back to
// ~/.local/share/noaber/noaber.db, then to ./noaber.db.
func DefaultDBPath() string {
	if d := os.Getenv("XDG_DATA_HOME"); d != "" {
		return filepath.Join(d, "noaber", "noaber.db")
	}
	if home, err := os.UserHomeDir(); err == nil {
		return filepath.Join(home, ".local", "share", "noaber", "noaber.db")
	}
	return "noaber.db"
}

// applyEnv takes secrets from the environment, so they need not be in the
// file: NOABER_DISCORD_TOKEN, NOABER_MATTERMOST_TOKEN,
// NOABER_MATTERMOST_COMMAND_TOKEN, NOABER_MATTERMOST_ACTION_SECRET,
// NOABER_MATRIX_TOKEN, NOABER_MATRIX_PASSWORD, NOABER_LLM_API_KEY.
// NOABER_DB overrides bot.db.
func applyEnv(c *Config) {
	if v := os.Getenv("NOABER_DB"); v != "" {
		c.Bot.DB = v
	}
	for _, f := range c.envOverrides() {
		f()
	}
}

// envOverrides lists the sections' secret overrides (added with their
// sections).
func (c *Config) envOverrides() []func() {
	return []func(){
		env("NOABER_DISCORD_TOKEN", &c.Discord.Token),
		env(llm.APIKeyEnv, &c.LLM.APIKey),
		env("NOABER_MATTERMOST_TOKEN", &c.Mattermost.Token),
		env("NOABER_MATTERMOST_COMMAND_TOKEN", &c.Mattermost.CommandToken),
		env("NOABER_MATTERMOST_ACTION_SECRET", &c.Mattermost.ActionSecret),
		env("NOABER_MATRIX_TOKEN", &c.Matrix.Token),
		env("NOABER_MATRIX_PASSWORD", &c.Matrix.Password),
	}
}

// env sets *dst from the environment variable name when it is set.
func env(name string, dst *string) func() {
	return func() {
		if v, ok := os.LookupEnv(name); ok && v != "" {
			*dst = v
		}
	}
}
