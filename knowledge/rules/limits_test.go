package rules

import (
	"fmt"
	"strings"
	"testing"
	"testing/fstest"
)

// TestLoadLimits: a file too large, expressions nested too deep and too
// many files are refused with a message naming the file, before the file
// is parsed.
func TestLoadLimits(t *testing.T) {
	small := fileLimits
	small.FileBytes, small.Files, small.Depth = 1<<10, 3, 8

	_, err := load(fstest.MapFS{"groot.toml": {Data: []byte("id = \"x\"\n# " + strings.Repeat("x", 2500) + "\n")}}, small)
	if err == nil || !strings.Contains(err.Error(), "groot.toml: 2 KB, more than the 1 KB") {
		t.Errorf("large file: %v", err)
	}
	deep := "id = \"x\"\n\nwhen = \"" + strings.Repeat("(", 20) + "1" + strings.Repeat(")", 20) + "\"\n"
	_, err = load(fstest.MapFS{"diep.toml": {Data: []byte(deep)}}, small)
	if err == nil || !strings.Contains(err.Error(), "diep.toml:3: brackets nested 20 deep, more than 8") {
		t.Errorf("deep expression: %v", err)
	}
	many := fstest.MapFS{}
	for i := range 4 {
		many[fmt.Sprintf("c%d.toml", i)] = &fstest.MapFile{Data: []byte("id = \"x\"\n")}
	}
	_, err = load(many, small)
	if err == nil || !strings.Contains(err.Error(), "more than 3 check files") {
		t.Errorf("many files: %v", err)
	}
	// The built-in checks stay well inside the real limits.
	if _, err := Load(EmbeddedFS()); err != nil {
		t.Errorf("built-in checks: %v", err)
	}
}
