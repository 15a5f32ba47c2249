package bot

import (
	"fmt"
	"time"
)

// Duration is a time.Duration that reads from config files as text
// ("90s", "2h", "14d"; "d" means 24 hours).
type Duration struct{ time.Duration }

// UnmarshalText parses a duration; a plain "d" suffix counts days.
func (d *Duration) UnmarshalText(b []byte) error {
	s := string(b)
	if n := len(s); n > 1 && s[n-1] == 'd' {
		var days int
		if _, err := fmt.Sscanf(s, "%dd", &days); err == nil && fmt.Sprintf("%dd", days) == s {
			d.Duration = time.Duration(days) * 24 * time.Hour
			return nil
		}
	}
	v, err := time.ParseDuration(s)
	if err != nil {
		return fmt.Errorf("%q is not a duration; write e.g. \"90s\", \"15m\", \"2h\" or \"14d\"", s)
	}
	d.Duration = v
	return nil
}

// MarshalText writes the duration in Go's notation.
func (d Duration) MarshalText() ([]byte, error) { return []byte(d.Duration.String()), nil }
