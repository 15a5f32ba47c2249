// Package schedule keeps timed jobs (reminder moments, digests) in the store,
// ordered by due time, and runs each once when it falls due. A feature puts
// or deletes jobs in the same transaction as the change that causes them, so
// an edit or cancellation reschedules atomically. The scheduler reads only
// the earliest job and sleeps until it is due; it never loads all jobs.
//
// A job's handler runs inside the write transaction that deletes the job, so
// what it queues (outbox messages) and the job's removal commit together:
// a crash before the commit runs the job again, a crash after it never.
package schedule

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"sync"
	"time"

	"github.com/noaber/noaber/bot/clock"
	"github.com/noaber/noaber/bot/store"
)

// Job is a thing to do at a moment.
type Job struct {
	// ID is unique; putting a job with an existing ID replaces it. Use a
	// feature prefix ("deadline:42:14d") so DeletePrefix can cancel a group.
	ID string `json:"id"`
	// Kind selects the handler.
	Kind string          `json:"kind"`
	Due  time.Time       `json:"due"`
	Data json.RawMessage `json:"data,omitempty"`
	// Attempts counts handler failures; the job is retried with backoff.
	Attempts int `json:"attempts,omitempty"`
}

const (
	topic   = "schedule"
	byTime  = "schedule"     // TimeKey(due, id) → Job
	byID    = "schedule_ids" // id → TimeKey
	maxIdle = time.Hour
)

// Put schedules job, replacing any job with the same ID.
func Put(tx *store.Tx, job Job) error {
	if job.ID == "" || job.Kind == "" {
		return errors.New("schedule: job needs an id and a kind")
	}
	if err := Delete(tx, job.ID); err != nil {
		return err
	}
	key := store.TimeKey(job.Due, job.ID)
	if err := tx.Bucket(byTime).PutJSON(key, job); err != nil {
		return err
	}
	if err := tx.Bucket(byID).Put([]byte(job.ID), key); err != nil {
		return err
	}
	tx.Signal(topic)
	return nil
}

// Delete removes the job with id; a missing job is not an error.
func Delete(tx *store.Tx, id string) error {
	ids := tx.Bucket(byID)
	key := ids.Get([]byte(id))
	if key == nil {
		return nil
	}
	key = append([]byte(nil), key...)
	if err := tx.Bucket(byTime).Delete(key); err != nil {
		return err
	}
	return ids.Delete([]byte(id))
}

// DeletePrefix removes every job whose id starts with prefix and returns
// how many.
func DeletePrefix(tx *store.Tx, prefix string) (int, error) {
	c := tx.Bucket(byID).Cursor()
	var ids []string
	for k, _ := c.Seek([]byte(prefix)); k != nil && strings.HasPrefix(string(k), prefix); k, _ = c.Next() {
		ids = append(ids, string(k))
	}
	for _, id := range ids {
		if err := Delete(tx, id); err != nil {
			return 0, err
		}
	}
	return len(ids), nil
}

// Replace makes the jobs whose ids start with prefix exactly jobs (each
// id must start with prefix): it deletes the others and puts the ones that
// are missing or differ in kind, due time or data. A job that is already
// as wanted is left alone, with its attempts, so calling Replace again with
// the same jobs — at every start, say — writes nothing. It returns how many
// jobs it put or deleted.
func Replace(tx *store.Tx, prefix string, jobs []Job) (int, error) {
	want := make(map[string]Job, len(jobs))
	for _, j := range jobs {
		if !strings.HasPrefix(j.ID, prefix) {
			return 0, fmt.Errorf("schedule: job %q is not under %q", j.ID, prefix)
		}
		want[j.ID] = j
	}
	var stale []string
	c := tx.Bucket(byID).Cursor()
	for k, _ := c.Seek([]byte(prefix)); k != nil && strings.HasPrefix(string(k), prefix); k, _ = c.Next() {
		if _, ok := want[string(k)]; !ok {
			stale = append(stale, string(k))
		}
	}
	changed := 0
	for _, id := range stale {
		if err := Delete(tx, id); err != nil {
			return changed, err
		}
		changed++
	}
	for _, j := range jobs {
		have, ok, err := Get(tx, j.ID)
		if err != nil {
			return changed, err
		}
		if ok && have.Kind == j.Kind && have.Due.Equal(j.Due) && bytes.Equal(have.Data, j.Data) {
			continue
		}
		if err := Put(tx, j); err != nil {
			return changed, err
		}
		changed++
	}
	return changed, nil
}

// Get returns the job with id.
func Get(tx *store.Tx, id string) (Job, bool, error) {
	key := tx.Bucket(byID).Get([]byte(id))
	if key == nil {
		return Job{}, false, nil
	}
	var j Job
	ok, err := tx.Bucket(byTime).GetJSON(key, &j)
	return j, ok, err
}

// Each calls fn for jobs in due order, starting at from (zero: the first);
// fn returns false to stop.
func Each(tx *store.Tx, from time.Time, fn func(Job) (bool, error)) error {
	c := tx.Bucket(byTime).Cursor()
	var k, v []byte
	if from.IsZero() {
		k, v = c.First()
	} else {
		k, v = c.Seek(store.TimeKey(from, ""))
	}
	for ; k != nil; k, v = c.Next() {
		var j Job
		if err := json.Unmarshal(v, &j); err != nil {
			return fmt.Errorf("decode job %q: %w", k, err)
		}
		more, err := fn(j)
		if err != nil || !more {
			return err
		}
	}
	return nil
}

