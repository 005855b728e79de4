// Kabar comments: loads the comments into the article page and sends their forms without a reload.
// Without this file every link and form works as a page of its own (/komentar/<id>/); the server
// answers the same URLs with just the changed piece when asked with the X-Kabar-Fragment header.
(function () {
  "use strict";
  var HEADER = { "X-Kabar-Fragment": "1" };

  function parse(html) {
    var template = document.createElement("template");
    template.innerHTML = html;
    return template.content;
  }

  function fetchPiece(url, options) {
    options = options || {};
    options.credentials = "same-origin";
    options.headers = HEADER;
    return fetch(url, options).then(function (response) {
      return response.text().then(function (html) {
        return { ok: response.ok, status: response.status, html: html };
      });
    });
  }

  function root(section) {
    return section.querySelector("[data-comments-root]");
  }

  function say(section, text, near) {
    if (!text) { return; }
    var status = section.querySelector("[data-comments-status]");
    if (near) {
      var notice = document.createElement("p");
      notice.className = "comments__notice";
      notice.setAttribute("role", "alert");
      notice.textContent = text;
      near.insertAdjacentElement("afterend", notice);
      return;
    }
    if (status) {
      status.textContent = text;
      status.classList.add("comments__status--shown");
    }
  }

  function failed(section, near) {
    var inner = root(section);
    say(section, inner ? inner.getAttribute("data-error-text") : "", near);
  }

  function focus(element) {
    if (element && element.focus) { element.focus(); }
  }

  function composeHome(section) {
    return section.querySelector("#tulis");
  }

  function resetForm(section, form) {
    var parent = form.querySelector("[data-comments-parent]");
    var replying = form.querySelector("[data-comments-replying]");
    if (parent) { parent.value = ""; }
    if (replying) { replying.hidden = true; }
    var home = composeHome(section);
    if (home && form.parentNode !== home) { home.insertBefore(form, home.firstChild); }
  }

  function startReply(section, link) {
    var form = section.querySelector('form[data-comments-form="post"]');
    if (!form) { return false; }
    var comment = link.closest("article");
    form.querySelector("[data-comments-parent]").value = link.getAttribute("data-comments-reply");
    form.querySelector("[data-comments-replying-name]").textContent = link.getAttribute("data-author");
    form.querySelector("[data-comments-replying]").hidden = false;
    comment.insertAdjacentElement("afterend", form);
    focus(form.querySelector("textarea"));
    return true;
  }

  function openPanel(section, link) {
    var comment = link.closest("article");
    fetchPiece(link.href).then(function (answer) {
      var result = parse(answer.html).querySelector("[data-comments-result]");
      var old = comment.parentNode.querySelector(":scope > [data-comments-panel]");
      if (old) { old.remove(); }
      if (!result) { window.location.href = link.href; return; }
      var panel = result.querySelector("[data-comments-panel]");
      if (!panel) { say(section, result.getAttribute("data-message"), comment); return; }
      comment.insertAdjacentElement("afterend", panel);
      focus(panel.querySelector("textarea, input, button"));
    }).catch(function () { failed(section, comment); });
  }

  function insertComment(section, result) {
    var parentId = result.getAttribute("data-parent");
    var item = result.querySelector("li");
    if (!item) { return null; }
    if (parentId) {
      var replies = section.querySelector("#balasan-" + parentId);
      if (replies) { replies.appendChild(item); }
    } else {
      var list = section.querySelector("[data-comments-list]");
      var inner = root(section);
      if (inner && inner.getAttribute("data-sort") === "oldest") { list.appendChild(item); } else { list.insertBefore(item, list.firstChild); }
      var empty = section.querySelector(".comments__empty");
      if (empty) { empty.remove(); }
    }
    return item.querySelector("article");
  }

  function showCount(section, count) {
    var heading = section.querySelector(".comments__heading");
    if (!heading || count === "" || count === null) { return; }
    var shown = heading.querySelector(".comments__count");
    if (count === "0") { if (shown) { shown.remove(); } return; }
    if (!shown) {
      shown = document.createElement("span");
      shown.className = "comments__count";
      heading.appendChild(document.createTextNode(" "));
      heading.appendChild(shown);
    }
    shown.textContent = "(" + count + ")";
  }

  function handleResult(section, form, answer) {
    var result = parse(answer.html).querySelector("[data-comments-result]");
    if (!result) { return false; }
    showCount(section, result.getAttribute("data-count"));
    var kind = result.getAttribute("data-comments-result");
    var message = result.getAttribute("data-message");
    var target = result.getAttribute("data-target");
    var panel = form.closest("[data-comments-panel]");
    if (kind === "insert") {
      var added = insertComment(section, result);
      form.querySelector("textarea").value = "";
      resetForm(section, form);
      say(section, message);
      focus(added);
    } else if (kind === "form" || kind === "panel") {
      // The same form again, with the refusal and the reader's text in it.
      var newPanel = result.querySelector("[data-comments-panel]");
      if (panel && newPanel) {
        panel.replaceWith(newPanel);
      } else {
        var pieces = document.createDocumentFragment();
        while (result.firstChild) { pieces.appendChild(result.firstChild); }
        form.replaceWith(pieces);
      }
      focus(section.querySelector("[data-comments-focus]"));
    } else if (kind === "replace" || kind === "remove") {
      var old = target && document.getElementById(target);
      if (panel) { panel.remove(); }
      if (old && kind === "replace") {
        var replacement = result.querySelector("article");
        old.replaceWith(replacement);
        focus(replacement);
      } else if (old) {
        old.closest("li").remove();
      }
      say(section, message);
    } else {
      say(section, message, panel || form);
    }
    return true;
  }

  function submit(section, form) {
    var button = form.querySelector("button[type=submit]");
    if (button) { button.disabled = true; }
    fetchPiece(form.action, { method: "POST", body: new FormData(form) }).then(function (answer) {
      if (button) { button.disabled = false; }
      if (!handleResult(section, form, answer)) {
        // Not an answer for the script (a log-in page, a refused CSRF token): let the browser show it.
        HTMLFormElement.prototype.submit.call(form);
      }
    }).catch(function () {
      if (button) { button.disabled = false; }
      failed(section, form);
    });
  }

  function swap(section, url) {
    section.setAttribute("aria-busy", "true");
    return fetchPiece(url).then(function (answer) {
      section.removeAttribute("aria-busy");
      if (answer.ok && parse(answer.html).querySelector("[data-comments-root]")) {
        section.innerHTML = answer.html;
        return true;
      }
      return false;
    }).catch(function () {
      section.removeAttribute("aria-busy");
      return false;
    });
  }

  function loadMore(section, link) {
    fetchPiece(link.getAttribute("data-comments-more")).then(function (answer) {
      var piece = parse(answer.html);
      var list = section.querySelector("[data-comments-list]");
      var items = piece.querySelectorAll("[data-comments-list] > li");
      var first = items[0];
      items.forEach(function (item) { list.appendChild(item); });
      var pages = link.closest("nav");
      var next = piece.querySelector(".comments__pages");
      if (next) { pages.replaceWith(next); } else { pages.remove(); }
      if (first) { focus(first.querySelector("article")); }
    }).catch(function () { failed(section, link); });
  }

  function enhance(section) {
    section.addEventListener("click", function (event) {
      var link = event.target.closest("a");
      if (!link || !section.contains(link)) { return; }
      if (link.hasAttribute("data-comments-reply")) {
        if (startReply(section, link)) { event.preventDefault(); }
      } else if (link.hasAttribute("data-comments-cancel-reply")) {
        event.preventDefault();
        resetForm(section, link.closest("form"));
      } else if (link.hasAttribute("data-comments-cancel")) {
        event.preventDefault();
        link.closest("[data-comments-panel]").remove();
      } else if (link.hasAttribute("data-comments-inline")) {
        event.preventDefault();
        openPanel(section, link);
      } else if (link.hasAttribute("data-comments-more")) {
        event.preventDefault();
        loadMore(section, link);
      } else if (link.hasAttribute("data-comments-swap")) {
        event.preventDefault();
        swap(section, link.getAttribute("data-comments-swap")).then(function (done) {
          if (!done) { window.location.href = link.href; }
        });
      }
    });
    section.addEventListener("submit", function (event) {
      var form = event.target;
      if (!form.hasAttribute("data-comments-form")) { return; }
      event.preventDefault();
      submit(section, form);
    });
  }

  function load(section) {
    swap(section, section.getAttribute("data-comments-src")).then(function (done) {
      if (done) {
        enhance(section);
        var wanted = window.location.hash && document.getElementById(window.location.hash.slice(1));
        if (wanted && wanted !== section) { wanted.scrollIntoView(); }
      }
    });
  }

  var section = document.querySelector("section[data-comments-src]");
  if (!section || !window.fetch || !("content" in document.createElement("template"))) { return; }
  // Asked for only when the reader comes near the comments: most article views never get there.
  if (!window.IntersectionObserver || /^#komentar/.test(window.location.hash)) {
    load(section);
    return;
  }
  var observer = new IntersectionObserver(function (entries) {
    if (entries.some(function (entry) { return entry.isIntersecting; })) {
      observer.disconnect();
      load(section);
    }
  }, { rootMargin: "600px 0px" });
  observer.observe(section);
})();
