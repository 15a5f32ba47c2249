package knowledge

import (
	"slices"

	"github.com/noaber/noaber/knowledge/understand"
)

// withoutStoryActors drops the story's words that only name who plays a
// role in it ("de wethouder wil het snel regelen", "my manager says …";
// see understand.Actor): they say who speaks, not what the question is
// about, yet a few texts name the same role in passing ("advies aan de
// wethouder") and would be pulled in. In the question sentence such a
// word keeps its weight: "wie beslist, de raad of de wethouder?" asks
// about them.
func withoutStoryActors(gs []group) []group {
	return slices.DeleteFunc(gs, func(g group) bool { return g.story && understand.Actor(g.word) })
}
