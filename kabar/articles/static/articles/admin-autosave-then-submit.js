// The page editor's "Publish", "Save draft" or "Submit" waits for an autosave already on its way.
//
// Wagtail 7.4 autosaves the form a moment after one types. On a new page the first autosave creates
// the page, and only its answer points the form at the page's edit view. A click sent while that
// answer is still coming posts the form to the create view a second time: a second page, refused as
// a clash of slugs on the hidden "Promote" tab. So a submit waits for the autosave to answer, then
// goes on, to where the form now points, with the button that was clicked.
(() => {
  const form = document.querySelector("form[data-edit-form]");
  if (!form) return;
  let pending = null;
  let settle = null;

  const answered = () => {
    if (settle) settle();
    pending = null;
    settle = null;
  };
  form.addEventListener("w-autosave:save", (event) => {
    if (!pending) pending = new Promise((resolve) => { settle = resolve; });
    // A save another listener cancels is never sent, and so never answered.
    queueMicrotask(() => { if (event.defaultPrevented) answered(); });
  });
  form.addEventListener("w-autosave:success", answered);
  form.addEventListener("w-autosave:error", answered);

  form.addEventListener("submit", (event) => {
    if (!pending || event.defaultPrevented) return;
    event.preventDefault();
    const button = event.submitter;
    pending.then(() => {
      // The button may be disabled by its progress spinner by now, and a disabled button is not
      // sent: its name (action-publish...) goes in a hidden field instead.
      if (button && button.name) {
        const field = document.createElement("input");
        field.type = "hidden";
        field.name = button.name;
        field.value = button.value;
        form.append(field);
      }
      form.submit();
    });
  });
})();
