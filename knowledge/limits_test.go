package knowledge

import (
	"fmt"
	"strings"
	"testing"
	"testing/fstest"
)

// TestLocalFolderLimits: a document over the size limit is skipped with a
// clear error, and reading stops at the file-count limit, so a mistaken
// copy into the folder cannot take minutes and gigabytes.
func TestLocalFolderLimits(t *testing.T) {
	small := docLimits{FileBytes: 4 << 10, Files: 3, TotalBytes: 1 << 20}

	doc := func(i int) []byte {
		return []byte(strings.Replace(goodDoc, "nl-test", fmt.Sprintf("nl-test-%d", i), 1))
	}
	fsys := fstest.MapFS{"nl/big.md": {Data: append(doc(0), strings.Repeat("groot ", 2000)...)}}
	for i := 1; i <= 5; i++ {
		fsys[fmt.Sprintf("nl/d%d.md", i)] = &fstest.MapFile{Data: doc(i)}
	}
	docs, errs := parseFS(fsys, true, small)
	if len(docs) != 3 {
		t.Errorf("%d documents read, want the first 3", len(docs))
	}
	joined := fmt.Sprint(errs)
	if !strings.Contains(joined, "nl/big.md: 11 KB, more than the 4 KB") || !strings.Contains(joined, "nl/d4.md and later files not read") {
		t.Errorf("errors: %v", errs)
	}
	// The embedded corpus is ours and not bounded.
	if _, errs := ParseFS(Corpus(), false); len(errs) > 0 {
		t.Errorf("embedded corpus: %v", errs)
	}
}
