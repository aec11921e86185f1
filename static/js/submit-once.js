// A form sent with POST is sent once: a second click (or Enter) while the answer is still on
// its way would ask a question twice, create a campaign twice, e-mail an advisor twice. The
// server refuses most repeats too; this keeps the simultaneous ones from ever leaving the page.
// htmx forms are left to htmx (they stay on the page and are sent again on purpose), and so
// are forms whose answer may be a download, which leaves the page as it is (the admin's list
// actions, such as "Export as OPML"; data-resubmit marks others).
{
  const WAIT_MS = 15000; // no answer by then: let the person try again

  document.addEventListener("submit", (event) => {
    const form = event.target;
    if (event.defaultPrevented || !(form instanceof HTMLFormElement)) return;
    if ((form.getAttribute("method") || "get").toLowerCase() !== "post") return;
    if ([...form.attributes].some((attribute) => /^(data-)?hx-/.test(attribute.name))) return;
    if (form.id === "changelist-form" || "resubmit" in form.dataset) return;
    if (form.dataset.sending) {
      event.preventDefault();
      return;
    }
    form.dataset.sending = "1";
    form.setAttribute("aria-busy", "true");
    setTimeout(() => {
      delete form.dataset.sending;
      form.removeAttribute("aria-busy");
    }, WAIT_MS);
  });

  // Back to a page the browser kept (bfcache): its forms work again.
  window.addEventListener("pageshow", (event) => {
    if (!event.persisted) return;
    document.querySelectorAll("form[data-sending]").forEach((form) => {
      delete form.dataset.sending;
      form.removeAttribute("aria-busy");
    });
  });
}
