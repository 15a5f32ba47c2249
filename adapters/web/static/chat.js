// Noaber web chat: plain JavaScript, no framework, no build step.
// Talks the protocol described in adapters/web/doc.go over a WebSocket,
// or over POST and a long poll where WebSockets do not get through.
(function () {
  "use strict";
  var root = document.getElementById("chat");
  var T = JSON.parse(root.getAttribute("data-texts"));
  var lang = T[document.documentElement.lang] ? document.documentElement.lang : "nl";
  var log = document.getElementById("log");
  var form = document.getElementById("form");
  var q = document.getElementById("q");
  var status = document.getElementById("status");
  var epoch = 0, after = 0, ws = null, typing = false, failures = 0, everOpened = false, offline = false;
  var usePoll = /[?&]transport=poll(&|$)/.test(location.search) || !("WebSocket" in window);

  function t(id) { return (T[lang] && T[lang][id]) || T.nl[id] || id; }
  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) { e.className = cls; }
    if (text) { e.textContent = text; }
    return e;
  }

  // The page follows the language of the conversation.
  function setLang(l) {
    if (!T[l] || l === lang) { return; }
    lang = l;
    document.documentElement.lang = l;
    document.title = t("title");
    document.getElementById("intro").textContent = t("intro");
    document.getElementById("label").textContent = t("label");
    document.getElementById("send").textContent = t("send");
    document.getElementById("hint").textContent = t("hint");
    showStatus();
  }

  function showStatus() {
    status.className = "status" + (typing ? " typing" : "");
    status.textContent = offline ? t("offline") : typing ? t("typing") : "";
  }
  function setTyping(on) { typing = !!on; showStatus(); }
  function setOffline(on) { offline = on; showStatus(); }

  function scroll() { log.scrollTop = log.scrollHeight; }

  function render(f) {
    var m = el("div", "msg " + (f.from === "user" ? "user" : "bot"));
    m.setAttribute("data-seq", f.seq);
    m.appendChild(el("span", "who", (f.from === "user" ? t("you") : t("bot")) + ": "));
    if (f.from === "user") {
      m.appendChild(document.createTextNode(f.text || ""));
      return m;
    }
    if (f.proactive) { m.appendChild(el("span", "note", t("proactive"))); }
    var body = el("div", "body");
    body.innerHTML = f.html || ""; // rendered and escaped by the server
    m.appendChild(body);
    if (f.sources && f.sources.length) {
      var s = el("div", "sources");
      s.appendChild(el("p", "", t("sources") + ":"));
      var ul = el("ul");
      f.sources.forEach(function (src) {
        var li = el("li");
        var label = src.title + (src.ref ? " (" + src.ref + ")" : "");
        if (src.url) {
          var a = el("a", "", label);
          a.href = src.url;
          a.rel = "noopener noreferrer";
          a.target = "_blank";
          li.appendChild(a);
        } else {
          li.textContent = label;
        }
        ul.appendChild(li);
      });
      s.appendChild(ul);
      m.appendChild(s);
    }
    (f.files || []).forEach(function (file) {
      var p = el("p");
      var a = el("a", "", t("download") + ": " + file.name);
      a.href = file.url;
      a.setAttribute("download", file.name);
      p.appendChild(a);
      m.appendChild(p);
    });
    if (f.choices && f.choices.length) {
      var fs = el("fieldset", "choices");
      fs.appendChild(el("legend", "", t("choices")));
      f.choices.forEach(function (c, i) {
        var b = el("button", c.style || "", c.label);
        b.type = "button";
        b.addEventListener("click", function () {
          send({ type: "action", seq: f.seq, choice: i });
          q.focus();
        });
        fs.appendChild(b);
      });
      m.appendChild(fs);
    }
    return m;
  }

  function handle(f) {
    if (!f || typeof f !== "object") { return; }
    if (f.type === "reset") {
      log.textContent = "";
      epoch = f.epoch;
      after = 0;
    } else if (f.type === "msg") {
      if (f.from === "bot" && f.lang) { setLang(f.lang); }
      var old = log.querySelector('[data-seq="' + Number(f.seq) + '"]');
      var m = render(f);
      if (old) { log.replaceChild(m, old); } else { log.appendChild(m); }
      epoch = f.epoch;
      after = Math.max(after, f.ver);
      scroll();
    } else if (f.type === "typing") {
      setTyping(f.on);
    } else if (f.type === "error") {
      var e = el("div", "msg bot error");
      e.setAttribute("role", "alert");
      e.textContent = f.text || t("error_generic");
      log.appendChild(e);
      scroll();
    }
  }

  function post(frame) {
    fetch("chat/send", { method: "POST", credentials: "same-origin", headers: { "Content-Type": "application/json" }, body: JSON.stringify(frame) })
      .then(function (r) { if (r.status !== 204) { return r.json().then(handle); } })
      .catch(function () { handle({ type: "error", text: t("error_generic") }); });
  }

  function send(frame) {
    if (ws && ws.readyState === 1) { ws.send(JSON.stringify(frame)); } else { post(frame); }
  }

  function backoff() { return Math.min(30000, 500 * Math.pow(2, Math.min(failures, 6))); }

  function poll() {
    fetch("chat/poll?epoch=" + epoch + "&after=" + after + "&typing=" + (typing ? 1 : 0), { credentials: "same-origin", cache: "no-store" })
      .then(function (r) {
        if (r.status === 401) { return r.json().then(function (e) { handle(e); throw e; }); }
        if (!r.ok) { throw r; }
        return r.json();
      })
      .then(function (d) {
        failures = 0;
        setOffline(false);
        d.frames.forEach(handle);
        epoch = d.epoch;
        after = d.after;
        if (d.typing !== typing) { setTyping(d.typing); }
        log.removeAttribute("aria-busy");
        poll();
      })
      .catch(function (e) {
        if (e && e.code === "session") { return; }
        failures++;
        setOffline(true);
        setTimeout(poll, backoff());
      });
  }

  function connect() {
    if (usePoll) { poll(); return; }
    var u = new URL("chat/ws", location.href);
    u.protocol = u.protocol === "https:" ? "wss:" : "ws:";
    u.search = "?epoch=" + epoch + "&after=" + after;
    var opened = false;
    ws = new WebSocket(u.href);
    ws.onopen = function () {
      opened = everOpened = true;
      failures = 0;
      setOffline(false);
      setTimeout(function () { log.removeAttribute("aria-busy"); }, 300);
    };
    ws.onmessage = function (ev) {
      try { handle(JSON.parse(ev.data)); } catch (err) { /* not ours */ }
    };
    ws.onclose = function () {
      ws = null;
      failures++;
      if (!opened && !everOpened && failures >= 2) { usePoll = true; poll(); return; } // blocked: fall back
      setOffline(true);
      setTimeout(connect, backoff());
    };
  }

  form.addEventListener("submit", function (ev) {
    ev.preventDefault();
    var text = q.value.trim();
    if (!text) { q.focus(); return; }
    send({ type: "message", text: text });
    q.value = "";
    q.focus();
  });
  q.addEventListener("keydown", function (ev) {
    if (ev.key === "Enter" && !ev.shiftKey && !ev.isComposing) {
      ev.preventDefault();
      form.requestSubmit ? form.requestSubmit() : form.dispatchEvent(new Event("submit", { cancelable: true }));
    }
  });
  window.addEventListener("resize", scroll); // keep the newest message in view
  log.setAttribute("aria-busy", "true");
  connect();
})();
