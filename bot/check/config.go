package check

import (
	"fmt"
	"os"

	"github.com/noaber/noaber/knowledge/rules"
)

// Config is the [rules] section of the configuration.
type Config struct {
	// Dir is a directory with extra check files (*.toml) and their
	// scenario files (*.scenarios.toml). A check with the id of a built-in
	// check replaces it, so a municipality can use its own Right to
	// Challenge conditions. OPTIONAL; empty means only the built-in checks.
	Dir string `toml:"dir"`
}

// Validate checks that Dir, when set, is a directory whose check files
// load. Messages start with the full key.
func (c Config) Validate() error {
	if c.Dir == "" {
		return nil
	}
	st, err := os.Stat(c.Dir)
	if err != nil {
		return fmt.Errorf("rules.dir: %s does not exist or cannot be read: %v", c.Dir, err)
	}
	if !st.IsDir() {
		return fmt.Errorf("rules.dir: %s is not a directory", c.Dir)
	}
	if _, err := rules.LoadDir(c.Dir); err != nil {
		return fmt.Errorf("rules.dir: check files in %s do not load:\n%v", c.Dir, err)
	}
	return nil
}

// Checks returns the built-in checks, with those of Dir added or
// overriding by id.
func (c Config) Checks() (*rules.Set, error) {
	set := rules.Embedded()
	if c.Dir == "" {
		return set, nil
	}
	own, err := rules.LoadDir(c.Dir)
	if err != nil {
		return nil, fmt.Errorf("rules.dir: %w", err)
	}
	return set.With(own), nil
}
