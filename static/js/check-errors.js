// The post checker sends its results, and an error, into #check-results only: the text area is
// told too, as on a page sent back without JavaScript (aria-invalid, described by the error),
// and after a click on "Check" it gets the focus back. A check while typing does not wipe an
// error the click has just shown (a draft emptied a moment before asked for one).
{
  const results = () => document.getElementById("check-results");
  const field = () => document.querySelector(".check-form textarea");

  document.addEventListener("htmx:beforeRequest", (event) => {
    const text = field();
    if (event.detail.elt !== text || text.value.trim()) return;
    if (results()?.querySelector(".check-result--error")) event.preventDefault();
  });

  document.addEventListener("htmx:afterSwap", (event) => {
    const text = field();
    if (!text || event.detail.target !== results()) return;
    const error = results().querySelector(".check-result--error");
    const described = (text.getAttribute("aria-describedby") || "").split(" ").filter((id) => id && id !== "check-error");
    if (error) {
      error.id = "check-error";
      described.push("check-error");
      text.setAttribute("aria-invalid", "true");
      if (event.detail.requestConfig?.elt?.tagName === "FORM") text.focus();
    } else {
      text.removeAttribute("aria-invalid");
    }
    text.setAttribute("aria-describedby", described.join(" "));
  });
}