// Count returns the number of scheduled jobs.
func Count(tx *store.Tx) int { return tx.Bucket(byID).Len() }

// Handler does a due job inside tx. now is the scheduler's clock; now minus
// job.Due is how late the job runs (after downtime, possibly long). An
// error rolls back the transaction and retries the job later.
type Handler func(ctx context.Context, tx *store.Tx, job Job, now time.Time) error

// Scheduler runs due jobs.
type Scheduler struct {
	db    *store.DB
	clock clock.Clock
	log   *slog.Logger

	mu       sync.Mutex
	handlers map[string]Handler
	// BatchSize is how many due jobs run in one transaction. Zero means 256.
	BatchSize int
}

// New returns a scheduler; clk and log may be nil.
func New(db *store.DB, clk clock.Clock, log *slog.Logger) *Scheduler {
	if clk == nil {
		clk = clock.Real{}
	}
	if log == nil {
		log = slog.Default()
	}
	return &Scheduler{db: db, clock: clk, log: log.With("component", "scheduler"), handlers: map[string]Handler{}}
}

// Handle registers the handler for jobs of kind. Register before Run.
func (s *Scheduler) Handle(kind string, h Handler) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.handlers[kind] = h
}

// Run runs due jobs until ctx ends.
func (s *Scheduler) Run(ctx context.Context) error {
	wake := s.db.Subscribe(ctx, topic)
	for {
		next, err := s.RunDue(ctx)
		if ctx.Err() != nil {
			return nil // shutting down: not an error worth logging
		}
		if err != nil {
			s.log.Error("run due jobs", "err", err)
		}
		wait := maxIdle
		if !next.IsZero() {
			wait = min(max(next.Sub(s.clock.Now()), 0), maxIdle)
		}
		if wait == 0 {
			continue
		}
		select {
		case <-ctx.Done():
			return nil
		case <-wake:
		case <-s.clock.After(wait):
		}
	}
}

// RunDue runs every job due now and returns the due time of the next one
// (zero when none is scheduled).
func (s *Scheduler) RunDue(ctx context.Context) (time.Time, error) {
	batch := s.BatchSize
	if batch == 0 {
		batch = 256
	}
	for ctx.Err() == nil {
		now := s.clock.Now()
		var due []Job
		var next time.Time
		err := s.db.View(func(tx *store.Tx) error {
			return Each(tx, time.Time{}, func(j Job) (bool, error) {
				if j.Due.After(now) || len(due) == batch {
					if len(due) < batch {
						next = j.Due
					}
					return false, nil
				}
				due = append(due, j)
				return true, nil
			})
		})
		if err != nil {
			return time.Time{}, err
		}
		if len(due) == 0 {
			return next, nil
		}
		if err := s.runBatch(ctx, due, now); errors.Is(err, store.ErrFenced) {
			return time.Time{}, err // no longer the leader: the new one runs them
		} else if err != nil {
			// One job failed and took the batch down: run them one by one
			// so the others go through and the failing one backs off.
			for _, j := range due {
				if err := s.runBatch(ctx, []Job{j}, now); errors.Is(err, store.ErrFenced) {
					return time.Time{}, err
				} else if err != nil {
					s.retryLater(ctx, j, now, err)
				}
			}
		}
	}
	return time.Time{}, ctx.Err()
}

func (s *Scheduler) runBatch(ctx context.Context, jobs []Job, now time.Time) error {
	// Fenced: on etcd a deposed leader's job completion is refused (the
	// new leader runs the job), never committed next to the new leader's.
	return s.db.UpdateFenced(ctx, func(tx *store.Tx) error {
		for _, j := range jobs {
			// Re-read: a concurrent edit may have moved or removed it.
			cur, ok, err := Get(tx, j.ID)
			if err != nil {
				return err
			}
			if !ok || cur.Due.After(now) {
				continue
			}
			s.mu.Lock()
			h := s.handlers[cur.Kind]
			s.mu.Unlock()
			if err := Delete(tx, cur.ID); err != nil {
				return err
			}
			if h == nil {
				s.log.Error("no handler for job kind; dropped", "kind", cur.Kind, "id", cur.ID)
				continue
			}
			if err := h(ctx, tx, cur, now); err != nil {
				return fmt.Errorf("job %s: %w", cur.ID, err)
			}
		}
		return nil
	})
}

func (s *Scheduler) retryLater(ctx context.Context, j Job, now time.Time, cause error) {
	j.Attempts++
	delay := min(time.Duration(1<<min(j.Attempts, 12))*time.Second, time.Hour)
	j.Due = now.Add(delay)
	s.log.Error("job failed, will retry", "id", j.ID, "kind", j.Kind, "attempt", j.Attempts, "retry_at", j.Due, "err", cause)
	if err := s.db.UpdateFenced(ctx, func(tx *store.Tx) error { return Put(tx, j) }); err != nil {
		s.log.Error("reschedule failed job", "id", j.ID, "err", err)
	}
}
