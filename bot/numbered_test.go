package bot_test

import (
	"fmt"
	"testing"

	"github.com/noaber/noaber/bot"
)

func TestNumberedAnswersOnlyTheLastChoicesOfThatUser(t *testing.T) {
	var n bot.Numbered
	yesNo := []bot.Choice{{ID: "t:yes", Label: "Ja"}, {ID: "t:no", Label: "Nee"}}
	ann, bob := bot.NumberedKey("matrix:!r", "matrix:@ann"), bot.NumberedKey("matrix:!r", "matrix:@bob")
	n.Remember(ann, yesNo)
	if a := n.Resolve(ann, " 2 "); a == nil || a.ID != "t:no" {
		t.Fatalf("Resolve(2) = %v", a)
	}
	for _, text := range []string{"0", "3", "twee", "2x", ""} {
		if a := n.Resolve(ann, text); a != nil {
			t.Errorf("Resolve(%q) = %v, want nil", text, a)
		}
	}
	if a := n.Resolve(bob, "1"); a != nil {
		t.Errorf("another user's number clicked %v", a)
	}
	n.Remember(ann, nil) // a reply without choices keeps the earlier ones
	if n.Resolve(ann, "1") == nil {
		t.Error("choices lost by a reply without choices")
	}
	n.Forget(ann)
	if a := n.Resolve(ann, "1"); a != nil {
		t.Errorf("after Forget: %v", a)
	}
	if got := bot.NumberedLabels(yesNo); got != "[1] Ja  [2] Nee" {
		t.Errorf("labels %q", got)
	}
}

func TestNumberedIsBounded(t *testing.T) {
	n := bot.Numbered{MaxKeys: 3}
	for i := range 5 {
		n.Remember(fmt.Sprint(i), []bot.Choice{{ID: "x:" + fmt.Sprint(i)}})
	}
	if n.Resolve("0", "1") != nil || n.Resolve("1", "1") != nil {
		t.Error("oldest keys kept beyond MaxKeys")
	}
	if a := n.Resolve("4", "1"); a == nil || a.ID != "x:4" {
		t.Errorf("newest key lost: %v", a)
	}
}
