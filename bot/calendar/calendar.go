// Package calendar turns deadlines and events into iCalendar (.ics) data:
// one file per item for chat, and feeds that calendar apps subscribe to —
// a public feed of everything public and a personal feed per user behind a
// secret token. Features contribute entries through the Source interface, so
// this package knows neither deadlines nor events.
package calendar

import (
	"context"
	"crypto/rand"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"log/slog"
	"net/http"
	"strconv"
	"strings"
	"time"

	ics "github.com/arran4/golang-ical"

	"github.com/noaber/noaber/bot/clock"
	"github.com/noaber/noaber/bot/store"
)

var amsterdam = clock.Amsterdam

// Entry is one calendar item.
type Entry struct {
	// UID is stable per item and unique across installations (see UID),
	// so calendar apps update instead of duplicating.
	UID         string
	Title       string
	Description string
	Location    string
	URL         string
	Start       time.Time
	// End; zero means a moment (Start plus 30 minutes in the file).
	End time.Time
	// Updated is when the item last changed (DTSTAMP/LAST-MODIFIED).
	Updated time.Time
	// Sequence is raised on every change (RFC 5545 SEQUENCE), so a
	// subscribed calendar takes the new version.
	Sequence int
	// AllDay marks a whole day (a deadline given as a date only): Start's
	// date is the day, written as DTSTART;VALUE=DATE.
	AllDay bool
	// Cancelled marks an item that was called off.
	Cancelled bool
	// Alarms are reminders before Start for the calendar app; a negative
	// one lies after Start (09:00 on the day of an all-day item).
	Alarms []time.Duration
}

// ICS renders entries as an iCalendar document named name, per RFC 5545:
// CRLF line endings, lines folded at 75 octets, times in UTC (so no
// VTIMEZONE is needed), whole days as dates.
func ICS(name string, entries ...Entry) []byte {
	cal := ics.NewCalendarFor("Noaber")
	cal.SetMethod(ics.MethodPublish)
	cal.SetName(name)
	cal.SetXWRCalName(name)
	cal.SetXWRTimezone("Europe/Amsterdam")
	for _, e := range entries {
		ev := cal.AddEvent(e.UID)
		stamp := e.Updated
		if stamp.IsZero() {
			stamp = e.Start
		}
		ev.SetDtStampTime(stamp.UTC())
		ev.SetLastModifiedAt(stamp.UTC())
		ev.SetSequence(max(e.Sequence, 0))
		if e.AllDay {
			day := dayOf(e.Start)
			ev.SetAllDayStartAt(day)
			ev.SetAllDayEndAt(day.AddDate(0, 0, 1))
		} else {
			ev.SetStartAt(e.Start.UTC())
			end := e.End
			if end.IsZero() || !end.After(e.Start) {
				end = e.Start.Add(30 * time.Minute)
			}
			ev.SetEndAt(end.UTC())
		}
		ev.SetSummary(clean(e.Title))
		if e.Description != "" {
			ev.SetDescription(clean(e.Description))
		}
		if e.Location != "" {
			ev.SetLocation(clean(e.Location))
		}
		if e.URL != "" {
			ev.SetURL(e.URL)
		}
		if e.Cancelled {
			ev.SetStatus(ics.ObjectStatusCancelled)
		} else {
			ev.SetStatus(ics.ObjectStatusConfirmed)
		}
		for _, a := range e.Alarms {
			al := ev.AddAlarm()
			al.SetAction(ics.ActionDisplay)
			if a < 0 {
				al.SetTrigger(icsDuration(-a))
			} else {
				al.SetTrigger("-" + icsDuration(a))
			}
			al.SetProperty(ics.ComponentPropertyDescription, clean(e.Title))
		}
	}
	return []byte(cal.Serialize(ics.WithNewLineWindows))
}

// dayOf is t's calendar day in Amsterdam, as a date at midnight UTC (how
// the library writes a VALUE=DATE).
func dayOf(t time.Time) time.Time {
	y, m, d := t.In(amsterdam).Date()
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
}

func clean(s string) string { return strings.ReplaceAll(s, "\r", "") }

// icsDuration writes d as an RFC 5545 duration (PT2H, P14D).
func icsDuration(d time.Duration) string {
	if d%(24*time.Hour) == 0 {
		return "P" + itoa(int(d/(24*time.Hour))) + "D"
	}
	s := "PT"
	if h := d / time.Hour; h > 0 {
		s += itoa(int(h)) + "H"
		d -= h * time.Hour
	}
	if m := d / time.Minute; m > 0 {
		s += itoa(int(m)) + "M"
		d -= m * time.Minute
	}
	if sec := d / time.Second; sec > 0 || s == "PT" {
		s += itoa(int(sec)) + "S"
	}
	return s
}

func itoa(n int) string {
	if n == 0 {
		return "0"
	}
	var b []byte
	for n > 0 {
		b = append([]byte{byte('0' + n%10)}, b...)
		n /= 10
	}
	return string(b)
}

// Source contributes entries to the feeds.
type Source interface {
	// CalendarEntries returns public entries when userID is "", else the
	// entries relevant to that user (what they follow, own or signed up
	// for). Only upcoming and recent entries need to be returned.
	CalendarEntries(ctx context.Context, userID string) ([]Entry, error)
}

const tokensBucket = "calendar_tokens" // token → user id; "u:"+user id → token

