// Kabar: small enhancements only. Every link and form works without this file.
(function () {
  "use strict";
  document.addEventListener("click", function (event) {
    var copy = event.target.closest("[data-copy-link]");
    if (copy && navigator.clipboard) {
      event.preventDefault();
      navigator.clipboard.writeText(copy.href).then(function () {
        var original = copy.textContent;
        copy.textContent = copy.getAttribute("data-copied-text");
        setTimeout(function () { copy.textContent = original; }, 2000);
      });
      return;
    }
    var share = event.target.closest("[data-web-share]");
    if (share && navigator.share) {
      navigator.share({ title: share.getAttribute("data-title"), url: share.getAttribute("data-url") }).catch(function () {});
    }
  });
  if (navigator.share) {
    document.querySelectorAll(".share__native").forEach(function (item) { item.hidden = false; });
  }
})();
