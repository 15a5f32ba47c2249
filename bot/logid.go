package bot

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"strings"
)

// LogRedactor replaces user ids in log lines by a keyed hash: an operator
// can still see that two lines concern the same user (and, holding the
// database, compute the hash of a given id), while the log itself names
// nobody. The key lives in the database (store.DB.Secret).
type LogRedactor struct{ key []byte }

// NewLogRedactor returns a redactor with key; a nil key still hashes,
// with a key of zeros (tests).
func NewLogRedactor(key []byte) LogRedactor { return LogRedactor{key: key} }

// ID returns "u:" and the first 12 hex digits of HMAC-SHA256(key, id).
func (r LogRedactor) ID(id string) string {
	m := hmac.New(sha256.New, r.key)
	m.Write([]byte(id))
	return "u:" + hex.EncodeToString(m.Sum(nil))[:12]
}

// Text returns s with every occurrence of the ids (full "platform:raw"
// form first, then the raw platform id) replaced by their keyed hash.
func (r LogRedactor) Text(s string, ids ...string) string {
	for _, id := range ids {
		if id == "" {
			continue
		}
		h := r.ID(id)
		s = strings.ReplaceAll(s, id, h)
		if _, raw, ok := strings.Cut(id, ":"); ok && len(raw) >= 4 {
			s = strings.ReplaceAll(s, raw, h)
		}
	}
	return s
}
