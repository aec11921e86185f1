// htmx swaps in nothing when a request fails (a mention deleted meanwhile, a dropped connection,
// a server error): the button stayed as it was, and nothing said that the click did not work.
// The page's message area says so instead, announced to screen readers (role="alert").
{
  const tell = () => {
    const text = document.body.dataset.requestFailed;
    const main = document.getElementById("main");
    if (!text || !main) return;
    let area = document.getElementById("request-failed");
    if (!area) {
      area = document.createElement("div");
      area.id = "request-failed";
      area.className = "messages";
      area.setAttribute("role", "alert");
      main.prepend(area);
    }
    area.replaceChildren(Object.assign(document.createElement("p"), { className: "message message--error", textContent: text }));
  };
  document.addEventListener("htmx:responseError", tell);
  document.addEventListener("htmx:sendError", tell);
}
