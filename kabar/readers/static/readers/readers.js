// Kabar readers: the signed-in reader's parts of a public page, asked of /akun/status/ (never cached).
// The HTML is the same for every reader, so caches may keep it. Without this file everything still
// works: "Masuk" logs in and comes back, and Simpan / Ikuti are links to forms under /akun/.
// Other scripts get the same answer without asking again: `window.kabarReaderStatus` (a promise),
// or the `kabar:reader` event on document (detail: the status). See docs/architecture.md.
(function () {
  "use strict";
  var STATUS_URL = "/akun/status/";
  var HISTORY_URL = "/akun/riwayat/";
  var READ_AFTER_SECONDS = 5;

  var account = document.querySelector("[data-reader-account]");
  if (!account || !window.fetch || !window.URLSearchParams) { return; }
  var actions = document.querySelector("[data-reader-article]");
  var articleId = actions ? actions.getAttribute("data-reader-article") : null;
  var pageId = articleId || account.getAttribute("data-page-id");

  // The login link in the HTML carries the path only (the same for everyone); add the query here.
  var login = account.querySelector(".site-account__login");
  if (login && location.search && login.getAttribute("href").indexOf("?next=") !== -1) {
    login.href = "/akun/login/?next=" + encodeURIComponent(location.pathname + location.search);
  }
  // Known to be nobody: the neutral "Akun" link (all a browser without this script gets) says "Masuk"
  // and goes straight to the login form, coming back here after.
  function offerLogin() {
    var label = account.getAttribute("data-login-label");
    if (!login) { return; }
    login.href = "/akun/login/?next=" + encodeURIComponent(location.pathname + location.search);
    if (label && login.lastChild && login.lastChild.nodeType === Node.TEXT_NODE) { login.lastChild.textContent = label; }
  }

  // Pages under /akun/ show the reader's menu from the server already.
  if (document.body.classList.contains("page-account")) { return; }

  function el(tag, attrs, text) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (name) { node.setAttribute(name, attrs[name]); });
    if (text) { node.textContent = text; }
    return node;
  }

  function post(url, data, token) {
    return fetch(url, {
      method: "POST",
      credentials: "same-origin",
      headers: { "Accept": "application/json", "X-CSRFToken": token },
      body: new URLSearchParams(data)
    }).then(function (response) {
      if (!response.ok) { throw new Error("HTTP " + response.status); }
      return response.json();
    });
  }

  function avatar(status) {
    var span = el("span", { "class": "avatar avatar--" + status.avatar_colour, "aria-hidden": "true" });
    if (status.avatar_url) {
      span.appendChild(el("img", { src: status.avatar_url, alt: "", width: "32", height: "32" }));
    } else {
      span.textContent = status.initials;
    }
    return span;
  }

  function menu(status) {
    var labels = status.labels, links = status.links;
    var details = el("details", { "class": "reader-menu" });
    // Named by its text, not aria-label: on a phone only the initials show, and a label that does not
    // hold the visible text fails WCAG's label in name.
    var summary = el("summary", { "class": "reader-menu__toggle" });
    summary.appendChild(avatar(status));
    summary.appendChild(el("span", { "class": "reader-menu__name", "aria-hidden": "true" }, status.name));
    summary.appendChild(el("span", { "class": "visually-hidden" }, labels.menu));
    details.appendChild(summary);
    var list = el("ul", { "class": "reader-menu__list" });
    ["for_you", "saved", "history", "account"].forEach(function (key) {
      var item = el("li");
      item.appendChild(el("a", { href: links[key] }, labels[key]));
      list.appendChild(item);
    });
    if (status.edit_url) {
      var edit = el("li");
      edit.appendChild(el("a", { href: status.edit_url, "class": "reader-menu__edit" }, labels.edit));
      list.appendChild(edit);
    }
    var logout = el("li");
    var form = el("form", { method: "post", action: links.logout });
    form.appendChild(el("input", { type: "hidden", name: "csrfmiddlewaretoken", value: status.csrf_token }));
    form.appendChild(el("button", { type: "submit", "class": "reader-menu__logout" }, labels.logout));
    logout.appendChild(form);
    list.appendChild(logout);
    details.appendChild(list);
    document.addEventListener("click", function (event) {
      if (details.open && !details.contains(event.target)) { details.open = false; }
    });
    document.addEventListener("keydown", function (event) {
      if (event.key === "Escape" && details.open) { details.open = false; summary.focus(); }
    });
    return details;
  }

  // A link to an /akun/ form becomes a real toggle button; on any failure the link's page takes over.
  function toggle(link, pressed, actionsFor, token) {
    var button = el("button", { type: "button", "class": link.className + " reader-action--toggle" });
    Array.prototype.forEach.call(link.attributes, function (attribute) {
      if (attribute.name.indexOf("data-") === 0) { button.setAttribute(attribute.name, attribute.value); }
    });
    var href = link.getAttribute("href");
    var url = href.split("?")[0];
    function show(on) {
      pressed = on;
      button.setAttribute("aria-pressed", on ? "true" : "false");
      button.textContent = link.getAttribute(on ? "data-label-on" : "data-label-off");
    }
    show(pressed);
    button.addEventListener("click", function () {
      button.disabled = true;
      post(url, { action: actionsFor[pressed ? 1 : 0] }, token)
        .then(function (answer) { show(answer.saved !== undefined ? answer.saved : answer.following); })
        .catch(function () { location.href = href; })
        .then(function () { button.disabled = false; });
    });
    link.parentNode.replaceChild(button, link);
  }

  function articleControls(status) {
    if (!actions || status.saved === null) { return; }
    var save = actions.querySelector("[data-reader-save]");
    if (save) { toggle(save, status.saved, ["save", "remove"], status.csrf_token); }
    var following = {};
    status.following.forEach(function (target) { following[target.kind + ":" + target.id] = target.following; });
    actions.querySelectorAll("[data-reader-follow]").forEach(function (link) {
      var key = link.getAttribute("data-reader-follow");
      if (key in following) { toggle(link, following[key], ["follow", "unfollow"], status.csrf_token); }
    });
  }

  // "Riwayat baca": the article counts as read once it has been on screen for a few seconds.
  function recordReading(status) {
    if (!articleId || status.saved === null) { return; }
    var seen = 0;
    var timer = setInterval(function () {
      if (document.visibilityState !== "visible") { return; }
      seen += 1;
      if (seen >= READ_AFTER_SECONDS) {
        clearInterval(timer);
        post(HISTORY_URL, { article: articleId }, status.csrf_token).catch(function () {});
      }
    }, 1000);
  }

  // Set at login, removed at logout (kabar.readers.middleware): without it nobody is signed in, and
  // the anonymous majority's page views cost Django nothing.
  var signedIn = /(?:^|;\s*)kabar_reader=1(?:;|$)/.test(document.cookie);
  var query = pageId ? "?article=" + encodeURIComponent(pageId) : "";
  window.kabarReaderStatus = !signedIn ? Promise.resolve({ authenticated: false }) : fetch(STATUS_URL + query, {
    credentials: "same-origin",
    headers: { "Accept": "application/json" }
  }).then(function (response) {
    if (!response.ok) { throw new Error("HTTP " + response.status); }
    return response.json();
  }).catch(function () {
    return { authenticated: false, unreachable: true };
  });

  window.kabarReaderStatus.then(function (status) {
    // "Masuk untuk memaksimalkan pengalaman" is in every reader's cached copy, hidden: shown only here.
    if (!status.authenticated && !status.unreachable) {
      document.querySelectorAll("[data-reader-invite]").forEach(function (invite) { invite.hidden = false; });
      offerLogin();
    }
    if (status.authenticated) {
      account.replaceChildren(menu(status));
      articleControls(status);
      recordReading(status);
    } else if (signedIn && !status.unreachable) {
      // The session ended on the server (expired, logged out elsewhere): stop asking.
      document.cookie = "kabar_reader=; Max-Age=0; path=/; SameSite=Lax";
    }
    document.dispatchEvent(new CustomEvent("kabar:reader", { detail: status }));
  });
})();
