package bot

import (
	"fmt"
	"strconv"
	"strings"
	"sync"
)

// Numbered lets text-only platforms offer choices as numbered options that
// a user answers by typing the number: the console, Matrix. An adapter
// remembers the choices it showed a user in a conversation (Remember), turns
// a typed "2" into a click on the second (Resolve) and forgets them once the
// user said anything else (Forget), so a number answers only the choices
// shown last. The zero value is ready to use; it is safe for concurrent use
// and keeps at most MaxKeys conversations (the oldest go first).
type Numbered struct {
	// MaxKeys bounds the memory; zero means 10,000.
	MaxKeys int

	mu    sync.Mutex
	shown map[string][]Choice
	order []string
}

// NumberedKey is the key a user's choices in a conversation are kept
// under.
func NumberedKey(convID, userID string) string { return convID + "\x00" + userID }

// Remember keeps choices as what a number answers under key; no choices
// leaves the earlier ones in place.
func (n *Numbered) Remember(key string, choices []Choice) {
	if len(choices) == 0 {
		return
	}
	n.mu.Lock()
	defer n.mu.Unlock()
	if n.shown == nil {
		n.shown = map[string][]Choice{}
	}
	if _, ok := n.shown[key]; !ok {
		limit := n.MaxKeys
		if limit <= 0 {
			limit = 10000
		}
		for len(n.order) >= limit {
			delete(n.shown, n.order[0])
			n.order = n.order[1:]
		}
		n.order = append(n.order, key)
	}
	n.shown[key] = choices
}

// Resolve turns text that is just a number of a choice shown under key
// ("2", " 2 ") into a click on that choice; anything else gives nil.
func (n *Numbered) Resolve(key, text string) *Action {
	i, err := strconv.Atoi(strings.TrimSpace(text))
	if err != nil {
		return nil
	}
	n.mu.Lock()
	defer n.mu.Unlock()
	shown := n.shown[key]
	if i < 1 || i > len(shown) {
		return nil
	}
	return &Action{ID: shown[i-1].ID}
}

// Forget drops the choices under key: after the user answered, numbers
// mean nothing until new choices are shown.
func (n *Numbered) Forget(key string) {
	n.mu.Lock()
	defer n.mu.Unlock()
	if _, ok := n.shown[key]; !ok {
		return
	}
	delete(n.shown, key)
	for i, k := range n.order {
		if k == key {
			n.order = append(n.order[:i], n.order[i+1:]...)
			break
		}
	}
}

// NumberedLabels renders choices as one line of numbered options:
// "[1] Ja  [2] Nee".
func NumberedLabels(choices []Choice) string {
	parts := make([]string, len(choices))
	for i, c := range choices {
		parts[i] = fmt.Sprintf("[%d] %s", i+1, c.Label)
	}
	return strings.Join(parts, "  ")
}
