// Kabar alerts: the notification opt-in. No prompt ever appears on its own: the browser asks for
// permission only after the reader presses "Aktifkan notifikasi" on /push/ or in the invitation,
// and the invitation shows only once an article has been read to its end.
(function () {
  "use strict";
  var SW_URL = "/push/sw.js";
  var DISMISSED_KEY = "kabar.alerts.dismissed";
  var DISMISS_DAYS = 30;
  // Reaching the end of an article counts as reading it only after this long on the page.
  var READ_MS = 10000;
  var loadedAt = Date.now();
  var supported = "serviceWorker" in navigator && "PushManager" in window && "Notification" in window &&
    window.isSecureContext;

  function post(url, csrf, data) {
    return fetch(url, {
      method: "POST",
      credentials: "same-origin",
      headers: { "Content-Type": "application/json", "X-CSRFToken": csrf },
      body: JSON.stringify(data)
    }).then(function (response) {
      return response.json().catch(function () { return {}; }).then(function (body) {
        if (!response.ok && response.status !== 404) { throw new Error(body.error || response.status); }
        return { status: response.status, body: body };
      });
    });
  }

  function config() {
    return fetch("/push/config/", { credentials: "same-origin" }).then(function (response) {
      if (!response.ok) { throw new Error("config " + response.status); }
      return response.json();
    });
  }

  function registration() {
    return navigator.serviceWorker.getRegistration("/").then(function (found) {
      return found || navigator.serviceWorker.register(SW_URL, { scope: "/" });
    });
  }

  function currentSubscription() {
    if (!supported) { return Promise.resolve(null); }
    return navigator.serviceWorker.getRegistration("/").then(function (found) {
      return found ? found.pushManager.getSubscription() : null;
    }).catch(function () { return null; });
  }

  // Called from a click: the permission prompt needs the reader's gesture, and never comes otherwise.
  function subscribe(topics) {
    return Notification.requestPermission().then(function (permission) {
      if (permission !== "granted") { throw new Error("denied"); }
      return Promise.all([config(), registration()]);
    }).then(function (both) {
      var settings = both[0];
      return navigator.serviceWorker.ready.then(function (ready) {
        return ready.pushManager.getSubscription().then(function (existing) {
          return existing || ready.pushManager.subscribe({ userVisibleOnly: true, applicationServerKey: settings.publicKey });
        });
      }).then(function (subscription) {
        return post("/push/subscribe/", settings.csrfToken, { subscription: subscription.toJSON(), topics: topics });
      });
    });
  }

  function unsubscribe(subscription) {
    return config().then(function (settings) {
      return post("/push/unsubscribe/", settings.csrfToken, { endpoint: subscription.endpoint });
    }).then(function () { return subscription.unsubscribe(); });
  }

  function markBell(on) {
    document.querySelectorAll("[data-alerts-bell]").forEach(function (bell) {
      bell.classList.toggle("alerts-bell--on", on);
      var label = bell.querySelector("[data-alerts-bell-label]");
      if (on && label) { label.textContent = bell.getAttribute("data-label-on"); }
      if (on) { bell.setAttribute("title", bell.getAttribute("data-label-on")); }
    });
  }

  // --- /push/: the control ---------------------------------------------------------------
  function setUpControl(form) {
    var status = form.querySelector("[data-alerts-status]");
    var on = form.querySelector("[data-alerts-on]");
    var save = form.querySelector("[data-alerts-save]");
    var off = form.querySelector("[data-alerts-off]");
    form.hidden = false;
    function say(key) { status.textContent = form.getAttribute("data-text-" + key) || ""; }
    function chosen() {
      return Array.prototype.map.call(form.querySelectorAll("input[name=topic]:checked"), function (box) { return box.value; });
    }
    function show(subscribed) {
      on.hidden = subscribed;
      save.hidden = !subscribed;
      off.hidden = !subscribed;
      markBell(subscribed);
    }
    if (!supported) {
      form.querySelector("fieldset").hidden = true;
      on.hidden = true;
      say("unsupported");
      return;
    }
    if (Notification.permission === "denied") { say("denied"); }
    currentSubscription().then(function (subscription) {
      show(!!subscription);
      if (!subscription) { if (Notification.permission !== "denied") { say("off"); } return; }
      say("on");
      return config().then(function (settings) {
        return post("/push/subscription/", settings.csrfToken, { endpoint: subscription.endpoint });
      }).then(function (answer) {
        if (answer.status === 200) {
          form.querySelectorAll("input[name=topic]").forEach(function (box) {
            box.checked = answer.body.topics.indexOf(box.value) !== -1;
          });
        }
      });
    }).catch(function () {});
    function submit(event) {
      if (event) { event.preventDefault(); }
      var topics = chosen();
      if (!topics.length) { say("none"); return; }
      on.disabled = save.disabled = true;
      subscribe(topics).then(function () { show(true); say("saved"); }).catch(function (error) {
        say(error.message === "denied" ? "denied" : "failed");
      }).then(function () { on.disabled = save.disabled = false; });
    }
    form.addEventListener("submit", submit);
    save.addEventListener("click", submit);
    off.addEventListener("click", function () {
      off.disabled = true;
      currentSubscription().then(function (subscription) {
        return subscription ? unsubscribe(subscription) : null;
      }).then(function () { show(false); say("stopped"); }).catch(function () { say("failed"); }).then(function () {
        off.disabled = false;
      });
    });
  }

  // --- the invitation, after an article has been read to its end --------------------------
  function dismissedRecently() {
    try {
      var at = parseInt(window.localStorage.getItem(DISMISSED_KEY) || "0", 10);
      return Date.now() - at < DISMISS_DAYS * 864e5;
    } catch (error) {
      return true;
    }
  }

  function showInvitation(article) {
    fetch("/push/invite/", { credentials: "same-origin" }).then(function (response) {
      return response.ok ? response.text() : "";
    }).then(function (html) {
      if (!html || document.querySelector("[data-alerts-invite]")) { return; }
      var holder = document.createElement("div");
      holder.innerHTML = html;
      var invite = holder.querySelector("[data-alerts-invite]");
      if (!invite) { return; }
      article.parentNode.insertBefore(invite, article.nextSibling);
      var status = invite.querySelector("[data-alerts-status]");
      var control = { on: invite.querySelector("[data-alerts-invite-on]") };
      invite.querySelector("[data-alerts-invite-dismiss]").addEventListener("click", function () {
        try { window.localStorage.setItem(DISMISSED_KEY, String(Date.now())); } catch (error) { /* private mode */ }
        invite.remove();
      });
      control.on.addEventListener("click", function () {
        control.on.disabled = true;
        subscribe(["breaking", "picks"]).then(function () {
          markBell(true);
          status.textContent = invite.getAttribute("data-text-done");
          control.on.hidden = true;
        }).catch(function (error) {
          control.on.disabled = false;
          status.textContent = invite.getAttribute(error.message === "denied" ? "data-text-denied" : "data-text-failed");
        });
      });
    }).catch(function () {});
  }

  function watchReading() {
    var article = document.querySelector(".page-article .article");
    var end = article && article.querySelector(".article__footer");
    if (!end || !supported || Notification.permission !== "default" || dismissedRecently() || !("IntersectionObserver" in window)) {
      return;
    }
    currentSubscription().then(function (subscription) {
      if (subscription) { return; }
      var seen = new IntersectionObserver(function (entries) {
        if (entries.some(function (entry) { return entry.isIntersecting; })) {
          seen.disconnect();
          setTimeout(function () { showInvitation(article); }, Math.max(0, READ_MS - (Date.now() - loadedAt)));
        }
      });
      seen.observe(end);
    });
  }

  function start() {
    var form = document.querySelector("[data-alerts-control]");
    if (form) { setUpControl(form); } else { currentSubscription().then(function (s) { markBell(!!s); }); }
    watchReading();
  }

  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", start); } else { start(); }
})();
