package events

import (
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/noaber/noaber/bot"
	"github.com/noaber/noaber/bot/calendar"
	"github.com/noaber/noaber/bot/clock"
	"github.com/noaber/noaber/bot/outbox"
	"github.com/noaber/noaber/bot/schedule"
	"github.com/noaber/noaber/bot/store"
)

// The events bulletin: anyone may follow the events ("volg evenementen").
// When an organiser announces an event for the first time, every follower
// gets a direct message with the essentials and the sign-up buttons; those
// who asked for it also get a weekly overview of the coming events at the
// configured day and time (Europe/Amsterdam). Everything goes through the
// outbox, keyed per event (or week) and user, so nobody gets the same
// message twice. A user id is per platform: following on two platforms
// means a message on each.

// JobBulletin is the job kind of the weekly overview.
const JobBulletin = "events.bulletin"

const (
	bulletinJobID = "events:bulletin"
	followersB    = "followers"
	// maxOverview is how many events an overview lists.
	maxOverview = 25
)

// Follower is what is kept about someone who follows the events.
type Follower struct {
	Since  time.Time `json:"since"`
	Weekly bool      `json:"weekly,omitempty"`
}

func getFollower(tx *store.Tx, userID string) (Follower, bool, error) {
	var f Follower
	ok, err := tx.Bucket(rootB, followersB).GetJSON([]byte(userID), &f)
	return f, ok, err
}

// Follow makes userID a follower. weekly, when not nil, turns the weekly
// overview on or off; a new follower without it gets announcements only.
func (s *Events) Follow(userID string, weekly *bool) (Follower, error) {
	now := s.now()
	var f Follower
	err := s.db.Update(func(tx *store.Tx) error {
		var ok bool
		var err error
		if f, ok, err = getFollower(tx, userID); err != nil {
			return err
		}
		if !ok {
			f = Follower{Since: now}
		}
		if weekly != nil {
			f.Weekly = *weekly
		}
		return tx.Bucket(rootB, followersB).PutJSON([]byte(userID), f)
	})
	return f, err
}

// Unfollow stops the bulletin for userID; it reports whether they followed.
func (s *Events) Unfollow(userID string) (bool, error) {
	var was bool
	err := s.db.Update(func(tx *store.Tx) error {
		_, ok, err := getFollower(tx, userID)
		if err != nil || !ok {
			return err
		}
		was = true
		return tx.Bucket(rootB, followersB).Delete([]byte(userID))
	})
	return was, err
}

// eachFollower calls fn for every follower.
func eachFollower(tx *store.Tx, fn func(userID string, f Follower) error) error {
	c := tx.Bucket(rootB, followersB).Cursor()
	for k, v := c.First(); k != nil; k, v = c.Next() {
		var f Follower
		if err := json.Unmarshal(v, &f); err != nil {
			continue // unreadable record: skip rather than stop the bulletin
		}
		if err := fn(string(k), f); err != nil {
			return err
		}
	}
	return nil
}

// feedLine links the public calendar feed, or is empty without a listener.
func (s *Events) feedLine(lang bot.Lang) string {
	if s.feedURL == "" {
		return ""
	}
	return "\n" + Msgs.T(lang, "bulletin.feed", "url", strings.TrimRight(s.feedURL, "/")+calendar.PublicPath)
}

// tellFollowers queues the announcement of ev to every follower who is not
// one of its organisers, once per event: the event remembers it was sent,
// and the outbox key names event and user.
func (s *Events) tellFollowers(tx *store.Tx, ev *Event, now time.Time) error {
	if ev.Bulletin || ev.Cancelled || !now.Before(ev.SignupCloses()) {
		return nil
	}
	ev.Bulletin = true
	return eachFollower(tx, func(userID string, _ Follower) error {
		if ev.IsOrganiser(userID) {
			return nil
		}
		lang := langOf(tx, userID)
		text := Msgs.T(lang, "bulletin.new") + "\n" + s.detail(lang, ev) + Msgs.T(lang, "announce.how", "id", ev.ID) +
			s.feedLine(lang) + "\n" + Msgs.T(lang, "bulletin.stop")
		_, err := outbox.Enqueue(tx, outbox.Item{
			Key: fmt.Sprintf("events:bulletin:%d:%s", ev.ID, userID), To: bot.ToUser(userID),
			Reply: bot.Reply{Text: text, Choices: buttons(lang, ev.ID)}, Kind: "event_bulletin", Created: now,
		})
		return err
	})
}

