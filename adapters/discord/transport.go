package discord

import (
	"net/http"
	"net/url"
	"strings"
)

// rewriteTransport sends requests meant for discord.com to another base URL.
// discordgo computes its endpoints from package variables at init, so
// changing the host per Session is only possible below it, in the HTTP
// client. The gateway URL then comes from the proxy's GET /gateway answer.
type rewriteTransport struct {
	base *url.URL
	next http.RoundTripper
}

func (t *rewriteTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	if req.URL.Host != "discord.com" {
		return t.next.RoundTrip(req)
	}
	r := req.Clone(req.Context())
	r.URL.Scheme = t.base.Scheme
	r.URL.Host = t.base.Host
	r.URL.Path = strings.TrimSuffix(t.base.Path, "/") + req.URL.Path
	if req.URL.RawPath != "" {
		r.URL.RawPath = strings.TrimSuffix(t.base.Path, "/") + req.URL.RawPath
	}
	r.Host = ""
	return t.next.RoundTrip(r)
}

// httpClient returns the REST client: requests to discord.com go to apiURL
// when it is set.
func httpClient(apiURL string, next http.RoundTripper) (*http.Client, error) {
	if next == nil {
		next = http.DefaultTransport
	}
	c := &http.Client{Timeout: restTimeout, Transport: next}
	if apiURL == "" {
		return c, nil
	}
	u, err := url.Parse(apiURL)
	if err != nil {
		return nil, err
	}
	c.Transport = &rewriteTransport{base: u, next: next}
	return c, nil
}
