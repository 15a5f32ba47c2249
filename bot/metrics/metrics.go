// Package metrics defines every Prometheus metric Noaber exports, in one
// place so names stay consistent (all start with noaber_). The package
// registers nothing on a global registry: the program makes a registry
// (NewRegistry, or Register on its own) and serves it with Handler, so two
// apps in one process (tests) each have theirs. The counters themselves
// are values of this package, counted process-wide.
package metrics

import (
	"net/http"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"
)

var (
	// MessagesIn counts inbound messages and clicks per adapter and the
	// capability that took them ("none" when nothing did).
	MessagesIn = prometheus.NewCounterVec(prometheus.CounterOpts{
		Name: "noaber_messages_in_total", Help: "Inbound messages and button clicks.",
	}, []string{"adapter", "capability"})
	// MessagesOut counts replies and proactive messages delivered.
	MessagesOut = prometheus.NewCounterVec(prometheus.CounterOpts{
		Name: "noaber_messages_out_total", Help: "Messages sent to users.",
	}, []string{"adapter", "kind"})
	// HandleSeconds is the time from an inbound message to its replies.
	HandleSeconds = prometheus.NewHistogramVec(prometheus.HistogramOpts{
		Name: "noaber_handle_seconds", Help: "Time to answer an inbound message.",
		Buckets: []float64{.001, .005, .01, .05, .1, .25, .5, 1, 2.5, 5, 10},
	}, []string{"capability"})
	// AnswerSeconds is the time to answer a knowledge question.
	AnswerSeconds = prometheus.NewHistogram(prometheus.HistogramOpts{
		Name: "noaber_answer_seconds", Help: "Time to answer a question from the knowledge base.",
		Buckets: []float64{.0005, .001, .005, .01, .05, .1, .5, 1, 2.5, 5, 10},
	})
	// Answers counts questions answered, by whether anything was found.
	Answers = prometheus.NewCounterVec(prometheus.CounterOpts{
		Name: "noaber_answers_total", Help: "Questions answered, by found=true|false and llm=true|false.",
	}, []string{"found", "llm"})
	// Checks counts eligibility checks started and finished.
	Checks = prometheus.NewCounterVec(prometheus.CounterOpts{
		Name: "noaber_checks_total", Help: "Eligibility checks, by event=started|finished and outcome.",
	}, []string{"event", "outcome"})
	// Reminders counts reminders by status: sent, late, summarised, failed.
	Reminders = prometheus.NewCounterVec(prometheus.CounterOpts{
		Name: "noaber_reminders_total", Help: "Reminders queued, by status.",
	}, []string{"status"})
	// OutboxFailures counts failed delivery attempts per adapter.
	OutboxFailures = prometheus.NewCounterVec(prometheus.CounterOpts{
		Name: "noaber_outbox_failures_total", Help: "Failed delivery attempts.",
	}, []string{"adapter"})
	// OutboxDead counts messages given up on.
	OutboxDead = prometheus.NewCounterVec(prometheus.CounterOpts{
		Name: "noaber_outbox_dead_total", Help: "Messages the outbox gave up on.",
	}, []string{"adapter"})
	// OutboxExpired counts messages dropped unsent after their adapter's
	// MaxWait (web visitors who did not come back).
	OutboxExpired = prometheus.NewCounterVec(prometheus.CounterOpts{
		Name: "noaber_outbox_expired_total", Help: "Messages dropped unsent because their recipient did not come back in time.",
	}, []string{"adapter"})
	// Signups counts event sign-ups by result.
	Signups = prometheus.NewCounterVec(prometheus.CounterOpts{
		Name: "noaber_signups_total", Help: "Event sign-ups, by status=confirmed|waitlist|withdrawn|promoted.",
	}, []string{"status"})
	// Reconnects counts adapter reconnections.
	Reconnects = prometheus.NewCounterVec(prometheus.CounterOpts{
		Name: "noaber_adapter_reconnects_total", Help: "Adapter reconnections.",
	}, []string{"adapter"})
	// RateLimited counts requests refused by the per-user limits.
	RateLimited = prometheus.NewCounterVec(prometheus.CounterOpts{
		Name: "noaber_rate_limited_total", Help: "Requests refused by per-user rate limits.",
	}, []string{"kind"})
)

// all lists the counters and histograms above, for Register.
func all() []prometheus.Collector {
	return []prometheus.Collector{MessagesIn, MessagesOut, HandleSeconds, AnswerSeconds, Answers, Checks, Reminders,
		OutboxFailures, OutboxDead, OutboxExpired, Signups, Reconnects, RateLimited}
}

// Register adds Noaber's metrics and the Go runtime and process collectors
// to reg. A registry that has them already returns the error.
func Register(reg prometheus.Registerer) error {
	for _, c := range append(all(), collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{})) {
		if err := reg.Register(c); err != nil {
			return err
		}
	}
	return nil
}

// NewRegistry returns a new registry with Noaber's metrics registered.
func NewRegistry() *prometheus.Registry {
	reg := prometheus.NewRegistry()
	if err := Register(reg); err != nil {
		panic(err) // a fresh registry cannot hold a duplicate
	}
	return reg
}

// GaugeFunc registers on reg a gauge whose value is read at scrape time
// (outbox depth, oldest message age). Registering the same name twice on
// one registry replaces nothing and returns the error.
func GaugeFunc(reg prometheus.Registerer, name, help string, f func() float64) error {
	return reg.Register(prometheus.NewGaugeFunc(prometheus.GaugeOpts{Name: name, Help: help}, f))
}

// Handler serves g in the Prometheus text format.
func Handler(g prometheus.Gatherer) http.Handler {
	return promhttp.HandlerFor(g, promhttp.HandlerOpts{})
}