// overview is the weekly overview in lang: the coming events, or "" when
// there are none.
func (s *Events) overview(tx *store.Tx, lang bot.Lang, now time.Time) (string, error) {
	evs, err := Upcoming(tx, now)
	if err != nil || len(evs) == 0 {
		return "", err
	}
	var b strings.Builder
	b.WriteString(Msgs.T(lang, "bulletin.weekly") + "\n")
	for i, ev := range evs {
		if i == maxOverview {
			b.WriteString(Msgs.T(lang, "list.more", "n", len(evs)-i) + "\n")
			break
		}
		b.WriteString("- " + line(lang, &ev) + "\n")
	}
	b.WriteString(Msgs.T(lang, "list.outro") + s.feedLine(lang) + "\n" + Msgs.T(lang, "bulletin.stop"))
	return b.String(), nil
}

// runBulletin queues the weekly overview to every follower who wants it,
// once per week (the outbox key names the date), and schedules the next.
func (s *Events) runBulletin(tx *store.Tx, job schedule.Job, now time.Time) error {
	week := job.Due.In(clock.Amsterdam).Format("2006-01-02")
	texts := map[bot.Lang]string{}
	err := eachFollower(tx, func(userID string, f Follower) error {
		if !f.Weekly {
			return nil
		}
		lang := langOf(tx, userID)
		text, ok := texts[lang]
		if !ok {
			var err error
			if text, err = s.overview(tx, lang, now); err != nil {
				return err
			}
			texts[lang] = text
		}
		if text == "" {
			return nil // nothing coming: no message
		}
		_, err := outbox.Enqueue(tx, outbox.Item{
			Key: fmt.Sprintf("events:weekly:%s:%s", week, userID), To: bot.ToUser(userID),
			Reply: bot.Reply{Text: text}, Kind: "event_weekly", Created: now,
		})
		return err
	})
	if err != nil {
		return err
	}
	return schedule.Put(tx, schedule.Job{ID: bulletinJobID, Kind: JobBulletin, Due: s.cfg.nextBulletin(now)})
}

// ensureBulletinJob schedules the weekly overview when it is not, or when
// its moment no longer matches the configuration. A job that fell due
// while the bot was down is kept, so it still goes out after a restart.
func (s *Events) ensureBulletinJob(tx *store.Tx, now time.Time) error {
	job, ok, err := schedule.Get(tx, bulletinJobID)
	if err != nil {
		return err
	}
	if ok && s.cfg.isBulletinMoment(job.Due) {
		return nil
	}
	return schedule.Put(tx, schedule.Job{ID: bulletinJobID, Kind: JobBulletin, Due: s.cfg.nextBulletin(now)})
}

// --- configuration of the moment

var weekdays = map[string]time.Weekday{
	"zondag": time.Sunday, "maandag": time.Monday, "dinsdag": time.Tuesday, "woensdag": time.Wednesday,
	"donderdag": time.Thursday, "vrijdag": time.Friday, "zaterdag": time.Saturday,
	"sunday": time.Sunday, "monday": time.Monday, "tuesday": time.Tuesday, "wednesday": time.Wednesday,
	"thursday": time.Thursday, "friday": time.Friday, "saturday": time.Saturday,
}

// Default moment of the weekly overview.
const (
	DefaultBulletinDay  = "monday"
	DefaultBulletinTime = "09:00"
)

// bulletinMoment returns the configured weekday, hour and minute.
func (c Config) bulletinMoment() (time.Weekday, int, int, error) {
	day := strings.ToLower(strings.TrimSpace(c.BulletinDay))
	if day == "" {
		day = DefaultBulletinDay
	}
	wd, ok := weekdays[day]
	if !ok {
		return 0, 0, 0, fmt.Errorf("events.bulletin_day: %q is not a day of the week; write e.g. \"monday\" or \"maandag\"", c.BulletinDay)
	}
	tm := strings.TrimSpace(c.BulletinTime)
	if tm == "" {
		tm = DefaultBulletinTime
	}
	hs, ms, found := strings.Cut(tm, ":")
	h, err1 := strconv.Atoi(hs)
	m, err2 := strconv.Atoi(ms)
	if !found || err1 != nil || err2 != nil || h < 0 || h > 23 || m < 0 || m > 59 || len(ms) != 2 {
		return 0, 0, 0, fmt.Errorf("events.bulletin_time: %q is not a time; write e.g. \"09:00\" (Europe/Amsterdam)", c.BulletinTime)
	}
	return wd, h, m, nil
}

