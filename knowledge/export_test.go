package knowledge

// Cards returns every card of the loaded documents (tests only).
func (e *Engine) Cards() []*Card {
	var out []*Card
	for _, d := range e.snap.Load().docs {
		out = append(out, d.Cards...)
	}
	return out
}
