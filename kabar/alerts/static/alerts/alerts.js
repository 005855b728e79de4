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
  var capable = "serviceWorker" in navigator && "PushManager" in window && "Notification" in window;
  var supported = capable && window.isSecureContext;

  // Why a subscription failed, as the page's messages name it (data-text-<reason>).
  function failure(reason) { var error = new Error(reason); error.reason = reason; return error; }
  function reasonOf(error) {
    if (error && error.reason) { return error.reason; }
    // fetch() rejects with a TypeError when the network is down or the server cannot be reached.
    if (error instanceof TypeError) { return "network"; }
    return "failed";
  }

  function post(url, csrf, data) {
    return fetch(url, {
      method: "POST",
      credentials: "same-origin",
      headers: { "Content-Type": "application/json", "X-CSRFToken": csrf },
      body: JSON.stringify(data)
    }).catch(function () { throw failure("network"); }).then(function (response) {
      return response.json().catch(function () { return {}; }).then(function (body) {
        if (!response.ok && response.status !== 404) {
          var error = new Error(body.error || response.status);
          // A story's topic refused because its coverage ended (services.clean_topics says so in these words).
          if (/live coverage has ended|not covered live now/.test(body.error || "")) { error.reason = "ended"; }
          throw error;
        }
        return { status: response.status, body: body };
      });
    });
  }

  function config() {
    return fetch("/push/config/", { credentials: "same-origin" }).catch(function () {
      throw failure("network");
    }).then(function (response) {
      if (!response.ok) { throw failure("failed"); }
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
  // `progress(step)` tells the page where it is: "asking" (the browser's question is open), "working".
  function subscribe(topics, progress) {
    progress = progress || function () {};
    if (Notification.permission !== "granted") { progress("asking"); }
    return Notification.requestPermission().then(function (permission) {
      if (permission === "denied") { throw failure("denied"); }
      // "default": the reader closed the question without answering.
      if (permission !== "granted") { throw failure("dismissed"); }
      progress("working");
      return Promise.all([config(), registration()]);
    }).then(function (both) {
      var settings = both[0];
      return navigator.serviceWorker.ready.then(function (ready) {
        return ready.pushManager.getSubscription().then(function (existing) {
          return existing || ready.pushManager.subscribe({ userVisibleOnly: true, applicationServerKey: settings.publicKey });
        }).catch(function (error) {
          // The browser's push service refused or could not be reached (offline, blocked, a private window).
          if (error && error.name === "NotAllowedError") { throw failure("denied"); }
          throw failure(navigator.onLine === false ? "network" : "push");
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

  // The topics the server has for this browser ([] when it has none or does not know it).
  function followedTopics(subscription) {
    if (!subscription) { return Promise.resolve([]); }
    return config().then(function (settings) {
      return post("/push/subscription/", settings.csrfToken, { endpoint: subscription.endpoint });
    }).then(function (answer) { return answer.status === 200 ? answer.body.topics : []; });
  }

  function isStory(topic) { return topic.indexOf("story-") === 0; }

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
    function say(key, state) {
      status.textContent = form.getAttribute("data-text-" + key) || form.getAttribute("data-text-failed");
      status.setAttribute("data-state", state || "info");
    }
    // Stories this browser follows have no box here (they come and go): saving the boxes keeps them.
    var stories = [];
    function chosen() {
      return Array.prototype.map.call(form.querySelectorAll("input[name=topic]:checked"), function (box) { return box.value; }).concat(stories);
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
      status.setAttribute("data-state", "error");
      say(capable ? "insecure" : "unsupported");
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
          stories = answer.body.topics.filter(isStory);
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
      form.setAttribute("aria-busy", "true");
      subscribe(topics, function (step) { say(step, "busy"); }).then(function () {
        show(true);
        say("saved");
      }).catch(function (error) {
        say(reasonOf(error), "error");
      }).then(function () {
        on.disabled = save.disabled = false;
        form.removeAttribute("aria-busy");
      });
    }
    form.addEventListener("submit", submit);
    save.addEventListener("click", submit);
    off.addEventListener("click", function () {
      off.disabled = true;
      currentSubscription().then(function (subscription) {
        return subscription ? unsubscribe(subscription) : null;
      }).then(function () { show(false); say("stopped"); }).catch(function (error) { say(reasonOf(error), "error"); }).then(function () {
        off.disabled = false;
      });
    });
  }

  // --- "Ikuti liputan ini": one live story's key events --------------------------------------
  function setUpFollow(box) {
    if (!supported) { return; }
    var topic = box.getAttribute("data-alerts-follow");
    var button = box.querySelector("[data-alerts-follow-button]");
    var status = box.querySelector("[data-alerts-status]");
    var following = false;
    box.hidden = false;
    function mark(on) {
      following = on;
      button.setAttribute("aria-pressed", on ? "true" : "false");
      button.textContent = button.getAttribute(on ? "data-label-on" : "data-label-off");
    }
    function say(key, state) {
      status.textContent = box.getAttribute("data-text-" + key) || box.getAttribute("data-text-failed");
      status.setAttribute("data-state", state || "info");
    }
    currentSubscription().then(followedTopics).then(function (topics) {
      mark(topics.indexOf(topic) !== -1);
    }).catch(function () {});
    button.addEventListener("click", function () {
      button.disabled = true;
      var done = currentSubscription().then(function (subscription) {
        return followedTopics(subscription).then(function (topics) {
          var others = topics.filter(function (t) { return t !== topic; });
          if (!following) {
            return subscribe(others.concat([topic]), function (step) { say(step, "busy"); }).then(function () {
              markBell(true);
              mark(true);
              say("followed");
            });
          }
          // The last topic gone: the browser is unsubscribed, as "Stop notifications" would.
          var left = subscription && others.length ? subscribe(others) : (subscription ? unsubscribe(subscription) : null);
          return Promise.resolve(left).then(function () {
            mark(false);
            say("unfollowed");
          });
        });
      });
      done.catch(function (error) {
        say(reasonOf(error), "error");
      }).then(function () { button.disabled = false; });
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
        subscribe(["breaking", "picks"], function (step) {
          status.textContent = invite.getAttribute("data-text-" + step) || "";
        }).then(function () {
          markBell(true);
          status.textContent = invite.getAttribute("data-text-done");
          control.on.hidden = true;
        }).catch(function (error) {
          control.on.disabled = false;
          var reason = reasonOf(error);
          status.textContent = invite.getAttribute("data-text-" + reason) || invite.getAttribute("data-text-failed");
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
    document.querySelectorAll("[data-alerts-follow]").forEach(setUpFollow);
    watchReading();
  }

  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", start); } else { start(); }
})();
