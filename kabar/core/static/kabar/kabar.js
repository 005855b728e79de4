// Kabar: small enhancements only. Every link and form works without this file.
(function () {
  "use strict";
  document.addEventListener("click", function (event) {
    var copy = event.target.closest("[data-copy-link]");
    if (copy && navigator.clipboard) {
      event.preventDefault();
      navigator.clipboard.writeText(copy.href).then(function () {
        // An icon link keeps its icon: only its label changes, and .is-copied shows the words beside it.
        var label = copy.querySelector("[data-copy-label]") || copy;
        var original = label.textContent;
        label.textContent = copy.getAttribute("data-copied-text");
        copy.classList.add("is-copied");
        setTimeout(function () { label.textContent = original; copy.classList.remove("is-copied"); }, 2000);
      });
      return;
    }
    var share = event.target.closest("[data-web-share]");
    if (share && navigator.share) {
      navigator.share({ title: share.getAttribute("data-title"), url: share.getAttribute("data-url") }).catch(function () {});
    }
  });
  // The header's menu and search are <details> (they open without JS): one open at a time, the search box
  // focused when it opens, Escape closes and gives the focus back to its button.
  var panels = Array.prototype.slice.call(document.querySelectorAll("[data-header-panel]"));
  panels.forEach(function (panel) {
    panel.addEventListener("toggle", function () {
      if (!panel.open) { return; }
      panels.forEach(function (other) { if (other !== panel) { other.open = false; } });
      var input = panel.querySelector("input[type=search]");
      if (input) { input.focus(); }
    });
  });
  document.addEventListener("keydown", function (event) {
    if (event.key !== "Escape") { return; }
    panels.forEach(function (panel) {
      if (panel.open) { panel.open = false; panel.querySelector("summary").focus(); }
    });
  });
  if (navigator.share) {
    document.querySelectorAll(".share__native").forEach(function (item) { item.hidden = false; });
  }
})();
