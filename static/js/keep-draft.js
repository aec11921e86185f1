// What someone typed or chose in a form marked data-keep-draft survives reloading the page in
// this tab: switching the language, signing in again after the session ran out, an accidental
// reload. Kept in sessionStorage only (this tab, gone when it closes) and dropped when the
// form is sent. Text fields, radio buttons and checkboxes; never passwords or hidden fields.
// Drafts belong to the signed-in person (on a shared computer the next one never sees them)
// and are all dropped when signing out.
{
  const owner = document.body.dataset.draftOwner;

  document.querySelectorAll("form[data-clears-drafts]").forEach((form) => {
    form.addEventListener("submit", () => {
      for (const key of Object.keys(sessionStorage)) {
        if (key.startsWith("draft:")) sessionStorage.removeItem(key);
      }
    });
  });

  document.querySelectorAll("form[data-keep-draft]").forEach((form) => {
    if (!owner) return;
    const key = `draft:${owner}:${location.pathname}:${form.dataset.keepDraft}`;
    const kept = () =>
      [...form.elements].filter(
        (el) =>
          el.name &&
          (el.tagName === "TEXTAREA" || (el.tagName === "INPUT" && ["text", "radio", "checkbox"].includes(el.type))),
      );
    const choice = (el) => el.type === "radio" || el.type === "checkbox";
    let saved = {};
    try {
      saved = JSON.parse(sessionStorage.getItem(key) || "{}");
    } catch {
      sessionStorage.removeItem(key);
    }
    // What the server sent back (a form with errors) wins over the stored draft.
    const untouched = !kept().some((el) => (choice(el) ? el.checked : el.value));
    for (const el of kept()) {
      const value = saved[el.name];
      if (choice(el)) {
        if (untouched && Array.isArray(value)) el.checked = value.includes(el.value);
      } else if (!el.value && typeof value === "string") {
        el.value = value;
      }
    }
    form.addEventListener("input", () => {
      const draft = {};
      for (const el of kept()) {
        if (choice(el)) {
          draft[el.name] = draft[el.name] || [];
          if (el.checked) draft[el.name].push(el.value);
        } else {
          draft[el.name] = el.value;
        }
      }
      const empty = Object.values(draft).every((value) => (Array.isArray(value) ? !value.length : !value));
      if (empty) sessionStorage.removeItem(key);
      else sessionStorage.setItem(key, JSON.stringify(draft));
    });
    form.addEventListener("submit", () => sessionStorage.removeItem(key));
  });
}
