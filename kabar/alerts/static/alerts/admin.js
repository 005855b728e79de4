// The alert page's "Copy text" button: the textarea stays selectable by hand without it.
(function () {
  "use strict";
  var button = document.querySelector("[data-alerts-copy]");
  var source = document.querySelector("[data-alerts-copy-source]");
  if (!button || !source || !navigator.clipboard) { return; }
  button.hidden = false;
  button.addEventListener("click", function () {
    navigator.clipboard.writeText(source.value).then(function () {
      var label = button.textContent;
      button.textContent = button.getAttribute("data-copied");
      setTimeout(function () { button.textContent = label; }, 2000);
    });
  });
})();
