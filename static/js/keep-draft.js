// What someone typed or chose in a form marked data-keep-draft survives reloading the page in
// this tab: switching the language, signing in again after the session ran out (a send that
// met the sign-in page included), an accidental reload. Kept in sessionStorage only (this tab,
// gone when it closes), for the signed-in person only. Text fields, choices and drop-downs;
// never passwords or hidden fields.
//
// The admin's change forms (a guideline section, a taboo topic) are kept too, but given back
// only after a send that did not arrive (the session ran out: the sign-in page came instead):
// never what was typed and left unsaved, which may be older than what a colleague saved since.
{
  const PREFIX = "draft:";
  // The admin's pages say it in meta elements: their body has no room for attributes.
  const meta = (name) => document.querySelector(`meta[name="${name}"]`)?.content;
  const owner = document.body.dataset.draftOwner || meta("draft-owner");
  const mine = owner ? `${PREFIX}${owner}:` : null;

  const read = (key) => {
    try {
      return JSON.parse(sessionStorage.getItem(key) || "null");
    } catch {
      return null;
    }
  };
  const drop = (test) => {
    for (const key of Object.keys(sessionStorage)) {
      if (key.startsWith(PREFIX) && test(key)) sessionStorage.removeItem(key);
    }
  };

  // Signing out drops every draft; whoever signs in next drops any left by somebody else
  // (an expired session, the admin's sign-out).
  document.querySelectorAll("form[data-clears-drafts]").forEach((form) => {
    form.addEventListener("submit", () => drop(() => true));
  });
  if (mine) drop((key) => !key.startsWith(mine));

  const adminForm = document.querySelector("body.change-form #content-main form[method=post]");
  if (adminForm && !adminForm.dataset.keepDraft) {
    adminForm.dataset.keepDraft = "admin";
    adminForm.dataset.keepDraftSentOnly = "";
  }
  const forms = [...document.querySelectorAll("form[data-keep-draft]")];
  const keyOf = (form) => `${mine}${location.pathname}${location.search}:${form.dataset.keepDraft}`;

  // A draft marked as sent is dropped once a signed-in page at another address comes: the
  // server took it (a form error, a refusal and the language switch come back to the same
  // address, and the sign-in page has no owner).
  const address = `${mine}${location.pathname}${location.search}:`;
  if (mine) drop((key) => key.startsWith(mine) && !key.startsWith(address) && read(key)?.__sent);
  // A send taken that comes back to the same address (a follow-up question, to its question)
  // says so: data-drafts-sent names the forms (portal/lib/drafts.py). Their text, sent, must not
  // fill the form again when it is next shown here.
  const sent = (document.body.dataset.draftsSent || meta("drafts-sent") || "").split(" ").filter(Boolean);
  if (mine && sent.length) {
    drop(
      (key) =>
        key.startsWith(mine) && sent.some((name) => key.endsWith(`:${name}`)) && read(key)?.__sent,
    );
  }

  for (const form of mine ? forms : []) {
    const key = keyOf(form);
    const fields = () =>
      [...form.elements].filter(
        (el) =>
          el.name &&
          !el.name.includes("__prefix__") && // the admin's template of an inline row
          (el.tagName === "TEXTAREA" ||
            // Not a list of several choices (the admin's topics): its value is only the first.
            (el.tagName === "SELECT" && !el.multiple) ||
            (el.tagName === "INPUT" &&
              ["text", "search", "email", "date", "number", "radio", "checkbox"].includes(el.type)) ||
            // A hidden field that says what the text was written against (an answer's version):
            // restored with it, so the server can tell that the page changed meanwhile.
            (el.type === "hidden" && "keepDraftField" in el.dataset)),
      );
    const choice = (el) => el.type === "radio" || el.type === "checkbox";

    const sentOnly = "keepDraftSentOnly" in form.dataset;
    const saved = sentOnly && !read(key)?.__sent ? null : read(key);
    // A page that refused the send says what changed meanwhile and carries the version it was
    // shown with: the draft's older version must not go back over it (every send would be refused).
    const refused = form.querySelector(".errorlist") !== null;
    if (saved) {
      for (const el of fields()) {
        if (refused && el.type === "hidden") continue;
        const value = saved[el.name];
        if (choice(el)) {
          if (Array.isArray(value)) el.checked = value.includes(el.value);
        } else if (typeof value === "string" && (value || el.type === "hidden") && el.value !== value) {
          // A choice no longer offered (or one a search added) is left as the page has it: a
          // drop-down given a value it lacks would be sent empty.
          if (el.tagName === "SELECT" && ![...el.options].some((option) => option.value === value)) continue;
          el.value = value;
        }
      }
    }

    const save = (sent) => {
      const draft = {};
      let empty = true;
      for (const el of fields()) {
        if (choice(el)) {
          draft[el.name] = draft[el.name] || [];
          if (el.checked) draft[el.name].push(el.value);
        } else {
          draft[el.name] = el.value;
          if (el.value && el.tagName !== "SELECT" && el.type !== "hidden") empty = false;
        }
      }
      if (empty && !Object.values(draft).some((value) => Array.isArray(value) && value.length)) {
        sessionStorage.removeItem(key);
      } else {
        sessionStorage.setItem(key, JSON.stringify(sent ? { ...draft, __sent: true } : draft));
      }
    };
    form.addEventListener("input", () => save(false));
    form.addEventListener("change", () => save(false));
    // Kept until a page shows that the server took it (above): a send that meets the sign-in
    // page, because the session ran out, loses nothing.
    form.addEventListener("submit", () => save(true));
  }
}
