/* SmartCal embed (GET /embed.js): a booking page on any website, no dependencies.
 *
 *   <script src="https://cal.example.com/embed.js" async></script>
 *   <div data-smartcal-inline="alex/intro"></div>                 the page, inline
 *   <button data-smartcal-popup="alex/intro">Book a call</button>  the page in a dialog
 *   SmartCal.on("booked", function (m) { m.booking_id; m.start; });
 *
 * The pages come from the origin this script was loaded from. They tell this script their
 * height and their bookings by postMessage; only messages from that origin are read, and the
 * pages are told this page's origin so they send to nobody else. */
(function () {
  "use strict";
  var w = window, d = document;
  if (w.SmartCal && w.SmartCal.origin) return; // loaded twice
  var me = d.currentScript || d.querySelector('script[src*="/embed.js"]');
  if (!me) return;
  var ORIGIN = new URL(me.src, location.href).origin;
  var handlers = {};
  var open = null; // the popup shown, if any

  /* `host/agenda` (optionally `?invite=…`), or `host` (their page of agendas) → the
   * embedded page's address. */
  function address(target) {
    var m = /^\/?([^\/?#\s]+(?:\/[^\/?#\s]+)?)\/?(?:\?([^#]*))?$/.exec(target || "");
    if (!m) {
      if (w.console) console.warn("SmartCal: expected host/agenda, got", target);
      return null;
    }
    return ORIGIN + "/book/" + m[1] + "?" + (m[2] ? m[2] + "&" : "") +
      "embed=1&origin=" + encodeURIComponent(location.origin);
  }

  function frame(url, title) {
    var f = d.createElement("iframe");
    f.src = url;
    f.title = title || "Book a time";
    f.setAttribute("data-smartcal-frame", "");
    f.setAttribute("allowtransparency", "true");
    f.style.cssText = "display:block;width:100%;height:480px;border:0;background:transparent;" +
      "color-scheme:normal";
    return f;
  }

  function inline(el) {
    var url = address(el.getAttribute("data-smartcal-inline"));
    if (url) el.appendChild(frame(url, el.getAttribute("data-smartcal-title")));
  }

  function popup(button) {
    button.addEventListener("click", function (e) {
      var url = address(button.getAttribute("data-smartcal-popup"));
      if (!url) return;
      e.preventDefault();
      show(button, url);
    });
  }

  /* A modal <dialog>: the rest of the page is inert while it is open, so focus stays inside;
   * Esc (also pressed inside the booking page, which forwards it), the close button or a click
   * on the backdrop closes it, and focus goes back to the button that opened it. */
  function show(button, url) {
    if (open) open.close();
    var title = button.getAttribute("data-smartcal-title") || button.textContent.trim() || "Book a time";
    var dlg = d.createElement("dialog");
    dlg.setAttribute("aria-label", title);
    dlg.style.cssText = "padding:0;border:0;border-radius:8px;width:min(64rem,calc(100vw - 2rem));" +
      "max-width:none;max-height:calc(100vh - 2rem);overflow:auto;background:#fff;" +
      "box-shadow:0 8px 40px rgba(0,0,0,.3)";
    var close = d.createElement("button");
    close.type = "button";
    close.setAttribute("aria-label", "Close");
    close.textContent = "\u00d7";
    close.autofocus = true;
    close.style.cssText = "position:sticky;top:0;z-index:1;display:block;margin:.25rem .25rem 0 auto;width:2.75rem;" +
      "height:2.75rem;font:1.75rem/1 system-ui,sans-serif;border:0;border-radius:50%;" +
      "background:#f1f3f7;color:#1d2330;cursor:pointer";
    close.addEventListener("click", function () { dlg.close(); });
    dlg.appendChild(close);
    dlg.appendChild(frame(url, title));
    dlg.addEventListener("click", function (e) {
      if (e.target === dlg) dlg.close(); // the backdrop
    });
    dlg.addEventListener("close", function () {
      if (open === dlg) open = null;
      dlg.remove();
      if (button.isConnected) button.focus();
    });
    d.body.appendChild(dlg);
    open = dlg;
    dlg.showModal();
    close.focus();
  }

  function emit(name, message) {
    (handlers[name] || []).slice().forEach(function (fn) {
      try { fn(message); } catch (err) { setTimeout(function () { throw err; }); }
    });
  }

  w.addEventListener("message", function (e) {
    var m = e.data;
    if (e.origin !== ORIGIN || !m || typeof m.type !== "string") return;
    var frames = d.querySelectorAll("iframe[data-smartcal-frame]"), f = null;
    for (var i = 0; i < frames.length; i++) if (frames[i].contentWindow === e.source) f = frames[i];
    if (!f) return;
    if (m.type === "smartcal:height") {
      var h = Math.ceil(Number(m.height));
      if (h > 0 && h < 100000) f.style.height = h + "px";
    } else if (m.type === "smartcal:booked") {
      emit("booked", { type: m.type, booking_id: String(m.booking_id), start: String(m.start),
        status: String(m.status) });
    } else if (m.type === "smartcal:escape" && open && open.contains(f)) {
      open.close();
    }
  });

  /* Turns every not yet handled data-smartcal-inline / data-smartcal-popup element under
   * `root` (default the document) into an embed; runs by itself once the page is parsed. */
  function scan(root) {
    var els = (root || d).querySelectorAll("[data-smartcal-inline],[data-smartcal-popup]");
    for (var i = 0; i < els.length; i++) {
      var el = els[i];
      if (el.hasAttribute("data-smartcal-ready")) continue;
      el.setAttribute("data-smartcal-ready", "");
      if (el.hasAttribute("data-smartcal-inline")) inline(el); else popup(el);
    }
  }

  w.SmartCal = {
    origin: ORIGIN,
    scan: scan,
    /* SmartCal.on("booked", fn): fn({type: "smartcal:booked", booking_id, start, status})
     * after each booking made in an embedded page; returns a function that removes fn. */
    on: function (name, fn) {
      (handlers[name] = handlers[name] || []).push(fn);
      return function () {
        handlers[name] = (handlers[name] || []).filter(function (g) { return g !== fn; });
      };
    }
  };
  if (d.readyState === "loading") d.addEventListener("DOMContentLoaded", function () { scan(); });
  else scan();
})();
