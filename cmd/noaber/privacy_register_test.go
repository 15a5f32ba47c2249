package main

import (
	"os"
	"reflect"
	"strings"
	"testing"

	"github.com/noaber/noaber/bot/events"
)

// TestPrivacyRegisterNamesStoredNames: PRIVACY.md is copied into a
// municipality's processing register, so it must not say "no names" while
// a sign-up keeps the user's display name.
func TestPrivacyRegisterNamesStoredNames(t *testing.T) {
	raw, err := os.ReadFile("../../PRIVACY.md")
	if err != nil {
		t.Fatal(err)
	}
	doc := string(raw)
	f, ok := reflect.TypeOf(events.Signup{}).FieldByName("Name")
	if !ok || !strings.HasPrefix(f.Tag.Get("json"), "name") {
		t.Skip("sign-ups store no name")
	}
	if strings.Contains(doc, "not store names") {
		t.Error("PRIVACY.md says no names are stored, but sign-ups store the display name")
	}
	for _, line := range strings.Split(doc, "\n") {
		if strings.HasPrefix(line, "| sign-ups") && !strings.Contains(line, "display name") {
			t.Errorf("the sign-ups row does not list the display name: %s", line)
		}
	}
}
