// Noaber chat widget: <script src="https://noaber.example.nl/chat/widget.js" defer></script>
// adds a button that opens the chat (/chat) in a panel. The chat runs in
// its own frame, under its own Content-Security-Policy.
(function () {
  "use strict";
  var T = __TEXTS__;
  var me = document.currentScript;
  var page = new URL("../chat", me.src).href;
  var lang = (document.documentElement.lang || "nl").slice(0, 2) === "en" ? "en" : "nl";
  var open = false;
  var btn = document.createElement("button");
  btn.type = "button";
  btn.id = "noaber-open";
  btn.textContent = T[lang].open;
  btn.setAttribute("aria-expanded", "false");
  btn.setAttribute("aria-controls", "noaber-frame");
  btn.style.cssText = "position:fixed;right:1rem;bottom:1rem;z-index:2147483000;font:600 1rem/1.2 system-ui,sans-serif;" +
    "padding:.75rem 1rem;border:2px solid #0b4f8a;border-radius:.5rem;background:#0b4f8a;color:#fff;cursor:pointer";
  var frame = document.createElement("iframe");
  frame.id = "noaber-frame";
  frame.title = T[lang].open;
  frame.hidden = true;
  frame.style.cssText = "position:fixed;right:1rem;bottom:4.5rem;z-index:2147483000;width:min(26rem,calc(100vw - 2rem));" +
    "height:min(40rem,calc(100vh - 6rem));border:1px solid #4a4a4a;border-radius:.5rem;background:#fff";
  btn.addEventListener("click", function () {
    open = !open;
    if (open && !frame.src) { frame.src = page; }
    frame.hidden = !open;
    btn.textContent = open ? T[lang].close : T[lang].open;
    btn.setAttribute("aria-expanded", String(open));
    if (open) { frame.focus(); }
  });
  document.body.appendChild(frame);
  document.body.appendChild(btn);
})();
