package web

import (
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"net/http"
	"strings"
	"time"
)

// CookieName is the visitor cookie's name.
const CookieName = "noaber_visitor"

// cookies signs and checks visitor ids. The cookie holds nothing but a
// random id and its HMAC, so it cannot be forged or changed to another
// visitor's id without the key.
type cookies struct {
	key    []byte
	path   string
	secure bool
	maxAge time.Duration
}

var b64 = base64.RawURLEncoding

// newID returns a fresh random visitor id (128 bits).
func newID() string {
	var b [16]byte
	_, _ = rand.Read(b[:])
	return b64.EncodeToString(b[:])
}

func (c cookies) mac(id string) string {
	m := hmac.New(sha256.New, c.key)
	m.Write([]byte("noaber-web-visitor-v1|" + id))
	return b64.EncodeToString(m.Sum(nil))
}

// value is the cookie value for id.
func (c cookies) value(id string) string { return id + "." + c.mac(id) }

// parse returns the id in a cookie value, or "" when it is not one we signed.
func (c cookies) parse(v string) string {
	id, sig, ok := strings.Cut(v, ".")
	if !ok || len(id) != 22 || !hmac.Equal([]byte(sig), []byte(c.mac(id))) {
		return ""
	}
	return id
}

// visitorID reads the visitor id from r's cookie ("" when there is none
// or it is not valid).
func (c cookies) visitorID(r *http.Request) string {
	ck, err := r.Cookie(CookieName)
	if err != nil {
		return ""
	}
	return c.parse(ck.Value)
}

// set gives the client the cookie for id (again, to extend its life).
func (c cookies) set(w http.ResponseWriter, id string) {
	http.SetCookie(w, &http.Cookie{
		Name:     CookieName,
		Value:    c.value(id),
		Path:     c.path,
		MaxAge:   int(c.maxAge / time.Second),
		HttpOnly: true,
		Secure:   c.secure,
		SameSite: http.SameSiteLaxMode,
	})
}