const (
	metaBucket = "calendar_meta" // "uid_namespace" → random hex
	nsKey      = "uid_namespace"
)

// EnsureUIDNamespace returns this database's random UID namespace,
// creating it the first time. Two installations never share UIDs, so a
// calendar app subscribed to both keeps their items apart.
func EnsureUIDNamespace(tx *store.Tx) (string, error) {
	if ns := UIDNamespace(tx); ns != "" {
		return ns, nil
	}
	raw := make([]byte, 12)
	if _, err := rand.Read(raw); err != nil {
		return "", err
	}
	ns := hex.EncodeToString(raw)
	return ns, tx.Bucket(metaBucket).Put([]byte(nsKey), []byte(ns))
}

// UIDNamespace returns the namespace, or "" before EnsureUIDNamespace ran
// (a database from before namespaces, opened read-only).
func UIDNamespace(tx *store.Tx) string {
	return string(tx.Bucket(metaBucket).Get([]byte(nsKey)))
}

// Namespace reads the database's UID namespace, creating it when it is
// missing and the database is writable; "" when neither works.
func Namespace(db *store.DB) string {
	var ns string
	_ = db.View(func(tx *store.Tx) error { ns = UIDNamespace(tx); return nil })
	if ns == "" {
		_ = db.Update(func(tx *store.Tx) (err error) { ns, err = EnsureUIDNamespace(tx); return err })
	}
	return ns
}

// UID is the iCalendar UID of item id of a kind ("deadline", "event"):
// "deadline-42-<namespace>@noaber". Without a namespace it is the old
// "deadline-42@noaber".
func UID(kind string, id uint64, ns string) string {
	if ns == "" {
		return kind + "-" + strconv.FormatUint(id, 10) + "@noaber"
	}
	return kind + "-" + strconv.FormatUint(id, 10) + "-" + ns + "@noaber"
}

// Token returns the user's personal feed token, creating it once.
func Token(db *store.DB, userID string) (string, error) {
	var tok string
	err := db.Update(func(tx *store.Tx) error {
		b := tx.Bucket(tokensBucket)
		if t := b.Get([]byte("u:" + userID)); t != nil {
			tok = string(t)
			return nil
		}
		raw := make([]byte, 24)
		if _, err := rand.Read(raw); err != nil {
			return err
		}
		tok = base64.RawURLEncoding.EncodeToString(raw)
		if err := b.Put([]byte("t:"+tok), []byte(userID)); err != nil {
			return err
		}
		return b.Put([]byte("u:"+userID), []byte(tok))
	})
	return tok, err
}

// RevokeToken deletes a user's feed token (privacy erase, or a leaked link)
// and reports whether there was one.
func RevokeToken(tx *store.Tx, userID string) (bool, error) {
	b := tx.Bucket(tokensBucket)
	t := b.Get([]byte("u:" + userID))
	if t == nil {
		return false, nil
	}
	if err := b.Delete([]byte("t:" + string(t))); err != nil {
		return false, err
	}
	return true, b.Delete([]byte("u:" + userID))
}

// TokenOf returns the user's token without creating one.
func TokenOf(tx *store.Tx, userID string) string {
	return string(tx.Bucket(tokensBucket).Get([]byte("u:" + userID)))
}

// Feeds serves /calendar/public.ics and /calendar/u/{token}.ics.
type Feeds struct {
	DB      *store.DB
	Sources []Source
	Log     *slog.Logger
}

// PublicPath and PersonalPath are where the feeds are mounted.
const (
	PublicPath   = "/calendar/public.ics"
	PersonalPath = "/calendar/u/"
)

// Mount registers the feed handlers on mux.
func (f *Feeds) Mount(mux *http.ServeMux) {
	mux.HandleFunc("GET "+PublicPath, f.public)
	mux.HandleFunc("GET "+PersonalPath+"{token}", f.personal)
}

func (f *Feeds) public(w http.ResponseWriter, r *http.Request) {
	f.serve(w, r, "", "Noaber")
}

func (f *Feeds) personal(w http.ResponseWriter, r *http.Request) {
	tok := strings.TrimSuffix(r.PathValue("token"), ".ics")
	var userID string
	_ = f.DB.View(func(tx *store.Tx) error {
		userID = string(tx.Bucket(tokensBucket).Get([]byte("t:" + tok)))
		return nil
	})
	if tok == "" || userID == "" {
		http.Error(w, "unknown calendar link", http.StatusNotFound)
		return
	}
	f.serve(w, r, userID, "Noaber (persoonlijk)")
}

func (f *Feeds) serve(w http.ResponseWriter, r *http.Request, userID, name string) {
	var all []Entry
	for _, s := range f.Sources {
		es, err := s.CalendarEntries(r.Context(), userID)
		if err != nil {
			if f.Log != nil {
				f.Log.Error("calendar source", "err", err)
			}
			http.Error(w, "calendar temporarily unavailable", http.StatusServiceUnavailable)
			return
		}
		all = append(all, es...)
	}
	w.Header().Set("Content-Type", "text/calendar; charset=utf-8")
	w.Header().Set("Cache-Control", "private, max-age=300")
	_, _ = w.Write(ICS(name, all...))
}

// ErrNoListener means the HTTP listener is off, so there is no feed URL.
var ErrNoListener = errors.New("calendar feeds need [http] listen")
