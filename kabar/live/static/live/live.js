/* Kabar live reports: new updates without a reload, relative times, earlier updates inline.
 *
 * The page works without this file (reload for new updates; "Muat pembaruan sebelumnya" is a link).
 * It polls one cached JSON per report (/live/<id>/updates.json) every 0.8 to 1 interval (jitter, so
 * thousands of readers do not ask in step, yet no gap is longer than the interval: an update is seen
 * within one interval, the goal `make bench`'s live part measures), with the last ETag, so most polls
 * are a 304 from the cache in front. New updates wait behind a "N pembaruan baru" button and are
 * inserted when it is tapped, keeping what the reader is reading where it is. Polling stops while
 * the tab is hidden and for good once the coverage has ended. Words come from the page's
 * data-text-* attributes, translated by Django.
 */
(function () {
  "use strict";

  var stream = document.querySelector(".live-stream");
  if (!stream) { return; }
  var list = stream.querySelector("[data-live-updates]");
  var newBox = stream.querySelector("[data-live-new]");
  var newButton = stream.querySelector("[data-live-show]");
  var endedNote = stream.querySelector("[data-live-ended-note]");
  var pollUrl = stream.getAttribute("data-live-poll");
  var interval = Math.max(1, parseFloat(stream.getAttribute("data-live-interval")) || 15) * 1000;
  var etag = null;
  var timer = null;
  var ended = !pollUrl;
  var pending = [];       // updates fetched but not shown yet, newest first: {id, html}
  var tooMany = false;    // more came than one poll window holds: a reload shows them all

  function text(name) { return stream.getAttribute("data-text-" + name) || ""; }

  function shownIds() {
    var ids = {};
    document.querySelectorAll("[data-live-update]").forEach(function (el) {
      ids[el.getAttribute("data-live-update")] = el;
    });
    return ids;
  }

  function fragment(html) {
    var template = document.createElement("template");
    template.innerHTML = html.trim();
    return template.content.firstElementChild;
  }

  // --- relative times ("2 menit lalu") -----------------------------------------------------------

  function ago(iso) {
    var seconds = (Date.now() - Date.parse(iso)) / 1000;
    if (isNaN(seconds)) { return ""; }
    if (seconds < 60) { return text("just-now"); }
    if (seconds < 3600) {
      var minutes = Math.floor(seconds / 60);
      return minutes === 1 ? text("minute") : text("minutes").replace("%(count)s", minutes);
    }
    if (seconds < 86400) {
      var hours = Math.floor(seconds / 3600);
      return hours === 1 ? text("hour") : text("hours").replace("%(count)s", hours);
    }
    return "";  // the time and date beside it say enough
  }

  function refreshTimes(root) {
    (root || document).querySelectorAll("[data-live-ago]").forEach(function (el) {
      el.textContent = ago(el.getAttribute("data-live-ago"));
    });
  }

  // --- inserting without moving the reader -------------------------------------------------------

  // The first update the reader can see: it must stay where it is while updates go in above it.
  function anchor() {
    var updates = list.querySelectorAll("[data-live-update]");
    for (var i = 0; i < updates.length; i++) {
      if (updates[i].getBoundingClientRect().bottom > 0) { return updates[i]; }
    }
    return null;
  }

  function keepingPlace(change) {
    // Only when the reader has scrolled into the stream; at its top, new updates appear in view.
    var scrolledIn = list.getBoundingClientRect().top < 0;
    var mark = scrolledIn ? anchor() : null;
    var before = mark ? mark.getBoundingClientRect().top : 0;
    change();
    if (mark) { window.scrollBy(0, mark.getBoundingClientRect().top - before); }
  }

  function showPending() {
    if (tooMany) { window.location.reload(); return; }
    var shown = shownIds();
    var items = pending.filter(function (item) { return !shown[item.id]; });
    pending = [];
    keepingPlace(function () {
      // Oldest first, each at the top: the newest ends up first.
      for (var i = items.length - 1; i >= 0; i--) {
        var el = fragment(items[i].html);
        if (el) {
          el.classList.add("live-update--new");
          list.insertBefore(el, list.firstElementChild);
          refreshTimes(el);
        }
      }
      var empty = list.querySelector(".live-stream__empty");
      if (empty) { empty.remove(); }
      newBox.hidden = true;
    });
  }

  function announce() {
    var count = pending.length;
    keepingPlace(function () {
      if (!count && !tooMany) { newBox.hidden = true; return; }
      newButton.textContent = tooMany ? text("reload")
        : count === 1 ? text("new-one") : text("new-many").replace("%(count)s", count);
      newBox.hidden = false;
    });
  }

  // Edited updates are replaced where they are; deleted ones within the window go.
  function reconcile(updates, shown) {
    var inWindow = {};
    updates.forEach(function (update) {
      inWindow[update.id] = true;
      var el = shown[update.id];
      if (el && el.getAttribute("data-live-version") !== update.edited_at) {
        var fresh = fragment(update.html);
        if (fresh) {
          if (el.classList.contains("live-update--pinned")) { fresh.className = el.className; }
          keepingPlace(function () { el.replaceWith(fresh); refreshTimes(fresh); });
        }
      }
    });
    var oldest = updates.length ? Date.parse(updates[updates.length - 1].published_at) : Infinity;
    list.querySelectorAll("[data-live-update]").forEach(function (el) {
      var time = el.querySelector("[data-live-ago]");
      var when = time ? Date.parse(time.getAttribute("data-live-ago")) : 0;
      if (!inWindow[el.getAttribute("data-live-update")] && when > oldest) {
        keepingPlace(function () { el.remove(); });
      }
    });
  }

  function keyPoints(events) {
    var nav = document.querySelector(".live-key-points");
    var holder = nav && nav.querySelector("[data-live-key-points]");
    if (!holder) { return; }
    var shown = shownIds();
    holder.textContent = "";
    events.forEach(function (event) {
      var li = document.createElement("li");
      var a = document.createElement("a");
      var time = document.createElement("time");
      a.href = shown[event.id] ? "#update-" + event.id : event.link;
      time.setAttribute("datetime", event.published_at);
      time.textContent = event.time;
      a.appendChild(time);
      a.appendChild(document.createTextNode(" " + (event.headline || nav.getAttribute("data-text-key-event"))));
      li.appendChild(a);
      holder.appendChild(li);
    });
    nav.hidden = !events.length;
  }

  function apply(data) {
    var shown = shownIds();
    var known = {};
    pending.forEach(function (item) { known[item.id] = true; });
    var fresh = data.updates.filter(function (update) { return !shown[update.id] && !known[update.id]; });
    // Nothing of the window is on the page and the window is full: more came than it holds.
    var anyShown = data.updates.some(function (update) { return shown[update.id]; });
    if (!anyShown && data.updates.length >= data.window && Object.keys(shown).length) { tooMany = true; }
    pending = fresh.map(function (u) { return { id: String(u.id), html: u.html }; }).concat(pending);
    reconcile(data.updates, shown);
    keyPoints(data.key_events);
    announce();
    if (data.status !== "live") { stop(); }
  }

  // --- polling -----------------------------------------------------------------------------------

  function schedule() {
    clearTimeout(timer);
    if (ended || document.hidden) { return; }
    timer = setTimeout(poll, interval * (0.8 + 0.2 * Math.random()));
  }

  function poll() {
    if (ended || document.hidden) { return; }
    var headers = { Accept: "application/json" };
    if (etag) { headers["If-None-Match"] = etag; }
    fetch(pollUrl, { headers: headers, cache: "no-store", credentials: "omit" })
      .then(function (response) {
        if (response.status === 304) { return null; }
        if (!response.ok) { throw new Error(response.status); }
        etag = response.headers.get("ETag");
        return response.json();
      })
      .then(function (data) { if (data) { apply(data); } })
      .catch(function () { /* the next poll tries again */ })
      .then(schedule);
  }

  function stop() {
    ended = true;
    clearTimeout(timer);
    if (endedNote) {
      endedNote.textContent = text("ended");
      endedNote.hidden = false;
    }
  }

  // --- earlier updates inline --------------------------------------------------------------------

  function loadEarlier(event) {
    var link = event.target.closest("[data-live-more]");
    if (!link) { return; }
    event.preventDefault();
    link.setAttribute("aria-busy", "true");
    fetch(link.href, { credentials: "omit" })
      .then(function (response) {
        if (!response.ok) { throw new Error(response.status); }
        return response.text();
      })
      .then(function (html) {
        var page = new DOMParser().parseFromString(html, "text/html");
        var shown = shownIds();
        var first = null;
        page.querySelectorAll("[data-live-updates] [data-live-update]").forEach(function (el) {
          if (shown[el.getAttribute("data-live-update")]) { return; }
          var copy = document.importNode(el, true);
          list.appendChild(copy);
          first = first || copy;
        });
        refreshTimes(list);
        var next = page.querySelector("[data-live-more]");
        if (next) { link.href = next.getAttribute("href"); link.removeAttribute("aria-busy"); }
        else { link.parentNode.remove(); }
        // Keyboard and screen reader users continue at the first update that came in.
        if (first) {
          var target = first.querySelector(".live-update__time a");
          if (target) { target.focus({ preventScroll: true }); }
        }
      })
      .catch(function () { window.location.href = link.href; });
  }

  // --- start -------------------------------------------------------------------------------------

  refreshTimes();
  setInterval(function () { refreshTimes(); }, 30000);
  stream.addEventListener("click", loadEarlier);
  if (newButton) { newButton.addEventListener("click", showPending); }
  document.addEventListener("visibilitychange", function () {
    if (document.hidden) { clearTimeout(timer); }
    else if (!ended) { poll(); }
  });
  schedule();
})();
