// Kabar+: a second press of "Bayar" while the first is on its way does nothing. The server makes one
// order per checkout page anyway; this only spares the reader a confusing second wait.
(function () {
  "use strict";
  document.querySelectorAll("form[data-submit-once]").forEach(function (form) {
    form.addEventListener("submit", function (event) {
      if (form.getAttribute("data-submitted")) {
        event.preventDefault();
        return;
      }
      form.setAttribute("data-submitted", "1");
      var button = form.querySelector("button[type=submit]");
      if (button) {
        button.setAttribute("aria-disabled", "true");
        if (button.getAttribute("data-busy-text")) { button.textContent = button.getAttribute("data-busy-text"); }
      }
    });
  });
})();