// nextBulletin is the first configured moment after now, in Amsterdam
// time (so it stays at the same wall-clock time across DST changes).
func (c Config) nextBulletin(now time.Time) time.Time {
	wd, h, m, err := c.bulletinMoment()
	if err != nil { // Validate refuses this; fall back to the default
		wd, h, m = time.Monday, 9, 0
	}
	local := now.In(clock.Amsterdam)
	for i := 0; i <= 7; i++ {
		d := local.AddDate(0, 0, i)
		t := time.Date(d.Year(), d.Month(), d.Day(), h, m, 0, 0, clock.Amsterdam)
		if t.Weekday() == wd && t.After(now) {
			return t
		}
	}
	return local.AddDate(0, 0, 7) // not reached
}

// isBulletinMoment reports whether t is a configured moment.
func (c Config) isBulletinMoment(t time.Time) bool {
	wd, h, m, err := c.bulletinMoment()
	l := t.In(clock.Amsterdam)
	return err == nil && l.Weekday() == wd && l.Hour() == h && l.Minute() == m && l.Second() == 0
}

// --- chat

// bulletinChoices are the buttons under a follow reply.
func bulletinChoices(lang bot.Lang, f Follower) []bot.Choice {
	weekly := bot.Choice{ID: Name + ":bulletin:weekly", Label: Msgs.T(lang, "bulletin.button.weekly_on")}
	if f.Weekly {
		weekly = bot.Choice{ID: Name + ":bulletin:noweekly", Label: Msgs.T(lang, "bulletin.button.weekly_off")}
	}
	return []bot.Choice{weekly, {ID: Name + ":bulletin:stop", Label: Msgs.T(lang, "bulletin.button.stop"), Style: bot.Danger}}
}

func (s *Events) followReply(r *bot.Request, weekly *bool) ([]bot.Reply, bool, error) {
	f, err := s.Follow(r.User.ID, weekly)
	if err != nil {
		return nil, true, err
	}
	msg := "bulletin.followed"
	if f.Weekly {
		msg = "bulletin.followed_weekly"
	}
	wd, h, m, _ := s.cfg.bulletinMoment()
	return done(bot.Reply{Text: t(r, msg, "day", weekdayName(wd, r.Lang), "time", fmt.Sprintf("%02d:%02d", h, m)),
		Choices: bulletinChoices(r.Lang, f), Visibility: bot.Private})
}

func (s *Events) unfollowReply(r *bot.Request) ([]bot.Reply, bool, error) {
	was, err := s.Unfollow(r.User.ID)
	if err != nil {
		return nil, true, err
	}
	if !was {
		return done(private(t(r, "bulletin.not_following")))
	}
	return done(private(t(r, "bulletin.unfollowed")))
}

// preview shows an organiser the weekly overview as followers would get it
// now.
func (s *Events) preview(r *bot.Request) ([]bot.Reply, bool, error) {
	if !canCreate(r) {
		return done(private(t(r, "err.not_organiser")))
	}
	var text string
	if err := s.view(func(tx *store.Tx) (err error) { text, err = s.overview(tx, r.Lang, r.Now); return err }); err != nil {
		return nil, true, err
	}
	if text == "" {
		return done(private(t(r, "bulletin.preview_empty")))
	}
	wd, h, m, _ := s.cfg.bulletinMoment()
	return done(private(t(r, "bulletin.preview", "day", weekdayName(wd, r.Lang), "time", fmt.Sprintf("%02d:%02d", h, m)) + "\n\n" + text))
}

// bulletinAction handles the buttons under a follow reply.
func (s *Events) bulletinAction(r *bot.Request, what string) ([]bot.Reply, bool, error) {
	on, off := true, false
	switch what {
	case "weekly":
		return s.followReply(r, &on)
	case "noweekly":
		return s.followReply(r, &off)
	case "stop":
		return s.unfollowReply(r)
	}
	return nil, false, nil
}

func weekdayName(d time.Weekday, lang bot.Lang) string {
	return Msgs.T(lang, "weekday."+strings.ToLower(d.String()))
}
