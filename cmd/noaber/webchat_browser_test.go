package main

import (
	"context"
	_ "embed"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"
)

//go:embed testdata/axe/axe.min.js
var axeSource string

// browserCtx starts Debian's chromium headless. Outside CI the test is
// skipped when no browser is installed; in CI (CI=true, where .ci/run
// installs chromium) a missing browser fails it.
func browserCtx(t *testing.T) context.Context {
	t.Helper()
	var path string
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome", "headless-shell"} {
		if p, err := exec.LookPath(name); err == nil {
			path = p
			break
		}
	}
	if path == "" {
		if os.Getenv("CI") == "true" {
			t.Fatal("no browser found: CI must have chromium (.ci/run installs it with apt-get install -y chromium)")
		}
		t.Skip("browser tests skipped: no chromium found; install it (apt-get install -y chromium) to run them")
	}
	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(path), chromedp.NoSandbox, chromedp.DisableGPU, chromedp.WindowSize(1280, 900),
		chromedp.Flag("lang", "nl-NL"), chromedp.Flag("accept-lang", "nl-NL,nl"))
	alloc, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	ctx, cancel := chromedp.NewContext(alloc)
	t.Cleanup(func() { cancel(); cancelAlloc() })
	if err := chromedp.Do(ctx); err != nil { // start the browser without a timeout
		t.Fatalf("start %s: %v", path, err)
	}
	return ctx
}

// step runs actions with a time limit, failing the test with what.
func step(t *testing.T, ctx context.Context, what string, actions ...chromedp.Action[chromedp.Void]) {
	t.Helper()
	sctx, cancel := context.WithTimeout(ctx, 30*time.Second)
	defer cancel()
	if err := chromedp.Do(sctx, actions...); err != nil {
		t.Fatalf("%s: %v", what, err)
	}
}

func eval[T any](t *testing.T, ctx context.Context, js string) T {
	t.Helper()
	sctx, cancel := context.WithTimeout(ctx, 30*time.Second)
	defer cancel()
	v, err := chromedp.Run(sctx, chromedp.Evaluate[T](js, chromedp.EvalAwaitPromise))
	if err != nil {
		t.Fatalf("evaluate %.60q: %v", js, err)
	}
	return v
}

