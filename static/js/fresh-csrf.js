// A form is sent with the browser's CSRF token as it is now, not as it was when the page came.
// Signing in again (in another tab, or after the session ran out) gives the browser a new token,
// and every page opened before was refused on sending ("Please try again"): a long answer, a
// guideline section or a note typed there had to be copied out by hand, or was lost. Django
// takes the cookie's value as the token (its documented way for scripts; the cookie is neither
// HttpOnly nor kept in the session, tests/portal/test_csrf.py), so just before a form is sent
// its token is set to the cookie's, and htmx's requests get it too.
{
  const current = () => {
    const cookie = document.cookie.split("; ").find((part) => part.startsWith("csrftoken="));
    return cookie ? decodeURIComponent(cookie.slice("csrftoken=".length)) : "";
  };

  // Capturing: before any other handler, whatever it does with the form.
  document.addEventListener(
    "submit",
    (event) => {
      const form = event.target;
      if (!(form instanceof HTMLFormElement)) return;
      const token = current();
      const field = form.elements.namedItem("csrfmiddlewaretoken");
      if (token && field instanceof HTMLInputElement) field.value = token;
    },
    true,
  );

  document.addEventListener("htmx:configRequest", (event) => {
    const token = current();
    if (token && "X-CSRFToken" in event.detail.headers) event.detail.headers["X-CSRFToken"] = token;
  });
}
