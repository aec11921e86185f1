// What someone typed into a form marked data-keep-draft survives reloading the page in this
// tab: switching the language, signing in again after the session ran out, an accidental
// reload. Kept in sessionStorage only (this tab, gone when it closes) and dropped when the
// form is sent. Only text fields; never passwords or hidden fields.
document.querySelectorAll("form[data-keep-draft]").forEach((form) => {
  const key = `draft:${location.pathname}:${form.dataset.keepDraft}`;
  const fields = () =>
    [...form.elements].filter(
      (el) => el.name && (el.tagName === "TEXTAREA" || (el.tagName === "INPUT" && el.type === "text")),
    );
  let saved = {};
  try {
    saved = JSON.parse(sessionStorage.getItem(key) || "{}");
  } catch {
    sessionStorage.removeItem(key);
  }
  for (const el of fields()) {
    // What the server sent back (a form with errors) wins over the stored draft.
    if (!el.value && typeof saved[el.name] === "string") el.value = saved[el.name];
  }
  form.addEventListener("input", () => {
    const draft = Object.fromEntries(fields().map((el) => [el.name, el.value]));
    if (Object.values(draft).some(Boolean)) sessionStorage.setItem(key, JSON.stringify(draft));
    else sessionStorage.removeItem(key);
  });
  form.addEventListener("submit", () => sessionStorage.removeItem(key));
});
