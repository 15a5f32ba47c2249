package knowledge

import (
	"slices"
	"strings"

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

// storyToSearch is the story without its sentences that only say how the
// asker feels or what they did to find out ("Dit is voor ons echt heel
// belangrijk.", "I already asked the council but got no clear answer.";
// see understand.MetaSentence): they name nothing to search for.
func storyToSearch(story string) string {
	if story == "" {
		return ""
	}
	sents := storySentences(story)
	kept := sents[:0:0]
	for _, s := range sents {
		if !understand.MetaSentence(s) {
			kept = append(kept, s)
		}
	}
	if len(kept) == len(sents) {
		return story
	}
	return strings.Join(kept, " ")
}
