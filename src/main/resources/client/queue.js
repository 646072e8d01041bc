/* Anteroom waiting-room client. Plain JavaScript, no build step. Served by GET /scripts/queue.js,
 * which puts the script URL's parameters, their problems and every language in SERVER below.
 * data- attributes on the script tag override the URL's parameters. */
(function () {
  "use strict";
  var SERVER = /*SERVER*/ { params: {}, errors: [], langs: {} };
  var NAMES = ["queue", "key", "lang", "theme", "poll", "target", "container"];
  var script = document.currentScript;
  var base = new URL(script.src).origin;
  var cfg = {};
  NAMES.forEach(function (name) {
    var value = script.getAttribute("data-" + name);
    cfg[name] = value != null && value !== "" ? value : SERVER.params[name];
  });
  // The server checked the URL's parameters; the page's own check adds only fields it did not name.
  var errors = SERVER.errors.concat(validate(cfg).filter(function (e) {
    return !SERVER.errors.some(function (s) { return s.split(":")[0] === e.split(":")[0]; });
  }));
  var lang = chooseLanguage(cfg.lang);
  var t = SERVER.langs[lang];
  var storeKey = "anteroom:" + base + ":" + cfg.queue;
  // opensBy: when the queue opens on this browser's steady clock, by the server's word; null once open.
  var state = { token: null, since: null, first: null, lastAnnounce: 0, failures: 0, poll: 10, opensBy: null, line: 0 };
  // generation counts stop()s: an answer to a request made before the last one is dropped, so a
  // poll still on its way when the visitor leaves cannot bring the line back.
  var timer = null, ticker = null, trailing = null, source = null, generation = 0, ui;

  function validate(c) {
    var out = [];
    if (!/^[1-9][0-9]{0,17}$/.test(c.queue || "")) out.push("queue: a queue id is required (queue=123)");
    if (!/^pk_[A-Za-z0-9_-]+$/.test(c.key || "")) out.push("key: a publishable key (pk_...) is required; never put a secret key in a page");
    if (c.lang && !SERVER.langs[c.lang]) out.push("lang: one of " + Object.keys(SERVER.langs).join(", "));
    if (c.theme && !/^(light|dark|auto)$/.test(c.theme)) out.push("theme: light, dark or auto");
    if (c.poll && !(/^[0-9]{1,3}$/.test(c.poll) && +c.poll >= 1 && +c.poll <= 300)) out.push("poll: whole seconds from 1 to 300");
    if (c.target && !/^https?:\/\/[^/?#]/i.test(c.target)) out.push("target: an absolute http(s) URL");
    else if (c.target && SERVER.httpsTargets && !secure(c.target)) out.push("target: an https URL (plain http only to a loopback host)");
    if (c.container) {
      try {
        if (!document.querySelector(c.container)) out.push("container: nothing matches " + c.container);
      } catch (e) {
        out.push("container: not a CSS selector: " + c.container);
      }
    }
    return out;
  }

  function secure(url) {
    try {
      var u = new URL(url);
      return u.protocol === "https:" || /^(localhost|.+\.localhost|127(\.\d{1,3}){3}|\[::1\])$/.test(u.hostname);
    } catch (e) {
      return false;
    }
  }

  function chooseLanguage(wanted) {
    if (wanted && SERVER.langs[wanted]) return wanted;
    var browser = (navigator.languages || [navigator.language || "en"]);
    for (var i = 0; i < browser.length; i++) {
      var code = String(browser[i]).toLowerCase().split("-")[0];
      if (SERVER.langs[code]) return code;
    }
    return "en";
  }

  function text(key, values) {
    return (t[key] || key).replace(/\{(\w+)\}/g, function (_, name) {
      return values && values[name] != null ? values[name] : "";
    });
  }

  function number(n) {
    return new Intl.NumberFormat(lang).format(n);
  }

  function duration(seconds) {
    var unit = "second", n = Math.max(0, Math.round(seconds));
    if (seconds >= 5400) { unit = "hour"; n = Math.round(seconds / 3600); }
    else if (seconds >= 60) { unit = "minute"; n = Math.round(seconds / 60); }
    return new Intl.NumberFormat(lang, { style: "unit", unit: unit, unitDisplay: "long" }).format(n);
  }

  function el(tag, cls, content) {
    var node = document.createElement(tag);
    if (cls) node.className = cls;
    if (content != null) node.textContent = content;
    return node;
  }

  // The styles are client/queue.css, sent in SERVER so that the hosted page can allow them by hash.
  var CSS = SERVER.css || "";

  function addStyles() {
    if (document.documentElement.hasAttribute("data-anteroom-styled")) return;
    document.documentElement.setAttribute("data-anteroom-styled", "");
    try {
      var sheet = new CSSStyleSheet();
      sheet.replaceSync(CSS);
      document.adoptedStyleSheets = document.adoptedStyleSheets.concat([sheet]);
    } catch (e) {
      document.head.appendChild(el("style", null, CSS));
    }
  }

  function mount() {
    addStyles();
    var root = el("section", "anteroom");
    root.setAttribute("lang", lang);
    root.setAttribute("dir", t.dir === "rtl" ? "rtl" : "ltr");
    root.setAttribute("data-theme", cfg.theme || "auto");
    root.setAttribute("aria-labelledby", "anteroom-title");
    var logo = el("div", "anteroom-logo");
    logo.setAttribute("aria-hidden", "true");
    var title = el("h2", null, text("title"));
    title.id = "anteroom-title";
    var live = el("p", "anteroom-sr");
    live.setAttribute("aria-live", "polite");
    live.setAttribute("data-anteroom", "announce");
    var body = el("div");
    body.setAttribute("data-anteroom", "body");
    root.append(logo, title, body, live);
    var host = null;
    try { host = cfg.container && document.querySelector(cfg.container); } catch (e) { /* reported */ }
    if (host) host.appendChild(root);
    else if (script.parentNode && script.parentNode !== document.head) script.parentNode.insertBefore(root, script.nextSibling);
    else document.body.appendChild(root);
    // The logo is the tenant's --anteroom-logo as it applies to the client, "none" unless set.
    var image = getComputedStyle(root).getPropertyValue("--anteroom-logo").trim();
    if (!image || image === "none") logo.setAttribute("data-none", "");
    return { root: root, title: title, body: body, live: live };
  }

  function show(titleKey, nodes, stateName) {
    ui.title.textContent = text(titleKey);
    setState(stateName);
    ui.view = null;
    ui.body.replaceChildren.apply(ui.body, nodes);
  }

  // What screen readers hear when the state changes; the visible text says the same.
  var SAID = { paused: "paused", reconnecting: "reconnecting", expired: "expired", cancelled: "cancelled",
    released: "released", closed: "closed", refused: "refused", "config-error": "config_error" };

  function setState(name) {
    if (ui.root.getAttribute("data-state") === name) return;
    ui.root.setAttribute("data-state", name);
    if (SAID[name]) say(text(SAID[name]));
  }

  function button(key, action, secondary) {
    var b = el("button", secondary ? "anteroom-secondary" : null, text(key));
    b.type = "button";
    b.setAttribute("data-anteroom", key);
    b.addEventListener("click", action);
    return b;
  }

  function emit(name, detail) {
    ui.root.dispatchEvent(new CustomEvent("anteroom:" + name, { bubbles: true, detail: detail }));
  }

  function stop() {
    generation++;
    clearTimeout(timer);
    clearInterval(ticker);
    if (source) { source.close(); source = null; }
  }

  function remember() {
    try {
      localStorage.setItem(storeKey, JSON.stringify({ token: state.token, since: state.since, first: state.first }));
    } catch (e) { /* private mode: the place lasts as long as the page */ }
  }

  function forget() {
    try { localStorage.removeItem(storeKey); } catch (e) { /* nothing kept */ }
    state.token = null;
    state.first = null;
    state.line = 0;
  }

  function request(method, path, body) {
    var init = { method: method, headers: {}, cache: "no-store" };
    if (body) {
      init.headers["Content-Type"] = "application/json";
      init.body = JSON.stringify(body);
    }
    if (path === "/join") init.headers["X-API-Key"] = cfg.key;
    var asked = generation;
    var current = function () { return asked === generation; };
    return fetch(base + path, init).then(function (response) {
      // With several Anteroom nodes: how far this answer reflects the line. Sent back with the
      // next poll, so whichever node answers it is at least as far and the place never goes back.
      var line = +response.headers.get("Anteroom-Line") || 0;
      if (current() && line > (state.line || 0)) state.line = line;
      return response.json().catch(function () { return {}; }).then(function (json) {
        return { status: response.status, body: json, retryAfter: +response.headers.get("Retry-After") || 0 };
      });
    }).then(function (answer) {
      return current() ? answer : new Promise(function () { /* stale: never handled */ });
    }, function (error) {
      return current() ? Promise.reject(error) : new Promise(function () { /* stale */ });
    });
  }

  function join() {
    stop();
    show("title", [el("p", null, text("joining"))], "joining");
    request("POST", "/join", { queue_id: +cfg.queue }).then(function (answer) {
      var b = answer.body;
      if (answer.status === 200 || answer.status === 201) {
        state.token = b.token;
        // Time waited is measured on this browser's clock alone: the server's joined_at is on
        // another clock, which a visitor's device may be minutes away from.
        state.since = answer.status === 201 ? Date.now() : Math.min(Date.now(), Date.parse(b.joined_at) || Date.now());
        state.failures = 0;
        remember();
        return handle(b);
      }
      refusal(answer);
    }, trouble(join));
  }

  function refusal(answer) {
    var code = answer.body && answer.body.code;
    var why = (answer.body && (answer.body.detail || answer.body.title)) || "HTTP " + answer.status;
    console.error("Anteroom: refused (" + answer.status + " " + (code || "") + "): " + why);
    emit("error", { status: answer.status, code: code, detail: why });
    if (code === "queue_full" || code === "queue_at_capacity") {
      var wait = Math.max(answer.retryAfter, 5);
      show("heading", [el("p", null, text("full", { duration: duration(wait) }))], "full");
      timer = setTimeout(join, after(wait));
    } else if (code === "queue_closed") {
      show("heading", [el("p", null, text("closed"))], "closed");
    } else if (answer.status === 503 || answer.status === 429 || answer.status >= 500) {
      retryLater(join, answer.retryAfter);
    } else {
      show("heading", [el("p", null, text("refused"))], "refused");
    }
  }

  function status() {
    var seen = state.line ? "&line=" + state.line : "";
    request("GET", "/queue_status?token=" + encodeURIComponent(state.token) + seen).then(function (answer) {
      if (answer.status === 200) {
        state.failures = 0;
        return handle(answer.body);
      }
      if (answer.status >= 500 || answer.status === 429) return retryLater(status, answer.retryAfter);
      // This page may not use the waiting room (origin_not_allowed): say so, and keep the place
      // for the page that may.
      if (answer.status === 403) return refusal(answer);
      console.warn("Anteroom: the kept place is unknown (" + answer.status + "); joining afresh");
      forget();
      join();
    }, trouble(status));
  }

  function trouble(again) {
    return function (error) {
      console.warn("Anteroom: network trouble: " + (error && error.message));
      retryLater(again, 0);
    };
  }

  // Backoff doubles from 1 s to 60 s, with equal jitter, so a restarted server is not met by
  // every waiting page at the same instant; a Retry-After the server advises is waited out, never
  // cut short, with jitter on top.
  function retryLater(again, advised) {
    stop();
    state.failures++;
    var backoff = jitter(Math.min(60000, 1000 * Math.pow(2, state.failures - 1)));
    var delay = advised > 0 ? Math.max(backoff, after(advised)) : backoff;
    show("title", [el("p", null, text("reconnecting")),
      el("p", "anteroom-muted", text("retry_in", { duration: duration(delay / 1000) }))], "reconnecting");
    timer = setTimeout(again, delay);
  }

  function jitter(ms) {
    return ms / 2 + Math.random() * ms / 2;
  }

  // A server's Retry-After in seconds, as milliseconds to wait: never earlier, up to 5 s later.
  function after(seconds) {
    return seconds * 1000 + Math.random() * Math.min(seconds, 5) * 1000;
  }

  // A poll interval spread by a tenth either way, so pages that began together drift apart.
  function spread(ms) {
    return ms * (0.9 + Math.random() * 0.2);
  }

  // Pages that counted down together ask after the opening over this much time, not in one instant.
  var OPENING_SPREAD = 2000;
  // On a stream the server says the opening itself within a second (its gap between events); the
  // poll at the opening is for a stream that stays quiet.
  var STREAM_GRACE = 1000;

  // Before the opening a wait is cut short: the server's clock decides when the queue opens, so the
  // page asks when its countdown ends (a stream that stays quiet then, or a poll interval longer
  // than the countdown, would leave the place unshown), and a polling page asks at least every
  // poll_after_seconds meanwhile.
  function beforeOpening(ms) {
    if (state.opensBy == null) return ms;
    var opening = state.opensBy - performance.now() + Math.random() * OPENING_SPREAD;
    var limit = source ? opening + STREAM_GRACE : Math.min(opening, state.poll * 1000);
    return Math.max(1000, Math.min(ms, limit));
  }

  // The next poll: at the hint while polling; on a stream, none (it fails over to polling) except
  // before the opening.
  function schedule() {
    clearTimeout(timer);
    var wait = beforeOpening(source ? Infinity : Math.max(1000, spread(state.poll * 1000)));
    if (wait !== Infinity) timer = setTimeout(status, wait);
  }

  // The server's hint is also its limit: it is shorter than the idle timeout, and a page that
  // polls less often than it loses the place.
  function takeHint(s) {
    var hint = s.poll_after_seconds || 10;
    state.poll = cfg.poll ? Math.min(+cfg.poll, hint) : hint;
  }

  function handle(s) {
    emit("status", s);
    if (s.status === "released") return release(s);
    stop();
    if (s.status === "cancelled") {
      forget();
      return show("heading", [el("p", null, text("cancelled")), button("rejoin", join)], "cancelled");
    }
    if (s.status === "expired") {
      forget();
      return show("heading", [el("p", null, text("expired")), button("rejoin", join)], "expired");
    }
    waiting(s);
    takeHint(s);
    if (window.EventSource && !source && !state.noStream) listen();
    schedule();
  }

  function listen() {
    source = new EventSource(base + "/queue_status/stream?token=" + encodeURIComponent(state.token));
    source.addEventListener("status", function (event) {
      var s = JSON.parse(event.data);
      if (s.status !== "waiting" && source) { source.close(); source = null; }
      handleStreamed(s);
    });
    source.onerror = function () {
      // The stream ended or could not start: poll at the server's hint instead. A node that stops
      // ends all its streams at once, so the first poll is spread over the poll interval.
      if (source) { source.close(); source = null; }
      state.noStream = true;
      clearTimeout(timer);
      timer = setTimeout(status, beforeOpening(1000 + Math.random() * state.poll * 1000));
    };
  }

  function handleStreamed(s) {
    emit("status", s);
    if (s.status !== "waiting") return handle(s);
    waiting(s);
    takeHint(s);
    schedule();
  }

  // The waiting view is built once and then updated in place, so a focused button keeps its
  // focus and nothing flickers as events arrive.
  function waitingView() {
    if (ui.view) return ui.view;
    var v = {};
    v.opens = el("p", "anteroom-muted");
    v.opens.setAttribute("data-anteroom", "countdown");
    v.opensAt = el("p", "anteroom-muted");
    v.dl = el("dl");
    v.pos = el("dd", "anteroom-position");
    v.pos.setAttribute("data-anteroom", "position");
    v.eta = el("dd");
    v.eta.setAttribute("data-anteroom", "eta");
    v.dl.append(el("dt", null, text("position_label")), v.pos, el("dt", null, text("eta_label")), v.eta);
    v.bar = el("div", "anteroom-bar");
    v.bar.setAttribute("role", "progressbar");
    v.bar.setAttribute("aria-label", text("progress_label"));
    v.bar.setAttribute("aria-valuemin", "0");
    v.bar.setAttribute("aria-valuemax", "100");
    v.fill = el("div");
    v.bar.appendChild(v.fill);
    v.paused = el("p", "anteroom-muted", text("paused"));
    v.waited = el("p", "anteroom-muted");
    v.waited.setAttribute("data-anteroom", "waited");
    show("title", [v.opens, v.opensAt, v.dl, v.bar, v.paused, v.waited,
      el("p", "anteroom-muted", text("keep_open")), button("leave", leave, true)], "waiting");
    ui.view = v;
    return v;
  }

  function waiting(s) {
    if (state.first == null && s.position != null) { state.first = s.position; remember(); }
    var v = waitingView();
    // The server sends opens_at only while the queue is not open, and the seconds to it by its own
    // clock: the countdown runs on the browser's steady clock from there, never on its wall clock.
    var notOpen = s.opens_at != null;
    var opensIn = s.opens_in_seconds != null ? s.opens_in_seconds * 1000 : Date.parse(s.opens_at) - Date.now();
    var opensBy = performance.now() + opensIn;
    // Only the server's word decides when to ask: a device clock hours off must not make a page
    // poll every second, or never.
    state.opensBy = notOpen && s.opens_in_seconds != null ? opensBy : null;
    v.opens.hidden = v.opensAt.hidden = !notOpen;
    if (notOpen) {
      v.opensAt.textContent = text("not_open_at", {
        time: new Intl.DateTimeFormat(lang, { hour: "numeric", minute: "2-digit" }).format(new Date(s.opens_at))
      });
    }
    v.dl.hidden = v.bar.hidden = s.position == null;
    if (s.position != null) {
      v.pos.textContent = number(s.position);
      v.eta.textContent = s.eta_seconds == null ? text("eta_unknown")
        : s.eta_seconds < 60 ? text("eta_soon") : text("eta_about", { duration: duration(s.eta_seconds) });
      var share = state.first > 1 ? Math.max(0, Math.min(1, (state.first - s.position) / (state.first - 1))) : 1;
      v.bar.setAttribute("aria-valuenow", String(Math.round(share * 100)));
      v.fill.style.inlineSize = Math.round(share * 100) + "%";
    }
    v.paused.hidden = !(s.eta_seconds == null && !notOpen);
    // The view is complete before its state is set; a change of state is said at once, the
    // place in line after it.
    setState(notOpen ? "not-open" : s.eta_seconds == null ? "paused" : "waiting");
    if (s.position != null) announce(s.position);
    if (!state.since) { state.since = Date.now(); remember(); }
    var since = state.since;
    var update = function () {
      v.waited.textContent = text("waited", { duration: duration((Date.now() - since) / 1000) });
      if (notOpen) v.opens.textContent = text("not_open", { duration: duration(Math.max(0, opensBy - performance.now()) / 1000) });
    };
    update();
    clearInterval(ticker);
    ticker = setInterval(update, 1000);
  }

  // Screen readers hear the place when it changes, at most every 20 seconds; a change within
  // that time is said when it is up, so the latest place is never left unsaid.
  function announce(position) {
    state.position = position;
    if (position === state.announced || trailing) return;
    var wait = state.lastAnnounce + 20000 - Date.now();
    if (wait > 0) {
      trailing = setTimeout(function () {
        trailing = null;
        if (ui.root.getAttribute("data-state") === "waiting" || ui.root.getAttribute("data-state") === "paused") announce(state.position);
      }, wait);
      return;
    }
    state.announced = position;
    say(text("announce_position", { position: number(position) }));
  }

  function say(message) {
    state.lastAnnounce = Date.now();
    ui.live.textContent = message;
  }

  function leave() {
    var token = state.token;
    stop();
    request("POST", "/cancel", { token: token }).then(function (answer) {
      if (answer.status >= 500 || answer.status === 429) return retryLater(leave, answer.retryAfter);
      if (answer.status === 403) return refusal(answer);
      // 404: the place is already gone, which is what leaving asked for.
      handle(answer.status === 200 ? answer.body : { status: "cancelled" });
    }, trouble(leave));
  }

  function release(s) {
    stop();
    var pass = { access_token: s.access_token, expires_at: s.access_expires_at, queue_id: s.queue_id };
    emit("release", pass);
    var page = window.Anteroom;
    if (page && typeof page.onRelease === "function") {
      show("released", [el("p", null, text("released_here"))], "released");
      return page.onRelease(pass);
    }
    var target = cfg.target || s.redirect_url;
    if (!target) return show("released", [el("p", null, text("released_here"))], "released");
    var url = new URL(target, location.href);
    url.searchParams.set("anteroom_pass", s.access_token);
    var link = el("a", "anteroom-button", text("continue"));
    link.href = url.href;
    show("released", [el("p", null, text("redirecting")), link], "released");
    // replace, not assign: Back from the shop must not land on a waiting page that has let go.
    location.replace(url.href);
  }

  function start() {
    ui = mount();
    if (errors.length) {
      console.error("Anteroom: the waiting room is not set up correctly:\n- " + errors.join("\n- "));
      var list = el("ul");
      errors.forEach(function (e) { list.appendChild(el("li", null, e)); });
      show("heading", [el("p", null, text("config_error")), list], "config-error");
      return;
    }
    try {
      var kept = JSON.parse(localStorage.getItem(storeKey) || "null");
      if (kept && kept.token) {
        state.token = kept.token;
        state.since = kept.since;
        state.first = kept.first;
      }
    } catch (e) { /* no storage: join afresh */ }
    if (state.token) status();
    else join();
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
