package bot

import (
	"encoding/json"
	"time"
)

// Dialogue is a multi-turn conversation in progress: which capability owns
// it, which step it is at and what it has collected so far. It is stored per
// user and conversation.
type Dialogue struct {
	Owner   string          `json:"owner"`
	Step    string          `json:"step"`
	Data    json.RawMessage `json:"data,omitempty"`
	Lang    Lang            `json:"lang,omitempty"` // the language it started in
	Started time.Time       `json:"started"`
	Updated time.Time       `json:"updated"`
}

// Decode decodes the dialogue's data into v.
func (d *Dialogue) Decode(v any) error {
	if len(d.Data) == 0 {
		return nil
	}
	return json.Unmarshal(d.Data, v)
}
