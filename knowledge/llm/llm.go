// Package llm is Noaber's client for an OpenAI-compatible chat-completions
// server (OpenAI, vLLM, llama.cpp, Ollama, …). It only transports a prompt
// and returns the text: the knowledge engine builds the prompt from
// retrieved passages and checks the answer before anyone sees it. This is
// the only package that imports go-openai.
package llm

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"os"
	"strings"
	"time"

	openai "github.com/sashabaranov/go-openai"

	"github.com/noaber/noaber/knowledge"
	"github.com/noaber/noaber/units"
)

// APIKeyEnv is the environment variable holding the API key. A secret does
// not belong in a config file that is copied around.
const APIKeyEnv = "NOABER_LLM_API_KEY"

// Config is the [llm] section of the configuration file. The zero value
// (no base_url) means no LLM: answers are extractive.
type Config struct {
	// BaseURL of the OpenAI-compatible API, e.g. "https://api.openai.com/v1"
	// or "http://localhost:8080/v1". OPTIONAL; empty disables the LLM.
	BaseURL string `toml:"base_url"`
	// Model name as the server knows it. REQUIRED when base_url is set.
	Model string `toml:"model"`
	// Timeout is the time budget for one answer; past it the extractive
	// answer is shown. OPTIONAL; zero means 8s.
	Timeout units.Duration `toml:"timeout"`
	// MaxTokens bounds the length of the answer. OPTIONAL; zero means 400.
	MaxTokens int `toml:"max_tokens"`
	// Rewrite lets the model also rewrite a question the engine is not
	// sure of into a search query; the rewrite only finds candidates and
	// never reaches the user. OPTIONAL; default false. Needs base_url.
	Rewrite bool `toml:"rewrite"`
	// RewriteTimeout is the time budget of one rewrite; past it the
	// question is answered as without the LLM. OPTIONAL; zero means 2s.
	RewriteTimeout units.Duration `toml:"rewrite_timeout"`
	// APIKey is read from NOABER_LLM_API_KEY, never from the file.
	APIKey string `toml:"-"`
}

// Enabled reports whether an LLM is configured.
func (c Config) Enabled() bool { return c.BaseURL != "" }

// Validate reports bad settings, each naming its key.
func (c Config) Validate() error {
	if !c.Enabled() {
		if c.Rewrite {
			return errors.New("llm.rewrite: needs llm.base_url (the LLM that rewrites)")
		}
		return nil
	}
	var errs []error
	if c.RewriteTimeout.Duration < 0 || c.RewriteTimeout.Duration > 30*time.Second {
		errs = append(errs, fmt.Errorf("llm.rewrite_timeout: must be between 0 and 30s, got %s", c.RewriteTimeout.Duration))
	}
	if u, err := url.Parse(c.BaseURL); err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		errs = append(errs, fmt.Errorf("llm.base_url: must be an http(s) URL, got %q", c.BaseURL))
	}
	if strings.TrimSpace(c.Model) == "" {
		errs = append(errs, errors.New("llm.model: required when llm.base_url is set"))
	}
	if c.Timeout.Duration < 0 || c.Timeout.Duration > 2*time.Minute {
		errs = append(errs, fmt.Errorf("llm.timeout: must be between 0 and 2m, got %s", c.Timeout.Duration))
	}
	if c.MaxTokens < 0 || c.MaxTokens > 8192 {
		errs = append(errs, fmt.Errorf("llm.max_tokens: must be between 1 and 8192, got %d", c.MaxTokens))
	}
	return errors.Join(errs...)
}

// WithDefaults fills in the documented defaults and the API key from the
// environment.
func (c Config) WithDefaults() Config {
	if c.Timeout.Duration == 0 {
		c.Timeout.Duration = 8 * time.Second
	}
	if c.MaxTokens == 0 {
		c.MaxTokens = 400
	}
	if c.RewriteTimeout.Duration == 0 {
		c.RewriteTimeout.Duration = knowledge.DefaultRewriteTimeout
	}
	if c.APIKey == "" {
		c.APIKey = os.Getenv(APIKeyEnv)
	}
	return c
}

// Client sends prompts to the server. It implements knowledge.Generator.
type Client struct {
	cfg Config
	c   *openai.Client
}

var _ knowledge.Generator = (*Client)(nil)

// New returns a client for cfg (after Validate and WithDefaults).
func New(cfg Config) (*Client, error) {
	if err := cfg.Validate(); err != nil {
		return nil, err
	}
	if !cfg.Enabled() {
		return nil, errors.New("llm.base_url: not set")
	}
	cfg = cfg.WithDefaults()
	oc := openai.DefaultConfig(cfg.APIKey)
	oc.BaseURL = strings.TrimRight(cfg.BaseURL, "/")
	// The HTTP timeout is a backstop; the engine's context is the budget.
	oc.HTTPClient = &http.Client{Timeout: cfg.Timeout.Duration + time.Second}
	return &Client{cfg: cfg, c: openai.NewClientWithConfig(oc)}, nil
}

// Timeout is the configured time budget per answer, for the engine.
func (c *Client) Timeout() time.Duration { return c.cfg.Timeout.Duration }

// RewriteTimeout is the configured time budget per rewrite, for the
// engine.
func (c *Client) RewriteTimeout() time.Duration { return c.cfg.RewriteTimeout.Duration }

// Complete sends one system and one user message and returns the first
// choice's text. Low temperature: the task is restating passages, not
// inventing.
func (c *Client) Complete(ctx context.Context, system, user string) (string, error) {
	ctx, cancel := context.WithTimeout(ctx, c.cfg.Timeout.Duration)
	defer cancel()
	resp, err := c.c.CreateChatCompletion(ctx, openai.ChatCompletionRequest{
		Model: c.cfg.Model,
		Messages: []openai.ChatCompletionMessage{
			{Role: openai.ChatMessageRoleSystem, Content: system},
			{Role: openai.ChatMessageRoleUser, Content: user},
		},
		Temperature: 0.1,
		// max_tokens rather than max_completion_tokens: the OpenAI-compatible
		// servers people self-host (llama.cpp, vLLM, Ollama) read this one.
		//lint:ignore SA1019 self-hosted OpenAI-compatible servers read max_tokens, not max_completion_tokens
		MaxTokens: c.cfg.MaxTokens,
	})
	if err != nil {
		return "", fmt.Errorf("llm %s: %w", c.cfg.Model, err)
	}
	if len(resp.Choices) == 0 {
		return "", fmt.Errorf("llm %s: no choices in the response", c.cfg.Model)
	}
	return resp.Choices[0].Message.Content, nil
}
