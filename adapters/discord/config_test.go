package discord

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

func TestConfigValidate(t *testing.T) {
	ok := Config{Enabled: true, Token: "abc.def.ghi"}
	tests := []struct {
		name    string
		mutate  func(*Config)
		wantKey string // "" means valid
	}{
		{"valid", func(*Config) {}, ""},
		{"disabled needs no token", func(c *Config) { *c = Config{} }, ""},
		{"disabled still checks keys", func(c *Config) { *c = Config{Guilds: []string{"x"}} }, "discord.guilds"},
		{"no token", func(c *Config) { c.Token = "" }, "discord.token"},
		{"Bot prefix", func(c *Config) { c.Token = "Bot abc" }, "discord.token"},
		{"space in token", func(c *Config) { c.Token = "abc def" }, "discord.token"},
		{"application id", func(c *Config) { c.ApplicationID = "noaber" }, "discord.application_id"},
		{"guild id", func(c *Config) { c.Guilds = []string{"123", "mijn server"} }, "discord.guilds"},
		{"both intents options", func(c *Config) { c.MessageContent, c.CommandsOnly = true, true }, "discord.message_content"},
		{"api url", func(c *Config) { c.APIURL = "discord-proxy:8080" }, "discord.api_url"},
		{"api url ok", func(c *Config) { c.APIURL = "http://discord-proxy:8080" }, ""},
		{"role key", func(c *Config) { c.Roles = map[string]string{"5001": "official"} }, "discord.roles"},
		{"role name", func(c *Config) { c.Roles = map[string]string{"4001/5001": "koning"} }, "discord.roles"},
		{"role ok", func(c *Config) { c.Roles = map[string]string{"4001/5001": "organisator"} }, ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			c := ok
			tc.mutate(&c)
			err := c.Validate()
			if tc.wantKey == "" {
				if err != nil {
					t.Errorf("Validate = %v, want nil", err)
				}
				return
			}
			if err == nil || !strings.HasPrefix(err.Error(), tc.wantKey+": ") {
				t.Errorf("Validate = %v, want an error starting with %q", err, tc.wantKey+": ")
			}
			if err != nil && strings.Contains(err.Error(), c.Token) && c.Token != "" {
				t.Errorf("the error shows the token: %v", err)
			}
		})
	}
}

func TestRoleTable(t *testing.T) {
	c := Config{Roles: map[string]string{"4001/5001": "ambtenaar", "4001/5002": "admin", "4002/5001": "organiser"}}
	tab := c.roleTable()
	if tab["4001"]["5001"] != "official" || tab["4001"]["5002"] != "admin" || tab["4002"]["5001"] != "organiser" {
		t.Errorf("roleTable = %v", tab)
	}
}

func TestAPIURLRewritesHost(t *testing.T) {
	var got string
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { got = r.URL.Path }))
	defer srv.Close()
	c, err := httpClient(srv.URL+"/proxy/", nil)
	if err != nil {
		t.Fatal(err)
	}
	resp, err := c.Get("https://discord.com/api/v9/gateway")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if got != "/proxy/api/v9/gateway" {
		t.Errorf("proxy saw path %q", got)
	}
}