// waitJS polls a JavaScript condition.
func waitJS(t *testing.T, ctx context.Context, what, cond string) {
	t.Helper()
	deadline := time.Now().Add(30 * time.Second)
	for !eval[bool](t, ctx, "!!("+cond+")") {
		if time.Now().After(deadline) {
			log := eval[string](t, ctx, "document.getElementById('log') ? document.getElementById('log').innerText : document.body.innerText")
			t.Fatalf("%s: gave up waiting for %s; the log shows:\n%s", what, cond, log)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

const lastBot = "[...document.querySelectorAll('#log .msg.bot')].pop()"

// screenshotDir is where the screenshots go: $NOABER_TEST_OUT/webchat, or a
// folder in the temp directory.
func screenshotDir(t *testing.T) string {
	base := os.Getenv("NOABER_TEST_OUT")
	if base == "" {
		base = filepath.Join(os.TempDir(), "noaber-test-output")
	}
	dir := filepath.Join(base, "webchat")
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	return dir
}

func screenshot(t *testing.T, ctx context.Context, name string) {
	t.Helper()
	png, err := chromedp.Run(ctx, chromedp.CaptureScreenshot())
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(screenshotDir(t), name)
	if err := os.WriteFile(path, png, 0o644); err != nil {
		t.Fatal(err)
	}
	t.Logf("screenshot: %s", path)
}

// axeViolations runs axe-core in the page for WCAG 2.0/2.1 A and AA and
// returns a description of every violation.
func axeViolations(t *testing.T, ctx context.Context) []string {
	t.Helper()
	if !eval[bool](t, ctx, "typeof axe !== 'undefined'") {
		eval[any](t, ctx, axeSource+";0")
	}
	js := `axe.run(document, {runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']}, resultTypes: ['violations']})
		.then(r => JSON.stringify(r.violations.map(v => ({id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.map(n => n.html.slice(0, 120))}))))`
	var vs []struct {
		ID, Impact, Help string
		Nodes            []string
	}
	if err := json.Unmarshal([]byte(eval[string](t, ctx, js)), &vs); err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, v := range vs {
		out = append(out, fmt.Sprintf("%s (%s): %s %v", v.ID, v.Impact, v.Help, v.Nodes))
	}
	return out
}

// TestBrowserWebChat uses the chat in a real browser the way a resident
// would: asks a question and reads the answer with its source link, runs a
// check by clicking a button to its verdict, reloads and finds the history,
// then does it all again with the keyboard only. axe-core must find no
// WCAG 2.1 A/AA violation, at desktop width and at 320 px; the
// screenshots are saved.
func TestBrowserWebChat(t *testing.T) {
	if testing.Short() {
		t.Skip("runs a browser")
	}
	ctx := browserCtx(t)
	base := startServe(t, "")

	step(t, ctx, "open the chat", chromedp.Navigate(base+"/chat"), chromedp.WaitVisible(chromedp.ID("q")))
	if lang := eval[string](t, ctx, "document.documentElement.lang"); lang != "nl" {
		t.Errorf("page language %q", lang)
	}

	// A question, answered with a source link.
	step(t, ctx, "ask", chromedp.SendKeys(chromedp.ID("q"), "Wat is het uitdaagrecht?"+kb.Enter))
	waitJS(t, ctx, "answer", lastBot+"?.querySelector('.sources a')")
	href := eval[string](t, ctx, lastBot+".querySelector('.sources a').href")
	if !strings.HasPrefix(href, "https://") {
		t.Errorf("source link %q", href)
	}
	if eval[string](t, ctx, "document.activeElement.id") != "q" {
		t.Error("focus left the input after sending")
	}

	// A check, clicked through to its verdict.
	step(t, ctx, "start a check", chromedp.SendKeys(chromedp.ID("q"), "check uitdaagrecht"+kb.Enter))
	waitJS(t, ctx, "first question", lastBot+"?.querySelector('.choices button')")
	if v := axeViolations(t, ctx); len(v) > 0 {
		t.Errorf("axe-core, desktop, a question with buttons:\n%s", strings.Join(v, "\n"))
	}
	screenshot(t, ctx, "chat-desktop.png")
	// A tablet-sized view (the README's picture).
	step(t, ctx, "tablet", chromedp.EmulateViewport(720, 760))
	eval[any](t, ctx, "document.getElementById('log').scrollTop = 1e9")
	time.Sleep(800 * time.Millisecond) // the scroll is smooth
	screenshot(t, ctx, "chat-720px.png")
	step(t, ctx, "desktop again", chromedp.EmulateViewport(1280, 900))
	step(t, ctx, "click Ja", chromedp.Click(chromedp.Search(`(//fieldset[contains(@class,"choices")])[last()]//button[normalize-space()="Ja"]`)))
	waitJS(t, ctx, "verdict", "document.getElementById('log').innerText.includes('alleen de overheid mag doen') && "+lastBot+".innerText.includes('waarom')")

	// A reload shows the same conversation.
	step(t, ctx, "reload", chromedp.Reload(), chromedp.WaitVisible(chromedp.ID("q")))
	waitJS(t, ctx, "history after reload", "document.getElementById('log').innerText.includes('Wat is het uitdaagrecht?') && document.getElementById('log').innerText.includes('waarom')")

	// 200% zoom of a 1280×900 window is a 640×450 CSS viewport: the page
	// scrolls as a whole and nothing sideways.
	step(t, ctx, "200% zoom", chromedp.EmulateViewport(640, 450))
	time.Sleep(200 * time.Millisecond)
	if w := eval[int](t, ctx, "document.documentElement.scrollWidth"); w > 640 {
		t.Errorf("at 200%% zoom the page is %d px wide: it scrolls sideways", w)
	}

	// 320 px wide (the reflow criterion; also what 400% zoom gives a
	// 1280 px window): nothing scrolls sideways, axe still clean.
	step(t, ctx, "narrow", chromedp.EmulateViewport(320, 640))
	time.Sleep(200 * time.Millisecond)
	if w := eval[int](t, ctx, "document.documentElement.scrollWidth"); w > 320 {
		t.Errorf("at 320 px the page is %d px wide: it scrolls sideways", w)
	}
	if v := axeViolations(t, ctx); len(v) > 0 {
		t.Errorf("axe-core, 320 px:\n%s", strings.Join(v, "\n"))
	}
	screenshot(t, ctx, "chat-320px.png")
	step(t, ctx, "wide again", chromedp.EmulateViewport(1280, 900))

	// Reduced motion: the typing indicator does not blink.
	if _, err := chromedp.Call(ctx, emulation.SetEmulatedMedia, emulation.SetEmulatedMediaParams{Features: []*emulation.MediaFeature{{Name: "prefers-reduced-motion", Value: "reduce"}}}); err != nil {
		t.Fatal(err)
	}
	anim := eval[string](t, ctx, "(() => { const s = document.getElementById('status'); s.classList.add('typing'); const a = getComputedStyle(s, '::after').animationName; s.classList.remove('typing'); return a })()")
	if anim != "none" {
		t.Errorf("with prefers-reduced-motion the typing indicator still animates: %q", anim)
	}
}

// TestBrowserKeyboardOnly does the whole flow without a mouse: Tab to the
// input, Enter to send, Shift+Tab to a choice, Enter to press it, with a
// visible focus ring on the way.
func TestBrowserKeyboardOnly(t *testing.T) {
	if testing.Short() {
		t.Skip("runs a browser")
	}
	ctx := browserCtx(t)
	base := startServe(t, "")
	if _, err := chromedp.Call(ctx, network.ClearBrowserCookies, struct{}{}); err != nil {
		t.Logf("clear cookies: %v", err)
	}
	step(t, ctx, "open", chromedp.Navigate(base+"/chat"), chromedp.WaitVisible(chromedp.ID("q")))
	for i := 0; i < 5 && eval[string](t, ctx, "document.activeElement.id") != "q"; i++ {
		step(t, ctx, "tab", chromedp.KeyEvent(kb.Tab))
	}
	if id := eval[string](t, ctx, "document.activeElement.id"); id != "q" {
		t.Fatalf("Tab does not reach the input (focus on %q)", id)
	}
	step(t, ctx, "type and Enter", chromedp.KeyEvent("check uitdaagrecht"), chromedp.KeyEvent(kb.Enter))
	waitJS(t, ctx, "a question with buttons", lastBot+"?.querySelector('.choices button')")
	for i := 0; i < 10 && eval[string](t, ctx, "document.activeElement.textContent") != "Ja"; i++ {
		step(t, ctx, "shift+tab", chromedp.KeyEvent(kb.Tab, chromedp.KeyModifiers(chromedp.ModifierShift)))
	}
	if eval[string](t, ctx, "document.activeElement.textContent") != "Ja" {
		t.Fatal("Shift+Tab does not reach the choice buttons")
	}
	if ring := eval[string](t, ctx, "getComputedStyle(document.activeElement).outlineStyle"); ring == "none" {
		t.Error("no visible focus on the focused button")
	}
	step(t, ctx, "press Ja with Enter", chromedp.KeyEvent(kb.Enter))
	waitJS(t, ctx, "verdict", lastBot+".innerText.includes('waarom')")
	if id := eval[string](t, ctx, "document.activeElement.id"); id != "q" {
		t.Errorf("after a choice the focus is on %q, not back in the input", id)
	}
}

// TestBrowserFallback talks over POST and long poll, as a browser behind a
// network that blocks WebSockets does.
func TestBrowserFallback(t *testing.T) {
	if testing.Short() {
		t.Skip("runs a browser")
	}
	ctx := browserCtx(t)
	base := startServe(t, "")
	step(t, ctx, "open", chromedp.Navigate(base+"/chat?transport=poll"), chromedp.WaitVisible(chromedp.ID("q")))
	step(t, ctx, "ask", chromedp.SendKeys(chromedp.ID("q"), "hulp"+kb.Enter))
	waitJS(t, ctx, "help over long poll", lastBot+"?.innerText.includes('vergeet mij')")
	step(t, ctx, "english", chromedp.SendKeys(chromedp.ID("q"), "What is the right to challenge?"+kb.Enter))
	waitJS(t, ctx, "page in English", "document.documentElement.lang === 'en' && document.getElementById('label').textContent === 'Your question'")
}

// TestBrowserWidget embeds the chat with its one script tag on a page of
// another origin of the same site (the municipality's pages): the button
// opens the chat in a frame that connects. A page from an origin not in
// [web] allowed_origins cannot frame it.
func TestBrowserWidget(t *testing.T) {
	if testing.Short() {
		t.Skip("runs a browser")
	}
	ctx := browserCtx(t)
	page := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		fmt.Fprintf(w, `<!doctype html><html lang="nl"><head><meta charset="utf-8"><title>Gemeente Voorbeeld</title></head>
<body><main><h1>Gemeente Voorbeeld</h1><p>Welkom.</p></main><script src="%s/chat/widget.js" defer></script></body></html>`, r.URL.Query().Get("bot"))
	})
	host := httptest.NewServer(page)
	defer host.Close()
	hostPort := host.URL[strings.LastIndexByte(host.URL, ':')+1:]
	site := "http://localhost:" + hostPort // same site as the bot at localhost, another origin
	base := startServe(t, fmt.Sprintf("allowed_origins = [%q]\n", site))
	bot := strings.Replace(base, "127.0.0.1", "localhost", 1)
	sockets := func() string {
		_, body := get(t, base+"/readyz") // base changes below
		return body
	}

	step(t, ctx, "open the municipality's page", chromedp.Navigate(site+"/?bot="+bot), chromedp.WaitVisible(chromedp.ID("noaber-open")))
	if v := axeViolations(t, ctx); len(v) > 0 {
		t.Errorf("axe-core, host page with the widget:\n%s", strings.Join(v, "\n"))
	}
	step(t, ctx, "open the chat", chromedp.Click(chromedp.ID("noaber-open")), chromedp.WaitVisible(chromedp.ID("noaber-frame")))
	if eval[string](t, ctx, "document.getElementById('noaber-open').getAttribute('aria-expanded')") != "true" {
		t.Error("the button does not say the chat is open")
	}
	deadline := time.Now().Add(30 * time.Second)
	for !strings.Contains(sockets(), "1 WebSockets open") {
		if time.Now().After(deadline) {
			t.Fatalf("the framed chat did not connect: %s", sockets())
		}
		time.Sleep(50 * time.Millisecond)
	}

	// The same page from an origin that is not allowed: the frame is
	// refused by the chat's frame-ancestors, so it never connects.
	// A bot whose allowed origins do not list the page: its
	// frame-ancestors refuse the frame, so the chat never connects.
	strict := startServe(t, "")
	step(t, ctx, "a page not allowed", chromedp.Navigate(site+"/?bot="+strings.Replace(strict, "127.0.0.1", "localhost", 1)),
		chromedp.WaitVisible(chromedp.ID("noaber-open")), chromedp.Click(chromedp.ID("noaber-open")))
	time.Sleep(time.Second)
	base = strict
	if s := sockets(); !strings.Contains(s, "0 WebSockets open") {
		t.Errorf("a page from another origin framed the chat: %s", s)
	}
}
