package retry

import (
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"
)

func TestRetriesA429AfterTheDelay(t *testing.T) {
	calls := 0
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		calls++
		b, _ := io.ReadAll(r.Body)
		if string(b) != "hello" {
			t.Errorf("attempt %d body %q", calls, b)
		}
		if calls < 3 {
			w.WriteHeader(http.StatusTooManyRequests)
			io.WriteString(w, "slow down")
			return
		}
		io.WriteString(w, "ok")
	}))
	defer srv.Close()
	var slept []time.Duration
	tr := &Transport{MaxWait: time.Minute, Tries: 5,
		Delay: func(h http.Header, body []byte) (time.Duration, bool) {
			return 2 * time.Second, string(body) == "slow down"
		},
		Sleep: func(_ *http.Request, d time.Duration) error { slept = append(slept, d); return nil }}
	resp, err := (&http.Client{Transport: tr}).Post(srv.URL, "text/plain", strings.NewReader("hello"))
	if err != nil {
		t.Fatal(err)
	}
	b, _ := io.ReadAll(resp.Body)
	if string(b) != "ok" || calls != 3 || len(slept) != 2 || slept[0] != 2*time.Second {
		t.Errorf("body %q, calls %d, slept %v", b, calls, slept)
	}
}

func TestGivesUpWithTheBodyIntact(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.WriteHeader(http.StatusTooManyRequests)
		io.WriteString(w, `{"retry_after_ms": 600000}`)
	}))
	defer srv.Close()
	tr := &Transport{MaxWait: time.Minute, Tries: 5,
		Delay: func(http.Header, []byte) (time.Duration, bool) { return 10 * time.Minute, true },
		Sleep: func(*http.Request, time.Duration) error { t.Error("waited longer than MaxWait"); return nil }}
	resp, err := (&http.Client{Transport: tr}).Get(srv.URL)
	if err != nil {
		t.Fatal(err)
	}
	b, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != http.StatusTooManyRequests || !strings.Contains(string(b), "600000") {
		t.Errorf("%d %q", resp.StatusCode, b)
	}
}
