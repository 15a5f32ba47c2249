package metrics

import (
	"regexp"
	"slices"
	"testing"

	"github.com/prometheus/client_golang/prometheus"
)

// TestNamesAndRegistries: the names dashboards and OPERATIONS.md rely on are
// the ones registered, and each registry takes them once without touching
// a global one.
func TestNamesAndRegistries(t *testing.T) {
	want := []string{"noaber_adapter_reconnects_total", "noaber_answer_seconds", "noaber_answers_total", "noaber_checks_total",
		"noaber_handle_seconds", "noaber_messages_in_total", "noaber_messages_out_total", "noaber_outbox_dead_total",
		"noaber_outbox_expired_total", "noaber_outbox_failures_total", "noaber_rate_limited_total", "noaber_reminders_total",
		"noaber_signups_total"}
	ch := make(chan *prometheus.Desc, 64)
	for _, c := range all() {
		c.Describe(ch)
	}
	close(ch)
	name := regexp.MustCompile(`fqName: "([^"]+)"`)
	var got []string
	for d := range ch {
		got = append(got, name.FindStringSubmatch(d.String())[1])
	}
	slices.Sort(got)
	if !slices.Equal(got, want) {
		t.Errorf("metric names %v, want %v", got, want)
	}
	a, b := NewRegistry(), NewRegistry()
	if err := GaugeFunc(a, "noaber_outbox_depth", "h", func() float64 { return 1 }); err != nil {
		t.Fatal(err)
	}
	if err := GaugeFunc(b, "noaber_outbox_depth", "h", func() float64 { return 2 }); err != nil {
		t.Errorf("a second registry refused the gauge: %v", err)
	}
	if err := GaugeFunc(a, "noaber_outbox_depth", "h", func() float64 { return 3 }); err == nil {
		t.Error("the same gauge twice on one registry gave no error")
	}
	if err := prometheus.DefaultRegisterer.Register(MessagesIn); err != nil {
		t.Errorf("the package registered on the global registry: %v", err)
	}
}
