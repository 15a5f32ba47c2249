package knowledge

import (
	"errors"
	"fmt"
	"github.com/noaber/noaber/units"
	"time"
)

// Config is the [knowledge] section of the configuration file. The zero
// value uses only the embedded corpus with the default threshold.
type Config struct {
	// DocsDir is a folder of the deployment's own Markdown documents, in
	// the corpus format, merged with the embedded corpus. OPTIONAL; empty
	// means the embedded corpus only.
	DocsDir string `toml:"docs_dir"`
	// ReloadInterval is how often DocsDir is checked for changes.
	// OPTIONAL; zero means 30s. Only used with DocsDir.
	ReloadInterval units.Duration `toml:"reload_interval"`
	// MinCoverage is the share (0–1, weighted by how rare each word is) of
	// a question's words the best passage must contain for an answer to be
	// given; below it the engine says it does not know. OPTIONAL; zero
	// means DefaultMinCoverage.
	MinCoverage float64 `toml:"min_coverage"`
}

// DefaultMinCoverage is the answer threshold measured on the eval set:
// high enough to refuse out-of-scope questions, low enough that a question
// with one unknown word (a town name) is still answered.
const DefaultMinCoverage = 0.5

// Validate reports the first bad setting, naming its key.
func (c Config) Validate() error {
	var errs []error
	if c.ReloadInterval.Duration < 0 || (c.ReloadInterval.Duration > 0 && c.ReloadInterval.Duration < time.Second) {
		errs = append(errs, fmt.Errorf("knowledge.reload_interval: must be at least 1s (or left out for 30s), got %s", c.ReloadInterval.Duration))
	}
	if c.MinCoverage < 0 || c.MinCoverage > 1 {
		errs = append(errs, fmt.Errorf("knowledge.min_coverage: must be between 0 and 1, got %g", c.MinCoverage))
	}
	return errors.Join(errs...)
}

func (c Config) withDefaults() Config {
	if c.ReloadInterval.Duration == 0 {
		c.ReloadInterval.Duration = 30 * time.Second
	}
	if c.MinCoverage == 0 {
		c.MinCoverage = DefaultMinCoverage
	}
	return c
}
